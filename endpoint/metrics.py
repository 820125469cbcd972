"""Prometheus metrics at ``/metrics``: requests, latency, errors, timeouts, cache use.

With several worker processes the server runs prometheus-client in multiprocess mode (it sets
``PROMETHEUS_MULTIPROC_DIR`` to a fresh directory before the workers start, see
:mod:`endpoint.server`), so ``/metrics`` sums every worker whichever one answers. Without it (the
Flask test client, a single process) the metrics are this process's own.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

_REGISTRY = CollectorRegistry()
REQUESTS = Counter(
    "gsikg_http_requests",
    "HTTP requests answered, by route, method and status code.",
    ["route", "method", "status"],
    registry=_REGISTRY,
)
LATENCY = Histogram(
    "gsikg_http_request_seconds",
    "Time to answer a request, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=_REGISTRY,
)
ERRORS = Counter(
    "gsikg_errors",
    "Requests answered with an error, by error title (e.g. 'Query error').",
    ["error"],
    registry=_REGISTRY,
)
TIMEOUTS = Counter(
    "gsikg_query_timeouts",
    "Queries stopped at the time limit (or not started because every executor was busy).",
    registry=_REGISTRY,
)
CACHE = Counter(
    "gsikg_query_cache",
    "Reads answered from a cache (hit) or computed (miss).",
    ["result"],
    registry=_REGISTRY,
)


class ReadMetrics:
    """Counts the read door's cache hits and misses and its reads stopped at the time limit
    (a :class:`kg.read.service.ReadObserver`)."""

    def cache(self, hit: bool) -> None:
        CACHE.labels("hit" if hit else "miss").inc()

    def timeout(self) -> None:
        TIMEOUTS.inc()


def init_app(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.gsikg_started = time.perf_counter()

    @app.after_request
    def record(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        started = g.get("gsikg_started")
        if started is not None:
            LATENCY.labels(route).observe(time.perf_counter() - started)
        REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        return response


def record_error(title: str) -> None:
    ERRORS.labels(title).inc()


def metrics_response() -> Response:
    """The exposition of all workers (multiprocess mode) or of this process."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(_REGISTRY)
    return Response(body, content_type=CONTENT_TYPE_LATEST)
