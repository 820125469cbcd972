"""The benchmark at its smallest size, so it cannot rot: 1× corpus, concurrency 1, 1 s per run.

Measures nothing worth reading; checks that every part runs and reports. ``oxigraph serve`` is
included only when the peers' virtualenv (bench/.venv-peers, made by ``make bench``) exists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import formats, run, scale
from bench.servers import PEERS_VENV


@pytest.mark.server
def test_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    servers = "gsi-kg,oxigraph" if (PEERS_VENV / ".installed").is_file() else "gsi-kg"
    argv = ["--sizes", "1", "--validate-sizes", "", "--concurrency", "1", "--seconds", "1"]
    argv += ["--startups", "1", "--servers", servers, "--results", str(tmp_path)]
    assert run.main(argv) == 0

    results = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    [build] = results["build"]
    assert build["documents"] == 5 and build["triples"] > 1000
    assert 0 < build["bulk_load_s"] < build["seconds"]
    assert 0 < results["startup_s"][0] < 30
    for server in results["endpoint"]["servers"]:
        assert all(check["status"] == 200 for check in server["checks"].values()), server
        loads = server["load"]["1"]
        assert set(loads) == {"mix", *results["endpoint"]["queries"]}
        # A query slower than the 1 s run (new-concepts-per-document) may complete none.
        assert loads["mix"]["requests"] > 0
        assert all(r["failures"] == 0 for r in loads.values()), loads
    markdown = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| start-up < 1 s |" in markdown
    assert "**Concurrency 1**" in markdown


@pytest.mark.server
def test_the_scale_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    argv = ["--sizes", "1", "--repeats", "1", "--work", str(tmp_path / "work")]
    assert scale.main([*argv, "--results", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "scale-latest.json").read_text(encoding="utf-8"))
    [size] = results["sizes"]
    assert size["documents"] == 5 and size["quads"] > 1000
    build = size["build"]
    assert 0 < build["bulk_load"] < build["seconds"] and build["peak_rss_mb"] > 0
    assert {"extract", "load", "compact", "dumps", "precompute"} <= set(build["timings"])
    ours, peer = size["ours"], size["peer"]
    # Every canned query (defaults, HTML and JSON), page kind, export and VoID, all answered.
    assert len(ours) > 40 and len(peer) > 20 and set(peer) <= set(ours)
    for name, timing in {**ours, **peer}.items():
        assert timing["statuses"] == [200], name
        assert timing["size"] > 0, name
    markdown = (tmp_path / "scale-latest.md").read_text(encoding="utf-8")
    assert "| concept page (most mentioned) | " in markdown and "| void | " in markdown.lower()
    assert "Reads with p95 ≥ 1 s or a failure: none." in markdown


def test_the_formats_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    argv = ["--scale", "1", "--work", str(tmp_path / "work"), "--results", str(tmp_path)]
    assert formats.main(argv) == 0
    results = json.loads((tmp_path / "formats-latest.json").read_text(encoding="utf-8"))
    reads = {r["format"]: r for r in results["reads"]}
    assert set(reads) == {"pdf", "docx", "html", "txt"}
    assert sum(r["documents"] for r in reads.values()) == results["documents"] == 5
    assert reads["pdf"]["pages"] >= reads["pdf"]["documents"] and reads["pdf"]["peer_s"] > 0
    assert [b["name"] for b in results["builds"]] == [
        "the same texts as UTF-8",
        "mixed formats, cold cache",
        "mixed formats, warm cache",
    ]
    assert all(b["seconds"] > 0 and b["peak_rss_mb"] > 0 for b in results["builds"])
