"""Hostile and broken corpus input: every case fails the whole build with one message naming the
file, and the release being served stays current (no half graph is ever published)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import CorpusError
from kg.releases import resolve_release
from tests.conftest import build_corpus

GOOD = "关于裁军的说明\n\n中方支持裁军谈判会议的工作。\n"
MANIFEST = '[good]\ntitle_zh = "关于裁军的说明"\ngenre = "article"\n'


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return corpus


def write(content: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(content)


def sparse(size: int) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


BAD_DOCUMENTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "empty": (write(b""), "empty document"),
    "whitespace": (write(" \n\u3000\n\t\n".encode()), "empty document"),
    "boilerplate-only": (
        write("12345678\n首页 > 新闻\n分享到：\n".encode()),
        "no text left after cleaning",
    ),
    "zero-width-only": (write("\u200b\ufeff\u200b\n".encode()), "no text left after cleaning"),
    "binary": (write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary file"),
    "invalid-utf8": (
        write(b"\xe4\xb8\xad\xff\xfe\n"),
        ":1: cannot tell the encoding with confidence",
    ),
    "pdf-named-txt": (write(b"%PDF-1.7\n%binary"), "a PDF file named '.txt': rename it"),
    "control-chars": (write("标题\n\n正文\x1b[31m。\n".encode()), ":3:3: control character U+001B"),
    "100-mb": (sparse(100 * 2**20), "100.0 MiB is over the 5 MiB limit"),
    "fifo": (os.mkfifo, "not a regular file"),
    "directory": (lambda path: path.mkdir(), "not a regular file"),
    "symlink-outside": (lambda path: path.symlink_to("/etc/hostname"), "outside the corpus"),
    "symlink-device": (lambda path: path.symlink_to("/dev/zero"), "outside the corpus"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_document_fails_the_build_and_keeps_the_served_release(
    small_corpus: Path, tmp_path: Path, case: str
) -> None:
    out = tmp_path / "out"
    build_corpus(small_corpus, out)
    served = resolve_release(out).path
    releases = sorted((out / "releases").iterdir())
    make, expected = BAD_DOCUMENTS[case]
    bad = small_corpus / f"bad-{case}.txt"
    make(bad)
    with pytest.raises(CorpusError) as excinfo:
        build_corpus(small_corpus, out)
    assert str(excinfo.value).startswith(str(bad)), excinfo.value
    assert expected in str(excinfo.value)
    assert resolve_release(out).path == served
    assert sorted((out / "releases").iterdir()) == releases
    assert not list(out.glob(".staging-*"))


MANIFESTS: dict[str, tuple[str, str]] = {
    "empty-id": ('[""]\ntitle_zh = "x"\n', "document id '' must be lower-case"),
    "id-with-spaces": ('["My Doc"]\nfile = "good.txt"\n', "document id 'My Doc' must be"),
    "field-outside-a-table": ('title_zh = "x"\n', "'title_zh' must be a table"),
    "duplicate-id": (
        '[good]\ngenre = "article"\n[good]\ngenre = "letter"\n',
        ":3:6: Cannot declare",
    ),
    "two-ids-one-file": (
        '[good]\n[other]\nfile = "good.txt"\n',
        "file 'good.txt' is listed by two documents",
    ),
    "unknown-field": ('[good]\ncolour = "red"\n', "unknown field(s) colour"),
    "wrong-type": ("[good]\ntitle_zh = 3\n", "title_zh must be a string"),
    "bad-date": ('[good]\ndate = "yesterday"\n', "date must be a TOML date"),
    "bad-language": ('[good]\nlanguage = "zh cn"\n', "language 'zh cn' is not a tag"),
    "relative-outside": ('[good]\nfile = "../outside.txt"\n', "outside the corpus directory"),
    "absolute-outside": ('[good]\nfile = "/etc/hostname"\n', "outside the corpus directory"),
    "missing-file": (
        '[gone]\nfile = "gone.txt"\n',
        "listed in manifest.toml as [gone] but missing",
    ),
    "not-toml": ("[good\n", "manifest.toml:1:6"),
}


@pytest.mark.parametrize("case", sorted(MANIFESTS))
def test_bad_manifest_names_the_manifest(small_corpus: Path, tmp_path: Path, case: str) -> None:
    (tmp_path / "outside.txt").write_text(GOOD, encoding="utf-8")
    manifest, expected = MANIFESTS[case]
    (small_corpus / "manifest.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        build_corpus(small_corpus, tmp_path / "out")
    assert "manifest.toml" in str(excinfo.value) or "gone.txt" in str(excinfo.value)
    assert expected in str(excinfo.value)
    assert not (tmp_path / "out" / "current").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe[good]\n", "manifest.toml:1: not valid UTF-8"),
        (None, "manifest.toml: 65.0 MiB is over the 64 MiB limit"),
    ],
)
def test_unreadable_manifest_is_a_corpus_error(
    small_corpus: Path, tmp_path: Path, content: bytes | None, expected: str
) -> None:
    if content is None:
        sparse(65 * 2**20)(small_corpus / "manifest.toml")
    else:
        (small_corpus / "manifest.toml").write_bytes(content)
    with pytest.raises(CorpusError, match=re.escape(expected)):
        build_corpus(small_corpus, tmp_path / "out")


def test_two_unlisted_files_with_the_same_derived_id(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "A Note.txt").write_text(GOOD, encoding="utf-8")
    (small_corpus / "a-note.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a-note\.txt: derived id 'a-note' clashes"):
        build_corpus(small_corpus, tmp_path / "out")


def test_cli_prints_one_line_and_exits_3(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "bad.txt").write_bytes("中国".encode("gbk"))
    result = CliRunner().invoke(
        main, ["build", "-q", "--corpus", str(small_corpus), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.txt:1: cannot tell the encoding" in errors[0]
    assert "Traceback" not in result.output


def test_a_real_512_mb_file_is_refused_without_reading_it(
    small_corpus: Path, tmp_path: Path
) -> None:
    """Memory stays bounded: the build's peak RSS (about 280 MB, mostly the extractors' automaton
    and vocabulary for the documents before it) stays below the file's size."""
    line = ("中方支持联合国在维护世界和平方面发挥核心作用。" * 20 + "\n").encode()
    with (small_corpus / "huge.txt").open("wb") as handle:
        for _ in range(512 * 2**20 // len(line) + 1):
            handle.write(line)
    script = textwrap.dedent(
        f"""
        import sys
        from kg.errors import CorpusError
        from tests.conftest import build_corpus
        from pathlib import Path
        try:
            build_corpus(Path({str(small_corpus)!r}), Path({str(tmp_path / "out")!r}))
        except CorpusError as exc:
            print(exc)
        # VmHWM: this process's own peak since it started (ru_maxrss would carry over, across
        # exec, the peak of the pytest process it was forked from).
        status = Path("/proc/self/status").read_text().splitlines()
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=os.getcwd()
    )
    message, peak_kib = result.stdout.splitlines()
    assert "huge.txt" in message and "over the 5 MiB limit" in message
    assert int(peak_kib) < 400 * 1024
