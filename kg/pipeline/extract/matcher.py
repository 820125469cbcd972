"""Multi-pattern matching: Aho-Corasick over normalised text, leftmost-longest selection.

Text is *normalised for matching only*: traditional characters become simplified ones and dash and
dot variants become one form. Normalisation never changes the length of the text, so an offset
into the normalised text is the same offset into the original, and the quote a mention records is
always the original text.

Traditional → simplified uses the OpenCC ``t2s`` tables (opencc-python-reimplemented). Every entry
of those tables maps a string onto one of the same length; :func:`normalise` still checks the
length of each conversion and falls back to the per-character table if a conversion ever changes
it. OpenCC is only run on text that contains a traditional-only character, which keeps simplified
text (almost all of it) on the fast path of one ``str.translate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import ahocorasick
import opencc

# Length-preserving variants folded for matching: dashes and middle dots.
_PUNCTUATION = str.maketrans(
    {
        "－": "-",
        "–": "-",
        "‐": "-",
        "‑": "-",
        "—": "-",
        "・": "·",
        "•": "·",
        "‧": "·",
    }
)
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")

T = TypeVar("T")


@dataclass(frozen=True)
class _Tables:
    characters: dict[int, str]
    traditional: re.Pattern[str]


@cache
def _tables() -> _Tables:
    """The per-character traditional → simplified table from OpenCC's dictionary."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    characters: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            characters[ord(source)] = target
    pattern = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(characters)) + "]")
    return _Tables(characters=characters, traditional=pattern)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_traditional(text: str) -> bool:
    """Whether ``text`` contains a character that only traditional Chinese uses."""
    return _tables().traditional.search(text) is not None


def normalise(text: str) -> str:
    """Fold ``text`` for matching (traditional → simplified, dash and dot variants).

    The result always has the same length as ``text``, character for character.
    """
    folded = text.translate(_PUNCTUATION)
    if not has_traditional(folded):
        return folded
    converted = _converter().convert(folded)
    if len(converted) != len(folded):
        converted = folded.translate(_tables().characters)
    return converted


def fold_case(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is longer,
    such as ``İ``, is kept as it is), so offsets into the result are offsets into ``text``.

    >>> fold_case("ARMS Control İ")
    'arms control İ'
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def is_latin(text: str) -> bool:
    """Whether ``text`` is written in Latin letters or digits (an acronym, a UN symbol)."""
    return bool(text) and all(ord(ch) < 0x2E80 for ch in text)


@dataclass(frozen=True)
class Hit(Generic[T]):
    """A pattern found at ``[start, end)`` of the searched text, with the pattern's payloads."""

    start: int
    end: int
    payloads: tuple[T, ...]


class Matcher(Generic[T]):
    """An Aho-Corasick automaton over normalised patterns; built once, searched many times."""

    def __init__(self, patterns: Iterable[tuple[str, T]]) -> None:
        grouped: dict[str, list[T]] = {}
        for pattern, payload in patterns:
            key = normalise(pattern)
            if key:
                grouped.setdefault(key, []).append(payload)
        self._automaton = ahocorasick.Automaton()
        for key, payloads in grouped.items():
            self._automaton.add_word(key, (len(key), tuple(payloads)))
        self.size = len(grouped)
        if grouped:
            self._automaton.make_automaton()

    def __contains__(self, pattern: str) -> bool:
        return normalise(pattern) in self._automaton

    def payloads(self, pattern: str) -> tuple[T, ...]:
        """The payloads of an exact pattern, or ``()``."""
        value = self._automaton.get(normalise(pattern), None)
        return value[1] if value else ()

    def find_all(self, normalised: str) -> Iterator[Hit[T]]:
        """Every occurrence of every pattern in already-normalised text, overlapping ones too.

        A Latin pattern (``NPT``, ``UN``) only counts as a whole word: not when a Latin letter or
        digit touches it on either side.
        """
        if not self.size:
            return
        for last, (length, payloads) in self._automaton.iter(normalised):
            start, end = last + 1 - length, last + 1
            if (
                _LATIN_WORD.match(normalised[start])
                and start > 0
                and (_LATIN_WORD.match(normalised[start - 1]))
            ):
                continue
            if (
                _LATIN_WORD.match(normalised[last])
                and end < len(normalised)
                and (_LATIN_WORD.match(normalised[end]))
            ):
                continue
            yield Hit(start, end, payloads)


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


def leftmost_longest(spans: Sequence[S]) -> list[S]:
    """Non-overlapping spans chosen leftmost first, and the longest among those starting there.

    Stable: among spans with the same start and end, the first one given wins.
    """
    ordered = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end, i))
    chosen: list[S] = []
    reach = -1
    for i in ordered:
        span = spans[i]
        if span.start >= reach:
            chosen.append(span)
            reach = span.end
    return chosen
