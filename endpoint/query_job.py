"""Running one SPARQL query and serialising its result, with the result-size cap.

This is what an executor process (:mod:`endpoint.executor`) does with each job; it has no Flask
dependency. Results are serialised by pyoxigraph. The cap is enforced while serialising, so a
large result is stopped early instead of being buffered: SELECT solutions are streamed into
pyoxigraph's TSV serialiser (one line per solution) through a writer that counts lines, then
re-serialised from that TSV into the requested format; CONSTRUCT/DESCRIBE triples are counted as
they are produced.
"""

from __future__ import annotations

import io
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import GsiKgError, QueryError, ResultTooLarge
from kg.lifetime import die_with_parent
from kg.store import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Release,
    Store,
    Triple,
    open_read_only,
    parse_query_results,
    query_store,
    serialize,
)


@dataclass(frozen=True)
class QueryJob:
    """One query to run: the release to run it on, the protocol dataset and the output format.
    Relative IRIs in the query resolve against ``base_iri`` (the endpoint's URL).

    ``default_graphs``/``named_graphs`` are ``None`` when the request gave none (the default graph
    is then the union of all graphs and every named graph is visible).
    """

    release: Path
    query: str
    prefixes: dict[str, str]
    media_type: str
    max_results: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised result: the bytes and their media type."""

    body: bytes
    media_type: str


class _CapReached(Exception):
    """Raised inside the serialiser's writer to stop it at the cap."""


class _LineCountingBuffer(io.BytesIO):
    """An in-memory binary writer that stops the serialiser after ``limit`` lines."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _CapReached
        return super().write(data)


def _too_large(max_results: int, what: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result has more than {max_results} {what}, the most this server returns; "
        "add LIMIT (and OFFSET to page) or narrow the query"
    )


def serialize_solutions(
    solutions: QuerySolutions, fmt: QueryResultsFormat, max_results: int
) -> bytes:
    """Serialise at most ``max_results`` solutions; raise :class:`ResultTooLarge` beyond."""
    tsv = _LineCountingBuffer(max_results + 1)  # + the header line
    try:
        solutions.serialize(tsv, format=QueryResultsFormat.TSV)
    except _CapReached:
        raise _too_large(max_results, "rows") from None
    if fmt == QueryResultsFormat.TSV:
        return tsv.getvalue()
    reparsed = parse_query_results(tsv.getvalue(), QueryResultsFormat.TSV)
    assert isinstance(reparsed, QuerySolutions)
    return _written(reparsed.serialize(format=fmt))


def serialize_triples(
    triples: object, fmt: RdfFormat, max_results: int, prefixes: dict[str, str]
) -> bytes:
    """Serialise at most ``max_results`` triples; raise :class:`ResultTooLarge` beyond."""
    kept: list[Triple] = []
    for triple in triples:  # type: ignore[attr-defined]
        if len(kept) == max_results:
            raise _too_large(max_results, "triples")
        kept.append(triple)
    return _written(serialize(kept, format=fmt, prefixes=prefixes))


def _written(output: bytes | None) -> bytes:
    """pyoxigraph's serialisers return the bytes when given no output."""
    assert output is not None
    return output


def run_job(store: Store, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store``; raise a :class:`GsiKgError` for a user-facing failure."""
    default: list[NamedNode | BlankNode | DefaultGraph] | None = None
    named: list[NamedNode | BlankNode] | None = None
    if job.default_graphs is not None:
        default = [NamedNode(g) for g in job.default_graphs]
    if job.named_graphs is not None:
        named = [NamedNode(g) for g in job.named_graphs]
    result = query_store(
        store,
        job.query,
        prefixes=job.prefixes,
        default_graph=default,
        named_graphs=named,
        base_iri=job.base_iri,
    )
    try:
        if isinstance(result, (QuerySolutions, QueryBoolean)):
            fmt = QueryResultsFormat.from_media_type(job.media_type) or QueryResultsFormat.JSON
            if isinstance(result, QueryBoolean):
                return QueryAnswer(_written(result.serialize(format=fmt)), fmt.media_type)
            return QueryAnswer(serialize_solutions(result, fmt, job.max_results), fmt.media_type)
        rdf = RdfFormat.from_media_type(job.media_type) or RdfFormat.TURTLE
        body = serialize_triples(result, rdf, job.max_results, job.prefixes)
        return QueryAnswer(body, rdf.media_type)
    except OSError as exc:  # evaluation errors surface while iterating
        raise QueryError(f"SPARQL evaluation error: {exc}") from exc


def serve_jobs(conn: Connection) -> None:
    """An executor process's loop: receive jobs, send back ``("ok", answer)`` or
    ``("error", exc)``; exit when the parent closes the connection."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is for the server
    opened: tuple[Path, Store] | None = None
    while True:
        try:
            job: QueryJob = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != job.release:
                opened = (job.release, open_read_only(Release(job.release)))
            reply: tuple[str, object] = ("ok", run_job(opened[1], job))
        except GsiKgError as exc:
            reply = ("error", exc)
        except Exception as exc:
            reply = ("error", GsiKgError(f"internal error while querying: {exc}"))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    # ``python -m endpoint.query_job FD PARENT_PID``: an executor serving jobs on the socket FD
    # for as long as its parent lives. It runs the imported module's loop so that what it pickles
    # is ``endpoint.query_job.*``, not ``__main__.*``
    from endpoint import query_job

    die_with_parent(int(sys.argv[2]))
    query_job.serve_jobs(Connection(int(sys.argv[1])))
