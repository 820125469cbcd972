"""The corpus at a glance, for the home page: documents per year (every year between the first
and the last, undated documents counted apart), concepts per class, the most cited treaties and
organisations, the latest additions.

Every count comes from the statistics graph (``stats:`` data sets, :mod:`kg.pipeline.statistics`),
so the page reads a few hundred observations whatever the size of the corpus. A read function
(:func:`corpus_overview`), run through the door like every page model.
"""

from __future__ import annotations

from dataclasses import dataclass

from endpoint.pages.charts import every_year
from endpoint.pages.models import INDEX_CLASSES, Labels, label_map
from kg.read.reader import Reader

DOCUMENTS_PER_YEAR = """
SELECT ?year (COUNT(?o) AS ?documents) WHERE {
  ?o qb:dataSet stats:document .
  OPTIONAL { ?o gsi:refYear ?year }
} GROUP BY ?year ORDER BY ?year
"""
TOTALS = """
SELECT (COUNT(?o) AS ?documents) (SUM(?p) AS ?passages) (SUM(?m) AS ?mentions)
       (SUM(?s) AS ?stances) WHERE {
  ?o qb:dataSet stats:document ; gsi:passageCount ?p ; gsi:mentionCount ?m ; gsi:stanceCount ?s .
}
"""
# Concepts of each base class: how many, how many the corpus mentions, and their mentions. The
# counts are a subquery, evaluated once and joined by hash (see models.CONCEPT_INDEX).
CONCEPTS_PER_CLASS = """
SELECT ?class (COUNT(?c) AS ?concepts) (SUM(IF(BOUND(?counted), 1, 0)) AS ?used)
       (SUM(COALESCE(?counted, 0)) AS ?mentions) WHERE {
  VALUES ?class { gsi:Principle gsi:Domain gsi:Organisation gsi:Treaty gsi:Mechanism gsi:Topic }
  { SELECT DISTINCT ?c ?class WHERE { ?c a ?class } }
  OPTIONAL { SELECT ?c ?counted WHERE {
    ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?counted } }
} GROUP BY ?class ORDER BY DESC(?mentions)
"""
MOST_CITED = """
SELECT ?c ?mentions ?documents WHERE {
  ?o qb:dataSet stats:concept ; gsi:refConcept ?c ; gsi:mentionCount ?mentions ;
     gsi:documentCount ?documents .
  ?c a %(class)s .
} ORDER BY DESC(?mentions) ?c LIMIT %(limit)d
"""
# The documents of the latest build runs, newest run first, then by date (latest first).
RECENT_DOCUMENTS = """
SELECT ?doc ?id ?date ?added WHERE {
  ?o qb:dataSet stats:document ; gsi:refDocument ?doc .
  ?doc dcterms:identifier ?id ; prov:wasGeneratedBy ?run .
  ?run prov:endedAtTime ?added .
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY DESC(?added) DESC(?date) ?id LIMIT %(limit)d
"""
MOST_CITED_SHOWN = 8
RECENT_SHOWN = 6


@dataclass(frozen=True)
class YearCount:
    """Documents of one year (``year`` '' for the undated ones)."""

    year: str
    documents: int


@dataclass(frozen=True)
class ClassCount:
    name: str
    concepts: int
    mentioned: int
    mentions: int


@dataclass(frozen=True)
class Cited:
    labels: Labels
    mentions: int
    documents: int


@dataclass(frozen=True)
class Added:
    labels: Labels
    doc_id: str
    date: str
    added: str


@dataclass
class Overview:
    documents: int
    passages: int
    mentions: int
    stances: int
    years: list[YearCount]
    undated: int
    classes: list[ClassCount]
    treaties: list[Cited]
    organisations: list[Cited]
    recent: list[Added]

    @property
    def busiest_year(self) -> int:
        """The most documents of any one year (the timeline's scale; at least 1)."""
        return max([1, *(y.documents for y in self.years)])


def corpus_overview(reader: Reader) -> Overview:
    """The home page's figures (see the module docstring)."""
    dated: dict[int, int] = {}
    undated = 0
    for row in reader.select(DOCUMENTS_PER_YEAR):
        if row["year"]:
            dated[int(row["year"][:4])] = int(row["documents"])
        else:
            undated = int(row["documents"])
    totals = reader.select(TOTALS)[0]
    gsi = reader.ns.gsi
    classes = [
        ClassCount(r["class"][len(gsi) :], int(r["concepts"]), int(r["used"]), int(r["mentions"]))
        for r in reader.select(CONCEPTS_PER_CLASS)
        if r["class"][len(gsi) :] in INDEX_CLASSES
    ]
    cited = {
        name: reader.select(MOST_CITED % {"class": f"gsi:{name}", "limit": MOST_CITED_SHOWN})
        for name in ("Treaty", "Organisation")
    }
    recent = reader.select(RECENT_DOCUMENTS % {"limit": RECENT_SHOWN})
    names = label_map(
        reader, {r["c"] for rows in cited.values() for r in rows} | {r["doc"] for r in recent}
    )

    def ranked(rows: list[dict[str, str]]) -> list[Cited]:
        return [Cited(names[r["c"]], int(r["mentions"]), int(r["documents"])) for r in rows]

    return Overview(
        documents=int(totals["documents"] or 0),
        passages=int(totals["passages"] or 0),
        mentions=int(totals["mentions"] or 0),
        stances=int(totals["stances"] or 0),
        years=[YearCount(str(y), n) for y, n in every_year(dated)],
        undated=undated,
        classes=classes,
        treaties=ranked(cited["Treaty"]),
        organisations=ranked(cited["Organisation"]),
        recent=[Added(names[r["doc"]], r["id"], r["date"], r["added"][:10]) for r in recent],
    )
