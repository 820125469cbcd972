"""The formats benchmark: a corpus of PDFs, Word files and web pages, beside the same texts as
UTF-8, read and built.

``python -m bench.formats --scale 20`` generates ``5 × scale`` documents (:mod:`bench.generate`)
and writes each, in turn, as a PDF printed by headless Chromium, a Word file (python-docx), a
saved web page with navigation and footer, or plain UTF-8 text. It then measures:

* reading every file (:func:`kg.pipeline.corpus.read_document`, uncached and from the cache of
  extracted text), per format, in documents and pages a second; beside it pypdf (the common
  pure-Python PDF text extractor, the peer) on the same PDFs;
* building the mixed corpus (``gsi-kg build --no-validate``) with a cold and a warm cache,
  against building the same texts given as UTF-8: wall time and peak memory of each.

Results go to ``bench/results/formats-latest.json``; ``--readme`` writes the table into
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import shutil
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import docx
import pypdf
from playwright.sync_api import sync_playwright

from bench.generate import generate_corpus
from bench.run import run_child
from bench.servers import PROJECT_ROOT
from kg.pipeline.corpus import load_manifest, read_document
from kg.pipeline.sources import SourceCache

RESULTS = PROJECT_ROOT / "bench" / "results"
README = PROJECT_ROOT / "bench" / "README.md"
BEGIN, END = "<!-- formats:begin -->", "<!-- formats:end -->"
CHROMIUM = "/usr/bin/chromium"
FORMATS = ("pdf", "docx", "html", "txt")


@dataclass
class ReadFigures:
    """Reading every file of one format."""

    format: str
    documents: int
    pages: int
    uncached_s: float
    cached_s: float
    peer_s: float | None = None

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.uncached_s if self.uncached_s else 0.0


@dataclass
class BuildRun:
    name: str
    seconds: float
    peak_rss_mb: float


@dataclass
class Results:
    scale: int
    documents: int
    date: str
    reads: list[ReadFigures] = field(default_factory=list)
    builds: list[BuildRun] = field(default_factory=list)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page_html(lines: list[str], saved: bool) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    head = f"<title>{html.escape(lines[0])}</title><meta charset='utf-8'>"
    if not saved:
        return (
            f"<html><head>{head}</head><body><h1>{html.escape(lines[0])}</h1>{body}</body></html>"
        )
    nav = "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(8))
    return (
        f"<!DOCTYPE html><html lang='zh'><head>{head}</head><body><ul class='nav'>{nav}</ul>"
        f"<div class='article'><h1>{html.escape(lines[0])}</h1><div class='content'>{body}"
        "</div></div><div class='footer'><p>版权所有 © 外交部</p></div></body></html>"
    )


def write_mixed(texts: Path, mixed: Path) -> dict[str, str]:
    """Each generated text in turn as PDF, DOCX, HTML or TXT; the manifest pointed at them."""
    mixed.mkdir(parents=True)
    manifest = tomllib.loads((texts / "manifest.toml").read_text(encoding="utf-8"))
    formats: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        for number, doc_id in enumerate(sorted(manifest)):
            kind = FORMATS[number % len(FORMATS)]
            formats[doc_id] = kind
            lines = paragraphs((texts / f"{doc_id}.txt").read_text(encoding="utf-8"))
            target = mixed / f"{doc_id}.{kind}"
            if kind == "pdf":
                page.set_content(page_html(lines, saved=False))
                page.pdf(path=str(target), format="A4", display_header_footer=True)
            elif kind == "docx":
                document = docx.Document()
                for line in lines:
                    document.add_paragraph(line)
                document.save(str(target))
            elif kind == "html":
                target.write_text(page_html(lines, saved=True), encoding="utf-8")
            else:
                shutil.copyfile(texts / f"{doc_id}.txt", target)
        browser.close()
    text = (texts / "manifest.toml").read_text(encoding="utf-8")
    for doc_id, kind in formats.items():
        text = text.replace(f'file = "{doc_id}.txt"', f'file = "{doc_id}.{kind}"')
    (mixed / "manifest.toml").write_text(text, encoding="utf-8")
    return formats


def measure_reads(mixed: Path, formats: dict[str, str], cache_dir: Path) -> list[ReadFigures]:
    entries = load_manifest(mixed)
    figures = []
    for kind in FORMATS:
        metas = [entries[d] for d, k in formats.items() if k == kind]
        started = time.perf_counter()
        for meta in metas:
            read_document(meta)
        uncached = time.perf_counter() - started
        cache = SourceCache(cache_dir)
        for meta in metas:
            read_document(meta, cache)
        started = time.perf_counter()
        for meta in metas:
            read_document(meta, cache)
        cached = time.perf_counter() - started
        pages = sum(len(pypdf.PdfReader(m.file).pages) for m in metas) if kind == "pdf" else 0
        peer = None
        if kind == "pdf":
            started = time.perf_counter()
            for meta in metas:
                for pdf_page in pypdf.PdfReader(meta.file).pages:
                    pdf_page.extract_text()
            peer = round(time.perf_counter() - started, 3)
        figures.append(
            ReadFigures(kind, len(metas), pages, round(uncached, 4), round(cached, 4), peer)
        )
    return figures


def measure_builds(texts: Path, mixed: Path, work: Path) -> list[BuildRun]:
    command = [sys.executable, "-m", "kg", "build", "-q", "--no-validate", "--no-dumps"]
    runs = []
    for name, corpus, out in (
        ("the same texts as UTF-8", texts, work / "build-txt"),
        ("mixed formats, cold cache", mixed, work / "build-mixed"),
        ("mixed formats, warm cache", mixed, work / "build-mixed"),
    ):
        child = run_child([*command, "--corpus", str(corpus), "--out", str(out)])
        runs.append(BuildRun(name, round(child.seconds, 1), round(child.peak_rss_mb)))
    return runs


def table(results: Results) -> str:
    lines = [
        f"Formats benchmark of {results.date}: {results.documents} documents "
        f"({results.scale}× the seeds), a quarter each as PDF, Word, web page and UTF-8 text.",
        "",
        "| format | documents | pages | read, uncached s | docs/s | read, cached s "
        "| pypdf (peer) s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results.reads:
        peer = f"{r.peer_s:.2f}" if r.peer_s is not None else "–"
        lines.append(
            f"| {r.format} | {r.documents} | {r.pages or '–'} | {r.uncached_s:.3f} "
            f"| {r.docs_per_s:,.0f} | {r.cached_s:.3f} | {peer} |"
        )
    lines += ["", "| build (`--no-validate --no-dumps`) | s | peak RSS MB |", "|---|---|---|"]
    lines += [f"| {b.name} | {b.seconds:.1f} | {b.peak_rss_mb:.0f} |" for b in results.builds]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4, help="5 × SCALE documents [4].")
    parser.add_argument("--work", type=Path, default=Path("/tmp/gsikg-bench-formats"))
    parser.add_argument("--readme", action="store_true", help="Write the table into README.")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Results directory.")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    texts, mixed = args.work / "texts", args.work / "mixed"
    documents, _ = generate_corpus(
        PROJECT_ROOT / "corpus", PROJECT_ROOT / "ontology", texts, args.scale
    )
    formats = write_mixed(texts, mixed)
    results = Results(args.scale, documents, dt.date.today().isoformat())
    results.reads = measure_reads(mixed, formats, args.work / "cache")
    results.builds = measure_builds(texts, mixed, args.work)
    args.results.mkdir(parents=True, exist_ok=True)
    record = {**asdict(results), "docs_per_s": {r.format: r.docs_per_s for r in results.reads}}
    (args.results / "formats-latest.json").write_text(json.dumps(record, indent=2) + "\n")
    rendered = table(results)
    print(rendered)
    if args.readme:
        text = README.read_text(encoding="utf-8")
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        README.write_text(f"{text[:start]}\n{rendered}\n{text[end:]}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
