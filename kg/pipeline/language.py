"""Telling a document's language from its text, when the manifest does not state it."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A few thousand characters tell the script; the rest of a long document changes nothing.
_SAMPLE = 20_000


def detect_language(text: str) -> str:
    """``"zh"`` when Han characters carry the text, ``"en"`` when Latin words do.

    A Chinese text quoting English names still has far more Han characters than letters of
    Latin words; an English text quoting a Chinese name has a handful.

    >>> detect_language("坚持共同、综合、合作、可持续的安全观。")
    'zh'
    >>> detect_language("China supports the Treaty on the Non-Proliferation of Nuclear Weapons.")
    'en'
    """
    sample = text[:_SAMPLE]
    han = len(_HAN.findall(sample))
    latin = sum(len(word) for word in _LATIN_WORD.findall(sample))
    return "en" if latin > 3 * han else "zh"


def is_english(language: str) -> bool:
    """Whether a language tag (``en``, ``en-GB``) names English.

    >>> is_english("en-GB"), is_english("zh-Hant")
    (True, False)
    """
    return language.split("-")[0].lower() == "en"
