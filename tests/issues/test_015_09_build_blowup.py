"""Issue 15, finding 9: a document of lines such as ``（中方支持联合国安理会`` (an unclosed bracket,
so the lines join into one passage of one sentence) built quadratically: 8,000 lines
took 85 s, 5 GB and 6.6 GB of disk. Every stance and relation quoted the whole sentence,
and every cue looked through the whole sentence. Quotes and clauses are now bounded, so
the output grows linearly; and a document producing more than
``GSIKG_MAX_DOCUMENT_STATEMENTS`` statements stops the build (exit 3, naming it) with
the served release untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import CorpusError
from kg.pipeline.build import DUMP_NAME, BuildOptions, build_graph
from kg.pipeline.extract.mentions import MAX_QUOTE
from kg.releases import resolve_release
from kg.store import Literal, NamedNode, RdfFormat, parse
from tests.conftest import ONTOLOGY

QUOTE = "https://w3id.org/gsi-kg/ontology#quote"
# The voice's stances: an organisation as the subject of 支持 holds none since issue 18.
LINE = "（中方支持联合国安理会\n"


def build(tmp_path: Path, lines: int, limit: int = 6_000_000) -> Path:
    corpus = tmp_path / f"corpus{lines}"
    corpus.mkdir()
    (corpus / "joined.txt").write_text("标题\n" + LINE * lines, encoding="utf-8")
    out = tmp_path / f"out{lines}"
    build_graph(
        BuildOptions(
            corpus=corpus,
            out=out,
            base_iri="https://w3id.org/gsi-kg/",
            ontology_dir=ONTOLOGY,
            validate=False,
            extra_dumps=False,
            max_document_statements=limit,
        )
    )
    return resolve_release(out).dumps_path / DUMP_NAME


def test_output_grows_linearly_with_a_run_on_sentence(tmp_path: Path) -> None:
    small, large = build(tmp_path, 1000), build(tmp_path, 4000)
    ratio = large.stat().st_size / small.stat().st_size
    assert ratio < 4.5, ratio  # four times the text: four times the output, not sixteen
    quotes = [
        q.object.value
        for q in parse(path=str(large), format=RdfFormat.N_QUADS)
        if q.predicate == NamedNode(QUOTE) and isinstance(q.object, Literal)
    ]
    assert len(quotes) > 3000 and max(map(len, quotes)) <= MAX_QUOTE


def test_a_document_over_the_statement_bound_stops_the_build(tmp_path: Path) -> None:
    served = build(tmp_path, 100)
    corpus = tmp_path / "corpus100"
    (corpus / "joined.txt").write_text("标题\n" + LINE * 1000, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"joined\.txt: the document produces more than 10,000"):
        build_graph(
            BuildOptions(
                corpus=corpus,
                out=tmp_path / "out100",
                base_iri="https://w3id.org/gsi-kg/",
                ontology_dir=ONTOLOGY,
                validate=False,
                extra_dumps=False,
                max_document_statements=10_000,
            )
        )
    assert resolve_release(tmp_path / "out100").dumps_path / DUMP_NAME == served
