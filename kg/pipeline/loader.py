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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from kg.errors import StoreError
from kg.store import bulk_load_nquads, open_writable

# The width of the byte count the loader notes (a decimal number, right-aligned).
PROGRESS_WIDTH = 20


class LoaderProcess:
    """A child process bulk-loading, into a new store, an N-Quads file the build is still writing.

    The build appends its dump to ``source`` while it extracts; the child reads the file as it
    grows (:class:`FollowedFile`), so extraction (Python) and loading (RocksDB) run on two cores at
    once with the file, not a 64 KB pipe, between them: the loader's pauses to write its sorted
    runs never stall the extraction. :attr:`control` is the child's stdin, a pipe that carries no
    data: :meth:`finish` closes it to say the file is complete, then waits; it raises
    :class:`StoreError` with the loader's message if loading failed. The child notes how many
    bytes of the file it has read in a small shared file (:meth:`loaded_bytes`).
    """

    def __init__(self, path: Path, source: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        source.touch()
        # The child must import this very package, wherever it was imported from.
        package_root = str(Path(__file__).resolve().parents[2])
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        self._progress = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _wait())
        command = [sys.executable, "-m", "kg.pipeline.loader", str(path), str(source)]
        command += [str(os.getpid()), str(self._progress.fileno())]
        # Its stderr is read only at the end: it writes there only when it fails, and exits.
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": python_path},
            pass_fds=[self._progress.fileno()],
        )
        assert self._process.stdin is not None
        self.control: IO[bytes] = self._process.stdin

    def check(self) -> None:
        """Raise StoreError now if the loader has already failed (e.g. on a malformed quad)."""
        if self._process.poll():
            self.finish()

    def loaded_bytes(self) -> int:
        """How many bytes of the file the loader has read (it notes that every 0.2 s)."""
        if self._progress.closed:
            return 0
        noted = os.pread(self._progress.fileno(), PROGRESS_WIDTH, 0).strip()
        return int(noted) if noted else 0

    def finish(self, loaded: Callable[[int], None] | None = None) -> None:
        """Close the input, wait for the load to complete; raise StoreError if it failed.

        Meanwhile calls ``loaded`` with :meth:`loaded_bytes` every 0.2 s."""
        with contextlib.suppress(BrokenPipeError):
            self.control.close()
        assert self._process.stderr is not None
        while loaded is not None and self._process.poll() is None:
            loaded(self.loaded_bytes())
            # The loader writes on stderr only as it fails: then stop and read it.
            if select.select([self._process.stderr], [], [], FollowedFile.NOTE_SECONDS)[0]:
                break
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
        self._progress.close()
        return errors


class FollowedFile(io.RawIOBase):
    """A file read while another process appends to it, to its end once ``control`` reaches EOF.

    At the current end of the file a read waits (polling ``control``, the writer's end signal)
    until more data is written or the writer closes ``control``; only then does it report EOF.
    The writer must have flushed and closed the file before closing ``control``. If given a
    ``progress`` file descriptor, it writes there how many bytes it has read, every
    :attr:`NOTE_SECONDS`.
    """

    POLL_SECONDS = 0.01
    NOTE_SECONDS = 0.2

    def __init__(self, path: Path, control: BinaryIO, progress: int | None = None) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._control = control
        self._complete = False
        self._progress = progress
        self._read = 0
        self._noted = 0.0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            count = self._file.readinto(buffer)
            if count or self._complete:
                self._note(count or 0)
                return count or 0
            ready, _, _ = select.select([self._control], [], [], self.POLL_SECONDS)
            if ready and not os.read(self._control.fileno(), 4096):
                self._complete = True  # read once more: what was written before the signal

    def _note(self, count: int) -> None:
        self._read += count
        now = time.monotonic()
        if self._progress is not None and (now - self._noted >= self.NOTE_SECONDS or not count):
            os.pwrite(self._progress, str(self._read).rjust(PROGRESS_WIDTH).encode(), 0)
            self._noted = now

    def close(self) -> None:
        self._file.close()
        super().close()


if __name__ == "__main__":
    from kg.lifetime import die_with_parent

    # The child of LoaderProcess: ``python -m kg.pipeline.loader STORE_DIR DUMP PARENT_PID
    # PROGRESS_FD`` loads the dump as it grows until stdin closes, noting how far it has read in
    # PROGRESS_FD, and ends if the build does (a killed build's store is never published)
    die_with_parent(int(sys.argv[3]))
    with FollowedFile(Path(sys.argv[2]), sys.stdin.buffer, int(sys.argv[4])) as dump:
        bulk_load_nquads(open_writable(Path(sys.argv[1])), cast(IO[bytes], dump))
