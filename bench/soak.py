"""Soak test: many concurrent clients on a mixed query load against a real ``gsi-kg serve``,
optionally with rebuilds into the served directory and builds killed with SIGKILL meanwhile.

    python -m bench.soak                          # 32 clients for 60 s
    python -m bench.soak --rebuild-every 5        # ... while the graph is rebuilt every 5 s
    python -m bench.soak --kill-builds 20         # ... while 20 builds are killed at random points
    python -m bench.soak --stalled 256 --hungry --saturate
                                                  # ... with 256 uploads stalled all along, queries
                                                  # over the memory limit, queries past the time
                                                  # limit

Prints a JSON report and exits 1 if any request got a 5xx (but the 503 a saturated server
answers), an unexpected status or lost its connection, if a stalled upload was not answered 408,
or if the server's memory went over workers × executors × ``GSIKG_QUERY_MEMORY`` + 1 GiB. The
server's memory is the resident set of its whole process tree (Granian main process, workers and
their children), read from ``/proc`` at the start and end of the load and every 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
PREFIXES = (
    "PREFIX gsi: <https://w3id.org/gsi-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
)
EXTRA_DOCUMENT = "关于外空安全的说明\n\n中方主张和平利用外层空间，反对外空军备竞赛。\n"


@dataclass(frozen=True)
class Probe:
    """One request of the mix and the statuses a healthy server answers it with."""

    name: str
    path: str
    body: bytes | None = None
    content_type: str | None = None
    expect: tuple[int, ...] = (200,)


def sparql_get(name: str, query: str, expect: tuple[int, ...] = (200,)) -> Probe:
    return Probe(
        name, "/sparql?" + urllib.parse.urlencode({"query": PREFIXES + query}), None, None, expect
    )


def sparql_post(name: str, query: str, expect: tuple[int, ...] = (200,)) -> Probe:
    body = (PREFIXES + query).encode()
    return Probe(name, "/sparql", body, "application/sparql-query", expect)


MIX: list[Probe] = [
    sparql_get("count-passages", "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"),
    sparql_get(
        "documents",
        "SELECT ?d ?t ?date WHERE { ?d a gsi:Document ; dcterms:title ?t . "
        "OPTIONAL { ?d dcterms:date ?date } } ORDER BY ?date",
    ),
    sparql_post(
        "text-search",
        "SELECT ?p ?text WHERE { ?p a gsi:Passage ; gsi:text ?text . "
        'FILTER(CONTAINS(?text, "多边主义")) }',
    ),
    sparql_get(
        "per-graph",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n)",
    ),
    sparql_post(
        "construct-document",
        'CONSTRUCT { ?d ?p ?o } WHERE { ?d dcterms:identifier "gsi-concept-paper" ; ?p ?o }',
    ),
    sparql_get("ask", "ASK { ?p a gsi:Passage }"),
    sparql_get(
        "headings",
        "SELECT ?path (COUNT(?p) AS ?n) WHERE { ?p gsi:headingPath ?path } GROUP BY ?path LIMIT 50",
    ),
    sparql_get("syntax-error", "SELECT ?x WHERE { ?x ", expect=(400,)),
    Probe("health", "/health"),
]
A100 = '"' + "a" * 100 + '"'
# a 1.6 GB string: over any sane memory limit, 422
HUNGRY = sparql_post(
    "hungry",
    "SELECT (STRLEN(?s) AS ?n) { BIND("
    + "REPLACE(" * 12
    + A100
    + ', "a", "aaaa")' * 12
    + " AS ?s) }",
    expect=(422,),
)
# a cross product stopped at the time limit (422), or refused when every thread is busy (503)
SATURATING = sparql_post(
    "cross-product",
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    expect=(422, 503),
)
QUERY_MEMORY = 512 * 1_048_576
EXECUTORS = 2
STALLED_BODY = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 100000\r\n\r\nASK"
)


@dataclass
class ClientStats:
    """What the clients saw."""

    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0
    unexpected: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def merge(self, other: ClientStats) -> None:
        self.requests += other.requests
        self.by_status.update(other.by_status)
        self.server_errors += other.server_errors
        self.unexpected.extend(other.unexpected)
        self.connection_errors.extend(other.connection_errors)
        self.latencies.extend(other.latencies)


def send(base_url: str, probe: Probe, timeout: float = 60.0) -> int:
    """Send one probe; return the HTTP status (raises OSError on connection failures)."""
    headers = {"Content-Type": probe.content_type} if probe.content_type else {}
    request = urllib.request.Request(base_url + probe.path, data=probe.body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def run_clients(base_url: str, clients: int, seconds: float, mix: list[Probe]) -> ClientStats:
    """``clients`` threads cycling through ``mix`` for ``seconds``; returns what they saw."""
    deadline = time.monotonic() + seconds
    results: list[ClientStats] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        stats = ClientStats()
        index = offset
        while time.monotonic() < deadline:
            probe = mix[index % len(mix)]
            index += 1
            started = time.perf_counter()
            try:
                status = send(base_url, probe)
            except OSError as exc:
                stats.connection_errors.append(f"{probe.name}: {exc!r}")
                continue
            stats.latencies.append(time.perf_counter() - started)
            stats.requests += 1
            stats.by_status[status] += 1
            if status >= 500 and status not in probe.expect:
                stats.server_errors += 1
            if status not in probe.expect:
                stats.unexpected.append(f"{probe.name}: {status}")
        with lock:
            results.append(stats)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = ClientStats()
    for stats in results:
        total.merge(stats)
    return total


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from ``/proc/<pid>/task/<tid>/children``."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def tree_rss_kib(pid: int) -> int:
    """Resident set size of ``pid`` and its descendants, in KiB."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def build(corpus: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-q", "--corpus", str(corpus), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=PROJECT_ROOT,
    )


class Server:
    """``gsi-kg serve`` on 127.0.0.1 as a subprocess."""

    def __init__(self, out: Path, port: int, workers: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        env = {
            **os.environ,
            "GSIKG_WORKERS": str(workers),
            "GSIKG_EXECUTORS": str(EXECUTORS),
            "GSIKG_QUERY_MEMORY": str(QUERY_MEMORY),
            "GSIKG_QUERY_TIMEOUT": "5",
            "GSIKG_BODY_TIMEOUT": "5",
        }
        command = [sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", str(port)]
        self.process = subprocess.Popen(
            command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                if send(self.url, Probe("health", "/health"), timeout=2) == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class SoakReport:
    clients: int
    seconds: float
    requests: int
    requests_per_second: float
    by_status: dict[str, int]
    server_errors: int
    unexpected: list[str]
    connection_errors: list[str]
    p50_ms: float
    p99_ms: float
    rss_start_kib: int
    rss_end_kib: int
    rss_max_kib: int
    rebuilds: int
    killed_builds: int
    server_restarted: bool
    stalled: int = 0
    stalled_answered_408: int = 0
    rss_bound_kib: int = 0

    @property
    def ok(self) -> bool:
        return not (
            self.server_errors
            or self.unexpected
            or self.connection_errors
            or self.server_restarted
            or self.stalled_answered_408 < self.stalled
            or (self.rss_bound_kib and self.rss_max_kib > self.rss_bound_kib)
        )


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def soak(
    clients: int = 32,
    seconds: float = 60.0,
    workers: int = 2,
    rebuild_every: float = 0.0,
    kill_builds: int = 0,
    mix: list[Probe] | None = None,
    stalled: int = 0,
    hungry: bool = False,
    saturate: bool = False,
) -> SoakReport:
    """Build the seed corpus, serve it and drive it; rebuild or kill builds meanwhile if asked;
    hold ``stalled`` uploads open all along; add queries over the memory limit (``hungry``) and
    past the time limit (``saturate``) to the mix."""
    mix = [*(mix or MIX), *([HUNGRY] if hungry else []), *([SATURATING] if saturate else [])]
    if saturate:  # a saturated server refuses what it has no thread for (503), but /health
        mix = [p if p.name == "health" else replace(p, expect=(*p.expect, 503)) for p in mix]
    with tempfile.TemporaryDirectory(prefix="gsi-kg-soak-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        shutil.copytree(CORPUS, corpus)
        if build(corpus, out).wait() != 0:
            raise RuntimeError("the first build failed")
        port = _free_port()
        server = Server(out, port, workers)
        try:
            server.wait_ready()
            pid = server.process.pid
            for probe in mix:
                send(server.url, probe)
            rss_start = tree_rss_kib(pid)
            rss_samples = [rss_start]
            stop = threading.Event()
            counters = Counter[str]()
            side = threading.Thread(
                target=_meddle,
                args=(corpus, out, stop, counters, rebuild_every, kill_builds, seconds),
            )
            sampler = threading.Thread(target=_sample, args=(pid, stop, rss_samples))
            staller = threading.Thread(target=_stall, args=(server.port, stalled, stop, counters))
            side.start()
            sampler.start()
            staller.start()
            stats = run_clients(server.url, clients, seconds, mix)
            stop.set()
            side.join()
            sampler.join()
            staller.join()
            rss_end = tree_rss_kib(pid)
            restarted = server.process.poll() is not None or server.process.pid != pid
        finally:
            server.stop()
    return SoakReport(
        clients=clients,
        seconds=seconds,
        requests=stats.requests,
        requests_per_second=round(stats.requests / seconds, 1),
        by_status={str(k): v for k, v in sorted(stats.by_status.items())},
        server_errors=stats.server_errors,
        unexpected=stats.unexpected[:20],
        connection_errors=stats.connection_errors[:20],
        p50_ms=round(_percentile(stats.latencies, 0.5), 1),
        p99_ms=round(_percentile(stats.latencies, 0.99), 1),
        rss_start_kib=rss_start,
        rss_end_kib=rss_end,
        rss_max_kib=max([*rss_samples, rss_end]),
        rebuilds=counters["rebuilds"],
        killed_builds=counters["killed"],
        server_restarted=restarted,
        stalled=counters["stalled"],
        stalled_answered_408=counters["answered 408"],
        rss_bound_kib=(workers * EXECUTORS * QUERY_MEMORY + 2**30) // 1024,
    )


def _stall(port: int, count: int, stop: threading.Event, counters: Counter[str]) -> None:
    """Keep ``count`` uploads stalled after three bytes of their body until ``stop``; each must be
    answered 408 at the body time limit (then it is opened again)."""
    import select
    import socket

    open_: list[socket.socket] = []
    try:
        while not stop.is_set() and count:
            while len(open_) < count:
                connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                connection.sendall(STALLED_BODY)
                open_.append(connection)
                counters["stalled"] += 1
            ready, _, _ = select.select(open_, [], [], 0.5)
            for connection in ready:
                if connection.recv(64).startswith(b"HTTP/1.1 408"):
                    counters["answered 408"] += 1
                connection.close()
                open_.remove(connection)
    finally:
        counters["stalled"] -= len(open_)  # still waiting when the run ended: not counted
        for connection in open_:
            connection.close()


def _meddle(
    corpus: Path,
    out: Path,
    stop: threading.Event,
    counters: Counter[str],
    rebuild_every: float,
    kill_builds: int,
    seconds: float,
) -> None:
    """Rebuild (alternating with and without an extra document) and kill builds until ``stop``."""
    extra = corpus / "extra-document.txt"
    kill_gap = seconds / (kill_builds + 1) if kill_builds else 0.0
    rng = random.Random(8)
    while not stop.is_set() and (rebuild_every or counters["killed"] < kill_builds):
        if rebuild_every:
            stop.wait(rebuild_every)
            if stop.is_set():
                return
            if extra.exists():
                extra.unlink()
            else:
                extra.write_text(EXTRA_DOCUMENT, encoding="utf-8")
            if build(corpus, out).wait() == 0:
                counters["rebuilds"] += 1
        if kill_builds and counters["killed"] < kill_builds:
            stop.wait(kill_gap / 2)
            process = build(corpus, out)
            time.sleep(rng.uniform(0.05, 1.5))
            process.kill()
            process.wait()
            counters["killed"] += 1


def _sample(pid: int, stop: threading.Event, samples: list[int]) -> None:
    while not stop.wait(2.0):
        samples.append(tree_rss_kib(pid))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients [32]")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration [60]")
    parser.add_argument("--workers", type=int, default=2, help="server workers [2]")
    parser.add_argument("--rebuild-every", type=float, default=0.0, help="seconds between builds")
    parser.add_argument("--kill-builds", type=int, default=0, help="builds to SIGKILL meanwhile")
    parser.add_argument("--stalled", type=int, default=0, help="uploads held stalled all along")
    parser.add_argument("--hungry", action="store_true", help="add queries over the memory limit")
    parser.add_argument("--saturate", action="store_true", help="add queries past the time limit")
    args = parser.parse_args(argv)
    report = soak(
        args.clients,
        args.seconds,
        args.workers,
        args.rebuild_every,
        args.kill_builds,
        stalled=args.stalled,
        hungry=args.hungry,
        saturate=args.saturate,
    )
    print(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
