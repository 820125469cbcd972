"""Relations between concepts: counted co-occurrences, and typed relations the text states.

Co-occurrence: two different concepts named in the same sentence (or passage) of a document; the
count is the number of sentences (passages) naming both.

Typed relations, each kept with the passage and sentence that state it:

* ``gsi:cornerstoneOf`` — ``以《不扩散核武器条约》为基石的国际核不扩散体系`` (also 为基础的);
* ``gsi:withinFramework`` — ``在澜沧江－湄公河合作框架下推进非传统安全领域合作``: the concepts
  named in the rest of the clause are pursued within each framework named in ``在…框架下/内``;
* ``gsi:hasRole`` — ``支持世界卫生组织在全球公共卫生治理中发挥领导作用``, ``联合国在国际反恐斗争
  中的中心协调作用``: an organisation plays a role in a concept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from kg.pipeline.extract.mentions import Mention, quote_window, sentence_spans

CORNERSTONE = "cornerstoneOf"
FRAMEWORK = "withinFramework"
ROLE = "hasRole"

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]")
_ROLE = re.compile(r"[^，。；]{0,3}在([^，。；]{1,30}?)中(?:的|发挥)[^，。；]{0,8}?(作用|地位)")


@dataclass(frozen=True)
class RelationFinding:
    passage: int
    sentence: int
    subject: str
    relation: str
    object: str
    cue: str
    quote: str
    confidence: float


def cooccurrences(groups: Iterable[Iterable[str]]) -> Counter[tuple[str, str]]:
    """How many groups (sentences or passages) name each unordered pair of concepts."""
    counts: Counter[tuple[str, str]] = Counter()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            counts[(a, b)] += 1
    return counts


def sentence_groups(text: str, mentions: list[Mention], language: str = "zh") -> list[list[str]]:
    """The concept IRIs named in each sentence of a passage written in ``language``."""
    groups: list[list[str]] = []
    concepts = [m for m in mentions if m.is_concept]
    for start, end in sentence_spans(text, language):
        groups.append([m.iri for m in concepts if start <= m.start and m.end <= end])
    return groups


def find_relations(
    passage: int, text: str, original: str, mentions: list[Mention]
) -> list[RelationFinding]:
    """The typed relations stated in one passage (``text`` normalised, ``original`` as written).

    The cues are Chinese: in an English passage none is found.
    """
    findings: list[RelationFinding] = []
    concepts = sorted((m for m in mentions if m.is_concept), key=lambda m: m.start)
    for index, (s_start, s_end) in enumerate(sentence_spans(text)):
        inside = [m for m in concepts if s_start <= m.start and m.end <= s_end]
        for subject, relation, obj, cue, confidence in _stated(text, s_start, s_end, inside):
            if subject.iri != obj.iri:
                focus = (min(subject.start, obj.start), max(subject.end, obj.end))
                quote = quote_window(original, s_start, s_end, focus)
                findings.append(
                    RelationFinding(
                        passage, index, subject.iri, relation, obj.iri, cue, quote, confidence
                    )
                )
    return findings


def _stated(
    text: str, s_start: int, s_end: int, inside: list[Mention]
) -> Iterator[tuple[Mention, str, Mention, str, float]]:
    """(subject, relation, object, cue, confidence) for each relation stated in one sentence."""
    sentence = text[s_start:s_end]
    for match in re.finditer(r"以(.{1,40}?)为(基石|基础)的", sentence):
        subjects = _list_in(inside, s_start + match.start(1), s_start + match.end(1))
        head = [m for m in inside if m.start >= s_start + match.end()][:1]
        if head and head[0].start - (s_start + match.end()) <= 8:
            confidence = 0.9 if match[2] == "基石" else 0.6
            for subject in subjects:
                yield subject, CORNERSTONE, head[0], match[2], confidence
    for match in re.finditer(r"在([^，。；]{1,60}?)(?:等)?框架[下内]", sentence):
        frameworks = _list_in(inside, s_start + match.start(1), s_start + match.end(1))
        stop = _CLAUSE_BREAK.search(text, s_start + match.end())
        end = stop.start() if stop else s_end
        pursued = [m for m in inside if s_start + match.end() <= m.start and m.end <= end]
        for obj in frameworks:
            for subject in pursued:
                yield subject, FRAMEWORK, obj, "框架", 0.6
    for org in (m for m in inside if m.top_class == "Organisation"):
        role = _ROLE.match(text, org.end)
        if role:
            for obj in _list_in(inside, role.start(1), role.end(1)):
                yield org, ROLE, obj, role[2], 0.7


def _list_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if start <= m.start and m.end <= end]
