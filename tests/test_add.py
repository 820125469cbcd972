"""``gsi-kg add``: files in, manifest entries written, what was found printed; then the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline.build import SOURCE_CACHE_DIR
from kg.pipeline.corpus import load_manifest, scan_corpus
from tests.conftest import build_corpus
from tests.test_build import select
from tests.test_formats import STATEMENT, TITLE, saved_web_page, write_docx

LINES = [line for line in STATEMENT.splitlines() if line.strip()]
EXISTING = '[good]\ntitle_zh = "关于裁军的说明"\n# a comment the user wrote\n'


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text("关于裁军的说明\n\n中方支持裁军谈判会议的工作。\n", "utf-8")
    (root / "manifest.toml").write_text(EXISTING, encoding="utf-8")
    return root


@pytest.fixture()
def incoming(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    (folder / "web").mkdir(parents=True)
    (folder / "web" / "statement.html").write_text(saved_web_page(), encoding="utf-8")
    write_docx(folder / "letter.docx", LINES)
    (folder / "good.txt").write_bytes(STATEMENT.encode("gb18030"))  # clashes with good.txt
    (folder / "notes.odt").write_bytes(b"PK\x03\x04 not read: unsupported")
    (folder / ".hidden.txt").write_text("不应加入。", encoding="utf-8")
    return folder


def add(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["add", *map(str, args)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_prints_what_it_found_and_writes_nothing(corpus: Path, incoming: Path) -> None:
    before = sorted(p.name for p in corpus.iterdir())
    code, out, _ = add("--corpus", corpus, "--dry-run", incoming)
    assert code == 0
    assert (
        f"would add [statement] statement.html: {TITLE} (text/html, UTF-8, zh, 2024-03-05)" in out
    )
    assert "would add [letter] letter.docx" in out
    assert "not found: date, source; set them in manifest.toml [letter]" in out
    assert "would add [good-2] good-2.txt" in out and "GB18030" in out
    assert "3 would add, 0 already there, 0 not readable (dry run: nothing written)" in out
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert (corpus / "manifest.toml").read_text(encoding="utf-8") == EXISTING


def test_add_copies_writes_entries_and_the_corpus_builds(
    corpus: Path, incoming: Path, tmp_path: Path
) -> None:
    build = tmp_path / "out"
    code, out, err = add("--corpus", corpus, "--out", build, incoming)
    assert code == 0, err
    # The text read from the Word file and the web page is kept for the build.
    assert len(list((build / SOURCE_CACHE_DIR).glob("*.json"))) == 2
    manifest = (corpus / "manifest.toml").read_text(encoding="utf-8")
    assert manifest.startswith(EXISTING)  # the user's comment kept
    entries = load_manifest(corpus)
    assert set(entries) == {"good", "statement", "letter", "good-2"}
    web = entries["statement"]
    assert (web.title_zh, web.language, str(web.date)) == (TITLE, "zh", "2024-03-05")
    assert web.source == "中华人民共和国外交部"
    assert entries["good-2"].encoding == "GB18030"
    assert entries["letter"].title_zh == LINES[0] and entries["letter"].date is None
    assert (corpus / "good-2.txt").read_bytes() == (incoming / "good.txt").read_bytes()
    assert not scan_corpus(corpus).warnings  # every file has its entry
    build_corpus(corpus, build)
    assert len(list((build / SOURCE_CACHE_DIR).glob("*.json"))) == 2
    rows = select(build, "SELECT ?id { ?d a gsi:Document ; dcterms:identifier ?id }")
    assert {row["id"] for row in rows} == {"good", "statement", "letter", "good-2"}

    again, out, _ = add("--corpus", corpus, "--out", build, incoming / "letter.docx")
    assert again == 0
    assert "skipped" in out and "already in the corpus as [letter]" in out


def test_an_unreadable_file_is_reported_the_others_added(
    corpus: Path, incoming: Path, tmp_path: Path
) -> None:
    broken = incoming / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n")
    code, out, err = add("--corpus", corpus, "--out", tmp_path / "out", incoming)
    assert code == 3
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.pdf" in errors[0] and "Traceback" not in err
    assert "3 added, 0 already there, 1 not readable" in out
    assert "broken" not in load_manifest(corpus)
    assert not (corpus / "broken.pdf").exists()


def test_a_missing_path_is_one_error_line(corpus: Path, tmp_path: Path) -> None:
    code, _, err = add("--corpus", corpus, "--out", tmp_path / "out", tmp_path / "nowhere.pdf")
    assert code == 3
    assert err.strip() == f"error: {tmp_path / 'nowhere.pdf'}: no such file or folder"


def test_a_manifest_that_would_not_load_is_never_written(corpus: Path, incoming: Path) -> None:
    # A manifest the build refuses (a duplicate table) stops add before anything is copied.
    (corpus / "manifest.toml").write_text(EXISTING + EXISTING, encoding="utf-8")
    code, _, err = add("--corpus", corpus, "--out", incoming / "out", incoming)
    assert code == 3 and "manifest.toml" in err
    assert not (corpus / "letter.docx").exists()
    shutil.rmtree(incoming)


def test_an_english_text_gets_an_english_title_from_its_first_sentence(
    corpus: Path, tmp_path: Path
) -> None:
    statement = tmp_path / "remarks.txt"
    statement.write_text(
        "China supports the Treaty on the Non-Proliferation of Nuclear Weapons and calls on "
        "all parties to uphold it. It opposes bloc confrontation.\n\n"
        "The Global Security Initiative offers a path to lasting peace.\n",
        encoding="utf-8",
    )
    code, out, _ = add("--corpus", corpus, "--out", tmp_path / "out", statement)
    assert code == 0
    assert "not found: title (the first sentence was taken), date, source" in out
    entry = load_manifest(corpus)["remarks"]
    assert entry.language == "en" and entry.title_zh is None
    assert entry.title_en == (
        "China supports the Treaty on the Non-Proliferation of Nuclear Weapons and calls on all "
        "parties to uphold it"
    )


def test_a_listed_file_that_is_missing_does_not_stop_add(
    corpus: Path, incoming: Path, tmp_path: Path
) -> None:
    (corpus / "good.txt").unlink()
    code, out, err = add("--corpus", corpus, "--out", tmp_path / "out", incoming / "letter.docx")
    assert code == 0, err
    assert "added [letter] letter.docx" in out
