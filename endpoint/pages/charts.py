"""The chart of a canned query's page (``# chart: KIND X Y``), as data for
``static/query-chart.js``: Y (a count) against X, with

* labels, not IRIs: an IRI in the X column is shown by its label in the page's language;
* every year: when X is a year, every year from the first to the last is a point (0 when no row
  names it), and the rows without a year (undated documents) are shown apart, as such;
* no zero tail: a bar chart of categories leaves out the bars of 0 (the chart says how many);
* whole numbers on the axis when every value is one (counts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TypeVar

from kg.read.canned import Chart, Table

_YEAR = re.compile(r"^\d{4}$")
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class ChartData:
    """What query-chart.js draws."""

    kind: str
    label: str
    labels: list[str]
    values: list[float]
    undated: float | None  # the Y of the rows without a year (None: no such rows)
    undated_label: str
    omitted: int  # bars of 0 left out
    integer: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def every_year(counts: Mapping[int, N]) -> list[tuple[int, N | int]]:
    """``counts`` by year with every year from the first to the last, absent ones as 0.

    >>> every_year({2021: 2, 2023: 1})
    [(2021, 2), (2022, 0), (2023, 1)]
    >>> every_year({})
    []
    """
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def _number(text: str) -> float:
    try:
        return float(text) if text else 0.0
    except ValueError:
        return 0.0


def chart_data(
    chart: Chart, table: Table, names: Mapping[str, str], undated_label: str
) -> ChartData | None:
    """The chart of ``table`` as ``chart`` declares it (None if the table lacks its columns);
    ``names`` gives the label of each IRI of the X column.

    >>> from kg.read.canned import Cell, ChartKind
    >>> rows = ((Cell("2021"), Cell("1")), (Cell("2023"), Cell("1")), (Cell(""), Cell("3")))
    >>> data = chart_data(Chart(ChartKind.LINE, "year", "n"), Table(("year", "n"), rows, False),
    ...                   {}, "undated")
    >>> data.labels, data.values, data.undated, data.integer
    (['2021', '2022', '2023'], [1.0, 0.0, 1.0], 3.0, True)
    """
    if chart.x not in table.columns or chart.y not in table.columns:
        return None
    x, y = table.columns.index(chart.x), table.columns.index(chart.y)
    points = [(row[x], _number(row[y].text)) for row in table.rows]
    undated = [value for cell, value in points if not cell.text]
    dated = [(cell, value) for cell, value in points if cell.text]
    omitted = 0
    if dated and all(_YEAR.match(cell.text) for cell, _ in dated):
        by_year: dict[int, float] = {}
        for cell, value in dated:
            by_year[int(cell.text)] = by_year.get(int(cell.text), 0) + value
        filled = every_year(by_year)
        labels = [str(year) for year, _ in filled]
        values = [float(value) for _, value in filled]
    else:
        shown = [(cell, value) for cell, value in dated if value] if chart.kind == "bar" else dated
        omitted = len(dated) - len(shown)
        labels = [names.get(cell.iri, cell.text) if cell.iri else cell.text for cell, _ in shown]
        values = [value for _, value in shown]
    everything = [*values, *undated]
    return ChartData(
        kind=chart.kind.value,
        label=chart.y,
        labels=labels,
        values=values,
        undated=sum(undated) if undated else None,
        undated_label=undated_label,
        omitted=omitted,
        integer=all(v == int(v) for v in everything),
    )
