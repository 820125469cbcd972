"""The SPARQL tokenizer: the terminals of the SPARQL 1.1 grammar, read as the query engine reads
them. https://www.w3.org/TR/sparql11-query/#terminals

Every check made on a query's text reads this one token stream: the operation (query form or
update), the ``SERVICE`` policy, the nesting and operator limits, the prefixes the query editor
declares. None of them looks at the raw text with a regular expression of its own.

Three places where a naive lexer and the engine part ways, each a way past a check:

* **Escapes.** SPARQL 1.1 §19.2 describes ``\\uXXXX`` / ``\\UXXXXXXXX`` as a pre-pass over the
  whole query. Oxigraph, the engine here, decodes them inside IRIs and string literals only and
  refuses them anywhere else (``\\u0053ELECT`` is a syntax error for it). What a check must see is
  what the engine executes, so this tokenizer does the same: codepoint escapes are decoded inside
  IRIs and strings, and are a syntax error elsewhere. Inside a prefixed name ``\\`` escapes one
  ``PN_LOCAL_ESC`` character: ``e:a\\#b`` is the IRI ending in ``a#b``, not a comment, and
  ``e:a\\'b`` does not open a string.
* **``<``** starts an IRI, or is the less-than operator: in an expression, after an operand, it is
  the operator (``FILTER(?a<'>')`` holds the string ``'>'``, not the IRI ``<'>``). The tokenizer
  keeps a stack of bracket contexts (expression, pattern, data) to tell which rule is being read.
* **Keywords glued to names.** The engine reads ``SERVICE:x`` as the keyword followed by the
  prefixed name ``:x``.

>>> [t.text for t in tokenize("SELECT * { ?s <p> 'a#b' } # comment")]
['SELECT', '*', '{', '?s', '<p>', "'a#b'", '}']
>>> operation("PREFIX e: <http://e/> ASK { e:a\\\\#b ?p ?o }")
<Operation.ASK: 'ASK'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from kg.errors import QueryError, SparqlSyntaxError

# Character classes of the grammar (§19.8), as regular-expression fragments.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"

_IRIREF = re.compile(f'<(?:[^<>"{{}}|^`\\\\\x00-\x20]|{_UCHAR})*>')
_STRINGS = re.compile(
    f"'''(?:(?:'|'')?(?:[^'\\\\]|{_ECHAR}|{_UCHAR}))*'''"
    f'|"""(?:(?:"|"")?(?:[^"\\\\]|{_ECHAR}|{_UCHAR}))*"""'
    f"|'(?:[^'\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*'"
    f'|"(?:[^"\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*"'
)
_PNAME = re.compile(f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
_VAR = re.compile(f"[?$]{_VARNAME}")
_BLANK = re.compile(f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)+")
_PUNCT = re.compile(r"\^\^|&&|\|\||!=|>=|<=|\{\||\|\}|[{}()\[\].,;*/|^?+\-!=<>~]")
_UCHAR_RE = re.compile(_UCHAR)
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_NUMBER_START = re.compile(r"[0-9]|\.[0-9]")


class Kind(enum.Enum):
    """The kinds of token: the grammar's terminals, grouped."""

    IRI = "IRIREF"
    PNAME = "prefixed name"
    BLANK = "blank node"
    VAR = "variable"
    STRING = "string"
    LANGTAG = "language tag"
    NUMBER = "number"
    WORD = "keyword"
    PUNCT = "punctuation"


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as written and where it starts (0-based offset, 1-based line
    and column, as the engine reports them)."""

    kind: Kind
    text: str
    offset: int
    line: int
    column: int

    @property
    def keyword(self) -> str:
        """The upper-cased text of a keyword ('' for other tokens)."""
        return self.text.upper() if self.kind is Kind.WORD else ""

    @property
    def iri(self) -> str:
        """An IRI token's IRI, codepoint escapes decoded (the IRI may be relative)."""
        return _decode_uchars(self.text[1:-1])

    @property
    def prefix(self) -> str:
        """A prefixed name's prefix (``gsi`` for ``gsi:Passage``)."""
        return self.text.partition(":")[0]

    @property
    def local(self) -> str:
        """A prefixed name's local part, ``\\`` escapes removed (``%`` escapes stay, as in IRIs)."""
        return _LOCAL_ESCAPE.sub(r"\1", self.text.partition(":")[2])


class Operation(enum.Enum):
    """What a request text is: one of the four query forms, an update, or unrecognisable."""

    SELECT = "SELECT"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    ASK = "ASK"
    UPDATE = "UPDATE"
    UNKNOWN = "UNKNOWN"

    @property
    def returns_graph(self) -> bool:
        return self in (Operation.CONSTRUCT, Operation.DESCRIBE)


UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
# Operators whose long chains the engine parses recursively (see kg.read.sparql's limits).
OPERATOR_PUNCTUATION = frozenset(
    {"&&", "||", "!", "+", "-", "*", "/", "|", "^", "=", "!=", "<", ">", "<=", ">="}
)
OPERATOR_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
# Keywords followed by ``(`` that are not function calls.
_NOT_CALLS = frozenset(
    {"SELECT", "FILTER", "BIND", "HAVING", "BY", "VALUES", "IN", "ASC", "DESC", "NOT", "WHERE"}
)


class _Frame(enum.Enum):
    """The grammar context of a bracket: where ``<`` may be an operator, and what ``(`` opens."""

    TOP = "top"  # the query outside any bracket
    PATTERN = "pattern"  # group graph patterns, blank-node property lists, collections, paths
    EXPRESSION = "expression"
    DATA = "data"  # VALUES blocks


class _Clause(enum.Enum):
    """Where a TOP or PATTERN frame is in a (sub)query: what a ``(`` at this level opens, and
    what the frame becomes when its next ``{…}`` closes."""

    PROLOGUE = "prologue"
    SELECT = "select clause"  # projections are expressions
    WHERE = "where"  # the group pattern of a query form
    TEMPLATE = "construct template"
    PATTERN = "pattern"
    MODIFIERS = "solution modifiers"  # GROUP BY, HAVING, ORDER BY: conditions are expressions


_CLAUSE_KEYWORDS = {
    "SELECT": _Clause.SELECT,
    "WHERE": _Clause.WHERE,
    "ASK": _Clause.WHERE,
    "DESCRIBE": _Clause.WHERE,
    "CONSTRUCT": _Clause.TEMPLATE,
}
_OPENERS = {"{": "}", "(": ")", "[": "]", "<<(": ")>>", "<<": ">>", "{|": "|}"}
_CLOSERS = frozenset(_OPENERS.values())
_OPERAND_END_PUNCT = frozenset({")", "]", ")>>", ">>"})


@dataclass
class _Bracket:
    frame: _Frame
    closer: str
    clause: _Clause
    values_pending: bool = False  # VALUES seen; its variable list and data block follow
    # the clause to take when the ``{`` opened in this frame closes
    after_group: _Clause | None = None


@dataclass
class _Lexer:
    text: str
    tokens: list[Token] = field(default_factory=list)
    stack: list[_Bracket] = field(default_factory=list)
    deepest: int = 0

    def __post_init__(self) -> None:
        self.stack.append(_Bracket(_Frame.TOP, "", _Clause.PROLOGUE))
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]

    def where(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``."""
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1, offset - self._line_starts[low] + 1

    def error(self, offset: int, message: str) -> QueryError:
        return SparqlSyntaxError.at(self.text, offset, message)

    def run(self) -> list[Token]:
        text, position = self.text, 0
        while position < len(text):
            space = _SPACE.match(text, position)
            if space:
                position = space.end()
                continue
            kind, end = self._next(position)
            self._add(kind, position, end)
            position = end
        if len(self.stack) > 1:
            opened = self.stack[-1]
            raise self.error(len(text), f"expected {opened.closer!r} before the end of the query")
        return self.tokens

    def _next(self, position: int) -> tuple[Kind, int]:
        """The kind and end of the token starting at ``position``."""
        text, char = self.text, self.text[position]
        if char == "<":
            return self._angle(position)
        if char in "\"'":
            string = _STRINGS.match(text, position)
            if string is None:
                raise self.error(position, "unterminated string or bad escape in it")
            return Kind.STRING, string.end()
        if char in "?$":
            variable = _VAR.match(text, position)
            if variable:
                return Kind.VAR, variable.end()
            if char == "$":
                raise self.error(position, "'$' must start a variable name")
        if text.startswith("_:", position):
            blank = _BLANK.match(text, position)
            if blank is None:
                raise self.error(position, "malformed blank node label")
            return Kind.BLANK, blank.end()
        if char == "@":
            tag = _LANGTAG.match(text, position)
            if tag is None:
                raise self.error(position, "malformed language tag")
            return Kind.LANGTAG, tag.end()
        if _NUMBER_START.match(text, position):
            return Kind.NUMBER, _end(_NUMBER.match(text, position))
        pname = _PNAME.match(text, position)
        if pname:
            return Kind.PNAME, pname.end()
        word = _WORD.match(text, position)
        if word:
            return Kind.WORD, word.end()
        if char == ")" and text.startswith(")>>", position) and self.stack[-1].closer == ")>>":
            return Kind.PUNCT, position + 3
        if char == ">" and text.startswith(">>", position) and self.stack[-1].closer == ">>":
            return Kind.PUNCT, position + 2
        punct = _PUNCT.match(text, position)
        if punct:
            return Kind.PUNCT, punct.end()
        if char == "\\":
            raise self.error(position, "'\\' escapes are allowed only in IRIs, strings and names")
        raise self.error(position, f"unexpected character {char!r}")

    def _angle(self, position: int) -> tuple[Kind, int]:
        """``<`` is the less-than operator after an operand in an expression, else an IRI or the
        opening of a triple term."""
        text = self.text
        if self.stack[-1].frame is _Frame.EXPRESSION and self._after_operand():
            return Kind.PUNCT, position + (2 if text.startswith("<=", position) else 1)
        if text.startswith("<<(", position):
            return Kind.PUNCT, position + 3
        iri = _IRIREF.match(text, position)
        if iri:
            return Kind.IRI, iri.end()
        if text.startswith("<<", position):
            return Kind.PUNCT, position + 2
        return Kind.PUNCT, position + (2 if text.startswith("<=", position) else 1)

    def _after_operand(self) -> bool:
        if not self.tokens:
            return False
        last = self.tokens[-1]
        if last.kind is Kind.PUNCT:
            return last.text in _OPERAND_END_PUNCT
        if last.kind is Kind.WORD:
            return last.keyword in ("TRUE", "FALSE")
        return True

    def _add(self, kind: Kind, start: int, end: int) -> None:
        line, column = self.where(start)
        token = Token(kind, self.text[start:end], start, line, column)
        if kind is Kind.PUNCT:
            self._bracket(token)
        elif kind is Kind.WORD:
            self._keyword(token)
        self.tokens.append(token)

    def _keyword(self, token: Token) -> None:
        top = self.stack[-1]
        if top.frame in (_Frame.TOP, _Frame.PATTERN):
            keyword = token.keyword
            if keyword in _CLAUSE_KEYWORDS:
                top.clause = _CLAUSE_KEYWORDS[keyword]
            elif keyword == "VALUES":
                top.values_pending = True

    def _bracket(self, token: Token) -> None:
        text, top = token.text, self.stack[-1]
        if text in _OPENERS:
            self.stack.append(_Bracket(self._opened_frame(text), _OPENERS[text], _Clause.PATTERN))
            self.deepest = max(self.deepest, len(self.stack) - 1)
        elif text in ("}", ")", "]", ")>>", ">>", "|}"):
            if text == ">>" and top.closer != ">>":
                return  # two greater-than signs (the engine will say whether that parses)
            if top.closer != text:
                expected = f"expected {top.closer!r}" if top.closer else "nothing is open"
                raise self.error(token.offset, f"unbalanced {text!r} ({expected})")
            self.stack.pop()
            parent = self.stack[-1]
            if text == "}" and parent.after_group is not None:
                parent.clause, parent.after_group = parent.after_group, None

    def _opened_frame(self, opener: str) -> _Frame:
        top = self.stack[-1]
        if opener == "{":
            if top.values_pending or top.frame is _Frame.DATA:
                top.values_pending = False
                return _Frame.DATA
            if top.frame is not _Frame.EXPRESSION:
                top.after_group = _after_group(top.clause)
            return _Frame.PATTERN
        if opener == "(":
            return self._parenthesis(top)
        return _Frame.PATTERN

    def _parenthesis(self, top: _Bracket) -> _Frame:
        """What a ``(`` opens: an expression (a bracketed expression, a call's arguments, a
        projection, a condition), a collection or path (patterns) or a VALUES row (data)."""
        if top.values_pending or top.frame is _Frame.DATA:
            return _Frame.DATA
        if top.frame is _Frame.EXPRESSION:
            return _Frame.EXPRESSION
        if top.clause in (_Clause.SELECT, _Clause.MODIFIERS):
            return _Frame.EXPRESSION
        last = self.tokens[-1] if self.tokens else None
        if last is not None and last.kind is Kind.WORD and last.keyword != "A":
            return _Frame.EXPRESSION  # FILTER(, BIND(, FILTER regex(
        function = last is not None and last.kind in (Kind.IRI, Kind.PNAME)
        if function and len(self.tokens) > 1 and self.tokens[-2].keyword == "FILTER":
            return _Frame.EXPRESSION  # FILTER <function>(
        return _Frame.PATTERN


def _after_group(clause: _Clause) -> _Clause | None:
    """The clause a frame is in once the ``{…}`` it opens in ``clause`` closes."""
    if clause in (_Clause.SELECT, _Clause.WHERE):
        return _Clause.MODIFIERS
    if clause is _Clause.TEMPLATE:
        return _Clause.PROLOGUE
    return None


def _end(match: re.Match[str] | None) -> int:
    assert match is not None
    return match.end()


def _decode_uchars(text: str) -> str:
    return _UCHAR_RE.sub(lambda m: chr(int(m.group()[2:], 16)), text)


@dataclass(frozen=True)
class QueryText:
    """A query's tokens and what they say: the operation, the prologue, the bracket depth."""

    text: str
    tokens: tuple[Token, ...]
    deepest: int

    @property
    def prologue_end(self) -> int:
        """Index of the first token after the ``BASE`` and ``PREFIX`` declarations."""
        return self._prologue()[0]

    def declared_prefixes(self) -> dict[str, str]:
        """The prefixes the prologue declares (name → namespace IRI)."""
        return self._prologue()[1]

    def base(self) -> str | None:
        """The last ``BASE`` IRI of the prologue, resolved against the earlier ones."""
        return self._prologue()[2]

    def _prologue(self) -> tuple[int, dict[str, str], str | None]:
        tokens, declared, base = self.tokens, {}, None
        i = 0
        while i < len(tokens):
            keyword = tokens[i].keyword
            if keyword == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind is Kind.IRI:
                base = urljoin(base, tokens[i + 1].iri) if base else tokens[i + 1].iri
                i += 2
            elif (
                keyword == "PREFIX"
                and i + 2 < len(tokens)
                and tokens[i + 1].kind is Kind.PNAME
                and tokens[i + 2].kind is Kind.IRI
            ):
                declared[tokens[i + 1].prefix] = tokens[i + 2].iri
                i += 3
            else:
                break
        return i, declared, base

    @property
    def operation(self) -> Operation:
        """The operation, from the first keyword after the prologue."""
        start = self.prologue_end
        if start >= len(self.tokens) or self.tokens[start].kind is not Kind.WORD:
            return Operation.UNKNOWN
        keyword = self.tokens[start].keyword
        if keyword in UPDATE_KEYWORDS:
            return Operation.UPDATE
        return Operation.__members__.get(keyword, Operation.UNKNOWN)

    def used_prefixes(self) -> set[str]:
        """The prefixes of the prefixed names the query uses."""
        return {t.prefix for t in self.tokens if t.kind is Kind.PNAME}

    def operator_count(self) -> int:
        """Operators whose chains the engine parses recursively (``+``, ``&&``, ``UNION`` …)."""
        return sum(
            1
            for t in self.tokens
            if (t.kind is Kind.PUNCT and t.text in OPERATOR_PUNCTUATION)
            or t.keyword in OPERATOR_KEYWORDS
        )

    def group_start(self) -> int:
        """The offset right after the ``{`` that opens the query's pattern (its WHERE group).

        >>> text = "SELECT ?x WHERE { ?x ?p ?o }"
        >>> text[: read_query(text).group_start()]
        'SELECT ?x WHERE {'
        """
        for token in self.tokens[self.prologue_end :]:
            if token.kind is Kind.PUNCT and token.text == "{":
                return token.offset + 1
        raise QueryError("the query has no group pattern ({ … })")

    def limit(self) -> int | None:
        """The query's own ``LIMIT`` (outside every bracket, so not a subquery's); None if it
        sets none.

        >>> read_query("SELECT * { { SELECT * {} LIMIT 5 } } LIMIT 20").limit()
        20
        """
        depth, found = 0, None
        for token, following in zip(self.tokens, self.tokens[1:], strict=False):
            if token.kind is Kind.PUNCT and token.text in _OPENERS:
                depth += 1
            elif token.kind is Kind.PUNCT and token.text in _CLOSERS:
                depth -= 1
            elif depth == 0 and token.keyword == "LIMIT" and following.kind is Kind.NUMBER:
                found = int(following.text) if following.text.isdigit() else None
        return found

    def has_dataset_clause(self) -> bool:
        """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``).

        >>> read_query("SELECT * FROM <http://g/1> { ?s ?p ?o }").has_dataset_clause()
        True
        """
        depth = 0
        for token in self.tokens:
            if token.kind is Kind.PUNCT and token.text in _OPENERS:
                depth += 1
            elif token.kind is Kind.PUNCT and token.text in _CLOSERS:
                depth -= 1
            elif depth == 0 and token.keyword == "FROM":
                return True
        return False

    def function_calls(self) -> set[str]:
        """The upper-cased names of the built-in functions called (``NOW``, ``RAND`` …)."""
        return {
            t.keyword
            for t, following in zip(self.tokens, self.tokens[1:], strict=False)
            if t.kind is Kind.WORD and following.text == "(" and t.keyword not in _NOT_CALLS
        }


def tokenize(sparql: str) -> list[Token]:
    """The significant tokens of ``sparql`` (whitespace and comments dropped).

    Raises :class:`QueryError` saying where (line and column) for text that is no SPARQL token
    or unbalanced brackets.
    """
    return _Lexer(sparql).run()


def read_query(sparql: str) -> QueryText:
    """Tokenize ``sparql`` (see :func:`tokenize`) and keep what the checks need."""
    lexer = _Lexer(sparql)
    tokens = lexer.run()
    return QueryText(sparql, tuple(tokens), lexer.deepest)


def operation(sparql: str) -> Operation:
    """The operation ``sparql`` performs; UNKNOWN when it does not tokenize."""
    try:
        return read_query(sparql).operation
    except QueryError:
        return Operation.UNKNOWN


@dataclass(frozen=True)
class ServiceCall:
    """A ``SERVICE`` the query would make: the endpoint IRI (None for a variable or a name that
    resolves to nothing) and where the keyword is."""

    target: str | None
    line: int
    column: int


def service_calls(
    query: QueryText, prefixes: Mapping[str, str], base_iri: str | None = None
) -> list[ServiceCall]:
    """Every ``SERVICE`` of ``query`` with the endpoint it names, in order.

    ``prefixes`` are the ones the server predeclares; ``base_iri`` resolves relative IRIs when the
    query declares no ``BASE``. Two readings are joined, so that a lexing mistake can never hide a
    call: each ``SERVICE`` keyword token with the token after it, and every other place where the
    letters ``service`` (in any case) stand in the raw text — inside what the tokens say is a
    string, an IRI or a comment too — followed by an endpoint and ``{``, read afresh from there.
    """
    known = {**prefixes, **query.declared_prefixes()}
    base = query.base()
    base = urljoin(base_iri, base) if base and base_iri else (base or base_iri)
    calls: dict[int, ServiceCall] = {}
    tokens = query.tokens
    for i, token in enumerate(tokens):
        if token.keyword == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j].keyword == "SILENT":
                j += 1
            target = tokens[j] if j < len(tokens) else None
            calls[token.offset] = ServiceCall(
                _resolve(target, known, base), token.line, token.column
            )
        elif token.kind is Kind.PNAME and token.prefix.upper() == "SERVICE":
            glued = Token(Kind.PNAME, token.text[len("SERVICE") :], 0, 0, 0)
            calls[token.offset] = ServiceCall(
                _resolve(glued, known, base), token.line, token.column
            )
    lexer = _Lexer(query.text)
    for offset, target in _shadow_services(query.text):
        if offset not in calls:
            line, column = lexer.where(offset)
            calls[offset] = ServiceCall(_resolve(target, known, base), line, column)
    return [calls[offset] for offset in sorted(calls)]


_SERVICE_LETTERS = re.compile("service", re.IGNORECASE)
_SILENT = re.compile(r"silent(?![A-Za-z0-9_])", re.IGNORECASE)


def _shadow_services(text: str) -> Iterator[tuple[int, Token | None]]:
    """Each raw occurrence of ``service`` followed by ``[SILENT] endpoint {``: (offset, the
    endpoint token; None for a variable)."""
    for found in _SERVICE_LETTERS.finditer(text):
        position = _skip_space(text, found.end())
        silent = _SILENT.match(text, position)
        if silent:
            position = _skip_space(text, silent.end())
        target: Token | None
        iri = _IRIREF.match(text, position)
        variable = _VAR.match(text, position)
        pname = _PNAME.match(text, position)
        if iri:
            target, position = Token(Kind.IRI, iri.group(), 0, 0, 0), iri.end()
        elif variable:
            target, position = None, variable.end()
        elif pname:
            target, position = Token(Kind.PNAME, pname.group(), 0, 0, 0), pname.end()
        else:
            continue
        position = _skip_space(text, position)
        if text.startswith("{", position):
            yield found.start(), target


def _skip_space(text: str, position: int) -> int:
    space = _SPACE.match(text, position)
    return space.end() if space else position


def _resolve(token: Token | None, prefixes: Mapping[str, str], base: str | None) -> str | None:
    """The absolute IRI a SERVICE target names; None for a variable, an unknown prefix or a
    relative IRI with no base to resolve it against."""
    if token is None:
        return None
    if token.kind is Kind.IRI:
        iri = token.iri
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
            return iri
        return urljoin(base, iri) if base else None
    if token.kind is Kind.PNAME:
        namespace = prefixes.get(token.prefix)
        return None if namespace is None else namespace + token.local
    return None
