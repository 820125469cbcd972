"""Printing a query's answer in a terminal: a table, or the JSON or CSV the endpoint would send.

The CLI asks the read door for the answer in the media type :func:`answer_media_type` chooses and
renders it here, in its own process (parsing results is not a store read).
"""

from __future__ import annotations

import io
import unicodedata
from enum import StrEnum

from kg.errors import UsageError
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
    """The media type to ask for: Turtle for graphs (JSON-LD with ``json``), CSV for a CSV table,
    else JSON (parsed into a table, or into ``true``/``false`` for ASK).

    Raises :class:`UsageError` for a form the format cannot hold (a graph or a boolean as CSV).
    """
    if fmt is OutputFormat.CSV and (operation.returns_graph or operation is Operation.ASK):
        raise UsageError(
            f"--format csv holds a table; a{'n' if operation is Operation.ASK else ''} "
            f"{operation.name} query gives "
            + (
                "a graph: use table (Turtle) or json (JSON-LD)"
                if operation.returns_graph
                else "true or false: use table or json"
            )
        )
    if operation.returns_graph:
        return (RdfFormat.JSON_LD if fmt is OutputFormat.JSON else RdfFormat.TURTLE).media_type
    if fmt is OutputFormat.CSV and operation is not Operation.ASK:
        return QueryResultsFormat.CSV.media_type
    return QueryResultsFormat.JSON.media_type


def render(answer: QueryAnswer, fmt: OutputFormat) -> str:
    """The answer for a terminal (table) or a script (JSON, CSV, or Turtle for graphs)."""
    if fmt is OutputFormat.JSON or answer.media_type != QueryResultsFormat.JSON.media_type:
        text = answer.body.decode("utf-8")
        return text if text.endswith("\n") or not text else text + "\n"
    result = parse_query_results(answer.body, QueryResultsFormat.JSON)
    if isinstance(result, QueryBoolean):
        return "true\n" if bool(result) else "false\n"
    assert isinstance(result, QuerySolutions)
    return _table(result)


def _table(solutions: QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_plain(s[name]) for name in names] for s in solutions]
    widths = [
        min(60, max([display_width(n), *(display_width(r[i]) for r in rows)]))
        for i, n in enumerate(names)
    ]
    out = io.StringIO()
    line = " | ".join(_pad(n, w) for n, w in zip(names, widths, strict=True))
    out.write(line + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters (Chinese) take two.

    >>> display_width("NPT"), display_width("不扩散条约")
    (3, 10)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """``text`` cut (with …) or padded with spaces to exactly ``width`` columns."""
    if display_width(text) > width:
        cut, used = [], 0
        for c in text:
            w = display_width(c)
            if used + w > width - 1:
                break
            cut.append(c)
            used += w
        text = "".join(cut) + "…"
    return text + " " * (width - display_width(text))


def _plain(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", str(term))
    return str(value).replace("\n", " ")
