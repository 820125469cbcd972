"""The server's front: how Granian hands each request to the app, over RSGI
(https://github.com/emmett-framework/granian/blob/master/docs/spec/RSGI.md), so that no client
can hold the server's threads.

A request arrives in the worker's event loop, where nothing blocks:

1. a repeated ``GET /sparql`` is answered from the HTTP answer cache at once
   (:meth:`endpoint.sparql.http_cache.AnswerCache.lookup`);
2. the body is read asynchronously, within ``GSIKG_BODY_TIMEOUT`` seconds (else 408) and
   ``GSIKG_MAX_BODY`` bytes (else 413, after reading and dropping up to :data:`DRAIN_LIMIT` bytes
   more, so that the client, still sending, can read the answer): a stalled client holds a
   coroutine, never a thread;
3. ``/health`` and ``/metrics`` run on a thread pool of their own, so they never wait behind
   queries; everything else runs the WSGI app (Flask, behind the answer cache) on the request
   pool of ``GSIKG_THREADS`` threads. When that pool has as many requests waiting as it has
   threads, the next gets 503 with ``Retry-After`` at once.

The request's arrival time travels in the environ (``gsikg.arrived``), so a read's time limit
counts every wait since (:mod:`endpoint.release`).
"""

from __future__ import annotations

import asyncio
import io
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from endpoint.errors import error_document
from endpoint.sparql.http_cache import ROUTE, AnswerCache
from kg.errors import GsiKgError, RequestTimeout, RequestTooLarge, ServerBusy
from kg.settings import Settings

# Routes answered on their own small pool, never behind queries.
FAST_ROUTES = frozenset({"/health", "/metrics"})
FAST_THREADS = 2
# An oversized body is read and dropped up to this many bytes, then the connection is dropped.
DRAIN_LIMIT = 64 * 1_048_576
# A response larger than this is streamed to the client rather than sent in one piece.
STREAM_ABOVE = 1_048_576
ARRIVED = "gsikg.arrived"

Headers = list[tuple[str, str]]


class Front:
    """The RSGI application Granian runs in each worker, in front of the WSGI app."""

    def __init__(self, app: AnswerCache, settings: Settings) -> None:
        self.app = app
        self.threads = max(1, settings.threads)
        self.body_timeout = settings.body_timeout
        self.max_body = settings.max_body
        self.pending = 0  # requests on the request pool, running or waiting (event loop only)
        self._requests: ThreadPoolExecutor | None = None
        self._fast: ThreadPoolExecutor | None = None

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._requests = ThreadPoolExecutor(self.threads, "gsikg-request")
        self._fast = ThreadPoolExecutor(FAST_THREADS, "gsikg-fast")

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        for pool in (self._requests, self._fast):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, scope: Any, protocol: Any) -> None:
        await self.__rsgi__(scope, protocol)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        arrived = time.monotonic()
        if scope.method == "GET" and scope.path == ROUTE and scope.query_string:
            cached = self.app.lookup(cache_environ(scope))
            if cached is not None:
                status, headers, body = cached
                protocol.response_bytes(int(status.split(" ", 1)[0]), headers, body)
                return
        environ = wsgi_environ(scope)
        environ[ARRIVED] = arrived
        try:
            body = await asyncio.wait_for(self._read_body(environ, protocol), self.body_timeout)
        except TimeoutError:
            self._fail(
                protocol,
                environ,
                RequestTimeout(
                    f"the request body did not arrive within {self.body_timeout:g} s "
                    "(GSIKG_BODY_TIMEOUT)"
                ),
            )
            return
        except GsiKgError as error:
            self._fail(protocol, environ, error)
            return
        environ["wsgi.input"] = io.BytesIO(body)
        fast = environ["PATH_INFO"] in FAST_ROUTES
        if not fast and self.pending >= 2 * self.threads:
            self._fail(protocol, environ, busy(self.threads))
            return
        pool = self._fast if fast else self._requests
        assert pool is not None, "__rsgi_init__ makes the pools"
        loop = asyncio.get_running_loop()
        counted = 0 if fast else 1
        self.pending += counted
        try:
            answer = await loop.run_in_executor(pool, self._respond, environ, protocol, loop)
        finally:
            self.pending -= counted
        if answer is not None:
            protocol.response_bytes(*answer)

    async def _read_body(self, environ: dict[str, Any], protocol: Any) -> bytes:
        """The request body; :class:`RequestTooLarge` beyond the limit (the rest is dropped)."""
        declared = environ.get("CONTENT_LENGTH")
        if declared == "0" or (declared is None and "HTTP_TRANSFER_ENCODING" not in environ):
            return b""
        parts: list[bytes] = []
        size = 0
        async for chunk in protocol:
            size += len(chunk)
            if size <= self.max_body:
                parts.append(chunk)
            elif size > self.max_body + DRAIN_LIMIT:
                break
        if size > self.max_body:
            raise RequestTooLarge(
                f"the request body is larger than {self.max_body} bytes (GSIKG_MAX_BODY); "
                "send a shorter query"
            )
        return b"".join(parts)

    def _respond(
        self, environ: dict[str, Any], protocol: Any, loop: asyncio.AbstractEventLoop
    ) -> tuple[int, Headers, bytes] | None:
        """Run the WSGI app (on a pool thread): its answer, or None when it was large and has
        been streamed already."""
        started: list[Any] = []

        def start_response(
            status: str, headers: Headers, exc_info: Any = None
        ) -> Callable[..., Any]:
            started[:] = [int(status.split(" ", 1)[0]), headers]
            return _no_write

        result = self.app(environ, start_response)
        try:
            pieces: list[bytes] = []
            size = 0
            chunks = iter(result)
            for chunk in chunks:
                pieces.append(chunk)
                size += len(chunk)
                if size > STREAM_ABOVE:
                    _stream(protocol, loop, started, pieces, chunks)
                    return None
            status, headers = started
            return status, headers, b"".join(pieces)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    def _fail(self, protocol: Any, environ: dict[str, Any], error: GsiKgError) -> None:
        accept = parse_accept_header(environ.get("HTTP_ACCEPT"), MIMEAccept)
        content_type, body = error_document(error, accept)
        headers = [("content-type", content_type), ("x-content-type-options", "nosniff")]
        if error.retry_after is not None:
            headers.append(("retry-after", str(error.retry_after)))
        protocol.response_bytes(error.http_status, headers, body)


def busy(threads: int) -> ServerBusy:
    return ServerBusy(
        f"all {threads} request threads are busy and as many requests are waiting for one; "
        "try again shortly"
    )


def _no_write(data: bytes) -> None:
    raise NotImplementedError("write() is not supported; return the body")


def _stream(
    protocol: Any,
    loop: asyncio.AbstractEventLoop,
    started: list[Any],
    pieces: list[bytes],
    rest: Iterable[bytes],
) -> None:
    """Send a large response piece by piece (from a pool thread, through the event loop)."""

    async def open_stream() -> Any:
        status, headers = started
        return protocol.response_stream(status, headers)

    async def send(transport: Any, chunk: bytes) -> None:
        await transport.send_bytes(chunk)

    transport = asyncio.run_coroutine_threadsafe(open_stream(), loop).result()
    for chunk in [*pieces, *rest]:
        if chunk:
            asyncio.run_coroutine_threadsafe(send(transport, chunk), loop).result()


def cache_environ(scope: Any) -> dict[str, Any]:
    """The part of the environ of a ``GET /sparql`` the HTTP answer cache keys on (what
    :func:`wsgi_environ` would give for those keys), made without the rest."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": ROUTE,
        "SCRIPT_NAME": "",
        "QUERY_STRING": scope.query_string,
        "wsgi.url_scheme": scope.scheme,
        "HTTP_HOST": _header(scope, "host") or scope.authority or "",
        "HTTP_ACCEPT": _header(scope, "accept"),
    }


def _header(scope: Any, name: str) -> str:
    """A header's values, joined, as a WSGI string (the request's bytes as Latin-1)."""
    value = ", ".join(scope.headers.get_all(name))
    return value.encode("utf-8", "surrogateescape").decode("latin-1")


def wsgi_environ(scope: Any) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of an RSGI request scope, without ``wsgi.input``."""
    host, _, port = str(scope.server).rpartition(":")
    client, _, client_port = str(scope.client).rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        # WSGI strings carry the request's bytes as Latin-1
        "PATH_INFO": scope.path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client,
        "REMOTE_PORT": client_port,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
    }
    for name in set(scope.headers.keys()):
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = ", ".join(scope.headers.get_all(name))
        else:
            environ[f"HTTP_{key}"] = _header(scope, name)
    if "HTTP_HOST" not in environ and scope.authority:
        environ["HTTP_HOST"] = scope.authority
    return environ
