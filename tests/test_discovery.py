"""Discovery: a document nobody annotated yields vocabulary concepts and new, classified names."""

from __future__ import annotations

from kg.pipeline.extract.discovery import discovered_slug
from tests.extraction_support import analyse, mentions, slug

UNSEEN = """\
中国关于北极事务的立场

中方支持北极理事会在北极治理中发挥积极作用，坚持以《联合国宪章》和国际法为基础的北极秩序。

中方欢迎《北极海洋科学合作协定》生效，呼吁各方落实安理会第 2589（2021）号决议和大会决议\
（A/RES/76/262），反对冷战思维和零和博弈。

中方倡议成立北极可持续发展论坛，并支持全球安全倡议在北极事务中的运用。
"""


def _discovered() -> dict[str, tuple[str, str]]:
    result = analyse(UNSEEN)
    return {
        m.discovered.name: (m.discovered.cls, m.exact)
        for m in mentions(result)
        if m.discovered is not None
    }


def test_the_unseen_document_yields_its_vocabulary_concepts() -> None:
    found = {slug(m.iri) for m in mentions(analyse(UNSEEN)) if m.discovered is None}
    assert {
        "un-charter",
        "un-security-council",
        "cold-war-mentality",
        "zero-sum-game",
        "global-security-initiative",
    } <= found


def test_new_names_are_discovered_with_their_class() -> None:
    found = _discovered()
    assert found["北极理事会"][0] == "InternationalOrganisation"
    assert found["北极海洋科学合作协定"][0] == "Agreement"
    assert found["第2589(2021)号决议"] == ("Resolution", "第2589（2021）号决议")
    assert found["A/RES/76/262"][0] == "Resolution"
    assert found["北极可持续发展论坛"][0] == "Forum"


def test_names_the_vocabulary_covers_are_not_discovered() -> None:
    assert "联合国宪章" not in _discovered()


def test_a_discovered_iri_depends_on_the_name_only() -> None:
    result = analyse(UNSEEN)
    council = [m for m in mentions(result) if m.exact == "北极理事会"]
    assert council
    assert slug(council[0].iri) == discovered_slug("北极理事会")
    again = analyse("标题\n北极理事会是重要平台。")
    assert [m.iri for m in mentions(again)] == [council[0].iri]


def test_generic_phrases_are_not_names() -> None:
    result = analyse("标题\n支持区域组织和早期预警机制发挥作用，召开首脑级会议。")
    assert [m for m in mentions(result) if m.discovered is not None] == []
