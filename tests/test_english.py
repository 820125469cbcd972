"""English documents (paragraphs, headings, sentences, mentions, stances, titles) and Taiwan
wording, through the real build into a real store."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.namespaces import STANDARD_PREFIXES, Namespace
from kg.pipeline import english
from kg.pipeline.clean import clean_text
from kg.pipeline.corpus import DocumentMeta, read_document
from kg.pipeline.extract import Analyser, DocumentAnalysis
from kg.pipeline.extract.vocabulary import Vocabulary
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import TITLE_MAX, inferred_title, segment
from kg.read.canned import canned_table, load_queries
from kg.releases import resolve_release
from kg.settings import PROJECT_ROOT
from kg.store import QuerySolutions, open_read_only, query_store
from tests.conftest import ONTOLOGY, build_corpus
from tests.ld_fixture import open_reader
from tests.test_extract_properties import check_contract, extract
from tests.test_formats import print_pdf

# An English statement as a researcher saves it: hard-wrapped at 80 columns, blank lines between
# paragraphs, numbered and plain headings, a list, acronyms, plurals and negated cues.
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

China opposes hegemonism and rejects bloc confrontation. China does not support
the Proliferation Security Initiative and will never accept the QUAD. It welcomes
every nuclear-weapon-free zone and the work of BRICS.

Emerging Technologies

We call on all countries to strengthen cooperation on cybersecurity and
artificial intelligence, and urge the international community to work for
the peaceful uses of outer space. The priorities are:
(a) keeping outer space free of weapons;
(b) governing AI for good and for all.

Those who can help should back the WHO. Each peacekeeping operation and every
natural disaster response needs the help of all Member States.
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
    "China opposes hegemonism and rejects bloc confrontation. China does not support the "
    "Proliferation Security Initiative and will never accept the QUAD. It welcomes every "
    "nuclear-weapon-free zone and the work of BRICS.",
    "Emerging Technologies",
    "We call on all countries to strengthen cooperation on cybersecurity and artificial "
    "intelligence, and urge the international community to work for the peaceful uses of outer "
    "space. The priorities are:",
    "(a) keeping outer space free of weapons;",
    "(b) governing AI for good and for all.",
    "Those who can help should back the WHO. Each peacekeeping operation and every natural "
    "disaster response needs the help of all Member States.",
]


def test_english_paragraphs_are_passages() -> None:
    cleaned = clean_text(STATEMENT, language="en")
    result = segment(cleaned.blocks, language="en")
    assert [p.text for p in result.passages] == PARAGRAPHS
    for passage in result.passages:
        assert cleaned.text[passage.start : passage.end] == passage.text


def test_english_headings_open_sections() -> None:
    result = segment(clean_text(STATEMENT, language="en").blocks, language="en")
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


def test_lettered_headings_and_lettered_items() -> None:
    text = (
        "Statement\n"
        "1. Disarmament\n"
        "(a) Nuclear Weapons\n"
        "China supports the NPT.\n"
        "(b) Conventional Arms\n"
        "(c) Small Arms\n"
        "China supports the Arms Trade Treaty.\n"
    )
    result = segment(clean_text(text, language="en").blocks, language="en")
    assert [(s.level, s.title) for s in result.sections] == [
        (1, "1. Disarmament"),
        (3, "(a) Nuclear Weapons"),
        (3, "(c) Small Arms"),
    ]
    # "(b) Conventional Arms" heads no paragraph: an item under (a)
    assert result.passages[4].text == "(b) Conventional Arms"
    assert result.passages[4].heading_path == ["1. Disarmament", "(a) Nuclear Weapons"]


def test_one_paragraph_a_line_and_page_breaks() -> None:
    # No blank lines between paragraphs: a line ending a sentence ends its paragraph; a page
    # break (blank lines) in the middle of a sentence is joined over.
    text = (
        "China welcomes the report.\n"
        "It supports the Secretary-General in his efforts to\n\n\n"
        "strengthen the United Nations.\n"
        "Treaties matter.\n"
    )
    blocks = [b.text for b in clean_text(text, language="en").blocks]
    assert blocks == [
        "China welcomes the report.",
        "It supports the Secretary-General in his efforts to strengthen the United Nations.",
        "Treaties matter.",
    ]


def test_hyphen_at_a_line_end_joins_without_a_space() -> None:
    blocks = clean_text(
        "China supports the work of the Treaty on the Non-\nProliferation.", language="en"
    )
    assert [b.text for b in blocks.blocks] == [
        "China supports the work of the Treaty on the Non-Proliferation."
    ]


def test_english_spacing_is_kept() -> None:
    # The Chinese rules would remove the spaces around “ ” and — and widen the comma.
    line = "China said “no,” and — as always — meant it."
    assert english.normalise_line(line) == line
    assert clean_text(line, language="en").text == line
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


# A statement whose first block is a whole paragraph: it has no title line.
UNTITLED = (
    "China calls on all parties to uphold multilateralism and to oppose unilateralism in every "
    "form, because the security of each country is closely bound up with the security of every "
    "other country and no country can stay safe while others are left insecure, as the Global "
    "Security Initiative has made clear.\n"
    "It welcomes the Global Development Initiative.\n"
)
# Taiwan wording in traditional characters.
TAIWAN = "關於網路安全的說明\n\n中方支持加強網路安全、資訊安全與人工智慧領域的國際合作。\n"
MANIFEST = """\
[statement]
language = "en"
date = 2024-05-01
creator = "Ministry of Foreign Affairs of the People's Republic of China"

[untitled]
title_zh = "无题声明"

[taiwan]
title_zh = "关于网络安全的说明"
"""


@pytest.fixture(scope="module")
def english_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English statement (language stated), the untitled one (language detected) and the
    Taiwan-wording text built into a fresh store."""
    root = tmp_path_factory.mktemp("english")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    (corpus / "untitled.txt").write_text(UNTITLED, encoding="utf-8")
    (corpus / "taiwan.txt").write_text(TAIWAN, encoding="utf-8")
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    build_corpus(corpus, root / "build")
    return root / "build"


def select(out: Path, sparql: str) -> list[dict[str, str]]:
    store = open_read_only(resolve_release(out).store_path)
    prefixes = {**STANDARD_PREFIXES, "gsi": "https://w3id.org/gsi-kg/ontology#"}
    result = query_store(store, sparql, prefixes=prefixes)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def titles(out: Path, doc_id: str) -> set[tuple[str, str]]:
    rows = select(
        out,
        f"""SELECT ?title (LANG(?title) AS ?lang) WHERE {{
              ?d a gsi:Document ; dcterms:identifier "{doc_id}" ; dcterms:title ?title }}""",
    )
    return {(r["title"], r["lang"]) for r in rows}


def passages(out: Path, doc_id: str) -> list[str]:
    rows = select(
        out,
        f"""SELECT ?text WHERE {{
              ?p a gsi:Passage ; gsi:text ?text ; gsi:position ?n ;
                 dcterms:isPartOf/dcterms:identifier "{doc_id}" }} ORDER BY ?n""",
    )
    return [r["text"] for r in rows]


def mentions_of(out: Path, doc_id: str) -> list[tuple[int, str, int, int, str]]:
    """(passage position, passage text, start, end, exact) and the concept slug of each
    mention of a document."""
    rows = select(
        out,
        f"""SELECT ?n ?text ?start ?end ?exact ?body WHERE {{
              ?a a oa:Annotation ; oa:hasBody ?body ; oa:hasTarget ?t .
              ?t oa:hasSource ?p ; oa:hasSelector ?pos , ?quote .
              ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact .
              ?p gsi:text ?text ; gsi:position ?n ;
                 dcterms:isPartOf/dcterms:identifier "{doc_id}" }}""",
    )
    return sorted(
        (int(r["n"]), r["text"], int(r["start"]), int(r["end"]), r["exact"], slug(r["body"]))
        for r in rows
    )


def stances_of(out: Path, doc_id: str) -> set[tuple[str, str, str, bool]]:
    rows = select(
        out,
        f"""SELECT ?polarity ?target ?cue ?negated WHERE {{
              ?s a gsi:Stance ; gsi:polarity ?polarity ; gsi:target ?target ; gsi:cue ?cue ;
                 gsi:evidence/dcterms:isPartOf/dcterms:identifier "{doc_id}" .
              OPTIONAL {{ ?s gsi:negated ?negated }} }}""",
    )
    return {
        (slug(r["polarity"]), slug(r["target"]), r["cue"], r.get("negated") == "true") for r in rows
    }


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_built_english_passages_are_its_paragraphs(english_build: Path) -> None:
    assert passages(english_build, "statement") == PARAGRAPHS


def test_built_english_mentions_have_exact_offsets(english_build: Path) -> None:
    found = mentions_of(english_build, "statement")
    for _, text, start, end, exact, _ in found:
        assert text[start:end] == exact
    surfaces = {(n, exact, concept) for n, _, _, _, exact, concept in found}
    assert surfaces >= {
        (1, "Arms Control", "arms-control"),  # a lower-case label in a Title Case heading
        (3, "Global Security Initiative", "global-security-initiative"),
        (3, "GSI", "global-security-initiative"),
        (4, "U.N. Security Council", "un-security-council"),  # for "United Nations Security …"
        (6, "Treaty on the Non-Proliferation of Nuclear Weapons", "npt"),
        (6, "NPT", "npt"),
        (6, "Arms control", "arms-control"),  # opening a sentence
        (7, "QUAD", "quad"),  # the label is "Quad"
        (7, "nuclear-weapon-free zone", "nuclear-weapon-free-zones"),  # singular of the label
        (7, "BRICS", "brics"),
        (9, "cybersecurity", "cybersecurity"),
        (9, "artificial intelligence", "artificial-intelligence"),
        (11, "AI for good", "people-centred-ai"),
        (12, "WHO", "who"),
        (12, "peacekeeping operation", "un-peacekeeping"),
        (12, "natural disaster", "natural-disasters"),
    }
    # the exact offsets of one of them, counted by hand
    assert (6, PARAGRAPHS[5], 78, 81, "NPT", "npt") in found
    # "who" and "can" are words, not the WHO and the Andean Community (CAN); "Security" alone
    # and the "Initiative" of a name are no mentions of their own
    last = [(exact, concept) for n, _, _, _, exact, concept in found if n == 12]
    assert last == [
        ("WHO", "who"),
        ("peacekeeping operation", "un-peacekeeping"),
        ("natural disaster", "natural-disasters"),
    ]


def test_built_english_stances(english_build: Path) -> None:
    found = stances_of(english_build, "statement")
    assert found >= {
        ("Support", "purposes-and-principles-of-the-un-charter", "upholds", False),
        ("Support", "npt", "supports", False),
        ("Opposition", "hegemonism", "opposes", False),
        ("Opposition", "bloc-confrontation", "rejects", False),
        # "does not support", "will never accept": negated support is opposition
        ("Opposition", "proliferation-security-initiative", "support", True),
        ("Opposition", "quad", "accept", True),
        ("Support", "nuclear-weapon-free-zones", "welcomes", False),
        ("Support", "brics", "welcomes", False),
        # a support verb inside a call is part of the call
        ("CallToAction", "cybersecurity", "strengthen", False),
        ("CallToAction", "artificial-intelligence", "strengthen", False),
        ("CallToAction", "peaceful-uses-outer-space", "urge", False),
        # passive: "Arms control ... must be upheld"
        ("CallToAction", "arms-control", "upheld", False),
    }
    assert not any(
        target == "proliferation-security-initiative" and p == "Support"
        for p, target, _, _ in found
    )
    holders = select(english_build, "SELECT DISTINCT ?h WHERE { ?s a gsi:Stance ; gsi:holder ?h }")
    assert {slug(r["h"]) for r in holders} == {"china"}


def test_built_english_titles(english_build: Path) -> None:
    # no title in the manifest: the first heading, in English, and no invented Chinese title
    assert titles(english_build, "statement") == {
        ("Statement on Common Security and Arms Control", "en")
    }
    # the language detected; a first block that is a paragraph gives its first sentence, cut
    untitled = titles(english_build, "untitled")
    assert ("无题声明", "zh") in untitled
    (english_title,) = [t for t, lang in untitled if lang == "en"]
    assert english_title.endswith("…") and len(english_title) <= TITLE_MAX
    assert english_title.startswith("China calls on all parties to uphold multilateralism")
    assert stances_of(english_build, "untitled") >= {
        ("CallToAction", "multilateralism", "uphold", False),
        ("Support", "global-development-initiative", "welcomes", False),
    }
    languages = select(
        english_build,
        """SELECT ?id ?lang WHERE { ?d a gsi:Document ; dcterms:identifier ?id ;
             dcterms:language ?lang }""",
    )
    assert {(r["id"], r["lang"]) for r in languages} == {
        ("statement", "en"),
        ("untitled", "en"),
        ("taiwan", "zh"),
    }


@pytest.mark.parametrize(
    "name", ["documents-overview", "treaties-by-document", "principles-by-document"]
)
def test_canned_queries_list_english_documents_by_their_english_title(
    english_build: Path, name: str
) -> None:
    query = load_queries(PROJECT_ROOT / "queries")[name]
    table = canned_table(open_reader(english_build), query, query.bind({}, Namespace()), 1_000)
    titles = {
        row[table.columns.index("title")].text: row[table.columns.index("doc")].text
        for row in table.rows
    }
    assert titles.get("Statement on Common Security and Arms Control", "").endswith(
        "/doc/statement"
    )
    if name == "documents-overview":
        assert titles.get("无题声明", "").endswith("/doc/untitled")


def test_built_taiwan_wording_is_matched_at_its_own_offsets(english_build: Path) -> None:
    found = mentions_of(english_build, "taiwan")
    for _, text, start, end, exact, _ in found:
        assert text[start:end] == exact
    assert {(exact, concept) for _, _, _, _, exact, concept in found} >= {
        ("網路安全", "cybersecurity"),
        ("資訊安全", "information-security"),
        ("人工智慧", "artificial-intelligence"),
    }
    # the cue is recorded folded, as for any traditional text
    assert stances_of(english_build, "taiwan") >= {
        ("Support", "cybersecurity", "加强", False),
        ("Support", "information-security", "加强", False),
        ("Support", "artificial-intelligence", "加强", False),
    }


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("網路安全", "网络安全"),
        ("資訊安全", "信息安全"),
        ("人工智慧", "人工智能"),
        ("全球安全倡議", "全球安全倡议"),
        # simplified text keeps its mainland words (建立, 核心 are Taiwan 創建, 內核 in tw2sp)
        ("建立核心机制，发展人工智慧", "建立核心机制，发展人工智能"),
    ],
)
def test_taiwan_wording_folds_to_mainland_wording(text: str, folded: str) -> None:
    from kg.pipeline.extract.matcher import normalise

    assert normalise(text) == folded
    assert len(normalise(text)) == len(text)


@pytest.mark.parametrize(
    ("block", "title"),
    [
        ("Statement on Common Security", "Statement on Common Security"),
        ("China supports the NPT. It opposes bloc confrontation.", "China supports the NPT"),
        ("全球安全倡议概念文件", "全球安全倡议概念文件"),
        ("中方支持多边主义。中方反对单边主义。", "中方支持多边主义"),
    ],
)
def test_inferred_titles(block: str, title: str) -> None:
    language = "zh" if "中" in block or "全" in block else "en"
    assert inferred_title(block, language) == title


def test_inferred_titles_are_cut_at_a_word_end() -> None:
    long_sentence = "China supports " + "the work of the United Nations and " * 10 + "peace."
    title = inferred_title(long_sentence, "en")
    assert len(title) <= TITLE_MAX and title.endswith("…")
    assert title[:-1] == long_sentence[: len(title) - 1]
    assert long_sentence[len(title) - 1] == " "
    assert inferred_title("安" * 500, "zh") == "安" * (TITLE_MAX - 1) + "…"


# A statement as delivered: a title wrapped over two lines, a dateline, a salutation.
REMARKS = """\
Remarks by Ambassador Zhang Jun at the Security Council Open Debate on
Maintaining International Peace and Security

New York, 22 August 2022

Mr. President,

I thank Secretary-General Guterres for his briefing. China welcomes the initiative
of the presidency to convene this debate.

Thank you, Mr. President.
"""


def test_title_lines_dateline_and_salutation() -> None:
    result = segment(clean_text(REMARKS, language="en").blocks, language="en")
    assert [p.text for p in result.passages] == [
        "Remarks by Ambassador Zhang Jun at the Security Council Open Debate on Maintaining "
        "International Peace and Security",
        "New York, 22 August 2022",
        "Mr. President,",
        "I thank Secretary-General Guterres for his briefing. China welcomes the initiative of "
        "the presidency to convene this debate.",
        "Thank you, Mr. President.",
    ]
    assert result.title == result.passages[0].text
    assert result.sections == []


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    ns = Namespace()
    return Analyser(ns, Vocabulary.from_triples(ns, load_ontology(ONTOLOGY, ns).vocabulary))


def analyse_english(analyser: Analyser, text: str) -> DocumentAnalysis:
    blocks = clean_text("Statement\n\n" + text, language="en").blocks
    return analyser.analyse_passages(segment(blocks, language="en"), None)


def english_stances(analyser: Analyser, text: str) -> set[tuple[str, str, bool]]:
    return {
        (st.polarity, slug(t), st.negated)
        for st in analyse_english(analyser, text).stances
        for t in st.targets
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list governed as a whole; the clause ends before "which"
        (
            "China opposes hegemonism, unilateralism and protectionism, which harm all.",
            {
                ("Opposition", "hegemonism", False),
                ("Opposition", "unilateralism", False),
                ("Opposition", "protectionism", False),
            },
        ),
        ("China no longer supports unilateralism.", {("Opposition", "unilateralism", True)}),
        ("China never accepts hegemonism.", {("Opposition", "hegemonism", True)}),
        ("China practises multilateralism.", {("Support", "multilateralism", False)}),
        # nouns are no cues (a practice, "with respect to")
        ("A best practice of multilateralism, with respect to hegemonism.", set()),
        ("China does not oppose multilateralism.", {("Support", "multilateralism", True)}),
        ("States should not pursue hegemonism.", {("Opposition", "hegemonism", True)}),
        # a negated subject negates its modal as "should not" does
        ("No country should pursue hegemonism.", {("Opposition", "hegemonism", True)}),
        ("Now all countries should reject hegemonism.", {("Opposition", "hegemonism", False)}),
        # "not only" is no negation
        ("China not only supports multilateralism.", {("Support", "multilateralism", False)}),
        ("Hegemonism must be rejected.", {("Opposition", "hegemonism", False)}),
        (
            "China urges all states to uphold multilateralism.",
            {("CallToAction", "multilateralism", False)},
        ),
        # a contrast opposes only the concept right after it
        (
            "China stands for multilateralism rather than unilateralism.",
            {("Support", "multilateralism", False), ("Opposition", "unilateralism", False)},
        ),
        # concessions and questions state nothing
        ("Third, although some advocate hegemonism, China is silent.", set()),
        ("Does China support multilateralism?", set()),
        # fighting a threat is no opposition to a security domain
        (
            "China opposes double standards on counter-terrorism.",
            {("Opposition", "double-standards", False)},
        ),
        ("China does not support arms control.", {("Opposition", "arms-control", True)}),
        # an exhortation is a call, also over a support verb
        (
            "Let us act together under international law and uphold multilateralism.",
            {
                ("CallToAction", "international-law", False),
                ("CallToAction", "multilateralism", False),
            },
        ),
    ],
)
def test_english_stance_cues(analyser: Analyser, text: str, expected: set[object]) -> None:
    assert english_stances(analyser, text) == expected


def test_english_label_case_rules(analyser: Analyser) -> None:
    text = (
        "Those who can help should join NATO, which some call Nato. The Quad and the QUAD are "
        "one; a turkey is no state, but Turkey is. ARMS CONTROL and Biosecurity matter."
    )
    found = [
        (m.exact, slug(m.iri))
        for pm in analyse_english(analyser, text).passages
        for m in pm.mentions
    ]
    assert found == [
        ("NATO", "nato"),
        ("Nato", "nato"),
        ("Quad", "quad"),
        ("QUAD", "quad"),
        ("Turkey", "turkiye"),
        ("ARMS CONTROL", "arms-control"),
        ("Biosecurity", "biosecurity"),
    ]


def test_english_abbreviations_a_document_defines(analyser: Analyser) -> None:
    text = (
        "China proposed the Global Security Initiative (hereinafter “the Initiative”) and "
        "supports the Conference on Disarmament (CDX). The Initiative and the CDX serve peace; "
        "other initiatives and a CDXY do not."
    )
    found = [
        (m.exact, slug(m.iri), m.kind)
        for pm in analyse_english(analyser, text).passages
        for m in pm.mentions
        if m.kind == "alias"
    ]
    # in the definitions themselves, then as words of their own (not in initiatives, CDXY)
    assert found == [
        ("Initiative", "global-security-initiative", "alias"),
        ("CDX", "conference-on-disarmament", "alias"),
        ("Initiative", "global-security-initiative", "alias"),
        ("CDX", "conference-on-disarmament", "alias"),
    ]


def test_english_domains_named_by_ellipsis(analyser: Analyser) -> None:
    text = (
        "China will address traditional and non-traditional security threats, and promote "
        "military, political and economic security, and fair and water security."
    )
    found = [
        (m.exact, slug(m.iri))
        for pm in analyse_english(analyser, text).passages
        for m in pm.mentions
        if m.is_concept
    ]
    assert found == [
        ("traditional", "traditional-security"),
        ("non-traditional security", "non-traditional-security"),
        ("military", "military-security"),
        ("political", "political-security"),
        ("economic security", "economic-security"),
        ("water security", "water-security"),  # "fair security" is no domain
    ]


# Fragments of English statements: names in every case and number, cues, negations, modals,
# abbreviations, contrasts, concessions, sentence and clause marks, line breaks and blank lines.
ENGLISH_FRAGMENTS = [
    "China",
    "supports",
    "does not support",
    "never accepts",
    "opposes",
    "rejects",
    "calls on all states to",
    "should not",
    "must be upheld",
    "rather than",
    "Although",
    "the NPT",
    "NATO",
    "Nato",
    "who",
    "WHO",
    "U.N.",
    "UN Security Council",
    "Treaty on the Non-Proliferation of Nuclear Weapons",
    "treaties",
    "arms control",
    "Arms Control",
    "traditional and non-traditional security",
    "natural disaster",
    "peacekeeping operations",
    "(hereinafter “the Initiative”)",
    "Initiative",
    "(TPNW)",
    "Mr.",
    "e.g.",
    "No. 5",
    "I.",
    "(a)",
    "1.",
    "-",
    ", ",
    ", which ",
    "; ",
    ": ",
    ". ",
    "? ",
    "! ",
    "“",
    "”",
    "(",
    ")",
    " ",
    "\n",
    "\n\n",
    "网络安全",
]
ENGLISH_TEXT = st.lists(
    st.one_of(
        st.sampled_from(ENGLISH_FRAGMENTS),
        st.text(alphabet=st.characters(codec="utf-8", categories=("L", "P", "Zs")), max_size=5),
    ),
    min_size=1,
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENGLISH_TEXT)
def test_english_extraction_keeps_the_contract(text: str) -> None:
    clean = clean_text(text, language="en")
    if not clean.blocks:
        return
    seg = segment(clean.blocks, language="en")
    for passage in seg.passages:
        assert clean.text[passage.start : passage.end] == passage.text
        assert len(inferred_title(passage.text, "en")) <= TITLE_MAX
    check_contract(*extract(text, language="en"))


def test_an_english_pdf_gives_the_paragraphs(tmp_path: Path) -> None:
    # Printed by Chromium: ragged-right lines that stop short of the margin before a long word
    # ("United | Nations", "Mr. | Guterres") are wrapped lines, not paragraph ends.
    headings = {PARAGRAPHS[1], PARAGRAPHS[4], PARAGRAPHS[7]}
    body = "".join(
        f"<h2>{html.escape(p)}</h2>" if p in headings else f"<p>{html.escape(p)}</p>"
        for p in PARAGRAPHS[1:]
    )
    page = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{PARAGRAPHS[0]}</title></head><body><h1>{PARAGRAPHS[0]}</h1>{body}</body></html>"
    )
    path = tmp_path / "statement.pdf"
    print_pdf(page, path, header=False)
    source = read_document(DocumentMeta(doc_id="statement", file=path))
    assert source.language == "en"
    seg = segment(source.clean().blocks, language=source.language)
    assert [p.text for p in seg.passages] == PARAGRAPHS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China supports the Treaty on the Non-Proliferation of Nuclear Weapons (NPT) as the "
            "cornerstone of the international nuclear non-proliferation regime.",
            {("npt", "cornerstoneOf", "npt-regime")},
        ),
        (
            "China will promote maritime security cooperation within the framework of ASEAN.",
            {("maritime-security", "withinFramework", "asean")},
        ),
        (
            "China supports the WHO's leading role in public health, and the UN to play its "
            "central role in counter-terrorism.",
            {("who", "hasRole", "public-health"), ("united-nations", "hasRole", "terrorism")},
        ),
        # no cue, no typed relation (co-occurrence only)
        ("China supports the NPT and ASEAN.", set()),
    ],
)
def test_english_typed_relations(analyser: Analyser, text: str, expected: set[object]) -> None:
    found = {
        (slug(r.subject), r.relation, slug(r.object))
        for r in analyse_english(analyser, text).relations
    }
    assert found == expected
