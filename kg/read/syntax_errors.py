"""Friendly SPARQL syntax errors: where the error is, what was expected there in one sentence,
and the offending line with a caret under the column (:class:`~kg.errors.SparqlSyntaxError`).

Oxigraph's parser reports the furthest position any alternative of its grammar reached, often the
end of the query ("an error on line 4 reported at line 6"), with every token it would have
accepted there (a 300-character list for an unknown prefix). So the position is found again:

1. an unknown prefix is the first prefixed name whose prefix neither the query nor the server
   declares (the message lists the known ones);
2. otherwise, from the earliest of Oxigraph's position and rdflib's (its pyparsing grammar stops
   at the start of the construct that does not match) up to Oxigraph's, the first token that
   Oxigraph does not list among what it expects at the end of the text before it;
3. what was expected there is that list, summarised ("a variable, an IRI or a literal").

Positions are in the text as the client sent it (1-based line, column in characters).
:func:`explain_syntax_error` needs a parse function (``parse(text)`` → the parser's message, or
None when it parses), so that this module does not import the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kg.errors import QueryError, SparqlSyntaxError
from kg.read.tokenizer import Kind, Operation, QueryText, Token, read_query

Parse = Callable[[str], str | None]

_ORIGIN = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(r"\b[A-Z][A-Z_]+\b")
_CHARACTER_CLASS = re.compile(r"\[[^\]]*\]")  # ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}' …]
# How the tokens Oxigraph expects are named, in the order a sentence names them.
_CATEGORIES = (
    ("a variable", {"?", "$"}),
    ("an IRI", {"<", ":"}),
    ("a literal", {"'", '\\"', "'''", '\\"\\"\\"', "+", "-", "true", "false"}),
    ("a blank node", {"[", "_:"}),
)
_NAME_CHARS = "'A' ..= 'Z'"  # the character class of names (prefixed names, keywords)
_DIGITS = "'0' ..= '9'"
# Grammar tokens of SPARQL 1.2 annotations, not worth naming to a reader of SPARQL 1.1.
_UNNAMED = {"{|", "~", "<<", "<<(", "[_]"}
MOST_NAMED = 6
QUERY_FORMS = "SELECT, CONSTRUCT, DESCRIBE or ASK"
# rdflib's grammar is slow on long texts; beyond this many characters only Oxigraph's position.
RDFLIB_MAX_CHARS = 20_000
# The words of SPARQL 1.1 (keywords and built-in functions): a word that is none of them is
# never accepted; one that is, and that the engine's list leaves out, is tried after the text.
SPARQL_WORDS = frozenset(
    """
    BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE ORDER BY
    ASC DESC LIMIT OFFSET GROUP HAVING VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE
    SILENT BIND FILTER NOT IN EXISTS A TRUE FALSE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND
    CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER
    YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384
    SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX
    SUBSTR REPLACE LATERAL
    """.split()  # noqa: SIM905 (a word list)
)
# What may follow a whole query (its solution modifiers and a trailing VALUES).
CONTINUATIONS = frozenset({"GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})
# The most tokens read one by one to find the first the engine does not accept.
MAX_WALK = 200


def explain_syntax_error(
    sparql: str, message: str, prefixes: Mapping[str, str], parse: Parse
) -> QueryError:
    """The error to report for ``sparql``, which the engine refused with ``message``, given the
    server's predeclared ``prefixes`` and a ``parse`` function (see the module docstring)."""
    try:
        text = read_query(sparql)
    except QueryError as exc:  # the tokenizer says where itself
        return exc
    unknown = _unknown_prefix(text, prefixes)
    if unknown is not None and "Prefix not found" in message:
        known = ", ".join(f"{p}:" for p in sorted({*prefixes, *text.declared_prefixes()}))
        sentence = f"unknown prefix '{unknown.prefix}:'; known prefixes: {known or 'none'}"
        return SparqlSyntaxError.at(sparql, unknown.offset, sentence, message)
    offset, furthest = _locate(sparql, message)
    expected = ""
    if not any(t.keyword == "SERVICE" for t in text.tokens):  # parsing an ASK would run it
        offset, expected = _walk(sparql, text, offset, furthest, parse)
    expected = expected or _origin(message)[2]
    found = _token_at(text, offset)
    if found is None or offset >= len(sparql.rstrip()):
        wanted = QUERY_FORMS if text.operation is Operation.UNKNOWN else summarise(expected)
        sentence = f"the query ends too early; expected {wanted or 'more'}"
        return SparqlSyntaxError.at(sparql, len(sparql.rstrip()), sentence, message)
    index = text.tokens.index(found)
    if index and text.tokens[index - 1].keyword in ("ORDER", "GROUP") and found.keyword != "BY":
        expected = "expected BY"  # the engine's list there names the clauses that may follow
    form = text.tokens[text.prologue_end] if text.prologue_end < len(text.tokens) else None
    if found is form and text.operation is Operation.UNKNOWN:
        sentence = f"expected {QUERY_FORMS} (after any PREFIX and BASE lines); found {found.text!r}"
    elif summarise(expected) and not accepts(expected, found):
        sentence = f"expected {summarise(expected)}; found {found.text!r}"
    else:  # the error lies further on, inside what starts here
        sentence = f"what starts with {found.text!r} here is incomplete or malformed"
    return SparqlSyntaxError.at(sparql, found.offset, sentence, message)


def _unknown_prefix(text: QueryText, prefixes: Mapping[str, str]) -> Token | None:
    declared = {*prefixes, *text.declared_prefixes()}
    start = text.prologue_end
    return next(
        (t for t in text.tokens[start:] if t.kind is Kind.PNAME and t.prefix not in declared),
        None,
    )


def _origin(message: str) -> tuple[int, int, str]:
    """Line, column and the rest of an Oxigraph syntax error message (0, 0 and all of it when
    it names no position)."""
    found = _ORIGIN.match(message)
    if found is None:
        return 0, 0, message
    return int(found.group(1)), int(found.group(2)), found.group(3)


def offset_of(sparql: str, line: int, column: int) -> int:
    """The 0-based offset of a 1-based line and column (the end for a position past it).

    >>> offset_of("SELECT\\n  ?x", 2, 3)
    9
    """
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", sparql)]
    if line < 1 or line > len(starts):
        return len(sparql)
    return min(starts[line - 1] + max(column, 1) - 1, len(sparql))


def _locate(sparql: str, message: str) -> tuple[int, int]:
    """Where to start looking for the error (the earliest of rdflib's position and the
    engine's) and where to stop (the engine's), as offsets."""
    line, column, _ = _origin(message)
    furthest = offset_of(sparql, line, column) if line else len(sparql)
    other = _rdflib_offset(sparql) if len(sparql) <= RDFLIB_MAX_CHARS else None
    return (furthest if other is None else min(other, furthest)), furthest


def _rdflib_offset(sparql: str) -> int | None:
    """Where rdflib's SPARQL grammar stops matching ``sparql`` (None if it parses)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseException as exc:
        return int(exc.loc)
    except RecursionError:  # a deeply nested text: Oxigraph's position alone
        return None
    return None


def _walk(sparql: str, text: QueryText, start: int, end: int, parse: Parse) -> tuple[int, str]:
    """From the token at ``start`` to the one at ``end``, the first token the engine does not
    accept after the text before it (or the earlier place where that text has an error of its
    own), and the engine's list of what it expects there; ``start`` and '' if none is found."""
    first = next((i for i, t in enumerate(text.tokens) if t.offset + len(t.text) > start), None)
    if first is None:
        return start, ""
    for token in text.tokens[first : first + MAX_WALK]:
        if token.offset > end:
            break
        head = sparql[: token.offset]
        message = parse(head)
        if message is None:  # a whole query: only a solution modifier may follow
            if token.keyword in CONTINUATIONS:
                continue
            return token.offset, "expected one of " + ", ".join(sorted(CONTINUATIONS))
        line, column, rest = _origin(message)
        at = offset_of(head, line, column) if line else len(head)
        if at < len(head.rstrip()):
            return at, rest
        if not accepts(rest, token) and not _reads_past(sparql, token, parse):
            return token.offset, rest
    return start, ""


def _reads_past(sparql: str, token: Token, parse: Parse) -> bool:
    """Whether the engine reads past a SPARQL word its list of expected tokens left out (its
    lists at the end of a text do not always name every keyword it would take there)."""
    if token.keyword not in SPARQL_WORDS:
        return False
    end = token.offset + len(token.text)
    message = parse(sparql[:end] + " ")
    if message is None:
        return True
    line, column, _ = _origin(message)
    return not line or offset_of(sparql[:end] + " ", line, column) >= end


def summarise(expected: str) -> str:
    """One phrase for Oxigraph's list of expected tokens.

    >>> summarise('expected one of "$", "(", "<", "?", "\\'", [_]')
    "a variable, an IRI, a literal or '('"
    >>> summarise("expected one of GROUP, LIMIT, OFFSET, ORDER, [_]")
    'GROUP, LIMIT, OFFSET or ORDER'
    >>> summarise('expected one of ",", ".", ";", "{|", "}", "~", [_]')
    "',', '.', ';' or '}'"
    """
    quoted = _QUOTED.findall(expected)
    names: list[str] = []
    for name, members in _CATEGORIES:
        if any(q in members for q in quoted) or (
            name == "a literal" and _DIGITS in expected and _NAME_CHARS not in expected
        ):
            names.append(name)
    if _NAME_CHARS in expected and "an IRI" not in names:
        names.append("a name")
    taken = {m for _, members in _CATEGORIES for m in members}
    names += [f"'{q}'" for q in quoted if q not in taken and q not in _UNNAMED]
    unquoted = _CHARACTER_CLASS.sub("", _QUOTED.sub("", expected))
    unquoted = unquoted.replace("expected one of", "").replace("expected", "")
    names += [k for k in _KEYWORD.findall(unquoted) if k != "_"]
    if len(names) > MOST_NAMED:
        names = [*names[: MOST_NAMED - 1], "…"]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


_STRING_STARTS = {"'", '\\"', "'''", '\\"\\"\\"'}


def accepts(expected: str, token: Token) -> bool:
    """Whether Oxigraph's list of ``expected`` tokens admits ``token`` (then the error is
    further on).

    >>> from kg.read.tokenizer import tokenize
    >>> [keyword] = tokenize("FILTER")
    >>> accepts('expected one of FILTER, OPTIONAL, "}"', keyword), accepts('expected "}"', keyword)
    (True, False)
    """
    quoted = set(_QUOTED.findall(expected))
    if token.kind is Kind.WORD:
        listed = _KEYWORD.findall(_CHARACTER_CLASS.sub("", _QUOTED.sub("", expected)))
        return token.keyword in listed or (
            token.keyword in SPARQL_WORDS and _NAME_CHARS in expected
        )
    if token.kind is Kind.VAR:
        return bool(quoted & {"?", "$"})
    if token.kind in (Kind.IRI, Kind.PNAME):
        return "<" in quoted or ":" in quoted or _NAME_CHARS in expected
    if token.kind is Kind.STRING:
        return bool(quoted & _STRING_STARTS)
    if token.kind is Kind.NUMBER:
        return _DIGITS in expected or bool(quoted & {"+", "-", "."})
    return token.text in quoted


def _token_at(text: QueryText, offset: int) -> Token | None:
    """The token at ``offset`` or the first after it (None past the last)."""
    for token in text.tokens:
        if token.offset + len(token.text) > offset:
            return token
    return None
