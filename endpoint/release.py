"""The release a request reads, and the door it reads it through.

Each web worker follows ``{out}/current``: on every request it checks where the link points, and
when a new build has been published it reads the new release's metadata, so the server follows
rebuilds without a restart and a request sees exactly one release. The web process never opens
the store: every read goes through :class:`kg.read.service.ReadService` (:func:`read`), whose
executor processes do.

With a remote store (``gsi-kg serve --store URL``) there is no link to follow: the release is the
build run the endpoint holds (:func:`kg.read.remote.identify`), looked up through the door again
once ``GSIKG_REMOTE_CHECK`` seconds have passed since the last look, so the door's caches, keyed
on it, drop a release the endpoint no longer holds at most that long after it changed.
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
from kg.read.remote import open_remote
from kg.read.service import ReadService
from kg.releases import AnyRelease, resolve_release
from kg.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class ServedRelease:
    """A release with its namespace, as the web process knows it (metadata only)."""

    release: AnyRelease
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

    def tag(self) -> str | None:
        """What names the current release, cheaply (for the HTTP answer cache's keys)."""
        return self._current_target()

    def get(self, started: float | None = None) -> ServedRelease:
        """The current release (``started``, when the request arrived, is not needed here)."""
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


class RemoteReleaseHandle:
    """The release in the remote store, looked up again when the last look is older than
    ``settings.remote_check`` seconds. One request looks; the others meanwhile read the release
    found before (if there is one)."""

    def __init__(self, settings: Settings, reads: ReadService) -> None:
        self.url, self.base_iri = settings.store_url, settings.base_iri
        self.every = settings.remote_check
        self.reads = reads
        self._lock = threading.Lock()
        self._served: ServedRelease | None = None
        self._looked = 0.0

    def _fresh(self) -> ServedRelease | None:
        served = self._served
        if served is not None and time.monotonic() - self._looked < self.every:
            return served
        return None

    def tag(self) -> str | None:
        """The build run found by a look less than ``every`` seconds old; None otherwise, so
        that nothing is answered from a cache before the next look."""
        served = self._fresh()
        return served.version if served is not None else None

    def get(self, started: float | None = None) -> ServedRelease:
        """The release; looked up (within the time limit counted from ``started``) if the last
        look is too old. Raises :class:`~kg.errors.StoreError` if the endpoint cannot say."""
        served = self._fresh()
        if served is not None:
            return served
        if not self._lock.acquire(blocking=self._served is None):
            assert self._served is not None
            return self._served  # another request is looking
        try:
            served = self._fresh()
            if served is None:
                release = open_remote(self.reads, self.url, self.base_iri, started)
                served = self._served = ServedRelease(release, release.namespace())
                self._looked = time.monotonic()
            return served
        finally:
            self._lock.release()


def init_app(app: Flask, reads: ReadService) -> None:
    settings: Settings = app.config["GSIKG"]
    handle = (
        RemoteReleaseHandle(settings, reads) if settings.store_url else ReleaseHandle(settings.out)
    )
    app.extensions["gsikg_release"] = handle
    app.extensions["gsikg_reads"] = reads

    @app.before_request
    def note_arrival() -> None:
        # the server's front notes when the request arrived (endpoint.front), before any wait
        g.gsikg_arrived = request.environ.get("gsikg.arrived", time.monotonic())


def get_release() -> ServedRelease:
    """The release this request uses (fixed for the whole request)."""
    if "gsikg_served" not in g:
        g.gsikg_served = current_app.extensions["gsikg_release"].get(g.get("gsikg_arrived"))
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
