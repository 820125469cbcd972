"""Reading a SPARQL 1.1 Protocol request: the query operation and its dataset.

https://www.w3.org/TR/sparql11-protocol/#query-operation

A query comes by GET (``?query=``), by POST as ``application/x-www-form-urlencoded`` (``query=``
in the body) or by POST as ``application/sparql-query`` (the body is the query, UTF-8).
``default-graph-uri`` and ``named-graph-uri`` may repeat. This server is read-only: every update
request is refused with 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kg.errors import Forbidden, UnsupportedMediaType, UsageError
from kg.read.sparql import READ_ONLY, Dataset

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


@dataclass(frozen=True)
class ProtocolRequest:
    """A parsed request: the query (None when none was sent), the protocol dataset (which
    overrides the query's, as the protocol says) and the ``format=`` parameter."""

    query: str | None
    dataset: Dataset = field(default_factory=Dataset)
    format: str | None = None


class Params:
    """Multi-valued request parameters, merged from the URL and a form body."""

    def __init__(self, *sources: Mapping[str, list[str]]) -> None:
        self.sources = sources

    def getlist(self, name: str) -> list[str]:
        return [v for source in self.sources for v in source.get(name, [])]


def parse_protocol_request(
    method: str,
    mimetype: str,
    charset: str | None,
    args: Mapping[str, list[str]],
    form: Callable[[], Mapping[str, list[str]]],
    body: Callable[[], bytes],
) -> ProtocolRequest:
    """Parse a request given as its parts (``form``/``body`` are read only when needed).

    Raises :class:`UsageError` (400), :class:`Forbidden` (403, updates) or
    :class:`UnsupportedMediaType` (415).
    """
    direct_query: str | None = None
    if method == "POST":
        if mimetype == SPARQL_UPDATE:
            raise Forbidden(READ_ONLY)
        if mimetype == FORM:
            params = Params(args, form())
        elif mimetype == SPARQL_QUERY:
            params = Params(args)
            direct_query = _decode(body(), charset)
        else:
            raise UnsupportedMediaType(
                f"POST a query as {FORM} (query=…) or as {SPARQL_QUERY}; "
                f"got {mimetype or 'no Content-Type'}"
            )
    else:
        params = Params(args)
    queries = params.getlist("query") + ([direct_query] if direct_query is not None else [])
    if queries and params.getlist("update"):
        raise UsageError("give either 'query' or 'update', not both")
    if params.getlist("update"):
        raise Forbidden(READ_ONLY)
    if len(queries) > 1:
        raise UsageError("'query' given more than once")
    query = queries[0] if queries else None
    if query is None and method == "POST":
        raise UsageError("missing 'query' parameter")
    if query is not None and not query.strip():
        raise UsageError("the query is empty")
    default_graphs = _iris(params.getlist("default-graph-uri"), "default-graph-uri")
    named_graphs = _iris(params.getlist("named-graph-uri"), "named-graph-uri")
    dataset = Dataset(default_graphs, named_graphs) if default_graphs or named_graphs else Dataset()
    formats = params.getlist("format")
    return ProtocolRequest(query, dataset, formats[0] if formats else None)


def _decode(body: bytes, charset: str | None) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the query must be UTF-8 encoded, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"the query is not valid UTF-8 (byte {exc.start})") from exc


def _iris(values: list[str], name: str) -> tuple[str, ...]:
    for value in values:
        if not _IRI.match(value):
            raise UsageError(f"{name}={value!r} is not an absolute IRI")
    return tuple(values)
