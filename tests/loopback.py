"""A listener on 127.0.0.1 that records every connection made to it and answers each HTTP request
with one empty SPARQL solution, so that a query engine calling it as a ``SERVICE`` goes on
evaluating. Traffic stays on loopback; every wait is bounded."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

ANSWER = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Content-Length: " + str(len(ANSWER)).encode() + b"\r\nConnection: close\r\n\r\n" + ANSWER
)


@dataclass
class Listener:
    """The address and the request paths seen so far (one per connection; '' when no request
    line came)."""

    port: int
    paths: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def seen(self) -> list[str]:
        with self.lock:
            return list(self.paths)

    def clear(self) -> None:
        with self.lock:
            self.paths.clear()


def _serve(server: socket.socket, listener: Listener, stop: threading.Event) -> None:
    server.settimeout(0.1)
    while not stop.is_set():
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        with conn:
            conn.settimeout(2)
            data = b""
            with suppress(OSError):
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            request_line = data.split(b"\r\n", 1)[0].decode("latin-1")
            parts = request_line.split(" ")
            with listener.lock:
                listener.paths.append(parts[1].split("?")[0] if len(parts) > 1 else "")
            with suppress(OSError):
                conn.sendall(RESPONSE)


@contextmanager
def listening() -> Iterator[Listener]:
    """A :class:`Listener` on a free port of 127.0.0.1, for the duration of the block."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    listener = Listener(server.getsockname()[1])
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(server, listener, stop), daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()
