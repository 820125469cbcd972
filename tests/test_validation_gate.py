"""SHACL runs on every build: a graph that breaks the shapes fails the build (exit code 4) with a
readable report, and the release being served stays in place."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ValidationError
from kg.pipeline.build import BuildOptions, build_graph
from kg.releases import resolve_release
from tests.conftest import CORPUS, ONTOLOGY, build_corpus

BROKEN_CONCEPT = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gsi: <https://w3id.org/gsi-kg/ontology#> .
<https://w3id.org/gsi-kg/concept/test-unlabelled-treaty> a gsi:Convention ;
    skos:inScheme <https://w3id.org/gsi-kg/vocabulary> ;
    skos:prefLabel "Test Convention Without A Chinese Label"@en .
"""


@pytest.fixture()
def broken_ontology(tmp_path: Path) -> Path:
    target = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, target)
    (target / "vocabulary" / "zz-broken.ttl").write_text(BROKEN_CONCEPT, encoding="utf-8")
    return target


def test_a_violation_fails_the_build_and_keeps_the_release(
    broken_ontology: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_corpus(CORPUS, out)
    before = resolve_release(out).path
    with pytest.raises(ValidationError) as excinfo:
        build_graph(BuildOptions(CORPUS, out, "https://w3id.org/gsi-kg/", broken_ontology))
    message = str(excinfo.value)
    assert "concept/test-unlabelled-treaty" in message
    assert "Chinese" in message
    assert resolve_release(out).path == before


def test_the_cli_exits_4_with_the_report(broken_ontology: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            "--out",
            str(tmp_path / "out"),
            "--ontology",
            str(broken_ontology),
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 4
    assert "error: the built graph violates the SHACL shapes" in result.stderr
    assert "test-unlabelled-treaty" in result.stderr and "Traceback" not in result.stderr
