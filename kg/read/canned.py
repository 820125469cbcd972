"""Canned research queries: one ``queries/NAME.rq`` file each, with a comment header.

Header lines (before the query, each starting with ``#``)::

    # title: Treaties each document invokes
    # description: One row per document and treaty, with the number of mentions.
    # param: doc iri - the document (optional: unbound means every document)
    # chart: bar label mentions

``param`` is ``NAME TYPE DEFAULT description``; TYPE is one of :class:`ParamType`; DEFAULT ``-``
means none (the variable stays unbound and matches anything). ``chart`` (optional) is ``KIND X Y``
with KIND ``bar`` or ``line``: the HTML page draws Y against X.

Parameters are bound as RDF terms through pyoxigraph's ``substitutions`` (never pasted into the
query text), so a value cannot change the query. pyoxigraph only substitutes variables that the
query projects, so every parameter variable appears in the SELECT clause.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kg.errors import NotFound, UsageError
from kg.namespaces import XSD_DATE, XSD_INTEGER, Namespace
from kg.read.reader import Reader, with_values
from kg.read.sparql import QueryAnswer, serialize_solutions
from kg.store import Literal, NamedNode, QueryResultsFormat, QuerySolutions

_HEADER_RE = re.compile(r"^#\s*(title|description|param|chart)\s*:\s*(.*)$")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ParamType(StrEnum):
    IRI = "iri"
    CONCEPT = "concept"
    STRING = "string"
    INTEGER = "integer"
    DATE = "date"


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Param:
    """A named query parameter; ``default`` None means unbound unless given."""

    name: str
    type: ParamType
    default: str | None
    description: str


@dataclass(frozen=True)
class Chart:
    """Draw column ``y`` (a number) against column ``x``."""

    kind: ChartKind
    x: str
    y: str


# Parameter name → its value as an RDF term (a tuple, so a read of it can be a cache key).
Bindings = tuple[tuple[str, NamedNode | Literal], ...]


@dataclass(frozen=True)
class CannedQuery:
    """One stored query with its documentation."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    chart: Chart | None = None

    def bind(self, values: Mapping[str, str], ns: Namespace) -> Bindings:
        """RDF terms for the given parameter values (plus defaults), in parameter order.

        Raises :class:`UsageError` for an unknown parameter or a value that is not of its type.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise UsageError(
                f"query {self.name!r} has no parameter {unknown[0]!r} "
                f"(parameters: {', '.join(known) or 'none'})"
            )
        bound: list[tuple[str, NamedNode | Literal]] = []
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is not None and raw != "":
                bound.append((param.name, to_term(param, raw, ns)))
        return tuple(bound)


def to_term(param: Param, raw: str, ns: Namespace) -> NamedNode | Literal:
    """The RDF term for ``raw`` as a value of ``param``; raise :class:`UsageError` if invalid.

    >>> to_term(Param("concept", ParamType.CONCEPT, None, ""), "npt", Namespace())
    <NamedNode value=https://w3id.org/gsi-kg/concept/npt>
    >>> to_term(Param("min", ParamType.INTEGER, None, ""), "3", Namespace()).value
    '3'
    """
    try:
        if param.type is ParamType.STRING:
            return Literal(raw)
        if param.type is ParamType.INTEGER:
            return Literal(str(int(raw)), datatype=NamedNode(XSD_INTEGER))
        if param.type is ParamType.DATE:
            return Literal(dt.date.fromisoformat(raw).isoformat(), datatype=NamedNode(XSD_DATE))
        if param.type is ParamType.CONCEPT and _SLUG_RE.match(raw):
            return NamedNode(ns.concept(raw))
        if "://" not in raw:
            # A relative IRI (``actor/china``, ``doc/gsi-concept-paper``) is read against the base.
            return NamedNode(ns.base + raw.lstrip("/"))
        return NamedNode(ns.rebase(raw))
    except ValueError as exc:
        raise UsageError(f"parameter {param.name}={raw!r} is not a valid {param.type}") from exc


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.rq`` file; raise :class:`UsageError` naming the file and line if malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read query ({exc})") from exc
    if not _NAME_RE.match(path.stem):
        raise UsageError(f"{path}: query names are lower-case letters, digits and '-'")
    fields: dict[str, str] = {}
    params: list[Param] = []
    chart: Chart | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER_RE.match(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append(_parse_param(value, path, number))
        elif key == "chart":
            chart = _parse_chart(value, path, number)
        else:
            fields[key] = value
    for required in ("title", "description"):
        if not fields.get(required):
            raise UsageError(f"{path}: missing '# {required}:' header line")
    return CannedQuery(
        name=path.stem,
        title=fields["title"],
        description=fields["description"],
        params=tuple(params),
        sparql=text,
        chart=chart,
    )


def _parse_param(value: str, path: Path, line: int) -> Param:
    parts = value.split(None, 3)
    if len(parts) < 3 or not _VAR_RE.match(parts[0]):
        raise UsageError(f"{path}:{line}: expected '# param: NAME TYPE DEFAULT description'")
    try:
        kind = ParamType(parts[1])
    except ValueError as exc:
        types = ", ".join(t.value for t in ParamType)
        message = f"{path}:{line}: parameter type {parts[1]!r} is not one of {types}"
        raise UsageError(message) from exc
    default = None if parts[2] == "-" else parts[2]
    return Param(parts[0], kind, default, parts[3] if len(parts) > 3 else "")


def _parse_chart(value: str, path: Path, line: int) -> Chart:
    parts = value.split()
    try:
        kind = ChartKind(parts[0])
    except (ValueError, IndexError) as exc:
        raise UsageError(f"{path}:{line}: expected '# chart: bar|line X Y'") from exc
    if len(parts) != 3:
        raise UsageError(f"{path}:{line}: expected '# chart: bar|line X Y'")
    return Chart(kind, parts[1], parts[2])


def load_queries(directory: Path) -> dict[str, CannedQuery]:
    """Every ``*.rq`` file in ``directory``, by name (sorted)."""
    if not directory.is_dir():
        raise UsageError(f"{directory}: no canned query directory")
    return {q.name: q for q in map(parse_query_file, sorted(directory.glob("*.rq")))}


def find_query(directory: Path, name: str) -> CannedQuery:
    """The canned query called ``name``; raise :class:`NotFound` listing the known names."""
    queries = load_queries(directory)
    if name not in queries:
        raise NotFound(f"no canned query {name!r}; known: {', '.join(queries)}")
    return queries[name]


def _solutions(reader: Reader, query: CannedQuery, bindings: Bindings) -> QuerySolutions:
    result = reader.query(with_values(query.sparql, dict(bindings)))
    if not isinstance(result, QuerySolutions):
        raise UsageError(f"canned query {query.name!r} is not a SELECT query")
    return result


def canned_answer(
    reader: Reader, query: CannedQuery, bindings: Bindings, media_type: str
) -> QueryAnswer:
    """Run ``query`` with its parameters bound as RDF terms (pyoxigraph ``substitutions``) and
    serialise the results as ``media_type``, within the caps. A read function."""
    fmt = QueryResultsFormat.from_media_type(media_type) or QueryResultsFormat.JSON
    solutions = _solutions(reader, query, bindings)
    body = serialize_solutions(solutions, fmt, reader.max_rows, reader.max_bytes)
    return QueryAnswer(body, fmt.media_type)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and the IRI it links to ('' for a literal)."""

    text: str
    iri: str = ""


@dataclass(frozen=True)
class Table:
    """Results for display: the columns and at most ``limit`` rows; ``more`` if there were more."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    more: bool


def canned_table(reader: Reader, query: CannedQuery, bindings: Bindings, limit: int) -> Table:
    """The first ``limit`` rows of ``query``'s results, as cells. A read function."""
    solutions = _solutions(reader, query, bindings)
    columns = tuple(v.value for v in solutions.variables)
    rows: list[tuple[Cell, ...]] = []
    for solution in solutions:
        if len(rows) == limit:
            return Table(columns, tuple(rows), more=True)
        rows.append(tuple(_cell(solution[c]) for c in columns))
    return Table(columns, tuple(rows), more=False)


def _cell(term: object) -> Cell:
    if isinstance(term, NamedNode):
        return Cell(term.value, term.value)
    if isinstance(term, Literal):
        return Cell(term.value)
    return Cell("")


def parse_param_options(options: tuple[str, ...]) -> dict[str, str]:
    """``("doc=gsi-concept-paper", …)`` → a dict; raise :class:`UsageError` without ``=``.

    >>> parse_param_options(("doc=gsi-concept-paper", "min=3"))
    {'doc': 'gsi-concept-paper', 'min': '3'}
    """
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {option!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values
