"""Context rules: where an ambiguous string names a concept, and where a name is no name at all.

Three kinds of rule, all applied to matcher hits before leftmost-longest selection:

* **Blockers** are words that contain a label without naming its entity: 中国 inside 发展中国家 is
  not China. A blocker takes part in leftmost-longest selection like a label, so it swallows the
  labels nested in it, and is then dropped.
* **Abbreviations a document defines**: after ``全球安全倡议（以下简称倡议）`` the bare 倡议 names
  the GSI for the rest of that document (``以下简称``, ``下称``, ``简称``); in English, after
  ``Global Security Initiative (hereinafter “the Initiative”)`` the word ``Initiative`` does, and
  after ``Treaty on the Prohibition of Nuclear Weapons (TPNW)`` the acronym, as a whole word.
* **Hidden labels** (``skos:hiddenLabel``, ambiguous short forms such as 大会 or 宪章) count only
  in a document that names their entity in full, or names the entity the short form is cut from
  (the *anchor*: 大会 is 联合国大会 minus 联合国, so 大会 counts in a text about the UN), and only
  where the short form is not the tail of a longer word (审议大会, 共同倡议).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.pipeline.extract.vocabulary import Entity, LabelKind, Vocabulary

BLOCKERS: tuple[str, ...] = (
    "发展中国家",
    "中国家",
    "联合国家",
    "中方式",
    "国际法律",
)

# ``X（以下简称Y）``: Y is the abbreviation; quotes or title marks around it are optional and not
# part of it (（简称《外空条约》） defines 外空条约).
ABBREVIATION = re.compile(
    r"[（(]\s*(?:以下简称|以下称|下称|简称)\s*[“「\"《]?([^”」\"》）)，,]{1,12})[”」\"》]?\s*[）)]"
)
# English definitions right after a name: ``(hereinafter “the Initiative”)``, or an acronym of
# two capitals or more in brackets: ``(TPNW)``.
ENGLISH_ABBREVIATION = re.compile(
    r"\(\s*(?:(?:hereinafter|hereafter)\s+(?:referred\s+to\s+as\s+|called\s+)?[“\"‘']?"
    r"(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})[”\"’']?"
    r"|([A-Z][A-Za-z0-9+&-]*[A-Z][A-Za-z0-9+&-]*))\s*\)"
)
# A short form that follows one of these characters is the tail of a longer word.
_BOUND_BEFORE = re.compile(r"[\u4e00-\u9fff]")
# (and verbs that take a concept as object: 丰富/落实/支持/响应 …)
# (推动/推进/促进/确保/重返/发挥/回到/恪守 …), and 一 of the demonstrative 这一
_FREE_BEFORE = set("在对将把以与和及向为是从由经据年届其该本此各且并富实持应动进保返挥到守一")
_FREE_BEFORE |= set("、，。；：！？“《（(「 \n")
# A date right before a short form (4日外交部) leaves it free (日 alone may abbreviate Japan).
_DATE_BEFORE = re.compile(r"[0-9０-９]日$")
# A hidden label followed by one of these is a verb, not a name (倡议成立…).
_VERB_AFTER = re.compile(r"成立|建立|设立|召开|举办|各方|国际社会|各国")


def bound_to_previous_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is glued onto a longer word, or used as a verb."""
    if _VERB_AFTER.match(text, end):
        return True
    if start == 0:
        return False
    before = text[start - 1]
    if _DATE_BEFORE.search(text, max(0, start - 3), start):
        # 2025年11月4日外交部发言人: a date is no part of the name after it
        return False
    glued = bool(_BOUND_BEFORE.match(before)) and before not in _FREE_BEFORE
    return glued or before in "”」』"


# An abbreviation after one of these is the tail of a longer name (合作倡议, 五点倡议, 的倡议).
_ALIAS_BOUND = set("作全点议展明动略想合的项个")


def alias_bound(text: str, start: int) -> bool:
    """Whether an abbreviation at ``start`` is the tail of a longer name."""
    return start > 0 and text[start - 1] in _ALIAS_BOUND


@dataclass(frozen=True)
class Alias:
    """An abbreviation a document defines for an entity, valid from ``after`` on."""

    text: str
    entity: Entity
    after: int


@dataclass
class DocumentRules:
    """What the context rules know about one document after a first pass over it."""

    named: set[str] = field(default_factory=set)
    aliases: list[Alias] = field(default_factory=list)

    def accepts_hidden(self, entity: Entity, anchors: Iterable[str], bound: bool) -> bool:
        """Whether a hidden label of ``entity`` counts here."""
        if bound:
            return False
        return entity.iri in self.named or any(a in self.named for a in anchors)


def anchors_of(vocabulary: Vocabulary) -> dict[tuple[str, str], tuple[str, ...]]:
    """For each (entity, hidden label): the entities whose label is the rest of a full label.

    ``联合国大会`` with hidden label ``大会`` is anchored on the entity labelled ``联合国``.
    """
    anchors: dict[tuple[str, str], tuple[str, ...]] = {}
    for entity in vocabulary.entities.values():
        full = [text for text, kind, _ in entity.labels if kind is not LabelKind.HIDDEN]
        for text, kind, _ in entity.labels:
            if kind is not LabelKind.HIDDEN:
                continue
            found: list[str] = []
            for name in full:
                if name.endswith(text) and len(name) > len(text):
                    anchor = vocabulary.resolve(name[: -len(text)])
                    if anchor is not None and anchor.iri != entity.iri:
                        found.append(anchor.iri)
            anchors[(entity.iri, text)] = tuple(dict.fromkeys(found))
    return anchors


def find_abbreviations(text: str) -> Iterable[tuple[int, int, str]]:
    """``(start of the bracket, end of the bracket, abbreviation)`` for each definition."""
    for match in ABBREVIATION.finditer(text):
        yield match.start(), match.end(), match[1].strip()


def find_english_abbreviations(text: str) -> Iterable[tuple[int, int, str]]:
    """``(start of the bracket, end of the bracket, abbreviation)`` for each English definition.

    >>> list(find_english_abbreviations("the Initiative (hereinafter “the Initiative”) and (TPNW)"))
    [(15, 45, 'Initiative'), (50, 56, 'TPNW')]
    """
    for match in ENGLISH_ABBREVIATION.finditer(text):
        yield match.start(), match.end(), (match[1] or match[2]).strip()
