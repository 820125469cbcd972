"""N-Quads statements made as text (kg/nquads.py), checked by pyoxigraph's own parser."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.namespaces import XSD
from kg.pipeline.nquads import (
    boolean,
    decimal,
    integer,
    iri,
    literal,
    term,
    to_quads,
    typed,
    vocabulary_iri,
    write_statements,
)
from kg.store import BlankNode, Literal, NamedNode, RdfFormat, parse

S, P, G = iri("http://example.org/s"), iri("http://example.org/p"), iri("http://example.org/g")
# Any text but lone surrogates (no UTF-8 form, so never in a document read as UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)))


@given(TEXT)
def test_any_text_is_one_literal_with_that_exact_value(text: str) -> None:
    (quad,) = to_quads([(S, P, literal(text), G)])
    assert quad.object == Literal(text)


@given(TEXT, st.sampled_from(["zh", "en", "zh-Hans"]))
def test_language_tagged_literals_keep_text_and_tag(text: str, language: str) -> None:
    (quad,) = to_quads([(S, P, literal(text, language), G)])
    assert quad.object == Literal(text, language=language)


@given(st.integers(), st.floats(min_value=0, max_value=1), st.booleans())
def test_typed_literals_are_what_pyoxigraph_makes(number: int, share: float, flag: bool) -> None:
    made = [integer(number), decimal(share), boolean(flag), typed("2024-02-21", f"{XSD}date")]
    assert [q.object for q in to_quads((S, P, o, G) for o in made)] == [
        Literal(str(number), datatype=NamedNode(f"{XSD}integer")),
        Literal(f"{share:.2f}", datatype=NamedNode(f"{XSD}decimal")),
        Literal("true" if flag else "false", datatype=NamedNode(f"{XSD}boolean")),
        Literal("2024-02-21", datatype=NamedNode(f"{XSD}date")),
    ]


def test_iris_are_written_as_given_and_checked() -> None:
    (quad,) = to_quads([(iri("https://w3id.org/gsi-kg/concept/多边主义"), P, S, G)])
    assert quad.subject == NamedNode("https://w3id.org/gsi-kg/concept/多边主义")
    assert vocabulary_iri("http://example.org/p") is vocabulary_iri("http://example.org/p")
    for bad in ("http://example.org/a b", "http://example.org/<x>", 'http://e.org/"', "a\\b"):
        with pytest.raises(ValueError, match="not an IRI"):
            iri(bad)


def test_pyoxigraph_terms_keep_their_form() -> None:
    terms = [
        NamedNode("http://example.org/x"),
        BlankNode("b1"),
        Literal('say "hi"\n', language="en"),
        Literal("1", datatype=NamedNode(f"{XSD}integer")),
    ]
    quads = to_quads((S, P, term(t), G) for t in terms)
    assert [q.object for q in quads] == terms


def test_written_statements_are_lines_of_n_quads_and_counted() -> None:
    statements = [(S, P, literal(f"line {n}\r\n"), G) for n in range(25_001)]
    out = io.BytesIO()
    assert write_statements(iter(statements), out) == 25_001
    lines = out.getvalue().decode("utf-8").splitlines()
    assert len(lines) == 25_001 and lines[0].endswith(" .")
    quads = list(parse(out.getvalue(), format=RdfFormat.N_QUADS))
    assert quads[-1].object == Literal("line 25000\r\n")
    assert quads[-1].graph_name == NamedNode("http://example.org/g")
