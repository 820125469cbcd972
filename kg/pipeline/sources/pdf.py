"""PDF with a text layer, read with pdfplumber.

pdfplumber (on pdfminer.six, MIT) gives every character with its position, size and font, so
the layout decides what plain extraction cannot: which lines are running headers, footers and
page numbers (text in the top or bottom band of the page that repeats across pages, or a bare
page number), which lines open a paragraph (a gap above, an indent, a change of size, a
shortened line before) and which are headings (larger or bold type). pypdf gives text without
positions; PyMuPDF is faster but AGPL-licensed.

Within a page, lines of one paragraph are joined here; across a page break the cleaner decides
(a line that stops mid-sentence continues on the next page).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import CorpusError
from kg.pipeline.clean import join_lines
from kg.pipeline.sources.model import FORMATS, SourceText

# The share of the page height at the top and the bottom where running headers and footers sit.
_BAND = 0.1
# A header or footer repeats on at least this share of the pages (and on two pages at least).
_REPEATS = 0.5
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d+\s*[-–—]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|(?:page|p\.)\s*\d+(?:\s*of\s*\d+)?|\d+|[ivxlc]+)$",
    re.IGNORECASE,
)
# Fewer characters than this per page on average: the PDF has no text layer (a scan).
_MIN_CHARS_PER_PAGE = 20
_HEADING_SIZE = 1.15
# A book is some 500 pages; at 0.1 s a page, 2,000 pages take over three minutes to read.
MAX_PAGES = 2000
# A heading is at most this long; a longer line in large type is a lead paragraph.
_HEADING_MAX = 80
# A title that is a file name ("Microsoft Word - 文件.doc", "untitled.pdf") says nothing.
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|txt|html?)$|^Microsoft Word|^untitled$", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool


def read_pdf(path: Path, data: bytes) -> SourceText:
    import pdfplumber

    # pdfminer logs every font it cannot fully parse; the text is read all the same.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise CorpusError(
                    path, f"{len(pdf.pages):,} pages is over the {MAX_PAGES:,}-page limit; split it"
                )
            pages = [_page_lines(page, number) for number, page in enumerate(pdf.pages, 1)]
            heights = [float(page.height) for page in pdf.pages]
            info: dict[str, Any] = dict(pdf.metadata or {})
    except CorpusError:
        raise
    except Exception as exc:  # pdfminer raises a dozen unrelated classes for one bad file
        raise CorpusError(path, f"cannot read the PDF: {_reason(exc)}") from exc
    if not pages:
        raise CorpusError(path, "the PDF has no pages")
    characters = sum(len(line.text) for lines in pages for line in lines)
    if characters < _MIN_CHARS_PER_PAGE * len(pages):
        from kg.pipeline.sources.ocr import ocr_languages, read_scanned_pdf

        if ocr_languages():
            return read_scanned_pdf(path, data)
        raise CorpusError(
            path,
            f"the PDF has no text layer ({characters} characters on {len(pages)} pages): it is "
            "a scan and needs OCR (install tesseract-ocr and tesseract-ocr-chi-sim, or run "
            "`ocrmypdf -l chi_sim+eng in.pdf out.pdf` first)",
        )
    removed: list[tuple[str, str]] = []
    body = _without_running_lines(pages, heights, removed)
    lines, breaks, headings = _paragraphs(body)
    if not lines:
        raise CorpusError(path, "the PDF has no text besides running headers and footers")
    # The author and dates of a PDF are those of whoever produced the file, not of the statement.
    title = _text_field(info.get("Title"))
    if title and _FILE_NAME.search(title):
        title = None
    return SourceText(
        format=FORMATS[".pdf"],
        lines=lines,
        breaks=frozenset(breaks),
        title=title,
        removed=removed,
        headings=headings,
    )


def _reason(exc: Exception) -> str:
    # pdfplumber wraps pdfminer's exception in its own.
    if exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    name = type(exc).__name__
    if "Password" in name or "encrypt" in str(exc).lower():
        return "it is encrypted (remove the password first)"
    text = str(exc).strip() or name
    return f"corrupt or not a PDF ({text[:120]})"


def _text_field(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _page_lines(page: Any, number: int) -> list[_Line]:
    lines = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        sizes = Counter(round(float(c["size"]), 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars)
        lines.append(
            _Line(
                text=line["text"],
                page=number,
                top=float(line["top"]),
                bottom=float(line["bottom"]),
                x0=float(line["x0"]),
                x1=float(line["x1"]),
                size=sizes.most_common(1)[0][0],
                bold=bold * 2 > len(chars),
            )
        )
    return lines


def _shape(text: str) -> str:
    """A line with its numbers blanked: a running header with the page number in it repeats."""
    return re.sub(r"\d+", "#", text.strip())


def _without_running_lines(
    pages: list[list[_Line]], heights: list[float], removed: list[tuple[str, str]]
) -> list[_Line]:
    """The lines of every page, without running headers, footers and page numbers."""

    def in_band(line: _Line) -> str | None:
        height = heights[line.page - 1]
        if line.bottom <= height * _BAND:
            return "header"
        if line.top >= height * (1 - _BAND):
            return "footer"
        return None

    shapes = Counter(
        _shape(line.text)
        for lines in pages
        for line in {id(x): x for x in lines}.values()
        if in_band(line)
    )
    repeated = max(2, round(_REPEATS * len(pages)))
    body: list[_Line] = []
    for lines in pages:
        for line in lines:
            band = in_band(line)
            if band and (shapes[_shape(line.text)] >= repeated or _PAGE_NUMBER.match(line.text)):
                removed.append((f"page {line.page}: {line.text}", f"running {band}"))
            else:
                body.append(line)
    return body


_FIRST_WORD = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\S")


def _first_word_width(line: _Line) -> float:
    """The width of a line's first word (a CJK character is one), from the line's average
    character width."""
    match = _FIRST_WORD.match(line.text)
    word = match[0] if match else ""
    return (line.x1 - line.x0) * len(word) / max(1, len(line.text))


def _paragraphs(body: list[_Line]) -> tuple[list[str], list[int], dict[int, int]]:
    """Lines joined into paragraphs within each page; the indices of the lines that open one;
    the headings (by 1-based line number) with their level: larger type is a higher level, bold
    type of the body's size the lowest.

    A line opens a paragraph after a gap larger than the usual line pitch, when it is indented
    from the text's left edge, when its size or weight differs from the line before, or when the
    line before stops well short of the right edge though the line's first word would have fit
    there (ragged-right English wraps before a long word). The first line of a page opens a
    paragraph only if it is a heading: otherwise the cleaner decides whether the page break is
    one.
    """
    if not body:
        return [], [], {}
    size = statistics.median(line.size for line in body)
    left = min(line.x0 for line in body)
    right = max(line.x1 for line in body)
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < b.top - a.top < 3 * size
    ]
    pitch = statistics.median(pitches) if pitches else 1.2 * size
    lines: list[str] = []
    breaks: list[int] = []
    heading_sizes: dict[int, float] = {}
    previous: _Line | None = None
    for line in body:
        heading = line.size >= _HEADING_SIZE * size or (line.bold and len(line.text) < 60)
        if previous is None or previous.page != line.page:
            opens = previous is None or heading or line.x0 > left + 1.5 * line.size
        else:
            was_heading = previous.size >= _HEADING_SIZE * size or previous.bold
            opens = (
                line.top - previous.top > 1.4 * pitch * max(1.0, line.size / size)
                or line.x0 > left + 1.5 * line.size
                or heading != was_heading
                or abs(line.size - previous.size) > 0.5
                or (
                    previous.x1 < right - 2.5 * line.size
                    and _first_word_width(line) < right - previous.x1 - 0.5 * line.size
                )
            )
        if opens or previous is None or previous.page != line.page:
            if opens:
                breaks.append(len(lines))
            if heading and opens:
                heading_sizes[len(lines) + 1] = line.size
            lines.append(line.text)
        else:
            lines[-1] = join_lines(lines[-1], line.text)
        previous = line
    return lines, breaks, _heading_levels(lines, heading_sizes)


def _heading_levels(lines: list[str], sizes: dict[int, float]) -> dict[int, int]:
    """Levels 1–3 by type size, largest first; the first line (the title) and long lines (a lead
    paragraph set large) are not section headings."""
    kept = {n: s for n, s in sizes.items() if n > 1 and len(lines[n - 1]) <= _HEADING_MAX}
    ranks = sorted({round(s, 1) for s in kept.values()}, reverse=True)
    return {n: min(3, ranks.index(round(s, 1)) + 1) for n, s in kept.items()}
