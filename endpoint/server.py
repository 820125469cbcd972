"""Serving the app with gunicorn, a production WSGI server.

``--workers`` pre-forked processes, each with ``threads`` threads (the ``gthread`` worker), so a
worker keeps answering while some of its requests wait for a query. Each worker builds its own app,
opens the store read-only and starts its pool of query executor processes. Metrics from all
workers are aggregated through prometheus-client's multiprocess mode, in a temporary directory
made for this server run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from typing import Any

from gunicorn.app.base import BaseApplication

from endpoint import create_app
from endpoint.executor import ExecutorPool
from kg.settings import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _post_worker_init(worker: Any) -> None:
    """Start the worker's query executors before it takes requests, and the orphan watch."""
    pool = worker.wsgi.extensions["gsikg_queries"].pool
    pool.start()
    watch = threading.Thread(
        target=_stop_queries_when_orphaned, args=(worker.ppid, pool), daemon=True
    )
    watch.start()


def _stop_queries_when_orphaned(master_pid: int, pool: ExecutorPool) -> None:
    """Kill the worker's executors as soon as the gunicorn master is gone (e.g. SIGKILLed).

    gunicorn stops an orphaned worker only once its requests are done, and a request waits for
    its query up to the time limit; meanwhile the worker keeps the port and the store open.
    Killing the executors ends those requests at once, so the worker exits within seconds.
    """
    while os.getppid() == master_pid:
        time.sleep(1.0)
    pool.close()


def _child_exit(server: Any, worker: Any) -> None:
    """Let prometheus-client merge a dead worker's live gauges away."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


class GsiKgServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured from :class:`Settings`; each worker builds its own app and store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        options: dict[str, Any] = {
            "bind": f"{self.settings.host}:{self.settings.port}",
            "workers": self.settings.workers,
            "worker_class": "gthread",
            "threads": self.settings.threads,
            "timeout": int(self.settings.query_timeout) + 30,
            "graceful_timeout": 10,
            "limit_request_line": 8190,  # the largest gunicorn allows; longer queries: POST
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "warning",
            "preload_app": True,
            "post_worker_init": _post_worker_init,
            "child_exit": _child_exit,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(self.settings)


def run_server(settings: Settings) -> None:
    """Serve until interrupted."""
    metrics_dir = tempfile.mkdtemp(prefix="gsi-kg-metrics-")
    os.environ[MULTIPROC_ENV] = metrics_dir
    try:
        GsiKgServer(settings).run()
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
