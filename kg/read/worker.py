"""The executor process: receive reads, run them against the release they name, send back the
result or the error (see :mod:`kg.read.executor` for the parent's side).

Each message is a pickled :class:`ReadJob`; the reply is a pickled ``("ok", result, rss)`` or
``("error", GsiKgError, rss)``, ``rss`` being this process's resident memory afterwards (the
parent replaces a process that kept too much). A read on a remote store sends, before its reply,
one ``("fetch", HttpQuery)`` per query and waits for ``("answer", HttpAnswer)`` or
``("error", GsiKgError)``: the parent makes the request (:mod:`kg.read.remote`), as this process
has no network. A result whose pickled form is larger than the job's byte cap is replaced by
:class:`~kg.errors.ResultTooLarge` before it is sent, so the parent never receives more than the
cap. The process confines itself first (:mod:`kg.read.confinement`). This module imports no
Flask (executors start faster without it).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import GsiKgError, QueryTooCostly, ResultTooLarge
from kg.lifetime import die_with_parent
from kg.read.reader import Reader
from kg.releases import AnyRelease, Release
from kg.store import HttpAnswer, HttpQuery, ReadableStore, RemoteStore, open_read_only

# The exit status of an executor that could not confine itself.
CANNOT_CONFINE = 3


@dataclass(frozen=True)
class ReadJob:
    """One read to run: ``read(reader, *args)`` on ``release``, with the caps.

    ``read`` is a module-level function, pickled by its qualified name.
    """

    release: AnyRelease
    read: Callable[..., object]
    args: tuple[object, ...]
    max_rows: int
    max_bytes: int


def too_many_bytes(size: int, max_bytes: int) -> ResultTooLarge:
    """The error for an answer of ``size`` bytes over the cap."""
    return ResultTooLarge(
        f"the answer is larger than {max_bytes} bytes (at least {size}), the most this server "
        "sends (GSIKG_MAX_ANSWER_BYTES); add LIMIT (and OFFSET to page) or select fewer columns"
    )


class ParentRelay:
    """A remote store's requests, made by the parent: sent over ``conn``, answered on it."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def __call__(self, query: HttpQuery) -> HttpAnswer:
        self.conn.send_bytes(pickle.dumps(("fetch", query)))
        kind, value = pickle.loads(self.conn.recv_bytes())
        if kind == "error":
            assert isinstance(value, GsiKgError)
            raise value
        assert isinstance(value, HttpAnswer)
        return value


class OpenRelease:
    """The release this executor has open (one at a time: an old one is never read again);
    ``relay`` makes a remote store's requests."""

    def __init__(self, relay: ParentRelay | None = None) -> None:
        self.relay = relay
        self.release: AnyRelease | None = None
        self.store: ReadableStore | None = None

    def open(self, release: AnyRelease) -> tuple[AnyRelease, ReadableStore]:
        """``release`` and its store, opened read-only if it is not open yet."""
        if self.release is None or self.store is None or self.release != release:
            if isinstance(release, Release):
                self.store = open_read_only(release.store_path)
            else:
                assert self.relay is not None, "a remote store needs the parent's relay"
                self.store = RemoteStore(self.relay)
            self.release = release
        return self.release, self.store


def memory_exceeded(memory: int) -> QueryTooCostly:
    """The error for a read that needed more than ``memory`` bytes."""
    return QueryTooCostly(
        f"the query needed more memory than a query may use ({memory // 1_048_576} MiB, "
        "GSIKG_QUERY_MEMORY); add LIMIT, use more selective patterns, or build fewer or "
        "shorter strings"
    )


def resident_memory() -> int:
    """This process's resident set size, in bytes."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_job(opened: OpenRelease, job: ReadJob, memory: int = 0) -> bytes:
    """The pickled reply to ``job``, run on the release ``opened`` holds or opens; ``memory`` is
    this process's memory limit (for the message when a read runs out of it)."""
    try:
        release, store = opened.open(job.release)
        reader = Reader(release, store, release.namespace(), job.max_rows, job.max_bytes)
        reply = pickle.dumps(("ok", job.read(reader, *job.args), resident_memory()))
        if len(reply) > job.max_bytes:
            raise too_many_bytes(len(reply), job.max_bytes)
        return reply
    except GsiKgError as exc:
        return pickle.dumps(("error", exc, resident_memory()))
    except MemoryError:
        return pickle.dumps(("error", memory_exceeded(memory), resident_memory()))
    except Exception as exc:
        error = GsiKgError(f"internal error while querying: {exc}")
        return pickle.dumps(("error", error, resident_memory()))


def serve_jobs(conn: Connection, warm: Release | None = None, memory: int = 0) -> None:
    """The loop: receive jobs, send replies; return when the parent closes the connection.

    ``warm`` is a release to open before the first job, so that opening the store does not count
    against that job's time limit; ``memory`` is this process's memory limit.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is for the server
    opened = OpenRelease(ParentRelay(conn))
    if warm is not None:
        with contextlib.suppress(GsiKgError):  # the first job will say what is wrong
            opened.open(warm)
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            conn.send_bytes(run_job(opened, job, memory))
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    # ``python -m kg.read.worker FD PARENT_PID MEMORY NETWORK [RELEASE]``: an executor confined to
    # MEMORY bytes (and no network unless NETWORK is "network") serving jobs on the socket FD for
    # as long as its parent lives, with RELEASE opened beforehand. It runs the imported module's
    # loop so that what it pickles is ``kg.read.worker.*``, not ``__main__.*``
    from kg.read import worker
    from kg.read.confinement import Confinement, confine

    die_with_parent(int(sys.argv[2]))
    confinement = Confinement.from_arguments(sys.argv[3], sys.argv[4])
    try:
        confine(confinement)
    except GsiKgError as exc:  # never serve unconfined: the parent reports this line
        print(f"error: {exc.message}", file=sys.stderr)
        sys.exit(worker.CANNOT_CONFINE)
    warm = Release(Path(sys.argv[5])) if len(sys.argv) > 5 else None
    worker.serve_jobs(Connection(int(sys.argv[1])), warm, confinement.memory)
