"""Discovery: a document nobody annotated yields vocabulary concepts and new, classified names."""

from __future__ import annotations

import pytest

from kg.pipeline.clean import clean_text
from kg.pipeline.extract import Analyser
from kg.pipeline.extract.discovery import discovered_slug
from kg.pipeline.segment import segment
from tests.extraction_support import NS, analyse, mentions, slug, spans, vocabulary

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
        "cold-war-mentality",
        "zero-sum-game",
        "global-security-initiative",
    } <= found


def test_new_names_are_discovered_with_their_class() -> None:
    found = _discovered()
    assert found["北极理事会"][0] == "InternationalOrganisation"
    assert found["北极海洋科学合作协定"][0] == "Agreement"
    # the body that adopted it is part of the resolution's name, as in the vocabulary's labels
    assert found["安理会第2589号决议"] == ("Resolution", "安理会第2589（2021）号决议")
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


# A vocabulary of the field in small: the concepts and actors the texts below name.
FIELD = """
concept:gdi a gsi:Initiative ; skos:prefLabel "全球发展倡议"@zh .
concept:sco a gsi:RegionalOrganisation ; skos:prefLabel "上海合作组织"@zh ;
    skos:altLabel "上合组织"@zh .
concept:unscr-2231 a gsi:Resolution ; skos:prefLabel "安理会第2231号决议"@zh ;
    skos:altLabel "第2231号决议"@zh , "S/RES/2231"@en .
concept:jcpoa a gsi:Agreement ; skos:prefLabel "联合全面行动计划"@zh ;
    skos:altLabel "伊朗核问题全面协议"@zh .
concept:political-settlement a gsi:GuidingPrinciple ; skos:prefLabel "政治解决"@zh .
concept:quad a gsi:StateGrouping ; skos:prefLabel "美日印澳四边机制"@zh ; skos:altLabel "Quad"@en .
concept:who a gsi:InternationalOrganisation ; skos:prefLabel "世界卫生组织"@zh ;
    skos:altLabel "WHO"@en .
concept:true-multilateralism a gsi:GuidingPrinciple ; skos:prefLabel "真正的多边主义"@zh .
concept:asean a gsi:RegionalOrganisation ; skos:prefLabel "东南亚国家联盟"@zh ;
    skos:altLabel "东盟"@zh .
concept:human-security a gsi:GuidingPrinciple ; skos:prefLabel "人的安全"@zh .
actor:iran-nuclear a gsi:Issue ; skos:prefLabel "伊朗核问题"@zh ; skos:altLabel "伊核问题"@zh .
actor:afghan-issue a gsi:Issue ; skos:prefLabel "阿富汗问题"@zh .
actor:central-asia a gsi:Region ; skos:prefLabel "中亚"@zh .
actor:middle-east a gsi:Region ; skos:prefLabel "中东"@zh .
actor:africa a gsi:Region ; skos:prefLabel "非洲"@zh .
"""


def _found(text: str) -> list[tuple[str, str, str]]:
    """(exact, class, name) of each discovered mention of ``text``."""
    return [
        (m.exact, m.discovered.cls, m.discovered.name)
        for m in mentions(analyse("标题\n" + text, extra=FIELD))
        if m.discovered is not None
    ]


def _exacts(text: str) -> list[str]:
    return [exact for exact, _, _ in _found(text)]


def _all(text: str) -> list[tuple[str, str]]:
    """(exact, concept slug or discovered name) of every concept mention of ``text``."""
    return [
        (m.exact, m.discovered.name if m.discovered else slug(m.iri))
        for m in mentions(analyse("标题\n" + text, extra=FIELD))
        if m.is_concept
    ]


@pytest.mark.parametrize(
    ("text", "exact", "cls"),
    [
        ("欢迎更多国家加入全球发展倡议之友小组。", "全球发展倡议之友小组", "StateGrouping"),
        ("调解之友小组举行会议。", "调解之友小组", "StateGrouping"),
        ("支持上海合作组织秘书处加强能力建设。", "上海合作组织秘书处", "InternationalOrganisation"),
        ("中方支持阿斯塔纳进程。", "阿斯塔纳进程", "CooperationMechanism"),
        ("推动中东和平进程。", "中东和平进程", "CooperationMechanism"),
        ("办好中阿合作论坛。", "中阿合作论坛", "Forum"),
        ("各方应继续发挥诺曼底模式的作用。", "诺曼底模式", "DialoguePlatform"),
        ("恢复中美战略对话。", "中美战略对话", "DialoguePlatform"),
        ("出席G20峰会。", "G20峰会", "DialoguePlatform"),
        ("落实明斯克协议。", "明斯克协议", "Agreement"),
        (
            "支持上海合作组织—阿富汗联络组发挥作用。",
            "上海合作组织—阿富汗联络组",
            "CooperationMechanism",
        ),
        (
            "在上海合作组织国际信息安全专家组框架下交流。",
            "上海合作组织国际信息安全专家组",
            "UNProcess",
        ),
        ("落实《中国—东盟合作路线图》。", "中国—东盟合作路线图", "Declaration"),
        (
            "签署《关于加强网络安全能力建设的谅解备忘录》。",
            "关于加强网络安全能力建设的谅解备忘录",
            "Agreement",
        ),
        (
            "遵守《关于在外层空间使用核动力源的原则》。",
            "关于在外层空间使用核动力源的原则",
            "Declaration",
        ),
        # a run of state abbreviations opens a name with an open head
        ("设立中非卫星遥感应用合作中心。", "中非卫星遥感应用合作中心", "CooperationMechanism"),
        # R2.7.24: 机制 after 磋商 or 会晤 is part of the name
        ("中国同俄罗斯建立中俄网络安全磋商机制。", "中俄网络安全磋商机制", "CooperationMechanism"),
        # a commission of two states named by their abbreviations is their mechanism
        ("充分发挥中马高级别委员会的统筹作用。", "中马高级别委员会", "CooperationMechanism"),
        ("办好中埃政府间合作委员会会议。", "中埃政府间合作委员会", "CooperationMechanism"),
    ],
)
def test_a_name_is_discovered_by_its_head_word(text: str, exact: str, cls: str) -> None:
    assert (exact, cls) in [(e, c) for e, c, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("推动阿斯塔纳进程。", "阿斯塔纳进程"),  # a verb
        ("2023年中国—中亚峰会在西安举行。", "中国—中亚峰会"),  # a year
        ("首届中国—中亚峰会在西安举行。", "中国—中亚峰会"),  # an ordinal of the session
        ("中国—中亚峰会暨中亚论坛在西安举行。", "中亚论坛"),  # 暨
        ("支持和中阿合作论坛。", "中阿合作论坛"),  # a conjunction
        ("双方积极评价中国—中亚峰会机制。", "中国—中亚峰会"),  # a generic word after the name
        ("阿富汗问题莫斯科模式会议日前举行。", "莫斯科模式"),  # the issue a format is about
        (
            "中国同东盟共同实施中国—东盟数字经济合作伙伴关系行动计划。",
            "中国—东盟数字经济合作伙伴关系行动计划",
        ),  # 共同实施
        ("中国同上海合作组织共建上海合作组织论坛。", "上海合作组织论坛"),  # 共建
        # 应对, 应用 are words, not the modal 应
        ("中方在山东设立中国—东盟应对气候变化合作中心。", "中国—东盟应对气候变化合作中心"),
        # 同意, 用好, 办好, 加快 are verbs: the name starts after them
        ("双方同意用好中非卫星遥感应用合作中心。", "中非卫星遥感应用合作中心"),
        ("双方同意办好中俄战略安全磋商。", "中俄战略安全磋商"),
    ],
)
def test_a_name_starts_after_verbs_years_ordinals_and_conjunctions(text: str, exact: str) -> None:
    assert exact in _exacts(text)


@pytest.mark.parametrize(
    "text",
    [
        "和平进程不可逆转。",
        "这一进程需要各方参与。",
        "推动政治解决进程。",  # a principle + head: a description
        "坚持多边主义进程。",
        "完善区域合作机制，开展双边对话和战略对话。",
        "支持非洲次区域组织发挥作用。",  # a place + a generic word
        "中方倡议各方共同努力，中国模式值得借鉴。",  # a party's own proposal or model
        "同阿富汗问题各方开展对话。",
        "中国是联合国第二大会费国。",
        "欧美模式不可取，上海合作组织计划如期推进。",  # a party's own model or plan
        "推动俄乌冲突谈判进程。",  # a process about an issue
    ],
)
def test_generic_phrases_with_a_format_head_are_not_names(text: str) -> None:
    assert _found(text) == []


def test_a_head_inside_a_known_name_makes_no_name_before_it() -> None:
    # 北京 (a city that names formats) and a verb before a known organ: no 北京…大会 name
    resolution = (
        'concept:unga-2758 a gsi:Resolution ; skos:prefLabel "联合国大会第2758号决议"@zh ;'
        ' skos:altLabel "第2758号决议"@zh .'
    )
    result = analyse("标题\n北京一再援引联合国大会第2758号决议。", extra=FIELD + resolution)
    assert [(m.exact, slug(m.iri)) for m in mentions(result)] == [
        ("联合国大会第2758号决议", "unga-2758")
    ]
    # a known entity before the known name makes a name of its own
    assert "联合国新一届上海合作组织" in _exacts("支持联合国新一届上海合作组织。")


def test_a_head_after_the_quotes_is_not_in_the_mention() -> None:
    # “X”构想: the mention is X, the concept is named with its head
    assert _found("推进同“全球海洋支点”构想对接。") == [
        ("全球海洋支点", "Initiative", "全球海洋支点构想")
    ]


def test_english_names_are_discovered_by_their_head() -> None:
    from kg.pipeline.extract.discovery import find_candidates

    text = (
        "China supports the Yaoundé Code of Conduct and commends the Economic Community of "
        "Central African States and the Gulf of Guinea Commission. It is a party to the Regional "
        "Cooperation Agreement on Combating Piracy and Armed Robbery against Ships in Asia and "
        "supports the Global Maritime Crime Programme of UNODC. The Convention must be applied."
    )
    found = {text[c.start : c.end]: c.cls for c in find_candidates(text)}
    assert found == {
        "Yaoundé Code of Conduct": "Declaration",
        "Gulf of Guinea Commission": "InternationalOrganisation",
        "Regional Cooperation Agreement on Combating Piracy and Armed Robbery against Ships in "
        "Asia": "Agreement",
        "Global Maritime Crime Programme": "Initiative",
    }


def test_a_programme_of_cooperation_in_title_marks_is_an_instrument() -> None:
    # 《…合作纲要》: an agreed programme, one Treaty-class mention with its inner words
    found = _found("会议批准了《成员国2031—2035年打击跨国犯罪合作纲要》。")
    assert [(exact, cls) for exact, cls, _ in found] == [
        ("成员国2031—2035年打击跨国犯罪合作纲要", "Declaration")
    ]


def test_an_english_name_owned_by_a_body_starts_after_of_the() -> None:
    from kg.pipeline.extract.discovery import find_candidates

    # the Assembly's convention: the name is the convention, the body stays outside it
    text = "We welcome the adoption by the General Assembly of the Regional Convention on Ports."
    found = [text[c.start : c.end] for c in find_candidates(text)]
    assert found == ["Regional Convention on Ports"]
    # an “of” inside the name's complement, after its head, is kept
    text = "It supports the Regional Convention for the Protection of the Coasts."
    found = [text[c.start : c.end] for c in find_candidates(text)]
    assert found == ["Regional Convention for the Protection of the Coasts"]


def test_a_quoted_coined_name_that_is_built_is_a_mechanism() -> None:
    # 共建“冰上丝绸之路”, “数字丝路”合作: a joint project; a scare quote is no name
    assert _found("中方提出共建“冰上丝绸之路”。") == [
        ("冰上丝绸之路", "CooperationMechanism", "冰上丝绸之路")
    ]
    assert [e for e, _, _ in _found("开展“数字丝路”合作。")] == ["数字丝路"]
    assert _found("把外空界定为“作战领域”。") == []


def test_resolution_numbers_one_mention_per_resolution() -> None:
    found = _found("落实安理会第1267号和第1373号决议，以及第2250、2419号决议。")
    assert [(exact, name) for exact, _, name in found] == [
        ("安理会第1267号", "安理会第1267号决议"),  # the body with the first, as the gold does
        ("第1373号决议", "安理会第1373号决议"),
        ("第2250", "安理会第2250号决议"),
        ("2419号决议", "安理会第2419号决议"),
    ]
    assert {cls for _, cls, _ in found} == {"Resolution"}


def test_a_single_resolution_is_named_with_its_body() -> None:
    assert _found("安理会第2589（2021）号决议和联大第76/262号决议") == [
        ("安理会第2589（2021）号决议", "Resolution", "安理会第2589号决议"),
        ("联大第76/262号决议", "Resolution", "联大第76/262号决议"),
    ]


def test_a_resolution_the_vocabulary_has_is_that_resolution() -> None:
    found = _all("落实安理会第2231（2015）号决议、S/RES/2231(2015)和第2231号和第1737号决议。")
    assert [(e, c) for e, c in found if c == "unscr-2231"] == [
        ("安理会第2231（2015）号决议", "unscr-2231"),
        ("S/RES/2231（2015）", "unscr-2231"),
        ("第2231号", "unscr-2231"),
    ]
    assert ("第1737号决议", "安理会第1737号决议") in found


def test_a_coordinated_resolution_keeps_its_body() -> None:
    found = _all("安理会第2231号和第1737号决议")
    assert found == [
        ("安理会第2231号", "unscr-2231"),
        ("第1737号决议", "安理会第1737号决议"),
    ]


def test_a_meeting_on_a_known_zone_is_a_name_a_summit_of_a_known_body_is_not() -> None:
    extra = (
        FIELD
        + """concept:p5 a gsi:StateGrouping ; skos:prefLabel "五核国"@zh .
concept:me-zone a gsi:Regime ; skos:prefLabel "中东无核武器及其他大规模杀伤性武器区"@zh ."""
    )
    text = (
        "标题\n召开中东无核武器及其他大规模杀伤性武器区会议，推进五核国进程，出席上海合作组织峰会。"
    )
    found = [(m.exact, m.top_class) for m in mentions(analyse(text, extra=extra))]
    assert found == [
        ("中东无核武器及其他大规模杀伤性武器区会议", "Mechanism"),
        ("五核国进程", "Mechanism"),
        ("上海合作组织", "Organisation"),
    ]


def test_a_name_with_a_known_entity_under_another_label_is_that_concept() -> None:
    assert _all("履行伊核问题全面协议。") == [("伊核问题全面协议", "jcpoa")]


def test_a_discovered_name_is_written_with_the_preferred_labels_inside_it() -> None:
    short, full = _found("上合组织秘书处"), _found("上海合作组织秘书处")
    assert short[0][2] == full[0][2] == "上海合作组织秘书处"


def test_a_quoted_name_drops_its_quantifier() -> None:
    assert _exacts("建立“一项共同安全议程”。") == ["共同安全议程"]


def test_acronyms_are_found_in_chinese_text_in_their_other_cases() -> None:
    found = _all("所谓QUAD，也就是Quad。quad不算，who也不算，WHO算。")
    assert found == [("QUAD", "quad"), ("Quad", "quad"), ("WHO", "who")]


def test_traditional_characters_name_the_same_concepts() -> None:
    found = _all("聯合國安理會第2231號決議與《聯合國憲章》")
    assert found == [("聯合國安理會第2231號決議", "unscr-2231"), ("聯合國憲章", "un-charter")]


def test_a_quoted_name_is_a_name_whatever_its_head() -> None:
    assert _found("所谓“四方安全对话”") == [("四方安全对话", "DialoguePlatform", "四方安全对话")]
    assert _found("开展“安全对话”") == []


def test_a_long_label_is_found_without_its_de() -> None:
    assert _all("践行真正多边主义。") == [("真正多边主义", "true-multilateralism")]
    # a short one is not: 人安全 is part of 个人安全
    assert _all("保障个人安全。") == []


def test_taiwan_and_hong_kong_wording_names_the_mainland_concepts() -> None:
    found = _all("東協反對零和賽局與冷戰心態，東南亞國家協會")
    assert found == [
        ("東協", "asean"),
        ("零和賽局", "zero-sum-game"),
        ("冷戰心態", "cold-war-mentality"),
        ("東南亞國家協會", "asean"),
    ]


def test_a_name_split_by_a_running_page_number_is_found_whole() -> None:
    text = (
        "中方高度重视全球发展，欢迎更多国家和国际组织加入全球发展倡议之友\n- 3 -\n"
        "小组，共同推动全球发展倡议落地见效。"
    )
    assert "全球发展倡议之友小组" in _exacts(text)


def test_a_bare_group_of_friends_names_the_group_named_before() -> None:
    result = analyse(
        "标题\n全球发展倡议之友小组在纽约成立。\n一年来，之友小组举办多场活动。", extra=FIELD
    )
    groups = [(m.exact, m.iri) for m in mentions(result) if m.exact.endswith("之友小组")]
    assert [exact for exact, _ in groups] == ["全球发展倡议之友小组", "之友小组"]
    assert groups[0][1] == groups[1][1]
    # with no group named before, the bare head names nothing
    assert [m for m in mentions(analyse("标题\n之友小组举办活动。")) if m.is_concept] == []


def test_a_label_opening_with_a_known_name_is_found_with_its_other_names() -> None:
    extra = (
        FIELD
        + """concept:au a gsi:RegionalOrganisation ; skos:prefLabel "非洲联盟"@zh ;
    skos:altLabel "非盟"@zh .
concept:au-psos a gsi:CooperationMechanism ; skos:prefLabel "非盟主导的和平支持行动"@zh ."""
    )
    result = analyse("标题\n支持非洲联盟主导的和平支持行动。", extra=extra)
    assert [(m.exact, slug(m.iri)) for m in mentions(result)] == [
        ("非洲联盟主导的和平支持行动", "au-psos")
    ]


def test_a_hidden_short_form_after_a_verb_ending_in_dao_counts() -> None:
    extra = FIELD + 'concept:jcpoa skos:hiddenLabel "全面协议"@zh .'
    result = analyse("标题\n伊核问题全面协议是重要成果，各方应回到全面协议。", extra=extra)
    assert [slug(m.iri) for m in mentions(result) if m.is_concept] == ["jcpoa", "jcpoa"]


def test_a_place_before_a_known_regime_names_one_of_its_kind() -> None:
    extra = FIELD + 'concept:nwfz a gsi:Regime ; skos:prefLabel "无核武器区"@zh .'
    result = analyse("标题\n支持中亚无核武器区，支持建立无核武器区。", extra=extra)
    found = [(m.exact, m.top_class, m.discovered is not None) for m in mentions(result)]
    assert found == [("中亚无核武器区", "Mechanism", True), ("无核武器区", "Mechanism", False)]


def test_english_resolutions_one_mention_per_resolution() -> None:
    extra = FIELD + 'concept:unscr-2231 skos:altLabel "resolution 2231"@en .'
    text = (
        "Statement\n\nWe support resolutions 1373 (2001) and 2178 (2014), and resolution "
        "2231 (2015).\n"
    )
    seg = segment(clean_text(text, language="en").blocks, language="en")
    result = Analyser(NS, vocabulary(extra)).analyse_passages(seg, None)
    found = [
        (m.exact, m.discovered.name if m.discovered else slug(m.iri)) for m in mentions(result)
    ]
    assert found == [
        ("resolutions 1373 (2001)", "安理会第1373号决议"),
        ("2178 (2014)", "安理会第2178号决议"),
        ("resolution 2231 (2015)", "unscr-2231"),
    ]


def test_the_council_in_english_is_the_council_named_before() -> None:
    extra = """
concept:un-security-council skos:prefLabel "United Nations Security Council"@en ;
    skos:altLabel "Security Council"@en .
concept:pbc a gsi:UNBody ; skos:prefLabel "Peacebuilding Commission"@en .
concept:auc a gsi:RegionalOrganisation ; skos:prefLabel "African Union Commission"@en .
"""
    text = (
        "Statement\n\nWe thank the African Union Commission. The Council should act. "
        "The Commission should listen. The Peacebuilding Commission matters, and the Commission "
        "should listen more. The Group of Twenty is not named here.\n"
    )
    seg = segment(clean_text(text, language="en").blocks, language="en")
    result = Analyser(NS, vocabulary(extra)).analyse_passages(seg, None)
    assert [(m.exact, slug(m.iri)) for m in mentions(result) if m.is_concept] == [
        ("African Union Commission", "auc"),
        ("Commission", "auc"),  # the Council: no council named yet
        ("Peacebuilding Commission", "pbc"),
        ("Commission", "pbc"),
    ]


def test_a_meeting_of_a_known_body_is_that_body() -> None:
    extra = (
        FIELD
        + """concept:brics a gsi:StateGrouping ; skos:prefLabel "金砖国家"@zh .
concept:focac a gsi:Forum ; skos:prefLabel "中非合作论坛"@zh ."""
    )
    text = "标题\n出席上海合作组织元首理事会会议、中非合作论坛北京峰会和金砖国家领导人会晤机制。"
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text, extra=extra))]
    assert found == [("上海合作组织", "sco"), ("中非合作论坛", "focac"), ("金砖国家", "brics")]


def test_a_domain_and_an_event_word_are_no_name() -> None:
    extra = FIELD + 'concept:ai a gsi:NonTraditionalSecurityDomain ; skos:prefLabel "人工智能"@zh .'
    text = "标题\n召开网络安全会议、人工智能大会和反恐论坛。"
    assert [m for m in mentions(analyse(text, extra=extra)) if m.discovered is not None] == []


def test_the_system_of_a_known_treaty_is_a_regime_the_system_of_a_body_is_the_body() -> None:
    extra = FIELD + 'concept:ats a gsi:Agreement ; skos:prefLabel "南极条约"@zh .'
    text = "标题\n维护南极条约体系，支持联合国体系和亚洲安全体系，支持联合国伊拉克援助团。"
    found = [
        (m.exact, m.top_class, m.discovered is not None)
        for m in mentions(analyse(text, extra=extra))
    ]
    assert found == [
        ("南极条约体系", "Mechanism", True),
        ("联合国", "Organisation", False),
        ("联合国伊拉克援助团", "Organisation", True),
    ]


def test_a_range_from_one_body_to_another_is_two_names() -> None:
    extra = """
concept:cica a gsi:DialoguePlatform ; skos:prefLabel "亚洲相互协作与信任措施会议"@zh ;
    skos:altLabel "亚信"@zh .
concept:admm-plus a gsi:DialoguePlatform ; skos:prefLabel "东盟防长扩大会"@zh ."""
    texts = ("标题\n从亚信到东盟防长扩大会，地区对话平台众多。", "標題\n從亞信到東盟防長擴大會")
    for text in texts:
        found = [(slug(m.iri), m.discovered is None) for m in mentions(analyse(text, extra=extra))]
        assert found == [("cica", True), ("admm-plus", True)]


def test_a_foreign_ministers_or_ministerial_meeting_of_a_known_body_is_that_body() -> None:
    extra = """
concept:arctic-council a gsi:RegionalOrganisation ; skos:prefLabel "北极理事会"@zh ."""
    text = "标题\n澜湄合作第八次外长会和澜湄合作外长会之后，北极理事会部长级会议召开。"
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text, extra=extra))]
    assert found == [("澜湄合作", "lmc"), ("澜湄合作", "lmc"), ("北极理事会", "arctic-council")]


def test_a_high_level_forum_on_a_known_initiative_is_a_name_of_its_own() -> None:
    text = "标题\n中方将于明年举办全球安全倡议高级别论坛。"
    found = [(m.exact, m.top_class, m.discovered is not None) for m in mentions(analyse(text))]
    assert ("全球安全倡议高级别论坛", "Mechanism", True) in found


def test_a_qualified_seminar_on_a_known_initiative_is_a_name_a_bare_one_its_meeting() -> None:
    # 高级别研讨会 names an event of its own, like 高级别论坛; X研讨会 is a meeting of X (R2.7.58)
    text = "标题\n中方举办了全球安全倡议高级别研讨会，也举办了全球安全倡议研讨会。"
    found = [(m.exact, m.top_class, m.discovered is not None) for m in mentions(analyse(text))]
    assert found[1] == ("全球安全倡议高级别研讨会", "Mechanism", True)
    assert found[-1] == ("全球安全倡议", "Mechanism", False)


def test_a_party_speaking_before_a_format_head_makes_no_name() -> None:
    # 中方 is the subject of the sentence, not a modifier: the name starts at 中日韩 or nowhere
    text = "标题\n中方积极评价这次会议。中方重视中日韩合作机制，俄方关注中俄战略磋商。"
    found = [(m.exact, m.discovered is not None) for m in mentions(analyse(text))]
    assert ("中日韩合作机制", True) in found
    assert not any(exact.startswith(("中方", "俄方")) for exact, new in found if new)


def test_a_format_of_a_state_and_a_known_organisation_is_a_mechanism() -> None:
    extra = """
concept:asean a gsi:RegionalOrganisation ; skos:prefLabel "东南亚国家联盟"@zh ;
    skos:altLabel "东盟"@zh ."""
    text = "标题\n中国—东南亚国家联盟峰会和中国－东南亚国家联盟安全对话机制，东南亚国家联盟支持。"
    found = [
        (m.exact, m.top_class, m.discovered is not None)
        for m in mentions(analyse(text, extra=extra))
    ]
    assert found == [
        ("中国—东南亚国家联盟峰会", "Mechanism", True),
        ("中国－东南亚国家联盟安全对话机制", "Mechanism", True),
        ("东南亚国家联盟", "Organisation", False),
    ]


def test_the_mechanism_of_a_dialogue_keeps_its_mechanism_word() -> None:
    text = "标题\n双方同意用好中俄外交部战略对话机制和中国—中亚峰会机制。"
    found = [m.exact for m in mentions(analyse(text)) if m.discovered is not None]
    assert found == ["中俄外交部战略对话机制", "中国—中亚峰会"]


def test_a_known_meeting_written_with_its_mechanism_word_is_one_mention() -> None:
    extra = """
concept:c5-fm a gsi:DialoguePlatform ; skos:prefLabel "中国—中亚外长会晤"@zh ."""
    text = "标题\n中方重视中国—中亚外长会晤机制，第六次中国—中亚外长会晤将在西安举行。"
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text, extra=extra))]
    assert found == [
        ("中方", "china"),
        ("中国—中亚外长会晤机制", "c5-fm"),
        ("中国—中亚外长会晤", "c5-fm"),
    ]


def test_a_known_cooperation_written_with_its_mechanism_word_is_one_mention() -> None:
    text = "标题\n中方支持澜湄合作机制发挥作用，澜湄合作是重要平台。"
    found = [(m.exact, slug(m.iri)) for m in mentions(analyse(text))]
    assert found == [("中方", "china"), ("澜湄合作机制", "lmc"), ("澜湄合作", "lmc")]


def test_english_general_assembly_resolutions_are_named_by_session_and_number() -> None:
    extra = """
concept:un-general-assembly a gsi:UNPrincipalOrgan ; skos:prefLabel "联合国大会"@zh ;
    skos:altLabel "General Assembly"@en .
concept:unga-76-6 a gsi:Resolution ; skos:prefLabel "大会第76/6号决议"@zh ;
    skos:altLabel "A/RES/76/6"@en ."""
    text = (
        "Statement\n\nWe welcome General Assembly resolution 77/280 and recall resolutions "
        "2086 (2013) and 76/6.\n"
    )
    seg = segment(clean_text(text, language="en").blocks, language="en")
    result = Analyser(NS, vocabulary(extra)).analyse_passages(seg, None)
    found = [
        (m.exact, m.discovered.name if m.discovered else slug(m.iri)) for m in mentions(result)
    ]
    assert found == [
        ("General Assembly resolution 77/280", "联合国大会第77/280号决议"),
        ("resolutions 2086 (2013)", "安理会第2086号决议"),
        ("76/6", "unga-76-6"),
    ]


def test_a_quoted_code_before_a_format_word_is_the_formats_mention() -> None:
    text = "标题\n双方同意用好两国外长防长“2+2”对话机制，办好“C5+1”磋商，落实“四个坚持”。"
    found = [
        (m.exact, m.discovered.name, m.top_class)
        for m in mentions(analyse(text))
        if m.discovered is not None
    ]
    assert found == [
        ("2+2", "2+2对话机制", "Mechanism"),
        ("C5+1", "C5+1磋商", "Mechanism"),
    ]


def test_a_quoted_numbered_consensus_is_a_declaration() -> None:
    # a quoted consensus with its number of points names a document; a quoted phrase does not
    assert _found("落实“五点共识”和「六點共識」，凝聚“全球共识”。") == [
        ("五点共识", "Declaration", "五点共识"),
        ("六點共識", "Declaration", "六点共识"),
    ]


def test_a_titles_closing_years_are_in_the_mention_not_in_the_name() -> None:
    # the years of a plan are an official part of its title (§1.5); the name is the plan's
    assert _found("审议《澜湄合作五年行动计划（2023—2027）》执行情况。") == [
        ("澜湄合作五年行动计划（2023—2027）", "Initiative", "澜湄合作五年行动计划"),
    ]


def test_a_process_named_after_an_activity_is_described() -> None:
    # 销毁进程 describes the destruction of the weapons (an issue), 阿斯塔纳进程 is a name
    assert _found("敦促日方加快日本遗弃在华化学武器销毁进程，支持阿斯塔纳进程。") == [
        ("阿斯塔纳进程", "CooperationMechanism", "阿斯塔纳进程"),
    ]


def test_a_meeting_of_a_known_mechanism_is_that_mechanism() -> None:
    # R2.7.40: the meeting of a known body is no concept; a name starts after 介绍
    text = "标题\n记者：请介绍澜湄合作外长会的主要议程。"
    assert spans(analyse(text)) == [("澜湄合作", "lmc")]
    assert _found("请介绍澜湄合作外长会的主要议程。") == []
