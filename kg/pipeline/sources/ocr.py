"""OCR of a scanned PDF with Tesseract, when it is installed (optional).

A PDF without a text layer is rendered page by page with pypdfium2 (which pdfplumber already
depends on) at 300 dpi and recognised by the ``tesseract`` command (Debian ``tesseract-ocr``
with ``tesseract-ocr-chi-sim``; ``chi_tra`` and ``eng`` are used too when installed). Tesseract
separates paragraphs by blank lines; the cleaner rejoins the lines of each paragraph. OCR text
has recognition errors: the document records that it was recognised (``gsi:ocr``).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.errors import CorpusError
from kg.pipeline.sources.model import FORMATS, SourceText

LANGUAGES = ("chi_sim", "chi_tra", "eng")
DPI = 300
# Seconds for one page; a page that takes longer is not a page of text.
PAGE_TIMEOUT = 180
# About 6 s a page: 100 pages are ten minutes of one core. A longer scan is OCRed beforehand.
MAX_PAGES = 100


@functools.cache
def ocr_languages() -> tuple[str, ...]:
    """The installed Tesseract languages of :data:`LANGUAGES`; empty without Chinese."""
    if shutil.which("tesseract") is None:
        return ()
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return ()
    found = tuple(language for language in LANGUAGES if language in listed)
    return found if "chi_sim" in found or "chi_tra" in found else ()


def read_scanned_pdf(path: Path, data: bytes) -> SourceText:
    import pypdfium2

    languages = "+".join(ocr_languages())
    lines: list[str] = []
    breaks: set[int] = set()
    try:
        document = pypdfium2.PdfDocument(io.BytesIO(data))
    except pypdfium2.PdfiumError as exc:
        raise CorpusError(path, f"cannot render the scanned PDF for OCR ({exc})") from exc
    if len(document) > MAX_PAGES:
        pages = len(document)
        document.close()
        raise CorpusError(
            path,
            f"a scan of {pages:,} pages: OCR is limited to {MAX_PAGES} pages (about 6 s a page); "
            "split it, or OCR it first (`ocrmypdf -l chi_sim+eng in.pdf out.pdf`)",
        )
    with tempfile.TemporaryDirectory(prefix="gsikg-ocr-") as scratch:
        image = Path(scratch) / "page.png"
        for number in range(len(document)):
            document[number].render(scale=DPI / 72).to_pil().save(image)
            text = _tesseract(path, image, languages, number + 1)
            blank = False
            for line in text.splitlines():
                if not line.strip():
                    blank = True
                    continue
                if blank and lines:
                    breaks.add(len(lines))
                lines.append(line.strip())
                blank = False
    document.close()
    if not lines:
        raise CorpusError(path, "the scanned PDF has no text that OCR could recognise")
    return SourceText(
        format=FORMATS[".pdf"],
        lines=lines,
        breaks=frozenset(breaks),
        ocr=f"tesseract, {languages}, {DPI} dpi",
    )


def _tesseract(path: Path, image: Path, languages: str, page: int) -> str:
    # One thread: the output does not depend on scheduling, and the build's cores stay shared.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", str(image), "-", "-l", languages],
            capture_output=True,
            text=True,
            timeout=PAGE_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CorpusError(path, f"OCR of page {page} took over {PAGE_TIMEOUT} s") from exc
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise CorpusError(path, f"OCR of page {page} failed: {message[0]}")
    return done.stdout
