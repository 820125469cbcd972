"""Stances: where a holder supports, opposes or calls for something.

A *cue* (支持, 反对, 呼吁, 应 …) governs the concepts named after it in its clause, up to the next
clause break (，；：。) or the next cue, so a coordinated list (``反对A和B``, ``A、B和C``) is
governed as a whole. Then:

* **negation** right before the cue (不, 不应, 不得, 决不 …) turns support and calls into
  opposition (``gsi:negated true``);
* a **passive** cue (``X应当受到抵制和反对``) governs the concepts named before it in the sentence;
* **``反对/避免 … 化``**: in ``反对将反恐政治化`` what is opposed is the politicisation, not
  counter-terrorism, so a concept that is the object of 将/把 or of a ``…化`` verb is no target;
* **breach**: opposing the breach of a concept (``反对违反联合国宪章的行为``, ``打击破坏X的活动``,
  ``反对限制和平利用科技``) is no opposition to it but support for it (the cue is the opposition
  verb; a breached security domain is supported too);
* **cessation**: ``敦促美方停止单边制裁`` opposes 单边制裁 (停止 is an opposition cue, and an
  opposition cue inside a call stays opposition);
* **denial**: ``不是A，而是B`` opposes A and supports B when A follows the denial directly
  (不是零和博弈, 不搞阵营对抗; not 不是因为A…); 不是 without a following 而是 is no cue, unless
  it denies a doing (X从来不是搞阵营对抗: 不是搞 opposes what it is followed by);
* a support verb right after an opposition verb (``反对奉行双重标准``) is part of what is
  opposed;
* **concession** clauses (虽然, 尽管, 中方虽未…) and questions state no stance; a negated
  signature (未加入, 尚未批准) is no opposition and gives no stance;
* an attributive cue of another agent than the document's voice or parties
  (``秘书长提出的新和平纲领``: a cue followed by 的) is no cue, it says who made the concept;
  ``中方提出的全球数据安全倡议`` is a stance;
* opposing an organisation's action (``反对安理会动辄实施制裁``) is no opposition to the
  organisation, supporting its reform (``支持对安理会进行改革``) no support for it, and an
  organisation naming an office (``联合国秘书长``) is no target, nor the body a call is
  addressed to (``呼吁五核国谈判…``), nor a body adopting an instrument or the subject of an
  unnamed one (``欢迎联大通过关于X的决议``), nor an issue under discussion (``讨论X问题``);
* a cue word inside a name (实现 in 实现中东安全稳定的五点倡议) is no cue;
* ``在X、Y等框架下开展合作`` (深化, 加强 … 合作/交流/对话; ``通过X等现有机制加强合作``,
  ``在X基础上深化合作``) supports the frameworks X and Y, and so does ``通过X支持/推进…`` (a
  support or promotion cue right after the bodies it works through; 通过的 is adoption);
* ``同X、Y保持合作`` supports X and Y (a **partnership**; 合作 with no 同/与 before it in its
  clause is no cue);
* an **evaluation** (``X是…重要基础``, ``为X发挥建设性作用``) supports what comes before it, back
  to the previous cue, a **censure** (``X是…根源``, ``X严重威胁…``) opposes it; a security domain
  receives no evaluation; a noun of evaluation evaluates only as a predicate (not in
  ``消除冲突根源``, :data:`PREDICATE_NOUNS`), and after 是 only the subject (``X是A和B普遍共识``
  supports X, not A), unless it is a noun of an agent (``是X的坚定支持者``); a censure that
  harms (``严重损害X``, ``严重威胁X``) supports the harmed X after it (not a domain), one of
  contradiction (``A与X背道而驰``) the X after 与, and a body opening the censured clause is
  censured, not the holder; the conduct of unnamed others the document describes
  (``个别国家奉行A，部署B，严重损害…``) is theirs, and the censure closing it reaches A and B;
* the agent of a passive attribute (``经安理会决议核可的``) or of an attributive clause
  (``联合国大会通过的X``, ``《联合国宪章》确立的X``) is no target, nor a pretext
  (``以维护网络安全为名``, ``借防扩散之名``, ``以X为由``: its verb is no cue either), nor what
  is excepted (``支持X以外的多边研究``), nor a threat countered in the clause of a support or a
  call (``加强应对毒品、网络攻击威胁的能力``); a word inside a cited title
  (``转递《关于加强军控合作的立场文件》``) is no cue;
* a **contrast** (``共赢而非零和``) opposes only the concept right after 而非/而不是;
* opposing or fighting a threat (打击恐怖主义, 反对外空武器化) is no opposition to a security
  **domain**: domains only receive support and calls, and not from 利用 (和平利用外空) nor as
  the subject of an -isation (推动网络空间阵营化); a **combat** cue (打击, 遏制, 防范; banning
  and destroying: 全面禁止和彻底销毁核武器) opposes only opposed ideas and topics (a weapon);
* the field of a role (``支持联合国在全球安全治理中发挥作用``, the X of 在X中, also in a list
  and with 方面/领域: ``在冲突预防、建设和平和维和行动中发挥更大作用``) is no target.

Participation (参与) is no cue: taking part in a process says nothing about the holder's
position on it. Who holds each stance is read from the sentence's subject
(:mod:`kg.pipeline.extract.holders`); a stance whose holder is a non-state third party is dropped.
Headings and a journalist's questions give no stances (:class:`kg.pipeline.extract.Analyser`).

The cues, by kind (:data:`CUES`, printed by :func:`cue_table`; a test checks the two agree):

- endorsement (Support):
  坚定支持, 积极支持, 大力支持, 高度赞赏, 高度评价, 高度重视, 积极评价, 支持, 赞赏, 赞成, 欢迎,
  倡导, 主张, 重视, 配合, 只能通过, 重申
- commitment (Support):
  坚持, 维护, 捍卫, 践行, 遵守, 恪守, 履行, 信守, 奉行, 秉持, 致力于, 落实, 遵循, 尊重, 坚守,
  弘扬, 承诺, 执行, 实施, 用好
- signature (Support):
  签署, 批准, 加入, 赞同, 核可, 缔结
- promotion (Support):
  推动, 推进, 提出, 构建, 共建, 建设, 建立, 打造, 实现, 促进, 加强, 强化, 深化, 完善, 发挥, 利用,
  开展, 达成, 发布, 加快, 成立, 发起, 依托, 加大, 设立, 走出
- opposition (Opposition):
  反对, 抵制, 摒弃, 摈弃, 放弃, 废除, 避免, 防止, 谴责, 拒绝, 停止, 终止, 批评
- combat (Opposition):
  打击, 遏制, 防范, 抵御, 惩治, 全面禁止, 彻底销毁, 销毁, 禁止
- contrast (Opposition):
  而不是, 而非
- denial (Opposition):
  不是, 并非, 不搞, 不走
- affirmation (Support):
  而是
- partnership (Support):
  合作
- evaluation (Support):
  重要基础, 重要成果, 外交成果, 有益渠道, 重要渠道, 重要场所, 重要平台, 重要支柱, 可行之道,
  一贯立场, 人间正道, 根本准则, 重要意义, 现实出路, 根本出路, 生命线, 重要共识, 重要文件,
  重要参考, 有效途径, 基本准则, 基石, 良好基础, 基本遵循, 根本途径, 多边平台, 坚定支持者,
  坚定维护者, 支持者, 维护者, 捍卫者, 践行者, 重要机制, 中国方案, 重要力量, 法律依据,
  重要组成部分, 积极作用, 建设性作用, 高度契合, 为指引, 为引领, 为遵循, 普遍共识, 生动体现,
  最具代表性, 不容挑战, 有助于, 依然有效, 仍然有效, 影响力最广, 不容剥夺, 作出了贡献,
  作出了重要贡献, 作出了积极贡献, 提供了平台, 提供了重要平台
- censure (Opposition):
  根源, 翻版, 最大威胁, 公然挑战, 产物, 严重威胁, 难以令人信服, 无助于, 并无正当角色, 缺乏普遍性,
  不具有普遍性, 存在争议, 注定失败, 解决不了问题, 没有市场, 严重冲击, 严重损害, 背道而驰
- call (CallToAction):
  呼吁, 敦促, 鼓励, 希望, 期望, 期待, 可考虑
- modal (CallToAction):
  应当, 应该, 必须, 需要, 应, 要

A cue looks at most :data:`MAX_CLAUSE` characters before and after it, so the work per cue, and a
document's whole analysis, stays linear in its length whatever its punctuation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.pipeline.extract.holders import THIRD_PARTY, DocumentHolders, Holder
from kg.pipeline.extract.mentions import Mention, quote_window, sentence_spans

# How far a cue's clause reaches on either side, at most (a clause is rarely a tenth of this).
MAX_CLAUSE = 300

SUPPORT = "Support"
OPPOSITION = "Opposition"
CALL = "CallToAction"


@dataclass(frozen=True)
class Cue:
    """What a cue word does: its polarity and its kind (which decides its scope rules)."""

    polarity: str
    kind: str


# The kinds of cue, in the order the table shows them, with what each governs.
KINDS: dict[str, str] = {
    "endorsement": "the concepts after it",
    "commitment": "the concepts after it (遵守/履行 … 义务, 承诺)",
    "signature": "the instruments after it",
    "promotion": "the concepts after it",
    "opposition": "the concepts after it, never a security domain",
    "combat": "only opposed ideas and topics after it (打击恐怖主义 opposes no domain)",
    "contrast": "only the concept right after it",
    "denial": "the concepts between it and a following 而是 (without 而是 it is no cue)",
    "affirmation": "the concepts after it, when a denial came before it",
    "partnership": "the bodies named between 同/与 and it (同国际原子能机构保持合作)",
    "evaluation": "the concepts before it, back to the previous cue (X是…重要基础)",
    "censure": "the concepts before it, back to the previous cue (X是…根源)",
    "call": "the concepts after it; a support verb after it is part of the call",
    "modal": "the concepts after it; a support verb after it is part of the call",
}


def cues_of_kind(polarity: str, kind: str, words: tuple[str, ...]) -> dict[str, Cue]:
    """Table rows: each of ``words`` as a cue of ``polarity`` and ``kind``."""
    return dict.fromkeys(words, Cue(polarity, kind))


# Evaluation and censure nouns (X是…重要基础, X是…根源): they evaluate only as a predicate
# (X是…, 为…提供了, 具有…), never as a noun elsewhere (消除冲突根源).
EVALUATION_NOUNS = (
    "重要基础",
    "重要成果",
    "外交成果",
    "有益渠道",
    "重要渠道",
    "重要场所",
    "重要平台",
    "重要支柱",
    "可行之道",
    "一贯立场",
    "人间正道",
    "根本准则",
    "重要意义",
    "现实出路",
    "根本出路",
    "生命线",
    "重要共识",
    "重要文件",
    "重要参考",
    "有效途径",
    "基本准则",
    "基石",
    "良好基础",
    "基本遵循",
    "根本途径",
    "多边平台",
    "坚定支持者",
    "坚定维护者",
    "支持者",
    "维护者",
    "捍卫者",
    "践行者",
    "重要机制",
    "中国方案",
    "重要力量",
    "法律依据",
    "重要组成部分",
)
CENSURE_NOUNS = (
    "根源",
    "翻版",
    "最大威胁",
    "公然挑战",
    "产物",
)
PREDICATE_NOUNS = frozenset((*EVALUATION_NOUNS, *CENSURE_NOUNS))
# Nouns of an agent (是X的坚定支持者): their object, in the predicate, is what is supported.
AGENT_NOUNS = frozenset(("坚定支持者", "坚定维护者", "支持者", "维护者", "捍卫者", "践行者"))
# Evaluation and censure phrases, cues wherever they stand (为推动停火发挥了积极作用).
EVALUATION_PHRASES = (
    "积极作用",
    "建设性作用",
    "高度契合",
    "为指引",
    "为引领",
    "为遵循",
    "普遍共识",
    "生动体现",
    "最具代表性",
    "不容挑战",
    "有助于",
    "依然有效",
    "仍然有效",
    "影响力最广",
    "不容剥夺",
    "作出了贡献",
    "作出了重要贡献",
    "作出了积极贡献",
    "提供了平台",
    "提供了重要平台",
)
CENSURE_PHRASES = (
    "严重威胁",
    "难以令人信服",
    "无助于",
    "并无正当角色",
    "缺乏普遍性",
    "不具有普遍性",
    "存在争议",
    "注定失败",
    "解决不了问题",
    "没有市场",
    "严重冲击",
    "严重损害",
    "背道而驰",
)
# Censures of a contradiction (A与X背道而驰): A is censured, X, after 与, supported.
CONTRADICTING = frozenset(("背道而驰",))


# The single table of cues (the module docstring prints it, see :func:`cue_table`).
CUES: dict[str, Cue] = {
    **cues_of_kind(
        SUPPORT,
        "endorsement",
        (
            "坚定支持",
            "积极支持",
            "大力支持",
            "高度赞赏",
            "高度评价",
            "高度重视",
            "积极评价",
            "支持",
            "赞赏",
            "赞成",
            "欢迎",
            "倡导",
            "主张",
            "重视",
            "配合",
            "只能通过",
            "重申",
        ),
    ),
    **cues_of_kind(
        SUPPORT,
        "commitment",
        (
            "坚持",
            "维护",
            "捍卫",
            "践行",
            "遵守",
            "恪守",
            "履行",
            "信守",
            "奉行",
            "秉持",
            "致力于",
            "落实",
            "遵循",
            "尊重",
            "坚守",
            "弘扬",
            "承诺",
            "执行",
            "实施",
            "用好",
        ),
    ),
    **cues_of_kind(SUPPORT, "signature", ("签署", "批准", "加入", "赞同", "核可", "缔结")),
    **cues_of_kind(
        SUPPORT,
        "promotion",
        (
            "推动",
            "推进",
            "提出",
            "构建",
            "共建",
            "建设",
            "建立",
            "打造",
            "实现",
            "促进",
            "加强",
            "强化",
            "深化",
            "完善",
            "发挥",
            "利用",
            "开展",
            "达成",
            "发布",
            "加快",
            "成立",
            "发起",
            "依托",
            "加大",
            "设立",
            "走出",
        ),
    ),
    **cues_of_kind(
        OPPOSITION,
        "opposition",
        (
            "反对",
            "抵制",
            "摒弃",
            "摈弃",
            "放弃",
            "废除",
            "避免",
            "防止",
            "谴责",
            "拒绝",
            "停止",
            "终止",
            "批评",
        ),
    ),
    **cues_of_kind(
        OPPOSITION,
        "combat",
        ("打击", "遏制", "防范", "抵御", "惩治", "全面禁止", "彻底销毁", "销毁", "禁止"),
    ),
    **cues_of_kind(OPPOSITION, "contrast", ("而不是", "而非")),
    **cues_of_kind(OPPOSITION, "denial", ("不是", "并非", "不搞", "不走")),
    **cues_of_kind(SUPPORT, "affirmation", ("而是",)),
    **cues_of_kind(SUPPORT, "partnership", ("合作",)),
    **cues_of_kind(SUPPORT, "evaluation", (*EVALUATION_NOUNS, *EVALUATION_PHRASES)),
    **cues_of_kind(OPPOSITION, "censure", (*CENSURE_NOUNS, *CENSURE_PHRASES)),
    **cues_of_kind(CALL, "call", ("呼吁", "敦促", "鼓励", "希望", "期望", "期待", "可考虑")),
    **cues_of_kind(CALL, "modal", ("应当", "应该", "必须", "需要", "应", "要")),
}
# Cues that report a position: only before a comma, governing the clause after it (双方重申，X;
# in 联合声明重申X the statement, not the voice, reaffirms).
REPORTING_CUES = frozenset(("重申",))
# Cues of weaker commitment (a modal, verbs of upholding): their stances get less confidence.
WEAK_CUES = frozenset(("应", "坚持", "维护", "推动"))


def cue_table(cues: dict[str, Cue], width: int = 96) -> str:
    """The cue table as the module docstrings print it: per kind, in :data:`KINDS` order, a line
    ``- kind (Polarity):`` and the cues on indented lines at most ``width`` columns wide (a
    Chinese character takes two).

    >>> print(cue_table({"反对": Cue("Opposition", "opposition")}))
    - opposition (Opposition):
      反对
    """
    lines = []
    for kind in KINDS:
        words = [word for word, cue in cues.items() if cue.kind == kind]
        if not words:
            continue
        lines.append(f"- {kind} ({cues[words[0]].polarity}):")
        line = ""
        for word in words:
            joined = f"{line}, {word}" if line else word
            if line and _columns(joined) + 2 > width:
                lines.append(f"  {line},")
                joined = word
            line = joined
        lines.append(f"  {line}")
    return "\n".join(lines)


def _columns(text: str) -> int:
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


_CUE = re.compile("|".join(sorted(map(re.escape, CUES), key=len, reverse=True)))
_NEGATION = re.compile(r"(?:不|不应|不得|不能|决不|绝不|从不|并不|无须|无需|不再|未|尚未|没有)$")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
# (未得到遵守 is a complaint, no passive cue)
_PASSIVE = re.compile(
    r"(?:受到|遭到|予以|(?<![未不没])得到)(?:严格|切实|充分|全面|有效|普遍|认真)?$"
)
# In a passive sentence, a concept the subject is said to contradict is no target.
_CONTRASTED = re.compile(r"[^，。；]{0,4}(?:相违背|相悖|不符|背道而驰)")
# A concession clause, its subject before the conjunction at most (中方虽未加入…).
_CONCESSION = re.compile(r"^[^，；：]{0,6}?(?:虽然|尽管|虽)")
# An organisation that is the subject of an embedded clause (反对安理会动辄实施制裁) is no target
# of opposition: what is opposed is its action.
_OFFICE_AFTER = re.compile(r"(?:常务副)?秘书长|特使|特别代表|主席|总干事|高级代表")
_EMBEDDED_SUBJECT = re.compile(r"[^、，,；;。和与及的“”《》「」『』（）()]")
# A demonstrative opening a subject that sums up the clauses before it (这些, 上述, 这类).
_RESUMPTIVE = re.compile(r"[“‘「]?(?:这些|这类|此类|上述|凡此种种)")
# A founding as a point in time (成立二十多年来, 建立以来).
_SINCE = re.compile(r"[^，；。]{0,8}?(?:以来|年来)")
# Words that make 应 something other than "should" (反应, 响应, 适应, 应对, 应用 …; not 应用好),
# and 应 as "at the invitation of" (应外交部长邀请, 应X之邀, 应约).
_NOT_SHOULD = re.compile(
    r"(?<=[反响适供相对呼回])应|应(?=[对急变当该约]|用(?!好)|[^，；。]{0,20}?(?:邀请|之邀))"
)
# Words that make 要 something other than "must" (重要, 主要, 需要, 要求, 要素 …).
_NOT_MUST = re.compile(r"(?<=[重主需必首只纲摘概扼紧显简])要|要(?=[求素义点件闻旨务害])")
# ``在X、Y等框架下开展合作``, ``在X基础上深化合作``: cooperation carried out in named frameworks
# supports them.
_FRAMEWORK = re.compile(
    r"(?:在([^，；。]{2,80}?)(?:等)?(?:(?:框架|机制|平台)(?:下|内|中)|基础上|领域)"
    r"|(?:通过|依托)([^，；。]{2,80}?)(?:等)?(?:现有|多边)?(?:框架|机制|平台|渠道))"
    r"[^，；。]{0,12}$"
)
# ``通过X和Y支持…``: what is done through named bodies or funds supports them (GUIDELINES
# decision 53); X ends right before the cue. 通过的 / 通过了 is adoption (大会通过的《千年宣言》).
_THROUGH = re.compile(r"通过(?![的了])([^，；。通的]{2,40}?)(?:继续|进一步|积极)?$")
# ``同X、Y保持合作``: cooperation with named bodies supports them (not 共同, 不同, 参与 …).
_PREDICATING = re.compile(r"是|具有|(?<![作成认以行因称])为|(?<=成)为")
# Where a predicate starts (X是…重要基础, X为推动停火发挥了积极作用): cues after it are part of it.
_COPULA = re.compile(r"是|(?<![作成认以行因称])为(?!了)|(?<=成)为")
_COOPERATION = re.compile(r"合作|交流|对话|协调|沟通")
# A domain that is the subject of an -isation (网络空间阵营化、军事化, 外空武器化).
_DOMAIN_ISED = re.compile(r"[\u4e00-\u9fff]{1,3}化")
# The field of a role in a list or with 方面/领域 (在冲突预防、建设和平和维和行动中发挥更大作用,
# 在…互联网治理方面发挥重要作用): at most MAX_SETTING characters between 在 and its end.
MAX_SETTING = 40
_ROLE_SETTING = re.compile(
    r"在([^，；。在]{2,40}?)(?:中|方面|领域|等议题上|问题上)(?:发挥|起到|起)"
)
# A mechanism named as a format (五核国机制, 东盟地区论坛): acting in it is no field of a role.
_FORMAT_NAME = re.compile(r"(?:机制|进程|论坛|平台|框架|对话|磋商)$")
# Verbs of building together (同东盟共建X): the partner named right before is supported too.
JOINT_BUILDING = frozenset(("共建",))
_JOINT_PARTNER = re.compile(r"(?:同|与)(?=[^，；。]{2,12}$)")
# The reform of a body (安理会改革, 对安理会进行合理必要的改革).
_REFORMED = re.compile(r"(?:的|进行[^，；。]{0,8}?)?改革")
# The agent of an attributive clause (联合国大会通过的决议, 《联合国宪章》确立的主权平等原则,
# 联合国未来峰会通过的《未来契约》) is no target: the head noun after 的 is.
_AGENT_OF = re.compile(
    r"[》”」]?(?:历年|此前|先后|曾经?|已经?|共同|一致|于?\d{4}年)?"
    r"(?:通过|确立|提出|制定|倡导|发起|主导|核可|批准|达成|发布|"
    r"主办|召开)的"
)
# A discussion of an issue (讨论X问题, 探讨X问题).
_DISCUSSED = re.compile(r"(?:讨论|探讨|审议|研讨)$")
# A body adopting an instrument (联大通过关于…的决议, 安理会一致通过第2735号决议).
_ADOPTS = re.compile(r"(?:一致|正式|以压倒性多数)?(?:通过|批准|核可|作出)(?!的)")
# The subject of an unnamed instrument (关于人工智能能力建设国际合作的决议).
_ABOUT_INSTRUMENT_BEFORE = re.compile(r"关于[^，；。]{0,20}$")
_ABOUT_INSTRUMENT_AFTER = re.compile(r"[^，；。]{0,20}?的(?:决议|宣言|声明|报告|文件|倡议)")
# The agent of a passive attribute (经安理会决议核可的…) is no target.
_AGENT = re.compile(r"(?:经|由|被)$")
_PARTNER = re.compile(r"(?<![共不相如])同(?![时意样等])|(?<![参给])与")
_NAMES_NEXT = re.compile(r"第|[（(]?[A-Z]/")
# Opposing the breach of a concept (反对违反X的行为, 打击破坏X的活动) is no opposition to it.
_UNDERMINING = re.compile(
    r"违反|违背|破坏|损害|践踏|侵犯|削弱|挑战|无视|背离|歪曲|冲击|架空|绕开|绕过|退出|"
    r"限制|阻挠|阻碍|妨碍|剥夺|干扰|压制|曲解|针对|袭击|攻击"
)
_AFFIRMATION = "而是"
# A denied doing needs no 而是 (金砖合作从来不是搞阵营对抗).
_DENIED_DOING = re.compile(r"搞")
# A pretext (以维护网络安全为名, 借防扩散之名, 以联大决议为由): how far before the concept its
# 以/借 may be, and what closes it after the concept.
PRETEXT_REACH = 8
_PRETEXT_BEFORE = re.compile(r"(?:以|借|打着)[^，；。以借]*$")
_PRETEXT_AFTER = re.compile(r"[^，；。]{0,4}?(?:为名|为由|为借口|之名|的名义|的旗号)")
# 借 right before a name (借“保护的责任”干涉…): not 借助, 借鉴, whose second character differs.
_BORROWED = re.compile(r"借[“「《]?$")
_PRETEXT_CLOSE = re.compile(r"[^，；。]{0,12}?(?:为名|为由|为借口|之名|的名义|的旗号)")
# Who may stand unnamed between an opposition verb and the support verb it reverses
# (反对任何国家推进X, 反对个别国家奉行X); nothing at all is the common case (反对奉行X).
_UNNAMED_DOER = re.compile(
    r"(?:(?:任何|个别|一些|某些|少数|有关|其他)(?:国家|一方|势力|国家或组织))?"
)
# A cited title (《…》): its words state no stance of the document.
_TITLE_MARKS = re.compile(r"《[^《》\n]*》")
# A verb of countering before a threat in the same clause (应对网络攻击, 防范恐怖主义).
# A list of fields of cooperation right after a promotion cue (加强在A、打击B等领域的合作).
_FIELD_LIST = re.compile(
    r"在([^，；。在]{2,60}?)等?领域(?:的|开展|加强)?(?:务实)?(?:合作|交流|对话)"
)
_COUNTERED = re.compile(r"(?:应对|打击|防范|抵御|遏制)[^，；。]*$")
# What follows a concept excepted from what is meant (X以外的研究, X之外的机制).
_EXCEPTED = re.compile(r"[”」》]?(?:以外|之外)")
# How far before a censured concept its breach may be named (曲解聯大決議的做法).
UNDERMINING_REACH = 8
# What may stand between a denial and the concept it denies.
_DENIAL_GAP = re.compile(
    r"^[“‘「《]?(?:要|搞|去|走|追求|谋求|奉行|推行|信奉)?(?:[^，；。的]{1,4}的)?[“‘「《]?$"
)


@dataclass(frozen=True)
class StanceFinding:
    """One cue in one sentence and the concepts it governs, with who holds the stance: an
    actor IRI, the sorted IRIs of joint holders (双方), or None for the document's voice."""

    passage: int
    sentence: int
    polarity: str
    cue: str
    quote: str
    targets: tuple[str, ...]
    negated: bool
    confidence: float
    holder: Holder = None


@dataclass
class StanceScope:
    """What one document's stances may be about and who may hold them."""

    # the IRIs that may be targets (concepts and issues)
    targets: set[str]
    # the IRIs a combat cue may oppose (opposed ideas, topics)
    threats: set[str]
    holders: DocumentHolders


def find_stances(
    passage: int, text: str, original: str, mentions: list[Mention], scope: StanceScope
) -> list[StanceFinding]:
    """The stances of one passage (``text`` normalised, ``original`` as written)."""
    findings: list[StanceFinding] = []
    candidates = sorted((m for m in mentions if m.iri in scope.targets), key=lambda m: m.start)
    named_at = frozenset(m.start for m in mentions)
    starts = [m.start for m in candidates]
    for index, (s_start, s_end) in enumerate(sentence_spans(text)):
        sentence = text[s_start:s_end]
        if sentence.rstrip("”’」』）)").endswith(("？", "?")):
            continue
        in_name = bytearray(len(sentence))
        for named in mentions:
            if s_start <= named.start < s_end:
                in_name[named.start - s_start : named.end - s_start] = b"\x01" * (
                    named.end - named.start
                )
        breaks = [match.end() for match in _CLAUSE_BREAK.finditer(sentence)]
        # an attributive verb (中方提出的X, 埃及提出的X) is its agent's stance on X when the agent
        # is a state, the voice or the parties; it leaves the verb before it governing X too
        agents: dict[int, Holder] = {}
        cues = []
        titles = list(_TITLE_MARKS.finditer(sentence))
        for m in _CUE.finditer(sentence):
            # a cue word inside a name (实现中东安全稳定的五点倡议, 防止外空军备竞赛) is no cue
            # (中国方案 is a cue though 中国 is a name: the cue reaches past it)
            inside = in_name[m.start()] and in_name[m.end() - 1]
            if _false_cue(sentence, m) or inside or _pretext_verb(sentence, m):
                continue
            if any(t.start() < m.start() < t.end() for t in titles):
                # a word of a cited title (转递《关于加强国际军控合作的立场文件》) is no cue
                continue
            if sentence.startswith("的", m.end()) and CUES[m[0]].kind in ("evaluation", "censure"):
                # 影响力最广的平台: an attributive evaluation is still one, and it ends no span
                # (维护以X为基石的Y maintains Y too)
                agents[m.start()] = None
            elif sentence.startswith("的", m.end()):
                known, agent = scope.holders.agent(sentence, m.start())
                if not known:
                    # nor the verb of another agent (秘书长提出的新和平纲领)
                    continue
                agents[m.start()] = agent
            cues.append(m)
        cues = _opposed_verbs(
            sentence, [c for c in _paired(sentence, cues) if _has_partner(sentence, breaks, c)]
        )
        subjects = scope.holders.subjects(sentence, mentions, s_start)
        # cues of a third party the document describes (一些国家拼凑“小圈子”，推动军事集团扩张，
        # 带来严重冲击): they bound no evaluation of that conduct
        described = frozenset(
            c.start()
            for c in cues
            if scope.holders.holder_of(sentence, subjects, c.start()) == THIRD_PARTY
        )
        calling = False
        for i, cue in enumerate(cues):
            clause_start = _clause_start(breaks, cue.start())
            if _CONCESSION.match(sentence[clause_start:]):
                continue
            if _promise_not_to(sentence, cue, in_name):
                continue
            rule = CUES[cue[0]]
            polarity = rule.polarity
            before = sentence[clause_start : cue.start()]
            negated = rule.kind != "denial" and bool(_NEGATION.search(before))
            if polarity == CALL and not negated:
                calling = True
            elif (
                polarity == SUPPORT
                and calling
                and not negated
                and rule.kind not in ("affirmation", "evaluation", "censure")
            ):
                # a support verb inside a call (呼吁各方践行X, 各国应坚持X) is part of the call
                polarity = CALL
            backward = rule.kind in ("evaluation", "censure")
            passive = not backward and bool(_PASSIVE.search(before))
            span = _span(
                sentence, breaks, cues, i, clause_start, passive, in_name, agents, described
            )
            opposing = polarity == OPPOSITION and not negated
            low = bisect.bisect_left(starts, s_start + span[0])
            high = bisect.bisect_left(starts, s_start + span[1])
            governed = [
                m
                for m in candidates[low:high]
                if s_start + span[0] <= m.start
                and m.end <= s_start + span[1]
                and _governs(sentence, s_start, cue, rule, m, opposing, scope, named_at)
                and not (passive and _CONTRASTED.match(text, m.end))
            ]
            # 严重损害全球战略稳定: what a censured conduct harms is supported (R2.7.21)
            harmed = (
                _harmed(sentence, breaks, cue, candidates, s_start)
                if rule.kind == "censure" and not negated
                else []
            )
            if cue[0] in CONTRADICTING and not negated:
                # 与《X》的精神背道而驰: what is contradicted is supported (R2.7.21)
                partner = sentence.rfind("与", span[0], cue.start())
                if partner >= 0:
                    harmed += [m for m in governed if m.start - s_start > partner]
                    governed = [m for m in governed if m.start - s_start < partner]
            if not (governed or harmed) or (negated and rule.kind == "signature"):
                # not having signed (尚未加入) is no opposition
                continue
            if scope.holders.reported_agent(agents.get(cue.start())):
                holder = agents[cue.start()]
            else:
                holder = scope.holders.holder_of(
                    sentence, subjects, cue.start(), clause_start if backward else None
                )
            if (
                holder == THIRD_PARTY
                and backward
                and any(
                    s.holder == THIRD_PARTY and s.start <= m.start - s_start < s.end
                    for s in subjects
                    for m in governed
                )
            ):
                # 美英澳三边安全伙伴关系…严重威胁…: the body opening the clause is what the
                # speaker censures, not who holds the censure
                holder = scope.holders.joint_voice
            if holder == THIRD_PARTY:
                # a non-state third party's position is reported, not held by an actor
                continue
            if holder is None:
                holder = scope.holders.with_partner(before)
            holders = [holder]
            if rule.kind in ("signature", "promotion"):
                # 中方欢迎印尼方加入X: the welcome is China's, the joining Indonesia's (R2.7.1)
                embedded, agent = scope.holders.embedded_agent(before)
                if embedded:
                    holders.append(agent)
            # opposing the breach of a concept (反对违反X的行为) supports the concept
            # (in a censure, the breach is named right before the concept: 曲解联大决议的做法)
            since = span[0] if backward else cue.end()
            against = (polarity == OPPOSITION) != negated  # negated calls too: 不应限制X
            breached = [
                m
                for m in governed
                if against
                and _undermined(
                    sentence, since, m, s_start, UNDERMINING_REACH if backward else None
                )
            ]
            for chosen, stated, negation in (
                ([m for m in governed if m not in breached], polarity, negated),
                # (敦促美方停止阻挠X: a call for X)
                (breached, CALL if rule.polarity == CALL or calling else SUPPORT, False),
                (harmed, SUPPORT, False),
            ):
                targets = tuple(dict.fromkeys(m.iri for m in chosen))
                findings += [
                    finding(
                        passage,
                        index,
                        stated,
                        cue,
                        original,
                        (s_start, s_end),
                        targets,
                        negation,
                        cue[0] in WEAK_CUES,
                        held,
                    )
                    for held in holders
                    if targets
                ]
    return findings


def finding(
    passage: int,
    sentence: int,
    polarity: str,
    cue: re.Match[str],
    original: str,
    span: tuple[int, int],
    targets: tuple[str, ...],
    negated: bool,
    weak: bool,
    holder: Holder = None,
) -> StanceFinding:
    """The stance of ``cue`` (matched in the sentence ``span`` of the passage) on ``targets``:
    a negated cue turns support into opposition and back; the quote is the sentence around the
    cue in ``original``; a weak cue (a modal, a verb of upholding) gives less confidence."""
    start, end = span
    if negated:
        polarity = SUPPORT if polarity == OPPOSITION else OPPOSITION
    return StanceFinding(
        passage=passage,
        sentence=sentence,
        polarity=polarity,
        cue=cue[0],
        quote=quote_window(original, start, end, (start + cue.start(), start + cue.end())),
        targets=targets,
        negated=negated,
        confidence=0.6 if weak else 0.8,
        holder=holder,
    )


def _span(
    sentence: str,
    breaks: list[int],
    cues: list[re.Match[str]],
    i: int,
    clause_start: int,
    passive: bool,
    named: bytearray,
    attributive: dict[int, Holder] | None = None,
    described: frozenset[int] = frozenset(),
) -> tuple[int, int]:
    """Where the ``i``-th cue of ``sentence`` looks for its concepts (``named`` marks the
    characters of the sentence inside a name; an ``attributive`` cue, 中方提出的, ends no
    span: 欢迎中方提出的X welcomes X; a cue of a ``described`` third party bounds no
    evaluation: 个别国家奉行X、部署Y，严重损害… censures X and Y)."""
    cue = cues[i]
    kind = CUES[cue[0]].kind
    if passive:
        return max(0, clause_start - MAX_CLAUSE), clause_start
    if kind == "denial":
        affirmation = sentence.find(_AFFIRMATION, cue.end())
        if affirmation < 0:
            # 从来不是搞X (no 而是): the denied doing's clause
            return cue.end(), _clause_end(sentence, breaks, cue.end())
        return cue.end(), affirmation
    if (
        kind in ("evaluation", "censure")
        and cue[0] in PREDICATE_NOUNS
        and not _PREDICATING.search(sentence, clause_start, cue.start())
    ):
        # 消除冲突根源: a noun of evaluation is one only after a copula (X是…的根源, 具有重要意义)
        return cue.start(), cue.start()
    if kind in ("evaluation", "censure"):
        # what is evaluated is the subject of the predicate (X是…, X为…发挥了积极作用): in the
        # predicate's clause, else before it; never before the previous cue outside the
        # predicate (发挥 frames the evaluation)
        copulas = [m.start() for m in _COPULA.finditer(sentence, 0, cue.start())]
        predicate = copulas[-1] if copulas else cue.start()
        earlier = [
            c
            for c in cues[:i]
            if c[0] != "发挥" and c.start() < predicate and c.start() not in described
        ]
        start = _clause_start(breaks, predicate)
        if start > 0 and not any(named[start:predicate]):
            # 都为…提供了有益渠道: the subject is the clause before; ，具有重要意义 (no copula):
            # all that the sentence said before
            start = _clause_start(breaks, start - 1) if predicate < cue.start() else 0
        elif start > 0 and _RESUMPTIVE.match(sentence, start):
            # 从A到B，再到C，这些“小圈子”都是…的产物: 这些 sums up what the sentence listed
            start = 0
        if earlier:
            start = max(start, earlier[-1].end())
        end = cue.start()
        if (
            kind == "evaluation"
            and cue[0] not in AGENT_NOUNS
            and copulas
            and sentence[predicate] == "是"
            and start < predicate
        ):
            # X是国际关系基本准则和普遍共识: what is evaluated is the subject, not the other
            # predicates coordinated with the cue (but 中方是X的坚定支持者 supports X)
            end = predicate
        return max(start, cue.start() - MAX_CLAUSE), end
    if kind == "partnership":
        partners = list(_PARTNER.finditer(sentence, clause_start, cue.start()))
        return (partners[-1].end(), cue.start()) if partners else (cue.start(), cue.start())
    end = _clause_end(sentence, breaks, cue.end())
    if cue[0] in REPORTING_CUES and sentence.startswith(("，", ","), cue.end()):
        # 双方重申，核战争打不赢也打不得: what is reaffirmed is the clause after the comma
        end = _clause_end(sentence, breaks, cue.end() + 1)
    following = [c for c in cues[i + 1 :] if c.start() not in (attributive or {})]
    fields = _FIELD_LIST.match(sentence, cue.end()) if kind == "promotion" else None
    if fields:
        # 加强在打击电信网络诈骗、毒品贩运等领域的合作: the cooperation is in every field of the
        # list, those after a combat verb too (GUIDELINES R2.7.33)
        following = [c for c in following if c.start() >= fields.end(1)]
    if following and following[0].start() < end:
        end = following[0].start()
    before = sentence[clause_start : cue.start()]
    framework = _FRAMEWORK.search(before) if kind in ("promotion", "commitment") else None
    cooperation = _COOPERATION.finditer(
        sentence, cue.end(), _clause_end(sentence, breaks, cue.end())
    )
    # (合作 inside a name, 国际粮食安全合作倡议, is no cooperation)
    if framework and any(not named[c.start()] for c in cooperation):
        group = 1 if framework[1] is not None else 2
        return clause_start + framework.start(group), end
    through = _THROUGH.search(before) if kind in ("endorsement", "promotion") else None
    if through and not any(c.start() >= clause_start + through.start() for c in cues[:i]):
        return clause_start + through.start(1), end
    if cue[0] in JOINT_BUILDING:
        # 同东盟共建X: building together with a body supports the body too, as 同X合作 does
        partner = _JOINT_PARTNER.search(before)
        if partner:
            return clause_start + partner.end(), end
    return cue.end(), end


def _governs(
    sentence: str,
    offset: int,
    cue: re.Match[str],
    rule: Cue,
    m: Mention,
    opposing: bool,
    scope: StanceScope,
    starts: frozenset[int] = frozenset(),
) -> bool:
    """Whether the cue governs the concept ``m`` found in its span (``offset``: the sentence's
    start in the passage)."""
    if opposing and _object_of_verb(sentence, cue.end(), m, offset):
        return False
    if rule.kind == "contrast" and m.start > offset + cue.end() + 1:
        return False
    if rule.kind == "combat" and m.iri not in scope.threats:
        return False
    # 加强应对毒品、网络攻击威胁的能力: a threat countered within the clause is not what a support
    # or a call is for
    if (
        not opposing
        and m.iri in scope.threats
        and _COUNTERED.search(sentence, cue.end(), max(cue.end(), m.start - offset))
    ):
        return False
    if rule.kind == "denial" and not _denied(sentence, cue.end(), m, offset):
        return False
    # fighting a threat (打击恐怖主义, 反对外空武器化) opposes no security domain; opposing the
    # breach of a domain supports it, but only a breach (反对破坏网络安全) says so
    if opposing and m.top_class == "Domain" and not _undermined(sentence, cue.end(), m, offset):
        return False
    if _AGENT.search(sentence, 0, m.start - offset):
        return False
    # 推动网络空间阵营化、军事化: the domain of an -isation is no target; 和平利用外空: using a
    # domain is no stance on it
    if m.top_class == "Domain" and (
        _DOMAIN_ISED.match(sentence, m.end - offset) or cue[0] == "利用"
    ):
        return False
    # 构建外空领域人类命运共同体: the field of a concept named right after it is no target
    if (
        m.top_class == "Domain"
        and sentence.startswith("领域", m.end - offset)
        and m.end + len("领域") in starts
    ):
        return False
    # an evaluation speaks of documents, principles and bodies, not of a security domain
    if rule.kind == "evaluation" and m.top_class == "Domain":
        return False
    # the setting of a role (支持联合国在全球安全治理中发挥作用) is no target
    if _setting(sentence, m, offset):
        return False
    # 联合国大会通过的X, 联合国宪章确立的X: the agent of an attributive clause is no target
    if _AGENT_OF.match(sentence, m.end - offset):
        return False
    # 支持对安理会进行改革, 推动安理会改革: what is supported is the reform of the body
    if m.top_class == "Organisation" and _REFORMED.match(sentence, m.end - offset):
        return False
    # 以维护网络安全为名, 借防扩散之名, 以联大决议为由: a pretext is no target (R2.7.21)
    if _pretext(sentence, m, offset):
        return False
    # 支持X以外的研究: what is excepted is no target (the rest is)
    if _EXCEPTED.match(sentence, m.end - offset):
        return False
    # 欢迎联大通过关于X的决议: the adopting body and the subject of an unnamed instrument are no
    # targets (the instrument is what is welcomed)
    if m.top_class == "Organisation" and _ADOPTS.match(sentence, m.end - offset):
        return False
    if _ABOUT_INSTRUMENT_BEFORE.search(
        sentence, 0, m.start - offset
    ) and _ABOUT_INSTRUMENT_AFTER.match(sentence, m.end - offset):
        return False
    # 讨论致命性自主武器系统问题: the issue under discussion is no target (the discussion is)
    if _DISCUSSED.search(sentence, 0, m.start - offset) and sentence.startswith(
        "问题", m.end - offset
    ):
        return False
    # 呼吁五核国谈判…, 希望联阿援助团尊重…: the body a call is addressed to is no target
    if (
        rule.kind == "call"
        and m.top_class == "Organisation"
        and m.start - offset == cue.end()
        and _EMBEDDED_SUBJECT.match(sentence, m.end - offset) is not None
    ):
        return False
    # 联合国秘书长: the organisation names the office holder, not the target
    if _OFFICE_AFTER.match(sentence, m.end - offset):
        return False
    # 安理会第2334号决议, 东盟“五点共识”: the organisation names the instrument after it
    if m.top_class == "Organisation" and (
        _NAMES_NEXT.match(sentence, m.end - offset) or _names_quoted(sentence, m, offset, starts)
    ):
        return False
    # 反对安理会动辄实施制裁: the organisation's action is opposed (not 谴责针对联黎部队的袭击)
    # (a censure is of the body opening its clause, 美英澳三边安全伙伴关系核潜艇合作严重威胁…, or
    # of a range it sums up, 从美日印澳四边机制到…，都是…的产物)
    return not (
        opposing
        and not (rule.kind == "censure" and _censured_body(sentence, m, offset))
        and m.top_class == "Organisation"
        and _EMBEDDED_SUBJECT.match(sentence, m.end - offset) is not None
        and not _undermined(sentence, cue.end(), m, offset)
    )


def _censured_body(sentence: str, m: Mention, offset: int) -> bool:
    """Whether a body is what a censure is about: it opens its clause, or a range (从X到…)."""
    start = m.start - offset
    opens = start == 0 or sentence[start - 1] in "，,；;：:"
    return opens or sentence.startswith("到", m.end - offset)


def _promise_not_to(sentence: str, cue: re.Match[str], named: bytearray) -> bool:
    """Whether the cue is a commitment not to act (承诺不对外空物体使用武力, 奉行无条件不对…使用):
    it governs nothing, though it still ends the clause of the cue before it (承诺不首先使用核武器
    names a policy, 坚持不干涉内政 a principle)."""
    return (
        CUES[cue[0]].kind == "commitment"
        and sentence.startswith(("不", "无条件不"), cue.end())
        and not named[cue.end()]
    )


def _opposed_verbs(sentence: str, cues: list[re.Match[str]]) -> list[re.Match[str]]:
    """The cues without a support verb right after an opposition verb (反对奉行“双重标准”,
    反对构建排他性集团), or after it and an unnamed doer (反对任何国家推进“核共享”安排): the
    opposition governs what the support verb would have."""
    kept: list[re.Match[str]] = []
    for cue in cues:
        if (
            kept
            and _UNNAMED_DOER.fullmatch(sentence, kept[-1].end(), cue.start())
            and CUES[kept[-1][0]].polarity == OPPOSITION
            and CUES[cue[0]].polarity == SUPPORT
        ):
            continue
        kept.append(cue)
    return kept


def _has_partner(sentence: str, breaks: list[int], cue: re.Match[str]) -> bool:
    """Whether a cue other than a partnership, or a partnership with its 同/与 in its clause
    (公平、合作、共赢的体系 names no partner: 合作 is no cue there)."""
    if CUES[cue[0]].kind != "partnership":
        return True
    return _PARTNER.search(sentence, _clause_start(breaks, cue.start()), cue.start()) is not None


def _paired(sentence: str, cues: list[re.Match[str]]) -> list[re.Match[str]]:
    """The cues without an unpaired denial or affirmation: ``不是…而是…`` counts as a pair only
    (不是 alone is ordinary negation, 而是 alone ordinary prose), except a denial of a doing
    (从来不是搞X), which needs no 而是."""
    kept: list[re.Match[str]] = []
    denied = False
    for i, cue in enumerate(cues):
        kind = CUES[cue[0]].kind
        if kind == "denial":
            if not any(CUES[c[0]].kind == "affirmation" for c in cues[i + 1 :]):
                if _DENIED_DOING.match(sentence, cue.end()):
                    kept.append(cue)
                continue
            denied = True
        elif kind == "affirmation":
            if not denied:
                continue
            denied = False
        kept.append(cue)
    return kept


def _denied(sentence: str, cue_end: int, mention: Mention, offset: int) -> bool:
    """Whether a denial (不是, 不搞) is about the concept itself: the concept follows it at most
    a short verb apart (不是零和博弈, 不搞阵营对抗), not inside a clause of reason (不是因为X…)."""
    return bool(_DENIAL_GAP.match(sentence[cue_end : mention.start - offset]))


def _harmed(
    sentence: str,
    breaks: list[int],
    cue: re.Match[str],
    candidates: list[Mention],
    offset: int,
) -> list[Mention]:
    """The concepts a censure that is a verb of harm (严重损害, 严重冲击, 严重威胁) names as
    harmed: its object, up to the end of its clause (严重损害全球战略稳定)."""
    if not (_UNDERMINING.search(cue[0]) or cue[0].endswith("威胁")):
        return []
    end = _clause_end(sentence, breaks, cue.end())
    return [
        m
        for m in candidates
        if offset + cue.end() <= m.start
        and m.end <= offset + end
        and not _AGENT_OF.match(sentence, m.end - offset)
        # (严重威胁外空安全: a threatened domain is a field, no position on it)
        and m.top_class != "Domain"
    ]


def _undermined(
    sentence: str, since: int, mention: Mention, offset: int, reach: int | None = None
) -> bool:
    """Whether an opposed concept is only the object of a breach (反对违反X的行为): a breach verb
    between ``since`` and the concept (at most ``reach`` characters before it), with no 的
    between them: the head noun after a breach clause (停止拼凑针对他国的“小圈子”, 反对违反国际法的
    单边制裁) is what is opposed, not what is breached."""
    end = mention.start - offset
    start = since if reach is None else max(since, end - reach)
    breaches = list(_UNDERMINING.finditer(sentence, start, end))
    return bool(breaches) and "的" not in sentence[breaches[-1].end() : end]


def _pretext(sentence: str, m: Mention, offset: int) -> bool:
    """Whether ``m`` is named as a pretext: 以X为名, 以X为由, 借X之名, 打着X的旗号, 借“X”干涉."""
    start, end = m.start - offset, m.end - offset
    if _BORROWED.search(sentence, max(0, start - 2), start):
        # 借“保护的责任”干涉他国内政: a name borrowed for a deed is a pretext too
        return True
    return bool(
        _PRETEXT_BEFORE.search(sentence, max(0, start - PRETEXT_REACH), start)
        and _PRETEXT_AFTER.match(sentence, end)
    )


def _names_quoted(sentence: str, m: Mention, offset: int, starts: frozenset[int]) -> bool:
    """Whether an organisation is the owner of a quoted or titled name right after it (东盟
    “五点共识”, 金砖国家《…路线图》): that name, not the organisation, is the target (not a
    quoted accusation: 批评北约“越界扩权”)."""
    return sentence[m.end - offset : m.end - offset + 1] in ("“", "《", "「") and (
        m.end + 1 in starts
    )


def _pretext_verb(sentence: str, cue: re.Match[str]) -> bool:
    """Whether a cue is the verb of a pretext (以维护网络安全为名): it states no stance, and the
    cue before it governs what follows the pretext (反对以维护X为名搞Y opposes Y)."""
    return bool(
        _PRETEXT_BEFORE.search(sentence, max(0, cue.start() - 2), cue.start())
        and _PRETEXT_CLOSE.match(sentence, cue.end())
    )


def _setting(sentence: str, m: Mention, offset: int) -> bool:
    """Whether ``m`` is the X of 在X中 (the field in which someone plays a role), also in a
    list (在冲突预防、建设和平和维和行动中发挥更大作用, 在…和互联网治理方面发挥重要作用)."""
    start, end = m.start - offset, m.end - offset
    if m.top_class == "Mechanism" and _FORMAT_NAME.search(m.exact):
        # 在五核国机制中发挥建设性作用: a named format one acts in is no field, it is supported
        return False
    if sentence[start - 1 : start] == "在" and sentence.startswith("中", end):
        return True
    return any(
        match.start(1) <= start and end <= match.end(1)
        for match in _ROLE_SETTING.finditer(
            sentence, max(0, start - MAX_SETTING), end + MAX_SETTING
        )
    )


def _false_cue(sentence: str, cue: re.Match[str]) -> bool:
    if cue[0] in REPORTING_CUES and not sentence.startswith(("，", ","), cue.end()):
        # 重申 is a cue only before the clause it reaffirms (双方重申，X); 重申支持X is 支持's
        return True
    if _SINCE.match(sentence, cue.end()):
        # 中阿合作论坛成立二十多年来: a time since a founding, no stance
        return True
    if cue[0] == "应":
        return bool(_NOT_SHOULD.match(sentence, cue.start()))
    if cue[0] == "要":
        return bool(_NOT_MUST.match(sentence, cue.start()))
    return False


def _clause_start(breaks: list[int], position: int) -> int:
    """Where the clause of ``position`` starts: after the last clause break before it (``breaks``
    are the offsets right after each break), at most :data:`MAX_CLAUSE` characters back."""
    found = bisect.bisect_right(breaks, position) - 1
    last = breaks[found] if found >= 0 else 0
    return max(last, position - MAX_CLAUSE)


def _clause_end(sentence: str, breaks: list[int], position: int) -> int:
    """Where the clause going on at ``position`` ends: at the next clause break, at most
    :data:`MAX_CLAUSE` characters on."""
    found = bisect.bisect_right(breaks, position)
    end = breaks[found] - 1 if found < len(breaks) else len(sentence)
    return min(end, position + MAX_CLAUSE)


def _object_of_verb(sentence: str, cue_end: int, mention: Mention, offset: int) -> bool:
    """Whether an opposed concept is only the object of 将/把 … 化 (反对将反恐政治化)."""
    between = sentence[cue_end : mention.start - offset]
    after = sentence[mention.end - offset : mention.end - offset + MAX_CLAUSE]
    stop = _CLAUSE_BREAK.search(after)
    after = after[: stop.start()] if stop else after
    if re.search(r"[将把]", between) and re.search(r"化", after):
        return True
    return between.endswith("化")
