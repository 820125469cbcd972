"""Cleaning extracted text: normalisation, boilerplate removal, page-break repair.

The rules (documented in the README, "Cleaning"):

1. Line endings become ``\\n``; ideographic and no-break spaces and tabs become spaces; full-width
   ASCII letters and digits (``Ａ``, ``１``) become half-width.
2. Spaces next to a CJK character or CJK punctuation are removed (``2022 年 8 月`` → ``2022年8月``);
   other runs of spaces become one space; lines are stripped.
3. Half-width ``, : ; ? ! ( )`` next to CJK text become full-width (``，：；？！（）``).
4. Running page numbers (``5``, ``- 5 -``, ``第5页``) and web boilerplate lines (numeric ids,
   navigation crumbs, share widgets, source / editor /
   reviewer / publication-time lines, headlines above the page's own title, a repeated title) are
   removed from the text and reported as :class:`RemovedLine` with their line number; source,
   editor and publication date are kept as metadata.
5. A line that ends mid-sentence is joined with the next one across blank lines (page breaks and
   hard wraps): see :func:`should_join`, except after a first line that reads as the title when a
   blank line follows it, and before a salutation (:func:`keeps_break`). Each resulting paragraph
   is one block; the cleaned text is the blocks joined by ``\\n``. Offsets everywhere are code
   points into that text.

English text (the document's language is ``en``) keeps rule 4 and has its own rules 1–3 and 5,
in :mod:`kg.pipeline.english`: no CJK spacing or widening, and paragraphs told by English
sentence ends, headings and enumerators.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.pipeline import english
from kg.pipeline.language import is_english

WIDE = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2022\u00b7\u2014\u2026"
)
_WIDE_CHAR = re.compile(f"[{WIDE}]")
_SPACE_NEAR_WIDE = re.compile(f"(?<=[{WIDE}]) +| +(?=[{WIDE}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile("[" + re.escape("".join(_HALF_TO_FULL)) + "]")
# Full-width ASCII digits and letters (Ａ, １) to half-width, as one str.translate table.
_HALFWIDTH = {
    code: code - 0xFEE0
    for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(first, last + 1)
}
_PAREN_PAIR = re.compile(r"\(([^()（）\n]{0,60})\)")

TERMINAL = "。！？；…"
CLOSERS = "”’」』）》】\"'"
CLAUSE = "，、；："
PAIRS = {"“": "”", "《": "》", "（": "）", "「": "」", "『": "』", "【": "】"}
SHORT_LINE = 30
# Characters that cannot end a clause: a line ending in one continues on the next line.
DANGLING = "的与和及或在对以为将把被从向于并而且之其由同跟让使给"

_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[，、]"
    r"|[（(][a-zA-Z0-9]{1,3}[)）]|[•·●▪◆\-–—]\s?\S)"
)

_NUMERIC_ID = re.compile(r"^\d{4,}(?: \d{4,})*$")
# A running page number left in a text extraction (``5``, ``- 5 -``, ``—5—``, ``第5页``, ``5/12``),
# which would otherwise split the paragraph, and a name, it falls into.
_PAGE_NUMBER = re.compile(
    r"^[-—–_·• ]*(?:第 ?)?\d{1,3}(?: ?/ ?\d{1,3}| ?页(?:[，,] ?共 ?\d{1,3} ?页)?)?[-—–_·• ]*$"
)
_CRUMB = re.compile(r"^(?:首页|当前位置|您的位置|位置)\s*[>＞»›]|[>＞»›]\s*$")
_SHARE = re.compile(r"^(?:分享到|分享：|【?打印】?|【?关闭】?|关闭窗口|打印本页|字号[:：]|扫一扫)")
_META_FIELD = re.compile(
    r"(来源|责任编辑|编辑|审核|发布时间|发布日期|作者|时间)\s*[:：]\s*(.*?)(?=\s+\S+\s*[:：]|$)"
)
_META_LINE = re.compile(r"^【?\s*(?:来源|责任编辑|编辑|审核|发布时间|发布日期)\s*[:：]")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


@dataclass(frozen=True)
class RemovedLine:
    """A source line dropped from the text, kept for the record."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Block:
    """A paragraph of cleaned text and the source line it starts on."""

    text: str
    source_line: int


@dataclass
class CleanDocument:
    """The cleaned text of one document."""

    blocks: list[Block]
    removed: list[RemovedLine] = field(default_factory=list)
    web_metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def published(self) -> dt.date | None:
        """The publication date a web page states (``发布时间``), if any."""
        return parse_date(self.web_metadata.get("发布时间", ""))


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def is_wide(char: str) -> bool:
    return bool(_WIDE_CHAR.match(char))


def normalise_line(line: str) -> str:
    """Apply rules 1–3 to one line.

    >>> normalise_line("2022 年 8 月  来源:外交部")
    '2022年8月来源：外交部'
    """
    line = unicodedata.normalize("NFC", line).translate(_HALFWIDTH)
    line = _SPACES.sub(" ", line).strip()
    line = _SPACE_NEAR_WIDE.sub("", line)
    # Widening one mark can make its neighbour's neighbour wide ("?!中" → "?！中" → "？！中"):
    # repeat to the fixpoint, so that normalising is idempotent.
    while True:
        widened = _HALF_PUNCT.sub(_widen_punct, _PAREN_PAIR.sub(_widen_parens, line))
        if widened == line:
            return line
        line = widened


def _widen_parens(match: re.Match[str]) -> str:
    line, start, end = match.string, match.start(), match.end()
    before = line[start - 1] if start else ""
    after = line[end] if end < len(line) else ""
    if _WIDE_CHAR.search(match[1]) or (before and is_wide(before)) or (after and is_wide(after)):
        return f"（{match[1]}）"
    return match[0]


def _widen_punct(match: re.Match[str]) -> str:
    line, i = match.string, match.start()
    char = match[0]
    full = _HALF_TO_FULL[char]
    before = line[i - 1] if i else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    if before.isdigit() and after.isdigit():
        return char
    if (before and is_wide(before)) or (after and is_wide(after)):
        return full
    return char


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with terminal punctuation (possibly followed by closing quotes)."""
    stripped = text.rstrip(CLOSERS)
    if not stripped:
        return True
    return stripped[-1] in TERMINAL or (stripped[-1] == "：" and balanced(text))


def balanced(text: str) -> bool:
    """True if every opening bracket or quote in ``text`` is closed."""
    return all(text.count(o) <= text.count(c) for o, c in PAIRS.items())


def heading_like(text: str) -> bool:
    """Short, no clause punctuation, no terminal punctuation: a heading, title or signature."""
    return (
        len(text) <= SHORT_LINE
        and not any(c in text for c in CLAUSE)
        and not ends_sentence(text)
        and balanced(text)
    )


_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,6})：")


def enumerator_style(line: str) -> str | None:
    """The enumerator a line starts with: ``一、``, ``（一）``, ``第一，``, ``(a)``, a bullet."""
    match = _ENUMERATED.match(line)
    if not match:
        return None
    token = match[0]
    if token.endswith("、") and not token.startswith("第"):
        return "ordinal"
    if token.startswith("（") and token[1] in "一二三四五六七八九十":
        return "paren-ordinal"
    if token.startswith("第"):
        return "di"
    if token[0] in "(（":
        return "paren-letter"
    return "bullet"


@dataclass(frozen=True)
class LayoutProfile:
    """Per-document layout facts the join decision needs.

    ``labels``: run-in labels that recur at line starts (``优先任务：``), so a labelled line is body
    text. ``sentence_styles``: enumerator styles whose items are mostly sentences (so an item
    that ends mid-sentence continues on the next line) rather than headings.
    """

    labels: frozenset[str]
    sentence_styles: frozenset[str]
    web_page: bool = False

    @classmethod
    def of(cls, lines: list[str], web_page: bool = False) -> LayoutProfile:
        labels: dict[str, int] = {}
        styles: dict[str, list[bool]] = {}
        for line in lines:
            if match := _LABEL.match(line):
                labels[match[1]] = labels.get(match[1], 0) + 1
            if style := enumerator_style(line):
                styles.setdefault(style, []).append(any(c in TERMINAL for c in line))
        return cls(
            labels=frozenset(k for k, n in labels.items() if n >= 2),
            sentence_styles=frozenset(k for k, v in styles.items() if sum(v) * 2 >= len(v)),
            web_page=web_page,
        )

    def label_of(self, line: str) -> str | None:
        match = _LABEL.match(line)
        return match[1] if match and match[1] in self.labels else None


def should_join(current: str, following: str, profile: LayoutProfile) -> bool:
    """Decide whether a line break between two lines is an artefact (page break or hard wrap).

    ``profile.web_page`` marks an extraction from a web page, which has no page breaks.
    Kept: after terminal punctuation; before an enumerated item (``一、``, ``（一）``, ``第一，``,
    ``(a)``, bullets); after an enumerated heading; before a heading-like line; after a short
    line (a heading, salutation, byline or signature) unless it opens with a recurring label.
    Removed: after an unclosed bracket or quote; after an enumerated item written as a sentence
    that stops mid-sentence; after a long line that stops mid-sentence.
    """
    if not balanced(current):
        return True
    if ends_sentence(current) or _ENUMERATED.match(following):
        return False
    style = enumerator_style(current)
    if style is not None:
        return style in profile.sentence_styles
    if heading_like(following):
        return False
    if current[-1] in DANGLING:
        return True
    if len(current) < SHORT_LINE:
        if profile.label_of(current) is not None:
            return True
        # Web pages have no page breaks: a short line there is a byline, caption or heading.
        return not profile.web_page and not heading_like(current) and not current.endswith("，")
    return True


# The longest first line that reads as the document's title (a joint statement's is ~50).
TITLE_LENGTH = 80
# Punctuation a title does not hold (a subtitle's colon and an enumeration's 、 it may).
_NOT_IN_TITLES = "，；。！？…"
# A salutation line opens a letter's or a speech's body (主席先生：, 尊敬的各位来宾：).
_SALUTATION = re.compile(
    r"^(?:尊敬的)?[^，。；：:]{0,16}(?:先生|女士|阁下|殿下|同事们|朋友们|来宾|代表们)[：:]$"
)


def title_like(text: str) -> bool:
    """A first line that is the document's title: balanced, at most :data:`TITLE_LENGTH`
    characters, no sentence or clause punctuation (a subtitle's colon is allowed).

    >>> title_like("中华人民共和国和马来西亚关于构建高水平战略性中马命运共同体的联合声明")
    True
    >>> title_like("中方认为，各方应当")
    False
    """
    return (
        len(text) <= TITLE_LENGTH
        and balanced(text)
        and not ends_sentence(text)
        and not any(c in text for c in _NOT_IN_TITLES)
    )


def keeps_break(current: str, following: str, first: bool, gap: bool) -> bool:
    """A break the join rules must keep whatever they say: after the document's first line when
    it reads as its title and a blank line follows it (a long title is no hard-wrapped line:
    中华人民共和国和…的联合声明 / 应…邀请，…), and before a salutation (…给安全理事会主席的信 /
    主席先生：).

    >>> keeps_break("2025年11月28日中国常驻联合国代表给主席的信", "主席先生：", True, True)
    True
    >>> keeps_break("各方应当在以下方面加强", "合作，共同应对挑战。", False, True)
    False
    """
    return (first and gap and title_like(current)) or bool(_SALUTATION.match(following))


def join_lines(left: str, right: str) -> str:
    """Two pieces of one paragraph: a space between them unless either side is CJK."""
    if (left and is_wide(left[-1])) or (right and is_wide(right[0])):
        return left + right
    return f"{left} {right}"


def find_boilerplate(
    lines: list[str], raw_lines: list[str]
) -> tuple[dict[int, str], dict[str, str]]:
    """Return {line index: reason} for web boilerplate and the metadata fields it carried.

    ``lines`` are normalised; fields are read from ``raw_lines``, whose spaces separate them.
    """
    removed: dict[int, str] = {}
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line:
            continue
        if _NUMERIC_ID.match(line):
            removed[i] = "numeric id"
        elif _PAGE_NUMBER.match(line):
            removed[i] = "page number"
        elif _CRUMB.search(line) and len(line) <= 60:
            removed[i] = "navigation"
        elif _SHARE.match(line):
            removed[i] = "share widget"
        elif _META_LINE.match(line) and len(line) <= 160:
            removed[i] = "source/editor line"
            for key, value in _META_FIELD.findall(raw_lines[i].strip().strip("【】")):
                meta.setdefault(key, value.strip("】 "))
    header_end = min((i for i, r in removed.items() if r == "source/editor line"), default=None)
    if header_end is not None and header_end <= 15:
        content = [i for i in range(header_end) if lines[i] and i not in removed]
        if content:
            title_index = content[-1]
            for i in content[:-1]:
                removed[i] = "headline of another page"
            title = lines[title_index]
            following = [i for i in range(header_end + 1, len(lines)) if lines[i]]
            for i in following[:3]:
                if lines[i] == title and i not in removed:
                    removed[i] = "repeated title"
                    break
    return removed, meta


def clean_text(
    raw: str,
    breaks: frozenset[int] = frozenset(),
    web_page: bool = False,
    language: str = "zh",
) -> CleanDocument:
    """Clean one document's raw text, written in ``language`` (see the module docstring for the
    rules).

    ``breaks``: indices of lines that open a paragraph whatever the join rules say (a format
    that marks paragraphs: DOCX, HTML, a PDF's layout). ``web_page``: the text is a web page's.

    >>> cleaned = clean_text("一、总体要求\\n坚持共同、综合、合作、\\n可持续的安全观。")
    >>> [block.text for block in cleaned.blocks]
    ['一、总体要求', '坚持共同、综合、合作、可持续的安全观。']
    >>> cleaned = clean_text("Common Security\\nChina upholds the\\nUN Charter.", language="en")
    >>> [block.text for block in cleaned.blocks]
    ['Common Security', 'China upholds the UN Charter.']
    """
    raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_english(language):
        lines = [english.normalise_line(line) for line in raw_lines]
    else:
        lines = [normalise_line(line) for line in raw_lines]
    boilerplate, meta = find_boilerplate(lines, raw_lines)
    doc = CleanDocument(blocks=[], web_metadata=meta)
    profile = LayoutProfile.of(
        [line for i, line in enumerate(lines) if i not in boilerplate],
        web_page=web_page or bool(boilerplate),
    )
    joins, joined = _join_rules(language, profile, lines)
    chinese = not is_english(language)
    current: str | None = None
    start_line = 0
    gap = False
    for index, line in enumerate(lines):
        if index in boilerplate:
            doc.removed.append(RemovedLine(index + 1, raw_lines[index].strip(), boilerplate[index]))
            continue
        if not line:
            gap = True
            continue
        if (
            current is not None
            and index not in breaks
            and not (chinese and keeps_break(current, line, not doc.blocks, gap))
            and joins(current, line, gap)
        ):
            current, gap = joined(current, line), False
            continue
        gap = False
        if current is not None:
            doc.blocks.append(Block(current, start_line))
        current, start_line = line, index + 1
    if current is not None:
        doc.blocks.append(Block(current, start_line))
    return doc


def _join_rules(
    language: str, profile: LayoutProfile, lines: list[str]
) -> tuple[Callable[[str, str, bool], bool], Callable[[str, str], str]]:
    """Whether two lines, with or without blank lines between them, join, and how, in a text
    written in ``language``. Chinese rules ignore blank lines (a page break is one)."""
    if is_english(language):
        blank_separated = english.separates_with_blank_lines(lines)

        def joins_english(current: str, following: str, gap: bool) -> bool:
            return english.should_join(current, following, blank_separated, gap)

        return joins_english, english.join
    return (lambda current, following, _: should_join(current, following, profile)), join_lines
