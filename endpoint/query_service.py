"""Answering a SPARQL query request: policy, format, cache, then a time-limited executor.

The steps, in order: refuse updates (403) and ``SERVICE`` outside the allowlist (403); choose the
output format from ``format=`` or ``Accept`` (406 if none fits); answer from the cache if the same
query was asked in the same format on this release; otherwise run it in an executor process,
which stops it at the time limit (422) or at the result cap (413); 503 when every executor
stayed busy for the whole time limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoint import metrics
from endpoint.cache import CacheKey, ResponseCache
from endpoint.db import OpenRelease
from endpoint.executor import ExecutorPool
from endpoint.negotiation import rdf_format, results_format
from endpoint.protocol import READ_ONLY, ProtocolRequest
from endpoint.query_job import QueryAnswer, QueryJob
from endpoint.query_text import Operation, check_service_policy, operation
from kg.errors import Forbidden, QueryTimeout
from kg.settings import Settings
from kg.store import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Answered:
    """A query answer and whether it came from the cache."""

    answer: QueryAnswer
    cached: bool


class QueryService:
    """One per web worker process: its executor pool and its response cache."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = ExecutorPool(settings.executors)
        self.cache = ResponseCache(settings.cache_entries, settings.cache_bytes)

    def media_type_for(self, query: str, accept: str | None, fmt: str | None) -> str:
        """The media type to answer ``query`` in; raise Forbidden for updates and SERVICE."""
        op = operation(query)
        if op is Operation.UPDATE:
            raise Forbidden(READ_ONLY)
        if op.returns_graph:
            graph_format = rdf_format(accept, fmt)
            assert isinstance(graph_format, RdfFormat)
            return graph_format.media_type
        if op is Operation.UNKNOWN:  # a syntax error follows; say that rather than 406
            return QueryResultsFormat.JSON.media_type
        return results_format(accept, fmt).media_type

    def answer(
        self,
        request: ProtocolRequest,
        opened: OpenRelease,
        accept: str | None,
        started: float,
        base_iri: str,
    ) -> Answered:
        """Answer ``request`` on ``opened``; ``started`` is the request's ``time.monotonic()``,
        ``base_iri`` (the endpoint's URL) resolves relative IRIs in the query."""
        assert request.query is not None
        prefixes = opened.ns.prefixes()
        media_type = self.media_type_for(request.query, accept, request.format)
        check_service_policy(request.query, self.settings.service_allowlist, prefixes)
        key = CacheKey(
            opened.version,
            request.query,
            media_type,
            request.default_graphs,
            request.named_graphs,
            base_iri,
        )
        cached = self.cache.get(key)
        metrics.CACHE.labels("hit" if cached else "miss").inc()
        if cached is not None:
            return Answered(cached, True)
        job = QueryJob(
            release=opened.release.path,
            query=request.query,
            prefixes=prefixes,
            media_type=media_type,
            max_results=self.settings.max_results,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            base_iri=base_iri,
        )
        limit = self.settings.query_timeout
        try:
            answer = self.pool.run(job, deadline=started + limit, limit=limit)
        except QueryTimeout:
            metrics.TIMEOUTS.inc()
            raise
        self.cache.put(key, answer)
        return Answered(answer, False)
