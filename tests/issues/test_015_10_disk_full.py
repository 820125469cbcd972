"""Issue 15, finding 10: a full disk while writing a dump ended the build with exit code 1 ("a
bug") and a traceback. It is now one line with its own exit code (8), saying what was published.

The disk fills for real: the build runs with a file size limit (``RLIMIT_FSIZE``, the signal it
raises ignored), so its writes fail as they would on a full disk ("File too large" instead of "No
space left on device"). The failure of the extra dumps, after the first publication, is made by
making their writer fail with ``ENOSPC``."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import kg.pipeline.build
from kg.errors import OutputError
from kg.pipeline.build import COMPACTED_SUFFIX
from kg.releases import resolve_release
from kg.store import RdfFormat, Store
from tests.conftest import CORPUS, build_corpus


def small_files() -> None:
    """In the child: files of at most 2 MB (the seed corpus's N-Quads dump is about 10 MB)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))


def test_a_full_disk_while_writing_the_dump_is_exit_8_and_nothing_published(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    build_corpus(CORPUS, out, validate=False)
    served = resolve_release(out)
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--no-validate", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_files,
    )
    assert result.returncode == 8, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "File too large" in line and "nothing was published" in line, line
    assert "Traceback" not in result.stderr
    assert resolve_release(out) == served
    assert not list(out.glob(".staging-*"))


def test_a_full_disk_while_writing_the_extra_dumps_says_what_is_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(store: Store, path: Path, fmt: RdfFormat) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(kg.pipeline.build, "dump_store", full)
    with pytest.raises(OutputError, match="No space left on device") as raised:
        build_corpus(CORPUS, tmp_path / "out", validate=False)
    served = resolve_release(tmp_path / "out")
    assert not served.run_id.endswith(COMPACTED_SUFFIX)
    assert f"{served.path} was published (uncompacted" in raised.value.message
