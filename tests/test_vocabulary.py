"""Checks on the SKOS vocabulary (ontology/vocabulary/*.ttl) and the actors (ontology/actors.ttl).

The extractor matches these labels in Chinese text, so beyond well-formedness the tests guard
the properties matching depends on: one concept per label, no generic words as labels, no
《》 brackets inside labels, and every hierarchy link pointing at something that exists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY_DIR = ROOT / "ontology" / "vocabulary"
ACTORS_FILE = ROOT / "ontology" / "actors.ttl"
VOCABULARY_FILES = ("treaties", "organisations", "mechanisms", "principles", "domains", "topics")

GSI = Namespace("https://w3id.org/gsi-kg/ontology#")
SCHEMA = Namespace("https://schema.org/")
SCHEME = URIRef("https://w3id.org/gsi-kg/vocabulary")
CONCEPT_BASE = "https://w3id.org/gsi-kg/concept/"
ACTOR_BASE = "https://w3id.org/gsi-kg/actor/"
HAN = re.compile(r"[\u4e00-\u9fff]")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The concept classes of the common brief: subclass -> base class (a base maps to itself).
CLASS_TO_BASE: dict[str, str] = {
    "Treaty": "Treaty",
    "Convention": "Treaty",
    "Protocol": "Treaty",
    "Charter": "Treaty",
    "Agreement": "Treaty",
    "Resolution": "Treaty",
    "Declaration": "Treaty",
    "DraftInstrument": "Treaty",
    "Mechanism": "Mechanism",
    "Initiative": "Mechanism",
    "Forum": "Mechanism",
    "Fund": "Mechanism",
    "DialoguePlatform": "Mechanism",
    "UNProcess": "Mechanism",
    "Agenda": "Mechanism",
    "Regime": "Mechanism",
    "CooperationMechanism": "Mechanism",
    "Organisation": "Organisation",
    "UNPrincipalOrgan": "Organisation",
    "UNBody": "Organisation",
    "RegionalOrganisation": "Organisation",
    "StateGrouping": "Organisation",
    "InternationalOrganisation": "Organisation",
    "ResearchInstitution": "Organisation",
    "GovernmentBody": "Organisation",
    "Principle": "Principle",
    "GuidingPrinciple": "Principle",
    "OpposedIdea": "Principle",
    "Domain": "Domain",
    "TraditionalSecurityDomain": "Domain",
    "NonTraditionalSecurityDomain": "Domain",
    "Topic": "Topic",
    "DescribedGroup": "Topic",
}
# The base class whose concepts each vocabulary file holds.
FILE_BASE = {
    "treaties": "Treaty",
    "organisations": "Organisation",
    "mechanisms": "Mechanism",
    "principles": "Principle",
    "domains": "Domain",
    "topics": "Topic",
}
ACTOR_CLASSES = {GSI.State, GSI.Person, GSI.Issue, GSI.Region}
# Words that occur in ordinary prose with many meanings; a label equal to one of them would
# produce a mention in nearly every passage.
# Hidden labels are the deliberate exception: ambiguous short forms (宪章, 大会, 倡议 ...) that the
# extractor matches only with a context rule.
GENERIC_WORDS = {
    "安全",
    "合作",
    "和平",
    "发展",
    "对话",
    "治理",
    "国际",
    "联合",
    "地区",
    "倡议",
    "宪章",
    "大会",
}
LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
VISIBLE_LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel)
MAX_HIDDEN_LABELS = 15


def _parse(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def files() -> dict[str, Graph]:
    return {name: _parse([VOCABULARY_DIR / f"{name}.ttl"]) for name in VOCABULARY_FILES}


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return _parse(sorted(VOCABULARY_DIR.glob("*.ttl")))


@pytest.fixture(scope="module")
def actors() -> Graph:
    return _parse([ACTORS_FILE])


def concepts_of(graph: Graph) -> set[URIRef]:
    """Every subject typed with one of the brief's concept classes."""
    return {
        s
        for local in CLASS_TO_BASE
        for s in graph.subjects(RDF.type, GSI[local])
        if isinstance(s, URIRef)
    }


def labelled_subjects(graph: Graph) -> set[URIRef]:
    """Every IRI that carries a skos:prefLabel."""
    return {s for s in graph.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)}


def languages(nodes: Iterable[Node]) -> list[str]:
    """Sorted language tags of the literals among ``nodes`` ("" for a literal without one)."""
    return sorted(n.language or "" for n in nodes if isinstance(n, Literal))


def concept_class(graph: Graph, concept: Node) -> str:
    types = [str(t).removeprefix(str(GSI)) for t in graph.objects(concept, RDF.type)]
    assert len(types) == 1, f"{concept} must have exactly one class, has {types}"
    return types[0]


def label_index(
    graph: Graph,
    subjects: Iterable[URIRef],
    properties: tuple[URIRef, ...] = LABEL_PROPERTIES,
) -> dict[tuple[str, str], set[URIRef]]:
    """(language, normalised label) -> subjects carrying it; English compared case-insensitively."""
    index: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for subject in subjects:
        for prop in properties:
            for label in graph.objects(subject, prop):
                assert isinstance(label, Literal) and label.language in {"zh", "en"}, (
                    subject,
                    label,
                )
                text = str(label).lower() if label.language == "en" else str(label)
                index[(label.language, text)].add(subject)
    return index


def test_files_exist_and_parse(files: dict[str, Graph]) -> None:
    assert all(len(graph) > 0 for graph in files.values())


def test_at_least_300_concepts(vocabulary: Graph) -> None:
    assert len(concepts_of(vocabulary)) >= 300


def test_scheme_is_declared_once(files: dict[str, Graph], vocabulary: Graph) -> None:
    declaring = [name for name, g in files.items() if (SCHEME, RDF.type, SKOS.ConceptScheme) in g]
    assert len(declaring) == 1
    assert languages(vocabulary.objects(SCHEME, DCTERMS.title)) == ["en", "zh"]
    assert vocabulary.value(SCHEME, OWL.versionInfo) == Literal("1.0.0")


def test_every_concept_is_well_formed(vocabulary: Graph) -> None:
    for concept in concepts_of(vocabulary):
        assert str(concept).startswith(CONCEPT_BASE)
        assert SLUG.match(str(concept).removeprefix(CONCEPT_BASE)), concept
        assert concept_class(vocabulary, concept) in CLASS_TO_BASE
        assert (concept, SKOS.inScheme, SCHEME) in vocabulary
        prefs = list(vocabulary.objects(concept, SKOS.prefLabel))
        assert languages(prefs) == ["en", "zh"], f"{concept}: prefLabels {prefs}"
        definitions = [
            d for d in vocabulary.objects(concept, SKOS.definition) if isinstance(d, Literal)
        ]
        assert any(d.language == "en" and len(d) > 20 for d in definitions), concept
        # One definition per language, en and zh; the Chinese one is written in Chinese.
        tags = languages(definitions)
        assert tags == ["en", "zh"], f"{concept}: definitions in {tags}"
        for definition in definitions:
            if definition.language == "zh":
                assert HAN.search(definition) and '"' not in definition, concept


def test_every_scheme_member_has_a_brief_class(vocabulary: Graph) -> None:
    members = set(vocabulary.subjects(SKOS.inScheme, SCHEME))
    assert members == concepts_of(vocabulary)


def test_files_hold_their_own_base_class(files: dict[str, Graph]) -> None:
    for name, graph in files.items():
        for concept in concepts_of(graph):
            assert CLASS_TO_BASE[concept_class(graph, concept)] == FILE_BASE[name], (name, concept)


def test_no_label_is_shared_by_two_concepts(vocabulary: Graph) -> None:
    shared = {
        k: v for k, v in label_index(vocabulary, concepts_of(vocabulary)).items() if len(v) > 1
    }
    assert not shared


def test_labels_are_not_generic_and_unbracketed(vocabulary: Graph, actors: Graph) -> None:
    for graph in (vocabulary, actors):
        subjects = labelled_subjects(graph)
        for language, text in label_index(graph, subjects, VISIBLE_LABEL_PROPERTIES):
            assert text.strip() == text and text
            if language == "zh":
                assert text not in GENERIC_WORDS
                assert not set(text) & set("《》〈〉"), text


def test_hidden_labels_are_few_chinese_and_listed_in_the_file_header() -> None:
    total = 0
    for name in VOCABULARY_FILES:
        path = VOCABULARY_DIR / f"{name}.ttl"
        graph = _parse([path])
        header = "\n".join(
            line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")
        )
        for concept, label in graph.subject_objects(SKOS.hiddenLabel):
            assert isinstance(label, Literal) and label.language == "zh", (concept, label)
            slug = str(concept).removeprefix(CONCEPT_BASE)
            assert f"{label}  ->  concept:{slug}" in header, (
                f"{name}.ttl header does not list {label}"
            )
            total += 1
    assert 0 < total <= MAX_HIDDEN_LABELS


def test_hierarchy_targets_exist(vocabulary: Graph) -> None:
    concepts = concepts_of(vocabulary)
    for prop in (SKOS.broader, SCHEMA.parentOrganization):
        for source, target in vocabulary.subject_objects(prop):
            assert target in concepts, f"{source} {prop} {target}: target missing"
            assert target != source


def test_parent_organisations_are_organisations(vocabulary: Graph) -> None:
    for source, target in vocabulary.subject_objects(SCHEMA.parentOrganization):
        for node in (source, target):
            assert CLASS_TO_BASE[concept_class(vocabulary, node)] == "Organisation", node


def test_security_domains_form_a_tree_under_the_two_tops(vocabulary: Graph) -> None:
    tops = set(vocabulary.subjects(SKOS.topConceptOf, SCHEME))
    assert {t.removeprefix(CONCEPT_BASE) for t in map(str, tops)} == {
        "traditional-security",
        "non-traditional-security",
    }
    assert set(vocabulary.objects(SCHEME, SKOS.hasTopConcept)) == tops
    domain_classes = (GSI.TraditionalSecurityDomain, GSI.NonTraditionalSecurityDomain)
    for cls in domain_classes:
        for concept in vocabulary.subjects(RDF.type, cls):
            seen: set[Node] = set()
            frontier: set[Node] = {concept}
            while frontier and not frontier & tops:
                seen |= frontier
                frontier = {b for c in frontier for b in vocabulary.objects(c, SKOS.broader)} - seen
            assert frontier & tops, f"{concept} does not reach a top security domain"


def test_dates_are_typed(vocabulary: Graph) -> None:
    for _, date in vocabulary.subject_objects(DCTERMS.date):
        assert isinstance(date, Literal) and date.datatype in {XSD.date, XSD.gYear}, date


def test_known_contract_concept(vocabulary: Graph) -> None:
    npt = URIRef(CONCEPT_BASE + "npt")
    assert (npt, RDF.type, GSI.Convention) in vocabulary
    assert (npt, SKOS.prefLabel, Literal("不扩散核武器条约", lang="zh")) in vocabulary
    assert (
        npt,
        SKOS.prefLabel,
        Literal("Treaty on the Non-Proliferation of Nuclear Weapons", lang="en"),
    ) in vocabulary
    assert (npt, SKOS.altLabel, Literal("NPT", lang="en")) in vocabulary


def test_actors_are_well_formed(actors: Graph) -> None:
    subjects = labelled_subjects(actors)
    assert len(subjects) >= 50
    for actor in subjects:
        assert isinstance(actor, URIRef) and str(actor).startswith(ACTOR_BASE)
        assert SLUG.match(str(actor).removeprefix(ACTOR_BASE)), actor
        types = set(actors.objects(actor, RDF.type))
        assert len(types) == 1 and types <= ACTOR_CLASSES, (actor, types)
        assert (actor, RDF.type, SKOS.Concept) not in actors
        assert actors.value(actor, SKOS.inScheme) is None
        assert languages(actors.objects(actor, SKOS.prefLabel)) == ["en", "zh"], actor
        assert actors.value(actor, RDFS.comment) is not None, actor


def test_no_label_is_shared_by_two_actors(actors: Graph) -> None:
    index = label_index(actors, labelled_subjects(actors))
    assert not {k: v for k, v in index.items() if len(v) > 1}


def test_no_label_is_shared_between_actors_and_concepts(vocabulary: Graph, actors: Graph) -> None:
    concept_labels = set(label_index(vocabulary, concepts_of(vocabulary)))
    actor_labels = set(label_index(actors, labelled_subjects(actors)))
    assert not concept_labels & actor_labels
