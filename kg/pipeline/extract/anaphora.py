"""Anaphora for stances: a demonstrative head (该公约, 这一倡议, 上述倡议, ``this initiative``)
stands for the concept of its class named last before it, in the same or the previous passage.

A head of an instrument (公约, 条约, 决议, 协定, 议定书, 宣言; ``convention``, ``treaty`` …)
refers back to a Treaty, a head of a process (倡议, 机制, 进程, 议程, 论坛, 纲领, 战略;
``initiative``, ``mechanism`` …) to a Mechanism. The result is a :class:`Mention` of the
antecedent at the demonstrative's span, given to the stance finder only: the gold annotates the
bare head as a mention (guidelines §1.6), the demonstrative phrase is not one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.pipeline.extract.mentions import Mention, PassageMentions

_HEADS = {
    **dict.fromkeys(("公约", "条约", "决议", "协定", "议定书", "宣言"), "Treaty"),
    **dict.fromkeys(("倡议", "机制", "进程", "议程", "论坛", "纲领", "战略"), "Mechanism"),
    **dict.fromkeys(("convention", "treaty", "resolution", "agreement", "protocol"), "Treaty"),
    **dict.fromkeys(
        ("initiative", "mechanism", "process", "agenda", "forum", "strategy"), "Mechanism"
    ),
}
_ZH = re.compile(
    r"(?:该|这一|这个|这项|此项|此|上述|前述)(?:项|个)?("
    + "|".join(h for h in _HEADS if not h.isascii())
    + ")"
)
_EN = re.compile(
    r"\b(?:this|that|these|the\s+said|the\s+above|the\s+aforementioned|such)\s+("
    + "|".join(h for h in _HEADS if h.isascii())
    + r")s?\b",
    re.IGNORECASE,
)
ANAPHORA = "anaphora"


def resolve_anaphora(
    current: PassageMentions, previous: PassageMentions | None, english: bool = False
) -> list[Mention]:
    """``current``'s mentions with each demonstrative head replaced by, or added as, a mention
    of its antecedent (``english``: the passage is in English); a head without an antecedent
    is left as it was."""
    text = current.normalised
    pattern = _EN if english else _ZH
    mentions = list(current.mentions)
    for match in pattern.finditer(text):
        cls = _HEADS[match[1].lower()]
        antecedent = _antecedent(cls, match.start(), current, previous)
        if antecedent is None:
            continue
        mentions = [m for m in mentions if m.end <= match.start() or m.start >= match.end()]
        mentions.append(
            replace(
                antecedent,
                passage=current.passage.number,
                start=match.start(),
                end=match.end(),
                exact=match[0],
                extractor=ANAPHORA,
            )
        )
    return sorted(mentions, key=lambda m: m.start)


def _antecedent(
    cls: str, position: int, current: PassageMentions, previous: PassageMentions | None
) -> Mention | None:
    before = [m for m in current.mentions if m.top_class == cls and m.end <= position]
    if not before and previous is not None:
        before = [m for m in previous.mentions if m.top_class == cls]
    return max(before, key=lambda m: m.start) if before else None
