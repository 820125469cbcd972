"""RDF for documents, sections and passages: the structure and metadata of each document, in
its own named graph. Extractors add their statements (mentions, stances, relations) to the same
graph."""

from __future__ import annotations

from collections.abc import Iterator

from kg.namespaces import (
    DCTERMS_CREATOR,
    DCTERMS_DATE,
    DCTERMS_FORMAT,
    DCTERMS_IDENTIFIER,
    DCTERMS_IS_PART_OF,
    DCTERMS_LANGUAGE,
    DCTERMS_SOURCE,
    DCTERMS_TITLE,
    PROV_WAS_GENERATED_BY,
    SCHEMA_TRANSLATION_OF_WORK,
    XSD_DATE,
    Namespace,
)
from kg.pipeline.clean import CleanDocument
from kg.pipeline.corpus import GENRES, SourceDocument
from kg.pipeline.language import is_english
from kg.pipeline.nquads import (
    RDF_TYPE,
    Statement,
    Term,
    boolean,
    integer,
    iri,
    literal,
    typed,
    vocabulary_iri,
)
from kg.pipeline.segment import PATH_SEPARATOR, Segmentation

_IDENTIFIER = vocabulary_iri(DCTERMS_IDENTIFIER)
_TITLE = vocabulary_iri(DCTERMS_TITLE)
_DATE = vocabulary_iri(DCTERMS_DATE)
_CREATOR = vocabulary_iri(DCTERMS_CREATOR)
_SOURCE = vocabulary_iri(DCTERMS_SOURCE)
_LANGUAGE = vocabulary_iri(DCTERMS_LANGUAGE)
_FORMAT = vocabulary_iri(DCTERMS_FORMAT)
_IS_PART_OF = vocabulary_iri(DCTERMS_IS_PART_OF)
_WAS_GENERATED_BY = vocabulary_iri(PROV_WAS_GENERATED_BY)
_TRANSLATION_OF_WORK = vocabulary_iri(SCHEMA_TRANSLATION_OF_WORK)


def document_statements(
    ns: Namespace, source: SourceDocument, clean: CleanDocument, seg: Segmentation, run: Term
) -> Iterator[Statement]:
    """The structure and metadata of one document, in its own named graph."""
    meta = source.meta
    graph = iri(ns.graph(meta.doc_id))
    doc = iri(ns.document(meta.doc_id))

    def g(local: str) -> Term:
        return vocabulary_iri(ns.term(local))

    def q(s: Term, p: Term, o: Term) -> Statement:
        return s, p, o, graph

    yield q(doc, RDF_TYPE, g("Document"))
    if meta.genre:
        yield q(doc, RDF_TYPE, g(GENRES[meta.genre]))
    yield q(doc, _IDENTIFIER, literal(meta.doc_id))
    # The title inferred from the text (or a web page's) is in the document's language, never
    # invented in another.
    inferred = source.content.title or seg.title
    if is_english(source.language):
        if meta.title_zh:
            yield q(doc, _TITLE, literal(meta.title_zh, "zh"))
        yield q(doc, _TITLE, literal(meta.title_en or inferred, "en"))
    else:
        yield q(doc, _TITLE, literal(meta.title_zh or inferred, "zh"))
        if meta.title_en:
            yield q(doc, _TITLE, literal(meta.title_en, "en"))
    date = source.date or clean.published
    if date:
        yield q(doc, _DATE, typed(date.isoformat(), XSD_DATE))
    creator = meta.creator or source.content.creator
    if creator:
        yield q(doc, _CREATOR, literal(creator))
    source_note = meta.source or source.content.source or clean.web_metadata.get("来源")
    if source_note:
        yield q(doc, _SOURCE, literal(source_note))
    yield q(doc, _LANGUAGE, literal(source.language))
    if meta.translation_of:
        yield q(doc, _TRANSLATION_OF_WORK, iri(ns.document(meta.translation_of)))
    yield q(doc, g("text"), literal(clean.text))
    yield q(doc, g("sourceFile"), literal(meta.file.name))
    yield q(doc, g("checksum"), literal(source.checksum))
    yield q(doc, _FORMAT, iri(source.content.format.media_type_iri))
    yield q(doc, g("sourceSize"), integer(source.size))
    if source.content.encoding:
        yield q(doc, g("sourceEncoding"), literal(source.content.encoding))
    if source.content.ocr:
        yield q(doc, g("ocr"), literal(source.content.ocr))
    for text, reason in source.content.removed:
        yield q(doc, g("boilerplate"), literal(f"{reason}: {text}"))
    for removed in clean.removed:
        note = f"line {removed.line} ({removed.reason}): {removed.text}"
        yield q(doc, g("boilerplate"), literal(note))
    yield q(doc, _WAS_GENERATED_BY, run)

    for section in seg.sections:
        node = iri(ns.section(meta.doc_id, section.key))
        parent = iri(ns.section(meta.doc_id, section.parent.key)) if section.parent else doc
        yield q(node, RDF_TYPE, g("Section"))
        yield q(node, _TITLE, literal(section.title, source.language))
        yield q(node, _IS_PART_OF, parent)
        yield q(node, g("level"), integer(section.level))
        yield q(node, g("position"), integer(section.number))

    for passage in seg.passages:
        node = iri(ns.passage(meta.doc_id, passage.key))
        yield q(node, RDF_TYPE, g("Passage"))
        yield q(node, _IS_PART_OF, doc)
        if passage.section:
            yield q(node, _IS_PART_OF, iri(ns.section(meta.doc_id, passage.section.key)))
        yield q(node, g("text"), literal(passage.text))
        yield q(node, g("position"), integer(passage.number))
        yield q(node, g("start"), integer(passage.start))
        yield q(node, g("end"), integer(passage.end))
        if passage.heading_path:
            yield q(node, g("headingPath"), literal(PATH_SEPARATOR.join(passage.heading_path)))
        yield q(node, g("isHeading"), boolean(passage.is_heading))
