"""Mentions: every occurrence of every vocabulary concept and actor (and of every discovered name)
in every passage, chosen leftmost-longest so that a name nested in a longer one is not counted.

Web Annotation data model: https://www.w3.org/TR/annotation-model/ (text position and text quote
selectors, https://www.w3.org/TR/annotation-model/#text-position-selector).

One document is matched in two passes. The first finds every candidate (vocabulary labels, blockers,
abbreviations the document defines, discovered names) and records which entities the document
names in full; the second applies the context rules to hidden labels and abbreviations and keeps
the leftmost-longest candidates.

An English document is matched by the English labels (and the Latin-script labels of any
language), whole words only, with the case rules and simple plurals of
:mod:`kg.pipeline.extract.english_labels`; a Chinese one by every label, as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kg.pipeline import english
from kg.pipeline.extract.context_rules import (
    BLOCKERS,
    Alias,
    DocumentRules,
    alias_bound,
    anchors_of,
    bound_to_previous_word,
    find_abbreviations,
    find_english_abbreviations,
)
from kg.pipeline.extract.discovery import (
    HEAD_WORDS,
    MECHANISM_HEADS,
    Candidate,
    Known,
    discovered_slug,
    find_candidates,
)
from kg.pipeline.extract.english_labels import label_forms
from kg.pipeline.extract.matcher import Matcher, fold_case, is_latin, leftmost_longest, normalise
from kg.pipeline.extract.vocabulary import Entity, LabelEntry, LabelKind, Vocabulary
from kg.pipeline.language import is_english
from kg.pipeline.segment import Passage

CONFIDENCE = {LabelKind.PREF: 0.98, LabelKind.ALT: 0.95, LabelKind.HIDDEN: 0.8}
ALIAS_CONFIDENCE = 0.85
# A known concept followed by one of these is that concept, not a new one (亚信会议机制,
# “消弭枪声”倡议), unless it is a group of states: 五核国进程 is the P5 process, not the P5.
GENERIC_TAILS = ("机制", "相关机制", "进程", "框架", "倡议")
GROUPS = frozenset({"StateGrouping"})
# A known organisation or forum followed by one of its meetings or organs is that organisation
# (上海合作组织峰会, 博鳌亚洲论坛年会, 国际原子能机构理事会, 金砖国家领导人会晤机制, 联合国体系);
# a meeting on a zone and the system of a treaty are names of their own (中东无核武器区会议,
# 南极条约体系).
EVENT_TAIL = re.compile(
    r"(?:领导人|首脑|元首|外长|部长|高级别)?(?:会议|年会|峰会|大会|会晤|理事会)(?:机制)?|秘书长|体系|系统"
)
EVENT_HOSTS = frozenset({"Forum", "DialoguePlatform", "InternationalOrganisation"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Head words of instruments whose bare form names the one instrument of that kind a document
# has named (R2.4), and what before the bare form makes it something else: a demonstrative
# (该公约: anaphora), a modifier (国际公约, 全球性公约, 两公约), a name it ends, a quoted name
# it is the head of (“…”决议).
SHORT_FORM_HEADS = ("议定书", "公约", "条约", "决议", "协定", "论坛")
# Heads that also end countless descriptions (全球性安全论坛): bare only after a function word.
GENERIC_SHORT_FORMS = frozenset(("论坛",))
_FUNCTION_BEFORE = frozenset("在对将把以与和及向为是从由经据了持到")


def _glued(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a Chinese character that is no function word (安全
    论坛 is a description, 支持论坛 and 在论坛上 name the forum)."""
    before = text[start - 1 : start]
    return bool(before) and "\u4e00" <= before <= "\u9fff" and before not in _FUNCTION_BEFORE


# The classes whose names a bare head may stand for (a forum is a body or a mechanism).
SHORT_FORM_CLASSES = frozenset(("Treaty", "Organisation", "Mechanism"))
_SHORT_FORM_BOUND = re.compile(
    r"(?:该|此|本|其|上述|前述|这一|这项|这部|一项|一部|各|两|多|新|的|国际|性|多边|双边|区域|"
    r"地区|有关|相关|现有|[\u4e00-\u9fff]{2}(?:号|國|国)|(?:条约|公约|协议|协定|决议)[、和或及与]|"
    r"大会|联大|安理会|理事会|委员会|组织|联盟|峰会|会议|[”」』])$"
)
# ... nor the start of a longer name (公约核查议定书) or a list of kinds (公约或协议).
_SHORT_FORM_NAMES = re.compile(
    r"[\u4e00-\u9fff]{1,4}议定书|[、和或及与](?:条约|公约|协议|协定|决议)"
)
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*")


@dataclass(frozen=True)
class Mention:
    """An entity named at ``[start, end)`` of a passage's text."""

    passage: int
    start: int
    end: int
    exact: str
    iri: str
    top_class: str | None
    confidence: float
    extractor: str
    discovered: Candidate | None = None
    kind: str = "pref"

    @property
    def is_concept(self) -> bool:
        return self.top_class is not None


@dataclass
class PassageMentions:
    passage: Passage
    normalised: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rank: int
    entity: Entity | None = None
    kind: LabelKind | None = None
    alias: bool = False
    found: Candidate | None = None


@dataclass(frozen=True)
class _EnglishLabel:
    """An English label under one of its keys, and the surfaces it counts as (None: any case)."""

    entry: LabelEntry
    surfaces: frozenset[str] | None


def _english_patterns(vocabulary: Vocabulary) -> list[tuple[str, _EnglishLabel]]:
    """Every English (or Latin-script) label under its keys; a plural variant only where it is
    no label of its own, so that a label always wins over another label's variant."""
    entries = [
        e
        for e in vocabulary.entries()
        if e.label and (is_english(e.language) or (e.language != "zh" and is_latin(e.label)))
    ]
    forms = [label_forms(e.label) for e in entries]
    labels = {fold_case(normalise(f.keys[0])) for f in forms}
    patterns: list[tuple[str, _EnglishLabel]] = []
    for entry, form in zip(entries, forms, strict=True):
        surfaces = None if form.surfaces is None else frozenset(map(normalise, form.surfaces))
        for i, key in enumerate(form.keys):
            if i == 0 or fold_case(normalise(key)) not in labels:
                patterns.append((key, _EnglishLabel(entry, surfaces)))
    return patterns


# A label this long without its 的 is still unmistakably the name (真正多边主义, 我们共同议程).
SHORTENED_LABEL = 6


def _chinese_text_forms(entry: LabelEntry) -> list[str]:
    """The forms under which a label is found in Chinese text: the label as written; a long
    Chinese label with one 的 also without it (真正的多边主义 → 真正多边主义); a Latin proper name
    or acronym in its other cases by the English rules (``QUAD`` for ``Quad``, ``Nato`` for
    ``NATO``; never ``who`` for ``WHO``)."""
    label = entry.label
    if not label:
        return []
    if entry.language == "zh" or not is_latin(label):
        shortened = label.replace("的", "")
        if (
            entry.kind is not LabelKind.HIDDEN
            and label.count("的") == 1
            and len(shortened) >= SHORTENED_LABEL
        ):
            return [label, shortened]
        return [label]
    surfaces = label_forms(entry.label).surfaces or ()
    return [entry.label, *sorted(s for s in surfaces if s != entry.label)]


def entity_is_regime(entity: Entity | None) -> bool:
    """Whether a known concept is a regime, which a place before it makes a name of its own
    (中亚无核武器区 is one nuclear-weapon-free zone)."""
    return entity is not None and "Regime" in entity.classes


def _composed_labels(vocabulary: Vocabulary) -> list[tuple[str, LabelEntry | None]]:
    """Chinese labels that open with the name of an organisation or actor, with that name under
    its other labels (非盟主导的和平支持行动 → 非洲联盟主导的和平支持行动, 伊朗核问题全面协议 →
    伊核问题全面协议), where no label of the vocabulary reads so already."""
    forms: dict[str, list[str]] = {}
    owners: dict[str, Entity] = {}
    for entry in vocabulary.entries():
        entity = entry.entity
        if entry.kind is LabelKind.HIDDEN or not _HAN.search(entry.label):
            continue
        if entity.top_class in (None, "Organisation") and len(entry.label) >= 2:
            forms.setdefault(entity.iri, []).append(entry.label)
            owners.setdefault(normalise(entry.label), entity)
    composed: list[tuple[str, LabelEntry | None]] = []
    for entry in vocabulary.entries():
        label = entry.label
        if entry.kind is LabelKind.HIDDEN or not _HAN.search(label):
            continue
        for length in range(2, len(label) - 1):
            owner = owners.get(normalise(label[:length]))
            if owner is None or owner is entry.entity:
                continue
            for other in forms[owner.iri]:
                variant = other + label[length:]
                if other != label[:length] and vocabulary.resolve(variant) is None:
                    composed.append((variant, entry))
    return composed


# A word coordinated right before another (``traditional and`` …, ``military,`` …).
_ENGLISH_CONJUNCT = re.compile(r"(?<![\w-])([A-Za-z][\w-]*)(?:,?\s+(?:and|or)|,)\s+$")

_CONJUNCTION = "和与及、"
_ITEM_END = re.compile(r"[和与及、等，,。；;：:（）()“”《》\s]|领域")


def _neighbours(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the bare words coordinated with ``text[start:end]`` (left: shortest first)."""
    spans: list[tuple[int, int]] = []
    if start > 1 and text[start - 1] in _CONJUNCTION:
        right = start - 1
        for length in range(1, 7):
            left = right - length
            if left < 0 or not _HAN.match(text[left]):
                break
            spans.append((left, right))
    if end < len(text) - 1 and text[end] in _CONJUNCTION:
        stop = _ITEM_END.search(text, end + 1)
        right = stop.start() if stop else len(text)
        if 0 < right - end - 1 <= 6:
            spans.append((end + 1, right))
    return spans


_QUOTES = "“”《》「」‘’\"'"


# A meeting or session of a body or mechanism named right after it (上海合作组织成员国元首理事会
# 会议, 澜沧江—湄公河合作第五次领导人会议, 金砖国家领导人会晤, 亚信第七次峰会, 澜湄合作外长会,
# 北极理事会部长级会议): the mention is the body or mechanism only (R2.7.40). Informal and named
# meetings (亚太经合组织领导人非正式会议, 联合国未来峰会) are not of this form.
_ORDINAL = r"(?:第[一二三四五六七八九十百\d]+(?:次|届))"
MEETING_OF = re.compile(
    rf"(?:成员国)?{_ORDINAL}?"
    r"(?:元首理事会|政府首脑理事会|外长理事会|领导人|元首|首脑|外长|部长级|部长|防长|高级别)?"
    rf"{_ORDINAL}?(?:会议|峰会|会晤|(?<=外长)会|(?<=防长)会)"
)
_HOSTS = frozenset(("Organisation", "Mechanism"))
# A numbered session of a meeting series (X第二十次会议) and how far back its series' name reaches.
_NUMBERED_SESSION = re.compile(rf"{_ORDINAL}(会议|会晤)")
_SERIES_LENGTH = 30
# The mechanisms that meet (a zone, a process or a fund has conferences on it, not sessions).
_MEETING_MECHANISMS = frozenset(("CooperationMechanism", "DialoguePlatform", "Forum"))


def _cooperation_mechanism(text: str, c: _Candidate, chosen: list[_Candidate]) -> _Candidate:
    """A known cooperation or consultation named X合作, X会晤, X磋商 or X对话 and written with
    机制 (中日韩合作机制, 澜湄合作机制, 中国—中亚外长会晤机制): 机制 is part of the mention
    (GUIDELINES R2.7.24, R2.7.49), unless another mention starts there."""
    if (
        c.entity is None
        or c.entity.top_class != "Mechanism"
        or not text.endswith(("合作", *MECHANISM_HEADS), c.start, c.end)
        or not text.startswith("机制", c.end)
        or any(other.start == c.end for other in chosen)
    ):
        return c
    return replace(c, end=c.end + 2)


def _topics_ending_issues(chosen: list[_Candidate], kept: list[_Candidate]) -> list[_Candidate]:
    """The Topic that ends the name of an issue (化学武器 in 日本遗弃在华化学武器): the issue is an
    actor, the weapon a Topic mention of its own (GUIDELINES R2.7.52)."""
    topics: list[_Candidate] = []
    for c in chosen:
        if c.entity is None or c.entity.top_class is not None or "Issue" not in c.entity.classes:
            continue
        inside = [
            k
            for k in kept
            if k.entity is not None
            and k.entity.top_class == "Topic"
            and c.start < k.start
            and k.end == c.end
        ]
        topics += leftmost_longest(inside)[:1]
    return topics


def _host_of_meeting(text: str, chosen: _Candidate, kept: list[_Candidate]) -> _Candidate:
    """The body or mechanism a name of one of its meetings starts with, else the name itself."""
    if chosen.entity is not None and chosen.entity.top_class not in _HOSTS:
        return chosen
    if chosen.found is not None and chosen.found.top_class not in _HOSTS:
        return chosen
    hosts = [
        c
        for c in kept
        if c.start == chosen.start
        and c.end < chosen.end
        and c.entity is not None
        and (c.entity.top_class == "Organisation" or c.entity.classes & _MEETING_MECHANISMS)
        and c.kind is not LabelKind.HIDDEN
    ]
    for host in sorted(hosts, key=lambda c: c.end, reverse=True):
        meeting = MEETING_OF.match(text, host.end)
        if meeting and meeting.end() >= chosen.end:
            return host
    return chosen


def _labelled_inside(
    text: str, found: Candidate, entity: Entity, labelled: list[_Candidate]
) -> bool:
    """Whether a label of ``entity`` inside the discovered span already names it, the rest of the
    span being quotes and head words (“消弭非洲枪声”倡议, “…”决议)."""
    for c in labelled:
        if c.entity is entity and found.start <= c.start and c.end <= found.end:
            rest = (text[found.start : c.start] + text[c.end : found.end]).strip(_QUOTES)
            if not rest or rest.strip(_QUOTES) in HEAD_WORDS:
                return True
    return False


# Head words of English institution names that ``the`` + head stands for once the institution
# is named (the Council, the Commission, the Group, the Treaty).
INSTITUTION_HEADS = frozenset(
    {
        "Council",
        "Commission",
        "Committee",
        "Group",
        "Treaty",
        "Convention",
        "Protocol",
        "Agreement",
        "Charter",
        "Agenda",
        "Forum",
        "Organization",
        "Organisation",
        "Assembly",
        "Secretariat",
        "Conference",
        "Mission",
        "Force",
        "Office",
        "Fund",
        "Programme",
        "Strategy",
        "Declaration",
        "Framework",
        "Mechanism",
        "Process",
        "Court",
        "Union",
        "Board",
        "Panel",
    }
)
_ENGLISH_HEAD = re.compile(r"\b[Tt]he\s+([A-Z][a-z]+)\b(?!\s+(?:of|on|for)\b)")


# A bare word standing for a name (公约, the Council, 之友小组): where it is and which head it is.
Bare = tuple[int, int, str]


def add_aliases(
    passages: list[PassageMentions],
    find_bare: Callable[[PassageMentions], Iterable[Bare]],
    note: Callable[[Mention], None],
    antecedent: Callable[[Bare, PassageMentions], Mention | None],
) -> None:
    """Add an alias mention wherever a bare word stands for a name: the passages' mentions and
    bare words are walked in text order; ``note`` sees each mention (to remember it as a
    possible antecedent), ``antecedent`` chooses what each bare word names (or None)."""
    for pm in passages:
        events = sorted(
            [(m.start, 0, m) for m in pm.mentions] + [(bare[0], 1, bare) for bare in find_bare(pm)],
            key=lambda event: event[:2],
        )
        added: list[Mention] = []
        for _, _, event in events:
            if isinstance(event, Mention):
                note(event)
            elif (named := antecedent(event, pm)) is not None:
                start, end, _ = event
                added.append(
                    replace(
                        named,
                        passage=pm.passage.number,
                        start=start,
                        end=end,
                        exact=pm.passage.text[start:end],
                        confidence=ALIAS_CONFIDENCE,
                        kind="alias",
                    )
                )
        if added:
            pm.mentions = sorted([*pm.mentions, *added], key=lambda m: m.start)


# The bare head of a discovered group of friends (之友小组) names the group named last before it.
GROUP_SHORT_FORM = "之友小组"


def _group_anaphora(passages: list[PassageMentions]) -> None:
    """Add a mention of the group of friends named last wherever a bare 之友小组 stands for it."""
    latest: list[Mention] = []

    def find_bare(pm: PassageMentions) -> Iterable[Bare]:
        for match in re.finditer(GROUP_SHORT_FORM, pm.normalised):
            if not any(m.start <= match.start() and match.end() <= m.end for m in pm.mentions):
                yield match.start(), match.end(), GROUP_SHORT_FORM

    def note(mention: Mention) -> None:
        found = mention.discovered
        if found is not None and found.name.endswith(GROUP_SHORT_FORM):
            latest[:] = [mention]

    add_aliases(passages, find_bare, note, lambda bare, pm: latest[0] if latest else None)


def _instrument_short_forms(passages: list[PassageMentions]) -> None:
    """Add a mention of the instrument wherever a bare head word (公约, 条约, 决议, 议定书, 协定;
    论坛 for a forum, only after a function word: 支持论坛, 在论坛上) stands for one (R2.4,
    §1.6): the only instrument with that head the document has named so far (在公约框架下 after
    《禁止生物武器公约》), else the one named last in the same passage
    (推进条约核裁军 after 《不扩散核武器条约》). Not after a demonstrative (该公约 is anaphora,
    no mention), nor as the tail of a longer phrase (国际公约, 全球性公约, 军控条约, 大会决议: an
    organ's resolution is another) or the start
    of one (公约核查议定书), nor in a list of kinds (条约、公约或协议); a draft (条约草案) is
    named with its 草案."""
    named: dict[str, dict[str, Mention]] = {head: {} for head in SHORT_FORM_HEADS}
    pattern = "(" + "|".join(SHORT_FORM_HEADS) + ")(草案)?"

    def find_bare(pm: PassageMentions) -> Iterable[Bare]:
        text = pm.normalised
        for match in re.finditer(pattern, text):
            if (
                not any(m.start < match.end() and match.start() <= m.end for m in pm.mentions)
                and not _SHORT_FORM_BOUND.search(text, 0, match.start())
                and not _SHORT_FORM_NAMES.match(text, match.end())
                and not (match[1] in GENERIC_SHORT_FORMS and _glued(text, match.start()))
            ):
                yield match.start(), match.end(), match[1]

    def note(mention: Mention) -> None:
        if mention.top_class in SHORT_FORM_CLASSES:
            exact = normalise(mention.exact)
            for head in SHORT_FORM_HEADS:
                if exact.endswith(head) and len(exact) > len(head):
                    named[head].pop(mention.iri, None)
                    named[head][mention.iri] = mention

    def antecedent(bare: Bare, pm: PassageMentions) -> Mention | None:
        kinds = named[bare[2]]
        latest = next(reversed(kinds.values()), None)
        if latest is None or (len(kinds) > 1 and latest.passage != pm.passage.number):
            return None
        return latest

    add_aliases(passages, find_bare, note, antecedent)


def sentence_spans(text: str, language: str = "zh") -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text`` (ended by 。！？； and closing quotes; in
    English, :func:`kg.pipeline.english.sentence_spans`)."""
    if is_english(language):
        return english.sentence_spans(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# A quote (a stance's or a relation's evidence) is its sentence, or, in a longer sentence, this
# many characters of it around what it quotes: so a document's output stays linear in its size.
MAX_QUOTE = 300


def quote_window(original: str, start: int, end: int, focus: tuple[int, int]) -> str:
    """The sentence ``original[start:end]``, or at most :data:`MAX_QUOTE` characters of it around
    ``focus`` (offsets into ``original``), stripped.

    >>> quote_window("甲" * 1000, 0, 1000, (500, 502)) == "甲" * MAX_QUOTE
    True
    """
    if end - start > MAX_QUOTE:
        middle = (focus[0] + focus[1]) // 2
        start = max(start, min(middle - MAX_QUOTE // 2, end - MAX_QUOTE))
        end = start + MAX_QUOTE
    return original[start:end].strip()


class MentionFinder:
    """The vocabulary's labels compiled into one automaton; finds the mentions of documents."""

    def __init__(self, vocabulary: Vocabulary, concept_iri: Callable[[str], str]) -> None:
        self.vocabulary = vocabulary
        self.concept_iri = concept_iri
        patterns: list[tuple[str, LabelEntry | None]] = [
            (form, entry)
            for entry in vocabulary.entries()
            for form in _chinese_text_forms(entry)
            if form == entry.label or vocabulary.resolve(form) is None
        ]
        patterns += _composed_labels(vocabulary)
        patterns += [(blocker, None) for blocker in BLOCKERS]
        self.matcher: Matcher[LabelEntry | None] = Matcher(patterns)
        self.english: Matcher[_EnglishLabel] = Matcher(_english_patterns(vocabulary))
        self.anchors = anchors_of(vocabulary)

    def find(self, passages: list[Passage], language: str = "zh") -> list[PassageMentions]:
        """The mentions of one document written in ``language``, passage by passage."""
        english_text = is_english(language)
        labels = self._english_candidates if english_text else self._label_candidates
        abbreviations = find_english_abbreviations if english_text else find_abbreviations
        rules = DocumentRules()
        staged: list[tuple[PassageMentions, list[_Candidate]]] = []
        doc_offset = 0
        offsets: list[int] = []
        for passage in passages:
            normalised = normalise(passage.text)
            candidates = labels(normalised)
            chosen = leftmost_longest([c for c in candidates if c.kind is not LabelKind.HIDDEN])
            for c in chosen:
                if c.entity is not None:
                    rules.named.add(c.entity.iri)
            for start, _, abbreviation in abbreviations(normalised):
                before = [c for c in chosen if c.entity is not None and c.end <= start]
                if before and before[-1].end >= start - 1:
                    entity = before[-1].entity
                    assert entity is not None
                    rules.aliases.append(Alias(normalise(abbreviation), entity, doc_offset + start))
            staged.append((PassageMentions(passage, normalised), candidates))
            offsets.append(doc_offset)
            doc_offset += len(passage.text) + 1
        resolved = [
            self._resolve(pm, candidates, rules, offset, english_text)
            for (pm, candidates), offset in zip(staged, offsets, strict=True)
        ]
        if english_text:
            self._english_anaphora(resolved)
        else:
            _group_anaphora(resolved)
            _instrument_short_forms(resolved)
        return resolved

    def _english_anaphora(self, passages: list[PassageMentions]) -> None:
        """Add a mention wherever ``the Council``, ``the Commission``, ``the Treaty`` … stands for
        the institution named last before it whose English name has that head word."""
        latest: dict[str, Mention] = {}

        def find_bare(pm: PassageMentions) -> Iterable[Bare]:
            for match in _ENGLISH_HEAD.finditer(pm.normalised):
                if not any(m.start < match.end(1) and match.start(1) < m.end for m in pm.mentions):
                    yield match.start(1), match.end(1), match[1]

        def note(mention: Mention) -> None:
            for head in self._english_heads(mention):
                latest[head] = mention

        add_aliases(passages, find_bare, note, lambda bare, pm: latest.get(bare[2]))

    def _english_heads(self, mention: Mention) -> set[str]:
        """The institutional head words of a mentioned entity's English labels (Council of
        Security Council, Group of Group of Friends of …)."""
        entity = self.vocabulary.entities.get(mention.iri)
        if entity is None or entity.top_class not in ("Organisation", "Treaty", "Mechanism"):
            return set()
        heads: set[str] = set()
        for text, kind, language in entity.labels:
            words = text.split()
            if kind is LabelKind.HIDDEN or not is_english(language) or len(words) < 2:
                continue
            heads.add(words[-1])
            if words[1] in ("of", "on", "for", "to"):
                heads.add(words[0])
        return heads & INSTITUTION_HEADS

    def _label_candidates(self, normalised: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for hit in self.matcher.find_all(normalised):
            for entry in hit.payloads:
                if entry is None:
                    found.append(_Candidate(hit.start, hit.end, 0))
                else:
                    found.append(_Candidate(hit.start, hit.end, 0, entry.entity, entry.kind))
        return found + self._numbered_sessions(normalised)

    def _numbered_sessions(self, normalised: str) -> list[_Candidate]:
        """A numbered session of a meeting series the vocabulary names X会议 (X会晤), written
        X第N次会议: the whole span names the series (上海合作组织成员国安全会议秘书第二十次会议
        → 上海合作组织成员国安全会议秘书会议), the longest X that makes a label."""
        found: list[_Candidate] = []
        for match in _NUMBERED_SESSION.finditer(normalised):
            for start in range(max(0, match.start() - _SERIES_LENGTH), match.start() - 1):
                entity = self.vocabulary.resolve(normalised[start : match.start()] + match[1])
                if entity is not None and entity.top_class == "Mechanism":
                    found.append(_Candidate(start, match.end(), 0, entity, LabelKind.ALT))
                    break
        return found

    def _english_candidates(self, normalised: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for hit in self.english.find_all(fold_case(normalised)):
            surface = normalised[hit.start : hit.end]
            for label in hit.payloads:
                if label.surfaces is None or surface in label.surfaces:
                    entry = label.entry
                    found.append(_Candidate(hit.start, hit.end, 0, entry.entity, entry.kind))
        return found

    def _resolve(
        self,
        pm: PassageMentions,
        candidates: list[_Candidate],
        rules: DocumentRules,
        offset: int,
        english_text: bool,
    ) -> PassageMentions:
        text = pm.normalised
        kept: list[_Candidate] = []
        for c in candidates:
            if c.kind is LabelKind.HIDDEN:
                assert c.entity is not None
                anchors = self.anchors.get((c.entity.iri, text[c.start : c.end]), ())
                if not rules.accepts_hidden(
                    c.entity, anchors, bound_to_previous_word(text, c.start, c.end)
                ):
                    continue
            kept.append(c)
        for alias in rules.aliases:
            pattern = re.escape(alias.text)
            if english_text:
                # an English abbreviation is a whole word (Initiative, not Initiatives)
                pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
            for match in re.finditer(pattern, text):
                if offset + match.start() >= alias.after and not alias_bound(text, match.start()):
                    kept.append(_Candidate(match.start(), match.end(), 1, alias.entity, alias=True))
        labelled = leftmost_longest(kept)
        if english_text:
            elliptical = self._english_elliptical(text, labelled)
        else:
            elliptical = self._elliptical(text, labelled)
        kept += elliptical
        labelled = leftmost_longest([*labelled, *elliptical])

        known = [
            Known(c.start, c.end, c.entity.top_class, self._forms(c.entity))
            for c in labelled
            if c.entity is not None
        ]
        for found in find_candidates(text, known):
            entity = self._linked(found)
            if entity is not None:
                if not _labelled_inside(text, found, entity, labelled):
                    kept.append(_Candidate(found.start, found.end, 0, entity, LabelKind.ALT))
            elif not self._covered(found, labelled):
                kept.append(_Candidate(found.start, found.end, 2, found=found))
        chosen = leftmost_longest(sorted(kept, key=lambda c: c.rank))
        if not english_text:
            chosen = [_host_of_meeting(text, c, kept) for c in chosen]
            chosen = [_cooperation_mechanism(text, c, chosen) for c in chosen]
        chosen = sorted([*chosen, *_topics_ending_issues(chosen, kept)], key=lambda c: c.start)
        for c in chosen:
            mention = self._mention(pm.passage, c)
            if mention is not None:
                pm.mentions.append(mention)
        return pm

    def _elliptical(self, text: str, labelled: list[_Candidate]) -> list[_Candidate]:
        """Conjuncts naming a domain by ellipsis (传统 in 传统和非传统安全, 网络 in 反恐、网络).

        Next to a domain mention, across 和/与/及/、, a bare word X names the domain X安全 (or
        X领域 the domain X安全) when that is a domain of the vocabulary.
        """
        taken = [(c.start, c.end) for c in labelled]
        found: list[_Candidate] = []
        frontier = [c for c in labelled if c.entity is not None and c.entity.top_class == "Domain"]
        while frontier:
            c = frontier.pop()
            for start, end in _neighbours(text, c.start, c.end):
                if any(s < end and start < e for s, e in taken):
                    continue
                entity = self._domain_by_ellipsis(text[start:end])
                if entity is not None:
                    new = _Candidate(start, end, 0, entity, LabelKind.ALT)
                    found.append(new)
                    frontier.append(new)
                    taken.append((start, end))
        return found

    def _english_elliptical(self, text: str, labelled: list[_Candidate]) -> list[_Candidate]:
        """Conjuncts naming a domain by ellipsis in English: ``traditional`` in ``traditional and
        non-traditional security``, ``military`` and ``political`` in ``military, political and
        economic security``: a word before ``and``/``or``/a comma that, with the head word of the
        domain named after it, is the label of a domain."""
        found: list[_Candidate] = []
        for c in labelled:
            if (
                c.entity is None
                or c.entity.top_class != "Domain"
                or " " not in text[c.start : c.end]
            ):
                continue
            head = text[c.start : c.end].rsplit(" ", 1)[1]
            end = c.start
            while match := _ENGLISH_CONJUNCT.search(text, max(0, end - 60), end):
                entity = self._english_domain(f"{match[1]} {head}")
                if entity is None:
                    break
                found.append(_Candidate(match.start(1), match.end(1), 0, entity, LabelKind.ALT))
                end = match.start(1)
        return found

    def _english_domain(self, name: str) -> Entity | None:
        for label in self.english.payloads(fold_case(name)):
            entity = label.entry.entity
            if label.surfaces is None and entity.top_class == "Domain":
                return entity
        return None

    def _domain_by_ellipsis(self, word: str) -> Entity | None:
        for name in (word + "安全", word.removesuffix("领域") + "安全"):
            entity = self.vocabulary.resolve(name)
            if entity is not None and entity.top_class == "Domain":
                return entity
        return None

    def _forms(self, entity: Entity) -> tuple[str, ...]:
        """The Chinese pref and alt labels of an entity: the forms a name containing it takes."""
        labels = [
            (kind is not LabelKind.PREF, text)
            for text, kind, _ in entity.labels
            if kind is not LabelKind.HIDDEN and _HAN.search(text)
        ]
        return tuple(text for _, text in sorted(labels, key=lambda label: label[0]))

    def _linked(self, found: Candidate) -> Entity | None:
        """The vocabulary concept a discovered name denotes under one of its forms, if any."""
        for name in (found.name, *found.links):
            entity = self.vocabulary.resolve(name)
            if entity is not None and entity.top_class == found.top_class:
                return entity
        return None

    def _covered(self, found: Candidate, labelled: list[_Candidate]) -> bool:
        """Whether the name is a known concept with a generic word after it."""
        for c in labelled:
            if c.entity is None or c.start < found.start or c.end > found.end:
                continue
            if c.end == found.end and not any(
                o.entity is not None
                and found.start <= o.start < c.start
                and (o.entity.top_class or entity_is_regime(c.entity))
                for o in labelled
            ):
                return True
            if c.start > found.start + 1:
                continue
            entity = c.entity
            if entity.top_class is None:
                continue
            tail = found.name.endswith(GENERIC_TAILS) and found.end - 4 <= c.end
            if tail and not entity.classes & GROUPS:
                return True
            host = entity.top_class == "Organisation" or bool(entity.classes & EVENT_HOSTS)
            if host and EVENT_TAIL.fullmatch(found.name[len(found.name) - (found.end - c.end) :]):
                return True
        # a meeting right after a known body is a session of it (中非合作论坛北京峰会)
        return found.cls == "DialoguePlatform" and any(
            c.entity is not None
            and c.end == found.start
            and (c.entity.top_class == "Organisation" or bool(c.entity.classes & EVENT_HOSTS))
            for c in labelled
        )

    def _mention(self, passage: Passage, c: _Candidate) -> Mention | None:
        exact = passage.text[c.start : c.end]
        if c.found is not None:
            return Mention(
                passage=passage.number,
                start=c.start,
                end=c.end,
                exact=exact,
                iri=self.concept_iri(discovered_slug(c.found.name)),
                top_class=c.found.top_class,
                confidence=c.found.confidence,
                extractor="discovery",
                discovered=c.found,
                kind="discovered",
            )
        if c.entity is None:
            return None
        kind = c.kind or LabelKind.ALT
        return Mention(
            passage=passage.number,
            start=c.start,
            end=c.end,
            exact=exact,
            iri=c.entity.iri,
            top_class=c.entity.top_class,
            confidence=ALIAS_CONFIDENCE if c.alias else CONFIDENCE[kind],
            extractor="mentions",
            kind="alias" if c.alias else kind.value,
        )
