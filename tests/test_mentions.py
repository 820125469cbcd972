"""Mentions: leftmost-longest matching, context rules, traditional characters."""

from __future__ import annotations

import re

import pytest

from kg.namespaces import CANONICAL_BASE, Namespace
from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser
from kg.pipeline.extract.matcher import Matcher, leftmost_longest, normalise
from kg.pipeline.extract.mentions import Mention
from kg.pipeline.extract.vocabulary import SUBCLASS_OF, Vocabulary
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import segment
from kg.settings import PROJECT_ROOT
from tests.extraction_support import analyse, mentions, slug, spans

ONTOLOGY = PROJECT_ROOT / "ontology"


def test_a_name_nested_in_a_longer_name_is_not_counted_twice() -> None:
    result = analyse("标题\n各国应遵守联合国宪章，支持安理会防扩散委员会和联合国的工作。")
    assert spans(result)[:3] == [
        ("联合国宪章", "un-charter"),
        ("安理会防扩散委员会", "committee-1540"),
        ("联合国", "united-nations"),
    ]


def test_leftmost_longest_prefers_the_leftmost_then_the_longest() -> None:
    matcher: Matcher[str] = Matcher(
        [("联合国", "un"), ("联合国宪章", "charter"), ("宪章精神", "x")]
    )
    hits = list(matcher.find_all("联合国宪章精神"))
    chosen = leftmost_longest(hits)
    assert [(h.start, h.end, h.payloads) for h in chosen] == [(0, 5, ("charter",))]


def test_latin_labels_only_match_whole_words() -> None:
    result = analyse("标题\nNPT是基石，NPTS不是，GSI得到支持。")
    assert [m.exact for m in mentions(result)] == ["NPT", "GSI"]


def test_an_abbreviation_the_document_defines_names_its_concept() -> None:
    text = (
        "标题\n全球安全倡议（以下简称倡议）是重要的公共产品。"
        "倡议以实现共同安全为宗旨。五点倡议另当别论。"
    )
    result = analyse(text)
    found = [(m.exact, m.iri.rsplit("/", 1)[-1]) for m in mentions(result) if m.exact == "倡议"]
    # the definition itself and the bare 倡议 after it, but not 倡议 inside 五点倡议
    assert len(found) == 2
    assert {slug for _, slug in found} == {"global-security-initiative"}


def test_an_abbreviation_in_title_marks_is_the_name_inside_them() -> None:
    result = analyse("标题\n全球安全倡议（简称《倡议》）是公共产品。各方支持《倡议》。")
    found = [(m.exact, m.iri.rsplit("/", 1)[-1]) for m in mentions(result)]
    assert (
        found
        == [("全球安全倡议", "global-security-initiative")]
        + [("倡议", "global-security-initiative")] * 2
    )


def test_a_bare_instrument_head_names_the_instrument_named_before() -> None:
    text = (
        "标题\n《不扩散核武器条约》是基石。\n应推进条约的普遍性，维护条约权威。"
        "该条约很重要，国际条约、公约或协议也很重要。网络安全条约另当别论。"
    )
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text))]
    # the only treaty named so far: both bare 条约 after it; not 该条约 (anaphora), not 国际条约,
    # not a list of kinds, not the tail of 网络安全条约 (a concept right before it)
    assert found.count(("条约", "npt")) == 2
    assert ("公约", "npt") not in found


def test_a_bare_head_names_the_last_instrument_of_its_passage_among_several() -> None:
    extra = 'concept:ctbt a gsi:Treaty ; skos:prefLabel "全面禁止核试验条约"@zh .'
    text = (
        "标题\n《不扩散核武器条约》是基石。\n"
        "《全面禁止核试验条约》应早日生效，条约核查机制很重要。\n条约很多。"
    )
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text, extra=extra))]
    assert ("条约", "ctbt") in found
    # two treaties named and none in this passage: the bare head names neither
    assert len([f for f in found if f[0] == "条约"]) == 1


def test_a_head_after_a_quoted_name_is_no_short_form() -> None:
    # “…”决议: 决议 is the head of the quoted name, not the resolution named before
    extra = 'concept:res-x a gsi:Resolution ; skos:prefLabel "第2231号决议"@zh .'
    text = "标题\n落实第2231号决议。大会通过了“促进和平利用”决议。落实决议。"
    found = [(m.exact, slug(m.iri), m.start) for m in mentions(analyse(text, extra=extra))]
    bare = [f for f in found if f[0] == "决议"]
    # only the last, free 决议 stands for the resolution named before
    assert len(bare) == 1 and bare[0][1] == "res-x"


def test_a_bare_forum_names_the_forum_named_before_after_a_function_word() -> None:
    extra = 'concept:pif a gsi:RegionalOrganisation ; skos:prefLabel "太平洋岛国论坛"@zh .'
    text = "标题\n太平洋岛国论坛举行会议。\n法国表示支持论坛的调解努力，鼓励创设全球性安全论坛。"
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text, extra=extra))]
    # 支持论坛 names the forum; 安全论坛 is a description
    assert found.count(("论坛", "pif")) == 1


def test_a_hidden_label_needs_its_concept_or_anchor_in_the_document() -> None:
    un_text = analyse("标题\n联合国是核心。2000年大会第五十五届会议通过了宣言。")
    assert ("大会", "un-general-assembly") in spans(un_text)
    other = analyse("标题\n2000年大会第五十五届会议通过了宣言。")
    assert "大会" not in [m.exact for m in mentions(other)]


def test_a_hidden_label_glued_to_a_longer_word_is_not_a_mention() -> None:
    result = analyse("标题\n联合国是核心。不扩散条约缔约国第十次审议大会召开。")
    assert "大会" not in [m.exact for m in mentions(result)]


def test_china_inside_developing_countries_is_not_china() -> None:
    result = analyse("标题\n中国支持发展中国家。")
    assert [(m.exact, m.start) for m in mentions(result)] == [("中国", 0)]


def test_elliptical_coordination_names_each_domain() -> None:
    result = analyse("标题\n统筹维护传统和非传统安全，加强反恐、网络、生物等领域合作。")
    assert [(e, s) for e, s in spans(result)] == [
        ("传统", "traditional-security"),
        ("非传统安全", "non-traditional-security"),
        ("反恐", "counter-terrorism"),
        ("网络", "cybersecurity"),
        ("生物", "biosecurity"),
    ]


def test_traditional_characters_yield_the_same_concepts_at_the_original_offsets() -> None:
    simplified = analyse("标题\n中方支持联合国安理会，遵守《不扩散核武器条约》，反对冷战思维。")
    traditional = analyse("標題\n中方支持聯合國安理會，遵守《不擴散核武器條約》，反對冷戰思維。")
    assert [m.iri for m in mentions(traditional)] == [m.iri for m in mentions(simplified)]
    for pm in traditional.passages:
        for m in pm.mentions:
            assert pm.passage.text[m.start : m.end] == m.exact
    assert "聯合國安理會" in [m.exact for m in mentions(traditional)]
    assert "不擴散核武器條約" in [m.exact for m in mentions(traditional)]


@pytest.mark.parametrize("text", ["聯合國憲章", "國際核不擴散體系", "乾隆與發展", "—－–"])
def test_normalisation_never_changes_the_length(text: str) -> None:
    assert len(normalise(text)) == len(text)


def test_every_mention_quotes_its_passage_exactly() -> None:
    corpus = (PROJECT_ROOT / "corpus" / "gsi-concept-paper.txt").read_text(encoding="utf-8")
    result = analyse(corpus)
    assert mentions(result)
    for pm in result.passages:
        for m in pm.mentions:
            assert isinstance(m, Mention)
            assert pm.passage.text[m.start : m.end] == m.exact


def test_the_class_table_agrees_with_the_ontology() -> None:
    ontology = (PROJECT_ROOT / "ontology" / "gsi.ttl").read_text(encoding="utf-8")
    for local, top in SUBCLASS_OF.items():
        if local == top:
            assert re.search(rf"^gsi:{local} a owl:Class", ontology, re.MULTILINE), local
        else:
            block = re.search(rf"^gsi:{local} a owl:Class ;\n(.*?)\n\n", ontology, re.M | re.S)
            assert block is not None, local
            assert f"rdfs:subClassOf gsi:{top}" in block[1], local


def test_a_hidden_label_after_a_date_is_free() -> None:
    # 11月4日大会: the date is no part of the name; 日 alone (日大会) still binds it
    dated = analyse("标题\n联合国是核心。2025年11月4日大会通过了决议。")
    assert ("大会", "un-general-assembly") in spans(dated)
    glued = analyse("标题\n联合国是核心。中日大会通过了决议。")
    assert "大会" not in [m.exact for m in mentions(glued)]


def test_a_hidden_label_after_a_verb_or_demonstrative_counts() -> None:
    result = analyse("标题\n联合国大会召开。我们推动大会改革，这一大会很重要。")
    assert [m.exact for m in mentions(result)].count("大会") == 2


def test_a_law_inside_international_legal_instrument_is_no_mention() -> None:
    extra = 'concept:international-law a gsi:GuidingPrinciple ; skos:prefLabel "国际法"@zh .'
    result = analyse("标题\n遵守国际法，谈判国际法律文书。", extra=extra)
    assert [m.exact for m in mentions(result)] == ["国际法"]


def test_a_quoted_known_name_before_a_generic_head_is_the_name() -> None:
    extra = 'concept:stg a gsi:Initiative ; skos:prefLabel "消弭枪声"@zh .'
    result = analyse("标题\n支持非洲国家提出的“消弭枪声”倡议。", extra=extra)
    assert spans(result) == [("消弭枪声", "stg")]


def test_traditional_text_keeps_the_mainland_words_inside_names() -> None:
    # 建立, 執行, 文件, 支援 are in OpenCC's Taiwan computing glossary (創建, 運行, 文檔, 支持),
    # but in writing on diplomacy they are the same words as on the mainland.
    ns = Namespace(CANONICAL_BASE)
    analyser = Analyser(
        ns, Vocabulary.from_triples(ns, load_ontology(ONTOLOGY, ns, shapes=False).vocabulary)
    )
    text = "標題\n各方應加強建立信任措施，落實《赫爾辛基最後文件》，支援反恐執行局的工作。"
    found = {
        (m.exact, m.iri.rsplit("/", 1)[-1])
        for pm in analyser.analyse_passages(segment(clean_text(text).blocks), None).passages
        for m in pm.mentions
    }
    assert ("建立信任措施", "confidence-building-measures") in found
    assert ("赫爾辛基最後文件", "helsinki-final-act") in found
    assert any(exact == "反恐執行局" for exact, _ in found)
    assert normalise("支援") == "支援"  # no support cue invented from 'aid'


MEETINGS = """
concept:sco a gsi:RegionalOrganisation ; skos:prefLabel "上海合作组织"@zh .
concept:sco-heads-of-state a gsi:RegionalOrganisation ;
    skos:prefLabel "上海合作组织成员国元首理事会"@zh .
concept:mewmdfz a gsi:UNProcess ; skos:prefLabel "中东无大规模杀伤性武器区"@zh .
"""


def test_a_meeting_of_a_body_or_mechanism_is_the_body_or_mechanism() -> None:
    # R2.7.40: a session named after its body (even one the vocabulary lists as an organ)
    result = analyse("标题\n上海合作组织成员国元首理事会会议日前闭幕。", extra=MEETINGS)
    assert spans(result) == [("上海合作组织", "sco")]
    result = analyse("标题\n总理将出席澜沧江—湄公河合作第五次领导人会议。", extra=MEETINGS)
    assert [slug for _, slug in spans(result)] == ["lmc"]
    assert spans(result)[0][0].endswith("湄公河合作")
    # the organ alone stays itself, and a conference on a zone is a name of its own
    result = analyse("标题\n上海合作组织成员国元首理事会批准了文件。", extra=MEETINGS)
    assert spans(result) == [("上海合作组织成员国元首理事会", "sco-heads-of-state")]
    result = analyse("标题\n支持召开中东无大规模杀伤性武器区会议。", extra=MEETINGS)
    assert "中东无大规模杀伤性武器区" not in [exact for exact, _ in spans(result)]


def test_a_numbered_session_of_a_meeting_series_is_the_series() -> None:
    extra = """
concept:sco a gsi:RegionalOrganisation ; skos:prefLabel "上海合作组织"@zh .
concept:sco-defence a gsi:DialoguePlatform ; skos:prefLabel "上海合作组织成员国国防部长会议"@zh ."""
    result = analyse("标题\n上海合作组织成员国国防部长第十二次会议在青岛举行。", extra=extra)
    assert spans(result) == [("上海合作组织成员国国防部长第十二次会议", "sco-defence")]
    # a session of a body that is no series of the vocabulary stays the body (R2.7.40)
    result = analyse("标题\n上海合作组织成员国外交部长第十二次会议举行。", extra=extra)
    assert spans(result) == [("上海合作组织", "sco")]


def test_a_topic_ending_the_name_of_an_issue_is_a_mention_of_its_own() -> None:
    # R2.7.52: 日本遗弃在华化学武器 is an issue (an actor); the weapon is the Topic 化学武器
    extra = """concept:chemical-weapons a gsi:Topic ; skos:prefLabel "化学武器"@zh .
actor:abandoned-chemical-weapons a gsi:Issue ; skos:prefLabel "日本遗弃在华化学武器"@zh ."""
    result = analyse("标题\n呼吁日本加快销毁日本遗弃在华化学武器。", extra=extra)
    assert spans(result) == [
        ("日本遗弃在华化学武器", "abandoned-chemical-weapons"),
        ("化学武器", "chemical-weapons"),
    ]
