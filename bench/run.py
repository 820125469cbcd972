"""The benchmark: build throughput by corpus size, start-up time, the endpoint against its peers.

``python -m bench.run`` (or ``make bench``) runs all three parts and writes
``bench/results/latest.json`` and ``bench/results/latest.md``; with ``--readme`` it also replaces
the results section of ``bench/README.md``. See ``--help`` for sizes, concurrency and duration.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

from bench import report
from bench.generate import generate_corpus
from bench.load import LoadResult, Request, have_wrk, run_load
from bench.mix import BenchQuery, query_mix
from bench.servers import (
    PROJECT_ROOT,
    Server,
    ensure_peers,
    our_server,
    oxigraph_server,
    rdflib_server,
)
from kg.namespaces import Namespace
from kg.releases import resolve_release
from kg.store import QuerySolutions, open_read_only, query_store

RESULTS = PROJECT_ROOT / "bench" / "results"
SERVER_KINDS = ("gsi-kg", "gsi-kg-nocache", "oxigraph", "rdflib")
CHECK_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class ChildRun:
    """A child process's wall time, peak resident memory and standard output."""

    seconds: float
    peak_rss_mb: float
    stdout: str


def run_child(command: list[str]) -> ChildRun:
    """Run ``command``; measure its wall time and peak RSS (its own, via ``wait4``)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": "."}
        )
        assert process.stderr is not None
        with process.stderr:
            stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"{command[:4]} failed: {stderr.decode(errors='replace')[-2000:]}")
        out.seek(0)
        return ChildRun(seconds, usage.ru_maxrss / 1024, out.read().decode())


@dataclass
class BuildResult:
    """The build of one generated corpus size, and the bulk-load floor for its triples."""

    scale: int
    documents: int
    characters: int
    triples: int
    seconds: float
    dumps_s: float
    # Wall time to the graph's first publication (the store as bulk_load wrote it).
    published_s: float
    peak_rss_mb: float
    bulk_load_s: float
    bulk_load_optimize_s: float
    bulk_load_peak_rss_mb: float
    validated_seconds: float | None = None

    @property
    def chars_per_s(self) -> float:
        return self.characters / self.seconds

    @property
    def triples_per_s(self) -> float:
        return self.triples / self.seconds

    @property
    def floor_ratio(self) -> float:
        """Seconds to the first publication over ``bulk_load`` alone: the same store, as
        ``bulk_load`` writes it (the extra dumps are written after)."""
        return self.published_s / self.bulk_load_s if self.bulk_load_s else 0.0

    @property
    def optimized_floor_ratio(self) -> float:
        """The whole build (to the compacted release), less dumps, over ``bulk_load`` +
        ``optimize()``: the floor for the compacted store."""
        floor = self.bulk_load_s + self.bulk_load_optimize_s
        return (self.seconds - self.dumps_s) / floor if floor else 0.0


def build_command(corpus: Path, out: Path, validate: bool, dumps: bool = True) -> list[str]:
    command = [sys.executable, "-m", "kg", "build", "--corpus", str(corpus), "--out", str(out)]
    command += [] if validate else ["--no-validate"]
    command += [] if dumps else ["--no-dumps"]
    return [*command, "-q"]


def bench_build(scale: int, work: Path, validate_too: bool, dumps: bool) -> BuildResult:
    """Generate the corpus of ``scale``, build it, and bulk-load its dump alone."""
    corpus = work / f"corpus-{scale}x"
    shutil.rmtree(corpus, ignore_errors=True)
    documents, characters = generate_corpus(
        PROJECT_ROOT / "corpus", PROJECT_ROOT / "ontology", corpus, scale
    )
    out = work / f"build-{scale}x"
    shutil.rmtree(out, ignore_errors=True)
    built = run_child(build_command(corpus, out, validate=False, dumps=dumps))
    release = resolve_release(out)
    metadata = release.metadata()
    triples = int(str(metadata["quads"]))
    timings = metadata.get("timings")
    timings = timings if isinstance(timings, dict) else {}
    dumps_s = float(timings.get("dumps", 0.0))
    if not metadata.get("compacted"):
        raise RuntimeError(f"{release.path}: the build did not publish a compacted store")
    floor_store = work / f"floor-{scale}x"
    shutil.rmtree(floor_store, ignore_errors=True)
    dump = release.dumps_path / "gsi-kg.nq"
    floor = run_child([sys.executable, "-m", "bench.floor", str(dump), str(floor_store)])
    floor_times = json.loads(floor.stdout)
    shutil.rmtree(floor_store, ignore_errors=True)
    validated = None
    if validate_too:
        validated = run_child(build_command(corpus, work / f"build-{scale}x-v", True)).seconds
        shutil.rmtree(work / f"build-{scale}x-v", ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return BuildResult(
        scale=scale,
        documents=documents,
        characters=characters,
        triples=triples,
        seconds=built.seconds,
        dumps_s=dumps_s,
        # The report's clock starts after the interpreter has; the wall time includes that.
        published_s=built.seconds
        - (float(str(metadata["seconds"])) - float(str(metadata["published_seconds"]))),
        peak_rss_mb=built.peak_rss_mb,
        bulk_load_s=floor_times["bulk_load_s"],
        bulk_load_optimize_s=floor_times["optimize_s"],
        bulk_load_peak_rss_mb=floor.peak_rss_mb,
        validated_seconds=validated,
    )


@dataclass
class QueryCheck:
    """One query's answer from one server before the load: status, size and row count."""

    status: int
    bytes: int
    rows: int | None


@dataclass
class ServerResult:
    """Everything measured on one server."""

    name: str
    checks: dict[str, QueryCheck] = field(default_factory=dict)
    # concurrency → query name (or "mix") → load result as a dict
    load: dict[int, dict[str, dict[str, float]]] = field(default_factory=dict)


def _rows(body: bytes, accept: str) -> int | None:
    if "json" not in accept:
        return None
    data = json.loads(body)
    if "boolean" in data:
        return int(bool(data["boolean"]))
    return len(data["results"]["bindings"])


def bench_server(
    server: Server, mix: list[BenchQuery], concurrency: list[int], seconds: float
) -> ServerResult:
    result = ServerResult(server.name)
    server.start()
    try:
        for query in mix:
            try:
                status, body = server.fetch(query.sparql, query.accept, timeout=CHECK_TIMEOUT_S)
            except OSError:  # a timeout: urllib raises TimeoutError or URLError
                # Too slow to load-test: recorded as answering none within CHECK_TIMEOUT_S.
                result.checks[query.name] = QueryCheck(0, 0, None)
                server.settle()
                continue
            ok = status == 200
            rows = _rows(body, query.accept) if ok else None
            result.checks[query.name] = QueryCheck(status, len(body), rows)
        requests = {
            q.name: Request(server.query_path(q.sparql), q.accept)
            for q in mix
            if result.checks[q.name].status
        }
        for level in concurrency:
            runs: dict[str, dict[str, float]] = {}
            mixed = run_load(server.base_url, list(requests.values()), level, seconds)
            runs["mix"] = {**asdict(mixed), "qps": mixed.qps}
            server.settle()
            for name, request in requests.items():
                single = run_load(server.base_url, [request], level, seconds)
                runs[name] = {**asdict(single), "qps": single.qps}
                server.settle()
            for name, check in result.checks.items():
                if not check.status:
                    runs[name] = {**asdict(LoadResult(0, CHECK_TIMEOUT_S, 0, 0, 1)), "qps": 0.0}
            result.load[level] = runs
            print(
                f"  {server.name} c={level}: mix {mixed.qps:.0f} q/s p99 {mixed.p99_ms:.1f} ms",
                file=sys.stderr,
            )
    finally:
        server.stop()
    return result


def describe_target(build_dir: Path) -> str:
    """A concept to DESCRIBE: the NPT if the vocabulary has it, else any concept or document."""
    release = resolve_release(build_dir)
    ns = Namespace(str(release.metadata()["base_iri"]))
    store = open_read_only(release.store_path)
    for sparql in (
        f"SELECT ?c WHERE {{ ?c a skos:Concept FILTER(?c = <{ns.concept('npt')}>) }}",
        "SELECT ?c WHERE { ?c a skos:Concept } ORDER BY ?c LIMIT 1",
        "SELECT ?c WHERE { ?c a gsi:Document } ORDER BY ?c LIMIT 1",
    ):
        solutions = query_store(store, sparql, prefixes=ns.prefixes())
        assert isinstance(solutions, QuerySolutions)
        for row in solutions:
            return str(row["c"].value)
    raise RuntimeError("the built store has neither concepts nor documents")


def startup_times(build_dir: Path, repeats: int) -> list[float]:
    """Seconds from ``gsi-kg serve`` to its first answered query, ``repeats`` times."""
    times = []
    for _ in range(repeats):
        server = our_server(build_dir, cache_entries=512, workers=2)
        try:
            times.append(server.start(timeout=60))
        finally:
            server.stop()
    return times


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    wrk = (
        subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0].strip()
        if have_wrk()
        else "absent (Python load generator)"
    )
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{memory_kb / 1024 / 1024:.0f} GiB",
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
        "granian": version("granian"),
        "load generator": wrk,
    }


def peer_versions(peers_bin: Path) -> dict[str, str]:
    script = (
        "from importlib.metadata import version as v; "
        "print(v('oxigraph'), v('rdflib-endpoint'), v('rdflib'), v('uvicorn'))"
    )
    out = subprocess.run(
        [str(peers_bin / "python"), "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return dict(zip(["oxigraph", "rdflib-endpoint", "rdflib", "uvicorn"], out, strict=True))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ints = lambda text: [int(p) for p in text.split(",") if p]  # noqa: E731
    parser = argparse.ArgumentParser(description="GSI-KG benchmark (see bench/README.md).")
    parser.add_argument(
        "--sizes", type=ints, default=[1, 10, 100], help="Corpus scales [1,10,100]; or 1,…,1000."
    )
    parser.add_argument(
        "--validate-sizes",
        type=ints,
        default=[1, 10],
        help="Also build these with SHACL validation [1,10].",
    )
    parser.add_argument(
        "--dumps-up-to",
        type=int,
        default=100,
        help="Larger scales are built with --no-dumps (the ratio leaves dumps out anyway) [100].",
    )
    parser.add_argument(
        "--concurrency", type=ints, default=[1, 8, 32], help="Connections [1,8,32]."
    )
    parser.add_argument(
        "--rdflib-max-concurrency",
        type=int,
        default=8,
        help="rdflib-endpoint answers one query at a time in seconds: skip it above this [8].",
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="Seconds per load run [3].")
    parser.add_argument("--workers", type=int, default=2, help="Our server's worker processes [2].")
    parser.add_argument("--startups", type=int, default=5, help="Start-up measurements [5].")
    parser.add_argument(
        "--servers",
        type=lambda text: [p for p in text.split(",") if p],
        default=list(SERVER_KINDS),
        help=f"Servers to measure [{','.join(SERVER_KINDS)}].",
    )
    parser.add_argument("--no-build", action="store_true", help="Skip the build benchmark.")
    parser.add_argument("--no-endpoint", action="store_true", help="Skip the endpoint benchmark.")
    parser.add_argument("--work", type=Path, help="Scratch directory [a temporary one].")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Where to write results.")
    parser.add_argument("--readme", action="store_true", help="Put the tables in bench/README.md.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(PROJECT_ROOT)
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    results: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command.strip(),
        "machine": machine(),
        "seconds_per_run": args.seconds,
    }
    with tempfile.TemporaryDirectory(prefix="gsikg-bench-", dir=args.work) as tmp:
        work = Path(tmp)
        if not args.no_build:
            builds = []
            for scale in args.sizes:
                print(f"build {scale}×", file=sys.stderr)
                built = bench_build(
                    scale,
                    work,
                    validate_too=scale in args.validate_sizes,
                    dumps=scale <= args.dumps_up_to,
                )
                builds.append(built)
                print(f"  {built.seconds:.1f} s, floor {built.bulk_load_s:.1f} s", file=sys.stderr)
            results["build"] = [
                {
                    **asdict(b),
                    "chars_per_s": b.chars_per_s,
                    "triples_per_s": b.triples_per_s,
                    "floor_ratio": b.floor_ratio,
                    "optimized_floor_ratio": b.optimized_floor_ratio,
                }
                for b in builds
            ]
        build_dir = work / "endpoint-build"
        run_child(build_command(PROJECT_ROOT / "corpus", build_dir, validate=False))
        print("start-up", file=sys.stderr)
        results["startup_s"] = startup_times(build_dir, args.startups)
        if not args.no_endpoint:
            results["endpoint"] = bench_endpoints(args, build_dir, results)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "latest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    markdown = report.render(results)
    (args.results / "latest.md").write_text(markdown, encoding="utf-8")
    if args.readme:
        report.update_readme(PROJECT_ROOT / "bench" / "README.md", markdown)
    print(markdown)
    return 0


def bench_endpoints(
    args: argparse.Namespace, build_dir: Path, results: dict[str, object]
) -> dict[str, object]:
    release = resolve_release(build_dir)
    ns = Namespace(str(release.metadata()["base_iri"]))
    mix = query_mix(PROJECT_ROOT / "queries", ns, describe_target(build_dir))
    unknown = set(args.servers) - set(SERVER_KINDS)
    if unknown:
        raise SystemExit(f"--servers: unknown {sorted(unknown)}; known: {list(SERVER_KINDS)}")
    servers = []
    if "gsi-kg" in args.servers:
        servers.append(our_server(build_dir, cache_entries=512, workers=args.workers))
    if "gsi-kg-nocache" in args.servers:
        servers.append(our_server(build_dir, cache_entries=0, workers=args.workers))
    if {"oxigraph", "rdflib"} & set(args.servers):
        print("peers' virtualenv", file=sys.stderr)
        peers_bin = ensure_peers()
        results["peers"] = peer_versions(peers_bin)
        if "oxigraph" in args.servers:
            servers.append(oxigraph_server(peers_bin, release.store_path))
        if "rdflib" in args.servers:
            servers.append(rdflib_server(peers_bin, release.dumps_path / "gsi-kg.nq"))
    measured = []
    for server in servers:
        print(f"endpoint: {server.name}", file=sys.stderr)
        levels = args.concurrency
        if server.name == "rdflib-endpoint":
            levels = [c for c in levels if c <= args.rdflib_max_concurrency]
        measured.append(bench_server(server, mix, levels, args.seconds))
    return {
        "queries": {q.name: q.sparql for q in mix},
        "servers": [asdict(m) for m in measured],
        "startup_median_s": statistics.median(results["startup_s"]),  # type: ignore[arg-type]
    }


if __name__ == "__main__":
    sys.exit(main())
