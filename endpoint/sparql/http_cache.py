"""The HTTP answer cache: whole HTTP answers to ``GET /sparql?query=…``, served before Flask runs.

A release never changes, so the same request (query string, ``Accept``, host) on the same release
has the same answer until the next build is published. This WSGI middleware keys each answer on
exactly those inputs plus the release ``current`` points to (one ``readlink`` per request; for a
remote store, the build run found by the server's last look, while it is recent), and
answers repeats itself: no routing, no request parsing, no negotiation, a few microseconds of
Python. It stores only successful query answers (the SPARQL view marks them with ``X-Cache``,
and leaves the mark off answers that change from run to run, such as ``NOW()``'s) that set no
cookie.

Two tiers: an in-memory LRU per worker process, and, when the server gives it a directory
(the ``shared_answers`` setting), one file per answer shared by all workers, so an answer
computed by one worker is not recomputed by the others. Requests it cannot answer go to the app
unchanged, where :mod:`kg.read.cache` also matches requests that differ only in spelling (another
``Accept`` for the same format, or POST).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from endpoint import metrics
from kg.read.cache import Lru

Headers = list[tuple[str, str]]
StartResponse = Callable[..., Any]
Wsgi = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# (status line, headers, body)
Answer = tuple[str, Headers, bytes]

ROUTE = "/sparql"


class AnswerCache:
    """WSGI middleware in front of ``app`` (the Flask app, kept as :attr:`flask`)."""

    def __init__(
        self,
        app: Any,
        out: Path,
        max_entries: int,
        max_bytes: int,
        shared: Path | None,
        release_tag: Callable[[], str | None] | None = None,
    ) -> None:
        self.flask = app
        self._wsgi: Wsgi = app
        self.current = out / "current"
        self.out = out
        # What names the served release (None: not known now, answer nothing from the cache);
        # by default where ``current`` points
        self.release_tag = release_tag or self._current_target
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.shared = shared
        self._memory: Lru[str, Answer] = Lru(max_entries, max_bytes, lambda answer: len(answer[2]))
        self._hit = metrics.CACHE.labels("hit")
        self._requests = metrics.REQUESTS.labels(ROUTE, "GET", "200")
        self._latency = metrics.LATENCY.labels(ROUTE)

    @property
    def enabled(self) -> bool:
        return self._memory.enabled

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._applies(environ):
            return self._wsgi(environ, start_response)
        key = self._key(environ)
        answer = self.lookup(environ, key) if key is not None else None
        if answer is None:
            return self._through(key, environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def _applies(self, environ: dict[str, Any]) -> bool:
        return bool(
            self.enabled
            and environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO") == ROUTE
            and environ.get("QUERY_STRING")
        )

    def _current_target(self) -> str:
        try:
            return os.readlink(self.current)
        except OSError:
            return str(self.out)

    def lookup(self, environ: dict[str, Any], key: str | None = None) -> Answer | None:
        """The stored answer to the request ``environ`` describes, if there is one (counted as a
        hit in the metrics). Cheap enough for the server's event loop (:mod:`endpoint.front`)."""
        if not self._applies(environ):
            return None
        started = time.perf_counter()
        key = key or self._key(environ)
        if key is None:  # the served release is not known just now
            return None
        answer = self._get(key)
        if answer is not None:
            self._hit.inc()
            self._requests.inc()
            self._latency.observe(time.perf_counter() - started)
        return answer

    def _key(self, environ: dict[str, Any]) -> str | None:
        release = self.release_tag()
        if release is None:
            return None
        parts = (
            release,
            environ.get("wsgi.url_scheme", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT", ""),
        )
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def _get(self, key: str) -> Answer | None:
        answer = self._memory.get(key)
        if answer is None:
            answer = self._read_shared(key)
            if answer is not None:
                self._memory.put(key, answer)
        return answer

    def _through(
        self, key: str | None, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Let the app answer; keep the answer (under ``key``, if there is one) if it is a
        successful query answer."""
        seen: list[tuple[str, Headers]] = []

        def capture(status: str, headers: Headers, exc_info: Any = None) -> Any:
            seen.append((status, headers))
            return start_response(status, headers, exc_info)

        chunks = self._wsgi(environ, capture)
        if key is None or not seen or not _cacheable(*seen[-1]):
            return chunks
        body = b"".join(_drain(chunks))
        status, headers = seen[-1]
        stored = [(n, "hit" if n.lower() == "x-cache" else v) for n, v in headers]
        answer: Answer = (status, stored, body)
        if self._memory.keeps(answer):
            self._memory.put(key, answer)
            self._write_shared(key, answer)
        return [body]

    def _read_shared(self, key: str) -> Answer | None:
        if self.shared is None:
            return None
        try:
            data = (self.shared / key).read_bytes()
        except OSError:
            return None
        status, headers, body = marshal.loads(data)
        return status, [tuple(h) for h in headers], body  # type: ignore[misc]

    def _write_shared(self, key: str, answer: Answer) -> None:
        """Write atomically (readers see the whole file or none); keep the directory in budget."""
        if self.shared is None:
            return
        temporary = self.shared / f".{key}.{os.getpid()}.{threading.get_ident()}"
        try:
            temporary.write_bytes(marshal.dumps(answer))
            os.replace(temporary, self.shared / key)
            self._prune_shared()
        except OSError:  # a full disk loses a cache entry, never an answer
            temporary.unlink(missing_ok=True)

    def _prune_shared(self) -> None:
        """Remove the oldest files beyond ``max_entries`` or ``max_bytes`` (as in memory)."""
        assert self.shared is not None
        files = []
        for entry in os.scandir(self.shared):
            try:
                stat = entry.stat()
            except OSError:  # removed meanwhile by another worker
                continue
            files.append((stat.st_mtime, stat.st_size, entry.path))
        if len(files) <= self.max_entries and sum(size for _, size, _ in files) <= self.max_bytes:
            return
        files.sort()
        total = sum(size for _, size, _ in files)
        while files and (len(files) > self.max_entries or total > self.max_bytes):
            _, size, path = files.pop(0)
            Path(path).unlink(missing_ok=True)
            total -= size


def _cacheable(status: str, headers: Headers) -> bool:
    """A successful query answer the view marked (``X-Cache``), setting no cookie: a cookie is
    for the client that asked (``?lang=`` remembers a language), never to be replayed to others.
    """
    names = {name.lower() for name, _ in headers}
    return status.startswith("200") and "x-cache" in names and "set-cookie" not in names


def _drain(chunks: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
