"""One error handler, one response shape: ``{"error", "status", "message"}`` as JSON, or a short
HTML page for browsers. Every :class:`~kg.errors.GsiKgError` carries its HTTP status; werkzeug's
own HTTP errors (404 for an unknown route, 405, 413 …) take the same shape."""

from __future__ import annotations

import json

from flask import Flask, Response, request
from markupsafe import escape
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from kg.errors import GsiKgError


def error_document(error: GsiKgError, accept: MIMEAccept) -> tuple[str, bytes]:
    """The media type and body of ``error``: JSON, or a short HTML page when the client prefers
    HTML (a browser). Also used by the server's front (:mod:`endpoint.front`), outside Flask."""
    # imported here: prometheus-client chooses its multiprocess mode when first imported, which
    # must happen in the workers, after the server has set PROMETHEUS_MULTIPROC_DIR
    from endpoint.metrics import record_error

    record_error(error.title)
    status = error.http_status
    if accept.best_match(["application/json", "text/html"]) == "text/html" and accept["text/html"]:
        html = (
            f"<!doctype html><meta charset=utf-8><title>{status} {escape(error.title)}</title>"
            f"<h1>{status} {escape(error.title)}</h1><pre>{escape(error.message)}</pre>"
        )
        return "text/html; charset=utf-8", html.encode()
    return "application/json", json.dumps(error.to_dict(), ensure_ascii=False).encode() + b"\n"


def error_response(error: GsiKgError) -> Response:
    """``error`` in the one response shape (see :func:`error_document`)."""
    content_type, body = error_document(error, request.accept_mimetypes)
    response = Response(body, status=error.http_status, content_type=content_type)
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


class HttpError(GsiKgError):
    """A werkzeug HTTP error in the taxonomy's shape."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.http_status, self.title = status, title


def init_app(app: Flask) -> None:
    app.register_error_handler(GsiKgError, error_response)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> Response:
        code = exc.code or 500
        response = error_response(HttpError(code, exc.name, exc.description or exc.name))
        allow = exc.get_response().headers.get("Allow") if code == 405 else None
        if allow:
            response.headers["Allow"] = allow
        return response
