"""The whole vocabulary as the extractor loads it (:func:`kg.pipeline.ontology.load_ontology`):
one entity per label after the extractor's own normalisation, every concept with a class and a
Chinese and an English preferred label, and a few names of each area found in real sentences.

``tests/test_vocabulary.py`` compares labels as written (English in lower case); the extractor
compares them folded (traditional → simplified characters, Taiwan → mainland wording, dash and
dot variants, letter case), so two labels that differ only in script or dash are one label to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from kg.namespaces import CANONICAL_BASE, SKOS_PREF_LABEL, Namespace
from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser
from kg.pipeline.extract.matcher import fold_case, normalise
from kg.pipeline.extract.vocabulary import LabelKind, Vocabulary
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import segment
from kg.store import Literal, NamedNode

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
NS = Namespace(CANONICAL_BASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@cache
def triples() -> tuple:
    return tuple(load_ontology(ONTOLOGY_DIR, NS, shapes=False).vocabulary)


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary.from_triples(NS, triples())


def matching_key(label: str) -> str:
    """A label as the matcher compares it: normalised, then in lower case."""
    return fold_case(normalise(label.strip()))


def test_no_label_is_shared_by_two_entities() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in vocabulary().entries():
        owners[matching_key(entry.label)].add(entry.entity.iri)
    shared = {label: sorted(iris) for label, iris in owners.items() if len(iris) > 1}
    assert not shared


def test_every_labelled_subject_has_a_class() -> None:
    labelled = {
        t.subject.value
        for t in triples()
        if isinstance(t.subject, NamedNode) and t.predicate.value == SKOS_PREF_LABEL
    }
    unclassed = labelled - set(vocabulary().entities)
    assert not unclassed


def test_every_concept_has_one_chinese_and_one_english_preferred_label() -> None:
    for concept in vocabulary().concepts:
        prefs = sorted(lang for _, kind, lang in concept.labels if kind is LabelKind.PREF)
        assert prefs == ["en", "zh"], (concept.iri, prefs)


def test_slugs_are_unique_lower_case_ascii() -> None:
    slugs: dict[str, list[str]] = defaultdict(list)
    for iri in vocabulary().entities:
        slug = iri.rsplit("/", 1)[-1]
        assert SLUG.match(slug), iri
        slugs[slug].append(iri)
    assert not {s: iris for s, iris in slugs.items() if len(iris) > 1}


def test_labels_are_trimmed_text() -> None:
    for t in triples():
        if t.predicate.value == SKOS_PREF_LABEL and isinstance(t.object, Literal):
            assert t.object.value == t.object.value.strip() and t.object.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中方支持联合国马里多层面综合稳定团（马里稳定团）的工作。", ["minusma", "minusma"]),
        ("各方应全面执行安理会第2401号决议。", ["unscr-2401"]),
        ("会议重申联合国安全理事会第2118号决议。", ["unscr-2118"]),
        ("我们欢迎禁止化学武器组织执行理事会的决定。", ["opcw-executive-council"]),
        ("中国是立场相近发展中国家成员。", ["lmdc"]),
        ("双方重申恪守《防止及惩治灭绝种族罪公约》。", ["genocide-convention"]),
        ("中方出席诺曼底模式会谈。", ["normandy-format"]),
        ("聯合國印度和巴基斯坦軍事觀察組", ["unmogip"]),
        ("中方支持上海合作组织开发银行建设。", ["sco-development-bank"]),
        ("中方重视发展中八国集团的作用。", ["d8"]),
        ("中国支持南极条约体系的稳定与发展。", ["antarctic-treaty-system"]),
        ("中方支持召开第四届裁军特别联大。", ["ssod-iv"]),
        ("双方积极评价中国—中东欧国家合作。", ["china-ceec-cooperation"]),
        (
            "瓦聖納協定與核子供應國集團都是出口管制機制。",
            ["wassenaar-arrangement", "nuclear-suppliers-group"],
        ),
        ("美國在亞太部署中程飛彈與巡弋飛彈。", ["intermediate-range-missiles", "cruise-missiles"]),
        ("中方支持联合国粮农组织的工作。", ["fao"]),
        # variants added for the second development batch
        (
            "我们尊重苏丹的主权、独立、统一和领土完整。",
            ["respect-sovereignty-territorial-integrity"],
        ),
        ("中国支持“不首先在外空放置武器”决议。", ["no-first-placement-outer-space"]),
        ("中国不赞成简单套用武装冲突法。", ["international-humanitarian-law"]),
        ("中方愿为北极治理作出贡献。", ["polar-governance"]),
        # a hidden short form anchored on the body it is cut from (东盟五点共识 − 五点共识 = 东盟)
        ("中方支持东盟“五点共识”。", ["asean", "asean-five-point-consensus"]),
        ("双方纪念亚非会议召开70周年，弘扬万隆精神。", ["bandung-conference", "bandung-spirit"]),
        (
            "中国倡议建设金砖国家遥感卫星星座，推进国际月球科研站建设。",
            [
                "brics-remote-sensing-satellite-constellation",
                "international-lunar-research-station",
            ],
        ),
        # mechanisms and topics added for the fourth development batch
        ("中方支持东盟地区论坛防扩散与裁军会间会发挥作用。", ["arf-ism-npd"]),
        ("中方关注核裁军核查国际伙伴关系的工作。", ["ipndv"]),
        ("中国—东盟（10+1）外长会在吉隆坡举行。", ["china-asean-foreign-ministers-meeting"]),
        ("“上合组织+”会议将在天津举行。", ["sco-plus"]),
        ("中美国防部工作会晤在北京举行。", ["china-us-defense-policy-coordination-talks"]),
        ("各方应加强合作，应对网络攻击和粮食危机。", ["cyberattacks", "food-crisis"]),
        ("亞太地區同時面臨網絡攻擊和糧食危機。", ["cyberattacks", "food-crisis"]),
        (
            "China attended the United Nations Peacekeeping Ministerial.",
            ["un-peacekeeping-ministerial"],
        ),
        ("维和行动应遵循哈马舍尔德三原则。", ["peacekeeping-basic-principles"]),
        (
            "Peacekeeping must respect the Hammarskjold principles.",
            ["peacekeeping-basic-principles"],
        ),
        ("弘扬金砖精神，坚持开放的区域主义。", ["brics-spirit", "open-regionalism"]),
        ("中方提出的「雙暫停」倡議仍然有效。", ["dual-suspension"]),
        ("中方支持上合组织安全威胁和挑战综合中心发挥作用。", ["sco-universal-centre"]),
        # topics of the field: a name containing a topic is the name, a principle too
        (
            "中方支持《全面禁止核试验条约》，坚持暂停核试验，反对恢复核试验。",
            ["ctbt", "testing-moratorium", "nuclear-tests"],
        ),
        (
            "有关国家部署远程导弹、高超音速滑翔飞行器，研发低当量核武器和太空武器。",
            [
                "long-range-missiles",
                "hypersonic-weapons",
                "low-yield-nuclear-weapons",
                "space-weapons",
            ],
        ),
        (
            "中方重视地雷问题，反对使用贫铀弹和神经毒剂。",
            ["anti-personnel-mines", "depleted-uranium", "nerve-agents"],
        ),
        (
            "加强外空安全治理、海上安全治理和全球粮食安全治理。",
            ["outer-space-governance", "ocean-governance", "global-food-governance"],
        ),
        (
            "China opposes nuclear testing, space weapons and MIRVs.",
            ["nuclear-tests", "space-weapons", "mirvs"],
        ),
        (
            "中方支持维和特别委员会的工作，支持非洲常备军和危机应对快速反应部队建设。",
            ["c34", "african-standby-force", "acirc"],
        ),
        (
            "中国推动落实亚信信任措施，参与新威胁新挑战工作组和东盟防长扩大会反恐专家组。",
            [
                "cica-cbm-catalogue",
                "cica-new-challenges-working-group",
                "admm-plus-ewg-counter-terrorism",
            ],
        ),
        ("上合组织成员国举行“和平使命”联合反恐军事演习。", ["peace-mission-exercises"]),
        ("中方如何评价中国—中亚合作？", ["china-central-asia-mechanism"]),
        (
            "China supports the Delhi Declaration and the Regional Anti-Terrorist Structure, "
            "trains officers through the Global Law Enforcement Security Training System and "
            "rejects zero-sum thinking.",
            [
                "delhi-declaration-new-technologies",
                "sco-rats",
                "global-law-enforcement-training-system",
                "zero-sum-game",
            ],
        ),
    ],
)
def test_names_of_each_area_are_found_in_sentences(text: str, expected: list[str]) -> None:
    seg = segment(clean_text(text).blocks)
    analysis = Analyser(NS, vocabulary()).analyse_passages(seg, "中华人民共和国外交部")
    found = [m.iri.rsplit("/", 1)[-1] for pm in analysis.passages for m in pm.mentions]
    assert [slug for slug in found if slug in expected] == expected


def test_english_resolution_forms_are_found() -> None:
    text = "China supports resolution 2231 (2015) and Security Council resolution 2664."
    seg = segment(clean_text(text).blocks)
    analysis = Analyser(NS, vocabulary()).analyse_passages(seg, None)
    found = [m.iri.rsplit("/", 1)[-1] for pm in analysis.passages for m in pm.mentions]
    assert "unscr-2231" in found and "unscr-2664" in found


def test_english_spelling_variants_are_found() -> None:
    text = (
        "China welcomes the Shanghai Cooperation Organization, the Organization for Security and "
        "Cooperation in Europe and the United Nations Counterterrorism Centre."
    )
    seg = segment(clean_text(text).blocks)
    analysis = Analyser(NS, vocabulary()).analyse_passages(seg, None)
    found = [m.iri.rsplit("/", 1)[-1] for pm in analysis.passages for m in pm.mentions]
    assert {"sco", "osce", "uncct"} <= set(found)


def test_a_short_form_inside_a_common_phrase_names_nothing() -> None:
    # 国联 (League of Nations) is a hidden label: 六国联合巡逻 names no organisation
    seg = segment(clean_text("标题\n六国联合巡逻执法。国际联盟成立于1920年，国联后来解散。").blocks)
    analysis = Analyser(NS, vocabulary()).analyse_passages(seg, "中华人民共和国外交部")
    found = [(m.exact, m.iri.rsplit("/", 1)[-1]) for pm in analysis.passages for m in pm.mentions]
    assert [f for f in found if f[1] == "league-of-nations"] == [
        ("国际联盟", "league-of-nations"),
        ("国联", "league-of-nations"),
    ]
