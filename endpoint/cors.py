"""CORS for browser clients on other origins (https://fetch.spec.whatwg.org/#http-cors-protocol).

Every response allows any origin, without credentials (the data is public and nothing here uses
cookies); preflight requests (``OPTIONS`` with ``Access-Control-Request-Method``) are answered.
"""

from __future__ import annotations

from flask import Flask, Response, request

ALLOWED_METHODS = "GET, POST, OPTIONS"
DEFAULT_HEADERS = "Accept, Content-Type"


def init_app(app: Flask) -> None:
    @app.after_request
    def allow_cross_origin(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Cache, Content-Disposition"
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", DEFAULT_HEADERS
            )
            response.headers["Access-Control-Max-Age"] = "86400"
        return response
