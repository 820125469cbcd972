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

Text *written* in traditional characters (more traditional-only than simplified-only characters)
may also use Taiwan wording: its Taiwan phrases first become mainland ones, as OpenCC's ``tw2sp``
does (網路安全 → 網絡安全 → 网络安全, 資訊 → 信息), with the entries of OpenCC's
``TWPhrasesRev`` table that keep the length of the text, and the Taiwan and Hong Kong wording of
the field those tables lack (:data:`FIELD_PHRASES`: 東協 → 东盟, 零和賽局 → 零和博弈), but not
the computing terms of that table that are ordinary words of mainland Chinese too
(:data:`MAINLAND_WORDS`: 建立 is not 创建 in 建立信任措施, nor 文件 文档 in 维也纳文件). Only
there: in simplified text quoting a traditional name, 建立, 核心 or 支援 are mainland words and
stay as written. The Taiwan phrases
of three characters or more written alike in both scripts (人工智慧, 象牙海岸) are no mainland
words, and become mainland ones in any text.
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
# A Taiwan phrase this long written alike in both scripts is no mainland word (人工智慧).
DISTINCTIVE_PHRASE = 3

# Entries of OpenCC's TWPhrasesRev (a computing glossary) whose Taiwan form is also an ordinary
# word in mainland and Hong Kong writing on diplomacy: rewriting them would break names
# (建立信任措施, 维也纳文件, 反恐执行局, 联络组) or invent cues (支援 → 支持).
MAINLAND_WORDS = frozenset(
    [
        "建立",
        "執行",
        "程序",
        "文件",
        "聯絡",
        "儲存",
        "裝置",
        "整合",
        "宣告",
        "通訊",
        "文字",
        "序列",
        "通道",
        "核心",
        "開啟",
        "複製",
        "查詢",
        "設定",
        "新增",
        "專案",
        "傳送",
        "呼叫",
        "連結",
        "模擬",
        "類比",
        "程式",
        "互動",
        "存取",
        "登錄",
        "物件",
        "元件",
        "介面",
        "支援",
        "智慧",
        "資料",
        "高階",
        "低階",
        "相容",
        "外接",
        "檢視",
        "預設",
        "擷取",
        "列舉",
        "啟用",
        "釋出",
        "載入",
        "匯入",
        "匯出",
        "連線",
        "排程",
        "調變",
        "過載",
        "批次",
        "取樣",
        "指標",
        "向量",
        "映象",
        "影象",
        "位址",
        "陣列",
        "對映",
        "解析度",
        "堆疊",
        "螢幕",
        "遮蔽",
        "回撥",
        "引數",
        "定址",
        "例項",
        "稽覈",
        "攜帶型",
        "行動式",
        "感測",
        "擴音",
        "線上",
        "離線",
        "撥出",
        "剪下",
        "貼上",
        "登入",
        "登出",
        "除錯",
        "偵錯",
        "變數",
        "型別",
        "字首",
        "字尾",
        "迴圈",
        "效能",
        "觸控",
        "社羣",
        "重灌",
        "宕機",
        "防毒",
        "訊息",
        "簡訊",
        "視窗",
        "選單",
        "集羣",
        "叢集",
        "佇列",
        "遠端",
        "遞迴",
        "直譯器",
        "覈取按鈕",
    ]
)

# Taiwan and Hong Kong wording of the field that OpenCC's tables lack, each as long as its
# mainland form (東協 = 东盟, ASEAN; 零和賽局 = 零和博弈): applied with them, in traditional text.
FIELD_PHRASES: dict[str, str] = {
    "東協": "东盟",
    "賽局": "博弈",
    "零和遊戲": "零和博弈",
    "冷戰心態": "冷战思维",
    "氣候變遷": "气候变化",
    "軍備管制": "军备控制",
    "恐怖份子": "恐怖分子",
    "原子能總署": "原子能机构",
    "毀滅性武器": "杀伤性武器",
    "東南亞國家協會": "东南亚国家联盟",
    "數位": "数字",
}

T = TypeVar("T")


@dataclass(frozen=True)
class _Tables:
    characters: dict[int, str]
    traditional: re.Pattern[str]
    simplified: re.Pattern[str]
    taiwan: ahocorasick.Automaton
    distinctive: ahocorasick.Automaton


def _dictionary(name: str) -> Iterator[tuple[str, str]]:
    """(source, first target) of each entry of one of OpenCC's dictionaries."""
    path = Path(opencc.__file__).parent / "dictionary" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        yield source, targets.split(" ")[0]


def _character_class(characters: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(characters)) + "]")


@cache
def _tables() -> _Tables:
    """The per-character traditional → simplified table, the characters only one script uses,
    and the length-preserving Taiwan → mainland phrases, from OpenCC's dictionaries."""
    characters: dict[int, str] = {}
    for source, target in _dictionary("TSCharacters.txt"):
        if len(source) == 1 and len(target) == 1 and source != target:
            characters[ord(source)] = target
    traditional = {chr(c) for c in characters}
    simplified = {
        source
        for source, target in _dictionary("STCharacters.txt")
        if len(source) == 1 and source != target and source not in traditional
    }
    taiwan, distinctive = ahocorasick.Automaton(), ahocorasick.Automaton()
    opencc_phrases = [(s, t) for s, t in _dictionary("TWPhrasesRev.txt") if s not in MAINLAND_WORDS]
    for source, target in [*opencc_phrases, *FIELD_PHRASES.items()]:
        if len(source) == len(target) and source != target:
            taiwan.add_word(source, target)
            if len(source) >= DISTINCTIVE_PHRASE and traditional.isdisjoint(source):
                distinctive.add_word(source, target.translate(characters))
    taiwan.make_automaton()
    distinctive.make_automaton()
    return _Tables(
        characters=characters,
        traditional=_character_class(traditional),
        simplified=_character_class(simplified),
        taiwan=taiwan,
        distinctive=distinctive,
    )


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_traditional(text: str) -> bool:
    """Whether ``text`` contains a character that only traditional Chinese uses."""
    return _tables().traditional.search(text) is not None


def is_traditional_script(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: more of its characters are
    traditional-only than simplified-only."""
    tables = _tables()
    return len(tables.traditional.findall(text)) > len(tables.simplified.findall(text))


def mainland_phrases(text: str, traditional_script: bool = True) -> str:
    """``text`` with its Taiwan phrases replaced by mainland ones of the same length, leftmost
    and longest first: all of them in ``traditional_script`` (the replacements in traditional
    characters, as OpenCC's ``tw2sp`` does before converting characters), else only the
    distinctive ones (the replacements in simplified characters).

    >>> mainland_phrases("加強網路安全與人工智慧的資訊交流")
    '加強網絡安全與人工智能的信息交流'
    >>> mainland_phrases("建立人工智慧核心", traditional_script=False)
    '建立人工智能核心'
    """
    tables = _tables()
    automaton = tables.taiwan if traditional_script else tables.distinctive
    hits = [
        _Phrase(last + 1 - len(target), last + 1, target) for last, target in automaton.iter(text)
    ]
    if not hits:
        return text
    pieces: list[str] = []
    done = 0
    for hit in leftmost_longest(hits):
        pieces += [text[done : hit.start], hit.target]
        done = hit.end
    return "".join([*pieces, text[done:]])


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    target: str


def normalise(text: str) -> str:
    """Fold ``text`` for matching (Taiwan phrases in traditional text → mainland ones,
    traditional → simplified, dash and dot variants).

    The result always has the same length as ``text``, character for character.

    >>> normalise("網路安全"), normalise("人工智慧治理"), normalise("核心理念")
    ('网络安全', '人工智能治理', '核心理念')
    """
    folded = text.translate(_PUNCTUATION)
    traditional = has_traditional(folded)
    folded = mainland_phrases(folded, traditional and is_traditional_script(folded))
    if not traditional:
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
