"""Stances: where the document's voice supports, opposes or calls for something.

A *cue* (支持, 反对, 呼吁, 应 …) governs the concepts named after it in its clause, up to the next
clause break (，；：。) or the next cue, so a coordinated list (``反对A和B``, ``A、B和C``) is
governed as a whole. Then:

* **negation** right before the cue (不, 不应, 不得, 决不 …) turns support and calls into
  opposition (``gsi:negated true``);
* a **passive** cue (``X应当受到抵制和反对``) governs the concepts named before it in the sentence;
* **``反对/避免 … 化``**: in ``反对将反恐政治化`` what is opposed is the politicisation, not
  counter-terrorism, so a concept that is the object of 将/把 or of a ``…化`` verb is no target;
* **concession** clauses (虽然, 尽管) and questions state no stance.
* a cue word inside a name (实现 in 实现中东安全稳定的五点倡议) is no cue;
* ``在X、Y等框架下开展合作`` supports the frameworks X and Y;
* a **contrast** (``共赢而非零和``) opposes only the concept right after 而非/而不是;
* opposing or fighting a threat (打击恐怖主义, 反对外空武器化) is no opposition to a security
  **domain**: domains only receive support and calls;
* banning and destroying (全面禁止和彻底销毁核武器) oppose a weapon, a descriptive **topic**;
* the field of a role (``支持联合国在全球安全治理中发挥作用``, the X of 在X中) is no target.

The cue lists follow the gold guidelines (``corpus/gold/GUIDELINES.md`` §3). A cue looks at most
:data:`MAX_CLAUSE` characters before and after it, so the work per cue, and a document's whole
analysis, stays linear in its length whatever its punctuation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.pipeline.extract.mentions import Mention, quote_window, sentence_spans

# How far a cue's clause reaches on either side, at most (a clause is rarely a tenth of this).
MAX_CLAUSE = 300

SUPPORT = "Support"
OPPOSITION = "Opposition"
CALL = "CallToAction"

# Cue → polarity; longer cues first so that 坚定支持 wins over 支持.
CUES: dict[str, str] = {
    **dict.fromkeys(
        (
            "坚定支持",
            "积极支持",
            "大力支持",
            "高度赞赏",
            "支持",
            "赞赏",
            "欢迎",
            "倡导",
            "主张",
            "坚持",
            "维护",
            "捍卫",
            "推动",
            "践行",
            "遵守",
            "恪守",
            "奉行",
            "秉持",
            "致力于",
            "落实",
            "推进",
            "遵循",
            "尊重",
            "坚守",
            "弘扬",
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
            "发挥",
            "利用",
            "开展",
            "参与",
        ),
        SUPPORT,
    ),
    **dict.fromkeys(
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
            "而不是",
            "而非",
            *("全面禁止", "彻底销毁", "禁止", "销毁"),
        ),
        OPPOSITION,
    ),
    **dict.fromkeys(
        ("呼吁", "敦促", "鼓励", "希望", "应当", "应该", "必须", "需要", "应", "要"), CALL
    ),
}
_CUE = re.compile("|".join(sorted(map(re.escape, CUES), key=len, reverse=True)))
_NEGATION = re.compile(r"(?:不|不应|不得|不能|决不|绝不|从不|并不|无须|无需|不再)$")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
_PASSIVE = re.compile(r"(?:受到|遭到|予以)$")
# In a passive sentence, a concept the subject is said to contradict is no target.
_CONTRASTED = re.compile(r"[^，。；]{0,4}(?:相违背|相悖|不符|背道而驰)")
_CONCESSION = re.compile(r"^(?:虽然|尽管|虽)")
# Words that make 应 something other than "should" (反应, 响应, 适应, 应对, 应用 …).
_NOT_SHOULD = re.compile(r"(?<=[反响适供相对呼回])应|应(?=[对用急变当该])")
# Words that make 要 something other than "must" (重要, 主要, 需要, 要求, 要素 …).
_NOT_MUST = re.compile(r"(?<=[重主需必首只纲摘概扼紧显简])要|要(?=[求素义点件闻旨务害])")
# ``在X、Y等框架下开展合作``: cooperation carried out in named frameworks supports them.
_FRAMEWORK = re.compile(r"在([^，；。]{2,80}?)(?:等)?(?:框架|机制|平台)(?:下|内|中)[^，；。]{0,4}$")
# A contrast (A而非B, A而不是B) opposes only the concept right after it.
_CONTRAST = ("而不是", "而非")
# Banning and destroying (全面禁止和彻底销毁核武器) oppose a weapon, a descriptive topic, only.
_WEAPON_CUES = ("全面禁止", "彻底销毁", "禁止", "销毁")


@dataclass(frozen=True)
class StanceFinding:
    """One cue in one sentence and the concepts it governs."""

    passage: int
    sentence: int
    polarity: str
    cue: str
    quote: str
    targets: tuple[str, ...]
    negated: bool
    confidence: float
    # Who takes the stance: an actor IRI, several for a joint voice (双方); None: the document's.
    holder: str | tuple[str, ...] | None = None


def find_stances(
    passage: int, text: str, original: str, mentions: list[Mention], target_ok: set[str]
) -> list[StanceFinding]:
    """The stances of one passage (``text`` normalised, ``original`` as written).

    ``target_ok`` holds the IRIs that may be targets (concepts and issues).
    """
    findings: list[StanceFinding] = []
    candidates = sorted((m for m in mentions if m.iri in target_ok), key=lambda m: m.start)
    starts = [m.start for m in candidates]
    for index, (s_start, s_end) in enumerate(sentence_spans(text)):
        sentence = text[s_start:s_end]
        if sentence.rstrip("”’」』）)").endswith(("？", "?")):
            continue
        in_name = bytearray(len(sentence))
        for m in mentions:
            if s_start <= m.start < s_end:
                in_name[m.start - s_start : m.end - s_start] = b"\x01" * (m.end - m.start)
        breaks = [match.end() for match in _CLAUSE_BREAK.finditer(sentence)]
        cues = [
            m
            for m in _CUE.finditer(sentence)
            if not _false_cue(sentence, m)
            # a cue word inside a name (实现中东安全稳定的五点倡议, 防止外空军备竞赛) is no cue
            and not in_name[m.start()]
        ]
        calling = False
        for i, cue in enumerate(cues):
            clause_start = _clause_start(breaks, cue.start())
            if _CONCESSION.match(sentence[clause_start:]):
                continue
            polarity = CUES[cue[0]]
            before = sentence[clause_start : cue.start()]
            negated = bool(_NEGATION.search(before))
            if polarity == CALL and not negated:
                calling = True
            elif polarity == SUPPORT and calling and not negated:
                # a support verb inside a call (呼吁各方践行X, 各国应坚持X) is part of the call
                polarity = CALL
            passive = bool(_PASSIVE.search(before))
            if passive:
                scope = (max(0, clause_start - MAX_CLAUSE), clause_start)
            else:
                end = _clause_end(sentence, breaks, cue.end())
                if i + 1 < len(cues) and cues[i + 1].start() < end:
                    end = cues[i + 1].start()
                scope = (cue.end(), end)
                framework = _FRAMEWORK.search(before) if cue[0] == "开展" else None
                if framework:
                    scope = (clause_start + framework.start(1), end)
            low = bisect.bisect_left(starts, s_start + scope[0])
            high = bisect.bisect_left(starts, s_start + scope[1])
            targets = tuple(
                dict.fromkeys(
                    m.iri
                    for m in candidates[low:high]
                    if s_start + scope[0] <= m.start
                    and m.end <= s_start + scope[1]
                    and not (
                        polarity == OPPOSITION and _object_of_verb(sentence, cue.end(), m, s_start)
                    )
                    and not (passive and _CONTRASTED.match(text, m.end))
                    and not (cue[0] in _CONTRAST and m.start > s_start + cue.end() + 1)
                    # fighting a threat (打击恐怖主义, 反对外空武器化) opposes no security domain
                    and not (polarity == OPPOSITION and not negated and m.top_class == "Domain")
                    and not (cue[0] in _WEAPON_CUES and m.top_class != "Topic")
                    # the setting of a role (支持联合国在全球安全治理中发挥作用) is no target
                    and not _setting(text, m)
                )
            )
            if not targets:
                continue
            weak = cue[0] in ("应", "坚持", "维护", "推动")
            findings.append(
                finding(
                    passage,
                    index,
                    polarity,
                    cue,
                    original,
                    (s_start, s_end),
                    targets,
                    negated,
                    weak,
                )
            )
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
    )


def _setting(text: str, m: Mention) -> bool:
    """Whether ``m`` is the X of 在X中 (the field in which someone plays a role)."""
    return text[m.start - 1 : m.start] == "在" and text.startswith("中", m.end)


def _false_cue(sentence: str, cue: re.Match[str]) -> bool:
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
