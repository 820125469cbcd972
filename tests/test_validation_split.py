"""Validating the dump a few documents at a time finds what validating the whole union finds:
a violation inside one document (named), one that needs a shared graph (the build run's type in
the provenance graph), one that needs two documents together (a discovered concept labelled
differently by each) and one a document graph makes in a vocabulary concept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib

from kg.namespaces import OA_EXACT, PROV_WAS_GENERATED_BY, RDF_TYPE, SKOS_PREF_LABEL, Namespace
from kg.pipeline.ontology import load_ontology
from kg.pipeline.validate import ShaclReport, format_report, validate_graph, validate_nquads
from kg.pipeline.validation_split import (
    CONTEXT_GRAPHS,
    CORPUS_GRAPHS,
    DumpSplit,
    _split,
    readable_predicates,
)
from kg.rdflib_terms import to_rdflib_graph
from kg.releases import resolve_release
from kg.store import RdfFormat, parse
from tests.conftest import ONTOLOGY

NS = Namespace()
SHAPES = ONTOLOGY / "shapes.ttl"
ONE_DOCUMENT = "gsi-article-2024"


@pytest.fixture(scope="module")
def dump_lines(built: Path) -> list[str]:
    """The seed corpus's N-Quads dump, line by line."""
    dump = resolve_release(built).dumps_path / "gsi-kg.nq"
    return dump.read_text(encoding="utf-8").splitlines(keepends=True)


def graph_of(name: str) -> str:
    return f"<{NS.graph(name)}> .\n"


def wrong_quote(lines: list[str]) -> list[str]:
    """One mention of one document quotes other characters than its passage holds there."""
    owner = f"<{NS.document(ONE_DOCUMENT)}/"
    for i, line in enumerate(lines):
        if line.startswith(owner) and f"<{OA_EXACT}>" in line:
            exact = re.search(r' "(.+)" <', line)
            assert exact is not None
            lines[i] = line.replace(f'"{exact[1]}"', f'"{"?" * len(exact[1])}"')
            return lines
    raise AssertionError("no mention")


def untyped_run(lines: list[str]) -> list[str]:
    """The provenance graph no longer says the build run is a prov:Activity."""
    run = f"<{RDF_TYPE}>"
    provenance = graph_of("provenance")
    return [ln for ln in lines if not (ln.endswith(provenance) and f" {run} " in ln)]


def relabelled_discovery(lines: list[str]) -> list[str]:
    """A document graph gives a discovered concept (described in graph/discovered, while another
    document was written) a second Chinese label."""
    discovered, label_predicate = f"<{NS.concept('found-')}", f"<{SKOS_PREF_LABEL}>"
    found = next(
        i
        for i, line in enumerate(lines)
        if line.startswith(discovered) and f" {label_predicate} " in line and "@zh " in line
    )
    subject = lines[found].split(" ", 1)[0]
    corpus = {f"<{NS.graph(name)}>" for name in (*CONTEXT_GRAPHS, *CORPUS_GRAPHS)}
    # The next statement of a document's graph: the new one goes into that block.
    at = next(
        i
        for i in range(found + 1, len(lines))
        if lines[i].rsplit(" ", 2)[-2].startswith(f"<{NS.graph('')}")
        and lines[i].rsplit(" ", 2)[-2] not in corpus
    )
    graph = lines[at].rsplit(" ", 2)[-2]
    lines.insert(at, f'{subject} {label_predicate} "另一个名称"@zh {graph} .\n')
    return lines


def second_english_label(lines: list[str]) -> list[str]:
    """A document graph gives a vocabulary concept a second English preferred label."""
    npt = f"<{NS.concept('npt')}>"
    graph = graph_of("cd-speech-2021")
    return [*lines, f'{npt} <{SKOS_PREF_LABEL}> "Another name"@en {graph}']


def validate_split(lines: list[str], tmp_path: Path) -> ShaclReport:
    """Validated in batches of one document each, on two processes."""
    dump = tmp_path / "dump.nq"
    dump.write_text("".join(lines), encoding="utf-8")
    files = load_ontology(ONTOLOGY, NS)
    return validate_nquads(dump, files.shapes, files.ontology, NS, 2, batch_statements=500)


def validate_whole(lines: list[str]) -> ShaclReport:
    """Validated as before: the union of every graph and the ontology, in one pySHACL run."""
    graph = to_rdflib_graph(parse("".join(lines).encode(), format=RdfFormat.N_QUADS))
    to_rdflib_graph(load_ontology(ONTOLOGY, NS).ontology, graph)
    return validate_graph(graph, SHAPES)


def test_a_violation_in_one_document_names_it(dump_lines: list[str], tmp_path: Path) -> None:
    report = validate_split(wrong_quote(list(dump_lines)), tmp_path)
    (violation,) = report.violations
    assert violation.value is not None
    assert violation.value.startswith(f"{NS.document(ONE_DOCUMENT)}/p")
    assert "oa:exact" in violation.message
    assert NS.document(ONE_DOCUMENT) in format_report(report)


def test_a_violation_needing_the_provenance_graph_is_caught(
    dump_lines: list[str], tmp_path: Path
) -> None:
    annotations = sum(f"<{PROV_WAS_GENERATED_BY}>" in ln and "/m" in ln for ln in dump_lines)
    report = validate_split(untyped_run(list(dump_lines)), tmp_path)
    assert {v.path for v in report.violations} == {PROV_WAS_GENERATED_BY}
    assert len(report.violations) == annotations > 100


def test_a_violation_needing_two_documents_is_caught(dump_lines: list[str], tmp_path: Path) -> None:
    report = validate_split(relabelled_discovery(list(dump_lines)), tmp_path)
    assert report.violations
    assert {v.path for v in report.violations} == {SKOS_PREF_LABEL}
    assert all(v.focus_node.startswith(NS.concept("found-")) for v in report.violations)


def test_the_results_are_those_of_the_whole_graph(dump_lines: list[str], tmp_path: Path) -> None:
    lines = list(dump_lines)
    for plant in (wrong_quote, untyped_run, relabelled_discovery, second_english_label):
        lines = plant(lines)
    split, whole = validate_split(lines, tmp_path), validate_whole(lines)
    assert split.violations == whole.violations
    assert NS.concept("npt") in {v.focus_node for v in split.violations}
    assert format_report(split) == format_report(whole)


def test_a_document_graph_in_two_blocks_is_refused(tmp_path: Path) -> None:
    doc, other = NS.document("a"), NS.document("b")
    lines = [
        f'<{doc}> <{SKOS_PREF_LABEL}> "a" {graph_of("a")}',
        f'<{other}> <{SKOS_PREF_LABEL}> "b" {graph_of("b")}',
        f'<{doc}/p1> <{SKOS_PREF_LABEL}> "a" {graph_of("a")}',
    ]
    dump = tmp_path / "dump.nq"
    dump.write_text("".join(lines), encoding="utf-8")
    split = DumpSplit(dump, NS, None, batch_statements=1)
    with pytest.raises(ValueError, match="not together"):
        list(split.batches())


@pytest.mark.parametrize(
    ("line", "graph", "statement"),
    [
        ("<s> <p> <o> <g> .\n", "<g>", "<s> <p> <o> .\n"),
        ("<s> <p> <o> .\n", None, "<s> <p> <o> .\n"),
        ('<s> <p> "a <b> c" <g> .\n', "<g>", '<s> <p> "a <b> c" .\n'),
        ('<s> <p> "see <x>" .\n', None, '<s> <p> "see <x>" .\n'),
        ('<s> <p> "x y"@en _:g .\n', "_:g", '<s> <p> "x y"@en .\n'),
        ('_:s <p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', None, None),
    ],
)
def test_a_line_is_split_into_graph_and_statement(
    line: str, graph: str | None, statement: str | None
) -> None:
    found_graph, found_statement = _split(line.encode())
    assert found_graph == (graph.encode() if graph else None)
    assert found_statement == (statement or line).encode()


def shapes_with(turtle: str) -> rdflib.Graph:
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
    return rdflib.Graph().parse(data=prefixes + turtle, format="turtle")


def test_the_shapes_read_few_predicates() -> None:
    predicates = readable_predicates(rdflib.Graph().parse(SHAPES, format="turtle"))
    assert predicates is not None
    assert {OA_EXACT, PROV_WAS_GENERATED_BY, RDF_TYPE} <= predicates
    assert f"{NS.gsi}text" in predicates  # named only in a SPARQL constraint
    assert f"{NS.gsi}cue" not in predicates


@pytest.mark.parametrize(
    "turtle",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
        'ex:S a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .',
        'ex:S a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this !ex:p ?o }" ] .',
    ],
    ids=["closed", "variable-predicate", "negated-predicate"],
)
def test_shapes_that_may_read_any_predicate_keep_them_all(turtle: str) -> None:
    assert readable_predicates(shapes_with(turtle)) is None
