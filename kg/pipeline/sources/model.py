"""What every format reader returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceFormat:
    """A supported file format: its kind and its media type (IANA)."""

    kind: str
    media_type: str

    @property
    def media_type_iri(self) -> str:
        return f"http://www.iana.org/assignments/media-types/{self.media_type}"


_TEXT = SourceFormat("text", "text/plain")
_HTML = SourceFormat("html", "text/html")
FORMATS: dict[str, SourceFormat] = {
    ".txt": _TEXT,
    ".text": _TEXT,
    ".md": _TEXT,
    ".html": _HTML,
    ".htm": _HTML,
    ".xhtml": _HTML,
    ".pdf": SourceFormat("pdf", "application/pdf"),
    ".docx": SourceFormat(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


@dataclass(frozen=True)
class SourceText:
    """The text of one corpus file, as lines, with what the file states about itself.

    ``breaks``: indices into ``lines`` of the lines that open a new paragraph whatever the
    cleaner's join rules say (the format marks the paragraph). ``web_page``: the text comes from
    a web page (no page breaks: a short line is a heading or byline, never a wrapped line).
    """

    format: SourceFormat
    lines: list[str]
    breaks: frozenset[int] = frozenset()
    encoding: str | None = None
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    creator: str | None = None
    language: str | None = None
    web_page: bool = False
    removed: list[tuple[str, str]] = field(default_factory=list)
    # How the text was recognised from page images ("tesseract, chi_sim+eng, 300 dpi"), if it was.
    ocr: str | None = None
    # The lines the format marks as headings (a DOCX heading style, a PDF's larger type, an HTML
    # <h1>–<h6>), by 1-based line number, with their level (1 the highest).
    headings: dict[int, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
