"""Reading a corpus file of any supported format into lines of text.

One module per format: :mod:`.text` (plain text in any common encoding), :mod:`.pdf`,
:mod:`.html`, :mod:`.docx`. Each turns the bytes of a file into a :class:`SourceText`: the lines
the cleaner reads, the lines that certainly open a new paragraph (a PDF's indented or spaced
line, a DOCX or HTML paragraph), and what the file says about itself (title, date, source,
language). The cleaner (:mod:`kg.pipeline.clean`) then works as on any text, so offsets always
refer to the cleaned text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.errors import CorpusError
from kg.pipeline.sources.cache import SourceCache
from kg.pipeline.sources.model import FORMATS, SourceFormat, SourceText

__all__ = ["FORMATS", "SourceCache", "SourceFormat", "SourceText", "format_of", "read_source"]


def format_of(path: Path) -> SourceFormat | None:
    """The format a file's name says it has (``.pdf`` → PDF), or None if unsupported."""
    return FORMATS.get(path.suffix.lower())


def read_source(
    path: Path,
    data: bytes,
    encoding: str | None = None,
    cache: SourceCache | None = None,
    checksum: str | None = None,
) -> SourceText:
    """The text of the file ``path`` whose bytes are ``data``.

    ``encoding`` (from the manifest) overrides detection for plain text and HTML. The format
    comes from the suffix and is checked against the content, so a PDF named ``.txt`` is reported
    rather than read as text. A PDF, Word file or web page is looked up in ``cache`` first, by
    ``checksum`` (the SHA-256 of ``data``, computed here if not given).
    Raises :class:`CorpusError` naming the file.
    """
    fmt = format_of(path)
    if fmt is None:
        raise CorpusError(
            path, f"unsupported format {path.suffix or '(no suffix)'!r}; supported: {supported()}"
        )
    if cache is None or fmt.kind == "text":
        return _read(path, fmt, data, encoding)
    key = cache.key(checksum or hashlib.sha256(data).hexdigest(), fmt.kind, encoding)
    cached = cache.get(key)
    if cached is not None:
        return cached
    text = _read(path, fmt, data, encoding)
    cache.put(key, text)
    return text


def _read(path: Path, fmt: SourceFormat, data: bytes, encoding: str | None) -> SourceText:
    sniffed = _sniff(data)
    if sniffed is not None and sniffed != fmt.kind:
        raise CorpusError(
            path, f"the file is a {sniffed.upper()} file named {path.suffix!r}: rename it"
        )
    if fmt.kind == "pdf":
        from kg.pipeline.sources.pdf import read_pdf

        return read_pdf(path, data)
    if fmt.kind == "docx":
        from kg.pipeline.sources.docx import read_docx

        return read_docx(path, data)
    if fmt.kind == "html":
        from kg.pipeline.sources.html import read_html

        return read_html(path, data, encoding)
    from kg.pipeline.sources.text import read_plain_text

    return read_plain_text(path, data, encoding)


def supported() -> str:
    return ", ".join(sorted(FORMATS))


def _sniff(data: bytes) -> str | None:
    """The kind of a binary container the bytes begin with (PDF, ZIP for DOCX), else None."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    return None
