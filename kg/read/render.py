"""Printing a query's answer in a terminal: a table, or the JSON or CSV the endpoint would send.

The CLI asks the read door for the answer in the media type :func:`answer_media_type` chooses and
renders it here, in its own process (parsing results is not a store read).
"""

from __future__ import annotations

import io
from enum import StrEnum

from kg.read.sparql import QueryAnswer
from kg.read.tokenizer import Operation
from kg.store import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse_query_results,
)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def answer_media_type(operation: Operation, fmt: OutputFormat) -> str:
    """The media type to ask for: Turtle for graphs, CSV for a CSV table, else JSON (parsed into a
    table, or into ``true``/``false`` for ASK)."""
    if operation.returns_graph:
        return RdfFormat.TURTLE.media_type
    if fmt is OutputFormat.CSV and operation is not Operation.ASK:
        return QueryResultsFormat.CSV.media_type
    return QueryResultsFormat.JSON.media_type


def render(answer: QueryAnswer, fmt: OutputFormat) -> str:
    """The answer for a terminal (table) or a script (JSON, CSV, or Turtle for graphs)."""
    if fmt is OutputFormat.JSON or answer.media_type != QueryResultsFormat.JSON.media_type:
        return answer.body.decode("utf-8")
    result = parse_query_results(answer.body, QueryResultsFormat.JSON)
    if isinstance(result, QueryBoolean):
        return "true" if bool(result) else "false"
    assert isinstance(result, QuerySolutions)
    return _table(result)


def _table(solutions: QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_plain(s[name]) for name in names] for s in solutions]
    widths = [min(60, max([len(n), *(len(r[i]) for r in rows)])) for i, n in enumerate(names)]
    out = io.StringIO()
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out.write(line + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = [
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(row, widths, strict=True)
        ]
        out.write(" | ".join(cells) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def _plain(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", str(term))
    return str(value).replace("\n", " ")
