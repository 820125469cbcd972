"""Child processes that end with their parent.

The build's loader (:class:`kg.store.LoaderProcess`) and the server's query executors
(:mod:`kg.read.executor`) are separate processes. If their parent is killed (SIGKILL, the OOM
killer), a busy child would run on as an orphan: a loader would keep writing into a staging
directory the next build removes, an executor would hold the store open for as long as its query
runs. Each child calls :func:`die_with_parent` first thing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# The directory holding the ``kg`` package, put on a child's PYTHONPATH.
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
PARENT_CHECK_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """End this process (exit status 1) as soon as ``parent_pid``, its parent, ends.

    Linux kills it at once (``prctl(PR_SET_PDEATHSIG, SIGKILL)``; note that the signal comes when
    the *thread* that started the child ends, so start children from a long-lived thread). A
    daemon thread that checks the parent's pid every second is the fallback elsewhere, and the
    first check catches a parent that died before the ``prctl`` call. pyoxigraph releases the
    GIL while it works, so the thread runs during a query or a load.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pid check below still works
        pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@dataclass
class Child:
    """A child interpreter, the socket to it, and the file its stderr goes to."""

    process: subprocess.Popen[bytes]
    conn: Connection
    stderr: IO[bytes]


def spawn_child(module: str, args: list[str], env: dict[str, str] | None = None) -> Child:
    """Start ``python -m module SOCKET_FD PARENT_PID *args`` with one end of a socket pair.

    A fresh interpreter rather than ``multiprocessing``'s spawn, which would re-run the parent's
    ``__main__`` (the CLI) in the child; the child calls :func:`die_with_parent` with the pid.
    Its stderr goes to a temporary file, not a pipe, so that it never blocks on writing; the
    caller closes it.
    """
    ours, theirs = socket.socketpair()
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_ROOT), *sys.path])
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    command = [sys.executable, "-m", module, str(theirs.fileno()), str(os.getpid()), *args]
    with theirs:
        process = subprocess.Popen(
            command,
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stderr=stderr,
            env=environment,
        )
    return Child(process, Connection(ours.detach()), stderr)
