"""HTML documentation of the GSI-KG ontology and its SKOS vocabulary, as served at ``/ontology``.

:func:`ontology_documentation` (a read function) renders the ontology and vocabulary graphs of
the served release, so every IRI on the page is the release's own (its base IRI). It hands them
to :func:`render_documentation`, which turns two rdflib graphs into one self-contained HTML page:
no scripts, no external stylesheets or fonts. Every class, property, individual, concept and actor
gets an anchor: classes, properties and individuals by their local name (``#Treaty``), concepts and
actors by their slug (``#npt``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import DCTERMS, Namespace
from kg.rdflib_terms import to_rdflib_graph
from kg.read.reader import Reader
from kg.store import NamedNode, match_quads

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_DCTERMS = rdflib.Namespace(DCTERMS)
_PROPERTY_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.SymmetricProperty: "symmetric",
    OWL.TransitiveProperty: "transitive",
}


@dataclass(frozen=True)
class Link:
    """A reference to a term: ``#anchor`` inside the page, otherwise the term's IRI."""

    href: str
    text: str
    internal: bool


@dataclass(frozen=True)
class TermDoc:
    """What every documented ontology term shows: anchor, IRI, labels and definitions."""

    anchor: str
    iri: str
    name: str
    label_en: str
    label_zh: str
    definition_en: str
    definition_zh: str


@dataclass(frozen=True)
class ClassNode:
    """One class in the hierarchy tree, with its gsi: subclasses."""

    iri: str
    link: Link
    children: tuple[ClassNode, ...]


@dataclass(frozen=True)
class ClassDoc:
    term: TermDoc
    superclasses: tuple[Link, ...]
    subclasses: tuple[Link, ...]
    disjoint_with: tuple[Link, ...]
    members: tuple[Link, ...]


@dataclass(frozen=True)
class PropertyDoc:
    term: TermDoc
    kind: str
    characteristics: tuple[str, ...]
    domain: tuple[Link, ...]
    range: tuple[Link, ...]
    inverse: Link | None


@dataclass(frozen=True)
class IndividualDoc:
    term: TermDoc
    classes: tuple[Link, ...]


@dataclass(frozen=True)
class EntryDoc:
    """A concept or an actor of the vocabulary."""

    anchor: str
    iri: str
    label_zh: str
    label_en: str
    alt_labels: tuple[str, ...]
    definition_en: str
    definition_zh: str
    classes: tuple[Link, ...]
    broader: tuple[Link, ...]


@dataclass(frozen=True)
class EntryGroup:
    """The concepts (or actors) whose most specific class is ``cls``."""

    cls: Link
    anchor: str
    entries: tuple[EntryDoc, ...]


@dataclass(frozen=True)
class OntologyHeader:
    iri: str
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    version: str


def ontology_documentation(reader: Reader) -> str:
    """The documentation page of the release's ontology and vocabulary graphs. A read
    function."""
    ns = reader.ns

    def whole(name: str) -> rdflib.Graph:
        # The build writes these two from the project's own files: read whole, past the row cap.
        return to_rdflib_graph(
            list(match_quads(reader.store, None, None, None, NamedNode(ns.graph(name))))
        )

    ontology, vocabulary = whole("ontology"), whole("vocabulary")
    return render_documentation(ontology, vocabulary, ns)


def render_documentation(
    ontology: rdflib.Graph, vocabulary: rdflib.Graph, ns: Namespace | None = None
) -> str:
    """Render the ontology and vocabulary (their IRIs under ``ns``'s base; the canonical base by
    default) as one self-contained, escaped HTML page."""
    page = _Page(ontology, vocabulary, ns or Namespace())
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("ontology.html")
    return template.render(
        header=page.header(),
        tree=page.class_tree(),
        classes=page.classes(),
        properties=page.properties(),
        individuals=page.individuals(),
        schemes=page.schemes(),
        concept_groups=page.entry_groups(SKOS.Concept),
        actor_groups=page.entry_groups(page.gsi.Actor),
    )


class _Page:
    """Collects what the template shows, assigning every documented resource a unique anchor."""

    def __init__(self, ontology: rdflib.Graph, vocabulary: rdflib.Graph, ns: Namespace) -> None:
        self.ontology = ontology
        self.vocabulary = vocabulary
        self.ns = ns
        self.gsi = rdflib.Namespace(ns.gsi)
        self.prefixes = {iri: prefix for prefix, iri in ns.prefixes().items()}
        self.class_iris = sorted(self._defined(RDF.type, OWL.Class), key=_local_name)
        self.property_iris = sorted(
            {
                iri
                for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                for iri in self._defined(RDF.type, kind)
            },
            key=_local_name,
        )
        self.individual_iris = sorted(self._defined(RDF.type, OWL.NamedIndividual), key=_local_name)
        self.anchors: dict[rdflib.URIRef, str] = {}
        for iri in (*self.class_iris, *self.property_iris, *self.individual_iris):
            self._assign(iri, _local_name(iri), "term")
        self.entry_classes = {iri: self._most_specific(iri) for iri in self._entries()}
        for prefix, root in (("concept", SKOS.Concept), ("actor", self.gsi.Actor)):
            for iri in sorted(
                e for e, cls in self.entry_classes.items() if self._root(cls) == root
            ):
                self._assign(iri, _local_name(iri), prefix)

    def _defined(self, predicate: rdflib.URIRef, obj: rdflib.URIRef) -> Iterable[rdflib.URIRef]:
        """The gsi: terms of the ontology with ``predicate obj``."""
        for subject in self.ontology.subjects(predicate, obj):
            if isinstance(subject, rdflib.URIRef) and subject.startswith(self.ns.gsi):
                yield subject

    def _assign(self, iri: rdflib.URIRef, wanted: str, prefix: str) -> None:
        taken = set(self.anchors.values())
        anchor = wanted if wanted not in taken else f"{prefix}-{wanted}"
        counter = 2
        while anchor in taken:
            anchor = f"{prefix}-{wanted}-{counter}"
            counter += 1
        self.anchors[iri] = anchor

    def link(self, term: Node) -> Link:
        if isinstance(term, rdflib.URIRef):
            if term in self.anchors:
                return Link(f"#{self.anchors[term]}", self._name(term), internal=True)
            return Link(str(term), self._name(term), internal=False)
        return Link("", term.n3() if isinstance(term, rdflib.Literal) else "(anonymous)", False)

    def _name(self, iri: rdflib.URIRef) -> str:
        """The prefixed name of ``iri`` (``gsi:Treaty``, ``concept:npt``) or the full IRI."""
        text = str(iri)
        for namespace in sorted(self.prefixes, key=len, reverse=True):
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{self.prefixes[namespace]}:{text[len(namespace) :]}"
        return text

    def _links(self, terms: Iterable[Node]) -> tuple[Link, ...]:
        """Links for class expressions, expanding ``owl:unionOf`` into its members."""
        links: list[Link] = []
        for term in terms:
            union = self.ontology.value(term, OWL.unionOf)
            if isinstance(term, rdflib.BNode) and union is not None:
                links.extend(self._links(Collection(self.ontology, union)))
            else:
                links.append(self.link(term))
        return tuple(sorted(links, key=lambda link: link.text))

    def _term(self, graph: rdflib.Graph, iri: rdflib.URIRef, label: rdflib.URIRef) -> TermDoc:
        return TermDoc(
            anchor=self.anchors[iri],
            iri=str(iri),
            name=self._name(iri),
            label_en=_in_language(graph, iri, label, "en"),
            label_zh=_in_language(graph, iri, label, "zh"),
            definition_en=_in_language(graph, iri, SKOS.definition, "en"),
            definition_zh=_in_language(graph, iri, SKOS.definition, "zh"),
        )

    def header(self) -> OntologyHeader:
        iri = rdflib.URIRef(self.ns.ontology)
        return OntologyHeader(
            iri=str(iri),
            title_en=_in_language(self.ontology, iri, _DCTERMS.title, "en"),
            title_zh=_in_language(self.ontology, iri, _DCTERMS.title, "zh"),
            description_en=_in_language(self.ontology, iri, _DCTERMS.description, "en"),
            description_zh=_in_language(self.ontology, iri, _DCTERMS.description, "zh"),
            version=str(self.ontology.value(iri, OWL.versionInfo) or ""),
        )

    def _subclasses(self, iri: rdflib.URIRef) -> list[rdflib.URIRef]:
        return [c for c in self.class_iris if (c, RDFS.subClassOf, iri) in self.ontology]

    def _superclasses(self, iri: rdflib.URIRef) -> list[rdflib.URIRef]:
        return [
            s for s in self.ontology.objects(iri, RDFS.subClassOf) if isinstance(s, rdflib.URIRef)
        ]

    def class_tree(self) -> tuple[ClassNode, ...]:
        """gsi: classes nested under their gsi: superclasses; roots are the others."""
        gsi_classes = set(self.class_iris)

        def node(iri: rdflib.URIRef) -> ClassNode:
            return ClassNode(
                str(iri), self.link(iri), tuple(node(c) for c in self._subclasses(iri))
            )

        roots = [c for c in self.class_iris if not gsi_classes.intersection(self._superclasses(c))]
        return tuple(node(root) for root in roots)

    def classes(self) -> tuple[ClassDoc, ...]:
        docs = []
        for iri in self.class_iris:
            disjoint: set[Node] = set()
            for axiom in self.ontology.subjects(RDF.type, OWL.AllDisjointClasses):
                members_list = self.ontology.value(axiom, OWL.members)
                members = list(Collection(self.ontology, members_list)) if members_list else []
                if iri in members:
                    disjoint.update(m for m in members if m != iri)
            disjoint.update(self.ontology.objects(iri, OWL.disjointWith))
            docs.append(
                ClassDoc(
                    term=self._term(self.ontology, iri, RDFS.label),
                    superclasses=self._links(self._superclasses(iri)),
                    subclasses=self._links(self._subclasses(iri)),
                    disjoint_with=self._links(disjoint),
                    members=self._links(
                        i for i in self.individual_iris if (i, RDF.type, iri) in self.ontology
                    ),
                )
            )
        return tuple(docs)

    def properties(self) -> tuple[PropertyDoc, ...]:
        docs = []
        for iri in self.property_iris:
            types = set(self.ontology.objects(iri, RDF.type))
            kind = next(label for cls, label in _PROPERTY_KINDS.items() if cls in types)
            inverse = self.ontology.value(iri, OWL.inverseOf) or self.ontology.value(
                None, OWL.inverseOf, iri
            )
            docs.append(
                PropertyDoc(
                    term=self._term(self.ontology, iri, RDFS.label),
                    kind=kind,
                    characteristics=tuple(
                        label for cls, label in _CHARACTERISTICS.items() if cls in types
                    ),
                    domain=self._links(self.ontology.objects(iri, RDFS.domain)),
                    range=self._links(self.ontology.objects(iri, RDFS.range)),
                    inverse=self.link(inverse) if inverse is not None else None,
                )
            )
        return tuple(docs)

    def individuals(self) -> tuple[IndividualDoc, ...]:
        return tuple(
            IndividualDoc(
                term=self._term(self.ontology, iri, RDFS.label),
                classes=self._links(
                    c for c in self.ontology.objects(iri, RDF.type) if c != OWL.NamedIndividual
                ),
            )
            for iri in self.individual_iris
        )

    def schemes(self) -> tuple[TermDoc, ...]:
        """The concept schemes of the vocabulary (title and description, not anchored)."""
        return tuple(
            TermDoc(
                anchor="",
                iri=str(scheme),
                name=self._name(scheme),
                label_en=_in_language(self.vocabulary, scheme, _DCTERMS.title, "en")
                or _in_language(self.vocabulary, scheme, SKOS.prefLabel, "en"),
                label_zh=_in_language(self.vocabulary, scheme, _DCTERMS.title, "zh")
                or _in_language(self.vocabulary, scheme, SKOS.prefLabel, "zh"),
                definition_en=_in_language(self.vocabulary, scheme, _DCTERMS.description, "en"),
                definition_zh=_in_language(self.vocabulary, scheme, _DCTERMS.description, "zh"),
            )
            for scheme in sorted(
                s
                for s in self.vocabulary.subjects(RDF.type, SKOS.ConceptScheme)
                if isinstance(s, rdflib.URIRef)
            )
        )

    def _entries(self) -> set[rdflib.URIRef]:
        """Vocabulary resources typed with a gsi: class of the ontology."""
        classes = set(self.class_iris)
        return {
            s
            for s, cls in self.vocabulary.subject_objects(RDF.type)
            if isinstance(s, rdflib.URIRef) and cls in classes
        }

    def _ancestors(self, iri: rdflib.URIRef) -> set[rdflib.URIRef]:
        seen: set[rdflib.URIRef] = set()
        todo = [iri]
        while todo:
            for parent in self._superclasses(todo.pop()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def _most_specific(self, entry: rdflib.URIRef) -> rdflib.URIRef:
        """The deepest gsi: class of ``entry`` (ties broken by name)."""
        classes = [c for c in self.class_iris if (entry, RDF.type, c) in self.vocabulary]
        return min(classes, key=lambda c: (-len(self._ancestors(c)), str(c)))

    def _root(self, cls: rdflib.URIRef) -> rdflib.URIRef | None:
        ancestors = self._ancestors(cls) | {cls}
        for root in (SKOS.Concept, self.gsi.Actor):
            if root in ancestors:
                return root
        return None

    def entry_groups(self, root: rdflib.URIRef) -> tuple[EntryGroup, ...]:
        """Entries below ``root``, grouped by their most specific class, in hierarchy order."""
        order = [c for c in _depth_first(self.class_tree()) if self._root(c) == root]
        groups = []
        for cls in order:
            members = sorted(
                (e for e, c in self.entry_classes.items() if c == cls),
                key=lambda e: (
                    _in_language(self.vocabulary, e, SKOS.prefLabel, "en").casefold(),
                    e,
                ),
            )
            if members:
                groups.append(
                    EntryGroup(
                        cls=self.link(cls),
                        anchor=f"{self.anchors[cls]}-members",
                        entries=tuple(self._entry(e) for e in members),
                    )
                )
        return tuple(groups)

    def _entry(self, iri: rdflib.URIRef) -> EntryDoc:
        graph = self.vocabulary
        alt_labels = sorted(
            f"{label} ({label.language})" if label.language else str(label)
            for label in graph.objects(iri, SKOS.altLabel)
            if isinstance(label, rdflib.Literal)
        )
        return EntryDoc(
            anchor=self.anchors[iri],
            iri=str(iri),
            label_zh=_in_language(graph, iri, SKOS.prefLabel, "zh"),
            label_en=_in_language(graph, iri, SKOS.prefLabel, "en"),
            alt_labels=tuple(alt_labels),
            definition_en=_in_language(graph, iri, SKOS.definition, "en"),
            definition_zh=_in_language(graph, iri, SKOS.definition, "zh"),
            classes=self._links(c for c in graph.objects(iri, RDF.type) if c != SKOS.Concept),
            broader=self._links(graph.objects(iri, SKOS.broader)),
        )


def _depth_first(nodes: Iterable[ClassNode]) -> list[rdflib.URIRef]:
    """Class IRIs in tree order."""
    order: list[rdflib.URIRef] = []
    for node in nodes:
        order.append(rdflib.URIRef(node.iri))
        order.extend(_depth_first(node.children))
    return order


def _in_language(
    graph: rdflib.Graph, subject: Node, predicate: rdflib.URIRef, language: str
) -> str:
    """The first (sorted) literal of ``predicate`` tagged ``language`` or a subtag of it."""
    values = sorted(
        str(value)
        for value in graph.objects(subject, predicate)
        if isinstance(value, rdflib.Literal)
        and value.language is not None
        and value.language.lower().split("-")[0] == language
    )
    return values[0] if values else ""


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
