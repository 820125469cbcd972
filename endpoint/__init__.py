"""The GSI-KG web front end: a Flask application factory over the built store.

Nothing is imported at package level: the query executor processes run ``endpoint.query_job``,
which needs no Flask, and start faster without it (server start-up is a benchmarked target).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from endpoint.answer_cache import AnswerCache
    from kg.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Create the Flask app for ``settings`` (defaults: environment, then built-in defaults)."""
    from flask import Flask

    from endpoint import db, errors
    from kg.settings import Settings

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["GSIKG"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    db.init_app(app)
    errors.init_app(app)

    from endpoint import (
        cors,
        explorer,
        exports,
        metrics,
        queries,
        resources,
        security,
        service,
        sparql,
        ui,
    )
    from endpoint.query_service import QueryService

    app.extensions["gsikg_queries"] = QueryService(settings)
    metrics.init_app(app)
    cors.init_app(app)
    security.init_app(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(service.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(queries.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(explorer.bp)
    return app


def create_wsgi_app(settings: Settings) -> AnswerCache:
    """The app as served: :func:`create_app` behind the answer cache (``.flask`` is the app)."""
    import os
    from pathlib import Path

    from endpoint.answer_cache import AnswerCache
    from endpoint.server import ANSWERS_ENV

    shared = os.environ.get(ANSWERS_ENV)
    return AnswerCache(
        create_app(settings),
        settings.out,
        settings.cache_entries,
        settings.cache_bytes,
        Path(shared) if shared else None,
    )
