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
section            ``{base}doc/{id}/s-{hash}`` (of its heading; ``-2`` … for a repeat)
passage            ``{base}doc/{id}/p-{hash}`` (of its text; ``-2`` … for a repeat)
mention            ``{base}doc/{id}/p-{hash}/m{k}`` (the k-th in its passage)
stance             ``{base}doc/{id}/p-{hash}/st{k}``
relation           ``{base}doc/{id}/p-{hash}/r{k}``
alignment          ``{base}doc/{id}/a{k}`` (the k-th aligned group of a translation's passages)
co-occurrence      ``{base}doc/{id}/co/{scope}-{hash}`` (a concept pair in one scope)
discovered concept ``{base}concept/found-{hash}`` (stable: hash of the normalised name)
named graph        ``{base}graph/{id}`` (one per document) and ``graph/vocabulary``,
                   ``graph/ontology``, ``graph/discovered``, ``graph/statistics``,
                   ``graph/provenance``
build activity     ``{base}run/{run-id}``
=================  =============================================
"""

from __future__ import annotations

import hashlib
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
QB = "http://purl.org/linked-data/cube#"

# Terms of the standard vocabularies, spelled once (as pySHACL's ``consts.py`` does).
# The ``gsi:`` terms depend on the deployment's base IRI: see :meth:`Namespace.term`.
RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
RDFS_COMMENT = RDFS + "comment"
RDFS_SEE_ALSO = RDFS + "seeAlso"
RDFS_SUB_CLASS_OF = RDFS + "subClassOf"
OWL_VERSION_INFO = OWL + "versionInfo"
XSD_ANY_URI = XSD + "anyURI"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATE = XSD + "date"
XSD_DATE_TIME = XSD + "dateTime"
XSD_DECIMAL = XSD + "decimal"
XSD_INTEGER = XSD + "integer"
XSD_NON_NEGATIVE_INTEGER = XSD + "nonNegativeInteger"
XSD_STRING = XSD + "string"
SKOS_CONCEPT = SKOS + "Concept"
SKOS_CONCEPT_SCHEME = SKOS + "ConceptScheme"
SKOS_ALT_LABEL = SKOS + "altLabel"
SKOS_BROADER = SKOS + "broader"
SKOS_DEFINITION = SKOS + "definition"
SKOS_HIDDEN_LABEL = SKOS + "hiddenLabel"
SKOS_NARROWER = SKOS + "narrower"
SKOS_PREF_LABEL = SKOS + "prefLabel"
DCTERMS_CREATOR = DCTERMS + "creator"
DCTERMS_DATE = DCTERMS + "date"
DCTERMS_DESCRIPTION = DCTERMS + "description"
DCTERMS_FORMAT = DCTERMS + "format"
DCTERMS_IDENTIFIER = DCTERMS + "identifier"
DCTERMS_IS_PART_OF = DCTERMS + "isPartOf"
DCTERMS_LANGUAGE = DCTERMS + "language"
DCTERMS_LICENSE = DCTERMS + "license"
DCTERMS_SOURCE = DCTERMS + "source"
DCTERMS_TITLE = DCTERMS + "title"
PROV_ENDED_AT_TIME = PROV + "endedAtTime"
PROV_STARTED_AT_TIME = PROV + "startedAtTime"
PROV_WAS_ASSOCIATED_WITH = PROV + "wasAssociatedWith"
PROV_WAS_ATTRIBUTED_TO = PROV + "wasAttributedTo"
PROV_WAS_GENERATED_BY = PROV + "wasGeneratedBy"
SCHEMA_TRANSLATION_OF_WORK = SCHEMA + "translationOfWork"
SCHEMA_WORK_TRANSLATION = SCHEMA + "workTranslation"
OA_ANNOTATION = OA + "Annotation"
OA_TEXT_POSITION_SELECTOR = OA + "TextPositionSelector"
OA_TEXT_QUOTE_SELECTOR = OA + "TextQuoteSelector"
OA_END = OA + "end"
OA_EXACT = OA + "exact"
OA_HAS_BODY = OA + "hasBody"
OA_HAS_SELECTOR = OA + "hasSelector"
OA_HAS_SOURCE = OA + "hasSource"
OA_HAS_TARGET = OA + "hasTarget"
OA_PREFIX = OA + "prefix"
OA_START = OA + "start"
OA_SUFFIX = OA + "suffix"
VOID_DATASET = VOID + "Dataset"
VOID_CLASS = VOID + "class"
VOID_CLASS_PARTITION = VOID + "classPartition"
VOID_CLASSES = VOID + "classes"
VOID_DATA_DUMP = VOID + "dataDump"
VOID_DISTINCT_OBJECTS = VOID + "distinctObjects"
VOID_DISTINCT_SUBJECTS = VOID + "distinctSubjects"
VOID_ENTITIES = VOID + "entities"
VOID_EXAMPLE_RESOURCE = VOID + "exampleResource"
VOID_PROPERTIES = VOID + "properties"
VOID_PROPERTY = VOID + "property"
VOID_PROPERTY_PARTITION = VOID + "propertyPartition"
VOID_SPARQL_ENDPOINT = VOID + "sparqlEndpoint"
VOID_SUBSET = VOID + "subset"
VOID_TRIPLES = VOID + "triples"
VOID_URI_SPACE = VOID + "uriSpace"
VOID_VOCABULARY = VOID + "vocabulary"
SD_BASIC_FEDERATED_QUERY = SD + "BasicFederatedQuery"
SD_DATASET = SD + "Dataset"
SD_GRAPH_CLASS = SD + "Graph"
SD_NAMED_GRAPH_CLASS = SD + "NamedGraph"
SD_SPARQL11_QUERY = SD + "SPARQL11Query"
SD_SERVICE = SD + "Service"
SD_UNION_DEFAULT_GRAPH = SD + "UnionDefaultGraph"
SD_DEFAULT_DATASET = SD + "defaultDataset"
SD_DEFAULT_ENTAILMENT_REGIME = SD + "defaultEntailmentRegime"
SD_DEFAULT_GRAPH = SD + "defaultGraph"
SD_ENDPOINT = SD + "endpoint"
SD_FEATURE = SD + "feature"
SD_GRAPH = SD + "graph"
SD_NAME = SD + "name"
SD_NAMED_GRAPH = SD + "namedGraph"
SD_RESULT_FORMAT = SD + "resultFormat"
SD_SUPPORTED_LANGUAGE = SD + "supportedLanguage"

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
    "qb": QB,
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
    """Lower-case ASCII slug for IRIs and ids.

    >>> slugify("GSI Concept Paper")
    'gsi-concept-paper'
    """
    return _SLUG_RE.sub("-", text.lower()).strip("-")


# Named graphs of the whole corpus (``Namespace.graph(name)``), beside one graph per document.
# The discovered concepts, each described once (kg.pipeline.extract.DiscoveryExtractor).
DISCOVERED_GRAPH = "discovered"
# The Data Cube statistics (kg.pipeline.statistics).
STATISTICS_GRAPH = "statistics"


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

    # Sections and passages are named by their content (kg.pipeline.segment.content_keys), so an
    # edit elsewhere in the document leaves their IRIs, and those of their mentions, stances and
    # relations (numbered within the passage), as they were.
    def section(self, doc_id: str, key: str) -> str:
        return f"{self.base}doc/{doc_id}/{key}"

    def passage(self, doc_id: str, key: str) -> str:
        return f"{self.base}doc/{doc_id}/{key}"

    def mention(self, doc_id: str, passage: str, k: int) -> str:
        return f"{self.base}doc/{doc_id}/{passage}/m{k}"

    def stance(self, doc_id: str, passage: str, k: int) -> str:
        return f"{self.base}doc/{doc_id}/{passage}/st{k}"

    def relation(self, doc_id: str, passage: str, k: int) -> str:
        return f"{self.base}doc/{doc_id}/{passage}/r{k}"

    def alignment(self, doc_id: str, k: int) -> str:
        return f"{self.base}doc/{doc_id}/a{k}"

    def cooccurrence(self, doc_id: str, key: str) -> str:
        return f"{self.base}doc/{doc_id}/co/{key}"

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def observation(self, dataset: str, *key: str) -> str:
        """The statistics graph's observation of ``dataset`` for ``key`` (the values of its
        dimensions, as the build writes them): a reader that knows the key reads it without a
        search."""
        digest = hashlib.sha1("\0".join(key).encode()).hexdigest()[:16]
        return f"{self.base}statistics/{dataset}/{digest}"

    def run(self, run_id: str) -> str:
        return f"{self.base}run/{run_id}"

    @property
    def is_canonical(self) -> bool:
        """Whether this deployment uses :data:`CANONICAL_BASE` (the ontology files' own)."""
        return self.base == CANONICAL_BASE

    def rebase(self, iri: str) -> str:
        """Map an IRI written against :data:`CANONICAL_BASE` onto this deployment's base.

        >>> Namespace("http://127.0.0.1:8000/").rebase("https://w3id.org/gsi-kg/concept/npt")
        'http://127.0.0.1:8000/concept/npt'
        """
        if not self.is_canonical and iri.startswith(CANONICAL_BASE):
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
            "stats": f"{self.base}statistics/",
        }
