"""The SPARQL tokenizer, against the query engine itself.

The differential property: for generated queries full of the tricks that fooled earlier lexers
(codepoint escapes in IRIs, ``\\#`` and ``\\'`` in prefixed names, quotes and ``#`` in strings,
``<`` as an operator before a quote, keywords glued to names, comments between a keyword and its
target), pyoxigraph runs the query against an empty store while a listener on 127.0.0.1 records
every ``SERVICE`` call it makes; every call the engine made must be one the tokenizer reported,
and the policy must refuse the query. Every query the engine accepts must tokenize.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import Forbidden, QueryError
from kg.read.sparql import check_query
from kg.read.tokenizer import Kind, Operation, read_query, service_calls, tokenize
from kg.store import QueryBoolean, Store
from tests.loopback import Listener, listening


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with listening() as running:
        yield running


def kinds(query: str) -> list[tuple[Kind, str]]:
    return [(t.kind, t.text) for t in tokenize(query)]


def test_escapes_inside_iris_strings_and_names_do_not_open_comments() -> None:
    tokens = kinds(
        "PREFIX e: <http://e/> SELECT * { BIND(<http://e/\\u0061#> AS ?d) "
        "BIND(e:a\\#b AS ?e) BIND(e:a\\'b AS ?f) BIND('#\\'' AS ?g) }"
    )
    assert (Kind.IRI, "<http://e/\\u0061#>") in tokens
    assert (Kind.PNAME, "e:a\\#b") in tokens and (Kind.PNAME, "e:a\\'b") in tokens
    assert (Kind.STRING, "'#\\''") in tokens
    assert tokens[-1] == (Kind.PUNCT, "}")
    assert read_query("ASK { <http://e/\\u0061\\U00000062> ?p ?o }").tokens[2].iri == "http://e/ab"
    assert read_query("PREFIX e: <http://e/> ASK { e:a\\#b ?p ?o }").tokens[5].local == "a#b"


def test_less_than_is_an_operator_after_an_operand_in_an_expression() -> None:
    assert (Kind.STRING, "'>'") in kinds("SELECT * { BIND(?a<'>' AS ?x) }")
    assert (Kind.IRI, "<http://x>") in kinds("SELECT * { FILTER(?o<<http://x>) }")
    assert (Kind.IRI, "<http://p>") in kinds("SELECT * { ?s <http://p> ?o }")
    # a collection object after a predicate IRI is a pattern, not a function call
    assert (Kind.IRI, "<b'>") in kinds("SELECT * { ?s <p> (<a> <b'>) }")
    assert (Kind.IRI, "<http://fn>") in kinds("SELECT * { ?s ?p ?o FILTER <http://fn>(?o<3) }")
    assert (Kind.IRI, "<http://fn>") in kinds("SELECT * { ?s ?p ?o } ORDER BY ?s <http://fn>(?o)")
    having = kinds("SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING(COUNT(?o)<'>')")
    assert (Kind.STRING, "'>'") in having


def test_codepoint_escapes_outside_iris_and_strings_are_syntax_errors() -> None:
    with pytest.raises(QueryError, match="line 1, column 31"):
        tokenize("SELECT * { ?s ?p ?o } LIMIT 3 \\u0023")
    with pytest.raises(QueryError, match="line 2, column 1"):
        tokenize("ASK {\n\\u0053ERVICE <http://x/> {} }")


def test_unbalanced_brackets_say_where() -> None:
    with pytest.raises(QueryError, match="line 1, column 16"):
        tokenize("ASK { ?s ?p ?o ) }")
    with pytest.raises(QueryError, match="expected '}'"):
        tokenize("ASK { ?s ?p ?o ")


def test_service_calls_are_found_however_written() -> None:
    prefixes = {"e": "http://127.0.0.1:9/"}
    cases = {
        "ASK { SERVICE <http://127.0.0.1:9/a> {} }": "http://127.0.0.1:9/a",
        "ASK { sErViCe SiLeNt e:b {} }": "http://127.0.0.1:9/b",
        "PREFIX : <http://127.0.0.1:9/> ASK { SERVICE:c {} }": "http://127.0.0.1:9/c",
        "ASK { SERVICE # comment\n<http://127.0.0.1:9/\\u0064> {} }": "http://127.0.0.1:9/d",
        "BASE <http://127.0.0.1:9/> ASK { SERVICE <e> {} }": "http://127.0.0.1:9/e",
        "ASK { SERVICE e:a\\#f {} }": "http://127.0.0.1:9/a#f",
    }
    for query, target in cases.items():
        calls = service_calls(read_query(query), prefixes)
        assert [c.target for c in calls] == [target], query
    assert [c.target for c in service_calls(read_query("ASK { SERVICE ?x {} }"), {})] == [None]
    # relative with no base: nothing to resolve it against, so the policy refuses it
    assert [c.target for c in service_calls(read_query("ASK { SERVICE <x> {} }"), {})] == [None]


def test_the_word_in_strings_and_comments_counts_only_with_an_endpoint_and_a_group() -> None:
    quiet = "SELECT ?service { BIND('SERVICE <http://x/>' AS ?service) } # SERVICE ?x"
    assert service_calls(read_query(quiet), {}) == []
    shadow = "SELECT * { BIND('SERVICE <http://127.0.0.1:9/x> {' AS ?v) }"
    assert [c.target for c in service_calls(read_query(shadow), {})] == ["http://127.0.0.1:9/x"]


def test_operation_and_prefixes() -> None:
    text = read_query(
        "PREFIX a: <http://a/> BASE <http://b/> # c\nconstruct { } where { ?s a:p gsi:q }"
    )
    assert text.operation is Operation.CONSTRUCT
    assert text.declared_prefixes() == {"a": "http://a/"}
    assert text.used_prefixes() == {"a", "gsi"}
    assert text.base() == "http://b/"
    assert read_query("SELECT (NOW() AS ?t) (rand() AS ?r) {}").function_calls() == {"NOW", "RAND"}


# --- the differential property ----------------------------------------------------------------


def _noise(port: int) -> st.SearchStrategy[str]:
    """Elements that each leave one solution and hold what fooled earlier lexers, decoys of
    SERVICE text included (inside strings, comments and IRIs the engine never calls)."""
    host = f"http://127.0.0.1:{port}"
    decoy = f"SERVICE <{host}/decoy> {{"
    return st.sampled_from(
        [
            f"BIND(<{host}/\\u0061#> AS ?v1)",
            f"BIND(<{host}/x\\u0023y> AS ?v2)",
            "BIND(e:a\\#b AS ?v3)",
            "BIND(e:a\\'b AS ?v4)",
            f"BIND('{decoy} #' AS ?v5)",
            f'BIND("\\"{decoy}" AS ?v6)',
            f"BIND('''a ' '' {decoy} ''' AS ?v7)",
            f'BIND("""{decoy} "" " """ AS ?v8)',
            "BIND((1<'>') AS ?v9)",
            f"BIND((1<'> # {decoy}') AS ?v10)",
            f"# {decoy}\n",
            f"# ' \" <{host}/\n",
            f"VALUES ?v11 {{ 'a#b' <{host}/c#d> }}",
            f"BIND(e:{decoy[0:7]} AS ?v12)",
            f"BIND(<{host}/SERVICE> AS ?v13)",
            'BIND("\\u0022 # \'" AS ?v14)',
            f"OPTIONAL {{ <{host}/s> ?p ( <{host}/a> <{host}/b'> ) }}",
            "FILTER(true || ?v0<'>')",
            "BIND(<x'> AS ?v15)",
        ]
    )


def _service(port: int) -> st.SearchStrategy[tuple[str, str]]:
    """A SERVICE clause the engine calls, written one of many ways, and the path it calls."""
    host = f"http://127.0.0.1:{port}"

    def build(
        spelling: str, silent: str, gap: str, target: int, form: int, glue: bool
    ) -> tuple[str, str]:
        written = [
            f"<{host}/s{target}>",
            f"<{host}/s\\u{0x30 + target:04x}>",  # the digit as a codepoint escape
            f"e:s{target}",
            f"<s{target}>",  # relative: resolved against BASE
            f":s{target}",
        ][form]
        group = f"{{ ?s{target} ?p ?o }}"
        if glue and form == 4 and not silent:
            return f"{spelling}{written} {group}", f"/s{target}"  # SERVICE:s3
        return f"{spelling}{gap}{silent}{written} {group}", f"/s{target}"

    return st.builds(
        build,
        st.sampled_from(["SERVICE", "service", "sErViCe"]),
        st.sampled_from(["", "SILENT ", "silent\n"]),
        st.sampled_from([" ", "\n", " # c\n", "\t"]),
        st.integers(0, 9),
        st.integers(0, 4),
        st.booleans(),
    )


@st.composite
def hostile_queries(draw: st.DrawFn, port: int) -> str:
    host = f"http://127.0.0.1:{port}"
    prologue = f"PREFIX e: <{host}/>\nPREFIX : <{host}/>\nBASE <{host}/>\n"
    elements = draw(
        st.lists(st.one_of(_noise(port), _service(port).map(lambda s: s[0])), max_size=6)
    )
    return prologue + "SELECT * WHERE {\n" + "\n".join(elements) + "\n}"


def _engine_calls(query: str, listener: Listener) -> list[str] | None:
    """The paths the engine called on the listener running ``query``; None if it refused it."""
    listener.clear()
    try:
        result = Store().query(query, use_default_graph_as_union=True)
        if not isinstance(result, QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError):
        return None
    return listener.seen()


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_service_the_engine_calls_is_seen_and_refused(
    listener: Listener, data: st.DataObject
) -> None:
    query = data.draw(hostile_queries(listener.port))
    called = _engine_calls(query, listener)
    if called is None:
        return
    text = read_query(query)  # the engine accepted it: it must tokenize
    seen = {urlparse(c.target).path for c in service_calls(text, {}) if c.target}
    assert set(called) <= seen, (query, called, seen)
    if called:
        with pytest.raises(Forbidden):
            check_query(query)


def test_the_generator_makes_the_engine_call(listener: Listener) -> None:
    """The property above is not vacuous: generated queries are accepted and make calls."""
    query = (
        f"PREFIX e: <{listener.url}>\nBASE <{listener.url}>\nSELECT * WHERE {{\n"
        "BIND('SERVICE <x> {' AS ?a) BIND(e:a\\#b AS ?b) BIND((1<'>') AS ?c)\n"
        "SERVICE SILENT <s1> { ?s ?p ?o } service e:s2 { ?s ?p ?o } }"
    )
    assert _engine_calls(query, listener) == ["/s1", "/s2"]
