"""Word documents (.docx), read with python-docx.

python-docx (MIT, maintained) reads the paragraphs of the body in order with their styles, and
the core properties. Only the title is taken from them: the author and dates of a Word file are
those of whoever typed it, not of the statement. Each non-empty paragraph becomes one line that
opens a paragraph; a table's rows follow in their place in the body, one cell per line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from kg.errors import CorpusError
from kg.pipeline.sources.model import FORMATS, SourceText

# The parts of a Word file (XML, images) unpacked: a 200-page report is some 20 MiB.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def read_docx(path: Path, data: bytes) -> SourceText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_unpacked_size(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        headings: dict[int, int] = {}
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                level = _heading_level(block)
                if level is not None and block.text.strip():
                    headings[len(lines) + 1] = level
                _add(lines, block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        _add(lines, cell.text)
        properties: Any = document.core_properties
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own classes
        raise CorpusError(
            path, f"cannot read the Word file: corrupt or not a .docx ({exc})"
        ) from exc
    if not lines:
        raise CorpusError(path, "the Word file has no text")
    return SourceText(
        format=FORMATS[".docx"],
        lines=lines,
        breaks=frozenset(range(len(lines))),
        title=(properties.title or "").strip() or None,
        headings=headings,
        language=(properties.language or "").split("-")[0].lower() or None,
    )


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse a .docx whose parts unpack to more than :data:`MAX_UNPACKED_BYTES` (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise CorpusError(path, f"cannot read the Word file: not a .docx ({exc})") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise CorpusError(
            path,
            f"the Word file unpacks to {unpacked / 2**20:,.0f} MiB, over the "
            f"{MAX_UNPACKED_BYTES / 2**20:g} MiB limit",
        )


def _heading_level(paragraph: Any) -> int | None:
    """1–3 for a paragraph styled "Heading N" (or outline level N), else None ("Title" is the
    document's title, the first line, not a section)."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith("heading ") and name[8:].isdigit():
            return min(3, max(1, int(name[8:])))
        style = style.base_style
    return None


def _add(lines: list[str], text: str) -> None:
    for line in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
        if line.strip():
            lines.append(line.strip())
