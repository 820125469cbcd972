"""A real build of the seed corpus (real cleaning, extraction and store) for the linked-data,
query and export tests, with the base IRI they need."""

from __future__ import annotations

from pathlib import Path

from kg.namespaces import Namespace
from kg.pipeline.build import BuildOptions, build_graph
from kg.read.reader import Reader
from kg.releases import resolve_release
from kg.settings import PROJECT_ROOT
from kg.store import QuerySolutions, Store, open_read_only, query_store


def build_real(
    out: Path, base_iri: str = "https://w3id.org/gsi-kg/", corpus: Path = PROJECT_ROOT / "corpus"
) -> Path:
    """Build ``corpus`` (by default the seed corpus, validated by the session's ``built`` fixture
    already, so validation is skipped here) into ``out``; return ``out``."""
    build_graph(
        BuildOptions(
            corpus=corpus,
            out=out,
            base_iri=base_iri,
            ontology_dir=PROJECT_ROOT / "ontology",
            validate=False,
        )
    )
    return out


def count(store: Store, sparql: str, ns: Namespace | None = None) -> int:
    """The single ``?n`` of a COUNT query over the union of graphs."""
    result = query_store(store, sparql, prefixes=(ns or Namespace()).prefixes())
    assert isinstance(result, QuerySolutions)
    return int(next(iter(result))["n"].value)


def open_reader(out: Path, max_rows: int = 10_000, max_bytes: int = 32 * 1_048_576) -> Reader:
    """A :class:`Reader` of the release built in ``out``, in this process (as an executor
    holds one), for tests that call read functions directly."""
    release = resolve_release(out)
    store = open_read_only(release.store_path)
    return Reader(release, store, release.namespace(), max_rows, max_bytes)


def passage_iri(out: Path, doc_id: str, position: int) -> str:
    """The IRI of the ``position``-th passage of ``doc_id`` in the release built in ``out``
    (passage IRIs are named by content, not by position)."""
    reader = open_reader(out)
    rows = reader.select(
        "SELECT ?p WHERE { ?p dcterms:isPartOf ?this ; a gsi:Passage ; "
        f"gsi:position {position} }}",
        reader.ns.document(doc_id),
    )
    assert rows, f"{doc_id} has no passage {position}"
    return rows[0]["p"]


def passage_path(out: Path, doc_id: str, position: int) -> str:
    """:func:`passage_iri` as a path on the server (``/doc/ID/p-…``)."""
    return "/doc/" + passage_iri(out, doc_id, position).split("/doc/", 1)[1]
