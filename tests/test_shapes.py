"""The SHACL shapes accept a graph that follows the data contract and reject each breakage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, PROV, RDF, SH, SKOS, XSD

from kg.namespaces import Namespace
from kg.pipeline.ontology import load_ontology
from kg.pipeline.validate import ShaclReport, format_report, validate_graph, validate_nquads

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "gsi.ttl"

BASE = "https://w3id.org/gsi-kg/"
GSI = rdflib.Namespace(f"{BASE}ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
DOC = rdflib.URIRef(f"{BASE}doc/gsi-concept-paper")
PASSAGE = rdflib.URIRef(f"{BASE}doc/gsi-concept-paper/p1")
MENTION = rdflib.URIRef(f"{BASE}doc/gsi-concept-paper/p1/m1")
STANCE = rdflib.URIRef(f"{BASE}doc/gsi-concept-paper/p1/st1")
NPT = rdflib.URIRef(f"{BASE}concept/npt")
CHINA = rdflib.URIRef(f"{BASE}actor/china")

TEXT = "中方支持维护《不扩散核武器条约》的权威性，反对冷战思维。"
EXACT = "不扩散核武器条约"
START = TEXT.index(EXACT)
END = START + len(EXACT)

PREFIXES = f"""
@prefix gsi: <{BASE}ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DOCUMENT_TTL = f"""{PREFIXES}
<{DOC}> a gsi:ConceptPaper , gsi:Document ;
    dcterms:identifier "gsi-concept-paper" ;
    dcterms:title "全球安全倡议概念文件"@zh ;
    dcterms:date "2023-02-21"^^xsd:date ;
    dcterms:format <http://www.iana.org/assignments/media-types/text/plain> ;
    gsi:sourceSize 1234 ;
    gsi:sourceEncoding "UTF-8" ;
    gsi:text "{TEXT}" .

<{PASSAGE}> a gsi:Passage ;
    dcterms:isPartOf <{DOC}> ;
    gsi:text "{TEXT}" ;
    gsi:position 1 ;
    gsi:start 0 ;
    gsi:end {len(TEXT)} ;
    gsi:mentions <{NPT}> .

<{MENTION}> a oa:Annotation ;
    oa:hasBody <{NPT}> ;
    oa:hasTarget [
        oa:hasSource <{PASSAGE}> ;
        oa:hasSelector [
            a oa:TextPositionSelector ;
            oa:start "{START}"^^xsd:nonNegativeInteger ;
            oa:end "{END}"^^xsd:nonNegativeInteger
        ] , [
            a oa:TextQuoteSelector ;
            oa:exact "{EXACT}" ;
            oa:prefix "{TEXT[START - 4 : START]}" ;
            oa:suffix "{TEXT[END : END + 4]}"
        ]
    ] ;
    gsi:confidence 0.9 ;
    prov:wasGeneratedBy <{BASE}run/test> .

<{STANCE}> a gsi:Stance ;
    gsi:holder <{CHINA}> ;
    gsi:polarity gsi:Support ;
    gsi:target <{NPT}> ;
    gsi:evidence <{PASSAGE}> ;
    gsi:cue "支持" .
"""

VOCABULARY_TTL = f"""{PREFIXES}
<{NPT}> a gsi:Treaty , skos:Concept ;
    skos:prefLabel "不扩散核武器条约"@zh , "Treaty on the Non-Proliferation of Nuclear Weapons"@en ;
    skos:altLabel "NPT"@en .

<{CHINA}> a gsi:State , gsi:Actor ;
    skos:prefLabel "中国"@zh , "China"@en .
"""

PROVENANCE_TTL = f"""{PREFIXES}
<{BASE}run/test> a gsi:BuildRun , prov:Activity .
"""


def contract_graph() -> rdflib.Graph:
    """The union graph of a tiny build that follows the data contract, plus the ontology."""
    graph = rdflib.Graph()
    for turtle in (DOCUMENT_TTL, VOCABULARY_TTL, PROVENANCE_TTL):
        graph.parse(data=turtle, format="turtle")
    graph.parse(ONTOLOGY, format="turtle")
    return graph


def selector(graph: rdflib.Graph, kind: rdflib.URIRef) -> rdflib.term.Node:
    target = graph.value(MENTION, OA.hasTarget)
    assert target is not None
    (found,) = (s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, kind) in graph)
    return found


def names(report: ShaclReport, focus: str, path: rdflib.URIRef | None = None) -> bool:
    """True if a violation is about ``focus``: its focus node or, for the offset checks (which run
    once over all mentions with the ontology as focus node), its value."""
    return any(
        (v.focus_node == focus or v.value == focus) and (path is None or v.path == str(path))
        for v in report.violations
    )


def test_the_contract_example_conforms() -> None:
    report = validate_graph(contract_graph(), SHAPES)
    assert report.conforms, format_report(report)
    assert report.violations == ()


def test_the_shapes_are_valid_shacl() -> None:
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_has_a_message() -> None:
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    found: set[rdflib.term.Node] = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    for predicate in (SH.property, SH.node, SH.qualifiedValueShape):
        found |= set(shapes.objects(None, predicate))
    for alternatives in shapes.objects(None, SH["or"]):
        found |= set(rdflib.collection.Collection(shapes, alternatives))
    found |= set(shapes.objects(None, SH.sparql))
    assert len(found) > 30
    missing = [shape for shape in found if shapes.value(shape, SH.message) is None]
    assert missing == []


def remove_zh_label(graph: rdflib.Graph) -> None:
    graph.remove((NPT, SKOS.prefLabel, rdflib.Literal("不扩散核武器条约", lang="zh")))


def add_second_en_label(graph: rdflib.Graph) -> None:
    graph.add((NPT, SKOS.prefLabel, rdflib.Literal("Non-Proliferation Treaty", lang="en")))


def add_second_zh_definition(graph: rdflib.Graph) -> None:
    for text in ("防止核武器扩散的条约。", "不扩散核武器的条约。"):
        graph.add((NPT, SKOS.definition, rdflib.Literal(text, lang="zh")))


def untype_concept(graph: rdflib.Graph) -> None:
    graph.remove((NPT, RDF.type, GSI.Treaty))


def add_second_document(graph: rdflib.Graph) -> None:
    other = rdflib.URIRef(f"{BASE}doc/other")
    graph.add((other, RDF.type, GSI.Document))
    graph.add((other, DCTERMS.identifier, rdflib.Literal("other")))
    graph.add((other, DCTERMS.title, rdflib.Literal("其他", lang="zh")))
    graph.add((PASSAGE, DCTERMS.isPartOf, other))


def zero_position(graph: rdflib.Graph) -> None:
    graph.set((PASSAGE, GSI.position, rdflib.Literal(0)))


def wrong_exact(graph: rdflib.Graph) -> None:
    # Same length, so only the SPARQL offset check can notice.
    quote = selector(graph, OA.TextQuoteSelector)
    graph.set((quote, OA.exact, rdflib.Literal("全面禁止核试验条")))


def shifted_offsets(graph: rdflib.Graph) -> None:
    position = selector(graph, OA.TextPositionSelector)
    graph.set((position, OA.start, rdflib.Literal(START + 1, datatype=XSD.nonNegativeInteger)))
    graph.set((position, OA.end, rdflib.Literal(END + 1, datatype=XSD.nonNegativeInteger)))


def wrong_prefix(graph: rdflib.Graph) -> None:
    quote = selector(graph, OA.TextQuoteSelector)
    graph.set((quote, OA.prefix, rdflib.Literal("反对")))


def ungenerated_mention(graph: rdflib.Graph) -> None:
    graph.remove((MENTION, PROV.wasGeneratedBy, None))


def drop_holder(graph: rdflib.Graph) -> None:
    graph.remove((STANCE, GSI.holder, None))


def unknown_polarity(graph: rdflib.Graph) -> None:
    graph.set((STANCE, GSI.polarity, GSI.Neutral))


def document_as_evidence(graph: rdflib.Graph) -> None:
    graph.set((STANCE, GSI.evidence, DOC))


def drop_target(graph: rdflib.Graph) -> None:
    graph.remove((STANCE, GSI.target, None))


BREAKAGES: list[tuple[Callable[[rdflib.Graph], None], rdflib.URIRef, rdflib.URIRef | None]] = [
    (remove_zh_label, NPT, SKOS.prefLabel),
    (add_second_en_label, NPT, SKOS.prefLabel),
    (add_second_zh_definition, NPT, SKOS.definition),
    (untype_concept, NPT, None),
    (add_second_document, PASSAGE, DCTERMS.isPartOf),
    (zero_position, PASSAGE, GSI.position),
    (wrong_exact, MENTION, None),
    (shifted_offsets, MENTION, None),
    (wrong_prefix, MENTION, None),
    (ungenerated_mention, MENTION, PROV.wasGeneratedBy),
    (drop_holder, STANCE, GSI.holder),
    (unknown_polarity, STANCE, GSI.polarity),
    (document_as_evidence, STANCE, GSI.evidence),
    (drop_target, STANCE, GSI.target),
]


@pytest.mark.parametrize(
    ("breakage", "focus", "path"), BREAKAGES, ids=[b[0].__name__ for b in BREAKAGES]
)
def test_each_breakage_is_reported_on_its_focus_node(
    breakage: Callable[[rdflib.Graph], None], focus: rdflib.URIRef, path: rdflib.URIRef | None
) -> None:
    graph = contract_graph()
    breakage(graph)
    report = validate_graph(graph, SHAPES)
    assert not report.conforms
    assert names(report, str(focus), path), format_report(report)


def test_a_mismatched_quote_says_so() -> None:
    graph = contract_graph()
    wrong_exact(graph)
    report = validate_graph(graph, SHAPES)
    (violation,) = report.violations
    assert violation.value == str(MENTION)
    assert "oa:exact" in violation.message


def test_start_must_be_before_end() -> None:
    graph = contract_graph()
    position = selector(graph, OA.TextPositionSelector)
    graph.set((position, OA.end, rdflib.Literal(START, datatype=XSD.nonNegativeInteger)))
    report = validate_graph(graph, SHAPES)
    assert any(
        v.path == str(OA.start) and "smaller than oa:end" in v.message for v in report.violations
    )


def test_a_selector_missing_from_the_target_is_reported() -> None:
    graph = contract_graph()
    quote = selector(graph, OA.TextQuoteSelector)
    target = graph.value(MENTION, OA.hasTarget)
    graph.remove((target, OA.hasSelector, quote))
    report = validate_graph(graph, SHAPES)
    assert not report.conforms
    assert any("oa:TextQuoteSelector" in v.message for v in report.violations)


def test_format_report_lists_focus_nodes_and_truncates() -> None:
    graph = contract_graph()
    for breakage in (drop_holder, unknown_polarity, zero_position, remove_zh_label):
        breakage(graph)
    report = validate_graph(graph, SHAPES)
    assert len(report.violations) == 4
    text = format_report(report, limit=3)
    lines = text.splitlines()
    assert lines[0].startswith("The graph violates the SHACL shapes (4 results)")
    assert len(lines) == 5
    assert lines[-1] == "  ... and 1 more"
    assert str(STANCE) in text
    assert format_report(validate_graph(contract_graph(), SHAPES)) == (
        "The graph conforms to the SHACL shapes."
    )


def dataset_nquads(base: str) -> str:
    """The contract example as N-Quads: one graph per document, vocabulary and provenance graphs."""
    lines: list[str] = []
    for name, turtle in (
        ("gsi-concept-paper", DOCUMENT_TTL),
        ("vocabulary", VOCABULARY_TTL),
        ("provenance", PROVENANCE_TTL),
    ):
        graph = rdflib.Graph().parse(data=turtle.replace(BASE, base), format="turtle")
        lines.extend(f"{s.n3()} {p.n3()} {o.n3()} <{base}graph/{name}> .\n" for s, p, o in graph)
    return "".join(lines)


def test_validate_nquads_checks_the_union_of_the_graphs(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_text(dataset_nquads(BASE), encoding="utf-8")
    files = load_ontology(ONTOLOGY.parent, Namespace())
    report = validate_nquads(dump, files.shapes, files.ontology)
    assert report.conforms, format_report(report)


def test_validate_nquads_rebases_shapes_and_ontology(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8080/kg/"
    broken = dataset_nquads(base).replace(f"<{base}ontology#Support>", f"<{base}ontology#Neutral>")
    dump = tmp_path / "dump.nq"
    dump.write_text(broken, encoding="utf-8")
    files = load_ontology(ONTOLOGY.parent, Namespace(base))
    report = validate_nquads(dump, files.shapes, files.ontology)
    assert not report.conforms
    stance = str(STANCE).replace(BASE, base)
    assert names(report, stance, rdflib.URIRef(f"{base}ontology#polarity"))
    # Everything else (concept classes, passage, mention offsets) still matches after rebasing.
    assert len(report.violations) == 1


def test_a_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    dataset = rdflib.Dataset()
    for name, turtle in (("doc", DOCUMENT_TTL), ("vocabulary", VOCABULARY_TTL)):
        dataset.graph(rdflib.URIRef(f"{BASE}graph/{name}")).parse(data=turtle, format="turtle")
    provenance = dataset.graph(rdflib.URIRef(f"{BASE}graph/provenance"))
    provenance.parse(data=PROVENANCE_TTL, format="turtle")
    provenance.parse(ONTOLOGY, format="turtle")
    report = validate_graph(dataset, SHAPES)
    assert report.conforms, format_report(report)


def test_a_concept_typed_only_with_a_subclass_is_checked_through_the_ontology() -> None:
    graph = contract_graph()
    graph.remove((NPT, RDF.type, None))
    graph.add((NPT, RDF.type, GSI.Convention))
    assert validate_graph(graph, SHAPES).conforms
    remove_zh_label(graph)
    assert names(validate_graph(graph, SHAPES), str(NPT), SKOS.prefLabel)
