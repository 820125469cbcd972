"""Content negotiation: the ``Accept`` header (RFC 9110 §12.5.1, q-values and wildcards) or an
explicit ``format=`` parameter, onto pyoxigraph's own formats (``from_media_type``).

https://www.rfc-editor.org/rfc/rfc9110#name-accept
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response

from kg.errors import NotAcceptable, UsageError
from kg.store import QueryResultsFormat, RdfFormat

HTML = "text/html"

# What the server offers, its preference first (the first is the default without Accept).
RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat.TURTLE,
    RdfFormat.N_TRIPLES,
    RdfFormat.N_QUADS,
    RdfFormat.TRIG,
    RdfFormat.RDF_XML,
    RdfFormat.JSON_LD,
)
RESULT_FORMATS: tuple[QueryResultsFormat, ...] = (
    QueryResultsFormat.JSON,
    QueryResultsFormat.XML,
    QueryResultsFormat.CSV,
    QueryResultsFormat.TSV,
)
# Extra media types clients send for the same formats.
RDF_ALIASES = {
    "application/json": RdfFormat.JSON_LD,
    "application/xml": RdfFormat.RDF_XML,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/x-turtle": RdfFormat.TURTLE,
}
RESULT_ALIASES = {
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
}
# Short names accepted by ``format=`` besides file extensions and media types.
RDF_NAMES = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "n-triples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "n-quads": RdfFormat.N_QUADS,
    "rdfxml": RdfFormat.RDF_XML,
    "xml": RdfFormat.RDF_XML,
    "json-ld": RdfFormat.JSON_LD,
    "json": RdfFormat.JSON_LD,
}
RESULT_NAMES = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 ``type/*``, 1 ``*/*``), 0 if none."""
        kind, _, sub = media_type.partition("/")
        if self.type == kind and self.subtype == sub:
            return 3
        if self.type == kind and self.subtype == "*":
            return 2
        if self.type == "*" and self.subtype == "*":
            return 1
        return 0


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header; malformed elements are skipped, bad q-values count as 1."""
    ranges: list[MediaRange] = []
    for element in header.split(","):
        parts = [p.strip() for p in element.split(";")]
        kind, _, sub = parts[0].lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: list[MediaRange], media_type: str) -> float:
    """The q-value the most specific matching range gives ``media_type`` (0 if none)."""
    best, best_q = 0, 0.0
    for r in ranges:
        specificity = r.matches(media_type)
        if specificity > best:
            best, best_q = specificity, r.q
    return best_q


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (server order breaks ties), or None."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = [(quality(ranges, m), -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored)
    return media if q > 0 else None


def _base(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def wants_html(accept: str | None, fmt: str | None = None) -> bool:
    """Whether a resource should be answered as an HTML page rather than RDF: ``format=html``,
    or an Accept header that names ``text/html`` and ranks it at least as high as every RDF
    format (a browser)."""
    if fmt:
        return fmt.lower() in ("html", HTML)
    offered = [f.media_type for f in RDF_FORMATS] + list(RDF_ALIASES)
    offered.insert(0 if accept and _prefers_html(accept) else len(offered), HTML)
    return choose(accept, offered) == HTML


def rdf_format(accept: str | None, fmt: str | None = None) -> RdfFormat:
    """The RDF format to answer with.

    ``fmt`` (a ``format=`` value or file suffix) wins over Accept. Raises UsageError for an
    unknown ``fmt`` and NotAcceptable when nothing acceptable can be produced.

    >>> rdf_format("application/ld+json;q=0.9, text/turtle") == RdfFormat.TURTLE
    True
    """
    if fmt:
        found = parse_rdf_format_name(fmt)
        if found is None:
            raise UsageError(f"format={fmt!r} is not an RDF format we produce ({rdf_names()})")
        return found
    offered = [f.media_type for f in RDF_FORMATS] + list(RDF_ALIASES)
    chosen = choose(accept, offered)
    if chosen is None:
        raise NotAcceptable(f"cannot produce any of: {accept}; we offer {', '.join(offered)}")
    return RDF_ALIASES.get(chosen) or RdfFormat.from_media_type(chosen) or RDF_FORMATS[0]


def results_format(accept: str | None, fmt: str | None = None) -> QueryResultsFormat:
    """The SPARQL results format to answer with (JSON without Accept)."""
    if fmt:
        found = RESULT_NAMES.get(fmt.lower()) or QueryResultsFormat.from_media_type(_base(fmt))
        if found is None:
            raise UsageError(f"format={fmt!r} is not a results format (json, xml, csv, tsv)")
        return found
    offered = [_base(f.media_type) for f in RESULT_FORMATS] + list(RESULT_ALIASES)
    chosen = choose(accept, offered)
    if chosen is None:
        raise NotAcceptable(f"cannot produce any of: {accept}; we offer {', '.join(offered)}")
    return (
        RESULT_ALIASES.get(chosen)
        or QueryResultsFormat.from_media_type(chosen)
        or RESULT_FORMATS[0]
    )


def parse_rdf_format_name(name: str) -> RdfFormat | None:
    """A format from a short name, file extension or media type (``ttl``, ``jsonld``, …)."""
    lowered = name.lower().lstrip(".")
    return (
        RDF_NAMES.get(lowered)
        or RdfFormat.from_extension(lowered)
        or RdfFormat.from_media_type(_base(lowered))
    )


def rdf_names() -> str:
    return ", ".join(sorted({f.file_extension for f in RDF_FORMATS} | set(RDF_NAMES)))


def _prefers_html(accept: str) -> bool:
    ranges = parse_accept(accept)
    return quality(ranges, HTML) >= max(
        (quality(ranges, f.media_type) for f in RDF_FORMATS), default=0.0
    ) and any(r.matches(HTML) == 3 for r in ranges)


def content_type(media_type: str) -> str:
    """``media_type`` as a Content-Type header value: text types say they are UTF-8."""
    if media_type.startswith("text/") and "charset" not in media_type:
        return f"{media_type}; charset=utf-8"
    return media_type


def negotiated(body: bytes, media_type: str) -> Response:
    """A response holding ``body`` in ``media_type``, varying on ``Accept`` (it was chosen by
    it)."""
    response = Response(body, content_type=content_type(media_type))
    response.vary.add("Accept")
    return response
