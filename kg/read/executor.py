"""Executor processes: where reads run, so that a read past its time limit can be killed.

pyoxigraph cannot interrupt a running query, so each process that serves reads (a web worker, or
the CLI) keeps a small pool of executor processes, each a fresh interpreter running
:mod:`kg.read.worker` that opens the releases it is asked to read, read-only. A read hands its
job to an idle executor and waits until its deadline; if the result is not there by then, the
executor is killed (``SIGKILL``), a fresh one takes its place, and the read fails with
:class:`~kg.errors.QueryTimeout`. The deadline counts from the start of the request, so waiting
for a busy pool uses up the same budget. The caller's threads are never blocked beyond the
deadline, so a web worker keeps answering other requests meanwhile.

Each executor confines itself (:mod:`kg.read.confinement`: a memory limit, and no network unless
federation is allowed). When one dies in the middle of a read, how it died says whose fault it
was: aborted for want of memory, the query was too costly (422); crashed by the engine (a stack
overflow, say), the query was malformed for it (400); killed from outside, nobody's: the read is
tried once more on a fresh process, then 503. An executor that kept more than half its memory
limit after a read is replaced, so the memory goes back to the system.

A read on a remote store asks its executor's parent to send each of its queries
(:func:`kg.read.remote.fetch`), within the same deadline: an endpoint still answering at the
deadline is a read past its time limit like any other.
"""

from __future__ import annotations

import concurrent.futures
import pickle
import queue
import signal
import subprocess
import threading
import time

from kg.errors import (
    ExecutorDied,
    GsiKgError,
    QueryError,
    QueryTimeout,
    ServerBusy,
    StoreError,
)
from kg.lifetime import spawn_child
from kg.read.confinement import Confinement
from kg.read.remote import fetch
from kg.read.worker import CANNOT_CONFINE, ReadJob, memory_exceeded
from kg.releases import AnyRelease, Release, RemoteRelease
from kg.store import HttpQuery

# What an executor writes on stderr as it dies, by cause.
_OUT_OF_MEMORY = ("memory allocation of", "MemoryError", "std::bad_alloc", "out of memory")
_ENGINE_CRASHES = {signal.SIGSEGV: "SIGSEGV", signal.SIGABRT: "SIGABRT", signal.SIGBUS: "SIGBUS"}


class Executor:
    """One executor process (``python -m kg.read.worker``) and the socket to it.

    A fresh interpreter rather than ``multiprocessing``'s spawn, which would re-run the parent's
    ``__main__`` (the CLI) in the child. It dies with this process
    (:func:`kg.lifetime.die_with_parent`).
    """

    def __init__(self, confinement: Confinement, warm: AnyRelease | None = None) -> None:
        args = confinement.as_arguments()
        if isinstance(warm, Release):  # a remote store has nothing to open beforehand
            args.append(str(warm.path))
        self.confinement = confinement
        # What it says as it dies stays one line or two.
        child = spawn_child("kg.read.worker", args, {"RUST_BACKTRACE": "0"})
        self.process, self.conn, self.stderr = child.process, child.conn, child.stderr

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, job: ReadJob, deadline: float) -> tuple[object, int, int] | None:
        """The result, its size in bytes and the executor's resident memory afterwards, or None
        if there is none by ``deadline`` (a ``time.monotonic()``). Makes the remote store's
        requests the read asks for. Raises the read's own :class:`GsiKgError`, or the error
        :meth:`death` finds if the executor died."""
        try:
            self.conn.send_bytes(pickle.dumps(job))
            while True:
                if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                    return None
                payload = self.conn.recv_bytes()
                message = pickle.loads(payload)
                if message[0] != "fetch":
                    break
                reply = self._fetch(job, message[1], deadline)
                if reply is None:
                    return None
                self.conn.send_bytes(pickle.dumps(reply))
        except (EOFError, OSError) as exc:
            raise self.death() from exc
        kind, result, rss = message
        if kind == "error":
            assert isinstance(result, GsiKgError)
            raise result
        return result, len(payload), rss

    @staticmethod
    def _fetch(job: ReadJob, query: HttpQuery, deadline: float) -> tuple[str, object] | None:
        """The reply to the executor's request ``query``: the endpoint's answer or the error to
        raise in the read; None once the deadline passed. Only the endpoint of the job's
        release is ever asked."""
        if not isinstance(job.release, RemoteRelease):
            return "error", StoreError("a read on a local store asked for a remote request")
        try:
            answer = fetch(job.release, query, deadline, job.max_bytes)
        except GsiKgError as exc:
            return "error", exc
        return ("answer", answer) if answer is not None else None

    def death(self) -> GsiKgError:
        """Why this executor died (it has, or is about to): the error to answer with."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return ExecutorDied("the query process stopped answering; try again")
        self.stderr.seek(0)
        said = self.stderr.read(65536).decode("utf-8", "replace")
        lines = [line for line in said.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        if code == CANNOT_CONFINE:
            return StoreError(last.removeprefix("error: ") or "a query process could not start")
        if any(sign in said for sign in _OUT_OF_MEMORY):
            return memory_exceeded(self.confinement.memory)
        crash = _ENGINE_CRASHES.get(signal.Signals(-code)) if code < 0 else None
        if crash is not None:
            detail = f": {last[:200]}" if last else ""
            return QueryError(
                f"the query crashed the query engine ({crash}{detail}); it is likely too large "
                "or too deeply nested for it: simplify it or split it"
            )
        how = f"signal {-code}" if code < 0 else f"status {code}"
        return ExecutorDied(f"the query process was stopped from outside ({how}); try again")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        self.conn.close()
        self.stderr.close()


class ExecutorPool:
    """``size`` executors shared by the threads of one process.

    Executors are started by one long-lived thread, never by request threads: Linux sends the
    parent-death signal when the *thread* that started a child ends, and request threads may
    come and go. Each new executor opens the release last read (or the one :meth:`start` names)
    before its first job, so that a replacement's first read does not pay for opening the store.
    """

    def __init__(self, size: int, confinement: Confinement) -> None:
        self.size = max(1, size)
        self.confinement = confinement
        # An executor left holding more than this after a read is replaced.
        self.retire_above = confinement.memory // 2 if confinement.memory > 0 else None
        self._idle: queue.Queue[Executor] = queue.Queue()
        self._started = False
        self._lock = threading.Lock()
        self._all: set[Executor] = set()
        self._starter: concurrent.futures.ThreadPoolExecutor | None = None
        self._warm: AnyRelease | None = None

    def start(self, warm: AnyRelease | None = None) -> None:
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
        executor = self._starter.submit(Executor, self.confinement, self._warm).result()
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
        if time.monotonic() >= deadline:  # it waited its whole limit for a thread
            raise ServerBusy(
                f"the request waited the whole time limit ({limit:g} s) before it could run; "
                "try again shortly"
            )
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
            answer = executor.run(job, deadline)
        except GsiKgError:
            if executor.alive():
                self._idle.put(executor)  # the read's own error
            else:
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
        result, size, rss = answer
        if self.retire_above is not None and rss > self.retire_above:
            self._retire(executor)  # give the memory back
        else:
            self._idle.put(executor)
        return result, size

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
