"""Property-based tests of the extractors with the real vocabulary: for arbitrary text (CJK and
Latin, punctuation, brackets and quotes, resolution numbers and symbols, traditional characters)
extraction never crashes and what it emits keeps the data contract: every annotation's offsets
slice its passage to its ``oa:exact`` (with ``oa:prefix`` and ``oa:suffix`` around it), every
stance quotes its evidence passage and targets only what the passage mentions, and every relation's
evidence mentions both its ends."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.namespaces import CANONICAL_BASE, OA, Namespace
from kg.pipeline.clean import clean_text
from kg.pipeline.corpus import DocumentMeta, SourceDocument
from kg.pipeline.extract import DocumentContext, Extractor, default_extractors
from kg.pipeline.extract.discovery import find_candidates
from kg.pipeline.nquads import iri, to_quads
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import segment
from kg.store import Literal, NamedNode, Quad
from tests.conftest import ONTOLOGY

NS = Namespace(CANONICAL_BASE)
GSI = NS.gsi
# Fragments that exercise the extractors: vocabulary names (simplified and traditional), cues,
# negations and calls, names the discovery rules pick up (resolutions, symbols, 《》 titles,
# organisation and mechanism heads), brackets, quotes and sentence punctuation.
FRAGMENTS = [
    "中方",
    "中国",
    "支持",
    "反对",
    "不",
    "呼吁",
    "各国应",
    "坚持",
    "维护",
    "推动",
    "联合国",
    "联合国宪章",
    "安理会",
    "聯合國安理會",
    "不扩散核武器条约",
    "《不擴散核武器條約》",
    "全球安全倡议",
    "全球安全倡議",
    "冷战思维",
    "冷戰思維",
    "霸权主义",
    "多边主义",
    "共同、综合、合作、可持续的安全观",
    "网络",
    "生物",
    "传统和非传统安全",
    "核心",
    "以",
    "为基石的",
    "为基础的",
    "国际核不扩散体系",
    "在",
    "框架下",
    "框架内",
    "中",
    "发挥",
    "领导作用",
    "中心协调作用",
    "世界卫生组织",
    "全球公共卫生治理",
    "国际反恐斗争",
    "以《不扩散核武器条约》为基石的国际核不扩散体系",
    "在澜湄合作框架下推进网络安全合作",
    "支持世界卫生组织在全球公共卫生治理中发挥领导作用",
    "联合国在国际反恐斗争中的中心协调作用",
    "安理会第2231号决议",
    "第2231（2015）号决议",
    "S/RES/2231 (2015)",
    "1540",
    "P5",
    "G20",
    "AUKUS",
    "NPT",
    "GSI",
    "金砖国家",
    "上海合作组织",
    "亚信会议机制",
    "中国－中亚峰会",
    "澜湄合作",
    "论坛",
    "委员会",
    "研究院",
    "《全球数据安全倡议》",
    "“",
    "”",
    "《",
    "》",
    "「",
    "」",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "，",
    "、",
    "。",
    "；",
    "：",
    "！",
    "？",
    "?",
    "——",
    "…",
    " ",
    "\n",
    "\n\n",
    "一、",
    "（一）",
    "第一，",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(
            alphabet=st.characters(
                codec="utf-8",
                categories=("L", "N", "P", "S", "Zs"),
                exclude_characters="\x00",
            ),
            max_size=6,
        ),
    ),
    min_size=1,
    max_size=60,
).map("".join)


@cache
def extractors() -> list[Extractor]:
    """The build's extractors with the real vocabulary and actors (compiled once)."""
    return default_extractors(NS, load_ontology(ONTOLOGY, NS, shapes=False).vocabulary)


def extract(text: str, language: str = "zh") -> tuple[dict[str, str], list[Quad]]:
    """Clean, segment and extract ``text`` as a build does: passage IRI → text, and the quads."""
    clean = clean_text(text, language=language)
    seg = segment(clean.blocks, language=language)
    meta = DocumentMeta(
        doc_id="arbitrary",
        file=Path("arbitrary.txt"),
        creator="中华人民共和国外交部",
        language=language,
    )
    context = DocumentContext(
        ns=NS,
        source=SourceDocument.of_text(meta, text, "0" * 64),
        clean=clean,
        segmentation=seg,
        run=iri(NS.run("test")),
    )
    passages = {NS.passage("arbitrary", p.key): p.text for p in seg.passages}
    # parsed back as the loader would: every statement must be valid N-Quads
    return passages, to_quads(s for extractor in extractors() for s in extractor.extract(context))


def objects(quads: list[Quad]) -> dict[str, dict[str, list[object]]]:
    """subject → predicate → objects (IRIs and literals as their string values)."""
    graph: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        value = q.object.value if isinstance(q.object, (NamedNode, Literal)) else q.object
        graph[q.subject.value][q.predicate.value].append(value)  # type: ignore[union-attr]
    return graph


def check_contract(passages: dict[str, str], quads: list[Quad]) -> None:
    graph = objects(quads)
    mentioned = {p: set(graph[p][f"{GSI}mentions"]) for p in passages}
    for node, props in list(graph.items()):
        if f"{OA}hasTarget" in props:
            (target,) = props[f"{OA}hasTarget"]
            (source,) = graph[str(target)][f"{OA}hasSource"]
            text = passages[str(source)]
            selectors = [graph[str(s)] for s in graph[str(target)][f"{OA}hasSelector"]]
            (position,) = [s for s in selectors if f"{OA}start" in s]
            (quote,) = [s for s in selectors if f"{OA}exact" in s]
            start, end = int(position[f"{OA}start"][0]), int(position[f"{OA}end"][0])  # type: ignore[call-overload]
            assert 0 <= start < end <= len(text), (node, start, end, text)
            assert text[start:end] == quote[f"{OA}exact"][0], (text, start, end)
            assert text[:start].endswith(str(quote[f"{OA}prefix"][0]))
            assert text[end:].startswith(str(quote[f"{OA}suffix"][0]))
            assert props[f"{OA}hasBody"][0] in mentioned[str(source)]
        if f"{GSI}polarity" in props:
            (evidence,) = props[f"{GSI}evidence"]
            assert str(props[f"{GSI}quote"][0]) in passages[str(evidence)]
            assert set(props[f"{GSI}target"]) <= mentioned[str(evidence)] and props[f"{GSI}target"]
        if f"{GSI}relationType" in props:
            (evidence,) = props[f"{GSI}evidence"]
            ends = {props[f"{GSI}subject"][0], props[f"{GSI}object"][0]}
            assert ends <= mentioned[str(evidence)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_extraction_of_arbitrary_text_keeps_the_contract(text: str) -> None:
    passages, quads = extract(text)
    check_contract(passages, quads)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_extraction_of_any_unicode_never_crashes(text: str) -> None:
    if not clean_text(text).blocks:
        return
    passages, quads = extract(text)
    check_contract(passages, quads)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_discovery_candidates_lie_inside_their_text(text: str) -> None:
    for candidate in find_candidates(text):
        assert 0 <= candidate.start < candidate.end <= len(text)
        assert candidate.name
