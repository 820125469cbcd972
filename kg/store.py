"""The only module that imports pyoxigraph: RDF terms and formats, opening, querying, loading,
compacting and dumping a store, and reading a remote SPARQL endpoint as a store
(:class:`RemoteStore`). pyoxigraph's exceptions become :class:`~kg.errors.GsiKgError`s here, so no
other module needs to know how the engine reports a problem.

Every other module reads a store through :mod:`kg.read` (the server, the CLI) or writes one
through :mod:`kg.pipeline.loader` (the build).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from kg.errors import QueryError, RemoteStoreError, StoreError
from kg.read.syntax_errors import explain_syntax_error

__all__ = [
    "BlankNode",
    "DefaultGraph",
    "HttpAnswer",
    "HttpQuery",
    "Literal",
    "NamedNode",
    "Quad",
    "QueryBoolean",
    "QueryResult",
    "QueryResultsFormat",
    "QuerySolutions",
    "QueryTriples",
    "RdfFormat",
    "ReadableStore",
    "RemoteStore",
    "Store",
    "Subject",
    "Term",
    "Triple",
    "bulk_load_nquads",
    "check_readable",
    "compact_store",
    "dump_store",
    "match_quads",
    "open_read_only",
    "open_writable",
    "parse",
    "parse_query_results",
    "query_store",
    "serialize",
]

Term = NamedNode | BlankNode | Literal | Triple
Subject = NamedNode | BlankNode
# A remote endpoint's CONSTRUCT or DESCRIBE answer is parsed into a list (pyoxigraph makes
# QueryTriples only from its own stores).
QueryResult = QuerySolutions | QueryBoolean | QueryTriples | list[Triple]


def open_read_only(path: Path) -> Store:
    """Open the store directory ``path`` read-only; raise :class:`StoreError` if it is corrupt."""
    try:
        return Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"{path}: cannot open store ({exc})") from exc


def open_writable(path: Path) -> Store:
    """Open (or create) the store directory ``path`` for writing."""
    try:
        return Store(str(path))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: cannot open store for writing ({exc})") from exc


def check_readable(path: Path) -> None:
    """Open the store at ``path`` read-only and read one quad; raise :class:`StoreError` naming
    the path if either fails."""
    store = open_read_only(path)
    try:
        next(iter(store.quads_for_pattern(None, None, None, None)), None)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: store unreadable ({exc})") from exc


def bulk_load_nquads(store: Store, nquads: Path | IO[bytes]) -> None:
    """Load N-Quads (a file, or a binary stream read to its end) with the streaming bulk loader.

    The store is left as ``bulk_load`` wrote it: one sorted run per million quads and index,
    ingested as files (nothing is left in memory to flush). Not compacted (see
    :func:`compact_store`); and not flushed either, as past 36 runs RocksDB stalls a flush until
    it has compacted them, minutes at 1000× the seed corpus.
    """
    if isinstance(nquads, Path):
        store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    else:
        store.bulk_load(nquads, format=RdfFormat.N_QUADS)


def compact_store(path: Path) -> None:
    """Compact the store at ``path`` (RocksDB full compaction: each index becomes one sorted run).

    Joins over a bulk-loaded store are two to four times faster once it is compacted. The store
    must not be open elsewhere, not even read-only (compaction deletes the files it merged).
    Raises :class:`StoreError` naming the path if it fails.
    """
    try:
        store = Store(str(path))
        store.optimize()
        store.flush()
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: compaction failed ({exc})") from exc


def dump_store(store: Store, path: Path, fmt: RdfFormat) -> None:
    """Serialise the whole dataset (or, for triple formats, the union of graphs)."""
    if fmt.supports_datasets:
        store.dump(str(path), format=fmt)
        return
    # A CONSTRUCT over the union graph serialises in Rust, without a Python object per triple.
    union = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    assert isinstance(union, QueryTriples)
    union.serialize(str(path), format=fmt)


def query_store(
    store: ReadableStore,
    sparql: str,
    *,
    prefixes: dict[str, str] | None = None,
    default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
    named_graphs: list[NamedNode | BlankNode] | None = None,
    base_iri: str | None = None,
    own_dataset: bool = False,
) -> QueryResult:
    """Run a SPARQL query; the default graph is the union of all graphs unless one is given.

    Relative IRIs resolve against ``base_iri``. ``default_graph=[]`` is an empty default graph;
    ``named_graphs=[]`` hides every named graph. ``own_dataset``: the query's ``FROM`` and
    ``FROM NAMED`` clauses make its dataset (SPARQL 1.1 §13.2) when no default graph is given.
    Raises :class:`QueryError` with the parser's message, saying where (line and column).
    """
    if isinstance(store, RemoteStore):
        return store.query(
            sparql,
            prefixes=prefixes,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
        )
    dataset: dict[str, object] = {}
    if default_graph is not None:
        dataset["default_graph"] = default_graph
    elif not own_dataset:
        dataset["use_default_graph_as_union"] = True
    try:
        return store.query(
            sparql,
            base_iri=base_iri,
            prefixes=prefixes,
            named_graphs=named_graphs,
            **dataset,  # type: ignore[arg-type]
        )
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc), prefixes, base_iri) from exc
    except (OSError, RuntimeError) as exc:  # e.g. an unsupported custom function
        raise QueryError(f"SPARQL evaluation error: {exc}") from exc


def match_quads(
    store: ReadableStore,
    subject: NamedNode | BlankNode | None,
    predicate: NamedNode | None = None,
    obj: Term | None = None,
    graph: NamedNode | None = None,
    limit: int | None = None,
) -> Iterator[Quad]:
    """The quads matching a pattern (None matches anything); of a remote store, at most
    ``limit`` (a local store's are read lazily: the caller stops when it has enough)."""
    if isinstance(store, RemoteStore):
        return iter(store.quads_for_pattern(subject, predicate, obj, graph, limit))
    return iter(store.quads_for_pattern(subject, predicate, obj, graph))


@dataclass(frozen=True)
class HttpQuery:
    """A query request of the SPARQL 1.1 Protocol
    (https://www.w3.org/TR/sparql11-protocol/#query-operation): the form fields of a POST
    (``query``, ``default-graph-uri``, ``named-graph-uri``) and the ``Accept`` header."""

    fields: tuple[tuple[str, str], ...]
    accept: str


@dataclass(frozen=True)
class HttpAnswer:
    """A SPARQL endpoint's successful answer: its media type and body."""

    media_type: str
    body: bytes


# What a remote store is asked for: results as SPARQL JSON (every SPARQL 1.1 endpoint writes it),
# graphs as N-Triples, else Turtle.
REMOTE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
# A graph name no GSI-KG build mints: the protocol has no way to ask for an empty default graph
# but naming one that does not exist.
EMPTY_GRAPH = "urn:x-gsi-kg:empty-default-graph"


class RemoteStore:
    """A SPARQL 1.1 endpoint read as a store: what the read side asks of a store (queries and quad
    patterns), each sent as one protocol request by ``send`` (which the executor relays to its
    parent, :mod:`kg.read.worker`) and its answer parsed by pyoxigraph.

    The endpoint's default graph must be the union of its named graphs, as a local store's is
    when queried (oxigraph ``--union-default-graph``; :func:`kg.read.remote.identify` checks it).
    A query is parsed here first, by the same engine as a local store's, so a syntax error says
    where as it does locally; prefixes and the base IRI are declared in front of its text.
    """

    def __init__(self, send: Callable[[HttpQuery], HttpAnswer]) -> None:
        self._send = send
        self._parser = Store()  # in memory, always empty: only parses

    def check_syntax(self, sparql: str, prefixes: dict[str, str] | None, base: str | None) -> None:
        """Raise :class:`QueryError` saying where if ``sparql`` is not a SPARQL 1.1 query.

        An empty in-memory store parses it (SELECT, CONSTRUCT and DESCRIBE are then evaluated
        lazily, so not at all; ASK on no data at once). Do not call it for a query with a
        ``SERVICE`` call: an ASK would make the call from here.
        """
        try:
            self._parser.query(sparql, base_iri=base, prefixes=prefixes)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc), prefixes, base) from exc
        except (OSError, RuntimeError) as exc:  # an ASK evaluated on no data
            raise QueryError(f"SPARQL evaluation error: {exc}") from exc

    def query(
        self,
        sparql: str,
        *,
        prefixes: dict[str, str] | None = None,
        default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
        named_graphs: list[NamedNode | BlankNode] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """The endpoint's answer to ``sparql`` (see :func:`query_store`; a query's own ``FROM``
        clauses are the endpoint's to apply). A dataset given by ``default_graph`` or
        ``named_graphs`` replaces the endpoint's whole: a missing one is empty, as in the
        protocol (and in a ``/sparql`` request). Raises :class:`RemoteStoreError` for an answer
        that cannot be read, or what ``send`` raises."""
        fields = [("query", _prologue(prefixes, base_iri) + sparql)]
        if default_graph is not None or named_graphs is not None:
            defaults = [_graph_name(g) for g in default_graph or []]
            fields += [("default-graph-uri", g) for g in defaults or [EMPTY_GRAPH]]
            fields += [("named-graph-uri", _graph_name(g)) for g in named_graphs or []]
        answer = self._send(HttpQuery(tuple(fields), REMOTE_ACCEPT))
        return _parse_answer(answer)

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None = None,
        obj: Term | None = None,
        graph: NamedNode | None = None,
        limit: int | None = None,
    ) -> list[Quad]:
        """The quads of the named graphs matching a pattern (None matches anything), at most
        ``limit``. A blank node cannot be named in a query (it would be a variable there), so
        a pattern holding one is refused (:class:`RemoteStoreError`)."""
        slots = [(subject, "s"), (predicate, "p"), (obj, "o"), (graph, "g")]
        s, p, o, g = [_pattern_term(term, variable) for term, variable in slots]
        sparql = f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}"
        if limit is not None:
            sparql += f" LIMIT {limit}"
        result = self.query(sparql)
        assert isinstance(result, QuerySolutions)
        found = []
        for row in result:
            terms = [term if term is not None else row[variable] for term, variable in slots]
            found.append(Quad(*terms))  # type: ignore[arg-type]
        return found


def _prologue(prefixes: dict[str, str] | None, base: str | None) -> str:
    """The ``BASE`` and ``PREFIX`` declarations put in front of a query sent to an endpoint, on
    one line (a query's own declarations come after them, so they win). Each IRI is written by
    pyoxigraph, which refuses anything that is not one (:class:`QueryError`)."""
    try:
        declarations = [f"BASE {NamedNode(base)}"] if base else []
        declarations += [
            f"PREFIX {name}: {NamedNode(iri)}" for name, iri in (prefixes or {}).items()
        ]
    except ValueError as exc:
        raise QueryError(f"not an IRI for the query's prologue: {exc}") from exc
    return " ".join(declarations) + "\n" if declarations else ""


def _graph_name(graph: NamedNode | BlankNode | DefaultGraph) -> str:
    if not isinstance(graph, NamedNode):
        raise RemoteStoreError(f"a remote store's graphs are named by IRIs, not {graph}")
    return graph.value


def _pattern_term(term: Term | None, variable: str) -> str:
    if term is None:
        return f"?{variable}"
    if isinstance(term, BlankNode):
        raise RemoteStoreError(
            f"a remote store cannot look up the blank node {term} (blank nodes have no name a "
            "query could use)"
        )
    return str(term)  # N-Triples syntax, which SPARQL reads as it is


def _parse_answer(answer: HttpAnswer) -> QueryResult:
    """The query result in ``answer``; :class:`RemoteStoreError` if it cannot be read."""
    results_format = QueryResultsFormat.from_media_type(answer.media_type)
    rdf_format = RdfFormat.from_media_type(answer.media_type)
    try:
        if results_format is not None:
            # read once whole, so that a malformed answer fails here and not in its reader
            parsed = parse_query_results(answer.body, results_format)
            if isinstance(parsed, QuerySolutions):
                for _ in parsed:
                    pass
            return parse_query_results(answer.body, results_format)
        if rdf_format is not None:
            return [
                Triple(q.subject, q.predicate, q.object) for q in parse(answer.body, rdf_format)
            ]
    except (SyntaxError, ValueError, OSError) as exc:
        raise RemoteStoreError(f"the SPARQL endpoint's answer cannot be read ({exc})") from exc
    raise RemoteStoreError(
        f"the SPARQL endpoint answered in {answer.media_type or 'no media type'}, which is neither "
        "a SPARQL results format nor an RDF format"
    )


ReadableStore = Store | RemoteStore


def syntax_error(
    sparql: str, message: str, prefixes: dict[str, str] | None, base_iri: str | None
) -> QueryError:
    r"""The error for ``sparql``, which the parser refused with ``message``: where, what was
    expected, the offending line (:mod:`kg.read.syntax_errors`, which parses parts of the text
    again with an empty in-memory store to find the place).

    >>> query = "SELECT * WHERE {\n  ?s ?p\n}"
    >>> print(syntax_error(query, "error at 4:1: expected one of LATERAL", {}, None).excerpt)
    3 | }
      | ^
    """

    def parse(text: str) -> str | None:
        try:
            Store().query(text, prefixes=prefixes, base_iri=base_iri)
        except SyntaxError as exc:
            return str(exc)
        except (OSError, RuntimeError):  # it parses (an ASK evaluated on no data failed)
            return None
        return None

    return explain_syntax_error(sparql, message, prefixes or {}, parse)
