"""Treaties, resolutions, declarations and regimes of the vocabulary found in real sentences.

The instruments Chinese documents cite are written in several ways: in 《》 or bare, under a
short form (中导条约, 禁化武公约), as a resolution number with or without its organ, coordinated
(第1267、1989和2253号决议), or as a UN document symbol. Each sentence below names instruments the
way PRC documents and UN texts do, and the extractor must find exactly those concepts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kg.namespaces import CANONICAL_BASE, Namespace
from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser
from kg.pipeline.extract.vocabulary import Vocabulary
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import segment

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
NS = Namespace(CANONICAL_BASE)


@cache
def analyser() -> Analyser:
    triples = tuple(load_ontology(ONTOLOGY_DIR, NS, shapes=False).vocabulary)
    return Analyser(NS, Vocabulary.from_triples(NS, triples))


def mentions(text: str, creator: str | None = "中华人民共和国外交部") -> list[tuple[str, str]]:
    """(exact, concept slug) of every mention in ``text``, in order."""
    analysis = analyser().analyse_passages(segment(clean_text(text).blocks), creator)
    return [(m.exact, m.iri.rsplit("/", 1)[-1]) for pm in analysis.passages for m in pm.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "安理会第1267、1989和2253号决议及联大第181号决议均应得到执行。",
            [
                ("安理会第1267", "unscr-1267"),
                ("1989", "unscr-1989"),
                ("2253号决议", "unscr-2253"),
                ("联大第181号决议", "unga-resolution-181"),
            ],
        ),
        (
            "安理会第446号和第478号决议以及A/RES/67/19号文件。",
            [
                ("安理会第446号", "unscr-446"),
                ("第478号决议", "unscr-478"),
                ("A/RES/67/19", "unga-resolution-67-19"),
            ],
        ),
        (
            "双方重申《关于朝鲜半岛无核化的共同宣言》和朝美新加坡联合声明的意义。",
            [
                ("关于朝鲜半岛无核化的共同宣言", "korea-denuclearization-joint-declaration"),
                ("朝美新加坡联合声明", "singapore-joint-statement-2018"),
            ],
        ),
        (
            "美英澳签署《海军核动力信息交换协定》，美菲加强防务合作协议允许美军轮换进驻。",
            [
                ("海军核动力信息交换协定", "aukus-naval-nuclear-propulsion-agreement"),
                ("美菲加强防务合作协议", "us-philippines-edca"),
            ],
        ),
        (
            "各方应遵守《海洋法公约》《禁化武公约》和联合国宪章第2条。",
            [
                ("海洋法公约", "unclos"),
                ("禁化武公约", "cwc"),
                ("联合国宪章第2条", "un-charter-article-2"),
            ],
        ),
        (
            "从《威斯特伐利亚和约》到《纪念联合国成立75周年宣言》，再到《子孙后代问题宣言》。",
            [
                ("威斯特伐利亚和约", "peace-of-westphalia"),
                ("纪念联合国成立75周年宣言", "un75-declaration"),
                ("子孙后代问题宣言", "declaration-future-generations"),
            ],
        ),
        (
            "中国与中亚五国签署《中国同中亚国家永久睦邻友好合作条约》，中哈睦邻友好合作条约仍有效。",
            [
                (
                    "中国同中亚国家永久睦邻友好合作条约",
                    "china-central-asia-good-neighbourliness-treaty",
                ),
                ("中哈睦邻友好合作条约", "china-kazakhstan-friendship-treaty"),
            ],
        ),
        (
            "中方已加入《武贸条约》，支持《打击网络犯罪公约》，重视中韩建交公报。",
            [
                ("武贸条约", "att"),
                ("打击网络犯罪公约", "un-cybercrime-convention"),
                ("中韩建交公报", "china-rok-diplomatic-relations-communique"),
            ],
        ),
    ],
)
def test_instruments_are_found_as_written(text: str, expected: list[tuple[str, str]]) -> None:
    found = mentions(text)
    assert [f for f in found if f in expected] == expected


def test_english_instruments_are_found() -> None:
    text = (
        "China recalls General Assembly resolution 73/266, resolution 2617 (2021) and "
        "the Sunnylands Statement, and calls on all States to respect the Agreed Framework."
    )
    slugs = [slug for _, slug in mentions(text, None)]
    for slug in ("unga-resolution-73-266", "unscr-2617", "sunnylands-statement"):
        assert slug in slugs
    assert "agreed-framework-1994" in slugs


def test_a_protocol_named_after_its_bracketed_treaty_is_the_treaty() -> None:
    # 《…》第二附加议定书: the treaty is the mention (GUIDELINES R2.7.41); the bare words are no
    # name of the Geneva protocol, and 禁止核武器条约 inside the name is not the TPNW
    found = mentions("中国于1973年签署了《拉丁美洲禁止核武器条约》第二附加议定书。")
    assert [slug for _, slug in found if slug != "china"] == ["treaty-of-tlatelolco"]


def test_generic_phrases_around_instrument_names_name_nothing() -> None:
    # an agreement to strengthen defence cooperation between any two states is not the EDCA,
    # nor is an agreed framework in English prose the 1994 Agreed Framework
    text = "两国签署了加强防务合作协议。\nWe need an agreed framework for cooperation."
    assert mentions(text, None) == []
