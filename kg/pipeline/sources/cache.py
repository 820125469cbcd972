"""The text extracted from PDF, Word and HTML files, kept between builds.

Reading a PDF costs about 0.1 s a page: a corpus of 1,000 ten-page PDFs would spend a quarter
of an hour on it at every build. The build keeps what each reader extracted in
``{out}/cache/sources/``, one JSON file per file content (SHA-256 of the bytes, the declared
encoding and :data:`READERS_VERSION`), and reads it back when the same bytes come again. A
missing, unreadable or foreign cache file is simply extracted again; a build that succeeds
removes the entries no document used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

from kg.pipeline.sources.model import FORMATS, SourceText

# Raise when a reader's output changes, so that no build reads an older extraction.
READERS_VERSION = "5"


class SourceCache:
    """Extractions by content, in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.used: set[str] = set()
        self.hits = 0

    def key(self, checksum: str, kind: str, encoding: str | None) -> str:
        """The entry of the bytes whose SHA-256 is ``checksum``, read as ``kind`` (pdf, docx,
        html) with the declared ``encoding``."""
        entry = f"{checksum}\0{kind}\0{encoding or ''}\0{READERS_VERSION}"
        return hashlib.sha256(entry.encode()).hexdigest()

    def get(self, key: str) -> SourceText | None:
        self.used.add(key)
        try:
            record = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            text = _from_record(record)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return text

    def put(self, key: str, text: SourceText) -> None:
        """Store ``text`` (atomically); a cache that cannot be written is only slower."""
        self.used.add(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(_to_record(text), out, ensure_ascii=False)
            os.replace(temporary, self.directory / f"{key}.json")
        except OSError:
            return

    def prune(self) -> None:
        """Remove the entries no document of this build used."""
        if not self.directory.is_dir():
            return
        for entry in self.directory.iterdir():
            if entry.stem not in self.used:
                entry.unlink(missing_ok=True)


def _to_record(text: SourceText) -> dict[str, object]:
    suffix = next(s for s, f in FORMATS.items() if f == text.format)
    return {
        "suffix": suffix,
        "lines": text.lines,
        "breaks": sorted(text.breaks),
        "encoding": text.encoding,
        "title": text.title,
        "date": text.date.isoformat() if text.date else None,
        "source": text.source,
        "creator": text.creator,
        "language": text.language,
        "web_page": text.web_page,
        "removed": [list(pair) for pair in text.removed],
        "ocr": text.ocr,
        "headings": {str(line): level for line, level in text.headings.items()},
    }


def _from_record(record: dict[str, object]) -> SourceText:
    def text_or_none(name: str) -> str | None:
        value = record[name]
        if value is not None and not isinstance(value, str):
            raise TypeError(name)
        return value

    lines, breaks, removed = record["lines"], record["breaks"], record["removed"]
    if not (isinstance(lines, list) and isinstance(breaks, list) and isinstance(removed, list)):
        raise TypeError("lines")
    date = text_or_none("date")
    return SourceText(
        format=FORMATS[str(record["suffix"])],
        lines=[str(line) for line in lines],
        breaks=frozenset(int(b) for b in breaks),
        encoding=text_or_none("encoding"),
        title=text_or_none("title"),
        date=dt.date.fromisoformat(date) if date else None,
        source=text_or_none("source"),
        creator=text_or_none("creator"),
        language=text_or_none("language"),
        web_page=bool(record["web_page"]),
        removed=[(str(a), str(b)) for a, b in removed],
        ocr=text_or_none("ocr"),
        headings=_headings(record["headings"]),
    )


def _headings(value: object) -> dict[int, int]:
    if not isinstance(value, dict):
        raise TypeError("headings")
    return {int(line): int(level) for line, level in value.items()}
