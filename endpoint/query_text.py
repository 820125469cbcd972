"""What a SPARQL request asks for, read from its text without running it: the operation (query
form or update) and the endpoints its ``SERVICE`` clauses would call.

pyoxigraph exposes no algebra, so this is a lexical analysis following the SPARQL 1.1 grammar's
terminals (https://www.w3.org/TR/sparql11-query/#sparqlGrammar): comments, string literals and
IRIs are recognised as whole tokens first, so a keyword inside them never counts.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kg.errors import Forbidden

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][^\W]\w*)
    | (?P<pname>(?:[^\W\d_][\w.-]*)?:[\w.:%-]*)
    | (?P<word>[^\W\d]\w*)
    | (?P<number>\d[\d.]*(?:[eE][+-]?\d+)?)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


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


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(sparql: str) -> list[Token]:
    """The significant tokens of ``sparql`` (comments dropped)."""
    return [
        Token(str(m.lastgroup), m.group())
        for m in _TOKEN.finditer(sparql)
        if m.lastgroup != "comment"
    ]


def _body_start(tokens: list[Token]) -> tuple[int, dict[str, str]]:
    """Skip the prologue (``BASE`` and ``PREFIX`` declarations); return where the operation
    starts and the prefixes the prologue declares."""
    declared: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        keyword = tokens[i].text.upper() if tokens[i].kind == "word" else ""
        if keyword == "BASE":
            i += 2
        elif keyword == "PREFIX" and i + 2 < len(tokens):
            declared[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]
            i += 3
        else:
            break
    return i, declared


def operation(sparql: str) -> Operation:
    """The operation ``sparql`` performs, from its first keyword after the prologue."""
    tokens = tokenize(sparql)
    start, _ = _body_start(tokens)
    if start >= len(tokens) or tokens[start].kind != "word":
        return Operation.UNKNOWN
    keyword = tokens[start].text.upper()
    if keyword in UPDATE_KEYWORDS:
        return Operation.UPDATE
    return Operation.__members__.get(keyword, Operation.UNKNOWN)


def service_targets(sparql: str, prefixes: Mapping[str, str]) -> list[str | None]:
    """The endpoint IRIs the ``SERVICE`` clauses of ``sparql`` name, in order; ``None`` for a
    variable or an unresolvable target. ``prefixes`` are those predeclared by the server."""
    tokens = tokenize(sparql)
    _, declared = _body_start(tokens)
    known = {**prefixes, **declared}
    targets: list[str | None] = []
    for i, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].kind == "word" and tokens[j].text.upper() == "SILENT":
            j += 1
        target = tokens[j] if j < len(tokens) else None
        targets.append(_resolve(target, known))
    return targets


def _resolve(token: Token | None, prefixes: Mapping[str, str]) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + local
    return None


def check_service_policy(
    sparql: str, allowlist: Iterable[str], prefixes: Mapping[str, str]
) -> None:
    """Raise :class:`Forbidden` unless every ``SERVICE`` target starts with an allowed prefix.

    Federation makes the server fetch URLs a client chose, from inside our network, so it is off
    unless an operator lists endpoint prefixes (``GSIKG_SERVICE_ALLOWLIST``). A variable target
    could name anything and is always refused.
    """
    allowed = tuple(allowlist)
    for target in service_targets(sparql, prefixes):
        if target is None:
            raise Forbidden(
                "SERVICE with a variable or unresolvable endpoint is not allowed; name the "
                "endpoint IRI"
            )
        if not target.startswith(allowed):
            policy = (
                f"allowed endpoint prefixes: {', '.join(allowed)}"
                if allowed
                else "federated queries are disabled on this server"
            )
            raise Forbidden(f"SERVICE <{target}> is not allowed ({policy})")
