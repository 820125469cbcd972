"""A small, contract-following extraction layer added to a real build of the seed corpus.

Until the extractor lands, the linked-data, query and export tests need concepts, mentions,
stances and co-occurrences. :func:`build_with_fixture` builds the real corpus with the real
``build_graph`` and then writes, into the release's on-disk store, a dozen vocabulary concepts and
the mentions found by exact string match of their Chinese labels in the real passages, exactly in
the shape of the public data contract (docs/brief: mentions as ``oa:Annotation`` with both
selectors, stances, co-occurrence nodes, a typed relation).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.build import BuildOptions, build_graph
from kg.namespaces import DCTERMS, OA, PROV, RDF, SKOS, XSD, Namespace
from kg.settings import PROJECT_ROOT
from kg.store import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QuerySolutions,
    Store,
    query_store,
    resolve_release,
)


@dataclass(frozen=True)
class FixtureConcept:
    slug: str
    classes: tuple[str, ...]
    zh: str
    en: str | None
    alt: str | None = None


CONCEPTS = (
    FixtureConcept(
        "un-charter", ("Treaty", "Charter"), "联合国宪章", "Charter of the United Nations"
    ),
    FixtureConcept(
        "npt",
        ("Treaty", "Convention"),
        "不扩散核武器条约",
        "Treaty on the Non-Proliferation of Nuclear Weapons",
        "NPT",
    ),
    FixtureConcept(
        "un-security-council",
        ("Organisation", "UNPrincipalOrgan"),
        "安理会",
        "UN Security Council",
    ),
    FixtureConcept(
        "global-security-initiative",
        ("Mechanism", "Initiative"),
        "全球安全倡议",
        "Global Security Initiative",
    ),
    FixtureConcept(
        "cold-war-mentality", ("Principle", "OpposedIdea"), "冷战思维", "Cold War mentality"
    ),
    FixtureConcept("hegemonism", ("Principle", "OpposedIdea"), "霸权主义", "hegemonism"),
    FixtureConcept(
        "common-comprehensive-cooperative-sustainable-security",
        ("Principle", "GuidingPrinciple"),
        "共同、综合、合作、可持续",
        "common, comprehensive, cooperative and sustainable security",
    ),
    FixtureConcept("asean", ("Organisation", "RegionalOrganisation"), "东盟", "ASEAN"),
    FixtureConcept(
        "african-union", ("Organisation", "RegionalOrganisation"), "非盟", "African Union"
    ),
    FixtureConcept(
        "biosecurity", ("Domain", "NonTraditionalSecurityDomain"), "生物安全", "biosecurity"
    ),
    FixtureConcept(
        "cybersecurity", ("Domain", "NonTraditionalSecurityDomain"), "网络安全", "cybersecurity"
    ),
    FixtureConcept(
        "non-traditional-security",
        ("Domain", "NonTraditionalSecurityDomain"),
        "非传统安全",
        "non-traditional security",
    ),
    FixtureConcept(
        "global-development-initiative",
        ("Mechanism", "Initiative"),
        "全球发展倡议",
        "Global Development Initiative",
    ),
    # Vocabulary concepts the corpus never names: pages and exports must cope.
    FixtureConcept("found-unmentioned", ("Mechanism", "Forum"), "未出现的论坛", None),
)
BROADER = {"biosecurity": "non-traditional-security", "cybersecurity": "non-traditional-security"}
REGIONS = {"非洲": "africa", "中东": "middle-east"}


def _base_class(slug: str) -> str:
    return next(c.classes[0] for c in CONCEPTS if c.slug == slug)


def build_with_fixture(out: Path, base_iri: str = "https://w3id.org/gsi-kg/") -> Path:
    """Build the seed corpus into ``out`` and add the fixture layer; return ``out``."""
    build_graph(
        BuildOptions(
            corpus=PROJECT_ROOT / "corpus",
            out=out,
            base_iri=base_iri,
            ontology_dir=PROJECT_ROOT / "ontology",
            validate=False,
        )
    )
    release = resolve_release(out)
    store = Store(str(release.store_path))
    try:
        store.extend(list(fixture_quads(store, Namespace(base_iri))))
        store.flush()
    finally:
        del store
    return out


def fixture_quads(store: Store, ns: Namespace) -> list[Quad]:
    """The vocabulary and extraction quads for the passages already in ``store``."""
    quads: list[Quad] = []
    vocab = NamedNode(ns.graph("vocabulary"))

    def add(s: NamedNode | BlankNode, p: str, o: NamedNode | Literal | BlankNode, g: NamedNode):
        quads.append(Quad(s, NamedNode(p), o, g))

    integer = NamedNode(f"{XSD}integer")
    for c in CONCEPTS:
        node = NamedNode(ns.concept(c.slug))
        add(node, f"{RDF}type", NamedNode(f"{SKOS}Concept"), vocab)
        for cls in c.classes:
            add(node, f"{RDF}type", NamedNode(ns.term(cls)), vocab)
        add(node, f"{SKOS}prefLabel", Literal(c.zh, language="zh"), vocab)
        if c.en:
            add(node, f"{SKOS}prefLabel", Literal(c.en, language="en"), vocab)
        if c.alt:
            add(node, f"{SKOS}altLabel", Literal(c.alt, language="en"), vocab)
        add(node, f"{SKOS}inScheme", NamedNode(ns.vocabulary), vocab)
        add(node, f"{SKOS}definition", Literal(f"{c.zh}（测试定义）", language="zh"), vocab)
    for narrow, broad in BROADER.items():
        add(NamedNode(ns.concept(narrow)), f"{SKOS}broader", NamedNode(ns.concept(broad)), vocab)
        add(NamedNode(ns.concept(broad)), f"{SKOS}narrower", NamedNode(ns.concept(narrow)), vocab)
    china = NamedNode(ns.actor("china"))
    add(china, f"{RDF}type", NamedNode(ns.term("Actor")), vocab)
    add(china, f"{RDF}type", NamedNode(ns.term("State")), vocab)
    add(china, f"{SKOS}prefLabel", Literal("中国", language="zh"), vocab)
    add(china, f"{SKOS}prefLabel", Literal("China", language="en"), vocab)
    for name, slug in REGIONS.items():
        region = NamedNode(ns.actor(slug))
        add(region, f"{RDF}type", NamedNode(ns.term("Region")), vocab)
        add(region, f"{RDF}type", NamedNode(ns.term("Actor")), vocab)
        add(region, f"{SKOS}prefLabel", Literal(name, language="zh"), vocab)

    passages = query_store(
        store,
        "SELECT ?p ?text ?doc ?id ?n WHERE { ?p a gsi:Passage ; gsi:text ?text ; "
        "gsi:position ?n ; dcterms:isPartOf ?doc . ?doc a gsi:Document ; dcterms:identifier ?id }",
        prefixes=ns.prefixes(),
    )
    assert isinstance(passages, QuerySolutions)
    run = next(iter(store.quads_for_pattern(None, NamedNode(f"{PROV}wasGeneratedBy"), None)))
    pairs: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in passages:
        doc_id, number, text = row["id"].value, int(row["n"].value), row["text"].value
        passage, graph = row["p"], NamedNode(ns.graph(doc_id))
        found: list[str] = []
        k = 0
        for c in CONCEPTS:
            start = text.find(c.zh)
            while start >= 0:
                k += 1
                end = start + len(c.zh)
                mention = NamedNode(ns.mention(doc_id, number, k))
                target, pos, quote = BlankNode(), BlankNode(), BlankNode()
                concept = NamedNode(ns.concept(c.slug))
                add(mention, f"{RDF}type", NamedNode(f"{OA}Annotation"), graph)
                add(mention, f"{OA}hasBody", concept, graph)
                add(mention, f"{OA}hasTarget", target, graph)
                add(mention, f"{PROV}wasGeneratedBy", run.object, graph)  # type: ignore[arg-type]
                add(target, f"{OA}hasSource", passage, graph)  # type: ignore[arg-type]
                add(target, f"{OA}hasSelector", pos, graph)
                add(target, f"{OA}hasSelector", quote, graph)
                add(pos, f"{RDF}type", NamedNode(f"{OA}TextPositionSelector"), graph)
                add(pos, f"{OA}start", Literal(str(start), datatype=integer), graph)
                add(pos, f"{OA}end", Literal(str(end), datatype=integer), graph)
                add(quote, f"{RDF}type", NamedNode(f"{OA}TextQuoteSelector"), graph)
                add(quote, f"{OA}exact", Literal(c.zh), graph)
                add(quote, f"{OA}prefix", Literal(text[max(0, start - 8) : start]), graph)
                add(quote, f"{OA}suffix", Literal(text[end : end + 8]), graph)
                add(passage, ns.term("mentions"), concept, graph)  # type: ignore[arg-type]
                found.append(c.slug)
                start = text.find(c.zh, end)
        for name, slug in REGIONS.items():
            if name in text:
                add(passage, ns.term("mentions"), NamedNode(ns.actor(slug)), graph)  # type: ignore[arg-type]
        stance_targets = {
            "Opposition": [s for s in found if _base_class(s) == "Principle"]
            if "反对" in text
            else [],
            "Support": [s for s in found if _base_class(s) == "Organisation"]
            if "支持" in text
            else [],
        }
        st = 0
        for polarity, slugs in stance_targets.items():
            for slug in sorted(set(slugs)):
                st += 1
                stance = NamedNode(ns.stance(doc_id, number, st))
                add(stance, f"{RDF}type", NamedNode(ns.term("Stance")), graph)
                add(stance, ns.term("holder"), china, graph)
                add(stance, ns.term("polarity"), NamedNode(ns.term(polarity)), graph)
                add(stance, ns.term("target"), NamedNode(ns.concept(slug)), graph)
                add(stance, ns.term("evidence"), passage, graph)  # type: ignore[arg-type]
                add(
                    stance,
                    ns.term("cue"),
                    Literal("反对" if polarity == "Opposition" else "支持"),
                    graph,
                )
        if {"un-charter", "common-comprehensive-cooperative-sustainable-security"} <= set(found):
            relation = NamedNode(ns.relation(doc_id, number, 1))
            charter, gsi = (
                NamedNode(ns.concept("un-charter")),
                NamedNode(ns.concept("common-comprehensive-cooperative-sustainable-security")),
            )
            add(relation, f"{RDF}type", NamedNode(ns.term("Relation")), graph)
            add(relation, ns.term("subject"), charter, graph)
            add(relation, ns.term("relationType"), NamedNode(ns.term("cornerstoneOf")), graph)
            add(relation, ns.term("object"), gsi, graph)
            add(relation, ns.term("evidence"), passage, graph)  # type: ignore[arg-type]
            add(
                relation,
                ns.term("confidence"),
                Literal("0.9", datatype=NamedNode(f"{XSD}decimal")),
                graph,
            )
            add(charter, ns.term("cornerstoneOf"), gsi, graph)
        for a, b in itertools.combinations(sorted(set(found)), 2):
            pairs[(doc_id, a, b)] += 1
    for k, ((doc_id, a, b), count) in enumerate(sorted(pairs.items()), start=1):
        graph = NamedNode(ns.graph(doc_id))
        co = NamedNode(ns.cooccurrence(doc_id, k))
        ca, cb = NamedNode(ns.concept(a)), NamedNode(ns.concept(b))
        add(co, f"{RDF}type", NamedNode(ns.term("CoOccurrence")), graph)
        add(co, ns.term("concept"), ca, graph)
        add(co, ns.term("concept"), cb, graph)
        add(co, ns.term("scope"), NamedNode(ns.term("PassageScope")), graph)
        add(co, ns.term("count"), Literal(str(count), datatype=integer), graph)
        add(co, f"{DCTERMS}isPartOf", NamedNode(ns.document(doc_id)), graph)
        add(ca, ns.term("cooccursWith"), cb, graph)
        add(cb, ns.term("cooccursWith"), ca, graph)
    return quads


def count(store: Store, sparql: str, ns: Namespace | None = None) -> int:
    """The single ``?n`` of a COUNT query over the union of graphs."""
    result = query_store(store, sparql, prefixes=(ns or Namespace()).prefixes())
    assert isinstance(result, QuerySolutions)
    return int(next(iter(result))["n"].value)
