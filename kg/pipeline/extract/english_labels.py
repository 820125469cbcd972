"""English labels as an English reader finds them in text: letter case and simple plurals.

What a reader of an English statement expects of each kind of label:

* a **common phrase** written in lower case (``arms control``, ``terrorism``) names its concept
  in any case: ``Arms control`` opening a sentence, ``ARMS CONTROL`` in a heading;
* a **name of several words** (``Global Security Initiative``, ``Treaty on the
  Non-Proliferation of Nuclear Weapons``) is still that name written in lower or upper case;
* a **one-word proper name** (``China``, ``Turkey``, ``Quad``) or an **acronym** (``NPT``,
  ``WHO``, ``CAN``, ``PoA``) counts only as written, in capitals (``QUAD``, a heading's
  ``CHINA``), or, for an acronym of four letters or more, capitalised (``Quad`` for ``QUAD``,
  ``Nato``): ignoring case would find the World Health Organization in every ``who``, the Andean
  Community in every ``can`` and Türkiye in every ``turkey``;
* an acronym of two or three capitals is also written with periods (``U.N. Charter``), and a
  name opening with ``United Nations`` is also written with ``UN`` or ``U.N.``
  (``UN Security Council``);
* **simple plurals**: the last word of a label, or the head before ``of``, in the other number
  (``treaty`` → ``treaties``, ``initiative`` → ``initiatives``, ``weapon of mass destruction``
  → ``weapons of mass destruction``, ``natural disasters`` → ``natural disaster``); an acronym
  takes an ``s`` (``NWFZs``).

Matching is on whole words only (:class:`kg.pipeline.extract.matcher.Matcher`), over text folded
to lower case without changing its length (:func:`kg.pipeline.extract.matcher.fold_case`), so
offsets stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACRONYM_TOKEN = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9+\-/&.]+$")
_SIBILANT_END = re.compile(r"(?:s|x|z|ch|sh)$")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")
# Words ending in s that are not plurals of a simple -s form.
_NOT_PLURAL_END = re.compile(r"(?:ss|us|is|ics)$")
UNITED_NATIONS = "united nations "
# Acronyms this short are ordinary words when capitalised (Who, Can, Au).
CAPITALISED_ACRONYM_MIN = 4


@dataclass(frozen=True)
class LabelForms:
    """How one English label is matched: its keys (lower-cased label and plural variants) and,
    for a case-sensitive label, the only surfaces that count."""

    keys: tuple[str, ...]
    surfaces: frozenset[str] | None


def is_acronym(label: str) -> bool:
    """Every word of ``label`` has two capitals or more (``NPT``, ``SPMs``, ``AU PSC``).

    >>> is_acronym("NPT"), is_acronym("AU PSC"), is_acronym("PoA"), is_acronym("Quad")
    (True, True, True, False)
    """
    return all(_ACRONYM_TOKEN.match(word) for word in label.split())


def label_forms(label: str) -> LabelForms:
    """The keys and allowed surfaces of one English label (see the module docstring).

    >>> label_forms("arms control")
    LabelForms(keys=('arms control', 'arms controls'), surfaces=None)
    >>> sorted(label_forms("Quad").surfaces or ())
    ['QUAD', 'Quad']
    >>> sorted(label_forms("NATO").surfaces or ())
    ['NATO', 'NATOs', 'Nato']
    >>> label_forms("UN Charter").keys
    ('un charter', 'un charters', 'u.n. charter', 'u.n. charters')
    >>> label_forms("United Nations Security Council").keys[2::2]
    ('un security council', 'u.n. security council')
    """
    words = label.split()
    if is_acronym(label) or (len(words) == 1 and label[:1].isupper()):
        surfaces = {label, label.upper(), dotted(label)}
        if label.isalpha() and label.isupper():
            if len(label) >= CAPITALISED_ACRONYM_MIN:
                surfaces.add(label.capitalize())
            surfaces.add(label + "s")
        keys = dict.fromkeys([label.lower(), *sorted(s.lower() for s in surfaces)])
        return LabelForms(tuple(keys), frozenset(surfaces))
    lowered = label.lower()
    spellings = [lowered, dotted(label).lower()]
    if lowered.startswith(UNITED_NATIONS):
        rest = lowered.removeprefix(UNITED_NATIONS)
        spellings += [f"un {rest}", f"u.n. {rest}"]
    variants = [v for spelling in spellings for v in (spelling, *number_variants(spelling))]
    return LabelForms(tuple(dict.fromkeys(variants)), None)


def dotted(label: str) -> str:
    """``label`` with each acronym of two or three capitals written with periods, as American
    usage writes them (``UN`` → ``U.N.``, ``US`` → ``U.S.``).

    >>> dotted("UN Security Council"), dotted("NATO")
    ('U.N. Security Council', 'NATO')
    """
    return " ".join(
        ".".join(word) + "." if word.isalpha() and word.isupper() and len(word) <= 3 else word
        for word in label.split(" ")
    )


def number_variants(label: str) -> list[str]:
    """``label`` (lower case) with its last word, and the head word before ``of``, in the other
    grammatical number.

    >>> number_variants("weapon of mass destruction")
    ['weapon of mass destructions', 'weapons of mass destruction']
    >>> number_variants("emerging technologies")
    ['emerging technology']
    """
    words = label.split(" ")
    variants: list[str] = []
    positions = [len(words) - 1]
    if "of" in words[1:]:
        positions.append(words.index("of", 1) - 1)
    for position in positions:
        other = other_number(words[position])
        if other is not None:
            variants.append(" ".join([*words[:position], other, *words[position + 1 :]]))
    return variants


def other_number(word: str) -> str | None:
    """The plural of a singular word, the singular of a plural one (simple English rules), or
    None when a word is too short or its number cannot be told.

    >>> [other_number(w) for w in ("treaty", "initiatives", "crisis", "arms", "day", "box")]
    ['treaties', 'initiative', None, 'arm', 'days', 'boxes']
    """
    if len(word) < 3 or not word[-1].isalpha():
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        if _NOT_PLURAL_END.search(word):
            return None
        if re.search(r"(?:ch|sh|x|z|ss)es$", word):
            return word[:-2]
        return word[:-1]
    if _CONSONANT_Y.search(word):
        return word[:-1] + "ies"
    if _SIBILANT_END.search(word):
        return word + "es"
    return word + "s"
