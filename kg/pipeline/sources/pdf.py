"""PDF with a text layer, read with pdfplumber.

pdfplumber (on pdfminer.six, MIT) gives every character with its position, size and font, so
the layout decides what plain extraction cannot: the reading order of a page set in two columns
(a strip down the middle that no line of body type crosses: the left column is read before the
right, a title across the page before both), which lines are running headers, footers and
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
# Two columns: an empty strip this wide (points) down the middle of a page with this many
# characters at least.
_GUTTER = 8.0
_MIN_COLUMN_CHARS = 200
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
    # 0: the page's only or left column, 1: its right column.
    column: int = 0

    @property
    def flow(self) -> tuple[int, int]:
        """Where the text flows: a new page or a new column continues a paragraph or not."""
        return self.page, self.column


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
    """The lines of one page in reading order: on a page of two columns, what runs across the
    page above them (a title, a running header), the left column, the right column, then what
    runs across below them (a footer)."""
    height = float(page.height)

    def middle(obj: dict[str, Any]) -> tuple[float, float]:
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        return x, (float(obj["top"]) + float(obj["bottom"])) / 2

    chars = [c for c in page.chars if c["text"].strip()]
    if not chars:
        return []
    size = statistics.median(float(c["size"]) for c in chars)
    # Body type between the header and footer bands decides whether there are two columns.
    body = [
        c
        for c in chars
        if float(c["size"]) < _HEADING_SIZE * size
        and height * _BAND <= middle(c)[1] <= height * (1 - _BAND)
    ]
    gutter = _gutter(body, float(page.width))
    if gutter is None:
        return _lines_of(page, number, 0)
    # The rows of text that run across the gutter.
    rows = [
        (float(c["top"]), float(c["bottom"]))
        for c in chars
        if float(c["x0"]) - 1 <= gutter <= float(c["x1"]) + 1
    ]

    def across(obj: dict[str, Any]) -> bool:
        y = middle(obj)[1]
        return any(top - 1 <= y <= bottom + 1 for top, bottom in rows)

    in_columns = [c for c in chars if not across(c)]
    first = min((float(c["top"]) for c in in_columns), default=0.0)
    regions = (
        (0, lambda o: across(o) and middle(o)[1] < first),
        (0, lambda o: not across(o) and middle(o)[0] < gutter),
        (1, lambda o: not across(o) and middle(o)[0] >= gutter),
        (0, lambda o: across(o) and middle(o)[1] >= first),
    )
    lines: list[_Line] = []
    for column, inside in regions:
        part = page.filter(lambda o, inside=inside: o.get("object_type") != "char" or inside(o))
        lines += _lines_of(part, number, column)
    return lines


def _gutter(chars: list[dict[str, Any]], width: float) -> float | None:
    """The x of the empty strip between two columns of text, if the page has two.

    The strip is looked for in the middle 40 % of the page: at least :data:`_GUTTER` points
    wide that no character of the body touches, with a quarter of the characters or more on
    each side. Text in one column leaves no such strip (its lines run across the middle).
    """
    if len(chars) < _MIN_COLUMN_CHARS:
        return None
    low, step = width * 0.3, 1.0
    covered = [False] * int(width * 0.4 / step)
    for char in chars:
        first = max(0, int((float(char["x0"]) - low) / step))
        last = min(len(covered) - 1, int((float(char["x1"]) - low) / step))
        for index in range(first, last + 1):
            covered[index] = True
    best_length, best_start, start = 0, 0, None
    for index, taken in enumerate([*covered, True]):
        if not taken and start is None:
            start = index
        elif taken and start is not None:
            if index - start > best_length:
                best_length, best_start = index - start, start
            start = None
    if best_length * step < _GUTTER:
        return None
    x = low + (best_start + best_length / 2) * step
    left = sum(1 for char in chars if float(char["x1"]) <= x)
    if min(left, len(chars) - left) < 0.25 * len(chars):
        return None
    return x


def _lines_of(page: Any, number: int, column: int) -> list[_Line]:
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
                column=column,
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

    # On how many pages each shape of band text occurs.
    shapes = Counter(
        shape for lines in pages for shape in {_shape(x.text) for x in lines if in_band(x)}
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
    # The text's edges in each column: most lines run from one to the other.
    left = {c: _quantile([x.x0 for x in body if x.column == c], 0.1) for c in (0, 1)}
    right = {c: _quantile([x.x1 for x in body if x.column == c], 0.9) for c in (0, 1)}
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(body)
        if a.flow == b.flow and 0 < b.top - a.top < 3 * size
    ]
    pitch = statistics.median(pitches) if pitches else 1.2 * size
    lines: list[str] = []
    breaks: list[int] = []
    heading_sizes: dict[int, float] = {}
    previous: _Line | None = None
    for line in body:
        heading = line.size >= _HEADING_SIZE * size or (line.bold and len(line.text) < 60)
        indented = line.x0 > left[line.column] + 1.5 * line.size
        if previous is None or previous.flow != line.flow:
            opens = previous is None or heading or indented
        else:
            was_heading = previous.size >= _HEADING_SIZE * size or previous.bold
            room = right[line.column] - previous.x1
            opens = (
                line.top - previous.top > 1.4 * pitch * max(1.0, line.size / size)
                or indented
                or heading != was_heading
                or abs(line.size - previous.size) > 0.5
                or (room > 2.5 * line.size and _first_word_width(line) < room - 0.5 * line.size)
            )
        if opens or previous is None or previous.flow != line.flow:
            if opens:
                breaks.append(len(lines))
            if heading and opens:
                heading_sizes[len(lines) + 1] = line.size
            lines.append(line.text)
        else:
            lines[-1] = join_lines(lines[-1], line.text)
        previous = line
    return lines, breaks, _heading_levels(lines, heading_sizes)


def _quantile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _heading_levels(lines: list[str], sizes: dict[int, float]) -> dict[int, int]:
    """Levels 1–3 by type size, largest first; the first line (the title) and long lines (a lead
    paragraph set large) are not section headings."""
    kept = {n: s for n, s in sizes.items() if n > 1 and len(lines[n - 1]) <= _HEADING_MAX}
    ranks = sorted({round(s, 1) for s in kept.values()}, reverse=True)
    return {n: min(3, ranks.index(round(s, 1)) + 1) for n, s in kept.items()}
