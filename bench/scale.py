"""The scale benchmark: every read of the product, uncached, at 1×, 10×, 100× and 1000× the seed
corpus, beside the same SPARQL sent to ``oxigraph serve-read-only`` on the very same store.

``python -m bench.scale --sizes 1,10,100,1000`` generates each corpus (:mod:`bench.generate`),
builds it (``gsi-kg build --no-validate``; ``--reuse`` keeps a build already in the work
directory), starts our server with the response cache off and Oxigraph's server on the compacted
store, then requests every read ``--repeats`` times, one at a time, and records p50 and p95:

* every canned query as its HTML page (its first page, what a browser asks for) and as JSON
  (``?format=json&limit=500``) with its defaults, and again with a heavy parameter where it has
  one (the most mentioned concept, the document with the most passages); the JSON query's SPARQL
  (parameters bound by the same ``VALUES`` row, the same ``LIMIT``) goes to Oxigraph too;
* every page kind: the concept and document indexes, one class of the concept index, the concept
  page of the most mentioned concept, the page of the document with the most passages, a search;
* every whole-corpus export (files written by the build) and one document's export (computed);
* the VoID description.

Each read's growth exponent ``k`` (time ∝ documents^k) is fitted from the 10× and the largest
size measured. Results go to ``bench/results/scale-latest.json`` and, with ``--readme``, into the
scale section of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from bench.generate import generate_corpus
from bench.mix import prologue
from bench.run import run_child
from bench.servers import PROJECT_ROOT, Server, ensure_peers, our_server, oxigraph_server
from kg.namespaces import Namespace
from kg.read.canned import CannedQuery, Paging, ParamType, load_queries
from kg.read.exports import ExportFormat, NetworkKind
from kg.read.reader import with_values
from kg.releases import resolve_release

RESULTS = PROJECT_ROOT / "bench" / "results"
README = PROJECT_ROOT / "bench" / "README.md"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
JSON_LIMIT = 500
SEARCH_TERM = "多边主义"
# Seconds one request may take before it counts as failed (the server's own limit is lower).
REQUEST_TIMEOUT = 120.0
# The build's stages, as release.json times them, in the table's order.
BUILD_STAGES = ("extract", "load", "compact", "dumps", "precompute")


@dataclass(frozen=True)
class Read:
    """One read: the path on our server, and the SPARQL sent to Oxigraph (None: no peer)."""

    name: str
    kind: str
    path: str
    accept: str = "text/html"
    peer_sparql: str | None = None


@dataclass
class Timing:
    """p50 and p95 in milliseconds over the repeats, the statuses seen, the body size."""

    p50: float
    p95: float
    statuses: list[int]
    size: int


@dataclass
class BuildFigures:
    """One size's build beside ``bulk_load`` of its own N-Quads dump into a fresh store.

    ``seconds`` is the whole build (to the compacted release with its files), ``published`` the
    time to its first publication; ``timings`` the build's own per-stage seconds. ``peak_rss_mb``
    is the build's peak RSS when this run built it (None for a reused build).
    """

    seconds: float
    published: float
    timings: dict[str, float]
    peak_rss_mb: float | None
    bulk_load: float
    optimize: float
    floor_rss_mb: float

    @property
    def published_ratio(self) -> float:
        """To the first publication over ``bulk_load`` alone."""
        return self.published / self.bulk_load

    @property
    def store_ratio(self) -> float:
        """The build less the files written from the store (dumps, exports, text table) over
        ``bulk_load`` + ``optimize``: extraction, statistics, loading and compaction."""
        extra = self.timings.get("dumps", 0.0) + self.timings.get("precompute", 0.0)
        return (self.seconds - extra) / (self.bulk_load + self.optimize)

    @property
    def whole_ratio(self) -> float:
        """The whole build over ``bulk_load`` + ``optimize``."""
        return self.seconds / (self.bulk_load + self.optimize)


@dataclass
class SizeResult:
    scale: int
    documents: int
    quads: int
    build: BuildFigures
    ours: dict[str, Timing]
    peer: dict[str, Timing]


def get(url: str, accept: str) -> tuple[int, int]:
    """Status and body size of a GET (HTTP errors included)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


def measure(url: str, accept: str, repeats: int) -> Timing:
    """One warm-up request (executors warm, store pages in the OS cache), then ``repeats``."""
    get(url, accept)
    seconds, statuses, size = [], [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        status, size = get(url, accept)
        seconds.append(time.perf_counter() - began)
        statuses.append(status)
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, math.ceil(0.95 * len(seconds)) - 1)]
    return Timing(round(statistics.median(seconds) * 1000, 2), round(p95 * 1000, 2), statuses, size)


def heavy_values(query: CannedQuery, concept: str, document: str) -> dict[str, str] | None:
    """Parameter values naming the most mentioned concept or the largest document, for the
    parameters that take one; None if the query has no such parameter."""
    values = {}
    for param in query.params:
        if param.type is ParamType.CONCEPT or param.name in ("concept", "a", "b"):
            values[param.name] = concept
        elif param.name in ("doc", "document"):
            values[param.name] = document
    return values or None


def canned_reads(
    queries: list[CannedQuery], ns: Namespace, concept: str, document: str
) -> list[Read]:
    head = prologue(ns)
    paging = Paging(JSON_LIMIT)
    reads = []
    for query in queries:
        reads.append(Read(f"{query.name} (page)", "canned page", f"/queries/{query.name}"))
        variants: list[tuple[str, dict[str, str]]] = [("defaults", {})]
        heavy = heavy_values(query, concept, document)
        if heavy is not None:
            variants.append(("heavy", heavy))
        for label, values in variants:
            bindings = dict(query.bind(values, ns))
            sparql = head + with_values(query.sparql, bindings) + paging.clause()
            arguments = urllib.parse.urlencode({**values, "format": "json", "limit": JSON_LIMIT})
            reads.append(
                Read(
                    f"{query.name} ({label})",
                    "canned query",
                    f"/queries/{query.name}?{arguments}",
                    "application/sparql-results+json",
                    sparql,
                )
            )
    return reads


def page_reads(concept: str, document: str) -> list[Read]:
    search = urllib.parse.quote(SEARCH_TERM)
    return [
        Read("concept index", "page", "/concepts"),
        Read("concept index, one class", "page", "/concepts?class=Principle"),
        Read("document index", "page", "/documents"),
        Read("concept page (most mentioned)", "page", "/concept/" + concept),
        Read("document page (most passages)", "page", "/doc/" + document),
        Read("search", "page", f"/search?q={search}"),
        Read("concordance (most mentioned)", "page", "/concordance?concept=" + concept),
        Read("explorer page", "page", "/explorer"),
        # what the explorer's script asks for: the heaviest links, a concept's own network,
        # a range of years, one class
        Read("explorer view (top 60)", "page", "/exports/cooccurrence.cyjs?top=60", "*/*"),
        Read(
            "explorer view (ego, most mentioned)",
            "page",
            f"/exports/cooccurrence.cyjs?top=60&concept={concept}",
            "*/*",
        ),
        Read(
            "explorer view (years 2022-2023)",
            "page",
            "/exports/cooccurrence.cyjs?top=60&from=2022&to=2023",
            "*/*",
        ),
        Read(
            "explorer view (treaties)",
            "page",
            "/exports/cooccurrence.cyjs?top=60&class=Treaty",
            "*/*",
        ),
    ]


def export_reads(document: str) -> list[Read]:
    reads = [
        Read(
            f"export {kind.value}.{fmt.value}",
            "export",
            f"/exports/{kind.value}.{fmt.value}",
            "*/*",
        )
        for kind in NetworkKind
        for fmt in ExportFormat
    ]
    reads += [
        Read(
            f"export {fmt.value}, sentence scope",
            "export",
            f"/exports/cooccurrence.{fmt.value}?scope=sentence",
            "*/*",
        )
        for fmt in ExportFormat
    ]
    reads.append(
        Read(
            "export one document (computed)",
            "export",
            f"/exports/cooccurrence.graphml?document={document}",
            "*/*",
        )
    )
    reads.append(Read("VoID", "void", "/.well-known/void", "text/turtle"))
    return reads


def sparql_value(server: Server, sparql: str) -> str:
    status, body = server.fetch(sparql, "application/sparql-results+json")
    if status != 200:
        raise RuntimeError(f"{server.name}: {status} for {sparql!r}")
    [binding] = json.loads(body)["results"]["bindings"]
    return str(next(iter(binding.values()))["value"])


def heaviest(server: Server, ns: Namespace) -> tuple[str, str]:
    """The local names of the most mentioned concept and of the document with most passages."""
    head = prologue(ns)
    concept = sparql_value(
        server,
        head + "SELECT ?c WHERE { ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; "
        "gsi:mentionCount ?n } ORDER BY DESC(?n) ?c LIMIT 1",
    )
    document = sparql_value(
        server,
        head + "SELECT ?id WHERE { ?o qb:dataSet stats:document ; gsi:refDocument ?d ; "
        "gsi:passageCount ?n . ?d dcterms:identifier ?id } ORDER BY DESC(?n) ?id LIMIT 1",
    )
    return concept.removeprefix(ns.base + "concept/"), document


def build(scale: int, work: Path, reuse: bool) -> tuple[Path, float | None]:
    """The build directory of the ``scale``× corpus (built unless reused) and the build's peak
    RSS in MiB (None when reused)."""
    root = work / f"{scale}x"
    corpus, out = root / "corpus", root / "build"
    if reuse and (out / "current").exists():
        return out, None
    shutil.rmtree(root, ignore_errors=True)
    generate_corpus(PROJECT_ROOT / "corpus", PROJECT_ROOT / "ontology", corpus, scale)
    command = [sys.executable, "-m", "kg", "build", "-q", "--no-validate"]
    built = run_child([*command, "--corpus", str(corpus), "--out", str(out)])
    return out, round(built.peak_rss_mb, 1)


def build_figures(out: Path, peak_rss_mb: float | None, work: Path) -> BuildFigures:
    """The build's own timings from its release, and ``bulk_load`` of its N-Quads dump (run as a
    child, :mod:`bench.floor`, into a scratch store removed after)."""
    release = resolve_release(out)
    metadata = release.metadata()
    timings = metadata.get("timings")
    floor_store = work / "floor-store"
    shutil.rmtree(floor_store, ignore_errors=True)
    dump = release.dumps_path / "gsi-kg.nq"
    floor = run_child([sys.executable, "-m", "bench.floor", str(dump), str(floor_store)])
    shutil.rmtree(floor_store, ignore_errors=True)
    times = json.loads(floor.stdout)
    return BuildFigures(
        seconds=float(str(metadata.get("seconds", 0.0))),
        published=float(str(metadata.get("published_seconds", 0.0))),
        timings={k: float(v) for k, v in timings.items()} if isinstance(timings, dict) else {},
        peak_rss_mb=peak_rss_mb,
        bulk_load=round(times["bulk_load_s"], 2),
        optimize=round(times["optimize_s"], 2),
        floor_rss_mb=round(floor.peak_rss_mb, 1),
    )


def bench_size(
    scale: int, work: Path, repeats: int, reuse: bool, peers_bin: Path, only: list[str]
) -> SizeResult:
    out, peak_rss_mb = build(scale, work, reuse)
    figures = build_figures(out, peak_rss_mb, work)
    release = resolve_release(out)
    metadata = release.metadata()
    ns = release.namespace()
    ours = our_server(out, cache_entries=0, workers=2)
    peer = oxigraph_server(peers_bin, release.store_path)
    ours.start()
    peer.start()
    try:
        concept, document = heaviest(peer, ns)
        queries = list(load_queries(PROJECT_ROOT / "queries").values())
        reads = [
            *canned_reads(queries, ns, concept, document),
            *page_reads(concept, document),
            *export_reads(document),
        ]
        reads = [r for r in reads if not only or any(o in r.name for o in only)]
        our_timings, peer_timings = {}, {}
        for read in reads:
            our_timings[read.name] = measure(ours.base_url + read.path, read.accept, repeats)
            if read.peer_sparql is not None:
                peer_timings[read.name] = measure(
                    peer.base_url + peer.query_path(read.peer_sparql), read.accept, repeats
                )
            print(f"  {scale}× {read.name}: {our_timings[read.name].p50} ms", file=sys.stderr)
    finally:
        ours.stop()
        peer.stop()
    return SizeResult(
        scale,
        int(metadata.get("documents", 0)),  # type: ignore[call-overload]
        int(metadata.get("quads", 0)),  # type: ignore[call-overload]
        figures,
        our_timings,
        peer_timings,
    )


def exponent(small: SizeResult, large: SizeResult, name: str) -> float | None:
    """k in time ∝ documents^k between two sizes, from the p50s."""
    a, b = small.ours.get(name), large.ours.get(name)
    if a is None or b is None or a.p50 <= 0 or large.documents <= small.documents:
        return None
    return math.log(b.p50 / a.p50) / math.log(large.documents / small.documents)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
    }


def render(results: list[SizeResult], info: dict[str, str], command: str) -> str:
    """The markdown table: one row per read, p50/p95 per size, Oxigraph's p50, the exponent."""
    sizes = sorted(results, key=lambda r: r.scale)
    small = next((r for r in sizes if r.scale == 10), sizes[0])
    large = sizes[-1]
    lines = [
        f"Run {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"pyoxigraph {info['pyoxigraph']}; command: `{command}`. Uncached (our response cache "
        "off; Oxigraph has none); milliseconds, p50 / p95 over the repeats. *ox* is "
        "`oxigraph serve-read-only` answering the same SPARQL on the same store. *k*: time ∝ "
        f"documents^k from {small.scale}× to {large.scale}×.",
        "",
        "Builds (`--no-validate`), beside `bulk_load` of the build's own N-Quads dump into a fresh "
        "store (`bench/floor.py`, same run): *published* is the time to the first publication; "
        "*store* is the build less the files it writes from the store (dumps, exports, text "
        "table) over `bulk_load` + `optimize`; *whole* the whole build over the same.",
        "",
        "| size | documents | quads | build s | extract / load / compact / dumps / precompute s "
        "| peak RSS MB | bulk_load + optimize s | published ÷ bulk_load | store ratio "
        "| whole ratio |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in sizes:
        b = r.build
        stages = " / ".join(f"{b.timings.get(k, 0):.0f}" for k in BUILD_STAGES)
        rss = "–" if b.peak_rss_mb is None else f"{b.peak_rss_mb:.0f}"
        lines.append(
            f"| {r.scale}× | {r.documents} | {r.quads:,} | {b.seconds:.1f} | {stages} | {rss} "
            f"| {b.bulk_load:.1f} + {b.optimize:.1f} | {b.published_ratio:.2f} "
            f"| {b.store_ratio:.2f} | {b.whole_ratio:.2f} |"
        )
    header = "| read | " + " | ".join(f"{r.scale}× p50 / p95 | {r.scale}× ox" for r in sizes)
    lines += ["", header + " | k |", "|---|" + "---:|---:|" * len(sizes) + "---:|"]
    over = []
    for name in sizes[0].ours:
        cells = []
        for r in sizes:
            t, p = r.ours.get(name), r.peer.get(name)
            bad = t is not None and any(s != 200 for s in t.statuses)
            mark = " ✗" if bad else ""
            cells.append(f"{t.p50:g} / {t.p95:g}{mark}" if t else "–")
            cells.append(f"{p.p50:g}" if p else "")
            if t is not None and (t.p95 >= 1000 or bad):
                over.append(f"{name} at {r.scale}×")
        k = exponent(small, large, name)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {'' if k is None else f'{k:.2f}'} |")
    lines += [
        "",
        "✗: a status other than 200. Reads with p95 ≥ 1 s or a failure: "
        + (", ".join(over) if over else "none")
        + ".",
    ]
    return "\n".join(lines)


def update_readme(markdown: str) -> None:
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += f"\n## Scale: every read at 1× to 1000×\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{BEGIN}\n{markdown}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000", help="Comma-separated scales.")
    parser.add_argument("--repeats", type=int, default=10, help="Requests per read and server.")
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / "bench" / "work")
    parser.add_argument("--reuse", action="store_true", help="Reuse builds in --work.")
    parser.add_argument("--readme", action="store_true", help="Write the table to bench/README.md.")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Where to write results.")
    parser.add_argument(
        "--only",
        default="",
        help="Comma-separated parts of read names: time only the reads whose name holds one.",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work, results_dir = args.work.resolve(), args.results.resolve()
    os.chdir(PROJECT_ROOT)  # the children run with PYTHONPATH=.
    # The `oxigraph` server of the pinned version: the project's (a development dependency),
    # else the benchmark peers' virtualenv.
    here = Path(sys.executable).parent
    peers_bin = here if (here / "oxigraph").is_file() else ensure_peers()
    only = [o for o in args.only.split(",") if o]
    results = [bench_size(s, work, args.repeats, args.reuse, peers_bin, only) for s in sizes]
    info = machine()
    command = "python -m bench.scale " + " ".join(argv if argv is not None else sys.argv[1:])
    results_dir.mkdir(parents=True, exist_ok=True)
    payload = {"machine": info, "command": command, "sizes": [asdict(r) for r in results]}
    (results_dir / "scale-latest.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
    markdown = render(results, info, command)
    (results_dir / "scale-latest.md").write_text(markdown + "\n", encoding="utf-8")
    if args.readme:
        update_readme(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
