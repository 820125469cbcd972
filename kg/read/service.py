"""The one door to the store: every read — SPARQL queries, pages, search, canned queries,
exports, dataset statistics — from the server and from the CLI goes through
:meth:`ReadService.run`, which owns the limits (compare datasette, whose every view queries
through ``Database.execute``):

1. the result cache: the same read on the same release is answered from memory;
2. the time limit: the read runs in an executor process (:mod:`kg.read.executor`), killed at the
   deadline (422), or refused if no executor frees up before it (503);
3. the row cap (every store read of the read function, :class:`kg.read.reader.Reader`) and the
   byte cap (the result as sent back, :mod:`kg.read.worker`): 413 beyond either;
4. the memory limit and the network ban of the executors (:mod:`kg.read.confinement`): 422 for
   a read that needs more memory; an executor killed from outside is replaced and the read run
   once more.

The release may be a local one or a remote SPARQL endpoint (:class:`kg.releases.RemoteRelease`):
the same read functions run on both, within the same limits (:mod:`kg.read.remote`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kg.errors import ExecutorDied, QueryTimeout
from kg.read.cache import Cached, ResultCache
from kg.read.confinement import Confinement
from kg.read.executor import ExecutorPool
from kg.read.worker import ReadJob
from kg.releases import AnyRelease
from kg.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """What one read may take: seconds (counted from the request's arrival), rows per store
    read, bytes of result, bytes of memory (0 for no limit); and whether the executors may open
    network connections (only when ``SERVICE`` may call allow-listed endpoints)."""

    timeout: float
    max_rows: int
    max_bytes: int
    memory: int = 0
    network: bool = False

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The limits ``settings`` set (the executors may use the network only when
        ``GSIKG_SERVICE_ALLOWLIST`` lists endpoints)."""
        return cls(
            settings.query_timeout,
            settings.max_results,
            settings.max_answer_bytes,
            settings.query_memory,
            network=bool(settings.service_allowlist),
        )


class ReadObserver(Protocol):
    """Told about cache hits and misses and about reads stopped at the time limit (metrics)."""

    def cache(self, hit: bool) -> None: ...

    def timeout(self) -> None: ...


class ReadService:
    """One per process that reads: its executor pool and its result cache."""

    def __init__(
        self,
        limits: Limits,
        executors: int,
        cache_entries: int = 0,
        cache_bytes: int = 0,
        observer: ReadObserver | None = None,
    ) -> None:
        self.limits = limits
        self.pool = ExecutorPool(executors, Confinement(limits.memory, limits.network))
        self.cache = ResultCache(cache_entries, cache_bytes)
        self.observer = observer

    def run(
        self,
        release: AnyRelease,
        read: Callable[..., T],
        *args: object,
        started: float | None = None,
        cache: bool = True,
    ) -> T:
        """``read(reader, *args)`` on ``release``, within the limits (see :meth:`run_noting`)."""
        return self.run_noting(release, read, *args, started=started, cache=cache)[0]

    def run_noting(
        self,
        release: AnyRelease,
        read: Callable[..., T],
        *args: object,
        started: float | None = None,
        cache: bool = True,
    ) -> tuple[T, bool]:
        """``read(reader, *args)`` on ``release``, within the limits, and whether the result came
        from the cache.

        ``started`` is when the request arrived (``time.monotonic()``; now if None): the time
        limit counts from there. ``cache=False`` for reads whose result may change between two
        runs on the same release (``NOW()``, ``RAND()`` …). Raises :class:`QueryTimeout`,
        :class:`ServerBusy`, :class:`ResultTooLarge` or the read's own :class:`GsiKgError`.
        """
        key = (release.run_id, f"{read.__module__}.{read.__qualname__}", args)
        if cache:
            cached = self.cache.get(key)
            if self.observer is not None:
                self.observer.cache(cached is not None)
            if cached is not None:
                return cached.result, True  # type: ignore[return-value]
        limits = self.limits
        job = ReadJob(release, read, args, limits.max_rows, limits.max_bytes)
        deadline = (started if started is not None else time.monotonic()) + limits.timeout
        try:
            try:
                result, size = self.pool.run(job, deadline, limits.timeout)
            except ExecutorDied:  # killed from outside: once more, on a fresh process
                if time.monotonic() >= deadline:
                    raise
                result, size = self.pool.run(job, deadline, limits.timeout)
        except QueryTimeout:
            if self.observer is not None:
                self.observer.timeout()
            raise
        if cache:
            self.cache.put(key, Cached(result, size))
        return result, False  # type: ignore[return-value]

    def start(self, release: AnyRelease | None = None) -> None:
        """Start the executor processes now rather than on the first read, with ``release``
        opened in each."""
        self.pool.start(release)

    def close(self) -> None:
        """Stop the executor processes."""
        self.pool.close()
