"""The GSI-KG web front end: a Flask application factory over the built store.

Nothing is imported at package level: the executor processes unpickle read functions from
``endpoint.pages``, which need no Flask, and start faster without it (server start-up is a
benchmarked target).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from endpoint.sparql.http_cache import AnswerCache
    from kg.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Create the Flask app for ``settings`` (defaults: environment, then built-in defaults)."""
    from flask import Flask

    from endpoint import cors, errors, metrics, operations, release, security, vendor
    from endpoint.pages import exports, i18n, queries, views
    from endpoint.sparql import views as sparql_views
    from kg.read.service import Limits, ReadService
    from kg.settings import Settings

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["GSIKG"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    limits = Limits.of(settings)
    reads = ReadService(
        limits,
        settings.executors,
        settings.cache_entries,
        settings.cache_bytes,
        metrics.ReadMetrics(),
    )
    release.init_app(app, reads)
    errors.init_app(app)
    metrics.init_app(app)
    cors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    views.init_app(app)
    for blueprint in (
        sparql_views.bp,
        operations.bp,
        views.bp,
        queries.bp,
        exports.bp,
        vendor.bp,
    ):
        app.register_blueprint(blueprint)
    return app


def create_wsgi_app(settings: Settings) -> AnswerCache:
    """The app as served: :func:`create_app` behind the HTTP answer cache (``.flask`` is the
    app)."""
    from endpoint.sparql.http_cache import AnswerCache

    app = create_app(settings)
    return AnswerCache(
        app,
        settings.out,
        settings.cache_entries,
        settings.cache_bytes,
        settings.shared_answers,
        app.extensions["gsikg_release"].tag,
    )
