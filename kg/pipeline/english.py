"""English text: line normalisation, paragraph joining, headings, enumerators and sentences.

The Chinese rules of :mod:`kg.pipeline.clean` key on CJK punctuation, which English text has
none of; these are their English counterparts, chosen by the document's language:

* a line ending a sentence (``. ! ? :`` possibly followed by closing quotes or brackets) ends
  its paragraph, unless it ends in an abbreviation that cannot end a sentence (``Mr.``, ``No.``);
* a line that ends mid-sentence is a hard wrap of the same paragraph when the next line starts in
  lower case, or the line ends on a comma, a hyphen or a word that cannot end a clause (``the``,
  ``of``), or the line is long (a wrapped line fills the width the text is wrapped at);
* an enumerated line (``1.``, ``IV.``, ``(a)``, ``a)``, a bullet) always starts a paragraph;
* a heading is a short line without final punctuation, numbered or in Title Case.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width ASCII digits and letters (Ａ, １) to half-width, as in the Chinese rules.
_HALFWIDTH = {
    code: code - 0xFEE0
    for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(first, last + 1)
}
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TERMINAL = ".!?:"
CLOSERS = "\"'”’)]»"
# Abbreviations after which a period ends no sentence (compared lower-cased, without the period).
ABBREVIATIONS = _words(
    "mr mrs ms dr prof st no nos art arts para paras vol vols p pp fig e.g i.e cf vs viz "
    "jr sr gen gov sen rep amb h.e u.n u.s u.k e.u jan feb mar apr jun jul aug sep sept "
    "oct nov dec inc ltd co corp dept approx est ref"
)
# Words that cannot end a clause: a line ending in one continues on the next line.
DANGLING = _words(
    "a an the and or nor but of to in on at by for with from into onto upon as than that "
    "which who whose whom its their our his her this these those such between among "
    "against towards toward through under over about is are was were be been has have "
    "had will would shall should can could may might must not no both either neither"
)
# Words that Title Case leaves in lower case.
SMALL_WORDS = _words(
    "a an the and or nor but of to in on at by for with from into as via vs per its"
)
HEADING_MAX = 90
# A text with this many blank lines between lines of text separates its paragraphs with them.
BLANK_SEPARATED = 2
# A line at least this long that ends mid-sentence is taken for a hard wrap.
WRAPPED_LINE = 50

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ENUMERATED = re.compile(
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*[.)]\s|\d{{1,2}}(?:\.\d{{1,2}})+\s|(?=[IVX]){_ROMAN}\.\s|\(?[a-z]\)\s|\([ivx]{{1,5}}\)\s"
    r"|\(\d{1,2}\)\s|[A-Z]\.\s|[•·●▪◆\-–—*]\s)"
)
_ROMAN_ENUMERATOR = re.compile(rf"^(?=[IVX]){_ROMAN}\.\s")
_NUMBER_ENUMERATOR = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|[A-Z]\.)\s")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# A dateline (``New York, 22 August 2022``) is no heading.
_DATELINE = re.compile(rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}},?)\s+\d{{4}}$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\w.]*")
_LAST_TOKEN = re.compile(r"(\S+)$")


def normalise_line(line: str) -> str:
    """Unicode NFC, half-width ASCII, one space for each run of spaces, stripped.

    Unlike the Chinese rule, spaces next to curly quotes and dashes are kept and ASCII
    punctuation is never widened.

    >>> normalise_line("  China\\u3000 supports　the ＮＰＴ. ")
    'China supports the NPT.'
    """
    line = unicodedata.normalize("NFC", line).translate(_HALFWIDTH)
    return _SPACES.sub(" ", line).strip()


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends a sentence: ``. ! ? :`` (possibly followed by closing quotes or
    brackets), not an abbreviation like ``Mr.`` or ``No.``.

    >>> ends_sentence('It said: "We agree."'), ends_sentence("signed by Mr."), ends_sentence("and")
    (True, False, False)
    """
    stripped = text.rstrip(CLOSERS)
    if not stripped:
        return bool(text)
    if stripped[-1] not in TERMINAL:
        return False
    return not (stripped[-1] == "." and is_abbreviation(stripped))


def is_abbreviation(text: str) -> bool:
    """Whether ``text`` ends in an abbreviation whose period ends no sentence (``U.N.``,
    ``e.g.``) or in an initial (``John F.``)."""
    match = _LAST_TOKEN.search(text)
    if not match:
        return False
    token = match[1].lstrip("(\"'“‘[").rstrip(".").lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def enumerator(text: str) -> str | None:
    """The enumerator a line starts with (``1.``, ``IV.``, ``(a)``, ``a)``, a bullet), or None.

    >>> enumerator("(a) Upholding the UN Charter;"), enumerator("IV. Priorities"), enumerator("In")
    ('(a)', 'IV.', None)
    """
    match = _ENUMERATED.match(text)
    return match[0].strip() if match else None


def is_heading(text: str) -> bool:
    """A heading: short, without final punctuation, numbered or written in Title Case.

    >>> is_heading("I. Common Security"), is_heading("The Way Forward")
    (True, True)
    >>> is_heading("1. China supports the NPT."), is_heading("the treaty and the")
    (False, False)
    >>> is_heading("Remarks at the Open Debate on"), is_heading("New York, 22 August 2022")
    (False, False)
    """
    if not text or len(text) > HEADING_MAX or text.rstrip(CLOSERS)[-1:] in ".!?,;:":
        return False
    if _DATELINE.search(text):
        return False
    mark = enumerator(text)
    body = text[len(mark) :].strip() if mark else text
    if not body:
        return False
    words = _WORD.findall(body)
    if not words or len(words) > 14 or words[-1] in DANGLING:
        return False
    if mark is not None and mark[0] not in "•·●▪◆-–—*":
        return words[0][0].isupper() or words[0][0].isdigit()
    return all(
        word[0].isupper() or word[0].isdigit() or (i > 0 and word.lower() in SMALL_WORDS)
        for i, word in enumerate(words)
    )


def heading_level(text: str) -> int | None:
    """1 for a heading numbered with a Roman numeral, 2 for one numbered ``1.``/``1.2``, 0 for
    an unnumbered one; None if ``text`` is no heading."""
    if not is_heading(text):
        return None
    if _ROMAN_ENUMERATOR.match(text):
        return 1
    if _NUMBER_ENUMERATOR.match(text):
        return 2
    return None if enumerator(text) else 0


def should_join(
    current: str, following: str, blank_separated: bool = False, gap: bool = False
) -> bool:
    """Decide whether the break between two lines of English text is a hard wrap.

    ``blank_separated``: the text separates its paragraphs with blank lines; ``gap``: blank
    lines come between these two. In such a text, lines with no blank line between them are one
    paragraph unless a heading or an enumerated item starts, and lines with one are two unless
    the first stops mid-sentence for sure (a page break).

    >>> should_join("China supports the Treaty on the", "Non-Proliferation of Nuclear Weapons.")
    True
    >>> should_join("It upholds the Charter.", "Security is indivisible.")
    False
    >>> should_join("Common Security", "Security is indivisible.")
    False
    >>> should_join("Mr. President,", "China welcomes the report.")
    False
    """
    if enumerator(following):
        return False
    if _mid_sentence(current, following):
        return True
    if blank_separated and not gap:
        return not is_heading(current) and not is_heading(following)
    if ends_sentence(current) or blank_separated or is_heading(current):
        return False
    if is_heading(following) and len(current) < WRAPPED_LINE:
        return False
    return len(current) >= WRAPPED_LINE


def _mid_sentence(current: str, following: str) -> bool:
    """Whether ``current`` surely stops mid-sentence: the next line goes on in lower case, or
    it ends on a comma (not a short salutation like ``Mr. President,``), a hyphen or a word that
    cannot end a clause."""
    if ends_sentence(current):
        return False
    if following[:1].islower():
        return not is_heading(following)
    if current.endswith(","):
        return len(current) >= WRAPPED_LINE
    last = current.rsplit(" ", 1)[-1].lower()
    return current.endswith((";", "-", "–", "—")) or last in DANGLING


def separates_with_blank_lines(lines: list[str]) -> bool:
    """Whether normalised ``lines`` separate paragraphs with blank lines (rather than one
    paragraph a line, or page breaks only)."""
    gaps = sum(
        1 for i in range(1, len(lines) - 1) if not lines[i] and lines[i - 1] and lines[i + 1]
    )
    return gaps >= BLANK_SEPARATED


def join(left: str, right: str) -> str:
    """Two lines of one paragraph joined: with a space, or none after a hyphen ending a word
    (``non-`` + ``proliferation``)."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        return left + right
    return f"{left} {right}"


_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of English ``text``: a sentence ends at ``. ! ?`` (and
    closing quotes or brackets) followed by a space and a capital letter or digit, not after an
    abbreviation (``U.N.``, ``Mr.``, ``No.``, ``e.g.``) or an initial. The spaces between
    sentences belong to the sentence before.

    >>> text = "The U.N. Charter matters. Mr. Wang spoke! Did he? Yes."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['The U.N. Charter matters. ', 'Mr. Wang spoke! ', 'Did he? ', 'Yes.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match[0][0] == "." and is_abbreviation(text[start : match.start() + 1]):
            continue
        end = match.end()
        while end < len(text) and text[end].isspace():
            end += 1
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans
