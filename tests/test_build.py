"""Building the real corpus into an on-disk store; atomic publication; clear build errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kg.pipeline.build
from kg.errors import CorpusError, StoreError, UsageError
from kg.pipeline.build import COMPACTED_SUFFIX, BuildOptions, build_graph
from kg.progress import Note
from kg.releases import Release, resolve_release
from kg.store import QuerySolutions, compact_store, open_read_only, query_store
from tests.conftest import CORPUS, ONTOLOGY, build_corpus

GSI = "https://w3id.org/gsi-kg/ontology#"


def select(out: Path, sparql: str) -> list[dict[str, str]]:
    store = open_read_only(resolve_release(out).store_path)
    result = query_store(
        store, sparql, prefixes={"gsi": GSI, "dcterms": "http://purl.org/dc/terms/"}
    )
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def test_every_document_and_passage_is_in_the_store(built: Path) -> None:
    rows = select(built, "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }")
    assert int(rows[0]["n"]) > 100
    docs = select(built, "SELECT ?id WHERE { ?d a gsi:Document ; dcterms:identifier ?id }")
    assert {r["id"] for r in docs} == {p.stem for p in CORPUS.glob("*.txt")}


def test_one_named_graph_per_document(built: Path) -> None:
    rows = select(
        built,
        "SELECT ?g (COUNT(?p) AS ?n) WHERE { GRAPH ?g { ?p a gsi:Passage } } GROUP BY ?g",
    )
    assert len(rows) == 5
    assert all(r["g"].startswith("https://w3id.org/gsi-kg/graph/") for r in rows)


def test_passage_offsets_slice_the_document_text(built: Path) -> None:
    rows = select(
        built,
        """SELECT ?p ?text ?slice WHERE {
             ?p a gsi:Passage ; dcterms:isPartOf ?doc ; gsi:text ?text ; gsi:start ?s ; gsi:end ?e .
             ?doc a gsi:Document ; gsi:text ?full .
             BIND(SUBSTR(?full, ?s + 1, ?e - ?s) AS ?slice) }""",
    )
    assert len(rows) > 100
    mismatched = [r["p"] for r in rows if r["text"] != r["slice"]]
    assert mismatched == []


def test_no_passage_holds_article_boilerplate(built: Path) -> None:
    rows = select(
        built,
        """SELECT ?text WHERE { ?p a gsi:Passage ; gsi:text ?text ;
             dcterms:isPartOf/dcterms:identifier "gsi-article-2024" }""",
    )
    assert rows
    for fragment in ("分享到", "责任编辑", "首页 >", "8013832", "审核", "习近平离京"):
        assert not any(fragment in r["text"] for r in rows), fragment
    kept = select(built, "SELECT ?b WHERE { ?d gsi:boilerplate ?b }")
    assert any("分享到" in r["b"] for r in kept)


def test_heading_path_and_sections_in_the_graph(built: Path) -> None:
    rows = select(
        built,
        """SELECT ?path ?title WHERE { ?p gsi:text ?t ; gsi:headingPath ?path ;
             dcterms:isPartOf ?s . ?s a gsi:Section ; dcterms:title ?title .
             FILTER(STRSTARTS(?t, "落实方式：以联合国宪章")) }""",
    )
    assert rows == [
        {"path": "一、践行真正的多边主义 › 落实方式", "title": "一、践行真正的多边主义"}
    ]


def test_base_iri_option_rebases_every_iri(tmp_path: Path) -> None:
    build_corpus(CORPUS, tmp_path, base_iri="http://127.0.0.1:8123/")
    rows = select(
        tmp_path,
        """SELECT DISTINCT ?t WHERE { { ?t ?p ?o } UNION { ?s ?t ?o } UNION { ?s ?p ?t }
           UNION { GRAPH ?t { ?s ?p ?o } } FILTER(isIRI(?t)) }""",
    )
    iris = [r["t"] for r in rows]
    assert not [i for i in iris if i.startswith("https://w3id.org/gsi-kg/")]
    assert "http://127.0.0.1:8123/doc/gsi-concept-paper" in iris
    assert "http://127.0.0.1:8123/ontology#Passage" in iris


def test_undecodable_file_fails_and_keeps_the_previous_store(
    corpus_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_corpus(corpus_copy, out)
    before = resolve_release(out).path
    bad = corpus_copy / "mixed-document.txt"
    # UTF-8 with a stray byte: no encoding decodes it as text.
    bad.write_bytes("中国支持全球安全倡议。".encode() + b"\xff" + "坚持共同安全。".encode())
    with pytest.raises(CorpusError) as excinfo:
        build_corpus(corpus_copy, out)
    assert "mixed-document.txt:1" in str(excinfo.value)
    assert "cannot tell the encoding" in str(excinfo.value)
    assert resolve_release(out).path == before
    assert int(select(out, "SELECT (COUNT(*) AS ?n) { ?p a gsi:Passage }")[0]["n"]) > 100
    assert not list(out.glob(".staging-*"))


def test_document_without_manifest_entry_builds_with_a_warning(
    corpus_copy: Path, tmp_path: Path
) -> None:
    (corpus_copy / "My New Note.txt").write_text(
        "关于裁军的说明\n\n中方支持裁军谈判会议的工作。\n", encoding="utf-8"
    )
    report = build_corpus(corpus_copy, tmp_path / "out")
    assert any("My New Note.txt" in w for w in report.warnings)
    rows = select(
        tmp_path / "out",
        'SELECT ?t WHERE { ?d dcterms:identifier "my-new-note" ; dcterms:title ?t }',
    )
    assert rows == [{"t": "关于裁军的说明"}]


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ('[a-doc]\nfile = "x.txt"\ncolour = "red"\n', "unknown field(s) colour"),
        ('[a-doc]\nfile = "../../etc/passwd"\n', "outside the corpus directory"),
        ('[a-doc]\ngenre = "poem"\n', "genre 'poem' is not one of"),
        ('[a-doc]\ntitle_zh = "x"\n[a-doc]\ntitle_zh = "y"\n', "manifest.toml:3:7: Cannot declare"),
        ('[a-doc]\nfile = "missing.txt"\n', "missing.txt: listed in manifest.toml"),
    ],
)
def test_manifest_errors_name_file_and_line(tmp_path: Path, manifest: str, expected: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    (corpus / "manifest.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(CorpusError) as excinfo:
        build_corpus(corpus, tmp_path / "out")
    assert expected in str(excinfo.value)
    assert "manifest.toml" in str(excinfo.value) or "missing.txt" in str(excinfo.value)


def test_bad_base_iri_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--base-iri"):
        build_graph(BuildOptions(CORPUS, tmp_path, "not an iri", ONTOLOGY))


def test_current_link_switches_atomically_and_old_releases_are_pruned(
    corpus_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build_corpus(corpus_copy, out).release
    second = build_corpus(corpus_copy, out).release
    third = build_corpus(corpus_copy, out).release
    assert os.readlink(out / "current") == os.path.relpath(third, out)
    remaining = sorted(p.name for p in (out / "releases").iterdir())
    assert Path(first).name not in remaining
    # The previous build's release, and this build's uncompacted and compacted ones.
    uncompacted = Path(third).name.removesuffix(COMPACTED_SUFFIX)
    assert remaining == [Path(second).name, uncompacted, Path(third).name]


def store_files(store: Path) -> dict[str, tuple[int, int]]:
    return {f.name: (f.stat().st_ino, f.stat().st_mtime_ns) for f in store.iterdir()}


def test_the_graph_is_published_as_loaded_then_replaced_by_its_compacted_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    seen: dict[str, object] = {}

    def compact_while_served(path: Path) -> None:
        # By now the uncompacted release is current; the copy being compacted is elsewhere.
        served = resolve_release(out)
        seen["served"], seen["files"] = served, store_files(served.store_path)
        assert not path.is_relative_to(served.path)
        compact_store(path)

    monkeypatch.setattr(kg.pipeline.build, "compact_store", compact_while_served)
    events: list[object] = []
    options = BuildOptions(CORPUS, out, "https://w3id.org/gsi-kg/", ONTOLOGY, validate=False)
    report = build_graph(options, events.append)
    messages = [event.text for event in events if isinstance(event, Note)]

    loaded, compacted = seen["served"], resolve_release(out)
    assert isinstance(loaded, Release)
    assert compacted.path == Path(report.release)
    assert compacted.run_id == f"{loaded.run_id}{COMPACTED_SUFFIX}"
    assert any(m.startswith(f"published {loaded.path}") for m in messages)
    assert (loaded.metadata()["compacted"], compacted.metadata()["compacted"]) == (False, True)
    assert report.compacted and report.timings["compact"] >= 0
    # The served store was not touched; the compacted one holds the same quads.
    assert store_files(loaded.store_path) == seen["files"]
    quads = [
        set(open_read_only(r.store_path).quads_for_pattern(None, None, None, None))
        for r in (loaded, compacted)
    ]
    distinct = set((loaded.dumps_path / "gsi-kg.nq").read_bytes().splitlines())
    assert len(quads[0]) == len(distinct) > 40_000 and quads[0] == quads[1]
    # The N-Quads dump is the same file, linked; the others are written from the compacted store.
    assert [d.name for d in loaded.dumps_path.iterdir()] == ["gsi-kg.nq"]
    assert (loaded.dumps_path / "gsi-kg.nq").samefile(compacted.dumps_path / "gsi-kg.nq")
    assert sorted(d.name for d in compacted.dumps_path.iterdir()) == [
        "gsi-kg.jsonld",
        "gsi-kg.nq",
        "gsi-kg.trig",
        "gsi-kg.ttl",
    ]
    assert 0 < report.published_seconds <= report.seconds
    assert not list(out.glob(".staging-*"))


def test_a_failed_compaction_leaves_the_loaded_graph_current_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Path) -> None:
        raise StoreError(f"{path}: compaction failed (No space left on device)")

    monkeypatch.setattr(kg.pipeline.build, "compact_store", fail)
    out = tmp_path / "out"
    report = build_corpus(CORPUS, out, validate=False)
    release = resolve_release(out)
    assert release.path == Path(report.release) and not release.run_id.endswith(COMPACTED_SUFFIX)
    assert release.metadata()["compacted"] is False and not report.compacted
    assert any("without compaction" in w and "No space left" in w for w in report.warnings)
    rows = select(out, "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }")
    assert int(rows[0]["n"]) > 100
    assert [p.name for p in (out / "releases").iterdir()] == [release.run_id]
    assert not list(out.glob(".staging-*"))
