"""Discovering what the vocabulary lacks: names of treaties, organisations and mechanisms found by
their form, with the class their head word implies and a confidence.

Patterns, strongest first:

* a title in ``《…》``, classified by its head word (条约, 公约 → treaty; 宣言, 声明 → declaration;
  倡议, 构想, 战略 → mechanism; …);
* a quoted name ``“…”`` (or ``「…」``) whose head word, inside or right after the quotes, is one
  of those (a head after the quotes is not in the mention: “消弭枪声”倡议 → 消弭枪声);
  a quoted code before a format word (“2+2”对话机制, “C5+1”磋商) is the format's mention;
  a quoted numbered consensus (东盟“五点共识”, 「六點共識」) is a declaration;
  a quoted coined name that is built or cooperated in (共建“冰上丝绸之路”, “数字丝路”合作) is a
  cooperation mechanism;
* a resolution number (``第2518号决议``, ``安理会第2589(2021)号决议``), one mention per
  resolution of a coordination (``安理会第242号和第338号决议``: ``安理会第242号`` and
  ``第338号决议``; ``第1267、1373号决议``: ``第1267`` and ``1373号决议``, as elliptical
  coordination is annotated), and a UN document symbol
  (``A/77/393``, ``A/RES/76/262``, ``S/RES/2231(2015)``);
* a name ending in a head word (组织, 委员会, 之友小组, 秘书处, 论坛, 峰会, 进程, 模式, 对话,
  协定, 全面协议 …), see :data:`NAME_HEADS`;
* an English name of capitalised words ending in a head word (the Yaoundé Code of Conduct, the
  Gulf of Guinea Commission), see :data:`ENGLISH_HEADS`.

A name by its head word must show that it is a proper name, not a generic phrase (区域组织,
早期预警机制, 和平进程, 这一进程, 政治解决进程):

* *open heads* (组织, 委员会, 小组, 基金, 中心 …) need a known entity named inside the name
  (联合国维和人员安全之友小组), Latin letters or digits, or a run of state abbreviations
  opening it (中非卫星遥感应用合作中心); a known organisation right before
  the name is part of it (上海合作组织成员国主管机关国际信息安全专家组); a 委员会 of two states
  named by their abbreviations (中马高级别委员会) is their cooperation mechanism;
* *format heads* (进程, 模式, 机制, 对话, 磋商, 论坛, 峰会, 会议, 计划, 倡议, 协定, 协议, 秘书处 …),
  which also head countless descriptions, need a *proper modifier*, and the name starts there:
  a known actor (a state, a region, an issue: 中东, 伊核问题) or a known organisation,
  treaty or mechanism; Latin letters or digits (G20, 2+2); a run of one-character state
  abbreviations (中阿, 中日韩, 巴以); a transliterated place name (阿斯塔纳, 诺曼底, 明斯克); a
  Chinese city (北京协议).
  A known principle or domain never makes a name (多边主义进程, 政治解决进程, 网络安全会议).
* *group heads* (之友小组, 之友) name a group of friends whatever precedes them.

A head word that is part of a known name starting inside the candidate, after words naming no
known entity (北京则批评四方机制, where 四方机制 is known), makes no new name: the known name is
the name. A name never starts with a
verb, a year, an ordinal of a session (首届, 第二届), a quantifier or a
demonstrative (一项, 这一), a conjunction (暨, 和, 与, 及) or a preposition: it starts after the
last of them, and never with a party (中方, 俄方: 中方重视中日韩合作机制 → 中日韩合作机制).
A generic tail after a name (中国—中亚峰会机制) is not part of it; 机制 after 磋商, 会晤 or
对话 is (中俄外交部战略对话机制). A known organisation after a dash and a state is the partner of
a format, not the head of a new body: 中国—东盟峰会, 中国—海合会战略对话机制 are the names.

A discovered name may denote a concept the vocabulary has under another form:
:attr:`Candidate.links` lists the names under which to look it up (a resolution under
``第N号决议`` and ``S/RES/N``, a symbol ``S/RES/2231(2015)`` under ``S/RES/2231``, a name with a
known entity inside under that entity's other labels, 联合国安理会X under 安理会X).

A discovered concept's IRI is ``concept/found-{sha1(name)[:12]}`` of its normalised name, so
every document that names it mints the same IRI; its class and confidence depend on the name only,
for the same reason.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.pipeline.extract.matcher import is_latin

# Head word → (ontology class, confidence). Longest head words first.
TITLE_HEADS: tuple[tuple[str, str, float], ...] = (
    ("议定书", "Protocol", 0.9),
    ("公约", "Convention", 0.9),
    ("宪章", "Charter", 0.9),
    ("条约", "Agreement", 0.9),
    ("协定", "Agreement", 0.9),
    ("协议", "Agreement", 0.85),
    ("备忘录", "Agreement", 0.8),
    ("决议", "Resolution", 0.9),
    ("宣言", "Declaration", 0.9),
    ("声明", "Declaration", 0.9),
    ("公报", "Declaration", 0.85),
    ("公告", "Declaration", 0.8),
    ("草案", "DraftInstrument", 0.85),
    ("倡议", "Initiative", 0.85),
    ("构想", "Initiative", 0.8),
    ("计划", "Initiative", 0.7),
    ("战略", "Agenda", 0.8),
    ("议程", "Agenda", 0.85),
    ("路线图", "Declaration", 0.75),
    ("纲要", "Declaration", 0.75),
    ("纲领", "Agenda", 0.8),
    ("框架", "CooperationMechanism", 0.6),
    ("准则", "Declaration", 0.6),
    ("指南", "Declaration", 0.6),
    ("原则", "Declaration", 0.6),
)


class HeadKind(enum.Enum):
    """What a head word needs before it to make a name (see the module docstring)."""

    OPEN = "open"
    FORMAT = "format"
    GROUP = "group"


@dataclass(frozen=True)
class Head:
    word: str
    cls: str
    confidence: float
    kind: HeadKind


_O, _F, _G = HeadKind.OPEN, HeadKind.FORMAT, HeadKind.GROUP
# Longest head words first: the first that ends a name is its head.
NAME_HEADS: tuple[Head, ...] = (
    Head("之友小组", "StateGrouping", 0.8, _G),
    Head("无核武器区", "Regime", 0.75, _F),
    Head("全面协议", "Agreement", 0.8, _F),
    Head("研究所", "ResearchInstitution", 0.75, _O),
    Head("研究院", "ResearchInstitution", 0.75, _O),
    Head("委员会", "UNBody", 0.7, _O),
    Head("理事会", "InternationalOrganisation", 0.7, _O),
    Head("秘书处", "InternationalOrganisation", 0.75, _F),
    Head("工作组", "UNProcess", 0.7, _O),
    Head("专家组", "UNProcess", 0.7, _O),
    Head("联络组", "CooperationMechanism", 0.7, _O),
    Head("特派团", "UNBody", 0.7, _O),
    Head("观察团", "UNBody", 0.7, _O),
    Head("援助团", "UNBody", 0.7, _O),
    Head("办事处", "UNBody", 0.65, _O),
    Head("部队", "UNBody", 0.65, _O),
    Head("对话会", "DialoguePlatform", 0.7, _O),
    Head("研讨会", "DialoguePlatform", 0.6, _F),
    Head("外长会", "DialoguePlatform", 0.7, _O),
    Head("之友", "StateGrouping", 0.7, _G),
    Head("组织", "InternationalOrganisation", 0.7, _O),
    Head("联盟", "RegionalOrganisation", 0.7, _O),
    Head("论坛", "Forum", 0.75, _F),
    Head("峰会", "DialoguePlatform", 0.7, _F),
    Head("大会", "DialoguePlatform", 0.6, _F),
    Head("会议", "DialoguePlatform", 0.6, _F),
    Head("基金", "Fund", 0.75, _O),
    Head("机制", "CooperationMechanism", 0.6, _F),
    Head("体系", "Regime", 0.6, _F),
    Head("进程", "CooperationMechanism", 0.65, _F),
    Head("模式", "DialoguePlatform", 0.6, _F),
    Head("对话", "DialoguePlatform", 0.6, _F),
    Head("磋商", "DialoguePlatform", 0.6, _F),
    Head("协定", "Agreement", 0.75, _F),
    Head("协议", "Agreement", 0.7, _F),
    Head("计划", "Initiative", 0.6, _F),
    Head("倡议", "Initiative", 0.65, _F),
    Head("小组", "CooperationMechanism", 0.65, _O),
    Head("中心", "CooperationMechanism", 0.55, _O),
)
TOP_OF = {
    "Protocol": "Treaty",
    "Convention": "Treaty",
    "Charter": "Treaty",
    "Agreement": "Treaty",
    "Resolution": "Treaty",
    "Declaration": "Treaty",
    "DraftInstrument": "Treaty",
    "Initiative": "Mechanism",
    "Agenda": "Mechanism",
    "CooperationMechanism": "Mechanism",
    "DialoguePlatform": "Mechanism",
    "Forum": "Mechanism",
    "Fund": "Mechanism",
    "UNProcess": "Mechanism",
    "Regime": "Mechanism",
    "ResearchInstitution": "Organisation",
    "UNBody": "Organisation",
    "InternationalOrganisation": "Organisation",
    "RegionalOrganisation": "Organisation",
    "StateGrouping": "Organisation",
}
# Classes of known entities that make a proper modifier of a format head (None: an actor).
PROPER_CLASSES = frozenset({None, "Organisation", "Treaty", "Mechanism"})
# Heads that, after a state alone, name its own proposal or model, not a format (中国倡议).
OWN_FORMATS = frozenset({"倡议", "计划", "模式"})
# Heads that make a name only after a known treaty (南极条约体系, not 亚洲安全体系).
TREATY_SYSTEMS = frozenset({"体系"})
# How the names of issues end (伊朗核问题, 俄乌冲突, 乌克兰危机): a process about an issue is
# described, not named (俄乌冲突谈判进程), unless it is an agreement (伊核问题全面协议).
ISSUE_ENDINGS = ("问题", "冲突", "危机", "局势", "争端")
# Activities a process is named after when it is described, not named (日本遗弃在华化学武器销毁进程,
# 中东和平谈判进程).
PROCESS_ACTIVITIES = ("销毁", "谈判", "和谈", "和解", "重建", "过渡")
# Meetings of an organisation or mechanism written right after its name (澜湄合作外长会, 亚信峰会):
# the meeting is no concept, the known name is the mention (GUIDELINES R2.7.40). A 会议 on a known
# zone is a conference of its own (中东无核武器及其他大规模杀伤性武器区会议). A seminar right after
# the name (亚信研讨会) is its meeting too, whereas a qualified one (全球安全倡议高级别研讨会,
# …国际研讨会) is a named event of its own, like 全球安全倡议高级别论坛 (GUIDELINES R2.7.58).
MEETING_HEADS = frozenset({"外长会", "峰会", "研讨会"})
AGREEMENTS = frozenset({"全面协议", "协议", "协定"})
# A generic word after a name that is not part of it (中国—中亚峰会机制 → 中国—中亚峰会).
GENERIC_AFTER_NAME = ("机制", "进程", "框架", "平台", "会议")
# Heads of consultations whose 机制 is part of the name (R2.7.24: 中俄网络安全磋商机制).
MECHANISM_HEADS = ("磋商", "会晤", "对话")

# What makes a quoted phrase a coined name of a joint project (共建“冰上丝绸之路”, 高质量建设
# “区域综合经济走廊”, “数字丝路”合作).
_BUILT_BEFORE = re.compile(r"(?:共建|建设|推进|打造)$")
_BUILT_AFTER = re.compile(r"(?:合作|建设)(?![^，；。]{0,2}[”」])")
# A coded format name (2+2, C5+1, 10+3) and the format words after its closing quote.
_CODED = re.compile(r"[A-Za-z]{0,3}\d+(?:\s*\+\s*\d+)+")
_CODED_FORMAT = re.compile(r"(?:安全|战略|部长级)?(?:对话|磋商|会晤)(?:机制)?")
_TITLE = re.compile(r"《([^《》\n]{2,60})》")
# The years closing a title (（2023—2027）, (2015-2030)): an official part of the mention (§1.5).
_TITLE_YEARS = re.compile(r"[（(]\s*\d{4}\s*(?:[—–\-－~～至]\s*\d{4}\s*)?年?[）)]$")
# A numbered consensus quoted as a name (东盟“五点共识”, 「六點共識」): a document, not prose.
_POINTS_CONSENSUS = re.compile(r"[一二两三四五六七八九十\d]+点共识")
_QUOTED = re.compile(r"[“「]([^“”「」\n]{2,40})[”」](倡议|决议|构想|条约|公约|议程|战略)?")
# The body that adopted a resolution, written right before its number.
_BODY = r"(?:联合国安全理事会|联合国安理会|安全理事会|安理会|联合国大会|联大|大会)"
_NUMBER = r"第?\s*\d{2,5}(?:/\d{1,4})?\s*(?:[（(]\s*\d{4}\s*[）)])?\s*号?"
_RESOLUTIONS = re.compile(
    rf"({_BODY})?(第\s*\d{{2,5}}(?:/\d{{1,4}})?\s*(?:[（(]\s*\d{{4}}\s*[）)])?\s*号?"
    rf"(?:\s*(?:、|和|及|与|以及)\s*{_NUMBER})*\s*)决议"
)
_RESOLUTION_ITEM = re.compile(
    r"(第?)\s*(\d{2,5}(?:/\d{1,4})?)\s*(?:[（(]\s*(\d{4})\s*[）)])?\s*(号?)"
)
# English: ``resolution 2719 (2023)``, ``resolutions 1373 (2001) and 2178 (2014)``.
# A Security Council number (2282, 2282 (2016)) or a General Assembly one (session/number: 70/262).
_ENGLISH_ITEM = r"(?:\d{2,3}/\d{1,4}|\d{2,5}(?:\s*\(\d{4}\))?)"
_ENGLISH_RESOLUTIONS = re.compile(
    rf"(?<![A-Za-z])(?:(General\s+Assembly)\s+)?[Rr]esolutions?\s+{_ENGLISH_ITEM}"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_ENGLISH_ITEM}(?![\d/]))*(?![\d/])"
)
_ENGLISH_RESOLUTION_WORD = re.compile(r"[Rr]esolutions?\s+")
_ENGLISH_RESOLUTION_ITEM = re.compile(r"(\d{2,3}/\d{1,4}|\d{2,5})(?:\s*\((\d{4})\))?")
# The pattern of English names by their head word (their IRIs are of the English form).
ENGLISH_NAME_PATTERN = "english-name"
# English head words of names → (class, confidence).
ENGLISH_HEADS: dict[str, tuple[str, float]] = {
    "Code of Conduct": ("Declaration", 0.7),
    "Convention": ("Convention", 0.75),
    "Agreement": ("Agreement", 0.7),
    "Amendment": ("Protocol", 0.65),
    "Protocol": ("Protocol", 0.7),
    "Commission": ("InternationalOrganisation", 0.65),
    "Centre": ("InternationalOrganisation", 0.6),
    "Programme": ("Initiative", 0.6),
    "Concept": ("Initiative", 0.6),
}
_EN_CONNECTORS = frozenset(("of", "on", "for", "the", "and", "against", "in", "to", "The"))
_EN_WORD = r"[A-Z][\w'’\-]*"
_EN_CONNECTOR = r"(?:of|on|for|the|and|against|in|to)"
_ENGLISH_NAME = re.compile(
    rf"(?<![\w-])(?:{_EN_WORD}\s+(?:(?:of|on|for|the|in|to)\s+)*){{1,8}}?"
    r"(?P<head>Code\s+of\s+Conduct|Convention|Agreement|Amendment|Protocol|Commission|Centre|"
    r"Programme|Concept)\b"
    rf"(?:\s+(?:for|on|against)\s+(?:(?:{_EN_CONNECTOR}\s+)*{_EN_WORD})"
    rf"(?:\s+(?!and\s+the\b)(?:(?:{_EN_CONNECTOR}\s+)*{_EN_WORD}))*)?"
)
_RESOLUTION_NAME = re.compile(r"(联大|安理会)第(\d{2,5}(?:/\d{1,4})?)号决议")
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/])(?:A|S|E|CD|ST|TD|UNEP|HRC)(?:/(?:[A-Z]{1,5}|[A-Z]?\.?\d+[A-Za-z0-9.]*))+"
    r"(?:[(（]\d{4}[)）])?"
)
_SC_RESOLUTION_SYMBOL = re.compile(r"S/RES/(\d{2,5})(?:[(（](\d{4})[)）])?")
_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9·\-+]{2,30}?(?:"
    + "|".join(head.word for head in NAME_HEADS)
    + r")(?![-·费员]|之友|秘书处|全面协议"
    + r"|(?:高级别|部长级|(?![等和与及或的])[\u4e00-\u9fff])?"
    + r"(?:组织|机制|会议|论坛|基金|小组|委员会|研讨会))"
)
# Words a name never starts with or spans: a name begins after the last of them. Characters that
# also begin words of names are excepted where they do (和平, 对话, 同盟, 有关 …).
_NAME_BOUNDARY = re.compile(
    r"(?:了|的|在|由|给|致|到|代表|同意|用好|办好|加快|(?<![共协合不认赞如相陪等])同(?![盟步])|向|(?<![应面绝相])对(?![话抗接])|将|把|被|从|"
    r"为(?!期)|与(?!会)|(?<!埃)及|以及|(?<!维)和(?![平谐解睦])|暨|即|于|或|等|是|并|还|均|已|曾|拟|"
    r"愿|应(?![对用急变])|要|就|"
    r"通过|支持|推动|发挥|成立|建立|设立|举办|召开|举行|出席|主办|承办|筹办|加入|参加|参与|"
    r"开展|进行|保持|利用|打造|启用|启动|重启|恢复|重返|退出|违反|破坏|遵守|履行|执行|落实|签署|达成|依托|借助|"
    r"实施|共建|共同(?![体声安])|研制|发表|"
    r"根据|依据|按照|推进|加强|包括|积极|倡议(?!之友)|提出|发起|倡导|欢迎|赞赏|呼吁|敦促|主持|完善|深化|"
    r"拓展|扩大|构建|建设(?!和平)|创设|搭建|组建|维护|坚持|宣布|出台|介绍|一项|一个|一些|一系列|这一|这个|"
    r"这些|此次|本次|其|该|此|各|两|多个|若干|相关|有关|其他|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?)"
)
# Dashes joining the parties of a format (中国—中亚峰会, 中国－海湾阿拉伯国家合作委员会峰会).
_DASHES = frozenset("－—–-")
# Format heads after a partner organisation (中国—东盟…峰会, …战略对话机制, …合作论坛).
_PARTNER_FORMAT = re.compile(
    r"(?:峰会|(?:合作)?论坛|(?:战略|安全|高级别)?对话(?:机制)?|(?:合作|磋商|会晤)机制|(?:外长|部长级)会议)"
)
# Characters that coordinate names (A和B, A、B).
_COORDINATION = frozenset("和与及、")
# An ordinal of a session opening a name: the name is the series (首届中国—中亚峰会).
_LEADING_ORDINAL = re.compile(r"^(?:首届|首次|第[\d一二三四五六七八九十百]+(?:届|次|轮))")
# A quantifier or demonstrative opening a quoted name (“一项共同安全议程”) is not part of it.
_LEADING_QUANTIFIER = re.compile(r"^(?:一项|一个|一份|一套|这一|这项|这个|该|此)")
# Common nouns that form generic, not proper, names with a head word.
GENERIC_STEMS = frozenset(
    {
        "区域",
        "次区域",
        "地区",
        "国际",
        "政府间",
        "恐怖",
        "社会",
        "合作",
        "协调合作",
        "多边",
        "对话",
        "交流",
        "国际和会",
    }
)
# One-character abbreviations of states and regions that run together in the names of formats
# (中阿合作论坛, 中日韩峰会, 巴以和谈, 美日印澳); 以 (Israel) only after another.
_ABBREVIATIONS = "中美俄欧日韩朝印巴阿非拉澳英法德蒙越伊乌哈吉塔土马缅泰柬菲埃沙"
_ABBREVIATION_RUN = re.compile(rf"[{_ABBREVIATIONS}][{_ABBREVIATIONS}以]{{1,3}}")
# Runs of abbreviations that are ordinary words.
_NOT_ABBREVIATIONS = ("非法", "法德")
# Characters that make a word with an abbreviation after them (其中, 集中, 当中, 之中).
_GLUED_BEFORE_RUN = set("其集当之空期心家手暗途居")
# Characters that write transliterated place names (阿斯塔纳, 诺曼底, 明斯克, 维也纳, 达沃斯,
# 瓦森纳, 赫尔辛基): a run of three of them opening a name is a place.
_TRANSLITERATION = set(
    "阿斯塔纳诺曼底明克维也瓦达沃森戴营奥陆赫尔辛基伊坦布多哈雅得德黑兰喀堡加马里慕尼巴黎伦敦"
    "莫科沙鲁塞牙罗首谷吉坡杜尚别比什凯图索契彼符拉迪托崴那波哥毕亚贝约翰扎拜卡格革特突旺蒙乌"
    "壤仰累苏威柏林埃叙利日内"
)
TRANSLITERATION_RUN = 3
# Chinese cities that name documents, meetings and formats (北京协议, 西安宣言, 香山论坛).
CITIES = (
    "北京", "上海", "天津", "西安", "南京", "杭州", "厦门", "青岛", "博鳌", "乌镇", "香山",
    "连云港", "成都", "重庆", "广州", "深圳", "昆明", "大连", "武汉", "三亚", "海口",
)  # fmt: skip


@dataclass(frozen=True)
class Known:
    """A known entity named at ``[start, end)`` of the text: its top class (None for an actor)
    and its Chinese labels, preferred label first, by which a name containing it may be known under
    another form."""

    start: int
    end: int
    top_class: str | None
    labels: tuple[str, ...] = ()

    @property
    def pref(self) -> str | None:
        """The label a name containing the entity is canonically written with (the first)."""
        return self.labels[0] if self.labels else None


@dataclass(frozen=True)
class Candidate:
    """A name found in a passage: ``[start, end)`` in the passage, its class and confidence.

    ``name`` is the canonical name (the discovered concept's label and IRI key); ``links`` are
    the other names under which the vocabulary may know it.
    """

    start: int
    end: int
    name: str
    cls: str
    confidence: float
    pattern: str
    links: tuple[str, ...] = ()

    @property
    def top_class(self) -> str:
        return TOP_OF[self.cls]

    @property
    def english_label(self) -> str | None:
        """An English label where the name has an honest one: a symbol, a resolution number."""
        if is_latin(self.name):
            return self.name
        number = _RESOLUTION_NAME.fullmatch(self.name)
        if number:
            body = "General Assembly" if number[1] == "联大" else "Security Council"
            return f"{body} resolution {number[2]}"
        return None


def discovered_slug(name: str) -> str:
    """The slug of a discovered concept: ``found-`` and 12 hex digits of the name's SHA-1."""
    return "found-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def canonical_name(text: str) -> str:
    """The name as it is labelled: no spaces, half-width brackets."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def _head(name: str) -> Head | None:
    for head in NAME_HEADS:
        if name.endswith(head.word) and len(name) > len(head.word):
            return head
    return None


def _title_head(name: str) -> tuple[str, float] | None:
    for head, cls, confidence in TITLE_HEADS:
        if name.endswith(head) and len(name) > len(head):
            return cls, confidence
    return None


def find_candidates(text: str, known: Sequence[Known] = ()) -> Iterator[Candidate]:
    """Every name-like span of ``text`` (normalised passage text).

    ``known``: the entities of the vocabulary named in ``text`` (non-overlapping), which make the
    modifiers of names by their head word and link names to the concepts they denote.
    """
    for match in _TITLE.finditer(text):
        # a title's years (《澜湄合作五年行动计划（2023—2027）》) are in the mention, not the name
        name = canonical_name(_TITLE_YEARS.sub("", match[1]))
        title = _title_head(name)
        if title:
            yield Candidate(match.start(1), match.end(1), name, title[0], title[1], "title")
    for match in _QUOTED.finditer(text):
        inner, after = match[1], match[2]
        if after:
            # “消弭枪声”倡议, “全球海洋支点”构想: the mention is the quoted name, the concept is
            # named with its head (a known concept quoted is that concept)
            name = canonical_name(inner + after)
            title = _title_head(name)
            if title:
                yield Candidate(
                    match.start(1), match.end(1), name, title[0], title[1] - 0.1, "quoted"
                )
            continue
        lead = _LEADING_QUANTIFIER.match(inner)
        start = match.start(1) + (lead.end() if lead else 0)
        name = canonical_name(text[start : match.end(1)])
        title = _title_head(name)
        head = _head(name)
        if title:
            yield Candidate(start, match.end(1), name, title[0], title[1] - 0.1, "quoted")
        elif _POINTS_CONSENSUS.fullmatch(name):
            yield Candidate(start, match.end(1), name, "Declaration", 0.7, "quoted")
        elif head is not None and len(name) > len(head.word) + 2:
            # quotes mark a proper name whatever its head (“四方安全对话”)
            cls, confidence = head.cls, head.confidence - 0.1
            yield Candidate(start, match.end(1), name, cls, confidence, "quoted")
        elif _CODED.fullmatch(name) and (format_ := _CODED_FORMAT.match(text, match.end())):
            # a coded format quoted before its head (“2+2”对话机制, “C5+1”磋商): the quoted
            # code is the mention, the concept is named with its head
            named = canonical_name(name + format_[0])
            yield Candidate(start, match.end(1), named, "DialoguePlatform", 0.6, "quoted")
        elif _BUILT_BEFORE.search(text, 0, match.start()) or _BUILT_AFTER.match(text, match.end()):
            # a quoted coined name that is built or cooperated in (共建“冰上丝绸之路”, “数字丝路”
            # 合作) is a cooperation mechanism, not a scare quote
            yield Candidate(start, match.end(1), name, "CooperationMechanism", 0.55, "quoted")
    yield from _resolutions(text)
    yield from _english_resolutions(text)
    yield from _english_names(text)
    for match in _SYMBOL.finditer(text):
        symbol = match[0].rstrip(".")
        if not re.search(r"\d", symbol):
            continue
        cls = "DraftInstrument" if "/L." in symbol else "Resolution"
        end = match.start() + len(symbol)
        yield Candidate(match.start(), end, symbol, cls, 0.6, "un-symbol", _symbol_links(symbol))
    yield from _names_by_head(text, known)


def _resolutions(text: str) -> Iterator[Candidate]:
    """One candidate per resolution number; a coordination gives one per number, the first with
    the body before it (安理会第242号), the last reaching to 决议."""
    for match in _RESOLUTIONS.finditer(text):
        items = list(_RESOLUTION_ITEM.finditer(text, match.start(2), match.end(2)))
        body = match[1]
        for k, item in enumerate(items):
            last = k == len(items) - 1
            start = match.start() if body and k == 0 else item.start()
            end = match.end() if last else item.start() + len(item[0].rstrip())
            year = item[3]
            number = item[2]
            # A session/number (76/262) is the General Assembly's numbering.
            general_assembly = body in ("联合国大会", "联大", "大会") or "/" in number
            name = f"{'联大' if general_assembly else '安理会'}第{number}号决议"
            links: tuple[str, ...] = (
                f"第{number}号决议",
                f"第{number}({year})号决议" if year else f"{number}号决议",
                f"resolution {number}",
            )
            links += (f"A/RES/{number}",) if general_assembly else (f"S/RES/{number}",)
            yield Candidate(start, end, name, "Resolution", 0.9, "resolution-number", links)


def _english_resolutions(text: str) -> Iterator[Candidate]:
    """English resolution numbers, one candidate per resolution: the first with the word
    resolution (``resolutions 1373 (2001)``), the others as numbers (``2178 (2014)``). Each is the
    Security Council resolution of that number, the concept a Chinese text names too; a number of
    session and resolution (``70/262``), or the first number after ``General Assembly`` (in the
    mention), is a General Assembly resolution."""
    for match in _ENGLISH_RESOLUTIONS.finditer(text):
        first = _ENGLISH_RESOLUTION_WORD.search(text, match.start(), match.end())
        assert first is not None
        for k, item in enumerate(_ENGLISH_RESOLUTION_ITEM.finditer(text, first.end(), match.end())):
            number, year = item[1], item[2]
            start = match.start() if k == 0 else item.start()
            assembly = "/" in number or (bool(match[1]) and k == 0)
            symbol = f"A/RES/{number}" if assembly else f"S/RES/{number}"
            links: tuple[str, ...] = (f"resolution {number}", symbol, f"第{number}号决议")
            if year:
                links = (f"第{number}({year})号决议", *links)
            if assembly:
                links = (f"General Assembly resolution {number}", f"大会第{number}号决议", *links)
            name = f"联合国大会第{number}号决议" if assembly else f"安理会第{number}号决议"
            yield Candidate(start, item.end(), name, "Resolution", 0.85, "resolution-number", links)


_OWNER = re.compile(r"\s+of\s+the\s+(?=[A-Z])")


def _english_names(text: str) -> Iterator[Candidate]:
    """English proper names by their head word (the Yaoundé Code of Conduct, the Gulf of Guinea
    Commission, the Global Maritime Crime Programme, the Regional Cooperation Agreement on
    Combating Piracy … in Asia): capitalised words, joined by lower-case connectors, ending in a
    head of :data:`ENGLISH_HEADS`, with its capitalised complement (for the Persian Gulf
    Region). A head with no capitalised word of its own before it (the Convention) is none."""
    for match in _ENGLISH_NAME.finditer(text):
        head = match["head"]
        cls, confidence = ENGLISH_HEADS[" ".join(head.split())]
        start = match.start()
        modifiers = text[start : match.start("head")].split()
        if not modifiers or all(word in _EN_CONNECTORS for word in modifiers):
            continue
        # the General Assembly of the United Nations Convention against Cybercrime: the name
        # is what follows the last “of the” before its head (a body's instrument)
        owner = list(_OWNER.finditer(text, start, match.start("head")))
        if owner:
            start = owner[-1].end()
        name = " ".join(text[start : match.end()].split())
        yield Candidate(start, match.end(), name, cls, confidence, ENGLISH_NAME_PATTERN)


def _symbol_links(symbol: str) -> tuple[str, ...]:
    """A Security Council resolution symbol is known as its number too (S/RES/2231(2015))."""
    match = _SC_RESOLUTION_SYMBOL.fullmatch(symbol)
    if not match:
        return ()
    number = match[1]
    return (f"S/RES/{number}", f"安理会第{number}号决议", f"第{number}号决议")


def _names_by_head(text: str, known: Sequence[Known]) -> Iterator[Candidate]:
    for match in _NAME.finditer(text):
        start, end = match.start(), match.end()
        head = _head(text[start:end])
        if head is None:
            continue
        trimmed = trim_generic_tail(text[start:end])
        if len(trimmed) < end - start:
            end = start + len(trimmed)
            head = _head(trimmed)
            assert head is not None
        partner = _partner_format(text, end, known) if head.kind is HeadKind.OPEN else None
        if partner is not None:
            end = partner
            head = _head(trim_generic_tail(text[start:end]))
            assert head is not None
        stem_end = end - len(head.word)
        cut = start
        for boundary in _NAME_BOUNDARY.finditer(text, start, end):
            # a word inside a known name is part of it (无核武器及其他大规模杀伤性武器区)
            if boundary.end() <= stem_end and not any(
                k.start < boundary.end() <= k.end for k in known
            ):
                cut = max(cut, boundary.end())
        ordinal = _LEADING_ORDINAL.match(text, cut, stem_end)
        if ordinal:
            cut = ordinal.end()
        owner = [
            k
            for k in known
            if k.end == cut
            and k.top_class == "Organisation"
            and text[k.start - 1 : k.start] not in _COORDINATION
        ]
        if head.kind is HeadKind.OPEN and cut == start and owner:
            # an organisation's own body named right after it (上海合作组织成员国…专家组), not
            # the joint body of coordinated organisations (阿盟和伊斯兰合作组织联合委员会)
            cut = owner[0].start
        inside = [k for k in known if cut <= k.start and k.end <= stem_end]
        if _prefix_to_known(known, cut, stem_end, end):
            continue
        if head.kind is HeadKind.FORMAT:
            proper = _proper_start(text, cut, stem_end, inside)
            if proper is None:
                continue
            cut = proper
            inside = [k for k in inside if k.start >= cut]
            if head.word in MEETING_HEADS and _meeting_of_known(inside, cut, stem_end):
                continue
            if _descriptive(text, cut, stem_end, head, inside):
                continue
            if head.word in TREATY_SYSTEMS and not any(k.top_class == "Treaty" for k in inside):
                continue
        stem = canonical_name(text[cut:stem_end])
        if len(stem) < 2 or stem in GENERIC_STEMS or _generic_after_place(text, stem_end, inside):
            continue
        if head.kind is HeadKind.OPEN and not (
            inside or re.search(r"[A-Za-z]", stem) or _ABBREVIATION_RUN.match(text, cut)
        ):
            # (a run of state abbreviations names the parties: 中非卫星遥感应用合作中心)
            continue
        name, links = _name_forms(text, cut, end, inside)
        cls = head.cls
        if head.word == "委员会" and _ABBREVIATION_RUN.fullmatch(text, cut, cut + 2):
            # a commission of two states named by their abbreviations (中马高级别委员会,
            # 中埃政府间合作委员会) is their cooperation mechanism, not an international body
            cls = "CooperationMechanism"
        yield Candidate(cut, end, name, cls, head.confidence, "name-head", links)


def _partner_format(text: str, end: int, known: Sequence[Known]) -> int | None:
    """Where a format of a state with a known organisation ends when the organisation's name ends
    at ``end`` after a dash (中国－海湾阿拉伯国家合作委员会峰会, 中国—东盟战略对话机制): the
    format is the name, not a new body ending at the organisation's head word."""
    if not any(
        k.end == end and k.top_class == "Organisation" and text[k.start - 1 : k.start] in _DASHES
        for k in known
    ):
        return None
    after = _PARTNER_FORMAT.match(text, end)
    return after.end() if after else None


def _prefix_to_known(known: Sequence[Known], cut: int, stem_end: int, end: int) -> bool:
    """Whether a name ending at ``end`` only puts words without a known entity before a known
    name whose part its head is (北京一再援引联合国大会第2758号决议, 北京则批评四方机制): the known
    name is the name. A known entity in the words before makes a name of its own
    (联合国新一届信息安全开放式工作组)."""
    for k in known:
        if cut < k.start < stem_end and end <= k.end:
            return not any(cut <= other.start and other.end <= k.start for other in known)
    return False


def _proper_start(text: str, cut: int, stem_end: int, inside: list[Known]) -> int | None:
    """Where the proper modifier of a format head starts in ``text[cut:stem_end]``, or
    None when there is none (the phrase is generic)."""
    # a party (中方, 美方, 双方) speaks, it never modifies a name: 中方重视中日韩合作机制
    starts = [
        k.start
        for k in inside
        if k.start >= cut and k.top_class in PROPER_CLASSES and not _party(text, k)
    ]
    latin = re.search(r"[A-Za-z0-9]", text[cut:stem_end])
    if latin:
        starts.append(cut + latin.start())
    for run in _ABBREVIATION_RUN.finditer(text, cut, stem_end):
        glued = run.start() > 0 and text[run.start() - 1] in _GLUED_BEFORE_RUN
        # a known name starting inside the run reads on (中阿富汗: 中 + 阿富汗)
        split = any(run.start() < k.start < run.end() for k in inside)
        if not (glued or split or any(word in run[0] for word in _NOT_ABBREVIATIONS)):
            starts.append(run.start())
            break
    if text.startswith(CITIES, cut):
        starts.append(cut)
    length = 0
    while cut + length < stem_end and text[cut + length] in _TRANSLITERATION:
        length += 1
    if length >= TRANSLITERATION_RUN:
        starts.append(cut)
    if not starts:
        return None
    first = min(starts)
    # An issue before the format's own name is its subject (阿富汗问题莫斯科模式 → 莫斯科模式).
    issue = [k for k in inside if k.start == first and text[k.end - 2 : k.end] == "问题"]
    if issue:
        later = _proper_start(text, issue[0].end, stem_end, inside)
        if later is not None and later > first:
            return later
    return first


def _meeting_of_known(inside: list[Known], cut: int, stem_end: int) -> bool:
    """Whether a meeting head follows one known organisation or mechanism and nothing else
    (澜湄合作外长会, 亚信峰会): the meeting of that body, not a concept of its own."""
    return any(
        k.start == cut and k.end == stem_end and k.top_class in ("Organisation", "Mechanism")
        for k in inside
    )


def _party(text: str, known: Known) -> bool:
    """Whether a known actor is named as a party (中方, 俄方, 双方): the subject of a sentence."""
    return known.end - known.start == 2 and text[known.end - 1] == "方"


def _generic_after_place(text: str, stem_end: int, inside: list[Known]) -> bool:
    """Whether the modifier is a place and a generic word (非洲次区域组织, 亚洲区域合作机制)."""
    return any(
        k.top_class is None and canonical_name(text[k.end : stem_end]) in GENERIC_STEMS
        for k in inside
    )


def _descriptive(text: str, start: int, stem_end: int, head: Head, inside: list[Known]) -> bool:
    """Whether a format named by a proper modifier is still a description: it names a principle
    (半岛问题政治解决进程); it is a party's own proposal or model (中方倡议, 中国模式, 欧盟计划,
    欧美模式); it is about an issue (俄乌冲突谈判进程), unless an agreement (伊核问题全面协议)."""
    if any(k.top_class == "Principle" for k in inside):
        return True
    only = [k for k in inside if k.start == start and k.end == stem_end]
    if only and (text[stem_end - 1] == "方" or head.word in OWN_FORMATS):
        return True
    if head.word in OWN_FORMATS and _ABBREVIATION_RUN.fullmatch(text, start, stem_end):
        return True
    stem = text[start:stem_end]
    if head.word == "进程" and stem.endswith(PROCESS_ACTIVITIES):
        return True
    return head.word not in AGREEMENTS and any(word in stem for word in ISSUE_ENDINGS)


def _name_forms(
    text: str, start: int, end: int, inside: list[Known]
) -> tuple[str, tuple[str, ...]]:
    """The canonical name of ``text[start:end]`` (each known entity inside it written with its
    preferred label: 伊核问题全面协议 → 伊朗核问题全面协议, so that every form mints one IRI) and
    its
    other forms: each entity under its other labels, without a leading 联合国, without 的."""
    written = text[start:end]
    pieces: list[str] = []
    done = start
    for k in sorted(inside, key=lambda k: k.start):
        pieces += [text[done : k.start], k.pref or text[k.start : k.end]]
        done = k.end
    name = canonical_name("".join([*pieces, text[done:end]]))
    links: list[str] = [written]
    for k in inside:
        before, after = text[start : k.start], text[k.end : end]
        links += [before + label + after for label in k.labels]
    for form in list(links):
        if form.startswith("联合国") and len(form) > 5:
            links.append(form.removeprefix("联合国"))
    if "的" in written:
        links.append(written.replace("的", ""))
    forms = dict.fromkeys(canonical_name(link) for link in links)
    forms.pop(name, None)
    return name, tuple(forms)


def trim_generic_tail(name: str) -> str:
    """A name without a generic word after its own head (中国—中亚峰会机制 → 中国—中亚峰会).

    >>> trim_generic_tail("中国-中亚峰会机制"), trim_generic_tail("中俄网络安全磋商机制")
    ('中国-中亚峰会', '中俄网络安全磋商机制')
    """
    for tail in GENERIC_AFTER_NAME:
        rest = name.removesuffix(tail)
        if rest != name and _head(rest) is not None:
            if tail == "机制" and rest.endswith(MECHANISM_HEADS):
                # 中俄网络安全磋商机制, 中国—东盟防长非正式会晤机制: 机制 is part of the name
                return name
            return rest
    return name


# Every head word a name can end in.
HEAD_WORDS = frozenset(h for h, _, _ in TITLE_HEADS) | frozenset(h.word for h in NAME_HEADS)
