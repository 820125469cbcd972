"""Plain text in any common encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

The order of evidence: a byte-order mark; the manifest's ``encoding``; strict UTF-8 (which
almost never decodes text written in another encoding); UTF-16 without a BOM, told by its NUL
bytes; then charset-normalizer, limited to the encodings Chinese and English documents come in,
which must find exactly one that decodes the file without chaos. Anything else stops the build
with the file's name and what to do.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.errors import CorpusError, SourceLocation
from kg.pipeline.sources.model import FORMATS, SourceText

# C0/C1 control characters other than tab, line feed, vertical tab, form feed (pdftotext page
# breaks) and carriage return: a text holding them is binary or mis-decoded.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What charset-normalizer may choose from. GBK is a subset of GB18030, so GB18030 decodes both.
CANDIDATES = ("gb18030", "big5", "cp1252")
# charset-normalizer's "chaos" of a decoding: 0 is clean text; above this it is a guess.
_MAX_CHAOS = 0.1
_HINT = "convert it to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`) or set `encoding` in the manifest"


def read_plain_text(path: Path, data: bytes, declared: str | None = None) -> SourceText:
    text, encoding = decode(path, data, declared)
    return SourceText(format=FORMATS[".txt"], lines=text.split("\n"), encoding=encoding)


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was written in."""
    text, codec = _decoded(path, data, declared)
    return reject_control_characters(path, text, codec), _name(codec)


def _decoded(path: Path, data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(path, data, codec), codec
    if declared:
        return _decode_as(path, data, declared), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        return _utf16_without_bom(path, data)
    return _detected(path, data, utf8_error)


def _decode_as(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except LookupError as exc:
        raise CorpusError(path, f"unknown encoding {codec!r}") from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            SourceLocation(path, line),
            f"not valid {codec} (byte 0x{data[exc.start]:02x} at offset {exc.start})",
        ) from exc


def _utf16_without_bom(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-16 with no BOM: the byte order whose decoding is text, else binary."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text) and _mostly_text(text):
            return text, codec
    raise CorpusError(
        path,
        "binary file (contains NUL bytes): not UTF-8, and not UTF-16 text either; "
        "a PDF, Word or web page needs the suffix .pdf, .docx or .html",
    )


def _mostly_text(text: str) -> bool:
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return printable >= 0.98 * max(1, len(text))


def _detected(path: Path, data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data, cp_isolation=list(CANDIDATES)) if m.chaos <= _MAX_CHAOS]
    distinct = {str(m) for m in matches}
    if len(distinct) == 1:
        return str(matches[0]), matches[0].encoding
    line = data.count(b"\n", 0, utf8_error.start) + 1
    found = " or ".join(sorted({_name(m.encoding) for m in matches}))
    reason = f"could be {found}" if found else "none of UTF-8, UTF-16, GB18030, Big5 fits"
    raise CorpusError(
        SourceLocation(path, line),
        f"cannot tell the encoding with confidence ({reason}; not UTF-8 at byte "
        f"0x{data[utf8_error.start]:02x}, offset {utf8_error.start}): {_HINT}",
    )


def reject_control_characters(path: Path, text: str, codec: str) -> str:
    """``text`` without a leading BOM; refuse control characters (binary or mis-decoded)."""
    text = text.removeprefix("\ufeff")
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        what = "binary file" if control[0] == "\x00" else "binary or corrupted text"
        raise CorpusError(
            SourceLocation(path, line, column),
            f"control character U+{ord(control[0]):04X} after decoding as {_name(codec)}: {what}",
        )
    return text


def _name(codec: str) -> str:
    """The usual name of a codec: ``utf_16_le`` → ``UTF-16LE``, ``utf-8-sig`` → ``UTF-8``."""
    normal = codecs.lookup(codec).name
    names = {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8",
        "utf-16": "UTF-16",
        "utf-16-le": "UTF-16LE",
        "utf-16-be": "UTF-16BE",
        "utf-32": "UTF-32",
        "gb18030": "GB18030",
        "gbk": "GBK",
        "gb2312": "GB2312",
        "big5": "Big5",
        "big5hkscs": "Big5-HKSCS",
        "cp1252": "windows-1252",
    }
    return names.get(normal, normal)
