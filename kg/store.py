"""The only module that imports pyoxigraph: the on-disk store, RDF terms and serialisers.

A built graph is a *release*: ``{out}/releases/{run-id}/`` holding ``store/`` (the pyoxigraph
RocksDB directory), ``dumps/`` and ``release.json``. ``{out}/current`` is a symlink to the live
release; it is replaced atomically (``rename(2)``) only after a build succeeded, so a failed or
killed build never touches what is being served.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from kg.errors import QueryError, StoreError

__all__ = [
    "BlankNode",
    "DefaultGraph",
    "Literal",
    "LoaderProcess",
    "NamedNode",
    "Quad",
    "QueryBoolean",
    "QueryResultsFormat",
    "QuerySolutions",
    "QueryTriples",
    "RdfFormat",
    "Release",
    "Store",
    "Triple",
    "Variable",
    "check_query_complexity",
    "check_release",
    "compact_store",
    "link_copy",
    "link_or_copy",
    "open_read_only",
    "parse",
    "parse_query_results",
    "publish_release",
    "query_store",
    "resolve_release",
    "serialize",
]

# pyoxigraph parses and plans a query recursively: a query nested a few thousand levels deep or
# chaining a few thousand operators (``{a} UNION {b} UNION …``, ``1 + 1 + …``) overflows the
# stack and kills the process (SIGSEGV). These limits are far below that and far above any real
# query.
MAX_QUERY_NESTING = 64
MAX_QUERY_OPERATORS = 500
# Literals, IRIs and comments, which may hold brackets and operator characters freely.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_OPERATOR = re.compile(r"\b(?:UNION|OPTIONAL|MINUS)\b|&&|\|\||[!+\-*/|^]", re.IGNORECASE)
_DEPTH = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}

CURRENT = "current"
RELEASES = "releases"
STORE_DIR = "store"
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
        return self.path / "dumps"

    @property
    def run_id(self) -> str:
        return self.path.name

    def metadata(self) -> dict[str, object]:
        """The ``release.json`` written by the build (counts, base IRI, timings)."""
        try:
            data = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path}: release metadata unreadable ({exc})") from exc
        if not isinstance(data, dict):
            raise StoreError(f"{self.path / MANIFEST}: not a JSON object")
        return data


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


def open_read_only(release: Release) -> Store:
    """Open a release's store read-only; raise :class:`StoreError` if it is corrupt."""
    try:
        return Store.read_only(str(release.store_path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"{release.store_path}: cannot open store ({exc})") from exc


def check_release(release: Release) -> None:
    """Make sure ``release`` can be served: metadata readable, store opens, a quad reads.

    Raises :class:`StoreError` naming the path otherwise. A server runs this once before it
    starts, so a corrupt store is one clear error rather than workers failing on every request.
    """
    release.metadata()
    store = open_read_only(release)
    try:
        next(iter(store.quads_for_pattern(None, None, None, None)), None)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{release.store_path}: store unreadable ({exc})") from exc


def bulk_load_nquads(store: Store, nquads: Path | IO[bytes]) -> None:
    """Load N-Quads (a file, or a binary stream read to its end) with the streaming bulk loader.

    The store is left as ``bulk_load`` wrote it: one sorted run per million quads and index,
    ingested as files (nothing is left in memory to flush). Not compacted (see
    :func:`compact_store`); and not flushed either, as past 36 runs RocksDB stalls a flush until
    it has compacted them, minutes at 1000× the seed corpus.
    """
    if isinstance(nquads, Path):
        store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    else:
        store.bulk_load(nquads, format=RdfFormat.N_QUADS)


def compact_store(path: Path) -> None:
    """Compact the store at ``path`` (RocksDB full compaction: each index becomes one sorted run).

    Joins over a bulk-loaded store are two to four times faster once it is compacted. The store
    must not be open elsewhere, not even read-only (compaction deletes the files it merged).
    Raises :class:`StoreError` naming the path if it fails.
    """
    try:
        store = Store(str(path))
        store.optimize()
        store.flush()
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: compaction failed ({exc})") from exc


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


class LoaderProcess:
    """A child process bulk-loading, into a new store, an N-Quads file the build is still writing.

    The build appends its dump to ``source`` while it extracts; the child reads the file as it
    grows (:class:`FollowedFile`), so extraction (Python) and loading (RocksDB) run on two cores at
    once with the file, not a 64 KB pipe, between them: the loader's pauses to write its sorted
    runs never stall the extraction. :attr:`control` is the child's stdin, a pipe that carries no
    data: :meth:`finish` closes it to say the file is complete, then waits; it raises
    :class:`StoreError` with the loader's message if loading failed.
    """

    def __init__(self, path: Path, source: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        source.touch()
        # The child must import this very package, wherever it was imported from.
        package_root = str(Path(__file__).resolve().parent.parent)
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        # Its stderr is read only at the end: it writes there only when it fails, and exits.
        self._process = subprocess.Popen(
            [sys.executable, "-m", "kg.store", str(path), str(source), str(os.getpid())],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": python_path},
        )
        assert self._process.stdin is not None
        self.control: IO[bytes] = self._process.stdin

    def check(self) -> None:
        """Raise StoreError now if the loader has already failed (e.g. on a malformed quad)."""
        if self._process.poll():
            self.finish()

    def finish(self) -> None:
        """Close the input, wait for the load to complete; raise StoreError if it failed."""
        with contextlib.suppress(BrokenPipeError):
            self.control.close()
        errors = self._wait()
        if self._process.returncode:
            lines = errors.decode(errors="replace").strip().splitlines()
            detail = lines[-1] if lines else f"exit status {self._process.returncode}"
            raise StoreError(f"{self.path}: bulk load failed ({detail})")

    def abort(self) -> None:
        """Stop the loader (the build failed elsewhere); the half-built store is discarded."""
        self._process.kill()
        with contextlib.suppress(BrokenPipeError):
            self.control.close()
        self._wait()

    def _wait(self) -> bytes:
        """Wait for the child; return what it wrote on stderr."""
        assert self._process.stderr is not None
        if self._process.stderr.closed:
            return b""
        with self._process.stderr as stderr:
            errors = stderr.read()
        self._process.wait()
        return errors


class FollowedFile(io.RawIOBase):
    """A file read while another process appends to it, to its end once ``control`` reaches EOF.

    At the current end of the file a read waits (polling ``control``, the writer's end signal)
    until more data is written or the writer closes ``control``; only then does it report EOF.
    The writer must have flushed and closed the file before closing ``control``.
    """

    POLL_SECONDS = 0.01

    def __init__(self, path: Path, control: BinaryIO) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._control = control
        self._complete = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            count = self._file.readinto(buffer)
            if count or self._complete:
                return count or 0
            ready, _, _ = select.select([self._control], [], [], self.POLL_SECONDS)
            if ready and not os.read(self._control.fileno(), 4096):
                self._complete = True  # read once more: what was written before the signal

    def close(self) -> None:
        self._file.close()
        super().close()


def dump_store(store: Store, path: Path, fmt: RdfFormat) -> None:
    """Serialise the whole dataset (or, for triple formats, the union of graphs)."""
    if fmt.supports_datasets:
        store.dump(str(path), format=fmt)
        return
    # A CONSTRUCT over the union graph serialises in Rust, without a Python object per triple.
    union = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    assert isinstance(union, QueryTriples)
    union.serialize(str(path), format=fmt)


def query_store(
    store: Store,
    sparql: str,
    *,
    prefixes: dict[str, str] | None = None,
    substitutions: dict[str, NamedNode | BlankNode | Literal | Triple] | None = None,
    default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
    named_graphs: list[NamedNode | BlankNode] | None = None,
    base_iri: str | None = None,
) -> QuerySolutions | QueryBoolean | QueryTriples:
    """Run a SPARQL query; the default graph is the union of all graphs unless one is given.

    Relative IRIs resolve against ``base_iri``. ``default_graph=[]`` is an empty default graph;
    ``named_graphs=[]`` hides every named graph.
    Raises :class:`QueryError` with the parser's message, saying where (line and column), or
    if the query is too deeply nested or too long a chain of operators (see
    :func:`check_query_complexity`).
    """
    check_query_complexity(sparql)
    subs = {Variable(k): v for k, v in (substitutions or {}).items()}
    try:
        # The union of all graphs is the default graph unless the request names one.
        dataset: dict[str, object] = (
            {"default_graph": default_graph}
            if default_graph is not None
            else {"use_default_graph_as_union": True}
        )
        return store.query(
            sparql,
            base_iri=base_iri,
            prefixes=prefixes,
            substitutions=subs or None,
            named_graphs=named_graphs,
            **dataset,  # type: ignore[arg-type]
        )
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error {_where(str(exc))}") from exc
    except OSError as exc:
        raise QueryError(f"SPARQL evaluation error: {exc}") from exc


def _where(message: str) -> str:
    """``error at 2:9: expected …`` → ``at line 2, column 9: expected …``."""
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if found is None:
        return f": {message}"
    line, column, rest = found.groups()
    return f"at line {line}, column {column}: {rest}"


def check_query_complexity(sparql: str) -> None:
    """Raise :class:`QueryError` if ``sparql`` nests brackets deeper than
    :data:`MAX_QUERY_NESTING` or holds more than :data:`MAX_QUERY_OPERATORS` operators.

    Counted outside literals, IRIs and comments; a conservative estimate (``-`` in a prefixed
    name counts), cheap enough to run before every parse.
    """
    code = _OPAQUE.sub(" ", sparql)
    depth = deepest = 0
    for char in code:
        step = _DEPTH.get(char)
        if step is not None:
            depth += step
            deepest = max(deepest, depth)
    if deepest > MAX_QUERY_NESTING:
        raise QueryError(
            f"query nested too deeply ({deepest} levels of brackets; at most {MAX_QUERY_NESTING})"
        )
    operators = sum(1 for _ in _OPERATOR.finditer(code))
    if operators > MAX_QUERY_OPERATORS:
        raise QueryError(
            f"query too complex ({operators} operators such as UNION, &&, +; "
            f"at most {MAX_QUERY_OPERATORS})"
        )


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


if __name__ == "__main__":
    from kg.lifetime import die_with_parent

    # The child of LoaderProcess: ``python -m kg.store STORE_DIR DUMP PARENT_PID`` loads the dump
    # as it grows until stdin closes, and ends if the build does (a killed build's store is never
    # published)
    die_with_parent(int(sys.argv[3]))
    with FollowedFile(Path(sys.argv[2]), sys.stdin.buffer) as dump:
        bulk_load_nquads(Store(sys.argv[1]), cast(IO[bytes], dump))
