"""Processes that run pySHACL on the batches of :mod:`kg.pipeline.validation_split`, so that a
build validates on both cores.

Each worker is a fresh interpreter (``python -m kg.pipeline.validation_workers``, as the loader
and the read executors are: ``multiprocessing``'s spawn would re-run the CLI), dies with the build
(:func:`kg.lifetime.die_with_parent`) and talks over a socket: it is sent the shapes and the
context once, parses them once, then validates one batch per message, the context added, and
answers with the violations of that batch (see :func:`kg.pipeline.validate.run_shacl`).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Literal as Kind

from kg.lifetime import spawn_child


@dataclass(frozen=True)
class Setup:
    """What every worker is sent first: shapes and context as N-Triples."""

    shapes: bytes
    context: bytes


@dataclass(frozen=True)
class Job:
    """One run: ``lines`` (N-Triples) with the context. A ``documents`` run keeps the violations
    about the nodes its lines describe (as focus node, or as the value a SPARQL constraint
    reports); a ``remainder`` run keeps them all."""

    kind: Kind["documents", "remainder"]
    lines: bytes
    documents: int = 0


class Worker:
    """One worker process and the socket to it."""

    def __init__(self, setup: bytes) -> None:
        child = spawn_child(__name__, [])
        self.process, self.conn, self.stderr = child.process, child.conn, child.stderr
        self.job: Job | None = None
        self.conn.send_bytes(setup)

    def send(self, job: Job) -> None:
        self.job = job
        try:
            self.conn.send_bytes(pickle.dumps(job))
        except OSError as exc:
            raise self.death() from exc

    def receive(self) -> tuple[Job, list[object]]:
        """The job sent last and its answer; raises what the worker raised (SyntaxError for a
        malformed line) or RuntimeError if it died."""
        assert self.job is not None
        job, self.job = self.job, None
        try:
            kind, answer = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError) as exc:
            raise self.death() from exc
        if kind == "error":
            raise answer
        return job, answer

    def death(self) -> RuntimeError:
        code = self.process.wait(timeout=30)
        self.stderr.seek(0)
        said = self.stderr.read(65536).decode(errors="replace").strip().splitlines()
        last = said[-1] if said else f"exit status {code}"
        return RuntimeError(f"a SHACL validation process died ({last})")

    def close(self) -> None:
        self.conn.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


class WorkerPool:
    """Up to ``size`` workers, started as jobs need them; a job goes to an idle worker."""

    def __init__(self, setup: Setup, size: int) -> None:
        self._setup = pickle.dumps(setup)
        self._size = max(1, size)
        self._idle: list[Worker] = []
        self._busy: list[Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._idle + self._busy:
            if exc[0] is not None:
                worker.process.kill()
            worker.close()

    def submit(self, job: Job) -> list[tuple[Job, list[object]]]:
        """Hand ``job`` to an idle worker (starting one if fewer than ``size`` run); returns the
        answers that came in while waiting for one to be idle."""
        answers: list[tuple[Job, list[object]]] = []
        if not self._idle and len(self._busy) >= self._size:
            answers.extend(self._collect())
        worker = self._idle.pop() if self._idle else Worker(self._setup)
        worker.send(job)
        self._busy.append(worker)
        return answers

    def drain(self) -> Iterable[tuple[Job, list[object]]]:
        """The answers of every job still running, as they come."""
        while self._busy:
            yield from self._collect()

    def _collect(self) -> list[tuple[Job, list[object]]]:
        """Wait until at least one worker answers; its answers."""
        ready = wait([worker.conn for worker in self._busy])
        answers = []
        for worker in [w for w in self._busy if w.conn in ready]:
            answers.append(worker.receive())
            self._busy.remove(worker)
            self._idle.append(worker)
        return answers


def _serve(conn: Connection) -> None:
    """The worker's loop: the setup, then one job per message until the socket closes."""
    import rdflib

    from kg.pipeline.validate import render_term, run_shacl
    from kg.rdflib_terms import to_rdflib, to_rdflib_graph
    from kg.store import RdfFormat, parse

    setup: Setup = pickle.loads(conn.recv_bytes())
    shapes = to_rdflib_graph(parse(setup.shapes, format=RdfFormat.N_TRIPLES))
    context = [
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
        for t in parse(setup.context, format=RdfFormat.N_TRIPLES)
    ]
    while True:
        try:
            job: Job = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        try:
            data = rdflib.Graph()
            for triple in context:
                data.add(triple)
            described: set[str] | None = set() if job.kind == "documents" else None
            for t in parse(job.lines, format=RdfFormat.N_TRIPLES):
                subject = to_rdflib(t.subject)
                data.add((subject, to_rdflib(t.predicate), to_rdflib(t.object)))
                if described is not None:
                    described.add(render_term(subject))
            violations = run_shacl(data, shapes, inplace=True).violations
            if described is not None:
                violations = tuple(
                    v
                    for v in violations
                    if v.focus_node in described or (v.from_sparql and v.value in described)
                )
            answer: tuple[str, object] = ("ok", list(violations))
        except (SyntaxError, ValueError) as exc:
            answer = ("error", exc)
        conn.send_bytes(pickle.dumps(answer))


if __name__ == "__main__":
    from kg.lifetime import die_with_parent

    # ``python -m kg.pipeline.validation_workers FD PARENT_PID``: serve the socket FD.
    die_with_parent(int(sys.argv[2]))
    _serve(Connection(int(sys.argv[1])))
