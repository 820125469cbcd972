"""One error handler, one response shape: ``{"error", "status", "message"}`` as JSON, or a short
HTML page for browsers. Every :class:`~kg.errors.GsiKgError` carries its HTTP status."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import GsiKgError


def error_response(status: int, title: str, message: str) -> Response:
    # imported here: prometheus-client chooses its multiprocess mode when first imported, which
    # must happen in the workers, after the server has set PROMETHEUS_MULTIPROC_DIR
    from endpoint.metrics import record_error

    record_error(title)
    body = {"error": title, "status": status, "message": message}
    accept = request.accept_mimetypes
    if accept.best_match(["application/json", "text/html"]) == "text/html" and accept["text/html"]:
        from markupsafe import escape

        html = (
            f"<!doctype html><meta charset=utf-8><title>{status} {escape(title)}</title>"
            f"<h1>{status} {escape(title)}</h1><pre>{escape(message)}</pre>"
        )
        return Response(html, status=status, mimetype="text/html")
    response = jsonify(body)
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(GsiKgError)
    def handle_gsikg(exc: GsiKgError) -> Response:
        response = error_response(exc.http_status, exc.title, exc.message)
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> Response:
        code = exc.code or 500
        response = error_response(code, exc.name, exc.description or exc.name)
        if code == 405 and exc.get_response().headers.get("Allow"):
            response.headers["Allow"] = exc.get_response().headers["Allow"]
        return response
