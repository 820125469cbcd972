"""Reading the corpus: the manifest and the documents it describes.

The manifest is ``corpus/manifest.toml``: one table per document, keyed by the document id::

    [gsi-concept-paper]
    file = "gsi-concept-paper.txt"      # optional, default "{id}.txt"
    title_zh = "全球安全倡议概念文件"
    title_en = "The Global Security Initiative Concept Paper"
    date = 2023-02-21                    # TOML date
    creator = "中华人民共和国外交部"
    genre = "concept-paper"              # see GENRES
    language = "zh"                      # optional: detected from the text when left out
    source = "…"
    translation_of = "other-doc-id"      # optional: this document translates that one
    encoding = "big5"                    # optional: only when detection cannot tell it

A document is a ``.txt`` file (any common encoding), a PDF, a saved web page (``.html``) or a
Word file (``.docx``): see :mod:`kg.pipeline.sources`. A document file with no manifest entry
still builds: its id comes from the file name and its title from the file or its first heading,
and a warning is reported. Other files in the corpus directory are reported and left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import CorpusError, SourceLocation
from kg.namespaces import slugify
from kg.pipeline.clean import CleanDocument, clean_text
from kg.pipeline.language import detect_language
from kg.pipeline.sources import (
    FORMATS,
    SourceCache,
    SourceText,
    format_of,
    read_source,
    supported,
)
from kg.pipeline.sources.text import reject_control_characters

MANIFEST_NAME = "manifest.toml"
# A diplomatic document is at most a few hundred kB; 5 MiB holds a whole book. The document text
# becomes one literal, one N-Quads line, and the store's bulk loader takes lines up to 16 MiB
# (escaping can double the size), and a document is held in memory while it is processed.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# A PDF or Word file carries fonts and images besides its text, a saved web page its markup,
# scripts and inline images: the file may be larger, its text may not (checked after extraction).
MAX_BINARY_BYTES = 64 * 1024 * 1024
BINARY_KINDS = frozenset({"pdf", "docx", "html"})
# About 300 bytes per document: 64 MiB lists some 200,000 documents (the 1000× benchmark corpus,
# 5,000 documents, needs 1.4 MiB).
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

GENRES: dict[str, str] = {
    "position-paper": "PositionPaper",
    "concept-paper": "ConceptPaper",
    "letter": "Letter",
    "concept-note": "ConceptNote",
    "speech": "Speech",
    "article": "Article",
    "statement": "Statement",
    "joint-statement": "JointStatement",
    "press-conference": "PressConference",
    "white-paper": "WhitePaper",
    "commentary": "Commentary",
}
FIELDS = frozenset(
    {
        "file",
        "title_zh",
        "title_en",
        "date",
        "creator",
        "genre",
        "language",
        "source",
        "note",
        "translation_of",
        "encoding",
    }
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# A BCP 47 language tag's shape (RDF's language tags): "zh", "en-GB", "zh-Hans-CN".
_LANGUAGE_RE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


@dataclass(frozen=True)
class DocumentMeta:
    """A document's metadata, from the manifest or inferred from the file."""

    doc_id: str
    file: Path
    title_zh: str | None = None
    title_en: str | None = None
    date: dt.date | None = None
    creator: str | None = None
    genre: str | None = None
    # None: not stated; the language is detected from the text (SourceDocument.language).
    language: str | None = None
    source: str | None = None
    note: str | None = None
    translation_of: str | None = None
    # The text encoding, when detection cannot tell it (e.g. "big5").
    encoding: str | None = None
    in_manifest: bool = True


@dataclass(frozen=True)
class SourceDocument:
    """A corpus document read from its file: its text and what the file says about itself."""

    meta: DocumentMeta
    content: SourceText
    checksum: str
    size: int
    # The manifest's language, else the file's (an HTML lang, a DOCX language), else detected.
    language: str = "zh"

    @classmethod
    def of_text(cls, meta: DocumentMeta, text: str, checksum: str) -> SourceDocument:
        """A document given as UTF-8 text (tests, generated corpora)."""
        content = SourceText(format=FORMATS[".txt"], lines=text.split("\n"), encoding="UTF-8")
        language = meta.language or detect_language(text)
        return cls(meta, content, checksum, len(text.encode("utf-8")), language)

    @property
    def raw_text(self) -> str:
        return self.content.text

    @property
    def date(self) -> dt.date | None:
        """The manifest's date, else the one the file states (a web page's)."""
        return self.meta.date or self.content.date

    def clean(self) -> CleanDocument:
        """The cleaned text: paragraphs the format marks stay apart (see :mod:`.sources`)."""
        return clean_text(
            self.raw_text, self.content.breaks, self.content.web_page, language=self.language
        )


@dataclass
class Corpus:
    """The documents of a corpus directory, with warnings about what was inferred."""

    root: Path
    documents: list[DocumentMeta]
    warnings: list[str] = field(default_factory=list)


_TABLE_HEADER = re.compile(r'^\s*\[\s*"?([^\]"]+?)"?\s*\]', re.MULTILINE)


def _table_lines(text: str) -> dict[str, int]:
    """The line of each ``[table]`` header (first occurrence), in one pass over the manifest."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TABLE_HEADER.match(line)
        if match:
            lines.setdefault(match[1], number)
    return lines


def load_manifest(root: Path) -> dict[str, DocumentMeta]:
    """Parse ``root/manifest.toml``; raise :class:`CorpusError` naming the file and line."""
    path = root / MANIFEST_NAME
    if not path.exists():
        return {}
    text = decode_utf8(path, read_bounded(path, MAX_MANIFEST_BYTES))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        if message.startswith("Cannot declare"):
            message += " (duplicate document id?)"
        where = SourceLocation(
            path, int(position[1]) if position else None, int(position[2]) if position else None
        )
        raise CorpusError(where, message) from exc
    entries: dict[str, DocumentMeta] = {}
    header_lines = _table_lines(text)
    for doc_id, table in data.items():
        where = SourceLocation(path, header_lines.get(doc_id))
        if not isinstance(table, dict):
            raise CorpusError(where, f"{doc_id!r} must be a table ([{doc_id}])")
        if not _ID_RE.match(doc_id):
            raise CorpusError(where, f"document id {doc_id!r} must be lower-case a-z, 0-9 and '-'")
        unknown = sorted(set(table) - FIELDS)
        if unknown:
            raise CorpusError(
                where, f"[{doc_id}] unknown field(s) {', '.join(unknown)}; known: {sorted(FIELDS)}"
            )
        entries[doc_id] = _meta_from_table(root, doc_id, table, where)
    for meta in entries.values():
        original = meta.translation_of
        if original is not None and (original == meta.doc_id or original not in entries):
            raise CorpusError(
                SourceLocation(path, header_lines.get(meta.doc_id)),
                f"[{meta.doc_id}] translation_of {original!r} must name another document "
                "of the manifest",
            )
    files = Counter(m.file for m in entries.values())
    for meta in entries.values():
        if files[meta.file] > 1:
            raise CorpusError(path, f"file {meta.file.name!r} is listed by two documents")
    return entries


def _meta_from_table(
    root: Path, doc_id: str, table: dict[str, object], where: SourceLocation
) -> DocumentMeta:
    def text_field(name: str) -> str | None:
        value = table.get(name)
        if value is not None and not isinstance(value, str):
            raise CorpusError(where, f"[{doc_id}] {name} must be a string")
        return value

    file_name = text_field("file") or f"{doc_id}.txt"
    file = (root / file_name).resolve()
    if not file.is_relative_to(root.resolve()):
        raise CorpusError(where, f"[{doc_id}] file {file_name!r} is outside the corpus directory")
    if format_of(file) is None:
        raise CorpusError(
            where, f"[{doc_id}] file {file_name!r}: unsupported format; supported: {supported()}"
        )
    date = table.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise CorpusError(where, f"[{doc_id}] date must be a TOML date like 2023-02-21")
    genre = text_field("genre")
    if genre is not None and genre not in GENRES:
        raise CorpusError(where, f"[{doc_id}] genre {genre!r} is not one of {sorted(GENRES)}")
    language = text_field("language")
    if language is not None and not _LANGUAGE_RE.match(language):
        raise CorpusError(where, f"[{doc_id}] language {language!r} is not a tag like zh or en-GB")
    return DocumentMeta(
        doc_id=doc_id,
        file=file,
        title_zh=text_field("title_zh"),
        title_en=text_field("title_en"),
        date=date if isinstance(date, dt.date) else None,
        creator=text_field("creator"),
        genre=genre,
        language=language,
        source=text_field("source"),
        note=text_field("note"),
        translation_of=text_field("translation_of"),
        encoding=text_field("encoding"),
    )


def scan_corpus(root: Path) -> Corpus:
    """List the corpus documents: manifest entries first, then unlisted document files."""
    if not root.is_dir():
        raise CorpusError(root, "corpus directory does not exist")
    manifest = load_manifest(root)
    corpus = Corpus(root=root, documents=[])
    for meta in manifest.values():
        if not meta.file.exists():
            raise CorpusError(
                meta.file, f"listed in {MANIFEST_NAME} as [{meta.doc_id}] but missing"
            )
        corpus.documents.append(meta)
    listed = {m.file for m in manifest.values()}
    known_ids = set(manifest)
    for file in sorted(root.iterdir()):
        if file.name.startswith(".") or file.name == MANIFEST_NAME:
            continue
        if file.is_dir() and format_of(file) is None:
            continue
        if file.resolve() in listed:
            continue
        if format_of(file) is None:
            corpus.warnings.append(
                f"{file}: not read, unsupported format ({file.suffix or 'no suffix'}); "
                f"supported: {supported()}"
            )
            continue
        if not file.resolve().is_relative_to(root.resolve()):
            raise CorpusError(file, f"links to {file.resolve()}, outside the corpus directory")
        doc_id = slugify(file.stem) or "document"
        if doc_id in known_ids:
            raise CorpusError(file, f"derived id {doc_id!r} clashes with another document")
        known_ids.add(doc_id)
        corpus.documents.append(DocumentMeta(doc_id=doc_id, file=file.resolve(), in_manifest=False))
        corpus.warnings.append(
            f"{file}: no entry in {MANIFEST_NAME}; id {doc_id!r}, title from the file or its "
            "first heading (`gsi-kg add` writes the entry)"
        )
    if not corpus.documents:
        raise CorpusError(root, f"no documents ({supported()}) in the corpus directory")
    return corpus


def read_bounded(path: Path, limit: int, hint: str = "") -> bytes:
    """The bytes of the regular file ``path``; raise :class:`CorpusError` if it is anything else
    (a directory, a device, a FIFO), unreadable or larger than ``limit`` bytes.

    At most ``limit + 1`` bytes are read whatever ``stat`` says, so memory stays bounded.
    ``hint`` ends the message of a file over the limit (what to do about it).
    """
    try:
        # Checked before opening: opening a FIFO would block, reading a device never end.
        if not stat.S_ISREG(path.stat().st_mode):
            raise CorpusError(path, "not a regular file")
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read(limit + 1) if info.st_size <= limit else b""
    except OSError as exc:
        raise CorpusError(path, f"cannot read ({exc.strerror})") from exc
    if info.st_size > limit or len(data) > limit:
        size = max(info.st_size, len(data))
        raise CorpusError(
            path, f"{size / 2**20:.1f} MiB is over the {limit / 2**20:g} MiB limit{hint}"
        )
    return data


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode ``data`` read from ``path`` (the manifest) as UTF-8; refuse anything else."""
    if b"\x00" in data:
        raise CorpusError(path, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            SourceLocation(path, line),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. `iconv -f GBK -t UTF-8`",
        ) from exc
    return reject_control_characters(path, text, "utf-8")


def read_document(meta: DocumentMeta, cache: SourceCache | None = None) -> SourceDocument:
    """Read one document in its format and encoding; raise :class:`CorpusError` naming the file.

    ``cache`` keeps the text extracted from PDF, Word and HTML files between builds.
    """
    fmt = format_of(meta.file)
    binary = fmt is not None and fmt.kind in BINARY_KINDS
    limit = MAX_BINARY_BYTES if binary else MAX_DOCUMENT_BYTES
    data = read_bounded(meta.file, limit, "; split the file")
    checksum = hashlib.sha256(data).hexdigest()
    content = read_source(meta.file, data, meta.encoding, cache, checksum)
    text = content.text
    if not text.strip():
        raise CorpusError(meta.file, "empty document")
    if binary and len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise CorpusError(
            meta.file,
            f"its text is over the {MAX_DOCUMENT_BYTES / 2**20:g} MiB limit; split the file",
        )
    return SourceDocument(
        meta=meta,
        content=content,
        checksum=checksum,
        size=len(data),
        language=meta.language or content.language or detect_language(text),
    )
