"""Anaphora for stances: a demonstrative head (该公约, 这一倡议, 上述倡议, ``this initiative``)
stands for the concept of its class, named with the same head, named last before it in the same
or the previous passage (该协议 reaches back to a 协议 or 协定, not to a resolution).

A plural reference (上述倡议 after a list) stands for the whole coordinated list.
A head of an instrument (公约, 条约, 决议, 协定, 协议, 议定书, 宣言; ``convention``, ``treaty`` …)
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
    **dict.fromkeys(("公约", "条约", "决议", "协定", "协议", "议定书", "宣言"), "Treaty"),
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
_SYNONYMS = {"协定": ("协定", "协议"), "协议": ("协定", "协议")}
# What joins coordinated names (A、B和C; A, B and C).
_COORDINATION = re.compile(r"^[”’》」』\s]*(?:、|，|,|和|与|及|以及|and|or)?[“‘《「『\s]*$")


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
        antecedents = _antecedents(match[1].lower(), match.start(), current, previous)
        if not antecedents:
            continue
        mentions = [m for m in mentions if m.end <= match.start() or m.start >= match.end()]
        mentions += [
            replace(
                antecedent,
                passage=current.passage.number,
                start=match.start(),
                end=match.end(),
                exact=match[0],
                extractor=ANAPHORA,
            )
            for antecedent in antecedents
        ]
    return sorted(mentions, key=lambda m: m.start)


def _named_by(mention: Mention, head: str, text: str) -> bool:
    """Whether ``mention`` (in the passage ``text``) is named with ``head`` (禁止生物武器公约 for
    该公约; 协定 and 协议 alike), or is followed by it (《中亚无核武器区条约》议定书 for 该议定书),
    so that 该协议 does not reach back to a resolution."""
    exact = mention.exact.rstrip("》”’」』 ").lower()
    heads = _SYNONYMS.get(head, (head,))
    following = text[mention.end : mention.end + 8].lstrip("》”’」』 ")
    return (
        exact.endswith(heads)
        or following.startswith(heads)
        or any(h in exact for h in heads if h.isascii())
    )


def _antecedents(
    head: str, position: int, current: PassageMentions, previous: PassageMentions | None
) -> list[Mention]:
    """The last concept of ``cls`` before ``position`` with the concepts coordinated with it
    (全球发展倡议、全球安全倡议和全球文明倡议 … 上述倡议 → all three)."""
    cls = _HEADS[head]

    def named(m: Mention, text: str) -> bool:
        return m.top_class == cls and _named_by(m, head, text)

    source, before = current, [m for m in current.mentions if m.end <= position]
    if not any(named(m, current.normalised) for m in before) and previous:
        source, before = previous, list(previous.mentions)
    before = sorted((m for m in before if named(m, source.normalised)), key=lambda m: m.start)
    if not before:
        return []
    chain = [before[-1]]
    for m in reversed(before[:-1]):
        if not _COORDINATION.match(source.normalised[m.end : chain[-1].start]):
            break
        chain.append(m)
    return chain[::-1]
