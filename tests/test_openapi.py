"""The OpenAPI description (``/openapi.json``) covers every route, and a schemathesis run against
the real server, generating requests from it, finds no server error and no response that
breaks the description (status codes, media types, headers, JSON schemas).

The run is bounded (a fixed number of examples per operation and per mode, derandomised so that
the suite is repeatable; about half a minute). Random strings rarely name a real resource, so the
operations whose paths name one are also fed the real names (every canned query, every export, a
document, a passage, a concept) with generated parameters.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
import schemathesis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from endpoint.operations import OPENAPI
from kg.read.canned import load_queries
from kg.read.exports import ExportFormat, NetworkKind
from kg.settings import PROJECT_ROOT
from tests.conftest import LiveServer

EXAMPLES = 20  # per operation and generation mode
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
REAL_NAMES: dict[str, list[dict[str, str]]] = {
    "GET /queries/{name}": [{"name": name} for name in load_queries(PROJECT_ROOT / "queries")],
    "GET /exports/{filename}": [
        {"filename": f"{kind.value}.{fmt.value}"} for kind in NetworkKind for fmt in ExportFormat
    ],
    "GET /doc/{id}": [{"id": "gsi-concept-paper"}, {"id": "gsi-concept-paper.ttl"}],
    "GET /doc/{id}/{part}": [{"id": "gsi-concept-paper", "part": "p3"}],
    "GET /concept/{slug}": [{"slug": "npt"}, {"slug": "un-security-council.jsonld"}],
    "GET /dumps/{name}": [{"name": "gsi-kg.nq"}],
}


def test_openapi_describes_every_route(client: FlaskClient) -> None:
    with client.get("/openapi.json") as response:
        assert response.status_code == 200 and response.mimetype == "application/json"
        spec = response.get_json()
    assert spec == json.loads(OPENAPI.read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.1")
    adapter = client.application.url_map.bind("localhost")
    described = set()
    for template, operations in spec["paths"].items():
        path = template.replace("{suffix}", "ttl")
        for name in ("name", "filename", "slug", "id", "part", "passage"):
            path = path.replace("{" + name + "}", "x1")
        for method in operations:
            endpoint, _ = adapter.match(path, method=method.upper())
            described.add((endpoint, method.upper()))
    routes = {
        (rule.endpoint, method)
        for rule in client.application.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert routes == described


@pytest.mark.server
def test_schemathesis_finds_no_server_error(live_server: LiveServer) -> None:
    with urllib.request.urlopen(f"{live_server.url}/openapi.json", timeout=10) as response:
        schema = schemathesis.openapi.from_dict(json.load(response))
    failures: list[str] = []
    calls = 0

    def exercise(case: Any) -> None:
        nonlocal calls
        calls += 1
        response = case.call(base_url=live_server.url, timeout=30)
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as exc:  # schemathesis' failure group: keep going, report all
            failures.append(f"{case.method} {case.formatted_path} {case.query}: {exc}")

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            fixed = REAL_NAMES.get(operation.label, [])
            strategies = [operation.as_strategy(generation_mode=mode)] + [
                operation.as_strategy(generation_mode=mode, path_parameters=names)
                for names in fixed
            ]
            run = settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(given(case=st.one_of(strategies))(exercise))
            try:
                run()
            except Unsatisfiable:
                # a negative run of an operation whose inputs are free strings: nothing is invalid
                assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    assert failures == []
    assert calls > 400  # about 30-40 s, depending on the machine's load
