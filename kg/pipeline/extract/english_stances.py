r"""Stances in English text: the design of :mod:`kg.pipeline.extract.stances` with English cues.

A *cue* (``supports``, ``opposes``, ``calls on``, ``should`` …) governs the concepts named after
it in its clause, up to ``;`` or ``:``, the end of the sentence, a comma before a new clause
(``, but``, ``, which``, ``, while`` …) or the next cue, so a coordinated list (``opposes A, B
and C``) is governed as a whole. Commas alone do not end a clause: English separates the items
of a list with them. Then, as in Chinese:

* **negation** right before the cue (``does not support``, ``never accepts``, ``no longer
  supports``, ``cannot accept``), right after a modal (``should not``, ``must never``) or after
  a negated subject (``No country should seek``), turns support and calls into
  opposition and opposition into support (``gsi:negated true``);
  ``not only`` is no negation;
* a support verb inside a call (``calls on all countries to uphold X``, ``States should respect
  X``) is part of the call;
* a **passive** cue (``X must be upheld``, ``X should be rejected``) governs the concepts named
  before it in its clause;
* a **contrast** (``dialogue rather than confrontation``, ``instead of X``) opposes only the
  concept right after it;
* **concession** clauses (``Although …,``, ``…, while …``) and questions state no stance;
* a cue word inside a name (``Support`` in a programme's name) or a hyphenated word
  (``capacity-building``) is no cue;
* a body naming an office (``the briefing by the Director-General of the IAEA``) is no target,
  nor one owning what is governed (``the Council's resolutions``), nor the agent of an action
  (``the adoption by the General Assembly of X``); an evaluation is of the body opening its
  clause (``the ASEAN Regional Forum provides useful platforms``), not held by it;
* opposing a threat is no opposition to a security **domain** (``opposes the militarisation of
  outer space``, ``does not accept double standards on counter-terrorism``): a domain is only
  opposed when a negated cue governs it directly (``does not support arms control``); nor is
  any concept whose turning is opposed (``opposes the politicization of peacekeeping``).
* opposing a breach (``opposes violations of the Charter``) is support for what is
  breached, and so is a breach itself (``practices that run counter to X``); a **censure**
  (``X will only widen the divide``) opposes what comes before it; a **combat** cue
  (``combat``, ``curb``, ``counter``) opposes only opposed ideas and topics; holders and
  anaphora as in Chinese.

The cue patterns, by kind (:data:`CUES`, printed by
:func:`~kg.pipeline.extract.stances.cue_table`; a test checks the two agree):

- endorsement (Support):
  support(?:s|ed|ing)?, welcom(?:e|es|ed|ing), advocat(?:e|es|ed|ing), champion(?:s|ed|ing)?,
  st(?:and|ands|anding|ood)\s+(?:firmly\s+)?(?:for|by), accept(?:s|ed|ing)?,
  appreciat(?:e|es|ed|ing), favou?r(?:s|ed|ing)?, reaffirm(?:s|ed|ing)?
- commitment (Support):
  uph(?:old|olds|olding|eld),
  (?:is|are|am|remains?|stays?)\s+(?:firmly\s+|fully\s+|deeply\s+)?committed\s+to,
  commit(?:s|ted)?\s+(?:itself|themselves|ourselves)\s+to, safeguard(?:s|ed|ing)?,
  defend(?:s|ed|ing)?, respect(?:s|ed|ing), (?:abides?|abided|abiding)\s+by,
  (?:adheres?|adhered|adhering)\s+to, compl(?:y|ies|ied|ying)\s+with, implement(?:s|ed|ing)?,
  fulfil(?:s|ls|led|ling)?, honou?r(?:s|ed|ing), pursu(?:e|es|ed|ing), practis(?:e|es|ed|ing),
  practic(?:ed|ing), to\s+respect, guided\s+by,
  (?<!\ba\s)(?<!\bbest\s)(?<!\bthe\s)practices?(?!\s+(?:of|in|for|to)\b)
- signature (Support):
  endors(?:e|es|ed|ing), sign(?:ed|ing), ratif(?:y|ies|ied|ying), acced(?:e|es|ed|ing)\s+to
- promotion (Support):
  promot(?:e|es|ed|ing), strengthen(?:s|ed|ing)?, put(?:s|ting)?\s+forward,
  propos(?:e|es|ed|ing), contribut(?:e|es|ed|ing)\s+to, buil(?:d|ds|ding|t),
  work(?:s|ed|ing)?\s+toward(?:s)?
- opposition (Opposition):
  oppos(?:e|es|ed|ing), reject(?:s|ed|ing)?, condemn(?:s|ed|ing)?, denounc(?:e|es|ed|ing),
  resist(?:s|ed|ing)?, renounc(?:e|es|ed|ing), abandon(?:s|ed|ing)?, object(?:s|ed|ing)?\s+to,
  (?:is|are|am|remains?|stands?|stood)\s+(?:firmly\s+)?against, prevent(?:s|ed|ing)?,
  avoid(?:s|ed|ing)?, stop(?:s|ped|ping)?, lift(?:s|ed|ing)?, free\s+from,
  r(?:un|uns|an|unning)\s+counter\s+to
- combat (Opposition):
  combat(?:s|ed|ing|ted|ting)?, fight(?:s|ing)?, fought, curb(?:s|ed|ing)?,
  counter(?:s|ed|ing)?(?!-)
- contrast (Opposition):
  rather\s+than, instead\s+of
- evaluation (Support):
  (?:is|are|remains?|offers?|provides?|forms?|constitutes?)\s+(?:an?\s+|the\s+)?(?:most\s+)?(?:important|useful|valuable|effective|indispensable|essential|legal)\s+(?:instrument|model|tool|platform|mechanism|channel|basis|foundation|pillar)s?,
  ha(?:s|ve)\s+achieved\s+(?:concrete|positive|tangible|fruitful)\s+results,
  deserv(?:e|es|ed)\s+(?:\w+\s+)?support, ha(?:s|ve)\s+helped\s+to,
  la(?:id|ys|y)\s+the\s+foundation,
  ha(?:s|ve)\s+(?:already\s+|clearly\s+)?(?:shown|proved|proven|demonstrated)\s+(?:its|their)\s+(?:value|worth|effectiveness),
  (?:is|are|remains?)\s+(?:our|the)\s+common\s+(?:blueprint|roadmap)
- censure (Opposition):
  will\s+only\s+(?:create|widen|deepen|aggravate|undermine|exacerbate|fuel|divide),
  (?:is|are)\s+the\s+root\s+cause\s+of
- call (CallToAction):
  call(?:s|ed|ing)?\s+(?:on|upon|for), urg(?:e|es|ed|ing), appeal(?:s|ed|ing)?\s+(?:to|for),
  encourag(?:e|es|ed|ing), hop(?:e|es|ed|ing), let\s+us
- modal (CallToAction):
  should, must, needs?\s+to, ought\s+to

A cue looks at most :data:`~kg.pipeline.extract.stances.MAX_CLAUSE` characters before and after
it, so the work stays linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re

from kg.pipeline import english
from kg.pipeline.extract.holders import THIRD_PARTY, Subject
from kg.pipeline.extract.mentions import Mention
from kg.pipeline.extract.stances import (
    CALL,
    MAX_CLAUSE,
    OPPOSITION,
    SUPPORT,
    Cue,
    StanceFinding,
    StanceScope,
    cues_of_kind,
    finding,
)

# Cue patterns → what they do (the single table; the module docstring prints it, see
# :func:`~kg.pipeline.extract.stances.cue_table`). Verbs in every form a statement uses
# (supports, supported, supporting).
CUES: dict[str, Cue] = {
    **cues_of_kind(
        SUPPORT,
        "endorsement",
        (
            r"support(?:s|ed|ing)?",
            r"welcom(?:e|es|ed|ing)",
            r"advocat(?:e|es|ed|ing)",
            r"champion(?:s|ed|ing)?",
            r"st(?:and|ands|anding|ood)\s+(?:firmly\s+)?(?:for|by)",
            r"accept(?:s|ed|ing)?",
            r"appreciat(?:e|es|ed|ing)",
            r"favou?r(?:s|ed|ing)?",
            r"reaffirm(?:s|ed|ing)?",
        ),
    ),
    **cues_of_kind(
        SUPPORT,
        "commitment",
        (
            r"uph(?:old|olds|olding|eld)",
            r"(?:is|are|am|remains?|stays?)\s+(?:firmly\s+|fully\s+|deeply\s+)?committed\s+to",
            r"commit(?:s|ted)?\s+(?:itself|themselves|ourselves)\s+to",
            r"safeguard(?:s|ed|ing)?",
            r"defend(?:s|ed|ing)?",
            r"respect(?:s|ed|ing)",
            r"(?:abides?|abided|abiding)\s+by",
            r"(?:adheres?|adhered|adhering)\s+to",
            r"compl(?:y|ies|ied|ying)\s+with",
            r"implement(?:s|ed|ing)?",
            r"fulfil(?:s|ls|led|ling)?",
            r"honou?r(?:s|ed|ing)",
            r"pursu(?:e|es|ed|ing)",
            r"practis(?:e|es|ed|ing)",
            r"practic(?:ed|ing)",
            r"to\s+respect",
            r"guided\s+by",
            r"(?<!\ba\s)(?<!\bbest\s)(?<!\bthe\s)practices?(?!\s+(?:of|in|for|to)\b)",
        ),
    ),
    **cues_of_kind(
        SUPPORT,
        "signature",
        (
            r"endors(?:e|es|ed|ing)",
            r"sign(?:ed|ing)",
            r"ratif(?:y|ies|ied|ying)",
            r"acced(?:e|es|ed|ing)\s+to",
        ),
    ),
    **cues_of_kind(
        SUPPORT,
        "promotion",
        (
            r"promot(?:e|es|ed|ing)",
            r"strengthen(?:s|ed|ing)?",
            r"put(?:s|ting)?\s+forward",
            r"propos(?:e|es|ed|ing)",
            r"contribut(?:e|es|ed|ing)\s+to",
            r"buil(?:d|ds|ding|t)",
            r"work(?:s|ed|ing)?\s+toward(?:s)?",
        ),
    ),
    **cues_of_kind(
        OPPOSITION,
        "opposition",
        (
            r"oppos(?:e|es|ed|ing)",
            r"reject(?:s|ed|ing)?",
            r"condemn(?:s|ed|ing)?",
            r"denounc(?:e|es|ed|ing)",
            r"resist(?:s|ed|ing)?",
            r"renounc(?:e|es|ed|ing)",
            r"abandon(?:s|ed|ing)?",
            r"object(?:s|ed|ing)?\s+to",
            r"(?:is|are|am|remains?|stands?|stood)\s+(?:firmly\s+)?against",
            r"prevent(?:s|ed|ing)?",
            r"avoid(?:s|ed|ing)?",
            r"stop(?:s|ped|ping)?",
            r"lift(?:s|ed|ing)?",
            r"free\s+from",
            r"r(?:un|uns|an|unning)\s+counter\s+to",
        ),
    ),
    **cues_of_kind(
        OPPOSITION,
        "combat",
        (
            r"combat(?:s|ed|ing|ted|ting)?",
            r"fight(?:s|ing)?",
            r"fought",
            r"curb(?:s|ed|ing)?",
            r"counter(?:s|ed|ing)?(?!-)",
        ),
    ),
    **cues_of_kind(OPPOSITION, "contrast", (r"rather\s+than", r"instead\s+of")),
    **cues_of_kind(
        SUPPORT,
        "evaluation",
        (
            r"(?:is|are|remains?|offers?|provides?|forms?|constitutes?)\s+(?:an?\s+|the\s+)?"
            r"(?:most\s+)?(?:important|useful|valuable|effective|indispensable|essential|legal)\s+"
            r"(?:instrument|model|tool|platform|mechanism|channel|basis|foundation|pillar)s?",
            r"ha(?:s|ve)\s+achieved\s+(?:concrete|positive|tangible|fruitful)\s+results",
            r"deserv(?:e|es|ed)\s+(?:\w+\s+)?support",
            r"ha(?:s|ve)\s+helped\s+to",
            r"la(?:id|ys|y)\s+the\s+foundation",
            r"ha(?:s|ve)\s+(?:already\s+|clearly\s+)?(?:shown|proved|proven|demonstrated)\s+"
            r"(?:its|their)\s+(?:value|worth|effectiveness)",
            r"(?:is|are|remains?)\s+(?:our|the)\s+common\s+(?:blueprint|roadmap)",
        ),
    ),
    **cues_of_kind(
        OPPOSITION,
        "censure",
        (
            r"will\s+only\s+(?:create|widen|deepen|aggravate|undermine|exacerbate|fuel|divide)",
            r"(?:is|are)\s+the\s+root\s+cause\s+of",
        ),
    ),
    **cues_of_kind(
        CALL,
        "call",
        (
            r"call(?:s|ed|ing)?\s+(?:on|upon|for)",
            r"urg(?:e|es|ed|ing)",
            r"appeal(?:s|ed|ing)?\s+(?:to|for)",
            r"encourag(?:e|es|ed|ing)",
            r"hop(?:e|es|ed|ing)",
            # an exhortation of the speaker and the audience (Let us act under the Charter)
            r"let\s+us",
        ),
    ),
    **cues_of_kind(CALL, "modal", (r"should", r"must", r"needs?\s+to", r"ought\s+to")),
}
_CUE_PATTERNS = [re.compile(rf"^(?:{pattern})$", re.IGNORECASE) for pattern in CUES]
# (not the second part of a hyphenated word: capacity-building)
_CUE = re.compile(r"(?<![\w-])(?:" + "|".join(CUES) + r")\b", re.IGNORECASE)
_MODAL = re.compile(r"^(?:should|must|needs?\s+to|ought\s+to)$", re.IGNORECASE)
_UNDERMINING = re.compile(
    r"\b(?:violat|undermin|breach|erod|infring|disregard|circumvent|withdraw|den(?:y|ie)|depriv)\w*",
    re.IGNORECASE,
)
# A concept named as a pretext (freedom of navigation being used as a pretext, under the pretext
# of X, in the name of X): no stance on it.
_PRETEXT_AFTER = re.compile(
    r"\s+(?:(?:is|are|was|were|being|be)\s+)?(?:used|invoked|abused|misused)\s+as\s+(?:an?\s+)?"
    r"(?:pretext|excuse|cover)\b",
    re.IGNORECASE,
)
_PRETEXT_BEFORE = re.compile(
    r"\b(?:(?:under|on)\s+the\s+(?:pretext|guise|banner)\s+of|in\s+the\s+name\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# An opposition cue that is a breach (runs counter to X): what it governs is supported.
_BREACH_CUE = re.compile(r"r(?:un|uns|an|unning)\s+counter\s+to", re.IGNORECASE)
_WEAK = re.compile(
    r"^(?:should|must|hop\w*|promot\w*|pursu\w*|strengthen\w*|implement\w*|accept\w*)$",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|cannot|can't|won't|doesn't|don't|didn't|isn't|aren't|nor)"
    r"\s+(?:(?!only\b)[a-z]+\s+)?$",
    re.IGNORECASE,
)
_NEGATION_AFTER_MODAL = re.compile(r"\s+(?:not|never)\b", re.IGNORECASE)
# A clause whose subject is negated (No country should seek X, Neither side should …): its cues
# are negated as after ``should not``.
_NO_SUBJECT = re.compile(
    r"^\s*(?:no|neither)\s+(?:[a-z]+\s+){1,3}$|^\s*(?:no\s+one|nobody)\s+$", re.IGNORECASE
)
_PASSIVE = re.compile(r"\b(?:be|is|are|was|were|been|being)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"(?:ed|upheld)$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s+(?=(?:but|while|whereas|although|though|which|who|whose|as|because|since|"
    r"yet|so|if|when|unless)\b)",
    re.IGNORECASE,
)
# A concession clause, at the start of a sentence or after a clause mark, up to the next one.
_CONCESSION = re.compile(
    r"(?:^|(?<=[,;:]))\W*(?:although|though|even\s+though|while|whilst|whereas)\b[^,;:]*",
    re.IGNORECASE,
)
# What may stand between a cue and the concept it governs directly.
# An office named by its body (the Secretary-General of the International Maritime
# Organization, the Executive Director of UNODC): the body is no target.
_OFFICE_OF = re.compile(
    r"\b(?:Secretary-General|Executive\s+Director|Director-General|Director|President|Chair|"
    r"Chairperson|Special\s+Envoy|Special\s+Representative|High\s+Representative|"
    r"Under-Secretary-General|Spokesperson)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A possessive after a body (the Council's resolutions).
_POSSESSIVE = re.compile(r"['’]s\b")
# The agent of an action named after a cue (the adoption by the General Assembly of X).
_AGENT_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_CONTRAST_GAP = re.compile(r"^\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


def polarity_of(cue: str) -> str:
    """The polarity of a cue as written in the text.

    >>> polarity_of("Supports"), polarity_of("calls  on"), polarity_of("is against")
    ('Support', 'CallToAction', 'Opposition')
    """
    return cue_of(cue).polarity


def cue_of(cue: str) -> Cue:
    """The table entry of a cue as written in the text (raises KeyError for no cue)."""
    for pattern, entry in zip(_CUE_PATTERNS, CUES.values(), strict=True):
        if pattern.match(cue):
            return entry
    raise KeyError(cue)


def find_english_stances(
    passage: int, text: str, original: str, mentions: list[Mention], scope: StanceScope
) -> list[StanceFinding]:
    """The stances of one English passage (``text`` normalised, ``original`` as written)."""
    findings: list[StanceFinding] = []
    candidates = sorted((m for m in mentions if m.iri in scope.targets), key=lambda m: m.start)
    starts = [m.start for m in candidates]
    for index, (s_start, s_end) in enumerate(english.sentence_spans(text)):
        sentence = text[s_start:s_end].rstrip()
        if sentence.rstrip(english.CLOSERS).endswith("?"):
            continue
        in_name = bytearray(len(sentence))
        for m in mentions:
            if s_start <= m.start < s_start + len(sentence):
                in_name[m.start - s_start : m.end - s_start] = b"\x01" * (m.end - m.start)
        breaks = [match.end() for match in _CLAUSE_BREAK.finditer(sentence)]
        cues = [m for m in _CUE.finditer(sentence) if not in_name[m.start()]]
        conceded = [(m.start(), m.end()) for m in _CONCESSION.finditer(sentence)]
        subjects = scope.holders.subjects(sentence, mentions, s_start)
        calling = False
        for i, cue in enumerate(cues):
            if any(start <= cue.start() < end for start, end in conceded):
                continue
            clause_start = _clause_start(breaks, cue.start())
            before = sentence[clause_start : cue.start()]
            rule = cue_of(cue[0])
            polarity = rule.polarity
            modal = bool(_MODAL.match(cue[0]))
            negated = bool(_NEGATION.search(before) or _NO_SUBJECT.match(before)) or (
                modal and bool(_NEGATION_AFTER_MODAL.match(sentence, cue.end()))
            )
            if polarity == CALL and not negated:
                calling = True
            elif polarity == SUPPORT and calling and not negated and rule.kind != "evaluation":
                polarity = CALL
            passive = bool(_PASSIVE.search(before)) and bool(_PARTICIPLE.search(cue[0]))
            if passive or rule.kind in ("evaluation", "censure"):
                span = (clause_start, cue.start())
            else:
                end = _clause_end(sentence, breaks, cue.end())
                if sentence.startswith(":", end) and not any(
                    s_start + cue.end() <= m.start and m.end <= s_start + end for m in candidates
                ):
                    # supports the work of the three bodies it established: A, B and C — what
                    # is governed is listed after the colon
                    end = _clause_end(sentence, breaks, end + 1)
                if i + 1 < len(cues) and cues[i + 1].start() < end:
                    end = cues[i + 1].start()
                span = (cue.end(), end)
            contrast = rule.kind == "contrast"
            low = bisect.bisect_left(starts, s_start + span[0])
            high = bisect.bisect_left(starts, s_start + span[1])
            governed = [
                m
                for m in candidates[low:high]
                if m.end <= s_start + span[1]
                and not (contrast and not _right_after(sentence, cue.end(), m, s_start))
                and not (rule.kind == "combat" and m.iri not in scope.threats)
                # the briefing by the Secretary-General of the IMO: the body names an office
                and not _OFFICE_OF.search(sentence, 0, m.start - s_start)
                # implement the Council's resolutions: the owner of what is governed is none
                and not (
                    m.top_class == "Organisation" and _POSSESSIVE.match(sentence, m.end - s_start)
                )
                # opposes freedom of navigation being used as a pretext: no stance on a pretext
                and not _PRETEXT_AFTER.match(sentence, m.end - s_start)
                and not _PRETEXT_BEFORE.search(sentence, 0, m.start - s_start)
                # welcomes the adoption by the General Assembly of X: the agent is no target
                and not (
                    span[0] == cue.end()
                    and _AGENT_BY.search(sentence, cue.end(), m.start - s_start)
                )
            ]
            # opposing the breach of a concept (opposes violations of the Charter) supports it
            # (negated calls too: must not be used to deny X)
            against = (polarity == OPPOSITION) != negated
            # (a cue of breach itself: practices that run counter to X support X)
            breaching = bool(_BREACH_CUE.match(cue[0]))
            breached = [
                m
                for m in governed
                if against and (breaching or _undermined(sentence, cue.end(), m, s_start))
            ]
            kept = [
                m
                for m in governed
                if m not in breached
                # an evaluation speaks of instruments, principles and bodies, not of a domain
                and not (m.top_class == "Domain" and rule.kind == "evaluation")
                and not (
                    m.top_class == "Domain"
                    and (polarity == OPPOSITION) != negated
                    and not (negated and _right_after(sentence, cue.end(), m, s_start))
                )
                # opposes the politicization of peacekeeping: what is turned is not opposed
                and not (
                    (polarity == OPPOSITION) != negated
                    and _ISATION_OF.search(sentence, cue.end(), m.start - s_start)
                )
            ]
            if not kept and not breached:
                continue
            holder = scope.holders.holder_of(sentence, subjects, cue.start())
            if holder == THIRD_PARTY and _evaluates_subject(rule, subjects, governed, s_start):
                # The ASEAN Regional Forum provides useful platforms: the body is what the
                # speaker evaluates, not who holds the evaluation
                holder = scope.holders.joint_voice
            if holder == THIRD_PARTY:
                continue
            weak = bool(_WEAK.match(cue[0]))
            breach = CALL if rule.polarity == CALL else SUPPORT
            for chosen, stated, negation in ((kept, polarity, negated), (breached, breach, False)):
                targets = tuple(dict.fromkeys(m.iri for m in chosen))
                if targets:
                    findings.append(
                        finding(
                            passage,
                            index,
                            stated,
                            cue,
                            original,
                            (s_start, s_end),
                            targets,
                            negation,
                            weak,
                            holder,
                        )
                    )
    return findings


# What turns a concept into something else (the politicization of X, the weaponization of X):
# opposing it opposes the turn, not X (an organization of X is no turn).
_ISATION_OF = re.compile(r"\b(?!organi[sz]ation)\w+i[sz]ation\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _evaluates_subject(
    rule: Cue, subjects: list[Subject], governed: list[Mention], offset: int
) -> bool:
    """Whether an evaluation or censure is about a third party that is its grammatical subject
    (the body opening the clause is among what it governs)."""
    if rule.kind not in ("evaluation", "censure"):
        return False
    return any(
        s.holder == THIRD_PARTY and s.start <= m.start - offset < s.end
        for s in subjects
        for m in governed
    )


def _undermined(sentence: str, cue_end: int, mention: Mention, offset: int) -> bool:
    """Whether an opposed concept is only the object of a breach (``opposes violations of X``)."""
    return bool(_UNDERMINING.search(sentence[cue_end : mention.start - offset]))


def _right_after(sentence: str, cue_end: int, mention: Mention, offset: int) -> bool:
    """Whether ``mention`` follows the cue directly (an article at most between them)."""
    return bool(_CONTRAST_GAP.match(sentence[cue_end : mention.start - offset]))


def _clause_start(breaks: list[int], position: int) -> int:
    found = bisect.bisect_right(breaks, position) - 1
    last = breaks[found] if found >= 0 else 0
    return max(last, position - MAX_CLAUSE)


def _clause_end(sentence: str, breaks: list[int], position: int) -> int:
    found = bisect.bisect_right(breaks, position)
    end = breaks[found] - 1 if found < len(breaks) else len(sentence)
    return min(end, position + MAX_CLAUSE)
