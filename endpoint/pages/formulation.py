"""How a formulation travels (提法): the section of a concept page that shows when and where a
concept is named, and by which words. Each view is the answer of a canned query, so a SPARQL user
gets the same rows (:data:`FORMULATION_QUERIES`):

* ``mentions-by-year-and-genre``: mentions by year and genre (statistics graph), drawn as a
  stacked bar chart with every year from the first to the last and the undated ones apart;
* ``surface-forms``: each distinct text of its mentions, with counts and the first and latest
  year (the mentions of the one concept, grouped by the engine);
* ``first-and-latest-use``: the earliest and latest dated document naming it (statistics graph);
* ``introducing-documents``: the documents naming it, earliest first; the page shows the first
  :data:`INTRODUCING_SHOWN`.

:func:`formulation` is a read function (it runs in an executor, through the door).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from endpoint.pages.charts import every_year
from kg.read.canned import CannedQuery, Cell, Table, canned_table
from kg.read.reader import Reader

FORMULATION_QUERIES = (
    "mentions-by-year-and-genre",
    "surface-forms",
    "first-and-latest-use",
    "introducing-documents",
)
# The introducing documents shown (the canned query lists every document, earliest first).
INTRODUCING_SHOWN = 5
# The most surface forms shown, and rows of the timeline read (years × genres).
FORMS_SHOWN = 100
TIMELINE_ROWS = 5000


@dataclass(frozen=True)
class Series:
    """One genre's mentions per year of the timeline (0 for a year without any)."""

    genre: str
    values: list[int]
    undated: int


@dataclass(frozen=True)
class Timeline:
    """Mentions by year (every year from the first to the last) and genre."""

    years: list[int]
    series: list[Series]

    @property
    def has_undated(self) -> bool:
        return any(s.undated for s in self.series)

    def chart(self, genre_name: Callable[[str], str], undated_label: str) -> dict[str, object]:
        """The data ``static/formulation-chart.js`` draws: a stack per year (the undated last,
        under ``undated_label``), one series per genre, named by ``genre_name``."""
        return {
            "labels": [str(y) for y in self.years] + ([undated_label] if self.has_undated else []),
            "series": [
                {
                    "label": genre_name(s.genre),
                    "values": s.values + ([s.undated] if self.has_undated else []),
                }
                for s in self.series
            ],
        }


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    mentions: int
    documents: int
    first_year: str
    latest_year: str
    undated_mentions: int


@dataclass(frozen=True)
class Use:
    """A document naming the concept: when, which, and the position of its first passage."""

    doc: str
    date: str
    title: str
    passage: int
    genre: str = ""
    mentions: int = 0


@dataclass(frozen=True)
class Formulation:
    timeline: Timeline
    forms: list[SurfaceForm]
    more_forms: bool
    first: Use | None
    latest: Use | None
    introducing: list[Use]
    more_documents: bool


def _rows(table: Table) -> list[dict[str, Cell]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def _count(cell: Cell) -> int:
    return int(cell.text) if cell.text else 0


def timeline(table: Table) -> Timeline:
    """The rows of ``mentions-by-year-and-genre`` as a timeline: every year from the first to
    the last, each genre's count in each (0 where none), the undated apart; genres most
    mentioned first ('' for documents without a genre)."""
    by_genre: dict[str, dict[int, int]] = {}
    undated: dict[str, int] = {}
    for row in _rows(table):
        genre, count = row["genre"].text, _count(row["mentions"])
        if row["year"].text:
            counts = by_genre.setdefault(genre, {})
            year = int(row["year"].text)
            counts[year] = counts.get(year, 0) + count
        else:
            by_genre.setdefault(genre, {})
            undated[genre] = undated.get(genre, 0) + count
    seen = {year: 0 for counts in by_genre.values() for year in counts}
    years = [year for year, _ in every_year(seen)]
    ordered = sorted(
        by_genre, key=lambda g: (-sum(by_genre[g].values()) - undated.get(g, 0), g == "", g)
    )
    return Timeline(
        years,
        [Series(g, [by_genre[g].get(y, 0) for y in years], undated.get(g, 0)) for g in ordered],
    )


def _use(row: dict[str, Cell], passage: str) -> Use:
    return Use(
        doc=row["doc"].iri,
        date=row["date"].text,
        title=row["title"].text,
        passage=_count(row[passage]),
        genre=row["genre"].text if "genre" in row else "",
        mentions=_count(row["mentions"]) if "mentions" in row else 0,
    )


def formulation(reader: Reader, queries: tuple[CannedQuery, ...], concept: str) -> Formulation:
    """How the concept ``concept`` (an IRI) travels, from the canned queries
    :data:`FORMULATION_QUERIES` (``queries``, in that order) run with it as their parameter."""
    by_name = {q.name: q for q in queries}

    def answer(name: str, limit: int) -> Table:
        query = by_name[name]
        return canned_table(reader, query, query.bind({"concept": concept}, reader.ns), limit)

    forms = answer("surface-forms", FORMS_SHOWN)
    uses = {r["use"].text: _use(r, "passage") for r in _rows(answer("first-and-latest-use", 2))}
    introducing = answer("introducing-documents", INTRODUCING_SHOWN)
    return Formulation(
        timeline=timeline(answer("mentions-by-year-and-genre", TIMELINE_ROWS)),
        forms=[
            SurfaceForm(
                r["form"].text,
                _count(r["mentions"]),
                _count(r["documents"]),
                r["first_year"].text,
                r["latest_year"].text,
                _count(r["undated_mentions"]),
            )
            for r in _rows(forms)
        ],
        more_forms=forms.more,
        first=uses.get("first"),
        latest=uses.get("latest"),
        introducing=[_use(r, "first_passage") for r in _rows(introducing)],
        more_documents=introducing.more,
    )
