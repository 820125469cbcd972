"""Releases: a built graph is a directory ``{out}/releases/{run-id}/`` holding ``store/`` (the
pyoxigraph RocksDB directory), ``dumps/`` and ``release.json``. ``{out}/current`` is a symlink to
the live release; it is replaced atomically (``rename(2)``) only after a build succeeded, so a
failed or killed build never touches what is being served.

A release can also live in a remote SPARQL endpoint (:class:`RemoteRelease`, ``gsi-kg serve
--store URL``): a release's N-Quads dump loaded into another engine.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError
from kg.namespaces import Namespace
from kg.store import check_readable

CURRENT = "current"
RELEASES = "releases"
STORE_DIR = "store"
DUMPS_DIR = "dumps"
MANIFEST = "release.json"


@dataclass(frozen=True)
class Release:
    """A built, immutable store with its metadata."""

    path: Path

    @property
    def store_path(self) -> Path:
        return self.path / STORE_DIR

    @property
    def dumps_path(self) -> Path:
        return self.path / DUMPS_DIR

    @property
    def run_id(self) -> str:
        return self.path.name

    @property
    def location(self) -> str:
        """Where it is, for messages."""
        return str(self.path)

    def file(self, name: str) -> Path | None:
        """The file ``name`` (a path relative to the release) the build wrote, if it is there."""
        path = self.path / name
        return path if path.is_file() else None

    def dump_files(self) -> list[Path]:
        """The dump files of ``dumps/``, by name."""
        folder = self.dumps_path
        return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []

    def metadata(self) -> dict[str, object]:
        """The ``release.json`` written by the build (counts, base IRI, timings)."""
        try:
            data = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path}: release metadata unreadable ({exc})") from exc
        if not isinstance(data, dict):
            raise StoreError(f"{self.path / MANIFEST}: not a JSON object")
        return data

    def namespace(self) -> Namespace:
        """The IRIs of this release (its base IRI comes from ``release.json``)."""
        return Namespace(str(self.metadata().get("base_iri", "")) or Namespace().base)


@dataclass(frozen=True)
class RemoteRelease:
    """A release loaded into a SPARQL 1.1 endpoint at ``url``: its IRIs are under ``base_iri``,
    and ``run_id`` names the build run its provenance graph records ('' until that is read,
    :func:`kg.read.remote.identify`). The build's files (dumps, exports, statistics) are not
    there: reads compute what they would have read from them."""

    url: str
    base_iri: str
    run_id: str = ""

    @property
    def location(self) -> str:
        return self.url

    def namespace(self) -> Namespace:
        return Namespace(self.base_iri)

    def metadata(self) -> dict[str, object]:
        """What is known of it: the build run, the base IRI, the endpoint."""
        return {"run_id": self.run_id, "base_iri": self.base_iri, "store": self.url}

    def file(self, name: str) -> Path | None:
        """None: no file of the build is at hand."""
        return None

    def dump_files(self) -> list[Path]:
        """No files: the dumps are wherever the endpoint was loaded from."""
        return []


AnyRelease = Release | RemoteRelease


def resolve_release(location: Path) -> Release:
    """Find the release to serve at ``location``.

    ``location`` may be a build directory (with a ``current`` link), a release directory, or a
    release's ``store`` directory. Raises :class:`StoreError` naming the path if none is there.
    """
    link = location / CURRENT
    if link.is_symlink() and not link.exists():
        raise StoreError(f"{link}: points to {os.readlink(link)}, which does not exist")
    location = location.resolve() if location.exists() else location
    candidates = [location / CURRENT, location, location.parent]
    for candidate in candidates:
        if (candidate / STORE_DIR).is_dir() and (candidate / MANIFEST).is_file():
            return Release(candidate.resolve())
    raise StoreError(
        f"{location}: no built store here (expected {location / CURRENT}/store); "
        "run `gsi-kg build` first"
    )


def check_release(release: Release) -> None:
    """Make sure ``release`` can be served: metadata readable, store opens, a quad reads.

    Raises :class:`StoreError` naming the path otherwise. A server runs this once before it
    starts, so a corrupt store is one clear error rather than workers failing on every request.
    """
    release.metadata()
    check_readable(release.store_path)


def iter_releases(out: Path) -> Iterator[Path]:
    root = out / RELEASES
    if root.is_dir():
        yield from sorted(p for p in root.iterdir() if p.is_dir())


def publish_release(out: Path, release_dir: Path, keep: int = 2) -> Release:
    """Atomically point ``{out}/current`` at ``release_dir``; prune old releases.

    The previous ``current`` stays valid until the rename, so readers see the old or the new
    store, never a mix. Older releases beyond ``keep`` are removed (the one being replaced is kept
    so servers still holding it open can finish their requests).
    """
    link = out / CURRENT
    tmp_link = out / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(release_dir, out), tmp_link)
    os.replace(tmp_link, link)
    live = release_dir.resolve()
    releases = [p for p in iter_releases(out) if p.resolve() != live]
    for stale in releases[: max(0, len(releases) - (keep - 1))]:
        shutil.rmtree(stale, ignore_errors=True)
    return Release(live)


def link_copy(source: Path, target: Path) -> None:
    """Copy the closed store at ``source`` to ``target`` (which must not exist) cheaply.

    RocksDB never changes a table file (``*.sst``) once written, so these are hard-linked (copied
    if ``target`` is on another file system); the few small files it does rewrite (``CURRENT``,
    the manifest, options, write-ahead log) are copied. The copy is an independent store: writing
    to it, compacting it included, leaves ``source`` as it was.
    """
    target.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name == "LOCK" or entry.name.startswith("LOG"):
            continue
        if entry.suffix == ".sst":
            link_or_copy(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)


def link_or_copy(source: Path, target: Path) -> None:
    """Hard-link ``source`` as ``target``; copy it where links are impossible (another file
    system). Only for files nobody writes to again."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
