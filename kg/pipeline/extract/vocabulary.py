"""The vocabulary as the extractors see it: concepts and actors, their classes and their labels.

Read from the (rebased) triples of ``ontology/vocabulary/*.ttl`` and ``ontology/actors.ttl``.
Preferred and alternative labels are matched everywhere; hidden labels are ambiguous short forms
matched only where a context rule accepts them (see :mod:`kg.pipeline.extract.context_rules`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.namespaces import (
    RDF_TYPE,
    SKOS_ALT_LABEL,
    SKOS_HIDDEN_LABEL,
    SKOS_PREF_LABEL,
    Namespace,
)
from kg.pipeline.extract.matcher import normalise
from kg.store import Literal, NamedNode, Triple

TOP_CLASSES = ("Principle", "Domain", "Organisation", "Treaty", "Mechanism", "Topic")
# The class hierarchy of the ontology (ontology/gsi.ttl; tests/test_mentions.py checks they agree).
SUBCLASS_OF: dict[str, str] = {
    **{c: c for c in TOP_CLASSES},
    **dict.fromkeys(
        ("Convention", "Protocol", "Charter", "Agreement", "Resolution", "Declaration"), "Treaty"
    ),
    "DraftInstrument": "Treaty",
    **dict.fromkeys(
        (
            "Initiative",
            "Forum",
            "Fund",
            "DialoguePlatform",
            "UNProcess",
            "Agenda",
            "Regime",
            "CooperationMechanism",
        ),
        "Mechanism",
    ),
    **dict.fromkeys(
        (
            "UNPrincipalOrgan",
            "UNBody",
            "RegionalOrganisation",
            "StateGrouping",
            "InternationalOrganisation",
            "ResearchInstitution",
            "GovernmentBody",
        ),
        "Organisation",
    ),
    "DescribedGroup": "Topic",
    "GuidingPrinciple": "Principle",
    "OpposedIdea": "Principle",
    "TraditionalSecurityDomain": "Domain",
    "NonTraditionalSecurityDomain": "Domain",
}
ACTOR_CLASSES = ("Actor", "State", "Person", "Issue", "Region")


class LabelKind(enum.Enum):
    PREF = "pref"
    ALT = "alt"
    HIDDEN = "hidden"


_LABEL_PREDICATES = {
    SKOS_PREF_LABEL: LabelKind.PREF,
    SKOS_ALT_LABEL: LabelKind.ALT,
    SKOS_HIDDEN_LABEL: LabelKind.HIDDEN,
}


@dataclass
class Entity:
    """A concept or an actor of the vocabulary."""

    iri: str
    classes: set[str] = field(default_factory=set)
    labels: list[tuple[str, LabelKind, str]] = field(default_factory=list)

    @property
    def top_class(self) -> str | None:
        """The concept class (Principle … Topic), or None for an actor."""
        tops = sorted({SUBCLASS_OF[c] for c in self.classes if c in SUBCLASS_OF})
        return tops[0] if tops else None

    @property
    def is_actor(self) -> bool:
        return self.top_class is None and any(c in ACTOR_CLASSES for c in self.classes)

    @property
    def actor_class(self) -> str | None:
        specific = [c for c in ACTOR_CLASSES[1:] if c in self.classes]
        return specific[0] if specific else None

    def label(self, language: str = "zh") -> str:
        for text, kind, lang in self.labels:
            if kind is LabelKind.PREF and lang == language:
                return text
        return self.labels[0][0] if self.labels else self.iri


@dataclass(frozen=True)
class LabelEntry:
    """One label of one entity, the unit the matcher finds."""

    entity: Entity
    label: str
    kind: LabelKind
    language: str = ""


@dataclass
class Vocabulary:
    """Concepts and actors by IRI, and every label of each."""

    entities: dict[str, Entity]
    _index: dict[str, Entity] = field(default_factory=dict, repr=False)

    @classmethod
    def from_triples(cls, ns: Namespace, triples: Iterable[Triple]) -> Vocabulary:
        gsi = ns.gsi
        entities: dict[str, Entity] = {}
        for t in triples:
            if not isinstance(t.subject, NamedNode):
                continue
            predicate = t.predicate.value
            if predicate == RDF_TYPE and isinstance(t.object, NamedNode):
                local = t.object.value.removeprefix(gsi)
                if local != t.object.value and (local in SUBCLASS_OF or local in ACTOR_CLASSES):
                    entities.setdefault(t.subject.value, Entity(t.subject.value)).classes.add(local)
            elif predicate in _LABEL_PREDICATES and isinstance(t.object, Literal):
                entity = entities.setdefault(t.subject.value, Entity(t.subject.value))
                language = t.object.language or ""
                entity.labels.append((t.object.value, _LABEL_PREDICATES[predicate], language))
        typed = {iri: e for iri, e in entities.items() if e.top_class or e.is_actor}
        return cls(entities=typed)

    def entries(self) -> Iterable[LabelEntry]:
        for entity in self.entities.values():
            for text, kind, language in entity.labels:
                yield LabelEntry(entity, text.strip(), kind, language)

    def resolve(self, name: str) -> Entity | None:
        """The entity with this label (preferred first, then alternative, then hidden)."""
        if not self._index:
            order = {LabelKind.PREF: 0, LabelKind.ALT: 1, LabelKind.HIDDEN: 2}
            ranked: dict[str, tuple[int, Entity]] = {}
            for entry in self.entries():
                key = normalise(entry.label)
                if key not in ranked or order[entry.kind] < ranked[key][0]:
                    ranked[key] = (order[entry.kind], entry.entity)
            self._index.update({k: e for k, (_, e) in ranked.items()})
        return self._index.get(normalise(name.strip()))

    @property
    def concepts(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.top_class]
