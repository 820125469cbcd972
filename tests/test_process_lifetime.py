"""Child processes under stuck queries and killed parents (the real server, real processes).

A pathological query (an unbounded property-path chain, a cross product) holds its executor until
the time limit; the executor is then killed and replaced while other clients keep being answered,
and the replacement serves the next queries. Executors never outlive their web worker: SIGKILL
the worker, or the whole server, in the middle of a query and every executor is gone within
seconds (Linux parent-death signal, with a parent-pid check as the fallback). The same holds
for the build's loader process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.lifetime import PACKAGE_ROOT
from kg.releases import resolve_release
from tests.conftest import LiveServer, free_port

pytestmark = pytest.mark.server

QUICK = "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"
PATH_CHAIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x:y>)+/(!<urn:x:y>)+/(!<urn:x:y>)+ ?b }"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def ask(server: LiveServer, query: str, timeout: float = 60) -> int:
    url = f"{server.url}/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def process_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every live process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                table[int(entry.name)] = (int(fields[1]), fields[0])
    return table


def children(pid: int) -> set[int]:
    return {p for p, (parent, state) in process_table().items() if parent == pid and state != "Z"}


def alive(pids: set[int]) -> set[int]:
    table = process_table()
    return {p for p in pids if p in table and table[p][1] != "Z"}


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def executors_of(server: LiveServer) -> set[int]:
    return {e for worker in children(server.process.pid) for e in children(worker)}


def wait_for_processes(
    server: LiveServer, workers: int, executors: int
) -> tuple[set[int], set[int]]:
    """The server's workers and executors, once there are as many as expected (the server answers
    as soon as its first worker is up; the others may still be starting)."""
    deadline = time.monotonic() + 15
    while True:
        found = children(server.process.pid), executors_of(server)
        if (len(found[0]), len(found[1])) == (workers, executors) or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def serve(built: Path, **env: str) -> LiveServer:
    server = LiveServer(built, free_port(), env={"GSIKG_CACHE_ENTRIES": "0", **env})
    server.wait_ready()
    ask(server, QUICK)  # the executors are up and have opened the store
    return server


@pytest.fixture(scope="module")
def limited(built: Path) -> Iterator[LiveServer]:
    server = serve(built, GSIKG_QUERY_TIMEOUT="2", GSIKG_WORKERS="1")
    try:
        yield server
    finally:
        server.stop()


def opened_store(pid: int, store: Path) -> bool:
    """Whether process ``pid`` holds a file of ``store`` open (an executor opens it on its first
    job)."""
    fds = Path(f"/proc/{pid}/fd")
    return any(str(store) in os.path.realpath(fd) for fd in fds.iterdir())


@pytest.mark.parametrize("pathological", [PATH_CHAIN, CROSS_PRODUCT], ids=["path", "cross"])
def test_stuck_executor_is_replaced_while_others_are_served(
    limited: LiveServer, built: Path, pathological: str
) -> None:
    before = executors_of(limited)
    assert len(before) == 2
    stop = threading.Event()
    answers: list[int] = []
    errors: list[BaseException] = []

    def client() -> None:
        while not stop.is_set():
            try:
                answers.append(ask(limited, QUICK, timeout=10))
            except OSError as exc:
                errors.append(exc)

    clients = [threading.Thread(target=client) for _ in range(3)]
    for thread in clients:
        thread.start()
    try:
        started = time.monotonic()
        status = ask(limited, pathological)
        seconds = time.monotonic() - started
        time.sleep(0.5)  # the clients go on after the replacement
    finally:
        stop.set()
        for thread in clients:
            thread.join()
    assert status == 422 and seconds < 3.0
    assert errors == [] and len(answers) > 20 and set(answers) == {200}
    after = executors_of(limited)
    replaced, replacement = before - after, after - before
    assert len(replaced) == 1 and len(replacement) == 1 and len(after) == 2
    assert alive(replaced) == set()
    for _ in range(2):  # the pool hands out executors in turn: the replacement serves one
        assert ask(limited, QUICK) == 200
    (new,) = replacement
    assert opened_store(new, resolve_release(built).store_path)


def slow_query_in_flight(server: LiveServer) -> threading.Thread:
    """Send a long query and return once an executor is busy with it."""

    def run() -> None:
        with contextlib.suppress(OSError):
            ask(server, CROSS_PRODUCT, timeout=60)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(1.0)
    return thread


def test_executors_die_with_a_killed_worker(built: Path) -> None:
    server = serve(built, GSIKG_QUERY_TIMEOUT="60", GSIKG_WORKERS="1")
    try:
        (worker,) = children(server.process.pid)
        executors = children(worker)
        assert len(executors) == 2
        slow_query_in_flight(server)
        os.kill(worker, signal.SIGKILL)
        assert wait_until_gone(executors, 5.0) == set()
    finally:
        server.stop()


def test_nothing_outlives_a_killed_server(built: Path) -> None:
    server = serve(built, GSIKG_QUERY_TIMEOUT="60", GSIKG_WORKERS="2")
    try:
        workers, executors = wait_for_processes(server, workers=2, executors=4)
        assert len(workers) == 2 and len(executors) == 4
        slow_query_in_flight(server)
        server.process.send_signal(signal.SIGKILL)
        # the workers get the parent-death signal at once, and their executors with them
        assert wait_until_gone(workers | executors, 5.0) == set()
    finally:
        server.stop()


def test_an_executor_whose_parent_is_gone_exits_at_once() -> None:
    """The fallback: started for a parent that is not (or no longer) its parent, it exits."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        process = subprocess.run(
            [sys.executable, "-m", "kg.read.worker", str(theirs.fileno()), "1"],
            pass_fds=[theirs.fileno()],
            cwd=PACKAGE_ROOT,
            timeout=30,
            check=False,
        )
    assert process.returncode == 1


# A build stand-in: it starts the loader, lets another process (``sleep``) hold the loader's input
# open, so that only its parent's death can end the loader, and waits.
HOLDS_A_LOADER = """
import subprocess, sys, time
from pathlib import Path
from kg.pipeline.loader import LoaderProcess
loader = LoaderProcess(Path(sys.argv[1]) / "store", Path(sys.argv[1]) / "dump.nq")
subprocess.Popen(["sleep", "60"], pass_fds=[loader.control.fileno()])
print(loader._process.pid, flush=True)
time.sleep(60)
"""


def test_the_loader_dies_with_its_build_even_if_its_input_stays_open(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [sys.executable, "-c", HOLDS_A_LOADER, str(tmp_path)],
        stdout=subprocess.PIPE,
        cwd=PACKAGE_ROOT,
    )
    assert build.stdout is not None
    loader = int(build.stdout.readline())
    holders = children(build.pid) - {loader}
    try:
        time.sleep(0.5)
        assert alive({loader}) == {loader}  # waiting for input that does not end
        build.kill()
        build.wait()
        assert wait_until_gone({loader}, 5.0) == set()
    finally:
        build.stdout.close()
        for pid in alive(holders):
            os.kill(pid, signal.SIGKILL)


def test_a_killed_build_leaves_no_loader(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--out", str(tmp_path / "out"), "--no-validate"],
        cwd=PACKAGE_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    loaders: set[int] = set()
    while not loaders and build.poll() is None and time.monotonic() < deadline:
        loaders = children(build.pid)
        time.sleep(0.01)
    assert loaders, "the build started no loader process"
    build.kill()
    build.wait()
    assert wait_until_gone(loaders, 5.0) == set()


def validation_workers(pid: int) -> set[int]:
    found = set()
    for child in children(pid):
        with contextlib.suppress(OSError):
            if b"kg.pipeline.validation_workers" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def test_a_build_killed_while_validating_leaves_no_validation_process(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--out", str(tmp_path / "out"), "--no-dumps"],
        cwd=PACKAGE_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while not workers and build.poll() is None and time.monotonic() < deadline:
        workers = validation_workers(build.pid)
        time.sleep(0.01)
    assert workers, "the build started no validation process"
    build.kill()
    build.wait()
    assert wait_until_gone(workers, 5.0) == set()
