"""Issue 14: ``/ontology`` as HTML was rendered from the files on disk with the default base, so
a graph built with ``--base-iri http://example.org/kg/`` showed w3id IRIs on that page while
``/ontology.ttl`` was right. The page is now rendered from the served release's own graphs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.namespaces import CANONICAL_BASE
from kg.settings import Settings
from tests.conftest import flask_app
from tests.ld_fixture import build_real

BASE = "http://example.org/kg/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_real(tmp_path_factory.mktemp("issue14") / "out", base_iri=BASE)


def test_the_ontology_page_shows_the_release_base_iri(out: Path) -> None:
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        page = app.test_client().get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.data.decode()
    assert CANONICAL_BASE not in html
    assert f"{BASE}ontology#Passage" in html
    assert len(re.findall(re.escape(BASE), html)) > 700
