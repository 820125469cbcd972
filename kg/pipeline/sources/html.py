"""Saved web pages, read with trafilatura.

trafilatura (Apache-2.0, maintained, used by research crawlers) finds a page's main text and
leaves out navigation, menus, share widgets, comments, footers, scripts and styles; it reads
the title, date and site name from the page's metadata. Its XML output keeps the structure:
each heading, paragraph, list item and table cell becomes one line that opens a paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kg.errors import CorpusError
from kg.pipeline.sources.model import FORMATS, SourceText
from kg.pipeline.sources.text import decode

# A paragraph that only states a date and time (a page's "published" line) is metadata.
_DATE_LINE = re.compile(
    r"^(?:发布时间|日期|时间|Date|Published)?[:：]?\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*"
    r"\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.IGNORECASE)
# Main text has a sentence: terminal punctuation, or a line as long as a sentence.
_PROSE = re.compile(r"[。！？!?]|[a-z]{2}[.!?](?:\s|$)")
_PROSE_LENGTH = 80
_BLOCKS = ("head", "p", "item", "cell", "quote")


def read_html(path: Path, data: bytes, declared: str | None = None) -> SourceText:
    import trafilatura
    from lxml import etree

    page, encoding = decode(path, data, declared or _meta_charset(data))
    extracted = trafilatura.extract(
        page,
        output_format="xml",
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        with_metadata=True,
        deduplicate=False,
    )
    if not extracted:
        raise CorpusError(path, "the web page has no main text (navigation and markup only?)")
    root = etree.fromstring(extracted.encode("utf-8"))
    lines: list[str] = []
    headings: dict[int, int] = {}
    removed: list[tuple[str, str]] = []
    for element in root.iter(*_BLOCKS):
        # A block holding blocks (a quote of paragraphs, a cell with a paragraph) gives only the
        # text before its first inner block: the inner blocks are lines of their own.
        inner = next(element.iterdescendants(*_BLOCKS), None) is not None
        own = (element.text or "") if inner else "".join(element.itertext())
        text = " ".join(own.split())
        if not text:
            continue
        if _DATE_LINE.match(text):
            removed.append((text, "date line"))
            continue
        if element.tag == "head":
            headings[len(lines) + 1] = _level(element.get("rend"))
        lines.append(text)
    if not any(_PROSE.search(line) or len(line) >= _PROSE_LENGTH for line in lines):
        # trafilatura falls back to the whole body: a page of links yields their labels.
        raise CorpusError(path, "the web page has no main text (navigation and markup only?)")
    title = root.get("title") or None
    if title and lines[0] != title:
        lines.insert(0, title)
        headings = {line + 1: level for line, level in headings.items()}
    language = _LANG.search(page[:4096])
    return SourceText(
        format=FORMATS[".html"],
        lines=lines,
        breaks=frozenset(range(len(lines))),
        encoding=encoding,
        title=title,
        date=_date(root.get("date")),
        source=root.get("sitename") or root.get("source") or None,
        creator=root.get("author") or None,
        language=language[1].lower() if language else None,
        web_page=True,
        removed=removed,
        headings=headings,
    )


def _level(rend: str | None) -> int:
    """The section level of trafilatura's ``<head rend="h2">``: h1 and h2 → 1, h3 → 2, h4– → 3."""
    depth = int(rend[1]) if rend and len(rend) == 2 and rend[1].isdigit() else 2
    return min(3, max(1, depth - 1))


def _meta_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match[1].decode("ascii").lower()
    # A page declaring GB2312 or GBK is decoded with GB18030, their superset.
    return "gb18030" if name in {"gb2312", "gbk", "x-gbk"} else name


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
