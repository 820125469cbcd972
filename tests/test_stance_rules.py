"""Stance rules on small inline texts, through the path a build takes: clean → segment →
``Analyser.analyse_passages``. Holders (双方, X方, reported positions, third parties, questions),
negation scope, anaphora, headings, 参与, and the cues of commitment, combat and signature."""

from __future__ import annotations

import re

import rdflib

from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser, english_stances, holders_of, is_title, stances
from kg.pipeline.extract.stances import CUES, cue_table
from kg.pipeline.segment import Passage, segment
from kg.pipeline.validate import validate_graph
from tests.extraction_support import NS, analyse, slug, vocabulary
from tests.test_shapes import SHAPES, STANCE, contract_graph

ACTORS = """
actor:russia a gsi:State ; skos:prefLabel "俄罗斯"@zh , "Russia"@en ;
    skos:altLabel "俄罗斯联邦"@zh , "俄方"@zh , "Russian Federation"@en .
actor:united-states a gsi:State ; skos:prefLabel "美国"@zh , "United States"@en ;
    skos:altLabel "美方"@zh , "美利坚合众国"@zh .
actor:pakistan a gsi:State ; skos:prefLabel "巴基斯坦"@zh , "Pakistan"@en .
actor:palestine a gsi:State ; skos:prefLabel "巴勒斯坦"@zh , "Palestine"@en .
concept:eu a gsi:RegionalOrganisation ; skos:prefLabel "欧洲联盟"@zh , "European Union"@en ;
    skos:altLabel "欧盟"@zh .
concept:unilateral-sanctions a gsi:OpposedIdea ; skos:prefLabel "单边制裁"@zh .
concept:bwc a gsi:Convention ; skos:prefLabel "禁止生物武器公约"@zh ;
    skos:altLabel "Biological Weapons Convention"@en .
concept:cwc a gsi:Convention ; skos:prefLabel "禁止化学武器公约"@zh .
concept:att a gsi:Treaty ; skos:prefLabel "武器贸易条约"@zh .
concept:gdi a gsi:Initiative ; skos:prefLabel "全球发展倡议"@zh .
concept:our-common-agenda a gsi:Agenda ; skos:prefLabel "我们的共同议程"@zh .
concept:peaceful-uses a gsi:GuidingPrinciple ; skos:prefLabel "和平利用核能"@zh .
concept:gci a gsi:Initiative ; skos:prefLabel "全球文明倡议"@zh .
concept:jcpoa a gsi:Agreement ; skos:prefLabel "伊朗核问题全面协议"@zh .
concept:unscr-2231 a gsi:Resolution ; skos:prefLabel "第2231号决议"@zh ;
    skos:altLabel "安理会第2231号决议"@zh .
concept:tpnw a gsi:Treaty ; skos:prefLabel "禁止核武器条约"@zh .
concept:new-agenda-for-peace a gsi:Agenda ; skos:prefLabel "新和平纲领"@zh .
concept:nato a gsi:RegionalOrganisation ; skos:prefLabel "北大西洋公约组织"@zh ;
    skos:altLabel "北约"@zh .
concept:no-first-use a gsi:GuidingPrinciple ; skos:prefLabel "不首先使用核武器"@zh .
concept:outer-space a gsi:TraditionalSecurityDomain ; skos:prefLabel "外空"@zh .
concept:iaea a gsi:InternationalOrganisation ; skos:prefLabel "国际原子能机构"@zh ;
    skos:altLabel "International Atomic Energy Agency"@en .
concept:unilateral-sanctions-en a gsi:OpposedIdea ; skos:prefLabel "单方面制裁"@zh ;
    skos:altLabel "unilateral sanctions"@en .
actor:boutros-boutros-ghali a gsi:Person ; skos:prefLabel "布特罗斯-加利"@zh ,
    "Boutros Boutros-Ghali"@en .
actor:iran a gsi:State ; skos:prefLabel "伊朗"@zh , "Iran"@en ; skos:altLabel "伊方"@zh .
concept:peacebuilding a gsi:Topic ; skos:prefLabel "建设和平"@zh .
concept:mediation a gsi:Topic ; skos:prefLabel "调解"@zh .
concept:cyberspace a gsi:TraditionalSecurityDomain ; skos:prefLabel "网络空间"@zh .
concept:developing-countries a gsi:DescribedGroup ; skos:prefLabel "发展中国家"@zh .
concept:nuclear-weapons a gsi:Topic ; skos:prefLabel "核武器"@zh .
actor:kazakhstan a gsi:State ; skos:prefLabel "哈萨克斯坦"@zh , "Kazakhstan"@en ;
    skos:altLabel "哈萨克斯坦共和国"@zh .
"""
JOINT = "中华人民共和国和俄罗斯联邦联合声明"


def found(
    text: str, creator: str | None = "中华人民共和国外交部", title: str = "标题"
) -> set[tuple[str, str, str]]:
    """(polarity, target slug, holder) of every stance; holder '' for the document's voice,
    slugs joined by '+' for joint holders."""
    result = analyse(f"{title}\n{text}", creator=creator, extra=ACTORS)
    return {(st.polarity, slug(t), _holder(st.holder)) for st in result.stances for t in st.targets}


def _holder(holder: str | tuple[str, ...] | None) -> str:
    if holder is None:
        return ""
    if isinstance(holder, tuple):
        return "+".join(slug(h) for h in holder)
    return slug(holder)


# -- holders ---------------------------------------------------------------------------------


def test_both_sides_of_a_joint_statement_hold_jointly() -> None:
    stances_found = found("双方重申支持多边主义。", creator=None, title=JOINT)
    assert stances_found == {("Support", "multilateralism", "china+russia")}


def test_two_states_abbreviated_before_both_sides() -> None:
    assert found("中俄双方坚决反对霸权主义。") == {("Opposition", "hegemonism", "china+russia")}


def test_each_party_holds_its_own_stance() -> None:
    stances_found = found("俄方支持全球安全倡议。中方支持全球发展倡议。", creator=None, title=JOINT)
    assert stances_found == {
        ("Support", "global-security-initiative", "russia"),
        ("Support", "gdi", ""),
    }


def test_the_subject_of_an_enumerated_item_follows_its_number() -> None:
    text = "三、俄方重申支持全球安全倡议。\n（四）俄方欢迎全球发展倡议。"
    assert found(text, creator=None, title=JOINT) == {
        ("Support", "global-security-initiative", "russia"),
        ("Support", "gdi", "russia"),
    }


def test_an_attributive_verb_of_another_state_is_that_states_stance() -> None:
    # 支持巴基斯坦提出的X: the voice supports X, and Pakistan, who proposed it, does too
    assert found("中方支持巴基斯坦提出的全球发展倡议。") == {
        ("Support", "gdi", ""),
        ("Support", "gdi", "pakistan"),
    }
    # the voice acting with a partner (同巴基斯坦等国共同推动的X) holds it with the partner
    assert found("中方同巴基斯坦等国共同推动的全球发展倡议已得到认可。") == {
        ("Support", "gdi", "china+pakistan")
    }
    # an organisation's or an office's attributive verb is no stance (秘书长提出的)
    assert found("中方欢迎秘书长提出的新和平纲领。") == {("Support", "new-agenda-for-peace", "")}


def test_an_attributive_verb_ends_no_span() -> None:
    # 俄方欢迎中方提出的X: the welcome governs X through the attributive clause, held by Russia
    assert found("俄方欢迎中方提出的全球发展倡议。", creator=None, title=JOINT) == {
        ("Support", "gdi", "russia")
    }


def test_a_group_described_is_no_target() -> None:
    # R2.7.6: 发展中国家 is a Topic mention, but no stance is about a group described
    assert found("中方支持发展中国家加入全球发展倡议。") == {("Support", "gdi", "")}
    assert found("中方维护发展中国家正当权益。") == set()
    # other Topics still are (禁止核武器: Opposition to the weapon)
    assert found("中方主张全面禁止核武器。") == {("Opposition", "nuclear-weapons", "")}


def test_coordinated_states_as_one_subject_hold_together() -> None:
    assert found("俄罗斯、巴基斯坦等国重申支持全球安全倡议。") == {
        ("Support", "global-security-initiative", "pakistan+russia")
    }
    assert found("俄罗斯和巴基斯坦等国家支持全球发展倡议。") == {
        ("Support", "gdi", "pakistan+russia")
    }


def test_a_welcomed_act_of_another_state_is_that_states_stance_too() -> None:
    # R2.7.1: 中方欢迎哈方加入X → China supports X (欢迎) and Kazakhstan does (加入)
    assert found("中方欢迎哈萨克斯坦加入全球发展倡议。") == {
        ("Support", "gdi", ""),
        ("Support", "gdi", "kazakhstan"),
    }
    assert found("中方欢迎巴基斯坦作为正式成员加入全球发展倡议。") == {
        ("Support", "gdi", ""),
        ("Support", "gdi", "pakistan"),
    }
    # a state's upholding of its own rights is no stance of that state (commitment cues)
    assert found("中方支持巴基斯坦维护多边主义。") == {("Support", "multilateralism", "")}


def test_an_ambiguous_side_is_resolved_by_the_parties() -> None:
    title = "中华人民共和国和巴基斯坦伊斯兰共和国联合声明"
    assert found("巴方支持全球安全倡议。", creator=None, title=title) == {
        ("Support", "global-security-initiative", "pakistan")
    }


def test_the_parties_of_a_title_in_abbreviations() -> None:
    title = "中哈关于深化永久全面战略伙伴关系的联合声明"
    assert found("双方支持全球安全倡议。哈方欢迎全球发展倡议。", creator=None, title=title) == {
        ("Support", "global-security-initiative", "china+kazakhstan"),
        ("Support", "gdi", "kazakhstan"),
    }


def test_a_commentary_reporting_a_state_gives_that_state() -> None:
    assert found("美国声称支持多边主义，却奉行单边制裁。") >= {
        ("Support", "multilateralism", "united-states"),
    }
    assert found("俄罗斯外长拉夫罗夫表示，俄方反对冷战思维。") == {
        ("Opposition", "cold-war-mentality", "russia")
    }


def test_china_reported_in_a_chinese_document_is_the_documents_voice() -> None:
    assert found("中方认为，应坚持多边主义。") == {("CallToAction", "multilateralism", "")}
    assert found("中国主张共同安全。") == {("Support", "common-security", "")}


def test_a_state_addressed_by_a_modal_is_no_holder() -> None:
    assert found("美方应停止单边制裁。") == {("Opposition", "unilateral-sanctions", "")}


def test_a_state_as_object_is_no_holder() -> None:
    assert found("中方敦促美方停止单边制裁。") == {("Opposition", "unilateral-sanctions", "")}


def test_a_non_state_third_party_gives_no_stance() -> None:
    assert found("欧盟呼吁各方践行多边主义。") == set()
    assert found("联合国秘书长强调支持多边主义。") == set()
    assert found("1992年，布特罗斯-加利秘书长提出建立共同安全。") == set()
    # a call addressed to an organisation is the document's own
    assert found("联合国应坚持多边主义。") >= {("CallToAction", "multilateralism", "")}


def test_a_journalists_question_holds_no_stance() -> None:
    text = "问：中方是否支持多边主义？美方反对霸权主义，中方怎么看？\n答：中方坚定支持多边主义。"
    assert found(text) == {("Support", "multilateralism", "")}
    assert found("法新社记者：美方表示支持多边主义，中方如何评论") == set()


def test_english_holders() -> None:
    def english(text: str, title: str = "Joint Statement") -> set[tuple[str, str, str]]:
        seg = segment(clean_text(f"{title}\n{text}", language="en").blocks, language="en")
        result = Analyser(NS, vocabulary(ACTORS)).analyse_passages(seg, "China and Russia")
        return {
            (st.polarity, slug(t), _holder(st.holder)) for st in result.stances for t in st.targets
        }

    assert english("Both sides support the Biological Weapons Convention.") == {
        ("Support", "bwc", "china+russia")
    }
    assert english("The Russian side supports the Biological Weapons Convention.") == {
        ("Support", "bwc", "russia")
    }
    assert english("China supports the Biological Weapons Convention.") == {("Support", "bwc", "")}
    # the object of a call is no holder; "we" in a joint statement are both parties
    assert english(
        "We call on the United States to comply with the Biological Weapons Convention."
    ) == {("CallToAction", "bwc", "china+russia")}
    assert english("The Secretary-General supports the Biological Weapons Convention.") == set()


def test_joint_holders_are_emitted_once_each_and_conform() -> None:
    result = analyse(f"{JOINT}\n双方支持多边主义。中方支持共同安全。", creator=None, extra=ACTORS)
    emitted = {
        slug(t): sorted(slug(h) for h in holders_of(st, result.holder))
        for st in result.stances
        for t in st.targets
    }
    assert emitted == {"multilateralism": ["china", "russia"], "common-security": ["china"]}
    graph = contract_graph()
    russia = rdflib.URIRef("https://w3id.org/gsi-kg/actor/russia")
    graph.add((STANCE, rdflib.URIRef("https://w3id.org/gsi-kg/ontology#holder"), russia))
    assert validate_graph(graph, SHAPES).conforms


# -- negation scope --------------------------------------------------------------------------


def test_urging_to_stop_opposes_what_is_to_stop() -> None:
    assert found("我们敦促有关国家停止单边制裁。") == {("Opposition", "unilateral-sanctions", "")}


def test_opposing_a_breach_supports_what_is_breached() -> None:
    assert found("反对违反联合国宪章的行为。") == {("Support", "un-charter", "")}
    assert found("坚决反对破坏国际核不扩散体系。") == {
        ("Support", "nuclear-non-proliferation-regime", "")
    }
    assert found("反对霸权主义。") == {("Opposition", "hegemonism", "")}


def test_opposing_a_restriction_of_a_concept_supports_it() -> None:
    assert found("反对借防扩散之名限制各国和平利用核能的合法权利。") == {
        ("Support", "peaceful-uses", "")
    }


def test_a_pretext_is_no_target() -> None:
    # R2.7.21: 以X为名 / 借X之名 / 以X为由 gives no stance on X
    assert found("中方反对以维护多边主义为名搞单边制裁。") == {
        ("Opposition", "unilateral-sanctions", "")
    }
    assert found("中方反对以第2231号决议为由推行单边制裁。") == {
        ("Opposition", "unilateral-sanctions", "")
    }


def test_urging_to_stop_an_obstruction_calls_for_what_is_obstructed() -> None:
    # 敦促…停止阻挠X: the call wins over the support a stopped obstruction gives
    assert found("我们敦促美方停止阻挠全球发展倡议。") == {("CallToAction", "gdi", "")}
    assert found("我们反对阻挠全球发展倡议。") == {("Support", "gdi", "")}


def test_a_passive_with_de_dao_governs_its_subject() -> None:
    # X…应得到(严格)遵守: a call for X, like 应当受到抵制
    assert found("全球发展倡议是重要公共产品，应在实践中得到遵守。") >= {
        ("CallToAction", "gdi", "")
    }


def test_the_agent_of_an_attributive_clause_is_no_target() -> None:
    # 联合国大会通过的X: the Assembly adopted X; X is what is supported
    assert found("中方支持安理会通过的第2231号决议。") == {("Support", "unscr-2231", "")}


def test_evaluations_and_censures_of_revision_2() -> None:
    # a noun of support after a copula (是X的坚定支持者), evaluative predicates
    # (重要共识, 最具代表性)
    assert found("中方是禁止生物武器公约的坚定支持者。") == {("Support", "bwc", "")}
    assert found("全球发展倡议是各国达成的重要共识。") == {("Support", "gdi", "")}
    # 是…的基石, 提供了良好基础, 是…的根本途径
    assert found("不扩散核武器条约是国际核不扩散体系的基石。") >= {("Support", "npt", "")}
    assert found("全球发展倡议为各方合作提供了良好基础。") == {("Support", "gdi", "")}
    # X只能通过Y (the only way), X有助于…, X依然有效; X没有市场
    assert found("问题只能通过多边主义解决。") == {("Support", "multilateralism", "")}
    assert found("全球发展倡议有助于增进互信。") == {("Support", "gdi", "")}
    assert found("冷战思维在亚太没有市场。") == {("Opposition", "cold-war-mentality", "")}
    # censures: 缺乏普遍性, 注定失败, 解决不了问题
    assert found("单边制裁解决不了问题。") == {("Opposition", "unilateral-sanctions", "")}
    assert found("禁止核武器条约缺乏普遍性。") == {("Opposition", "tpnw", "")}
    # a noun of support is no cue outside a predicate
    assert found("支持者众多，禁止生物武器公约得到普遍加入。") == set()


def test_cooperation_on_the_basis_of_a_named_initiative_supports_it() -> None:
    # 在X基础上深化合作, like 在X框架下开展合作
    assert found("中方愿在全球发展倡议基础上深化务实合作。") == {("Support", "gdi", "")}
    # 在协商一致基础上 names no framework that is a concept; a non-cooperation verb needs none
    assert found("中方愿在全球发展倡议基础上讨论。") == set()


def test_using_a_domain_or_its_isation_is_no_stance_on_it() -> None:
    assert found("各国有权和平利用外空。") == set()
    assert found("个别国家推动网络空间阵营化、军事化。") == set()
    assert found("中方致力于维护网络空间和平。") >= {("Support", "cyberspace", "")}
    # the field of a concept named right after 领域 is no target
    assert found("推动构建网络空间领域全球发展倡议。") == {("Support", "gdi", "")}


def test_the_fields_of_a_role_are_no_targets() -> None:
    # 在X中 / 在X、Y方面发挥作用: the fields in which the body acts
    assert found("支持联合国在调解和建设和平中发挥更大作用。") == {
        ("Support", "united-nations", "")
    }
    assert found("支持联合国在调解、建设和平等方面发挥作用。") == {
        ("Support", "united-nations", "")
    }
    assert found("中方支持调解和建设和平。") == {
        ("Support", "mediation", ""),
        ("Support", "peacebuilding", ""),
    }


def test_supporting_the_reform_of_a_body_is_no_support_for_the_body() -> None:
    assert found("双方支持对安理会进行合理必要的改革。") == set()
    assert found("中方支持安理会改革。") == set()
    assert found("中方支持安理会发挥作用。") == {("Support", "un-security-council", "")}


def test_an_organisation_owning_a_quoted_name_is_no_target() -> None:
    # 欧盟“全球发展倡议”: the quoted name after the body is the target
    assert found("中方支持欧盟“全球发展倡议”。") == {("Support", "gdi", "")}
    # a quoted accusation after the body is no name: the body is the target
    assert found("中方批评欧盟“越界扩权”。") == {("Opposition", "eu", "")}


def test_building_together_with_a_body_supports_it() -> None:
    assert found("中国同欧盟共建全球发展倡议。") == {("Support", "eu", ""), ("Support", "gdi", "")}


def test_opposing_an_organisations_action_is_no_opposition_to_it() -> None:
    assert found("中方反对安理会动辄对发展中国家实施制裁。") == set()
    assert found("中方反对霸权主义和安理会。") >= {("Opposition", "un-security-council", "")}


def test_condemning_an_attack_on_an_organisation_supports_it() -> None:
    assert found("中方谴责针对世界卫生组织营地的袭击。") == {("Support", "who", "")}


def test_an_organisation_naming_a_resolution_is_no_subject() -> None:
    assert found("安理会第2518号决议以及全球安全倡议是和平进程的重要基础。") >= {
        ("Support", "global-security-initiative", "")
    }


def test_a_conceded_or_negated_signature_gives_no_stance() -> None:
    assert found("中方虽未加入《禁止核武器条约》，但理解有关国家的愿望。") == set()
    assert found("中方尚未加入《禁止核武器条约》。") == set()


def test_another_agents_attributive_cue_is_no_cue() -> None:
    # the stance is 支持's, on the agenda, not on the organisation of the secretary-general
    assert found("中方支持联合国秘书长提出的“新和平纲领”。") == {
        ("Support", "new-agenda-for-peace", "")
    }
    assert found("各方欢迎中方提出的全球安全倡议。") >= {
        ("Support", "global-security-initiative", "")
    }


def test_evaluations_support_and_censures_oppose_what_comes_before() -> None:
    assert found("《武器贸易条约》和全球安全倡议是推动和平进程的重要基础。") == {
        ("Support", "att", ""),
        ("Support", "global-security-initiative", ""),
    }
    assert found("霸权主义是地区动荡的根源。") == {("Opposition", "hegemonism", "")}
    # a censure of a breach supports what is breached
    assert found("任何曲解联合国宪章的做法，都是对国际秩序的公然挑战。") == {
        ("Support", "un-charter", "")
    }


def test_cooperation_with_and_within_named_bodies() -> None:
    assert found("中国同世界卫生组织、澜湄合作保持密切合作。") == {
        ("Support", "who", ""),
        ("Support", "lmc", ""),
    }
    assert found("中方愿在全球安全倡议框架下同各国深化合作。") == {
        ("Support", "global-security-initiative", "")
    }
    # 合作 with no partner before it is no cue: 构建 governs the whole name
    assert found("推动构建公平、合作、共赢的国际核不扩散体系。") == {
        ("Support", "nuclear-non-proliferation-regime", "")
    }


def test_an_evaluation_is_held_by_a_reporting_subject_only() -> None:
    # 伊朗表示: the evaluation that follows is Iran's
    assert found("伊朗表示，全球安全倡议是地区和平的重要基础。") == {
        ("Support", "global-security-initiative", "iran")
    }
    # a subject two clauses before, with another verb, is not the evaluator
    text = "美方一边要求他国遵守联合国宪章，一边推行单边制裁，这种霸权主义是地区动荡的根源。"
    assert ("Opposition", "hegemonism", "") in found(text)
    assert ("Opposition", "hegemonism", "united-states") not in found(text)


def test_a_support_verb_after_an_opposition_verb_is_opposed() -> None:
    assert found("反对奉行霸权主义。") == {("Opposition", "hegemonism", "")}


def test_a_promise_not_to_act_names_no_target() -> None:
    assert found("各国应承诺不对外空物体使用武力。") == set()
    assert found("中国承诺不首先使用核武器。") == {("Support", "no-first-use", "")}
    assert found("中国奉行无条件不对外空使用武力的政策。") == set()


def test_criticising_an_organisations_conduct_opposes_it() -> None:
    assert found("中方批评北约“越界扩权”。") == {("Opposition", "nato", "")}


def test_english_breaches_cessation_and_partnership() -> None:
    def english(text: str) -> set[tuple[str, str, str]]:
        seg = segment(clean_text(f"Statement\n{text}", language="en").blocks, language="en")
        result = Analyser(NS, vocabulary(ACTORS)).analyse_passages(seg, "China")
        return {
            (st.polarity, slug(t), _holder(st.holder)) for st in result.stances for t in st.targets
        }

    assert english(
        "Sanctions must not be used to deny countries the Biological Weapons Convention."
    ) == {("CallToAction", "bwc", "")}
    assert english("We urge the countries concerned to lift unilateral sanctions.") == {
        ("Opposition", "unilateral-sanctions-en", "")
    }
    assert english("China proposed the Biological Weapons Convention.") == {("Support", "bwc", "")}
    # an office named by its body: the body is no target
    assert (
        english(
            "China welcomes the briefing by the Director-General of the International Atomic "
            "Energy Agency."
        )
        == set()
    )
    assert english("China supports the International Atomic Energy Agency.") == {
        ("Support", "iaea", "")
    }
    # an English name discovered by its head is a mention but no stance target
    assert english("China supports the Yaoundé Code of Conduct.") == set()


def test_a_stance_taken_together_with_a_state() -> None:
    assert found("中国同俄罗斯共同推动全球安全倡议。") == {
        ("Support", "global-security-initiative", "china+russia")
    }


def test_the_voice_of_a_joint_statement_is_both_parties() -> None:
    assert found("坚持多边主义。中方支持全球发展倡议。", creator=None, title=JOINT) == {
        ("Support", "multilateralism", "china+russia"),
        ("Support", "gdi", ""),
    }


def test_not_this_but_that() -> None:
    assert found("我们要的不是零和博弈，而是共同安全。") >= {
        ("Opposition", "zero-sum-game", ""),
        ("Support", "common-security", ""),
    }
    assert found("亚太需要的不是新的霸权主义，而是真正的共同安全。") >= {
        ("Opposition", "hegemonism", ""),
        ("Support", "common-security", ""),
    }
    # a denied reason is no denied concept
    assert found("问题不是因为联合国宪章过时了，而是由于其未得到遵守。") == set()
    # 不是 alone is no cue
    assert found("这不是零和博弈的问题。") == set()


# -- anaphora --------------------------------------------------------------------------------


def test_a_demonstrative_head_stands_for_its_antecedent() -> None:
    text = "中方提出全球发展倡议。我们将继续推动这一倡议。"
    assert ("Support", "gdi", "") in found(text)
    assert ("Support", "global-security-initiative", "") not in found(text)


def test_anaphora_reaches_the_previous_passage() -> None:
    text = "中国是《禁止化学武器公约》缔约国。\n中方一贯恪守该公约。"
    assert found(text) == {("Support", "cwc", "")}


def test_a_plural_reference_stands_for_the_whole_list() -> None:
    text = "中方提出全球发展倡议、全球安全倡议和全球文明倡议，愿同各方共同推动落实上述倡议。"
    assert {("Support", t, "") for t in ("gdi", "global-security-initiative", "gci")} <= found(text)


def test_anaphora_reaches_the_concept_named_with_the_same_head() -> None:
    text = "伊朗核问题全面协议是经第2231号决议核可的成果。中方坚定维护该协议。"
    assert ("Support", "jcpoa", "") in found(text)
    assert ("Support", "unscr-2231", "") not in found(text)


def test_anaphora_to_a_head_following_its_name() -> None:
    text = "作为《武器贸易条约》议定书缔约国，中方将切实履行该议定书规定的义务。"
    assert found(text) == {("Support", "att", "")}


def test_anaphora_needs_the_matching_class() -> None:
    # 该公约 after a principle only: no antecedent, no stance
    assert found("中方践行多边主义。\n中方恪守该公约。") == {("Support", "multilateralism", "")}


# -- headings and participation --------------------------------------------------------------


def test_headings_give_no_stance() -> None:
    text = "一、践行真正的多边主义\n我们支持共同安全。\n二、坚持共同安全\n中方支持多边主义。"
    assert found(text) == {
        ("Support", "common-security", ""),
        ("Support", "multilateralism", ""),
    }
    # the title of a document, a heading without final punctuation, gives none either
    assert found("中方支持多边主义。", title="坚持多边主义") == {("Support", "multilateralism", "")}


def test_an_item_that_is_a_whole_sentence_still_states_a_stance() -> None:
    text = "一、总体要求\n（一）全面落实《武器贸易条约》。\n（二）支持共同安全。"
    assert found(text) == {("Support", "att", ""), ("Support", "common-security", "")}


def test_participation_is_no_cue() -> None:
    assert found("积极参与“我们的共同议程”的工作。") == set()


# -- commitment, combat, signature -----------------------------------------------------------


def test_commitment_verbs_support() -> None:
    assert found("有关国家应切实履行《禁止化学武器公约》义务。") == {("CallToAction", "cwc", "")}
    assert found("中方一贯恪守《禁止生物武器公约》。") == {("Support", "bwc", "")}


def test_combat_verbs_oppose_threats_only() -> None:
    assert found("携手打击霸权主义。") == {("Opposition", "hegemonism", "")}
    # never a domain, never a principle that is no threat
    assert found("遏制网络安全风险。") == set()
    assert found("防范多边主义遭到削弱。") == set()


def test_signature_verbs_support() -> None:
    assert found("中国已签署《武器贸易条约》。") == {("Support", "att", "")}
    assert found("中国愿以加入《武器贸易条约》为契机。") == {("Support", "att", "")}


# -- the documented table --------------------------------------------------------------------


def test_the_docstrings_print_the_cue_tables() -> None:
    assert stances.__doc__ is not None and english_stances.__doc__ is not None
    assert cue_table(CUES) in stances.__doc__
    assert cue_table(english_stances.CUES) in english_stances.__doc__
    # every cue listed once, under one kind
    listed = re.findall(r"^  (.+?),?$", cue_table(CUES), re.MULTILINE)
    words = [w for line in listed for w in line.split(", ")]
    assert sorted(words) == sorted(CUES)
    assert "参与" not in CUES


# -- evaluations, censures and described conduct (dev batch 3) -------------------------------

EVALUATED = """
concept:bloc-politics a gsi:OpposedIdea ; skos:prefLabel "集团政治"@zh .
concept:bloc-confrontation a gsi:OpposedIdea ; skos:prefLabel "阵营对抗"@zh .
concept:absolute-security a gsi:OpposedIdea ; skos:prefLabel "绝对安全"@zh .
concept:military-blocs a gsi:OpposedIdea ; skos:prefLabel "军事集团"@zh .
concept:strategic-stability a gsi:GuidingPrinciple ; skos:prefLabel "全球战略稳定"@zh .
concept:food-security a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "粮食安全"@zh .
concept:drug-control a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "禁毒"@zh .
concept:arf a gsi:Forum ; skos:prefLabel "东盟地区论坛"@zh .
concept:sco a gsi:RegionalOrganisation ; skos:prefLabel "上海合作组织"@zh ;
    skos:altLabel "上合组织"@zh .
concept:cica a gsi:Forum ; skos:prefLabel "亚洲相互协作与信任措施会议"@zh ;
    skos:altLabel "亚信"@zh .
concept:peaceful-uses-space a gsi:GuidingPrinciple ; skos:prefLabel "和平利用外空"@zh .
concept:p5-process a gsi:CooperationMechanism ; skos:prefLabel "五核国进程"@zh ;
    skos:altLabel "五核国机制"@zh .
concept:quad a gsi:StateGrouping ; skos:prefLabel "美日印澳四边机制"@zh .
concept:aukus a gsi:StateGrouping ; skos:prefLabel "美英澳三边安全伙伴关系"@zh .
concept:nuclear-war a gsi:GuidingPrinciple ; skos:prefLabel "核战争打不赢也打不得"@zh .
"""


def found_evaluated(text: str) -> set[tuple[str, str, str]]:
    result = analyse(f"标题\n{text}", creator="中华人民共和国外交部", extra=ACTORS + EVALUATED)
    return {(st.polarity, slug(t), _holder(st.holder)) for st in result.stances for t in st.targets}


def test_a_product_of_an_opposed_idea_is_censured() -> None:
    # X是…的产物: the ideas named in the predicate are opposed
    assert found_evaluated("这类同盟归根结底是冷战思维和集团政治的产物。") == {
        ("Opposition", "cold-war-mentality", ""),
        ("Opposition", "bloc-politics", ""),
    }
    # 产物 as a plain noun is no censure
    assert found_evaluated("研究冷战思维的历史产物。") == set()


def test_the_conduct_of_unnamed_states_is_theirs_and_its_censure_reaches_it() -> None:
    # the document describes others' conduct: no Support for what they do …
    assert found_evaluated("个别国家支持全球安全倡议。") == set()
    # … and the censure closing the description opposes each practice, and supports the
    # principle it harms (R2.7.21)
    text = "一些国家推动军事集团扩张，奉行绝对安全，严重损害全球战略稳定。"
    assert found_evaluated(text) == {
        ("Opposition", "military-blocs", ""),
        ("Opposition", "absolute-security", ""),
        ("Support", "strategic-stability", ""),
    }
    assert found_evaluated("某些国家热衷于军事集团，给地区和平带来严重冲击。") == {
        ("Opposition", "military-blocs", "")
    }


def test_opposing_what_harms_a_principle_supports_it() -> None:
    assert found_evaluated("中方反对严重损害全球战略稳定的行为。") == {
        ("Support", "strategic-stability", "")
    }


def test_evaluations_of_mechanisms_and_rights() -> None:
    assert found_evaluated("亚信是地区安全合作的重要机制。") == {("Support", "cica", "")}
    assert found_evaluated("东盟地区论坛是影响力最广的安全对话平台之一。") == {
        ("Support", "arf", "")
    }
    assert found_evaluated("各国和平利用外空的正当权利不容剥夺。") == {
        ("Support", "peaceful-uses-space", "")
    }
    assert found_evaluated("全球安全倡议为破解安全困境提供了中国方案。") == {
        ("Support", "global-security-initiative", "")
    }


def test_a_denied_doing_needs_no_affirmation() -> None:
    # 从来不是搞X opposes X; the body it speaks of is evaluated, not a third party
    assert found_evaluated("上合组织从来不是搞阵营对抗。") == {
        ("Opposition", "bloc-confrontation", "")
    }
    # a bare 不是 stays ordinary negation
    assert found_evaluated("这不是阵营对抗的问题。") == set()


def test_making_good_use_of_and_relying_on_platforms() -> None:
    assert found_evaluated("中方将用好东盟地区论坛等平台。") == {("Support", "arf", "")}
    # 应用好: a modal over 用好, not 应用 (to apply)
    assert found_evaluated("各方应用好东盟地区论坛等平台。") == {("CallToAction", "arf", "")}
    assert found_evaluated("中方愿依托亚信深化安全合作。") == {("Support", "cica", "")}


def test_cooperation_in_listed_fields_supports_each_field() -> None:
    # 在A、B等领域开展合作 (R2.7.33)
    assert found_evaluated("中方愿同各方在禁毒、粮食安全等领域开展务实合作。") == {
        ("Support", "drug-control", ""),
        ("Support", "food-security", ""),
    }


def test_an_attributive_evaluation_ends_no_span() -> None:
    # 以X为基石的Y: the evaluation supports X, and the verb before it still governs Y
    assert found_evaluated("中方维护以《不扩散核武器条约》为基石的国际核不扩散体系。") == {
        ("Support", "npt", ""),
        ("Support", "nuclear-non-proliferation-regime", ""),
    }


ENGLISH_EVALUATED = """
concept:non-interference a gsi:GuidingPrinciple ; skos:prefLabel "不干涉内政"@zh ,
    "non-interference in internal affairs"@en .
concept:double-standards a gsi:OpposedIdea ; skos:prefLabel "双重标准"@zh ,
    "double standards"@en .
concept:sovereignty a gsi:GuidingPrinciple ; skos:prefLabel "主权和领土完整"@zh ,
    "sovereignty and territorial integrity"@en .
concept:arf a gsi:Forum ; skos:prefLabel "东盟地区论坛"@zh , "ASEAN Regional Forum"@en .
concept:silencing-the-guns a gsi:Initiative ; skos:prefLabel "消弭非洲枪声"@zh ,
    "Silencing the Guns"@en .
concept:gsi-en a gsi:Initiative ; skos:prefLabel "全球安全倡议英文"@zh ,
    "Global Security Initiative"@en .
concept:terrorism-en a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "恐怖主义"@zh ,
    "terrorism"@en .
"""


def english_found(text: str) -> set[tuple[str, str, str]]:
    seg = segment(clean_text(f"Statement\n{text}", language="en").blocks, language="en")
    vocab = vocabulary(ACTORS + ENGLISH_EVALUATED)
    result = Analyser(NS, vocab).analyse_passages(seg, "China")
    return {(st.polarity, slug(t), _holder(st.holder)) for st in result.stances for t in st.targets}


def test_english_evaluations_of_instruments_and_platforms() -> None:
    assert english_found(
        "The Biological Weapons Convention forms the legal basis of our cooperation."
    ) == {("Support", "bwc", "")}
    assert english_found("The ASEAN Regional Forum also provides useful platforms.") == {
        ("Support", "arf", "")
    }
    assert english_found("The ASEAN Regional Forum has achieved concrete results.") == {
        ("Support", "arf", "")
    }
    assert english_found("The Silencing the Guns initiative deserves stronger support.") == {
        ("Support", "silencing-the-guns", "")
    }
    assert english_found("Guided by the Global Security Initiative, China will act.") == {
        ("Support", "gsi-en", "")
    }


def test_english_free_from_and_running_counter_to() -> None:
    # free from X opposes X; running counter to X supports X (R2.7.21)
    assert english_found("Listings should be free from double standards.") == {
        ("Opposition", "double-standards", "")
    }
    assert english_found(
        "Such practices run counter to the principle of non-interference in internal affairs."
    ) == {("Support", "non-interference", "")}


def test_english_a_second_infinitive_in_a_call_is_a_call() -> None:
    # urges them to stop X and to respect Y: Y is called for, not opposed
    assert english_found(
        "China urges them to stop imposing unilateral sanctions and to respect the "
        "sovereignty and territorial integrity of all countries."
    ) == {
        ("Opposition", "unilateral-sanctions-en", ""),
        ("CallToAction", "sovereignty", ""),
    }


def test_english_an_evaluated_body_is_no_holder_and_an_agent_no_target() -> None:
    # the body opening the sentence is what the speaker evaluates (no third party's stance)
    assert english_found(
        "The International Atomic Energy Agency and the ASEAN Regional Forum provide useful "
        "platforms."
    ) == {("Support", "iaea", ""), ("Support", "arf", "")}
    # … but no evaluation is about a security domain
    assert english_found(
        "The ASEAN Regional Forum has achieved concrete results against terrorism."
    ) == {("Support", "arf", "")}
    # the agent of an adoption (by the X) is no target of the welcome
    assert english_found(
        "China welcomes the adoption by the International Atomic Energy Agency of the "
        "Biological Weapons Convention."
    ) == {("Support", "bwc", "")}


def test_a_meeting_acting_is_no_holders_stance() -> None:
    # 会议批准了X: the meeting's act; the voice's own approval is a stance
    assert found("会议批准了《武器贸易条约》。") == set()
    assert found("中方批准了《武器贸易条约》。") == {("Support", "att", "")}


def test_a_founding_as_a_time_is_no_cue_and_becoming_is_a_copula() -> None:
    # X成立二十多年来，已成为…重要机制: the evaluation reaches X across the time clause
    assert found_evaluated("亚信成立三十多年来，已成为地区安全合作的重要机制。") == {
        ("Support", "cica", "")
    }
    # a founding that is an act stays a cue
    assert found_evaluated("中方支持成立亚信。") == {("Support", "cica", "")}


def test_acting_in_a_named_format_supports_it() -> None:
    # 在X机制中发挥作用 / 加强沟通: the format is supported, unlike a field of a role
    assert found_evaluated("中方将继续在五核国机制中发挥建设性作用。") == {
        ("Support", "p5-process", "")
    }
    assert found_evaluated("中方愿在五核国机制中同各方加强战略沟通。") == {
        ("Support", "p5-process", "")
    }
    assert found_evaluated("中方支持联合国在全球安全倡议中发挥作用。") == {
        ("Support", "united-nations", "")
    }


def test_a_resumptive_demonstrative_carries_a_censure_back_over_a_list() -> None:
    # 从A到B，这些X都是…的产物: A and B are censured too
    text = "从美日印澳四边机制到美英澳三边安全伙伴关系，这些军事集团都是冷战思维的产物。"
    assert found_evaluated(text) == {
        ("Opposition", "quad", ""),
        ("Opposition", "aukus", ""),
        ("Opposition", "military-blocs", ""),
        ("Opposition", "cold-war-mentality", ""),
    }
    # without the demonstrative the clause before is not the subject
    text = "美日印澳四边机制举行会议，军事集团是冷战思维的产物。"
    assert ("Opposition", "quad", "") not in found_evaluated(text)


def test_reaffirming_before_a_comma_governs_the_clause_after_it() -> None:
    assert found_evaluated("中方重申，核战争打不赢也打不得。") == {("Support", "nuclear-war", "")}
    # a statement's reaffirmation, without the comma, is no stance of the voice
    assert found_evaluated("五国联合声明重申核战争打不赢也打不得。") == set()


def test_a_censured_body_opening_its_clause_and_a_contradicted_instrument() -> None:
    # the body opening the clause is censured (its action is the subject), and held by the voice
    text = "美英澳三边安全伙伴关系核潜艇合作严重威胁国际核不扩散体系。"
    assert found_evaluated(text) == {
        ("Opposition", "aukus", ""),
        ("Support", "nuclear-non-proliferation-regime", ""),
    }
    # 与X背道而驰: X, after 与, is supported, the subject censured (R2.7.21)
    text = "美英澳三边安全伙伴关系与《不扩散核武器条约》的宗旨背道而驰。"
    assert found_evaluated(text) == {("Opposition", "aukus", ""), ("Support", "npt", "")}
    # a body that only names a setting inside the clause is not censured
    assert found_evaluated("在美英澳三边安全伙伴关系框架下的合作无助于地区和平。") == set()


def test_the_body_a_call_is_addressed_to_is_no_target() -> None:
    # 呼吁X谈判…: X is asked to act; what it is asked to do carries the stance
    assert found("中方呼吁北约停止扩张，尊重全球安全倡议。") == {
        ("CallToAction", "global-security-initiative", "")
    }
    # a body called for, not addressed (呼吁支持X, 呼吁加强X), stays a target
    assert found("中方呼吁各方支持国际原子能机构。") == {("CallToAction", "iaea", "")}


def test_an_adopting_body_and_the_subject_of_an_unnamed_instrument_are_no_targets() -> None:
    # 欢迎联大通过关于X的决议: neither the Assembly nor X is what is welcomed
    assert found("中方欢迎联合国大会通过关于多边主义的决议。") == set()
    # the body itself, welcomed, still is
    assert found("中方欢迎联合国大会发挥作用。") == {("Support", "un-general-assembly", "")}


def test_english_a_body_owning_what_is_governed_is_no_target() -> None:
    assert english_found(
        "We must implement the International Atomic Energy Agency's safeguards and the "
        "Biological Weapons Convention."
    ) == {("CallToAction", "bwc", "")}


def test_stepping_up_promotes() -> None:
    # 加大X力度/投入: a promotion, and part of a call after 呼吁
    assert found("中方愿加大全球发展倡议投入。") == {("Support", "gdi", "")}
    assert found("中方呼吁各方加大全球发展倡议投入。") == {("CallToAction", "gdi", "")}


def test_an_issue_under_discussion_is_no_target() -> None:
    # 支持在X框架下讨论Y问题: X is supported, the issue Y discussed is not
    assert found("中方支持在《武器贸易条约》框架下讨论核武器问题。") == {("Support", "att", "")}
    assert found("中方主张全面禁止核武器。") == {("Opposition", "nuclear-weapons", "")}


def test_english_a_cue_inside_a_hyphenated_word_is_none() -> None:
    assert english_found("China funds capacity-building under the ASEAN Regional Forum.") == set()
    assert english_found("China will build the ASEAN Regional Forum.") == {("Support", "arf", "")}


def test_an_evaluation_after_is_is_of_the_subject() -> None:
    # X是A和B普遍共识: X is evaluated, A is another predicate, not a target
    assert found("全球安全倡议是多边主义和国际社会的普遍共识。") == {
        ("Support", "global-security-initiative", "")
    }
    # a censure's predicate names what it censures too (X是冷战思维的产物)
    assert ("Opposition", "cold-war-mentality", "") in found_evaluated("这类同盟是冷战思维的产物。")


def test_setting_up_and_opening_a_path_promote() -> None:
    # 设立X (R2.7.39), 走出X之路
    assert found("中方同湄公河国家设立澜湄合作。") == {("Support", "lmc", "")}
    assert found("各国应走出共同安全之路。") == {("CallToAction", "common-security", "")}


def test_english_helping_and_laying_foundations_evaluate() -> None:
    assert english_found("The ASEAN Regional Forum has helped to reduce tensions.") == {
        ("Support", "arf", "")
    }
    assert english_found(
        "The Biological Weapons Convention laid the foundation for cooperation."
    ) == {("Support", "bwc", "")}


def test_what_is_excepted_is_no_target() -> None:
    # 支持X以外的Y: the support is for the rest, not for X
    assert found("中方支持全球安全倡议以外的多边研究。") == set()
    assert found("中方支持澜湄合作之外的次区域合作。") == set()
    assert found("中方支持全球安全倡议。") == {("Support", "global-security-initiative", "")}


def test_a_threat_countered_in_the_clause_is_not_supported() -> None:
    # 加强应对X的能力 supports the capacity, not the threat X; a topic that is no object of a
    # countering verb still is supported
    assert found("中方支持各方加强应对单边制裁和霸权主义的能力。") == set()
    assert found("中方支持冲突预防和建设和平。") == {("Support", "peacebuilding", "")}


def test_a_cited_title_states_no_stance() -> None:
    # the words of a title in 《》 are the cited document's, not the voice's
    assert found("中方谨随函转递《关于加强多边主义合作的立场文件》，请予分发。") == set()


def test_a_short_line_without_final_punctuation_is_a_title() -> None:
    # an annex's title the segmenter does not take for a heading (a list is in it) states no
    # stance; a sentence, or a long line, is no title
    def passage(text: str) -> Passage:
        return Passage(1, text, 0, len(text), [], None, False, 1)

    assert is_title(passage("中国关于加强共同安全、反恐合作的立场文件"))
    assert not is_title(passage("中方支持共同安全、反恐合作。"))
    assert not is_title(passage("中方支持共同安全" * 6))


def test_opposing_an_unnamed_doer_who_pursues_x_opposes_x() -> None:
    # 反对任何国家奉行X: the opposition reaches past the unnamed doer to X, as in 反对奉行X
    assert found("中方反对任何国家奉行霸权主义。") == {("Opposition", "hegemonism", "")}
    assert found("中方反对奉行霸权主义。") == {("Opposition", "hegemonism", "")}


def test_a_name_borrowed_for_a_deed_is_a_pretext() -> None:
    # 反对借“X”干涉他国内政 opposes the interference, not X; 借助X is no pretext
    assert found("中方反对借“多边主义”干涉他国内政。") == set()
    assert found("中方支持借助多边主义化解分歧。") == {("Support", "multilateralism", "")}


def test_english_opposing_the_turning_of_a_concept_opposes_no_concept() -> None:
    # the politicization of X: the turn is opposed, not X
    assert english_found(
        "China opposes unilateral sanctions and the politicization of the UN Charter."
    ) == {("Opposition", "unilateral-sanctions-en", "")}
    assert english_found("China opposes the politicization of the UN Charter.") == set()


def test_contributions_platforms_forces_and_legal_bases_are_evaluations() -> None:
    # dev batch 5 (GUIDELINES decision 50): 作出了贡献, 提供了平台, 重要力量, 法律依据
    assert found("澜湄合作为次区域稳定作出了重要贡献。") == {("Support", "lmc", "")}
    assert found("世界卫生组织为各国分享防疫经验提供了平台。") == {("Support", "who", "")}
    assert found("全球安全倡议是维护世界和平的重要力量。") == {
        ("Support", "global-security-initiative", "")
    }
    assert found("《联合国宪章》为和平解决争端提供了法律依据。") == {("Support", "un-charter", "")}


def test_a_capital_standing_for_its_state_holds_the_stance() -> None:
    # commentaries name governments by their capitals: 莫斯科方面表示, 华盛顿一方面推动
    creator = "国际问题研究院研究员"
    assert found("莫斯科方面表示，支持全球发展倡议。", creator=creator) == {
        ("Support", "gdi", "russia")
    }
    assert found("华盛顿一方面推动单边制裁，另一方面拒绝对话。", creator=creator) == {
        ("Support", "unilateral-sanctions", "united-states")
    }
    # a capital as a place is no holder
    assert found("会议在莫斯科举行，各方支持全球发展倡议。", creator=creator) == {
        ("Support", "gdi", "")
    }


def test_english_proven_value_and_common_blueprints_evaluate() -> None:
    # dev batch 5 (GUIDELINES decision 50): "shown its value", "common blueprint"
    assert english_found("The ASEAN Regional Forum has shown its value in crises.") == {
        ("Support", "arf", "")
    }
    assert english_found("The Biological Weapons Convention remains our common blueprint.") == {
        ("Support", "bwc", "")
    }


def test_both_sides_in_a_press_answer_are_china_and_the_state_the_question_is_about() -> None:
    # GUIDELINES decision 50: 双方 in an answer on a bilateral meeting → both states
    extra = (
        ACTORS + 'actor:india a gsi:State ; skos:prefLabel "印度"@zh ; skos:altLabel "印方"@zh .'
    )
    text = (
        "标题\n问：俄罗斯和巴基斯坦都发表了声明。\n答：中方支持全球发展倡议。\n"
        "问：中印边境事务会谈日前举行，有何成果？\n答：双方同意共同落实全球发展倡议。"
    )
    result = analyse(text, creator="中华人民共和国外交部发言人", extra=extra)
    assert {(slug(t), _holder(st.holder)) for st in result.stances for t in st.targets} == {
        ("gdi", ""),
        ("gdi", "china+india"),
    }


def test_english_pretexts_take_no_stance_and_working_toward_supports() -> None:
    assert (
        english_found(
            "We oppose the Global Security Initiative being used as a pretext for pressure."
        )
        == set()
    )
    assert (
        english_found("No one should act in the name of the Global Security Initiative.") == set()
    )
    assert english_found("China is working toward the Silencing the Guns initiative.") == {
        ("Support", "silencing-the-guns", "")
    }


def test_english_a_cue_before_a_colon_governs_the_list_after_it() -> None:
    assert english_found(
        "China supports the work of two bodies: the ASEAN Regional Forum and the Silencing the "
        "Guns initiative."
    ) == {("Support", "arf", ""), ("Support", "silencing-the-guns", "")}
    # a concept before the colon is what is governed; the clause after it is another
    assert english_found(
        "China supports the ASEAN Regional Forum: the Silencing the Guns initiative is another."
    ) == {("Support", "arf", "")}


def test_english_a_body_coordinated_with_the_voice_leaves_the_voice_holding() -> None:
    assert english_found(
        "China and the United Nations are implementing the Silencing the Guns initiative."
    ) == {("Support", "silencing-the-guns", "")}
