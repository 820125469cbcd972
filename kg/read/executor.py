"""Executor processes: where reads run, so that a read past its time limit can be killed.

pyoxigraph cannot interrupt a running query, so each process that serves reads (a web worker, or
the CLI) keeps a small pool of executor processes, each a fresh interpreter running
:mod:`kg.read.worker` that opens the releases it is asked to read, read-only. A read hands its
job to an idle executor and waits until its deadline; if the result is not there by then, the
executor is killed (``SIGKILL``), a fresh one takes its place, and the read fails with
:class:`~kg.errors.QueryTimeout`. The deadline counts from the start of the request, so waiting
for a busy pool uses up the same budget. The caller's threads are never blocked beyond the
deadline, so a web worker keeps answering other requests meanwhile.
"""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import ExecutorDied, GsiKgError, QueryTimeout, ServerBusy
from kg.read.worker import ReadJob

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class Executor:
    """One executor process (``python -m kg.read.worker``) and the socket to it.

    A fresh interpreter rather than ``multiprocessing``'s spawn, which would re-run the parent's
    ``__main__`` (the CLI) in the child. It dies with this process
    (:func:`kg.lifetime.die_with_parent`).
    """

    def __init__(self, warm: Path | None = None) -> None:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), *sys.path])}
        command = [sys.executable, "-m", "kg.read.worker", str(theirs.fileno()), str(os.getpid())]
        with theirs:
            self.process = subprocess.Popen(
                [*command, *([str(warm)] if warm is not None else [])],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self.conn = Connection(ours.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, job: ReadJob, timeout: float) -> tuple[object, int] | None:
        """The result and its size in bytes, or None if there is none within ``timeout``
        seconds. Raises the read's own :class:`GsiKgError`."""
        try:
            self.conn.send_bytes(pickle.dumps(job))
            if not self.conn.poll(max(0.0, timeout)):
                return None
            payload = self.conn.recv_bytes()
        except (EOFError, OSError) as exc:
            raise ExecutorDied("the query process ended unexpectedly; try again") from exc
        kind, result = pickle.loads(payload)
        if kind == "error":
            assert isinstance(result, GsiKgError)
            raise result
        return result, len(payload)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        self.conn.close()


class ExecutorPool:
    """``size`` executors shared by the threads of one process.

    Executors are started by one long-lived thread, never by request threads: Linux sends the
    parent-death signal when the *thread* that started a child ends, and request threads may
    come and go. Each new executor opens the release last read (or the one :meth:`start` names)
    before its first job, so that a replacement's first read does not pay for opening the store.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._idle: queue.Queue[Executor] = queue.Queue()
        self._started = False
        self._lock = threading.Lock()
        self._all: set[Executor] = set()
        self._starter: concurrent.futures.ThreadPoolExecutor | None = None
        self._warm: Path | None = None

    def start(self, warm: Path | None = None) -> None:
        """Start the executors, opening the release at ``warm`` (idempotent; also done by the
        first read)."""
        with self._lock:
            if warm is not None:
                self._warm = warm
            if self._started:
                return
            self._started = True
            self._starter = concurrent.futures.ThreadPoolExecutor(1, "executor-starter")
            for _ in range(self.size):
                self._idle.put(self._new())

    def _new(self) -> Executor:
        assert self._starter is not None
        executor = self._starter.submit(Executor, self._warm).result()
        self._all.add(executor)
        return executor

    def _retire(self, executor: Executor) -> None:
        executor.kill()
        with self._lock:
            self._all.discard(executor)
            if self._started:  # not after close()
                self._idle.put(self._new())

    def run(self, job: ReadJob, deadline: float, limit: float) -> tuple[object, int]:
        """Run ``job``; return its result and size by ``deadline`` (a ``time.monotonic()``).

        Raises :class:`ServerBusy` when no executor is free before the deadline,
        :class:`QueryTimeout` when the read is still running at the deadline (the executor is
        then killed and replaced), or the read's own error.
        """
        self.start(job.release)
        try:
            executor = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise ServerBusy(
                f"every query process was busy for the whole time limit ({limit:g} s), so the "
                "query did not run; try again shortly"
            ) from None
        if not executor.alive():
            self._retire(executor)
            executor = self._idle.get()
        try:
            answer = executor.run(job, deadline - time.monotonic())
        except ExecutorDied:
            self._retire(executor)
            raise
        except BaseException:
            self._idle.put(executor)
            raise
        if answer is None:
            self._retire(executor)
            raise QueryTimeout(
                f"the query was stopped at the time limit of {limit:g} s (GSIKG_QUERY_TIMEOUT); "
                "add LIMIT, use more selective triple patterns or avoid unconstrained joins "
                "(cartesian products)"
            )
        self._idle.put(executor)
        return answer

    def close(self) -> None:
        """Kill every executor (for tests and shutdown)."""
        with self._lock:
            executors, self._all = list(self._all), set()
            self._started = False
            if self._starter is not None:
                self._starter.shutdown()
                self._starter = None
        for executor in executors:
            executor.kill()
        while not self._idle.empty():
            self._idle.get_nowait()
