"""Faults: a build killed with SIGKILL at any point, a corrupt or missing store at start-up, and
rebuilds while a real server answers queries."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.releases import check_release, resolve_release
from kg.store import QuerySolutions, open_read_only, query_store
from tests.conftest import CORPUS, LiveServer, build_corpus, free_port

GSI = "https://w3id.org/gsi-kg/ontology#"
COUNTS = (
    f"PREFIX gsi: <{GSI}> SELECT (COUNT(DISTINCT ?p) AS ?passages) (COUNT(DISTINCT ?d) AS ?docs) "
    "WHERE { ?p a gsi:Passage ; <http://purl.org/dc/terms/isPartOf> ?d . ?d a gsi:Document }"
)
EXTRA = "关于外空安全的说明\n\n中方主张和平利用外层空间，反对外空军备竞赛。\n\n各方应当加强对话。\n"


def counts_in(out: Path) -> tuple[int, int]:
    """(passages, documents) of the release ``out/current`` points to."""
    result = query_store(open_read_only(resolve_release(out).store_path), COUNTS)
    assert isinstance(result, QuerySolutions)
    row = next(iter(result))
    return int(row["passages"].value), int(row["docs"].value)


def counts_served(url: str) -> tuple[int, int]:
    query = urllib.parse.urlencode({"query": COUNTS})
    with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=30) as response:
        row = json.load(response)["results"]["bindings"][0]
    return int(row["passages"]["value"]), int(row["docs"]["value"])


def build_command(corpus: Path, out: Path) -> list[str]:
    # SHACL has its own tests; these builds are about kills and switches, so they skip it.
    return [
        sys.executable,
        "-m",
        "kg",
        "build",
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--no-validate",
    ]


def larger_corpus(tmp_path: Path, copies: int) -> Path:
    """The seed corpus plus ``copies`` unlisted copies of each document (a longer build)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    for source in sorted(CORPUS.glob("*.txt")):
        for n in range(copies):
            (corpus / f"{source.stem}-copy{n}.txt").write_bytes(source.read_bytes())
    return corpus


@pytest.mark.server
def test_sigkill_at_any_point_leaves_a_whole_release_current(tmp_path: Path) -> None:
    corpus = larger_corpus(tmp_path, copies=2)
    out = tmp_path / "out"
    build_corpus(corpus, out, validate=False)
    old = counts_in(out)
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")
    started = time.monotonic()
    subprocess.run(build_command(corpus, tmp_path / "timing"), check=True, capture_output=True)
    duration = time.monotonic() - started
    new = counts_in(tmp_path / "timing")
    assert new != old
    outcomes: Counter[str] = Counter()
    for fraction in (0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.95, 1.0, 1.05):
        build = subprocess.Popen(
            build_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * fraction)
        build.send_signal(signal.SIGKILL)
        build.wait()
        check_release(resolve_release(out))
        served = counts_in(out)
        assert served in (old, new), (fraction, served)
        outcomes["new" if served == new else "old"] += 1
    assert outcomes["old"] > 0
    report = build_corpus(corpus, out, validate=False)
    assert counts_in(out) == new
    assert Path(report.release) == resolve_release(out).path
    assert not list(out.glob(".staging-*")) and not list(out.glob(".current.*"))
    # At most the previous build's release and this one's uncompacted and compacted releases.
    assert len(list((out / "releases").iterdir())) <= 3


def garbage_sst(release: Path) -> None:
    for sst in (release / "store").glob("*.sst"):
        sst.write_bytes(b"not a table " * 8)


def empty_store(release: Path) -> None:
    shutil.rmtree(release / "store")
    (release / "store").mkdir()


CORRUPTIONS: dict[str, tuple[Callable[[Path], object], str]] = {
    "garbage-sst": (garbage_sst, "cannot open store (Corruption"),
    "empty-store-directory": (empty_store, "cannot open store"),
    "missing-release-json": (lambda r: (r / "release.json").unlink(), "no built store here"),
    "bad-release-json": (lambda r: (r / "release.json").write_text("{"), "metadata unreadable"),
    "missing-release": (shutil.rmtree, "which does not exist"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pristine")
    build_corpus(CORPUS, out, validate=False)
    return out


@pytest.mark.server
@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_serve_refuses_a_corrupt_store_with_one_line(
    pristine: Path, tmp_path: Path, case: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(pristine, out, symlinks=True)
    corrupt, expected = CORRUPTIONS[case]
    corrupt(resolve_release(out).path)
    releases = sorted((out / "releases").iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(out), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 5, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert expected in lines[0] and str(out) in lines[0]
    assert sorted((out / "releases").iterdir()) == releases  # no build was attempted


@pytest.mark.server
def test_rebuilds_while_serving_never_fail_a_request(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    build_corpus(corpus, out, validate=False)
    before = counts_in(out)
    server = LiveServer(out, free_port(), env={"GSIKG_WORKERS": "2"})
    seen: Counter[tuple[int, int]] = Counter()
    failures: list[str] = []
    done = threading.Event()

    def client() -> None:
        while not done.is_set():
            try:
                seen[counts_served(server.url)] += 1
            except (OSError, urllib.error.HTTPError, KeyError, ValueError) as exc:
                failures.append(repr(exc))

    try:
        server.wait_ready()
        pid = server.process.pid
        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        extra = corpus / "extra.txt"
        for n in range(6):
            if n % 2 == 0:
                extra.write_text(EXTRA, encoding="utf-8")
            else:
                extra.unlink()
            subprocess.run(build_command(corpus, out), check=True, capture_output=True)
            after = counts_in(out)
            time.sleep(0.5)
        done.set()
        for thread in threads:
            thread.join(timeout=30)
        assert server.process.poll() is None and server.process.pid == pid
    finally:
        done.set()
        server.stop()
    assert failures == []
    assert after == before
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")
    build_corpus(corpus, out, validate=False)
    with_extra = counts_in(out)
    assert set(seen) == {before, with_extra}, seen
    assert sum(seen.values()) > 50
