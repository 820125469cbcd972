"""The release a request reads, and the door it reads it through.

Each web worker follows ``{out}/current``: on every request it checks where the link points, and
when a new build has been published it reads the new release's metadata, so the server follows
rebuilds without a restart and a request sees exactly one release. The web process never opens
the store: every read goes through :class:`kg.read.service.ReadService` (:func:`read`), whose
executor processes do.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g, request

from kg.namespaces import Namespace
from kg.read.service import ReadService
from kg.releases import Release, resolve_release

T = TypeVar("T")


@dataclass(frozen=True)
class ServedRelease:
    """A release with its namespace, as the web process knows it (metadata only)."""

    release: Release
    ns: Namespace

    @property
    def version(self) -> str:
        return self.release.run_id


class ReleaseHandle:
    """The current release for this process; looked up again when ``current`` moves."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock = threading.Lock()
        self._served: ServedRelease | None = None
        self._target: str | None = None

    def _current_target(self) -> str:
        link = self.out / "current"
        return os.readlink(link) if link.is_symlink() else str(self.out)

    def get(self) -> ServedRelease:
        target = self._current_target()
        served = self._served
        if served is not None and target == self._target:
            return served
        with self._lock:
            if self._served is None or target != self._target:
                release = resolve_release(self.out)
                self._served = ServedRelease(release, release.namespace())
                self._target = target
            return self._served


def init_app(app: Flask, reads: ReadService) -> None:
    app.extensions["gsikg_release"] = ReleaseHandle(app.config["GSIKG"].out)
    app.extensions["gsikg_reads"] = reads

    @app.before_request
    def note_arrival() -> None:
        # the server's front notes when the request arrived (endpoint.front), before any wait
        g.gsikg_arrived = request.environ.get("gsikg.arrived", time.monotonic())


def get_release() -> ServedRelease:
    """The release this request uses (fixed for the whole request)."""
    if "gsikg_served" not in g:
        g.gsikg_served = current_app.extensions["gsikg_release"].get()
    return g.gsikg_served  # type: ignore[no-any-return]


def read(function: Callable[..., T], *args: object) -> T:
    """``function(reader, *args)`` on this request's release, through the door: in an executor,
    within the time limit counted from the request's arrival, the row and byte caps."""
    return read_noting(function, *args)[0]


def read_noting(function: Callable[..., T], *args: object, cache: bool = True) -> tuple[T, bool]:
    """:func:`read`, and whether the result came from the door's cache; ``cache=False`` reads
    afresh and keeps nothing."""
    reads: ReadService = current_app.extensions["gsikg_reads"]
    started = g.get("gsikg_arrived")
    release = get_release().release
    return reads.run_noting(release, function, *args, started=started, cache=cache)
