"""Answering a SPARQL query: the checks made on its text before it runs, and the read that runs
it and serialises the answer within the caps. https://www.w3.org/TR/sparql11-query/

The checks read the token stream of :mod:`kg.read.tokenizer`: updates are refused (403);
``SERVICE`` may only call endpoints on the allowlist (403); queries nested deeper or chaining more
operators than the engine parses safely are refused (400).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.errors import Forbidden, QueryError
from kg.read.reader import Reader, too_large
from kg.read.tokenizer import Operation, QueryText, read_query, service_calls
from kg.read.worker import too_many_bytes
from kg.store import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

READ_ONLY = (
    "this endpoint is read-only: SPARQL Update is not accepted (the graph is rebuilt from the "
    "corpus with `gsi-kg build`)"
)
# pyoxigraph parses and plans a query recursively: a query nested a few thousand levels deep or
# chaining a few thousand operators (``{a} UNION {b} UNION …``, ``1 + 1 + …``) overflows the
# stack and kills the process (SIGSEGV). These limits are far below that and far above any real
# query.
MAX_QUERY_NESTING = 64
MAX_QUERY_OPERATORS = 500
# Functions whose value differs from one evaluation to the next: answers using them are not cached.
NONDETERMINISTIC = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names (SPARQL 1.1 Protocol ``default-graph-uri`` and
    ``named-graph-uri``). None for both: the default graph is the union of all graphs and every
    named graph is visible. Once either is given it replaces the default (a missing one is empty).
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SparqlRequest:
    """A query to answer: its text, the media type of the answer, the dataset, the IRI that
    relative IRIs in the query resolve against (the endpoint's URL), the query's own ``LIMIT`` if
    it sets one (:meth:`QueryText.limit`) and whether it names its own dataset with ``FROM`` or
    ``FROM NAMED`` (the protocol's dataset, if any, overrides it)."""

    query: str
    media_type: str
    dataset: Dataset = field(default_factory=Dataset)
    base_iri: str | None = None
    limit: int | None = None
    own_dataset: bool = False

    @classmethod
    def of(
        cls,
        text: QueryText,
        media_type: str,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> SparqlRequest:
        """The request to answer the checked query ``text``."""
        own = text.has_dataset_clause()
        return cls(text.text, media_type, dataset or Dataset(), base_iri, text.limit(), own)


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer: the bytes and their media type."""

    body: bytes
    media_type: str


def check_query(
    query: str,
    allowlist: Iterable[str] = (),
    prefixes: Mapping[str, str] | None = None,
    base_iri: str | None = None,
) -> QueryText:
    """Tokenize ``query`` and check it; return its :class:`QueryText`.

    Raises :class:`QueryError` (400) for text that is not SPARQL or over the limits,
    :class:`Forbidden` (403) for an update or a ``SERVICE`` outside ``allowlist``.

    >>> check_query("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.Forbidden: SERVICE <http://127.0.0.1:9/> is not allowed (federated queries are ...)
    >>> check_query("ASK { ?s ?p ?o }").operation
    <Operation.ASK: 'ASK'>
    """
    text = read_query(query)
    if text.operation is Operation.UPDATE:
        raise Forbidden(READ_ONLY)
    check_limits(text)
    check_service_policy(text, allowlist, prefixes or {}, base_iri)
    return text


def check_limits(text: QueryText) -> None:
    """Raise :class:`QueryError` if the query nests brackets deeper than
    :data:`MAX_QUERY_NESTING` or holds more than :data:`MAX_QUERY_OPERATORS` operators."""
    if text.deepest > MAX_QUERY_NESTING:
        raise QueryError(
            f"query nested too deeply ({text.deepest} levels of brackets; "
            f"at most {MAX_QUERY_NESTING})"
        )
    operators = text.operator_count()
    if operators > MAX_QUERY_OPERATORS:
        raise QueryError(
            f"query too complex ({operators} operators such as UNION, &&, +; "
            f"at most {MAX_QUERY_OPERATORS})"
        )


def check_service_policy(
    text: QueryText, allowlist: Iterable[str], prefixes: Mapping[str, str], base_iri: str | None
) -> None:
    """Raise :class:`Forbidden` unless every ``SERVICE`` endpoint starts with an allowed prefix.

    Federation makes the server fetch URLs a client chose, from inside our network, so it is off
    unless an operator lists endpoint prefixes (``GSIKG_SERVICE_ALLOWLIST``). A variable target
    could name anything and is always refused.
    """
    allowed = tuple(allowlist)
    for call in service_calls(text, prefixes, base_iri):
        where = f"line {call.line}, column {call.column}"
        if call.target is None:
            raise Forbidden(
                f"SERVICE with a variable or unresolvable endpoint ({where}) is not allowed; "
                "name the endpoint by an absolute IRI"
            )
        if not call.target.startswith(allowed):
            policy = (
                f"allowed endpoint prefixes: {', '.join(allowed)}"
                if allowed
                else "federated queries are disabled on this server"
            )
            raise Forbidden(f"SERVICE <{call.target}> is not allowed ({policy})")


def is_deterministic(text: QueryText) -> bool:
    """False if the query calls a function whose value changes between runs (``NOW()`` …)."""
    return not (text.function_calls() & NONDETERMINISTIC)


def answer_query(reader: Reader, request: SparqlRequest) -> QueryAnswer:
    """Run ``request`` (already checked by :func:`check_query`) and serialise its answer within
    the reader's row and byte caps. A read function: it runs in an executor process."""
    dataset = request.dataset
    default: list[NamedNode | BlankNode | DefaultGraph] | None = None
    named: list[NamedNode | BlankNode] | None = None
    if dataset.default_graphs is not None:
        default = [NamedNode(g) for g in dataset.default_graphs]
    if dataset.named_graphs is not None:
        named = [NamedNode(g) for g in dataset.named_graphs]
    result = reader.query(
        request.query,
        default_graph=default,
        named_graphs=named,
        base_iri=request.base_iri,
        own_dataset=request.own_dataset and default is None and named is None,
    )
    try:
        if isinstance(result, QueryBoolean):
            fmt = QueryResultsFormat.from_media_type(request.media_type) or QueryResultsFormat.JSON
            return QueryAnswer(_bytes(result.serialize(format=fmt)), fmt.media_type)
        if isinstance(result, QuerySolutions):
            fmt = QueryResultsFormat.from_media_type(request.media_type) or QueryResultsFormat.JSON
            rows = reader.max_rows
            if request.limit is not None and request.limit <= rows:
                rows = -1  # the query's own LIMIT keeps it within the cap: nothing to count
            body = serialize_solutions(result, fmt, rows, reader.max_bytes)
            return QueryAnswer(body, fmt.media_type)
        rdf = RdfFormat.from_media_type(request.media_type) or RdfFormat.TURTLE
        triples = _capped(result, reader.max_rows, "triples")
        body = serialize_graph(triples, rdf, reader.ns.prefixes(), reader.max_bytes)
        return QueryAnswer(body, rdf.media_type)
    except OSError as exc:  # evaluation errors surface while iterating
        raise QueryError(f"SPARQL evaluation error: {exc}") from exc


class _CapReached(Exception):
    """Raised inside a serialiser's writer to stop it at a cap."""


class _CappedBuffer(io.BytesIO):
    """An in-memory binary writer that stops the serialiser beyond ``max_lines`` lines or
    ``max_bytes`` bytes."""

    def __init__(self, max_bytes: int, max_lines: int | None = None) -> None:
        super().__init__()
        self.max_bytes, self.max_lines = max_bytes, max_lines
        self.lines = 0

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        if self.max_lines is not None:
            self.lines += data.count(b"\n")
            if self.lines > self.max_lines:
                raise _CapReached("lines")
        if self.tell() + len(data) > self.max_bytes:
            raise _CapReached("bytes")
        return super().write(data)


def serialize_solutions(
    solutions: QuerySolutions, fmt: QueryResultsFormat, max_rows: int, max_bytes: int
) -> bytes:
    """Serialise at most ``max_rows`` solutions (any number if negative) in at most
    ``max_bytes`` bytes; raise :class:`ResultTooLarge` beyond either.

    pyoxigraph offers no hook per solution, so rows are counted on the TSV form, the one results
    format with exactly one line per solution (line breaks inside values are escaped), and other
    formats are written from that TSV (for 10,000 rows as JSON: 0.23 s instead of 0.1 s). When no
    rows need counting the answer is written directly.
    """
    if max_rows < 0 or fmt == QueryResultsFormat.TSV:
        return _write_solutions(solutions, fmt, max_rows, max_bytes)
    tsv = _write_solutions(solutions, QueryResultsFormat.TSV, max_rows, max_bytes)
    reparsed = parse_query_results(tsv, QueryResultsFormat.TSV)
    assert isinstance(reparsed, QuerySolutions)
    return _write_solutions(reparsed, fmt, -1, max_bytes)


def _write_solutions(
    solutions: QuerySolutions, fmt: QueryResultsFormat, max_rows: int, max_bytes: int
) -> bytes:
    """Serialise ``solutions`` as ``fmt``; for TSV, stop beyond ``max_rows`` (if not negative)."""
    lines = max_rows + 1 if max_rows >= 0 and fmt == QueryResultsFormat.TSV else None
    out = _CappedBuffer(max_bytes, max_lines=lines)  # + the header line
    try:
        solutions.serialize(out, format=fmt)
    except _CapReached as reached:
        if str(reached) == "lines":
            raise too_large(max_rows, "rows") from None
        raise too_many_bytes(out.tell(), max_bytes) from None
    return out.getvalue()


def serialize_graph(
    data: list[Triple] | list[Quad], fmt: RdfFormat, prefixes: dict[str, str], max_bytes: int
) -> bytes:
    """Serialise triples (or quads, for N-Quads and TriG) in at most ``max_bytes`` bytes."""
    out = _CappedBuffer(max_bytes)
    try:
        serialize(data, out, format=fmt, prefixes=prefixes)
    except _CapReached:
        raise too_many_bytes(out.tell(), max_bytes) from None
    return out.getvalue()


def _capped(triples: Iterable[Triple], max_rows: int, what: str) -> list[Triple]:
    kept: list[Triple] = []
    for triple in triples:
        if len(kept) == max_rows:
            raise too_large(max_rows, what)
        kept.append(triple)
    return kept


def _bytes(output: bytes | None) -> bytes:
    """pyoxigraph's serialisers return the bytes when given no output."""
    assert output is not None
    return output
