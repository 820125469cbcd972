"""IRIs and namespaces, defined once.

Every IRI GSI-KG mints lives under one base IRI chosen at build time (``--base-iri``). The files in
``ontology/`` are written against :data:`CANONICAL_BASE`; the build rewrites that prefix to the
chosen base. The IRI policy (documented in the README):

=================  =============================================
ontology           ``{base}ontology``  (terms ``{base}ontology#Term``)
vocabulary scheme  ``{base}vocabulary``
concept            ``{base}concept/{slug}``
actor              ``{base}actor/{slug}``
document           ``{base}doc/{id}``
section            ``{base}doc/{id}/s{n}``
passage            ``{base}doc/{id}/p{n}``
mention            ``{base}doc/{id}/p{n}/m{k}``
stance             ``{base}doc/{id}/p{n}/st{k}``
relation           ``{base}doc/{id}/p{n}/r{k}``
co-occurrence      ``{base}doc/{id}/co/{k}`` (a concept pair in one scope of one document)
discovered concept ``{base}concept/found-{hash}`` (stable: hash of the normalised name)
named graph        ``{base}graph/{id}`` (one per document) and ``graph/vocabulary``,
                   ``graph/ontology``, ``graph/provenance``
build activity     ``{base}run/{run-id}``
=================  =============================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CANONICAL_BASE = "https://w3id.org/gsi-kg/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"

STANDARD_PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "oa": OA,
    "sh": SH,
    "void": VOID,
    "sd": SD,
    "schema": SCHEMA,
}

_BASE_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def normalise_base_iri(base: str) -> str:
    """Return ``base`` with a trailing slash; raise ValueError if it is not an http(s) IRI."""
    candidate = base if base.endswith("/") else base + "/"
    if not _BASE_RE.match(candidate):
        raise ValueError(f"base IRI must be an absolute http(s) IRI, got {base!r}")
    return candidate


def slugify(text: str) -> str:
    """Lower-case ASCII slug for IRIs and ids: ``"GSI Concept Paper"`` → ``"gsi-concept-paper"``."""
    return _SLUG_RE.sub("-", text.lower()).strip("-")


@dataclass(frozen=True)
class Namespace:
    """The IRIs of one deployment, all under ``base``."""

    base: str = CANONICAL_BASE

    @property
    def gsi(self) -> str:
        """The ontology namespace (``gsi:``)."""
        return f"{self.base}ontology#"

    @property
    def ontology(self) -> str:
        return f"{self.base}ontology"

    @property
    def vocabulary(self) -> str:
        return f"{self.base}vocabulary"

    def term(self, local: str) -> str:
        return f"{self.gsi}{local}"

    def concept(self, slug: str) -> str:
        return f"{self.base}concept/{slug}"

    def actor(self, slug: str) -> str:
        return f"{self.base}actor/{slug}"

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{doc_id}"

    def section(self, doc_id: str, n: int) -> str:
        return f"{self.base}doc/{doc_id}/s{n}"

    def passage(self, doc_id: str, n: int) -> str:
        return f"{self.base}doc/{doc_id}/p{n}"

    def mention(self, doc_id: str, passage: int, k: int) -> str:
        return f"{self.base}doc/{doc_id}/p{passage}/m{k}"

    def stance(self, doc_id: str, passage: int, k: int) -> str:
        return f"{self.base}doc/{doc_id}/p{passage}/st{k}"

    def relation(self, doc_id: str, passage: int, k: int) -> str:
        return f"{self.base}doc/{doc_id}/p{passage}/r{k}"

    def cooccurrence(self, doc_id: str, k: int) -> str:
        return f"{self.base}doc/{doc_id}/co/{k}"

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def run(self, run_id: str) -> str:
        return f"{self.base}run/{run_id}"

    def rebase(self, iri: str) -> str:
        """Map an IRI written against :data:`CANONICAL_BASE` onto this deployment's base."""
        if self.base != CANONICAL_BASE and iri.startswith(CANONICAL_BASE):
            return self.base + iri[len(CANONICAL_BASE) :]
        return iri

    def prefixes(self) -> dict[str, str]:
        """Standard prefixes plus ``gsi:``, ``concept:`` and ``doc:`` for this deployment."""
        return {
            **STANDARD_PREFIXES,
            "gsi": self.gsi,
            "concept": f"{self.base}concept/",
            "actor": f"{self.base}actor/",
            "doc": f"{self.base}doc/",
        }
