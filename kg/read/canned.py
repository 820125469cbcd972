"""Canned research queries: one ``queries/NAME.rq`` file each, with a comment header.

Header lines (before the query, each starting with ``#``)::

    # title: Treaties each document invokes
    # title_zh: 各文件援引的条约
    # description: One row per document and treaty, with the number of mentions.
    # description_zh: 每份文件与条约一行，附提及次数。
    # param: doc iri - the document (optional: unbound means every document)
    # chart: bar label mentions

``title_zh`` and ``description_zh`` (optional) are what the Chinese interface shows.
``param`` is ``NAME TYPE DEFAULT description``; TYPE is one of :class:`ParamType`; DEFAULT ``-``
means none (the variable stays unbound and matches anything). ``chart`` (optional) is ``KIND X Y``
with KIND ``bar`` or ``line``: the HTML page draws Y against X.

Parameters are bound as RDF terms by a ``VALUES`` row opening the query's group, each term
written by pyoxigraph's serialiser (:func:`kg.read.reader.with_values`), so a value cannot change
the query, and the planner sees the bound variables before it orders the patterns. Every
parameter variable appears in the SELECT clause.

Answers are paged by ``LIMIT``/``OFFSET`` appended to the query (:class:`Paging`): a canned query
ends with its ``ORDER BY``, so the pages are stable, and the engine stops after the page.

The build runs every canned query once with its default parameters and stores the whole answer
in the release (:func:`write_default_answers`, ``answers/KEY.tsv``, KEY the hash of the bound
query text): the answers over every document, which grow with the corpus, are then read from
that file, a page at a time, instead of recomputed. Any other parameter value, a query file
changed since the build, or a remote store runs the query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from pathlib import Path

from kg.errors import NotFound, ResultTooLarge, UsageError
from kg.namespaces import XSD_DATE, XSD_INTEGER, Namespace
from kg.read.reader import Reader, with_values
from kg.read.sparql import QueryAnswer, serialize_solutions
from kg.releases import AnyRelease
from kg.store import Literal, NamedNode, QueryResultsFormat, QuerySolutions, parse_query_results

_HEADER_RE = re.compile(r"^#\s*(title_zh|title|description_zh|description|param|chart)\s*:\s*(.*)$")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Request parameters of every canned query (``lang``: the HTML page's language): no query may
# declare a parameter so named.
RESERVED_PARAMS = ("format", "page", "limit", "offset", "lang")
# The release's folder of canned answers the build computed (their default parameters).
ANSWERS_DIR = "answers"


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
    title_zh: str = ""
    description_zh: str = ""

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``zh`` or ``en``; English when there is no Chinese one)."""
        return self.title_zh if lang == "zh" and self.title_zh else self.title

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` (English when there is no Chinese one)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

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
        title_zh=fields.get("title_zh", ""),
        description_zh=fields.get("description_zh", ""),
    )


def _parse_param(value: str, path: Path, line: int) -> Param:
    parts = value.split(None, 3)
    if len(parts) < 3 or not _VAR_RE.match(parts[0]):
        raise UsageError(f"{path}:{line}: expected '# param: NAME TYPE DEFAULT description'")
    if parts[0] in RESERVED_PARAMS:
        reserved = ", ".join(RESERVED_PARAMS)
        raise UsageError(f"{path}:{line}: parameter name {parts[0]!r} is reserved ({reserved})")
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


@dataclass(frozen=True)
class Paging:
    """A window of a canned query's answer: at most ``limit`` rows (all if None) from ``offset``."""

    limit: int | None = None
    offset: int = 0

    @classmethod
    def parse(cls, limit: str | None, offset: str | None, max_rows: int) -> Paging:
        """From the ``limit`` and ``offset`` request parameters; UsageError naming the bad one.

        >>> Paging.parse("100", "200", 10_000)
        Paging(limit=100, offset=200)
        """
        return cls(
            None if limit in (None, "") else _count_parameter("limit", limit, 1, max_rows),
            0 if offset in (None, "") else _count_parameter("offset", offset, 0, 1 << 40),
        )

    def clause(self) -> str:
        """The ``LIMIT``/``OFFSET`` clause to append ('' for the whole answer)."""
        limit = f"LIMIT {self.limit} " if self.limit is not None else ""
        offset = f"OFFSET {self.offset}" if self.offset else ""
        return f"\n{limit}{offset}" if limit or offset else ""


def _count_parameter(name: str, raw: str, least: int, most: int) -> int:
    if not raw.isdigit() or not least <= int(raw) <= most:
        raise UsageError(f"{name}={raw!r}: expected a whole number from {least} to {most}")
    return int(raw)


def _solutions(
    reader: Reader, query: CannedQuery, bindings: Bindings, paging: Paging
) -> QuerySolutions:
    sparql = with_values(query.sparql, dict(bindings))
    stored = stored_answer(reader.release, sparql, paging)
    if stored is not None:
        return stored
    result = reader.query(sparql + paging.clause())
    if not isinstance(result, QuerySolutions):
        raise UsageError(f"canned query {query.name!r} is not a SELECT query")
    return result


def answer_name(sparql: str) -> str:
    """The release file holding the answer of the bound query ``sparql``."""
    return f"{ANSWERS_DIR}/{hashlib.sha256(sparql.encode()).hexdigest()[:32]}.tsv"


def stored_answer(release: AnyRelease, sparql: str, paging: Paging) -> QuerySolutions | None:
    """The rows ``paging`` selects of the answer the build stored for ``sparql``, if it did.

    The file is SPARQL results as TSV, one line per row after the header (line breaks inside
    values are escaped), so a page is a slice of lines.
    """
    path = release.file(answer_name(sparql))
    if path is None:
        return None
    with path.open("rb") as lines:
        header = lines.readline()
        end = None if paging.limit is None else paging.offset + paging.limit
        page = b"".join(islice(lines, paging.offset, end))
    solutions = parse_query_results(header + page, QueryResultsFormat.TSV)
    assert isinstance(solutions, QuerySolutions)
    return solutions


def write_default_answers(reader: Reader, queries: Path, release_dir: Path) -> int:
    """Store the whole answer of every canned query in ``queries`` run with its default
    parameters into ``release_dir``'s :data:`ANSWERS_DIR`; return how many.

    Run by the build on the store it is about to publish, with no caps (``reader``'s)."""
    (release_dir / ANSWERS_DIR).mkdir(parents=True, exist_ok=True)
    written = 0
    for query in load_queries(queries).values():
        sparql = with_values(query.sparql, dict(query.bind({}, reader.ns)))
        result = reader.query(sparql)
        if not isinstance(result, QuerySolutions):
            continue
        body = serialize_solutions(result, QueryResultsFormat.TSV, -1, reader.max_bytes)
        (release_dir / answer_name(sparql)).write_bytes(body)
        written += 1
    return written


def canned_answer(
    reader: Reader,
    query: CannedQuery,
    bindings: Bindings,
    media_type: str,
    paging: Paging = Paging(),
) -> QueryAnswer:
    """Run ``query`` with its parameters bound (:func:`with_values`) and serialise the rows
    ``paging`` selects as ``media_type``, within the caps. A read function."""
    fmt = QueryResultsFormat.from_media_type(media_type) or QueryResultsFormat.JSON
    solutions = _solutions(reader, query, bindings, paging)
    try:
        body = serialize_solutions(solutions, fmt, reader.max_rows, reader.max_bytes)
    except ResultTooLarge as exc:
        raise ResultTooLarge(
            f"the answer of {query.name!r} has more than {reader.max_rows} rows, the most this "
            "server returns (GSIKG_MAX_RESULTS); page it with limit and offset (?limit=N&offset=M "
            "over HTTP, --limit N --offset M in the CLI) or narrow it with a parameter"
        ) from exc
    return QueryAnswer(body, fmt.media_type)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and the IRI it links to ('' for a literal)."""

    text: str
    iri: str = ""


@dataclass(frozen=True)
class Table:
    """Results for display: the columns and one page of rows; ``more`` if there are more."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    more: bool
    page: int = 0


def canned_table(
    reader: Reader, query: CannedQuery, bindings: Bindings, limit: int, page: int = 0
) -> Table:
    """Rows ``page × limit`` to ``(page + 1) × limit`` of ``query``'s results, as cells (one
    more is asked for, to know whether a next page exists). A read function."""
    solutions = _solutions(reader, query, bindings, Paging(limit + 1, page * limit))
    columns = tuple(v.value for v in solutions.variables)
    rows: list[tuple[Cell, ...]] = []
    for solution in solutions:
        if len(rows) == limit:
            return Table(columns, tuple(rows), more=True, page=page)
        rows.append(tuple(_cell(solution[c]) for c in columns))
    return Table(columns, tuple(rows), more=False, page=page)


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
