"""One error handler, one response shape: ``{"error", "status", "message"}`` as JSON, or a short
HTML page for browsers. Every :class:`~kg.errors.GsiKgError` carries its HTTP status; werkzeug's
own HTTP errors (404 for an unknown route, 405, 413 …) take the same shape."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Flask, Response, render_template, request
from markupsafe import escape
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException

from endpoint.pages.i18n import error_title
from kg.errors import GsiKgError, SparqlSyntaxError

# The site's navigation on the pages the server's front answers outside Flask (no language
# chosen there: each link in both), as in templates/_site_header.html.
NAVIGATION = (
    ("/", "home"),
    ("/concepts", "concepts"),
    ("/documents", "documents"),
    ("/search", "search"),
    ("/queries", "queries"),
    ("/sparql", "sparql"),
    ("/explorer", "explorer"),
    ("/exports", "exports"),
    ("/ontology", "ontology"),
)


def bare_page(error: GsiKgError) -> str:
    """A short styled HTML page for ``error`` with the site's navigation, that needs no
    template (the server's front answers with it outside Flask)."""
    from endpoint.pages.i18n import STRINGS

    status, title = error.http_status, escape(error.title)
    links = "".join(
        f'<a href="{path}">{STRINGS[key][0]} {STRINGS[key][1]}</a>' for path, key in NAVIGATION
    )
    return (
        f"<!doctype html><meta charset=utf-8><meta name=viewport "
        f'content="width=device-width, initial-scale=1"><title>{status} {title}</title>'
        '<link rel=stylesheet href="/static/style.css"><header class=site-header>'
        f'<a class=site-name href="/">{STRINGS["site"][0]}</a><nav>{links}</nav></header>'
        f"<main class=error-page><h1>{status} <small>{title}</small></h1>"
        f'<pre class="error-message">{escape(error.message)}</pre>'
        f"{_excerpt_block(excerpt(error))}</main>"
    )


def excerpt(error: GsiKgError) -> str:
    """The offending line of a query with a caret under the error ('' for other errors)."""
    return error.excerpt if isinstance(error, SparqlSyntaxError) else ""


def _excerpt_block(text: str) -> str:
    return f'<pre class="error-excerpt">{escape(text)}</pre>' if text else ""


def error_document(
    error: GsiKgError, accept: MIMEAccept, page: Callable[[GsiKgError], str] = bare_page
) -> tuple[str, bytes]:
    """The media type and body of ``error``: JSON, or the HTML ``page`` when the client prefers
    HTML (a browser). Also used by the server's front (:mod:`endpoint.front`), outside Flask."""
    # imported here: prometheus-client chooses its multiprocess mode when first imported, which
    # must happen in the workers, after the server has set PROMETHEUS_MULTIPROC_DIR
    from endpoint.metrics import record_error

    record_error(error.title)
    if accept.best_match(["application/json", "text/html"]) == "text/html" and accept["text/html"]:
        return "text/html; charset=utf-8", page(error).encode()
    return "application/json", json.dumps(error.to_dict(), ensure_ascii=False).encode() + b"\n"


def error_response(error: GsiKgError) -> Response:
    """``error`` in the one response shape (see :func:`error_document`); the HTML page has the
    site's navigation."""
    content_type, body = error_document(error, request.accept_mimetypes, site_page)
    response = Response(body, status=error.http_status, content_type=content_type)
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def site_page(error: GsiKgError) -> str:
    """The error page inside the site's layout (navigation, search, language)."""
    return render_template(
        "error.html",
        status=error.http_status,
        title=error_title(error.title),
        message=error.message,
        excerpt=excerpt(error),
    )


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
