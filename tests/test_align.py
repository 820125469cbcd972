"""Aligning a translation with its original: the aligner on its own (kg.pipeline.align), the
build's order and RDF (kg.pipeline.translations), the accuracy on a hand-aligned pair, and the
document and passage pages that show the two texts side by side."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import PROV, RDF, XSD

from endpoint.pages.models import DocumentPage, PassagePage, resource_page
from kg.errors import CorpusError
from kg.namespaces import Namespace
from kg.pipeline.align import Bead, PassageProfile, align_passages
from kg.pipeline.corpus import DocumentMeta
from kg.pipeline.extract import DocumentAnalysis
from kg.pipeline.extract.mentions import PassageMentions
from kg.pipeline.nquads import iri
from kg.pipeline.segment import Passage
from kg.pipeline.translations import Translations, translation_order
from kg.pipeline.validate import format_report, validate_graph
from kg.releases import MANIFEST, resolve_release
from kg.settings import Settings
from tests.conftest import build_corpus, flask_app
from tests.ld_fixture import open_reader, passage_iri, passage_path
from tests.test_shapes import BASE, DOC, GSI, PASSAGE, SHAPES, contract_graph, names

PAIR = Path(__file__).parent / "fixtures" / "translation-pair"
ORIGINAL, TRANSLATION = "security-paper-zh", "security-paper-en"
NS = Namespace()


def profiles(lengths: list[int], concepts: list[set[str]] | None = None) -> list[PassageProfile]:
    sets = concepts or [set() for _ in lengths]
    return [
        PassageProfile(n, length, frozenset(found))
        for n, (length, found) in enumerate(zip(lengths, sets, strict=True), start=1)
    ]


def shape(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


# ---------------------------------------------------------------------------------------------
# The aligner alone

ZH = [40, 120, 65, 200, 30, 90, 150, 55, 110, 75]


def test_a_faithful_translation_aligns_one_to_one_with_high_confidence() -> None:
    beads = align_passages(profiles(ZH), profiles([3 * n + 7 for n in ZH]))
    assert shape(beads) == [((n,), (n,)) for n in range(1, 11)]
    assert all(b.confidence >= 0.9 for b in beads), beads


@pytest.mark.parametrize("ratio", [0.5, 1.0, 3.0, 10.0])
def test_the_length_ratio_comes_from_the_pair_not_a_constant(ratio: float) -> None:
    # The second and third passages are merged: found whatever the languages' length ratio.
    lengths = [round(ratio * n) for n in [40, 120 + 65, 200, 30, 90, 150, 55, 110, 75]]
    beads = align_passages(profiles(ZH), profiles(lengths))
    assert shape(beads)[:3] == [((1,), (1,)), ((2, 3), (2,)), ((4,), (3,))]
    assert len(beads) == 9


def test_a_split_passage_is_a_one_to_two_bead() -> None:
    lengths = [3 * n for n in ZH[:3]] + [300, 300] + [3 * n for n in ZH[4:]]
    beads = align_passages(profiles(ZH), profiles(lengths))
    assert ((4,), (4, 5)) in shape(beads)
    assert len(beads) == 10


def test_a_dropped_passage_is_a_one_to_zero_bead() -> None:
    lengths = [3 * n for i, n in enumerate(ZH) if i != 6]  # passage 7 (150) is not translated
    beads = align_passages(profiles(ZH), profiles(lengths))
    assert ((7,), ()) in shape(beads)
    assert shape(beads)[7] == ((8,), (7,))


# Passages 5 and 6 have one length; the translation drops one of them.
TWINS = [40, 120, 65, 200, 90, 90, 150, 55, 110, 75]
TWINS_TRANSLATED = [3 * n for i, n in enumerate(TWINS) if i != 5]


def concepts_at(count: int, found: dict[int, str], everywhere: str = "") -> list[set[str]]:
    """Concept sets of ``count`` passages: ``found[n]`` in passage n, ``everywhere`` in all."""
    return [{c for c in (found.get(n), everywhere) if c} for n in range(1, count + 1)]


def test_lengths_alone_cannot_tell_which_twin_was_dropped() -> None:
    beads = align_passages(profiles(TWINS), profiles(TWINS_TRANSLATED))
    dropped = next(b for b in beads if not b.target)
    assert dropped.source in {(5,), (6,)}
    assert dropped.confidence <= 0.6


@pytest.mark.parametrize(("kept", "dropped"), [(5, 6), (6, 5)])
def test_shared_concepts_tell_which_twin_was_dropped(kept: int, dropped: int) -> None:
    source = profiles(TWINS, concepts_at(10, {5: "c:a", 6: "c:b"}))
    translated = profiles(TWINS_TRANSLATED, concepts_at(9, {5: {5: "c:a", 6: "c:b"}[kept]}))
    beads = align_passages(source, translated)
    assert ((dropped,), ()) in shape(beads)
    assert ((kept,), (5,)) in shape(beads)
    confidence = {b.source: b.confidence for b in beads}
    # Sure of the twin kept; of the drop less (merging the twin into its neighbour stays open).
    assert confidence[(kept,)] >= 0.9
    assert confidence[(dropped,)] >= 0.7


def test_a_concept_named_in_every_passage_anchors_nothing() -> None:
    source = profiles(TWINS, concepts_at(10, {}, "c:common"))
    translated = profiles(TWINS_TRANSLATED, concepts_at(9, {}, "c:common"))
    dropped = next(b for b in align_passages(source, translated) if not b.target)
    assert dropped.confidence <= 0.6


def test_every_passage_is_in_exactly_one_bead_in_order() -> None:
    source = profiles([30, 200, 45, 80, 80, 160, 20, 95])
    target = profiles([100, 640, 230, 250, 480, 70])
    beads = align_passages(source, target)
    assert [n for b in beads for n in b.source] == list(range(1, 9))
    assert [n for b in beads for n in b.target] == list(range(1, 7))
    assert all(0 <= b.confidence <= 1 for b in beads)
    assert all(b.kind in {"1-1", "1-0", "0-1", "2-1", "1-2"} for b in beads)


def test_an_empty_side_leaves_every_passage_unaligned() -> None:
    assert shape(align_passages(profiles([10, 20]), [])) == [((1,), ()), ((2,), ())]
    assert shape(align_passages([], profiles([10]))) == [((), (1,))]
    assert align_passages([], []) == []


# ---------------------------------------------------------------------------------------------
# The build's order


def meta(doc_id: str, translation_of: str | None = None) -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, file=Path(f"/c/{doc_id}.txt"), translation_of=translation_of)


def test_each_translation_is_built_right_after_its_original() -> None:
    documents = [meta("en", "zh"), meta("a"), meta("fr", "en"), meta("zh"), meta("b")]
    order = [m.doc_id for m in translation_order(documents)]
    assert order == ["a", "zh", "en", "fr", "b"]


def test_translation_links_in_a_cycle_are_a_corpus_error() -> None:
    with pytest.raises(CorpusError, match="cycle"):
        translation_order([meta("x", "y"), meta("y", "x"), meta("z")])


def analysis(lengths: list[int]) -> DocumentAnalysis:
    passages = [
        PassageMentions(Passage(n, "字" * length, 0, length, [], None, False, n), "")
        for n, length in enumerate(lengths, start=1)
    ]
    return DocumentAnalysis(passages, [], [], "")


def test_an_originals_passages_are_kept_only_until_its_last_translation() -> None:
    documents = translation_order([meta("en", "zh"), meta("zh"), meta("fr", "zh"), meta("x")])
    pairs = Translations(NS, iri(f"{BASE}run/test"), documents)
    kept = []
    for document in documents:
        statements = list(pairs.built(document, analysis([10, 20, 30])))
        kept.append((document.doc_id, pairs.kept, len(statements) > 0))
    assert kept == [
        ("zh", ["zh"], False),
        ("en", ["zh"], True),
        ("fr", [], True),
        ("x", [], False),
    ]
    assert pairs.beads == 6


# ---------------------------------------------------------------------------------------------
# The shapes of an alignment

TRANSLATED_DOC = rdflib.URIRef(f"{BASE}doc/translated")
TRANSLATED = rdflib.URIRef(f"{BASE}doc/translated/p1")
ALIGNMENT = rdflib.URIRef(f"{BASE}doc/translated/a1")
SCHEMA = rdflib.Namespace("https://schema.org/")


def aligned_graph() -> rdflib.Graph:
    """The shapes test's contract graph plus an English translation aligned with it."""
    graph = contract_graph()
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    graph.add((TRANSLATED_DOC, RDF.type, GSI.Document))
    graph.add((TRANSLATED_DOC, dcterms.identifier, rdflib.Literal("translated")))
    graph.add((TRANSLATED_DOC, dcterms.title, rdflib.Literal("Translated", lang="en")))
    graph.add((TRANSLATED_DOC, SCHEMA.translationOfWork, DOC))
    text_plain = rdflib.URIRef("http://www.iana.org/assignments/media-types/text/plain")
    graph.add((TRANSLATED_DOC, dcterms["format"], text_plain))
    graph.add((TRANSLATED_DOC, GSI.sourceSize, rdflib.Literal(23)))
    graph.add((TRANSLATED, RDF.type, GSI.Passage))
    graph.add((TRANSLATED, dcterms.isPartOf, TRANSLATED_DOC))
    graph.add((TRANSLATED, GSI.text, rdflib.Literal("China supports the NPT.")))
    for predicate, value in ((GSI.position, 1), (GSI.start, 0), (GSI.end, 23)):
        graph.add((TRANSLATED, predicate, rdflib.Literal(value)))
    graph.add((ALIGNMENT, RDF.type, GSI.Alignment))
    graph.add((ALIGNMENT, GSI.originalPassage, PASSAGE))
    graph.add((ALIGNMENT, GSI.translatedPassage, TRANSLATED))
    graph.add((ALIGNMENT, GSI.confidence, rdflib.Literal("0.97", datatype=XSD.decimal)))
    graph.add((ALIGNMENT, PROV.wasGeneratedBy, rdflib.URIRef(f"{BASE}run/test")))
    graph.add((PASSAGE, GSI.alignedWith, TRANSLATED))
    graph.add((TRANSLATED, GSI.alignedWith, PASSAGE))
    return graph


def test_an_alignment_following_the_contract_conforms() -> None:
    report = validate_graph(aligned_graph(), SHAPES)
    assert report.conforms, format_report(report)


def confidence_above_one(graph: rdflib.Graph) -> None:
    graph.set((ALIGNMENT, GSI.confidence, rdflib.Literal("1.5", datatype=XSD.decimal)))


def document_as_translated_passage(graph: rdflib.Graph) -> None:
    graph.set((ALIGNMENT, GSI.translatedPassage, TRANSLATED_DOC))


def three_original_passages(graph: rdflib.Graph) -> None:
    for n in (2, 3):
        graph.add((ALIGNMENT, GSI.originalPassage, rdflib.URIRef(f"{DOC}/p{n}")))


def no_confidence(graph: rdflib.Graph) -> None:
    graph.remove((ALIGNMENT, GSI.confidence, None))


def literal_counterpart(graph: rdflib.Graph) -> None:
    graph.add((TRANSLATED, GSI.alignedWith, rdflib.Literal("p1")))


def two_originals(graph: rdflib.Graph) -> None:
    graph.add((TRANSLATED_DOC, SCHEMA.translationOfWork, rdflib.URIRef(f"{BASE}doc/other")))


@pytest.mark.parametrize(
    ("breakage", "focus", "path"),
    [
        (confidence_above_one, ALIGNMENT, GSI.confidence),
        (no_confidence, ALIGNMENT, GSI.confidence),
        (document_as_translated_passage, ALIGNMENT, GSI.translatedPassage),
        (three_original_passages, ALIGNMENT, GSI.originalPassage),
        (literal_counterpart, TRANSLATED, GSI.alignedWith),
        (two_originals, TRANSLATED_DOC, SCHEMA.translationOfWork),
    ],
)
def test_each_alignment_breakage_is_reported(
    breakage: Callable[[rdflib.Graph], None], focus: rdflib.URIRef, path: rdflib.URIRef
) -> None:
    graph = aligned_graph()
    breakage(graph)
    report = validate_graph(graph, SHAPES)
    assert names(report, str(focus), path), format_report(report)


# ---------------------------------------------------------------------------------------------
# A real build of the hand-written pair


@pytest.fixture(scope="module")
def pair_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pair (the original listed first) built and validated into a fresh directory."""
    corpus = tmp_path_factory.mktemp("pair") / "corpus"
    shutil.copytree(PAIR / "corpus", corpus)
    out = corpus.parent / "out"
    build_corpus(corpus, out)
    return out


def read_gold(path: Path) -> set[tuple[int, int]]:
    """The (original, translation) passage links of a hand alignment (see its header)."""
    links: set[tuple[int, int]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        original, _, translated = line.partition("\t")
        links |= {(int(o), int(t)) for o in original.split() for t in translated.split()}
    return links


def built_links(
    out: Path, original: str = ORIGINAL, translation: str = TRANSLATION
) -> set[tuple[int, int]]:
    """The (original, translation) passage numbers the build linked with gsi:alignedWith."""
    reader = open_reader(out)
    rows = reader.select(
        """SELECT ?o ?t ?op ?tp WHERE {
             ?o gsi:alignedWith ?t . ?t dcterms:isPartOf ?this ; gsi:position ?tp .
             ?o gsi:position ?op }""",
        NS.document(translation),
    )
    links = set()
    for row in rows:
        assert row["o"].startswith(NS.document(original) + "/p-")
        assert row["t"].startswith(NS.document(translation) + "/p-")
        links.add((int(row["op"]), int(row["tp"])))
    return links


# The hand-aligned pairs: folder, original, translation.
HAND_ALIGNED = {
    "written": (PAIR, ORIGINAL, TRANSLATION),
    "gsi-excerpt": (PAIR.with_name("translation-pair-gsi"), "gsi-excerpt-zh", "gsi-excerpt-en"),
}


@pytest.fixture(scope="module")
def excerpt_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GSI Concept Paper excerpt and its translation, built and validated."""
    corpus = tmp_path_factory.mktemp("excerpt") / "corpus"
    shutil.copytree(HAND_ALIGNED["gsi-excerpt"][0] / "corpus", corpus)
    out = corpus.parent / "out"
    build_corpus(corpus, out)
    return out


@pytest.fixture(scope="module")
def hand_aligned_links(
    pair_build: Path, excerpt_build: Path
) -> dict[str, tuple[set[tuple[int, int]], set[tuple[int, int]]]]:
    """Per hand-aligned pair: the links the build made and the gold links."""
    builds = {"written": pair_build, "gsi-excerpt": excerpt_build}
    return {
        name: (built_links(builds[name], original, translation), read_gold(folder / "gold.tsv"))
        for name, (folder, original, translation) in HAND_ALIGNED.items()
    }


def test_alignment_on_the_hand_aligned_pairs(
    hand_aligned_links: dict[str, tuple[set[tuple[int, int]], set[tuple[int, int]]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines, total_found, total_gold, total_correct = [], 0, 0, 0
    for name, (found, gold) in hand_aligned_links.items():
        correct = len(found & gold)
        lines.append(
            f"  {name}: {len(found)} links, {len(gold)} in the gold, {correct} correct: "
            f"precision {correct / len(found):.3f}, recall {correct / len(gold):.3f}; "
            f"wrong {sorted(found - gold)}, missed {sorted(gold - found)}"
        )
        total_found, total_gold, total_correct = (
            total_found + len(found),
            total_gold + len(gold),
            total_correct + correct,
        )
    precision, recall = total_correct / total_found, total_correct / total_gold
    with capsys.disabled():
        print("\npassage alignment against the hand alignments (links):", *lines, sep="\n")
        print(f"  both: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


def test_the_alignment_statements_in_the_store(pair_build: Path) -> None:
    reader = open_reader(pair_build)
    translation, original = NS.document(TRANSLATION), NS.document(ORIGINAL)
    works = reader.select(
        """SELECT ?this ?o ?t WHERE {
             ?this schema:translationOfWork ?o . ?o schema:workTranslation ?t }""",
        translation,
    )
    assert [(r["o"], r["t"]) for r in works] == [(original, translation)]
    alignments = reader.select(
        """SELECT ?a ?conf ?g ?o ?t WHERE {
             GRAPH ?g { ?a a gsi:Alignment ; gsi:confidence ?conf ;
                          gsi:originalPassage ?o ; gsi:translatedPassage ?t ;
                          prov:wasGeneratedBy ?run ; prov:wasAttributedTo ?agent }
             ?run a gsi:BuildRun . ?agent a gsi:Extractor
           }"""
    )
    assert {r["g"] for r in alignments} == {NS.graph(TRANSLATION)}
    assert all(0 <= float(r["conf"]) <= 1 for r in alignments)
    groups: dict[str, tuple[set[str], set[str]]] = {}
    for r in alignments:
        originals, translations = groups.setdefault(r["a"], (set(), set()))
        originals.add(r["o"])
        translations.add(r["t"])
    assert all(1 <= len(o) <= 2 and 1 <= len(t) <= 2 for o, t in groups.values())
    report = json.loads((resolve_release(pair_build).path / MANIFEST).read_text(encoding="utf-8"))
    assert report["alignments"] == len(groups)
    assert len(groups) >= 12
    # The links are the pairs of each alignment's passages.
    pairs = {(o, t) for os, ts in groups.values() for o in os for t in ts}
    linked = reader.select("SELECT ?o ?t WHERE { ?o gsi:alignedWith ?t }")
    assert {(r["o"], r["t"]) for r in linked if r["o"].startswith(original)} == pairs
    # Symmetric: every link is stated both ways, and only between the pair's passages.
    one_way = reader.select(
        "SELECT ?x ?y WHERE { ?x gsi:alignedWith ?y FILTER NOT EXISTS { ?y gsi:alignedWith ?x } }"
    )
    assert one_way == []


@pytest.fixture(scope="module")
def reversed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pair with the translation listed before its original in the manifest."""
    corpus = tmp_path_factory.mktemp("reversed") / "corpus"
    shutil.copytree(PAIR / "corpus", corpus)
    text = (corpus / "manifest.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition(f"[{ORIGINAL}]")
    original, _, translation = rest.partition(f"[{TRANSLATION}]")
    (corpus / "manifest.toml").write_text(
        f"{head}[{TRANSLATION}]{translation}\n[{ORIGINAL}]{original}", encoding="utf-8"
    )
    out = corpus.parent / "out"
    build_corpus(corpus, out)
    return out


def test_the_manifest_order_does_not_change_the_alignment(
    pair_build: Path, reversed_build: Path
) -> None:
    assert built_links(reversed_build) == built_links(pair_build)


# ---------------------------------------------------------------------------------------------
# Pages


@pytest.fixture(scope="module")
def client(pair_build: Path) -> Iterator[FlaskClient]:
    with flask_app(Settings.from_env(environ={}, out=pair_build)) as app:
        yield app.test_client()


def test_the_original_is_shown_side_by_side_with_its_translation(pair_build: Path) -> None:
    page = resource_page(open_reader(pair_build), NS.document(ORIGINAL))
    assert isinstance(page, DocumentPage)
    assert [(c.doc, c.role) for c in page.counterparts] == [
        (NS.document(TRANSLATION), "translation")
    ]
    rows = [
        ([p.position for p in row.here], [p.position for p in row.there]) for row in page.parallel
    ]
    # Every passage of both texts is on the page once, in order, and the rows are the links.
    assert [n for here, _ in rows for n in here] == list(range(1, 17))
    assert [n for _, there in rows for n in there] == list(range(1, 16))
    assert {(h, t) for here, there in rows for h in here for t in there} == built_links(pair_build)
    assert all(0 <= float(row.confidence) <= 1 for row in page.parallel if row.alignment)


def test_the_translation_page_puts_its_original_beside_it(
    pair_build: Path, client: FlaskClient
) -> None:
    response = client.get(f"/doc/{TRANSLATION}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = lxml.html.fromstring(response.get_data(as_text=True))
    [table] = html.xpath("//table[@class='parallel']")
    header_links = table.xpath("./thead//a/@href")
    assert header_links == [f"/doc/{ORIGINAL}"]
    merged = [
        row
        for row in table.xpath("./tbody/tr")
        if row.xpath("./td[1]//a[@class='pilcrow']/@href")
        == [passage_path(pair_build, TRANSLATION, 5)]
    ]
    [row] = merged
    assert row.xpath("./td[2]//a[@class='pilcrow']/@href") == [
        passage_path(pair_build, ORIGINAL, 5),
        passage_path(pair_build, ORIGINAL, 6),
    ]
    confidence = row.xpath("./td[3]/a")[0]
    assert 0 <= float(confidence.text) <= 1
    assert confidence.get("href").startswith(f"/doc/{TRANSLATION}/a")
    described = client.get(confidence.get("href"), headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=described.get_data(as_text=True), format="turtle")
    node = rdflib.URIRef(NS.base + confidence.get("href")[1:])
    assert set(graph.objects(node, GSI.originalPassage)) == {
        rdflib.URIRef(passage_iri(pair_build, ORIGINAL, 5)),
        rdflib.URIRef(passage_iri(pair_build, ORIGINAL, 6)),
    }
    assert str(graph.value(node, GSI.confidence)) == confidence.text


def test_a_passage_page_shows_its_counterparts_with_confidence(
    pair_build: Path, client: FlaskClient
) -> None:
    page = resource_page(open_reader(pair_build), passage_iri(pair_build, ORIGINAL, 10))
    assert isinstance(page, PassagePage)
    assert [c.passage.iri for c in page.counterparts] == [
        passage_iri(pair_build, TRANSLATION, 9),
        passage_iri(pair_build, TRANSLATION, 10),
    ]
    assert all(0 <= float(c.confidence) <= 1 for c in page.counterparts)
    response = client.get(passage_path(pair_build, TRANSLATION, 9), headers={"Accept": "text/html"})
    html = lxml.html.fromstring(response.get_data(as_text=True))
    links = html.xpath("//blockquote[contains(@class, 'aligned')]//footer/a/@href")
    assert passage_path(pair_build, ORIGINAL, 10) in links
    confidence = open_reader(pair_build).select(
        "SELECT ?this ?c WHERE { ?a gsi:translatedPassage ?this ; gsi:confidence ?c }",
        passage_iri(pair_build, TRANSLATION, 12),
    )
    shown = resource_page(open_reader(pair_build), passage_iri(pair_build, TRANSLATION, 12))
    assert isinstance(shown, PassagePage)
    assert {c.confidence for c in shown.counterparts} == {r["c"] for r in confidence}


def test_a_passage_dropped_from_the_translation_has_a_row_of_its_own(excerpt_build: Path) -> None:
    reader = open_reader(excerpt_build)
    for doc, side in (("gsi-excerpt-zh", "here"), ("gsi-excerpt-en", "there")):
        page = resource_page(reader, NS.document(doc))
        assert isinstance(page, DocumentPage)
        last = page.parallel[-1]
        alone = last.here if side == "here" else last.there
        assert [p.iri for p in alone] == [passage_iri(excerpt_build, "gsi-excerpt-zh", 13)], doc
        assert not (last.there if side == "here" else last.here) and not last.alignment
