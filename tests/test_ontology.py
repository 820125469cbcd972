"""The OWL ontology is consistent OWL 2 DL, fully labelled, covers the vocabulary and documents."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import owlready2
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from endpoint.pages.ontology_docs import render_documentation
from kg.namespaces import Namespace
from kg.pipeline.ontology import load_ontology
from kg.rdflib_terms import to_rdflib_graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "gsi.ttl"
GSI = rdflib.Namespace("https://w3id.org/gsi-kg/ontology#")
JAVA = "/usr/bin/java"
BUILT_IN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
)

CONCEPT_CLASSES = ("Principle", "Domain", "Organisation", "Treaty", "Mechanism", "Topic")
SUBCLASSES = {
    "Treaty": ("Convention Protocol Charter Agreement Resolution Declaration DraftInstrument"),
    "Mechanism": (
        "Initiative Forum Fund DialoguePlatform UNProcess Agenda Regime CooperationMechanism"
    ),
    "Organisation": (
        "UNPrincipalOrgan UNBody RegionalOrganisation StateGrouping InternationalOrganisation "
        "ResearchInstitution GovernmentBody"
    ),
    "Principle": "GuidingPrinciple OpposedIdea",
    "Domain": "TraditionalSecurityDomain NonTraditionalSecurityDomain",
    "Topic": "DescribedGroup",
    "Actor": "State Person Issue Region",
    "Document": "PositionPaper ConceptPaper Letter ConceptNote Speech Article Statement"
    " JointStatement PressConference WhitePaper Commentary",
}

PROPERTIES = (
    "text position start end headingPath isHeading level boilerplate sourceFile checksum "
    "mentions mentionedIn holder polarity target evidence cue quote negated confidence "
    "discovered discoveredBy cooccursWith count scope subject object relationType "
    "cornerstoneOf withinFramework hasRole extractor vocabularyVersion softwareVersion "
    "corpusChecksum sentenceIndex"
)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def run_hermit(graph: rdflib.Graph, tmp_path: Path) -> None:
    """Load ``graph`` into a fresh owlready2 world (via RDF/XML) and classify it with HermiT."""
    owl_file = tmp_path / "gsi.owl"
    graph.serialize(owl_file, format="xml")
    owlready2.JAVA_EXE = JAVA
    world = owlready2.World()
    loaded = world.get_ontology(owl_file.as_uri()).load()
    with loaded:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


# The OWL API bundled in owlready2's HermiT.jar has the OWL 2 DL profile checker; Java runs this
# single source file directly (java 11+), so no build step is needed.
DL_PROFILE_JAVA = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class DLProfile {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
"""


def dl_profile_violations(graph: rdflib.Graph, tmp_path: Path) -> str:
    """Run the OWL API's OWL 2 DL profile check; return its violations ('' when in profile)."""
    owl_file = tmp_path / "profile.owl"
    graph.serialize(owl_file, format="xml")
    source = tmp_path / "DLProfile.java"
    source.write_text(DL_PROFILE_JAVA, encoding="utf-8")
    hermit = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    result = subprocess.run(
        [JAVA, "-cp", str(hermit), str(source), str(owl_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.strip() if result.returncode else ""


def in_gsi(term: rdflib.term.Node) -> bool:
    return isinstance(term, rdflib.URIRef) and term.startswith(str(GSI))


def gsi_terms(graph: rdflib.Graph, kind: rdflib.URIRef) -> list[rdflib.URIRef]:
    return sorted(
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef) and in_gsi(s)
    )


def test_hermit_finds_the_ontology_consistent(ontology: rdflib.Graph, tmp_path: Path) -> None:
    run_hermit(ontology, tmp_path)


def test_the_ontology_is_in_the_owl2_dl_profile(ontology: rdflib.Graph, tmp_path: Path) -> None:
    assert dl_profile_violations(ontology, tmp_path) == ""


def test_the_profile_check_catches_a_property_that_is_both_object_and_data(
    ontology: rdflib.Graph, tmp_path: Path
) -> None:
    broken = rdflib.Graph() + ontology
    broken.add((GSI.text, RDF.type, OWL.ObjectProperty))
    assert "gsi-kg/ontology#text" in dl_profile_violations(broken, tmp_path)


def test_hermit_finds_a_document_that_is_a_passage_inconsistent(
    ontology: rdflib.Graph, tmp_path: Path
) -> None:
    broken = rdflib.Graph() + ontology
    individual = rdflib.URIRef("https://w3id.org/gsi-kg/doc/x")
    for cls in (OWL.NamedIndividual, GSI.Document, GSI.Passage):
        broken.add((individual, RDF.type, cls))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(broken, tmp_path)


def test_hermit_rejects_a_fourth_polarity(ontology: rdflib.Graph, tmp_path: Path) -> None:
    broken = rdflib.Graph() + ontology
    for other in (GSI.Support, GSI.Opposition, GSI.CallToAction):
        broken.add((GSI.Neutral, OWL.differentFrom, other))
    broken.add((GSI.Neutral, RDF.type, OWL.NamedIndividual))
    broken.add((GSI.Neutral, RDF.type, GSI.Polarity))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        run_hermit(broken, tmp_path)


def test_the_ontology_header(ontology: rdflib.Graph) -> None:
    iri = rdflib.URIRef("https://w3id.org/gsi-kg/ontology")
    assert (iri, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(iri, OWL.versionInfo) == rdflib.Literal("1.0.0")
    assert not list(ontology.objects(None, OWL.imports))
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    for predicate in (dcterms.title, dcterms.description):
        languages = {
            o.language for o in ontology.objects(iri, predicate) if isinstance(o, rdflib.Literal)
        }
        assert languages == {"en", "zh"}
    assert ontology.value(iri, dcterms.created) is not None


def test_the_class_hierarchy_of_the_brief(ontology: rdflib.Graph) -> None:
    for cls in CONCEPT_CLASSES:
        assert (GSI[cls], RDFS.subClassOf, SKOS.Concept) in ontology
    for parent, children in SUBCLASSES.items():
        for child in children.split():
            assert (GSI[child], RDFS.subClassOf, GSI[parent]) in ontology, child
    provenance = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (GSI.BuildRun, RDFS.subClassOf, provenance.Activity) in ontology
    assert (GSI.Extractor, RDFS.subClassOf, provenance.SoftwareAgent) in ontology
    assert (GSI.Document, RDFS.subClassOf, rdflib.URIRef("https://schema.org/CreativeWork")) in (
        ontology
    )
    assert (GSI.Actor, RDFS.subClassOf, SKOS.Concept) not in ontology


def test_every_term_has_english_and_chinese_labels_and_definitions(
    ontology: rdflib.Graph,
) -> None:
    terms = [
        *gsi_terms(ontology, OWL.Class),
        *gsi_terms(ontology, OWL.ObjectProperty),
        *gsi_terms(ontology, OWL.DatatypeProperty),
        *gsi_terms(ontology, OWL.NamedIndividual),
    ]
    assert len(terms) > 90
    missing = []
    for term in terms:
        for predicate in (RDFS.label, SKOS.definition):
            languages = [
                str(o.language)
                for o in ontology.objects(term, predicate)
                if isinstance(o, rdflib.Literal)
            ]
            if sorted(languages) != ["en", "zh"]:
                missing.append(f"{term} {predicate}: {languages}")
    assert missing == []


def test_every_property_has_a_domain_and_a_range(ontology: rdflib.Graph) -> None:
    properties = gsi_terms(ontology, OWL.ObjectProperty) + gsi_terms(ontology, OWL.DatatypeProperty)
    assert {GSI[name] for name in PROPERTIES.split()} <= set(properties)
    for prop in properties:
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def test_every_term_used_in_the_ontology_is_declared(ontology: rdflib.Graph) -> None:
    declared = {
        s
        for kind in (
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.AnnotationProperty,
            OWL.NamedIndividual,
        )
        for s in ontology.subjects(RDF.type, kind)
    }
    used = {
        term
        for triple in ontology
        for term in triple
        if isinstance(term, rdflib.URIRef) and not str(term).startswith(BUILT_IN)
    }
    used.discard(rdflib.URIRef("https://w3id.org/gsi-kg/ontology"))
    used.discard(rdflib.URIRef("https://w3id.org/gsi-kg/ontology/1.0.0"))
    assert sorted(used - declared) == []


def vocabulary_files() -> list[Path]:
    files = sorted((ONTOLOGY_DIR / "vocabulary").glob("*.ttl"))
    actors = ONTOLOGY_DIR / "actors.ttl"
    return [*files, actors] if actors.exists() else files


def test_every_class_the_vocabulary_uses_is_declared(ontology: rdflib.Graph) -> None:
    files = vocabulary_files()
    if not files:
        pytest.skip("ontology/vocabulary/*.ttl and ontology/actors.ttl are not written yet")
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    undeclared = []
    for path in files:
        graph = rdflib.Graph().parse(path, format="turtle")
        for cls in set(graph.objects(None, RDF.type)) - declared:
            undeclared.append(f"{path.name}: {cls}")
    assert undeclared == []


class _Anchors(HTMLParser):
    """Collects element ids, in-page link targets and any external resource loads."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragments: set[str] = set()
        self.loads: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.fragments.add(href[1:])
        if tag in {"script", "link", "img", "iframe", "object"}:
            self.loads.append((tag, str(values.get("src") or href)))


SAMPLE_VOCABULARY = """
@prefix gsi: <https://w3id.org/gsi-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/gsi-kg/concept/npt> a gsi:Treaty , skos:Concept ;
    skos:prefLabel "不扩散核武器条约"@zh , "Treaty on the Non-Proliferation of Nuclear Weapons"@en ;
    skos:altLabel "NPT"@en ;
    skos:definition "The 1968 treaty <script>alert(1)</script>."@en .
<https://w3id.org/gsi-kg/concept/text> a gsi:GuidingPrinciple , skos:Concept ;
    skos:prefLabel "文本"@zh , "Text"@en .
<https://w3id.org/gsi-kg/actor/china> a gsi:State ;
    skos:prefLabel "中国"@zh , "China"@en .
"""


def test_the_documentation_page_anchors_every_term_and_escapes_text(
    ontology: rdflib.Graph,
) -> None:
    vocabulary = rdflib.Graph().parse(data=SAMPLE_VOCABULARY, format="turtle")
    page = render_documentation(ontology, vocabulary)
    parser = _Anchors()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    ids = set(parser.ids)
    assert {"Treaty", "Convention", "mentions", "Support", "npt", "china"} <= ids
    # A concept slug that collides with a property's local name gets a prefixed anchor.
    assert {"text", "concept-text"} <= ids
    assert parser.fragments <= ids, parser.fragments - ids
    # Nothing loads but the site's own stylesheet (no script, nothing from another origin).
    assert parser.loads == [("link", "/static/favicon.svg"), ("link", "/static/style.css")]
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "不扩散核武器条约" in page and "NPT (en)" in page


def test_the_documentation_of_the_real_files_renders() -> None:
    files = load_ontology(ONTOLOGY_DIR, Namespace(), shapes=False)
    ontology, vocabulary = to_rdflib_graph(files.ontology), to_rdflib_graph(files.vocabulary)
    page = render_documentation(ontology, vocabulary)
    parser = _Anchors()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids))
    assert parser.fragments <= set(parser.ids)
    entries = {s for s, cls in vocabulary.subject_objects(RDF.type) if in_gsi(cls)}
    for entry in entries:
        slug = str(entry).rsplit("/", 1)[-1]
        assert slug in parser.ids or any(i.endswith(f"-{slug}") for i in parser.ids), entry
