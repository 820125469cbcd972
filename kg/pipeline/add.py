"""Adding files to the corpus: ``gsi-kg add FILE…|DIR``.

Each file is read as the build reads it (so a file the build would refuse is refused here, with
the same message), its metadata found (title, date, language, format, encoding), the file copied
into the corpus directory and an entry appended to ``manifest.toml``. What could not be found
(a date, an English title) is reported so the user can fill it in. The manifest is written
atomically and read back before it replaces the old one; with ``dry_run`` nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import CorpusError, GsiKgError
from kg.namespaces import slugify
from kg.pipeline.corpus import (
    MANIFEST_NAME,
    DocumentMeta,
    decode_utf8,
    load_manifest,
    read_bounded,
    read_document,
)
from kg.pipeline.segment import inferred_title
from kg.pipeline.sources import SourceCache, format_of

MAX_MANIFEST_READ = 64 * 1024 * 1024


@dataclass
class Added:
    """One file and what was found in it (or why it could not be added)."""

    path: Path
    doc_id: str = ""
    file_name: str = ""
    title: str | None = None
    date: dt.date | None = None
    language: str = ""
    media_type: str = ""
    encoding: str | None = None
    source: str | None = None
    missing: list[str] = field(default_factory=list)
    error: str | None = None
    duplicate_of: str | None = None
    checksum: str = ""

    def manifest_entry(self) -> str:
        lines = [f"\n[{self.doc_id}]", f"file = {_toml(self.file_name)}"]
        if self.title:
            key = "title_en" if self.language.startswith("en") else "title_zh"
            lines.append(f"{key} = {_toml(self.title)}")
        if self.date:
            lines.append(f"date = {self.date.isoformat()}")
        lines.append(f"language = {_toml(self.language)}")
        if self.encoding and self.encoding != "UTF-8":
            lines.append(f"encoding = {_toml(self.encoding)}")
        if self.source:
            lines.append(f"source = {_toml(self.source)}")
        lines.append(
            f"note = {_toml(f'Added by gsi-kg add from {self.path.name} ({self.media_type}).')}"
        )
        return "\n".join(lines) + "\n"


@dataclass
class AddReport:
    added: list[Added] = field(default_factory=list)
    failed: list[Added] = field(default_factory=list)
    skipped: list[Added] = field(default_factory=list)


def files_to_add(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and every supported file under each folder named (hidden ones left out)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and format_of(found) is not None:
                    yield found
        elif path.exists():
            yield path
        else:
            raise CorpusError(path, "no such file or folder")


def add_files(
    corpus: Path, paths: Iterable[Path], dry_run: bool = False, cache: SourceCache | None = None
) -> AddReport:
    """Copy ``paths`` into ``corpus`` with manifest entries; see the module docstring.

    ``cache``: the build's cache of extracted text, so the next build does not read a PDF again.
    """
    if not corpus.is_dir():
        raise CorpusError(corpus, "corpus directory does not exist")
    manifest = load_manifest(corpus)
    taken_ids = set(manifest)
    taken_names = {p.name for p in corpus.iterdir()}
    # A listed file that is missing or not a regular file is the build's to report, not add's.
    checksums = {
        _sha256(meta.file): doc_id for doc_id, meta in manifest.items() if meta.file.is_file()
    }
    report = AddReport()
    for path in files_to_add(paths):
        item = _examine(path, taken_ids, taken_names, None if dry_run else cache)
        if item.error is not None:
            report.failed.append(item)
            continue
        digest = item.checksum
        if digest in checksums:
            item.duplicate_of = checksums[digest]
            report.skipped.append(item)
            continue
        checksums[digest] = item.doc_id
        taken_ids.add(item.doc_id)
        taken_names.add(item.file_name)
        report.added.append(item)
    if report.added and not dry_run:
        _write(corpus, report.added)
    return report


def _examine(
    path: Path, taken_ids: set[str], taken_names: set[str], cache: SourceCache | None
) -> Added:
    item = Added(path=path)
    if format_of(path) is None:
        item.error = f"{path}: unsupported format ({path.suffix or 'no suffix'})"
        return item
    base = slugify(path.stem) or "document"
    item.doc_id = _unique(base, taken_ids)
    item.file_name = path.name if path.name not in taken_names else f"{item.doc_id}{path.suffix}"
    try:
        source = read_document(DocumentMeta(doc_id=item.doc_id, file=path.resolve()), cache)
        clean = source.clean()
        if not clean.blocks:
            raise CorpusError(path, "no text left after cleaning (only boilerplate?)")
    except GsiKgError as exc:
        item.error = exc.message
        return item
    content = source.content
    item.checksum = source.checksum
    item.media_type = content.format.media_type
    item.encoding = content.encoding
    item.language = source.language
    # The build's title when the manifest has none: the file's, else the first block's.
    first = clean.blocks[0].text
    item.title = content.title or inferred_title(first, source.language)
    item.date = content.date or clean.published
    item.source = content.source or clean.web_metadata.get("来源")
    if item.title != first and not content.title:
        item.missing.append("title (the first sentence was taken)")
    if item.date is None:
        item.missing.append("date")
    if item.source is None:
        item.missing.append("source")
    return item


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base[:90], 2
    while candidate in taken:
        candidate = f"{base[:90]}-{number}"
        number += 1
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write(corpus: Path, added: list[Added]) -> None:
    """Copy the files, then replace the manifest by the old one plus the new entries, read back
    first: a manifest that would not load is never written (the copies are removed)."""
    manifest_path = corpus / MANIFEST_NAME
    old = (
        decode_utf8(manifest_path, read_bounded(manifest_path, MAX_MANIFEST_READ))
        if manifest_path.exists()
        else '# GSI-KG corpus manifest: one table per document (see README, "Adding documents").\n'
    )
    new = old.rstrip("\n") + "\n" + "".join(item.manifest_entry() for item in added)
    copied: list[Path] = []
    try:
        for item in added:
            target = corpus / item.file_name
            shutil.copyfile(item.path, target)
            copied.append(target)
        handle, temporary = tempfile.mkstemp(dir=corpus, prefix=".manifest-", suffix=".toml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(new)
        try:
            _check(corpus, Path(temporary))
            os.replace(temporary, manifest_path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except BaseException:
        for target in copied:
            target.unlink(missing_ok=True)
        raise


def _check(corpus: Path, candidate: Path) -> None:
    """Load ``candidate`` as a corpus manifest (in a scratch directory): it must parse."""
    with tempfile.TemporaryDirectory(dir=corpus, prefix=".check-") as scratch:
        shutil.copyfile(candidate, Path(scratch) / MANIFEST_NAME)
        entries = load_manifest(Path(scratch))
    if not entries:
        raise CorpusError(candidate, "the new manifest has no entries")


def _toml(value: str) -> str:
    """A TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
