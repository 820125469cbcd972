"""Segmenting cleaned text into sections and passages with heading paths.

Every block of the cleaned text is one passage (headings included, so nothing escapes
extraction). Headings open sections:

* level 0: an annex marker (a block ending in ``附件``);
* level 1: ``一、…`` enumerated headings, and plain short headings (short, no punctuation,
  followed by a paragraph) in documents without enumerated headings;
* level 2: ``（一）…`` and ``第一，…`` items (the first sentence is the section title);
* level 3: plain short headings inside enumerated documents.

A recurring run-in label (``优先任务：``, ``落实方式：``) adds a last element to the passage's
heading path without opening a section.

In English text (:mod:`kg.pipeline.english`), headings numbered ``I.``, ``II.`` are level 1,
headings numbered ``1.``, ``1.2`` or ``A.`` level 2 (level 1 in a document without Roman
numerals), and plain Title Case headings followed by a paragraph level 1, or level 3 in a
numbered document; a short Title Case item lettered ``(a)`` followed by a paragraph is a
level-3 heading. Other enumerated items (``(a) keeping outer space free of weapons;``,
bullets) are passages, not headings.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kg.pipeline import english
from kg.pipeline.clean import Block, LayoutProfile, enumerator_style, heading_like
from kg.pipeline.language import is_english

ANNEX = re.compile(r"附件[一二三四五六七八九十\d]*$")
_FIRST_SENTENCE = re.compile(r"^.+?[。！？；]")
# Short lines that are never headings: dates, bracketed asides, dash-led subtitles.
_NOT_HEADING = re.compile(r"^(?:[（(【\[—–-]|\d{4}年\d{1,2}月\d{1,2}日$)")
PATH_SEPARATOR = " › "
# An inferred title (a document's first block, when the manifest states none) is cut here.
TITLE_MAX = 200
_TITLE_END = "。！？；.!?;:："


@dataclass
class Section:
    """A heading and the part of the document under it."""

    number: int
    level: int
    title: str
    parent: Section | None
    passage: int
    key: str = ""  # its IRI's last segment (see content_keys); set once the document is read

    def path(self) -> list[str]:
        chain: list[str] = []
        node: Section | None = self
        while node is not None:
            chain.append(node.title)
            node = node.parent
        return chain[::-1]


@dataclass
class Passage:
    """A paragraph (or heading) with its place in the document."""

    number: int
    text: str
    start: int
    end: int
    heading_path: list[str]
    section: Section | None
    is_heading: bool
    source_line: int
    key: str = ""  # its IRI's last segment (see content_keys); set once the document is read


@dataclass
class Segmentation:
    """A document's passages and sections, and the title its first block gives it."""

    title: str
    language: str = "zh"
    sections: list[Section] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)


def _heading_level(
    block: Block, following: Block | None, enumerated_doc: bool, profile: LayoutProfile
) -> tuple[int, str] | None:
    """Return (level, section title) if ``block`` opens a section."""
    text = block.text
    if ANNEX.search(text) and heading_like(text):
        return 0, text
    style = enumerator_style(text)
    if style == "ordinal" and style not in profile.sentence_styles and len(text) <= 40:
        return 1, text
    if style in ("paren-ordinal", "di"):
        match = _FIRST_SENTENCE.match(text)
        return 2, (match[0] if match else text)
    if (
        style is None
        and heading_like(text)
        and following is not None
        and not _NOT_HEADING.match(text)
        and not heading_like(following.text)
        and not enumerator_style(following.text)
    ):
        return (3 if enumerated_doc else 1), text
    return None


def _english_heading_level(
    block: Block, following: Block | None, numbered_levels: set[int]
) -> tuple[int, str] | None:
    """Return (level, section title) if the English ``block`` opens a section."""
    level = english.heading_level(block.text)
    if level is None:
        return None
    if level in (0, 3):
        # an unnumbered or lettered heading heads a paragraph, not another heading or list item
        if following is None or english.is_heading(following.text):
            return None
        if level == 3:
            return None if english.enumerator(following.text) else (3, block.text)
        return (3 if numbered_levels else 1), block.text
    if level == 2 and 1 not in numbered_levels:
        level = 1
    return level, block.text


def inferred_title(text: str, language: str = "zh") -> str:
    """The title a document's first block gives it: the block itself when it reads as a title
    (no final punctuation, at most :data:`TITLE_MAX` characters), else its first sentence without
    the final punctuation, cut with ``…`` at :data:`TITLE_MAX` characters (English at a word end).

    >>> inferred_title("全球安全倡议概念文件")
    '全球安全倡议概念文件'
    >>> inferred_title("China supports the NPT. It opposes bloc confrontation.", "en")
    'China supports the NPT'
    >>> len(inferred_title("安" * 500))
    200
    """
    if len(text) <= TITLE_MAX and not text.endswith(tuple(_TITLE_END)):
        return text
    if is_english(language):
        start, end = english.sentence_spans(text)[0]
        title = text[start:end].strip()
    else:
        match = _FIRST_SENTENCE.match(text)
        title = match[0] if match else text
    title = title.rstrip(_TITLE_END + " ")
    if len(title) <= TITLE_MAX:
        return title or text[:TITLE_MAX]
    cut = title[: TITLE_MAX - 1]
    if is_english(language) and " " in cut:
        cut = cut[: cut.rindex(" ")].rstrip(",;: ")
    return cut + "…"


def segment(
    blocks: list[Block],
    profile: LayoutProfile | None = None,
    language: str = "zh",
    headings: Mapping[int, int] | None = None,
) -> Segmentation:
    """Split cleaned blocks of text in ``language`` into sections and passages; offsets index
    ``"\\n".join(blocks)``.

    ``headings``: the source lines (1-based) the file's format marks as headings, with their
    level (a DOCX heading style, a PDF's larger type, an HTML heading); a block starting on one
    opens a section at that level. Other blocks are judged by the rules above.

    >>> from kg.pipeline.clean import clean_text
    >>> seg = segment(clean_text("标题\\n一、总体要求\\n坚持共同安全。").blocks)
    >>> [(p.number, p.text, p.start) for p in seg.passages]
    [(1, '标题', 0), (2, '一、总体要求', 3), (3, '坚持共同安全。', 10)]
    """
    profile = profile or LayoutProfile.of([b.text for b in blocks])
    title = inferred_title(blocks[0].text, language) if blocks else ""
    result = Segmentation(title=title, language=language)
    enumerated_doc = any(enumerator_style(b.text) == "ordinal" for b in blocks)
    in_english = is_english(language)
    numbered_levels = {
        level for b in blocks if in_english and (level := english.heading_level(b.text)) in (1, 2)
    }
    stack: list[Section] = []
    offset = 0
    for index, block in enumerate(blocks):
        number = index + 1
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        marked = (headings or {}).get(block.source_line)
        if index == 0:
            heading = None
        elif marked is not None:
            heading = (marked, block.text)
        elif in_english:
            heading = _english_heading_level(block, following, numbered_levels)
        else:
            heading = _heading_level(block, following, enumerated_doc, profile)
        if heading is not None:
            level, title = heading
            while stack and stack[-1].level >= level:
                stack.pop()
            section = Section(
                number=len(result.sections) + 1,
                level=level,
                title=title,
                parent=stack[-1] if stack else None,
                passage=number,
            )
            result.sections.append(section)
            stack.append(section)
        current = stack[-1] if stack else None
        path = current.path() if current else []
        label = None if in_english else profile.label_of(block.text)
        if label:
            path = [*path, label]
        is_heading = index == 0 or (heading is not None and heading[1] == block.text)
        result.passages.append(
            Passage(
                number=number,
                text=block.text,
                start=offset,
                end=offset + len(block.text),
                heading_path=path,
                section=current,
                is_heading=is_heading,
                source_line=block.source_line,
            )
        )
        offset += len(block.text) + 1
    for passage, key in zip(
        result.passages, content_keys("p", [p.text for p in result.passages]), strict=True
    ):
        passage.key = key
    for section, key in zip(
        result.sections, content_keys("s", [s.title for s in result.sections]), strict=True
    ):
        section.key = key
    return result


def content_keys(prefix: str, texts: Sequence[str]) -> list[str]:
    """Keys that name parts of a document by their content, so that an edit to one part leaves
    the others' IRIs as they were: ``prefix`` + ``-`` + ten hex digits of the text's SHA-1, and
    ``-2``, ``-3`` … for a text that occurs again (in order).

    >>> content_keys("p", ["坚持共同安全。", "标题", "坚持共同安全。"])
    ['p-995cef43e7', 'p-748d7dc7e3', 'p-995cef43e7-2']
    """
    seen: Counter[str] = Counter()
    keys = []
    for text in texts:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        seen[digest] += 1
        keys.append(f"{prefix}-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
    return keys
