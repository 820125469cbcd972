"""The executor process: receive reads, run them against the release they name, send back the
result or the error (see :mod:`kg.read.executor` for the parent's side).

Each message is a pickled :class:`ReadJob`; the reply is a pickled ``("ok", result)`` or
``("error", GsiKgError)``. A result whose pickled form is larger than the job's byte cap is
replaced by :class:`~kg.errors.ResultTooLarge` before it is sent, so the parent never receives
more than the cap. This module imports no Flask (executors start faster without it).
"""

from __future__ import annotations

import contextlib
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import GsiKgError, ResultTooLarge
from kg.lifetime import die_with_parent
from kg.read.reader import Reader
from kg.releases import Release
from kg.store import Store, open_read_only


@dataclass(frozen=True)
class ReadJob:
    """One read to run: ``read(reader, *args)`` on the release at ``release``, with the caps.

    ``read`` is a module-level function, pickled by its qualified name.
    """

    release: Path
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


class OpenRelease:
    """The release this executor has open (one at a time: an old one is never read again)."""

    def __init__(self) -> None:
        self.release: Release | None = None
        self.store: Store | None = None

    def open(self, path: Path) -> tuple[Release, Store]:
        """The release at ``path`` and its store, opened read-only if it is not open yet."""
        if self.release is None or self.store is None or self.release.path != path:
            release = Release(path)
            self.store = open_read_only(release.store_path)
            self.release = release
        return self.release, self.store


def run_job(opened: OpenRelease, job: ReadJob) -> bytes:
    """The pickled reply to ``job``, run on the release ``opened`` holds or opens."""
    try:
        release, store = opened.open(job.release)
        reader = Reader(release, store, release.namespace(), job.max_rows, job.max_bytes)
        reply = pickle.dumps(("ok", job.read(reader, *job.args)))
        if len(reply) > job.max_bytes:
            raise too_many_bytes(len(reply), job.max_bytes)
        return reply
    except GsiKgError as exc:
        return pickle.dumps(("error", exc))
    except Exception as exc:
        return pickle.dumps(("error", GsiKgError(f"internal error while querying: {exc}")))


def serve_jobs(conn: Connection, warm: Path | None = None) -> None:
    """The loop: receive jobs, send replies; return when the parent closes the connection.

    ``warm`` is a release to open before the first job, so that opening the store does not count
    against that job's time limit.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C is for the server
    opened = OpenRelease()
    if warm is not None:
        with contextlib.suppress(GsiKgError):  # the first job will say what is wrong
            opened.open(warm)
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            conn.send_bytes(run_job(opened, job))
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    # ``python -m kg.read.worker FD PARENT_PID [RELEASE]``: an executor serving jobs on the socket
    # FD for as long as its parent lives, with RELEASE opened beforehand. It runs the imported
    # module's loop so that what it pickles is ``kg.read.worker.*``, not ``__main__.*``
    from kg.read import worker

    die_with_parent(int(sys.argv[2]))
    worker.serve_jobs(
        Connection(int(sys.argv[1])), Path(sys.argv[3]) if len(sys.argv) > 3 else None
    )
