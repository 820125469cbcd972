"""Formulations, opposed ideas and security domains of the vocabulary, found in sentences.

The concepts of ``principles.ttl`` and ``domains.ttl`` added for issue 18 (the vocabulary of the
field), each in a sentence as a Chinese, Taiwan or Hong Kong text writes it; and the everyday
phrases of diplomatic prose that must stay no mention at all.
"""

from __future__ import annotations

import pytest

from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser
from kg.pipeline.segment import segment
from tests.test_vocabulary_labels import NS, vocabulary


def mentions(text: str) -> list[tuple[str, str, str | None]]:
    """(exact, slug, top class) of each mention in ``text``, in text order."""
    seg = segment(clean_text(text).blocks)
    analysis = Analyser(NS, vocabulary()).analyse_passages(seg, "中华人民共和国外交部")
    return [
        (m.exact, m.iri.rsplit("/", 1)[-1], m.top_class)
        for pm in analysis.passages
        for m in pm.mentions
    ]


def found(text: str) -> list[tuple[str, str]]:
    """(exact, concept slug) of each mention in ``text``, in text order."""
    return [(exact, slug) for exact, slug, _ in mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "中方反对以邻为壑、赢者通吃的丛林法则。",
            [
                ("以邻为壑", "beggar-thy-neighbour"),
                ("赢者通吃", "winner-takes-all"),
                ("丛林法则", "law-of-the-jungle"),
            ],
        ),
        ("所谓“印太战略”是在制造分裂。", [("印太战略", "indo-pacific-strategy")]),
        ("所謂「印太戰略」在製造分裂。", [("印太戰略", "indo-pacific-strategy")]),
        (
            "坚持统筹发展和安全，践行综合安全与合作安全。",
            [
                ("统筹发展和安全", "coordinating-development-and-security"),
                ("综合安全", "comprehensive-security"),
                ("合作安全", "cooperative-security"),
            ],
        ),
        (
            "中国1990年代提出互信、互利、平等、协作的新安全观。",
            [("互信、互利、平等、协作的新安全观", "new-security-concept-1990s")],
        ),
        (
            "倡导共同、综合、合作、可持续的亚洲安全观。",
            [
                (
                    "共同、综合、合作、可持续的亚洲安全观",
                    "common-comprehensive-cooperative-sustainable-security",
                )
            ],
        ),
        (
            "中方尊重各国依据国际法在南海享有的航行和飞越自由，坚持双轨思路。",
            [
                ("航行和飞越自由", "freedom-of-navigation"),
                ("双轨思路", "dual-track-approach-south-china-sea"),
            ],
        ),
        ("加沙战后治理应坚持“巴人治巴”。", [("巴人治巴", "palestinians-governing-palestine")]),
        (
            "中方反对“两个中国”“一中一台”和任何形式的“港独”。",
            [
                ("两个中国", "two-chinas"),
                ("一中一台", "one-china-one-taiwan"),
                ("港独", "hong-kong-independence"),
            ],
        ),
        (
            "总体国家安全观涵盖国土安全、文化安全、科技安全、资源安全和海外利益安全。",
            [
                ("总体国家安全观", "holistic-national-security-concept"),
                ("国土安全", "homeland-security"),
                ("文化安全", "cultural-security"),
                ("科技安全", "science-technology-security"),
                ("资源安全", "resource-security"),
                ("海外利益安全", "overseas-interests-security"),
            ],
        ),
        (
            "中方同中亚国家开展核安保培训。",
            [("核安保", "physical-nuclear-security")],
        ),
        # Taiwan wording beyond character conversion
        (
            "美國強化延伸嚇阻，並關注資料安全與天然災害。",
            [
                ("延伸嚇阻", "extended-deterrence"),
                ("資料安全", "data-security"),
                ("天然災害", "natural-disasters"),
            ],
        ),
        ("各國應共同打擊跨國組織犯罪。", [("跨國組織犯罪", "transnational-organized-crime")]),
        ("日本應恪守非核三原則。", [("非核三原則", "three-non-nuclear-principles")]),
        # a generic head is no part of the name (GUIDELINES §1.4)
        ("中方反对核共享安排。", [("核共享", "nuclear-sharing")]),
        (
            "China rejects the Cold War mentality and the law of the jungle.",
            [
                ("Cold War mentality", "cold-war-mentality"),
                ("law of the jungle", "law-of-the-jungle"),
            ],
        ),
    ],
)
def test_formulations_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    slugs = {slug for _, slug in expected}
    assert [f for f in found(text) if f[1] in slugs] == expected


@pytest.mark.parametrize(
    "text",
    [
        # everyday prose of joint statements and white papers (measured on the development split)
        "双方在平等互利基础上开展合作，求同存异，推动互利共赢。",
        "双方愿加强文明交流互鉴，秉持发展和安全并重。",
        # the pretext in scare quotes, not the right the law of the sea grants
        "中国反对域外国家借所谓“航行自由”在南海炫耀武力。",
        # a disaster-reduction activity is not the Domain 自然灾害
        "中方愿同各方开展防灾减灾合作。",
    ],
)
def test_prose_is_no_mention(text: str) -> None:
    assert [m for m in mentions(text) if m[2] in {"Principle", "Domain"}] == []
