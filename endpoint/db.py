"""Access to the built store from the web app (per process, read-only).

Each worker process holds one read-only store. On every request it checks where
``{out}/current`` points; when a new build has been published it opens the new release, so the
server follows rebuilds without a restart and a request sees exactly one release.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g

from kg.namespaces import Namespace
from kg.settings import Settings
from kg.store import Release, Store, open_read_only, resolve_release


@dataclass(frozen=True)
class OpenRelease:
    """A release opened read-only, with its namespace."""

    release: Release
    store: Store
    ns: Namespace

    @property
    def version(self) -> str:
        return self.release.run_id


class StoreHandle:
    """The current release for this process; reopened when ``current`` moves."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock = threading.Lock()
        self._open: OpenRelease | None = None
        self._target: str | None = None

    def _current_target(self) -> str:
        link = self.out / "current"
        return os.readlink(link) if link.is_symlink() else str(self.out)

    def get(self) -> OpenRelease:
        target = self._current_target()
        opened = self._open
        if opened is not None and target == self._target:
            return opened
        with self._lock:
            if self._open is None or target != self._target:
                release = resolve_release(self.out)
                base = str(release.metadata().get("base_iri", ""))
                self._open = OpenRelease(release, open_read_only(release), Namespace(base))
                self._target = target
            return self._open


def init_app(app: Flask) -> None:
    settings: Settings = app.config["GSIKG"]
    app.extensions["gsikg_store"] = StoreHandle(settings.out)


def get_release() -> OpenRelease:
    """The release this request uses (fixed for the whole request)."""
    if "gsikg_release" not in g:
        g.gsikg_release = current_app.extensions["gsikg_store"].get()
    return g.gsikg_release
