"""Stances: cues, coordinated lists, negation, passive and 反对…化."""

from __future__ import annotations

from tests.extraction_support import analyse, slug


def _stances(text: str) -> set[tuple[str, str]]:
    result = analyse("标题\n" + text)
    return {(st.polarity, slug(t)) for st in result.stances for t in st.targets}


def test_a_cue_governs_a_coordinated_list() -> None:
    assert _stances("我们坚决反对冷战思维、霸权主义和零和博弈。") == {
        ("Opposition", "cold-war-mentality"),
        ("Opposition", "hegemonism"),
        ("Opposition", "zero-sum-game"),
    }


def test_a_cue_stops_at_the_clause_break() -> None:
    assert _stances("中方支持多边主义，冷战思维已经过时。") == {("Support", "multilateralism")}


def test_calls_to_action() -> None:
    assert _stances("中方呼吁各方践行多边主义。") >= {("CallToAction", "multilateralism")}


def test_negated_support_is_opposition_and_marked() -> None:
    result = analyse("标题\n中方不支持霸权主义。")
    (stance,) = result.stances
    assert (stance.polarity, stance.negated) == ("Opposition", True)


def test_opposing_the_politicisation_of_a_domain_is_not_opposing_the_domain() -> None:
    assert _stances("反对将反恐政治化。") == set()


def test_a_passive_cue_governs_the_subject() -> None:
    found = _stances("冷战思维、霸权主义与联合国宪章精神相违背，应当受到抵制和反对。")
    assert ("Opposition", "cold-war-mentality") in found
    assert ("Opposition", "hegemonism") in found
    assert ("Opposition", "un-charter") not in found


def test_questions_take_no_stance() -> None:
    assert _stances("如何支持多边主义？") == set()


def test_the_holder_is_the_state_of_the_creator_else_china() -> None:
    assert analyse("标题\n支持多边主义。", creator="中华人民共和国政府").holder.endswith("/china")
    assert analyse("标题\n支持多边主义。", creator=None).holder.endswith("/china")


def test_a_contrast_opposes_only_the_concept_after_it() -> None:
    found = _stances("坚持共赢而非零和博弈的多边主义。")
    assert ("Opposition", "zero-sum-game") in found
    assert ("Opposition", "multilateralism") not in found
    assert _stances("是多边主义，而不是零和博弈。") >= {("Opposition", "zero-sum-game")}


def test_fighting_a_threat_opposes_no_domain() -> None:
    assert _stances("坚决反对反恐双重标准。") == set()


def test_a_cue_word_inside_a_name_is_no_cue() -> None:
    extra = 'concept:paros a gsi:UNProcess ; skos:prefLabel "防止外空军备竞赛"@zh .'
    found = analyse("标题\n中方支持防止外空军备竞赛。", extra=extra).stances
    assert {(st.polarity, slug(t)) for st in found for t in st.targets} == {("Support", "paros")}


def test_zhong_yao_is_not_a_call() -> None:
    # 要 in 重要 is no modal; 具有重要意义 is an evaluation (guidelines §3): support, no call
    assert _stances("多边主义具有重要意义。") == {("Support", "multilateralism")}


def test_cooperation_in_named_frameworks_supports_them() -> None:
    found = _stances("在安理会防扩散委员会、澜湄合作等框架下开展合作。")
    assert found == {("Support", "committee-1540"), ("Support", "lmc")}


def test_the_head_noun_after_a_breach_clause_is_opposed() -> None:
    # 针对他国的X: X is what is opposed, not what is breached; 违反X的行为 upholds X
    assert _stances("中方敦促有关国家停止推行针对他国的霸权主义。") == {
        ("Opposition", "hegemonism")
    }
    assert _stances("中方反对违反联合国宪章的行为。") == {("Support", "un-charter")}


def test_ying_before_an_invitation_is_no_modal() -> None:
    assert _stances("应联合国邀请，中方代表出席会议。") == set()


def test_an_important_component_is_an_evaluation_and_qidai_a_call() -> None:
    assert _stances("澜湄合作是区域合作的重要组成部分。") == {("Support", "lmc")}
    assert _stances("中方期待各方用好澜湄合作。") == {("CallToAction", "lmc")}


def test_wanshan_improving_a_concept_supports_it() -> None:
    assert _stances("中方愿同各方完善澜湄合作。") == {("Support", "lmc")}
    # after the concept it governs nothing: a description of progress
    assert _stances("澜湄合作不断完善。") == set()


def test_cooperation_in_a_list_of_fields_covers_those_after_a_combat_verb() -> None:
    extra = """
concept:transnational-crime a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "跨国犯罪"@zh ."""
    result = analyse("标题\n双方同意加强在反恐、打击跨国犯罪等领域的合作。", extra=extra)
    found = {(st.polarity, slug(t)) for st in result.stances for t in st.targets}
    assert found == {("Support", "counter-terrorism"), ("Support", "transnational-crime")}
    # fighting alone still opposes no domain
    assert analyse("标题\n中方坚决打击跨国犯罪。", extra=extra).stances == []


def test_what_is_done_through_a_named_body_supports_it() -> None:
    # decision 53: 通过X支持… supports X; 通过的 is adoption, not a channel
    extra = """
concept:peace-fund a gsi:Fund ; skos:prefLabel "和平发展基金"@zh .
concept:declaration a gsi:Declaration ; skos:prefLabel "千年宣言"@zh ."""
    result = analyse("标题\n中方将继续通过和平发展基金支持非洲国家。", extra=extra)
    found = {(st.polarity, slug(t)) for st in result.stances for t in st.targets}
    assert found == {("Support", "peace-fund")}
    adopted = analyse("标题\n大会通过的千年宣言重申了这一点。", extra=extra)
    assert {slug(t) for st in adopted.stances for t in st.targets} == set()
