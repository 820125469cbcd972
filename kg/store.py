"""The only module that imports pyoxigraph: RDF terms and formats, opening, querying, loading,
compacting and dumping a store. pyoxigraph's exceptions become :class:`~kg.errors.GsiKgError`s
here, so no other module needs to know how the engine reports a problem.

Every other module reads a store through :mod:`kg.read` (the server, the CLI) or writes one
through :mod:`kg.pipeline.loader` (the build).
"""

from __future__ import annotations

import re
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
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from kg.errors import QueryError, StoreError

__all__ = [
    "BlankNode",
    "DefaultGraph",
    "Literal",
    "NamedNode",
    "Quad",
    "QueryBoolean",
    "QueryResult",
    "QueryResultsFormat",
    "QuerySolutions",
    "QueryTriples",
    "RdfFormat",
    "Store",
    "Subject",
    "Term",
    "Triple",
    "bulk_load_nquads",
    "check_readable",
    "compact_store",
    "dump_store",
    "open_read_only",
    "open_writable",
    "parse",
    "parse_query_results",
    "query_store",
    "serialize",
]

Term = NamedNode | BlankNode | Literal | Triple
Subject = NamedNode | BlankNode
QueryResult = QuerySolutions | QueryBoolean | QueryTriples


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
    store: Store,
    sparql: str,
    *,
    prefixes: dict[str, str] | None = None,
    substitutions: dict[str, Term] | None = None,
    default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
    named_graphs: list[NamedNode | BlankNode] | None = None,
    base_iri: str | None = None,
    own_dataset: bool = False,
) -> QueryResult:
    """Run a SPARQL query; the default graph is the union of all graphs unless one is given.

    Relative IRIs resolve against ``base_iri``. ``default_graph=[]`` is an empty default graph;
    ``named_graphs=[]`` hides every named graph. ``own_dataset``: the query's ``FROM`` and
    ``FROM NAMED`` clauses make its dataset (SPARQL 1.1 §13.2) when no default graph is given.
    ``substitutions`` bind variables to terms (pyoxigraph substitutes only projected variables).
    Raises :class:`QueryError` with the parser's message, saying where (line and column).
    """
    subs = {Variable(k): v for k, v in (substitutions or {}).items()}
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
            substitutions=subs or None,
            named_graphs=named_graphs,
            **dataset,  # type: ignore[arg-type]
        )
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error {_where(str(exc))}") from exc
    except (OSError, RuntimeError) as exc:  # e.g. an unsupported custom function
        raise QueryError(f"SPARQL evaluation error: {exc}") from exc


def _where(message: str) -> str:
    """``error at 2:9: expected …`` → ``at line 2, column 9: expected …``.

    >>> _where("error at 2:9: expected one of ')'")
    "at line 2, column 9: expected one of ')'"
    """
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if found is None:
        return f": {message}"
    line, column, rest = found.groups()
    return f"at line {line}, column {column}: {rest}"
