"""Cleaning: page-break repair, boilerplate removal and normalisation, on the real seeds."""

from __future__ import annotations

import pytest

from kg.pipeline.clean import LayoutProfile, clean_text, normalise_line, should_join
from tests.conftest import CORPUS

# Words the source texts split across a page break or hard wrap (checked against the raw files).
SPLIT_WORDS = {
    "new-agenda-for-peace-position-paper": [
        "推动实现国际关系民主化",
        "形成系统、科学、有效的预防外交战略",
        "履行核裁军特殊",
        "地缘政治考量",
        "外空军控法律文书",
        "联合国网络空间负责任国家行为框架",
    ],
    "gsi-concept-paper": [
        "可持续的新安全观",
        "坚持共同、综合、合作、可持续的安全观",
        "应当受到抵制和反对",
        "积极参与联合国秘书长“我们的共同议程”报告关于制定“新和平纲领”等建议的工作",
        "加快发展合作",
        "妥善处理海上分歧",
    ],
    "unsc-briefing-concept-note-2022": [
        "将于2022年8月22日举办",
        "安全理事会通报会",
        "维护国际和平与安全的首要责任",
        "国家元首和政府首脑级会议",
        "核裁军进程陷入僵局",
        "避免军备竞赛",
        "“维护国际和平与安全：加强对话合作，维护共同安全”的通报会概念说明",
    ],
    "cd-speech-2021": [
        "坚决抵制冷战思维",
        "是维护世界和平与安全的重要手段",
        "建立半岛永久和平机制",
    ],
}

ARTICLE_BOILERPLATE = ["8013832", "首页", "分享到", "责任编辑", "审核", "来源", "习近平离京"]


def cleaned(doc_id: str) -> str:
    return clean_text((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")).text


@pytest.mark.parametrize(("doc_id", "word"), [(d, w) for d, ws in SPLIT_WORDS.items() for w in ws])
def test_page_break_splits_are_rejoined(doc_id: str, word: str) -> None:
    text = cleaned(doc_id)
    assert word in text
    assert all(word not in block or "\n" not in block for block in text.split("\n"))


def test_paragraph_breaks_are_kept() -> None:
    blocks = cleaned("cd-speech-2021").split("\n")
    assert "主席先生，" in blocks
    assert "第一，共同维护全球战略稳定。" in blocks
    assert "尊敬的艾赫特大使，瓦罗瓦娅秘书长，" in blocks
    letter = cleaned("unsc-briefing-concept-note-2022").split("\n")
    assert {"目标", "背景", "中华人民共和国常驻联合国代表", "特命全权大使"} <= set(letter)


def test_article_boilerplate_removed_but_recorded() -> None:
    raw = (CORPUS / "gsi-article-2024.txt").read_text(encoding="utf-8")
    doc = clean_text(raw)
    for fragment in ARTICLE_BOILERPLATE:
        assert fragment not in doc.text, fragment
    reasons = {r.reason for r in doc.removed}
    assert {"numeric id", "navigation", "share widget", "source/editor line"} <= reasons
    assert any("习近平离京" in r.text and r.line == 2 for r in doc.removed)
    assert doc.text.count("致力构建普遍安全的人类命运共同体\n") == 1
    assert doc.published is not None and doc.published.isoformat() == "2024-04-19"
    assert doc.web_metadata["责任编辑"] == "戚易斌"


def test_normalisation_rules() -> None:
    assert normalise_line(" 2022 年 8 月 12 日 ") == "2022年8月12日"
    assert normalise_line("倡议 主张各国") == "倡议主张各国"
    assert normalise_line("来源:网站,编辑") == "来源：网站，编辑"
    assert normalise_line("张军(签名)") == "张军（签名）"
    assert normalise_line("New Agenda for Peace") == "New Agenda for Peace"
    assert normalise_line("１０个ＡＢ") == "10个AB"
    assert normalise_line("1,000 and A/RES/76/262") == "1,000 and A/RES/76/262"


def test_join_decisions() -> None:
    profile = LayoutProfile(labels=frozenset({"优先任务"}), sentence_styles=frozenset())
    assert should_join(
        "优先任务：遵守和落实联合国网络空间负责任国家行为框", "架，维护开放。", profile
    )
    assert not should_join("一、背景", "安全问题事关各国人民的福祉。", profile)
    assert not should_join("主席先生，", "今年1月，中国……", profile)
    assert should_join(
        "安全理事会定于8月22日举行的关于“维护国际和平与安全：", "加强对话”。", profile
    )
    web = LayoutProfile(frozenset(), frozenset(), web_page=True)
    assert not should_join(
        "杨守征，习近平外交思想研究中心特约研究员", "2022年4月21日，习近平……", web
    )


@pytest.mark.parametrize("number", ["5", "- 5 -", "—5—", "第5页", "5/12", "第 5 页，共 12 页"])
def test_a_running_page_number_inside_a_paragraph_is_removed(number: str) -> None:
    raw = (
        "中方一贯支持联合国在国际事务中发挥核心作用，积极参与上海合作"
        f"\n{number}\n组织框架下的安全合作。"
    )
    cleaned = clean_text(raw)
    assert [b.text for b in cleaned.blocks] == [
        "中方一贯支持联合国在国际事务中发挥核心作用，积极参与上海合作组织框架下的安全合作。"
    ]
    assert [(r.line, r.reason) for r in cleaned.removed] == [(2, "page number")]


@pytest.mark.parametrize(
    ("raw", "first_block"),
    [
        # a joint statement's long title, then its opening sentence
        (
            "中华人民共和国和马来西亚关于构建高水平战略性中马命运共同体的联合声明\n\n"
            "应中华人民共和国国务院总理邀请，马来西亚总理对中国进行正式访问。\n",
            "中华人民共和国和马来西亚关于构建高水平战略性中马命运共同体的联合声明",
        ),
        # a title with a subtitle after a colon, and an enumeration's 、
        (
            "人工智能治理：各国立场的交汇与分歧\n\n过去一年，人工智能治理成为热门议题。\n",
            "人工智能治理：各国立场的交汇与分歧",
        ),
        (
            "关于深化全面战略伙伴关系、推进命运共同体建设的联合声明\n\n双方一致认为，两国关系日益重要。\n",
            "关于深化全面战略伙伴关系、推进命运共同体建设的联合声明",
        ),
    ],
)
def test_a_title_keeps_its_own_block(raw: str, first_block: str) -> None:
    blocks = [block.text for block in clean_text(raw).blocks]
    assert blocks[0] == first_block
    assert len(blocks) == 2


def test_a_salutation_opens_a_block() -> None:
    raw = (
        "2025年11月28日中华人民共和国常驻联合国代表给安全理事会主席的信\n\n主席先生：\n\n"
        "我谨随函转递立场文件。\n"
    )
    assert [b.text for b in clean_text(raw).blocks] == [
        "2025年11月28日中华人民共和国常驻联合国代表给安全理事会主席的信",
        "主席先生：",
        "我谨随函转递立场文件。",
    ]


def test_a_first_line_cut_mid_sentence_still_joins() -> None:
    # a hard-wrapped first line of body text (it has a comma: no title) joins across a blank line
    raw = "中方认为，各方应当在以下方面加强对话与合作并在联合国框架内\n\n共同应对挑战。\n"
    assert [b.text for b in clean_text(raw).blocks] == [
        "中方认为，各方应当在以下方面加强对话与合作并在联合国框架内共同应对挑战。"
    ]
