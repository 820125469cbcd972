"""Serving the app with gunicorn, a production WSGI server (pre-fork worker processes)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from endpoint import create_app
from kg.settings import Settings


class GsiKgServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured from :class:`Settings`; each worker builds its own app and store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        options: dict[str, Any] = {
            "bind": f"{self.settings.host}:{self.settings.port}",
            "workers": self.settings.workers,
            "worker_class": "sync",
            "timeout": int(self.settings.query_timeout) + 30,
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "warning",
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(self.settings)


def run_server(settings: Settings) -> None:
    """Serve until interrupted."""
    GsiKgServer(settings).run()
