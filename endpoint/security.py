"""Headers that keep every page inert, set in one place for the whole app.

Every HTML response carries a Content-Security-Policy: scripts only from this server (never
inline, so injected markup cannot run even if escaping failed somewhere), connections only to this
server (the pages work without internet access), no framing. Styles may be inline: YASGUI sets
element styles and the ontology page has a ``<style>`` block. Every response also says
``X-Content-Type-Options: nosniff``, so a browser never runs a file as a script or page unless
its media type says so. https://www.w3.org/TR/CSP3/
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    """Add the policy to an HTML response and ``nosniff`` to every response."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
