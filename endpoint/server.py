"""Serving the app with Granian, a production server whose HTTP layer is Rust.

The app is built once in the main process (so workers start at once), then ``--workers`` worker
processes are forked; each serves its requests through the front (:mod:`endpoint.front`, over
Granian's RSGI interface): an event loop that reads bodies and answers cached queries without a
thread, and runs the WSGI app on ``threads`` threads, so a worker keeps answering while some of
its requests wait for a query. Each worker starts its own pool of query executor processes and
dies with the main process. Dead workers are respawned. Metrics from all
workers are aggregated through prometheus-client's multiprocess mode, and query answers are shared
between workers through the answer cache's directory; both live in a temporary directory made for
this server run.

Why Granian rather than a pure-Python server: a cached answer costs a few microseconds of Python,
so the per-request cost is the HTTP layer's; Granian's is about a tenth of gunicorn's (see
``bench/README.md``).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.settings import Settings

if TYPE_CHECKING:
    from endpoint.front import Front
    from endpoint.sparql.http_cache import AnswerCache

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _worker_app(app: AnswerCache, settings: Settings) -> Callable[..., Front]:
    """What each worker runs first: die with the main process, start the query executors, put
    the front (:mod:`endpoint.front`) before the app."""

    def load(*_: Any) -> Front:
        from endpoint.front import Front
        from kg.lifetime import die_with_parent
        from kg.releases import resolve_release

        die_with_parent(os.getppid())
        warm = None if settings.store_url else resolve_release(settings.out)
        app.flask.extensions["gsikg_reads"].start(warm)
        return Front(app, settings)

    return load


def run_server(settings: Settings) -> None:
    """Serve until interrupted (SIGINT, SIGTERM)."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    runtime = Path(tempfile.mkdtemp(prefix="gsi-kg-server-"))
    (runtime / "metrics").mkdir()
    (runtime / "answers").mkdir()
    # prometheus-client reads its directory from the environment, before it is first imported
    # (with the app): the forked workers inherit it
    os.environ[MULTIPROC_ENV] = str(runtime / "metrics")
    try:
        from endpoint import create_wsgi_app

        app = create_wsgi_app(dataclasses.replace(settings, shared_answers=runtime / "answers"))
        server = Server(
            "gsi-kg",
            address=settings.host,
            port=settings.port,
            interface=Interfaces.RSGI,
            workers=settings.workers,
            backlog=2048,
            log_level=LogLevels.warning,
            log_access=settings.access_log,
            respawn_failed_workers=True,
            respawn_interval=0.5,
            workers_kill_timeout=10,
        )
        server.serve(target_loader=_worker_app(app, settings), wrap_loader=False)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
