"""Discovering what the vocabulary lacks: names of treaties, organisations and mechanisms found by
their form, with the class their head word implies and a confidence.

Patterns, strongest first:

* a title in ``《…》``, classified by its head word (条约, 公约 → treaty; 宣言, 声明 → declaration;
  倡议, 构想, 战略 → mechanism; …);
* a quoted name ``“…”`` whose head word, inside or right after the quotes, is one of those;
* a resolution number (``第2518号决议``, ``第2589(2021)号决议``) and a UN document symbol
  (``A/77/393``, ``A/RES/76/262``, ``S/2022/617``);
* a name ending in 组织, 联盟, 委员会, 论坛, 基金, 机制, 会议, 工作组, 小组 … that contains a
  known place, actor or concept (联合国维和人员安全之友小组), so that generic phrases (区域组织,
  早期预警机制) are not taken for names.

A discovered concept's IRI is ``concept/found-{sha1(name)[:12]}`` of its normalised name, so
every document that names it mints the same IRI; its class and confidence depend on the name only,
for the same reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
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
    ("纲领", "Agenda", 0.8),
    ("框架", "CooperationMechanism", 0.6),
    ("准则", "Declaration", 0.6),
    ("指南", "Declaration", 0.6),
)
NAME_HEADS: tuple[tuple[str, str, float], ...] = (
    ("研究所", "ResearchInstitution", 0.75),
    ("研究院", "ResearchInstitution", 0.75),
    ("委员会", "UNBody", 0.7),
    ("理事会", "InternationalOrganisation", 0.7),
    ("工作组", "UNProcess", 0.7),
    ("对话会", "DialoguePlatform", 0.7),
    ("外长会", "DialoguePlatform", 0.7),
    ("组织", "InternationalOrganisation", 0.7),
    ("联盟", "RegionalOrganisation", 0.7),
    ("论坛", "Forum", 0.75),
    ("基金", "Fund", 0.75),
    ("机制", "CooperationMechanism", 0.6),
    ("会议", "DialoguePlatform", 0.6),
    ("峰会", "DialoguePlatform", 0.7),
    ("大会", "DialoguePlatform", 0.6),
    ("小组", "CooperationMechanism", 0.65),
    ("中心", "CooperationMechanism", 0.55),
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
    "ResearchInstitution": "Organisation",
    "UNBody": "Organisation",
    "InternationalOrganisation": "Organisation",
    "RegionalOrganisation": "Organisation",
}

_TITLE = re.compile(r"《([^《》\n]{2,60})》")
_QUOTED = re.compile(r"“([^“”\n]{2,40})”(倡议|决议|构想|条约|公约|议程|战略)?")
_RESOLUTION = re.compile(r"第\s*(\d{2,5})\s*(?:[（(]\s*(\d{4})\s*[）)])?\s*号决议")
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9/])(?:A|S|E|CD|ST|TD|UNEP|HRC)(?:/(?:[A-Z]{1,5}|[A-Z]?\.?\d+[A-Za-z0-9.]*))+"
    r"(?:\(\d{4}\))?"
)
_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9·\-]{2,30}?(?:"
    + "|".join(head for head, _, _ in NAME_HEADS)
    + r")(?![\u4e00-\u9fff]{0,1}(?:组织|机制|会议|论坛|基金|小组|委员会))"
)
# Words a name never starts with or spans: a name begins after the last of them.
_NAME_BOUNDARY = re.compile(
    r"(?:了|的|在|由|同|向|对|将|把|被|从|为|与|及|以及|和|或|等|是|有|通过|支持|推动|发挥|成立|"
    r"建立|设立|举办|召开|举行|加入|参加|参与|利用|打造|启用|推进|加强|包括|积极|倡议|提出|主持|"
    r"完善|深化|创设|搭建|维护|坚持|一项|一个|这一|其|该|各|相关|有关|其他)"
)
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


@dataclass(frozen=True)
class Candidate:
    """A name found in a passage: ``[start, end)`` in the passage, its class and confidence."""

    start: int
    end: int
    name: str
    cls: str
    confidence: float
    pattern: str

    @property
    def top_class(self) -> str:
        return TOP_OF[self.cls]

    @property
    def english_label(self) -> str | None:
        """An English label where the name has an honest one: a symbol, a resolution number."""
        if is_latin(self.name):
            return self.name
        number = _RESOLUTION.fullmatch(self.name)
        if number:
            return f"Resolution {number[1]}" + (f" ({number[2]})" if number[2] else "")
        return None


def discovered_slug(name: str) -> str:
    """The slug of a discovered concept: ``found-`` and 12 hex digits of the name's SHA-1."""
    return "found-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def canonical_name(text: str) -> str:
    """The name as it is labelled: no spaces, half-width brackets."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def _head(name: str, heads: tuple[tuple[str, str, float], ...]) -> tuple[str, float] | None:
    for head, cls, confidence in heads:
        if name.endswith(head) and len(name) > len(head):
            return cls, confidence
    return None


def find_candidates(text: str, is_anchor: Callable[[int, int], bool]) -> Iterator[Candidate]:
    """Every name-like span of ``text`` (normalised passage text).

    ``is_anchor(start, end)`` says whether a known entity is named inside ``[start, end)``: a name
    by suffix is only taken when it contains one (or Latin letters or digits).
    """
    for match in _TITLE.finditer(text):
        name = canonical_name(match[1])
        head = _head(name, TITLE_HEADS)
        if head:
            yield Candidate(match.start(1), match.end(1), name, head[0], head[1], "title")
    for match in _QUOTED.finditer(text):
        inner, after = match[1], match[2]
        if after:
            name = canonical_name(inner + after)
            head = _head(name, TITLE_HEADS)
            if head:
                yield Candidate(match.start(), match.end(), name, head[0], head[1] - 0.1, "quoted")
            continue
        head = _head(canonical_name(inner), TITLE_HEADS)
        if head:
            yield Candidate(
                match.start(1), match.end(1), canonical_name(inner), head[0], head[1] - 0.1,
                "quoted",
            )  # fmt: skip
    for match in _RESOLUTION.finditer(text):
        name = canonical_name(match[0])
        yield Candidate(match.start(), match.end(), name, "Resolution", 0.9, "resolution-number")
    for match in _SYMBOL.finditer(text):
        symbol = match[0].rstrip(".")
        if not re.search(r"\d", symbol):
            continue
        cls = "DraftInstrument" if "/L." in symbol else "Resolution"
        end = match.start() + len(symbol)
        yield Candidate(match.start(), end, symbol, cls, 0.6, "un-symbol")
    yield from _names_by_suffix(text, is_anchor)


def _names_by_suffix(text: str, is_anchor: Callable[[int, int], bool]) -> Iterator[Candidate]:
    for match in _NAME.finditer(text):
        start, end = match.start(), match.end()
        cut = start
        for boundary in _NAME_BOUNDARY.finditer(text, start, end):
            cut = max(cut, boundary.end())
        name = canonical_name(text[cut:end])
        head = _head(name, NAME_HEADS)
        if head is None:
            continue
        stem = name[: -_head_length(name)]
        if len(stem) < 2 or stem in GENERIC_STEMS:
            continue
        if not (is_anchor(cut, end - len(name) + len(stem)) or re.search(r"[A-Za-z]", stem)):
            continue
        yield Candidate(cut, end, name, head[0], head[1], "name-suffix")


def _head_length(name: str) -> int:
    for head, _, _ in NAME_HEADS:
        if name.endswith(head):
            return len(head)
    return 0
