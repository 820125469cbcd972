"""The build's loader: a child process that bulk-loads the N-Quads dump into a new store while
the build is still writing it (extraction in Python on one core, loading in RocksDB on the other).
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from kg.errors import StoreError
from kg.store import bulk_load_nquads, open_writable


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
        package_root = str(Path(__file__).resolve().parents[2])
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        # Its stderr is read only at the end: it writes there only when it fails, and exits.
        self._process = subprocess.Popen(
            [sys.executable, "-m", "kg.pipeline.loader", str(path), str(source), str(os.getpid())],
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


if __name__ == "__main__":
    from kg.lifetime import die_with_parent

    # The child of LoaderProcess: ``python -m kg.pipeline.loader STORE_DIR DUMP PARENT_PID`` loads
    # the dump as it grows until stdin closes, and ends if the build does (a killed build's store
    # is never published)
    die_with_parent(int(sys.argv[3]))
    with FollowedFile(Path(sys.argv[2]), sys.stdin.buffer) as dump:
        bulk_load_nquads(open_writable(Path(sys.argv[1])), cast(IO[bytes], dump))
