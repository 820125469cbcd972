"""English documents: paragraphs, headings and sentences."""

from __future__ import annotations

import pytest

from kg.pipeline import english
from kg.pipeline.clean import clean_text
from kg.pipeline.segment import segment

# An English statement as a researcher saves it: hard-wrapped at 80 columns, blank lines between
# paragraphs, numbered and plain headings, a list, acronyms, plurals and a negated cue.
STATEMENT = """\
Statement on Common Security and Arms Control

I. Common Security

China upholds the purposes and principles of the Charter of the United Nations
and stands for common, comprehensive, cooperative and sustainable security. The
Global Security Initiative (GSI) offers a way to build a balanced, effective and
sustainable security architecture.

Security is indivisible. No country should build its own security at the expense
of others, and the U.N. Security Council must play its central role as Mr. Guterres
has said.

II. Arms Control and Non-Proliferation

China firmly supports the Treaty on the Non-Proliferation of Nuclear Weapons
(NPT) as the cornerstone of the international nuclear non-proliferation regime.
Arms control and disarmament treaties must be upheld by all states.

China opposes the proliferation of weapons of mass destruction and rejects
bloc confrontation. China does not support the Proliferation Security
Initiative, which runs counter to international law.

Emerging Technologies

We call on all countries to strengthen cooperation on cybersecurity and
artificial intelligence, and urge the international community to work for
the peaceful uses of outer space. The priorities are:
(a) keeping outer space free of weapons;
(b) governing AI for good and for all.
"""

PARAGRAPHS = [
    "Statement on Common Security and Arms Control",
    "I. Common Security",
    "China upholds the purposes and principles of the Charter of the United Nations and stands "
    "for common, comprehensive, cooperative and sustainable security. The Global Security "
    "Initiative (GSI) offers a way to build a balanced, effective and sustainable security "
    "architecture.",
    "Security is indivisible. No country should build its own security at the expense of others, "
    "and the U.N. Security Council must play its central role as Mr. Guterres has said.",
    "II. Arms Control and Non-Proliferation",
    "China firmly supports the Treaty on the Non-Proliferation of Nuclear Weapons (NPT) as the "
    "cornerstone of the international nuclear non-proliferation regime. Arms control and "
    "disarmament treaties must be upheld by all states.",
    "China opposes the proliferation of weapons of mass destruction and rejects bloc "
    "confrontation. China does not support the Proliferation Security Initiative, which runs "
    "counter to international law.",
    "Emerging Technologies",
    "We call on all countries to strengthen cooperation on cybersecurity and artificial "
    "intelligence, and urge the international community to work for the peaceful uses of outer "
    "space. The priorities are:",
    "(a) keeping outer space free of weapons;",
    "(b) governing AI for good and for all.",
]


def test_english_paragraphs_are_passages() -> None:
    cleaned = clean_text(STATEMENT, "en")
    result = segment(cleaned.blocks, language="en")
    assert [p.text for p in result.passages] == PARAGRAPHS
    for passage in result.passages:
        assert cleaned.text[passage.start : passage.end] == passage.text


def test_english_headings_open_sections() -> None:
    result = segment(clean_text(STATEMENT, "en").blocks, language="en")
    headings = [p.text for p in result.passages if p.is_heading]
    assert headings == [PARAGRAPHS[0], "I. Common Security", PARAGRAPHS[4], "Emerging Technologies"]
    by_text = {p.text: p for p in result.passages}
    assert by_text[PARAGRAPHS[3]].heading_path == ["I. Common Security"]
    assert by_text["(a) keeping outer space free of weapons;"].heading_path == [
        "II. Arms Control and Non-Proliferation",
        "Emerging Technologies",
    ]
    assert [(s.level, s.title) for s in result.sections] == [
        (1, "I. Common Security"),
        (1, "II. Arms Control and Non-Proliferation"),
        (3, "Emerging Technologies"),
    ]


def test_one_paragraph_a_line_and_page_breaks() -> None:
    # No blank lines between paragraphs: a line ending a sentence ends its paragraph; a page
    # break (blank lines) in the middle of a sentence is joined over.
    text = (
        "China welcomes the report.\n"
        "It supports the Secretary-General in his efforts to\n\n\n"
        "strengthen the United Nations.\n"
        "Treaties matter.\n"
    )
    blocks = [b.text for b in clean_text(text, "en").blocks]
    assert blocks == [
        "China welcomes the report.",
        "It supports the Secretary-General in his efforts to strengthen the United Nations.",
        "Treaties matter.",
    ]


def test_hyphen_at_a_line_end_joins_without_a_space() -> None:
    blocks = clean_text("China supports the work of the Treaty on the Non-\nProliferation.", "en")
    assert [b.text for b in blocks.blocks] == [
        "China supports the work of the Treaty on the Non-Proliferation."
    ]


def test_english_spacing_is_kept() -> None:
    # The Chinese rules would remove the spaces around “ ” and — and widen the comma.
    line = "China said “no,” and — as always — meant it."
    assert english.normalise_line(line) == line
    assert clean_text(line, "en").text == line
    assert clean_text(line).text != line


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("I. Common Security", True),
        ("IV. The Way Forward", True),
        ("2.1 Nuclear Disarmament", True),
        ("A. Principles", True),
        ("Emerging Technologies", True),
        ("Arms Control and Non-Proliferation", True),
        ("OUTER SPACE", True),
        ("Statement by H.E. Ambassador Zhang Jun", True),
        ("China supports the NPT.", False),
        ("1. China supports the NPT.", False),
        ("of the international nuclear regime and", False),
        ("Security is indivisible", False),
        ("Dear Colleagues,", False),
        ("(a) keeping outer space free of weapons;", False),
        ("", False),
    ],
)
def test_heading_recogniser(line: str, heading: bool) -> None:
    assert english.is_heading(line) is heading


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        ("1. First", "1."),
        ("12) Twelfth", "12)"),
        ("III. Third", "III."),
        ("(a) item", "(a)"),
        ("b) item", "b)"),
        ("(iv) item", "(iv)"),
        ("• bullet", "•"),
        ("- dash", "-"),
        ("In 2023, China", None),
        ("2023 was a year", None),
        ("Initiatives", None),
    ],
)
def test_enumerators(line: str, mark: str | None) -> None:
    assert english.enumerator(line) == mark


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "China supports the NPT. It opposes bloc confrontation!",
            ["China supports the NPT. ", "It opposes bloc confrontation!"],
        ),
        (
            "The U.N. Security Council met. Mr. Zhang spoke, e.g. On arms control.",
            ["The U.N. Security Council met. ", "Mr. Zhang spoke, e.g. On arms control."],
        ),
        (
            "See resolution No. 2518 and Art. 51 of the Charter. It is clear.",
            ["See resolution No. 2518 and Art. 51 of the Charter. ", "It is clear."],
        ),
        (
            'He said: "We agree." Then he left? Yes.',
            ['He said: "We agree." ', "Then he left? ", "Yes."],
        ),
        (
            "Talks resumed in 2023. 12 states joined.",
            ["Talks resumed in 2023. ", "12 states joined."],
        ),
        ("the treaty etc. and more", ["the treaty etc. and more"]),
        ("No full stop at the end", ["No full stop at the end"]),
    ],
)
def test_english_sentence_splitter(text: str, sentences: list[str]) -> None:
    spans = english.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == sentences
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
