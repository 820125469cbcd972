"""Canned-query parameters by name: a concept parameter may be given by its slug, its IRI, or any
Chinese or English ``skos:prefLabel`` or ``skos:altLabel`` (``concept=npt``,
``concept=不扩散核武器条约``, ``concept=NPT``); an unknown name or parameter is a
:class:`~kg.errors.UsageError` (400, exit code 2) naming what is allowed and the closest
candidates (:mod:`difflib`).

:func:`resolve_parameters` is a read function (it asks the store which concept a name is), run
through the door before the query's parameters are bound (:meth:`kg.read.canned.CannedQuery.bind`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import UsageError
from kg.namespaces import RDF_TYPE, SKOS_CONCEPT
from kg.read.canned import CannedQuery, ParamType
from kg.read.reader import Reader
from kg.store import NamedNode

# The concepts a name (compared without case) is a label of, preferred labels first.
CONCEPTS_NAMED = """
SELECT DISTINCT ?c ?preferred WHERE {
  { ?c skos:prefLabel ?label BIND(true AS ?preferred) }
  UNION { ?c skos:altLabel ?label BIND(false AS ?preferred) }
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
  ?c a skos:Concept .
} ORDER BY DESC(?preferred) ?c
"""
# Every concept's preferred labels (for suggestions and the HTML form's completion).
PREFERRED_LABELS = """
SELECT ?c ?label (LANG(?label) AS ?lang) WHERE { ?c a skos:Concept ; skos:prefLabel ?label }
"""
SUGGESTIONS = 5
_SLUG = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class ConceptName:
    """One concept for the form's completion: its slug and its preferred labels."""

    slug: str
    zh: str
    en: str


def close_matches(name: str, candidates: Iterable[str], count: int = SUGGESTIONS) -> list[str]:
    """The candidates closest to ``name`` (:func:`difflib.get_close_matches`, case ignored),
    best first, each once.

    >>> close_matches("concpt", ["concept", "doc", "min"])
    ['concept']
    >>> close_matches("nptt", ["NPT", "npt", "doc"])
    ['NPT']
    """
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(candidate.casefold(), candidate)
    found = difflib.get_close_matches(name.casefold(), list(by_key), n=count, cutoff=0.5)
    return [by_key[key] for key in found]


def suggestion(found: list[str]) -> str:
    """'; did you mean X, Y?' for some close matches ('' for none)."""
    return f"; did you mean {', '.join(found)}?" if found else ""


def check_parameter_names(
    query: CannedQuery, names: Iterable[str], also_allowed: Iterable[str] = ()
) -> None:
    """Raise :class:`UsageError` for the first of ``names`` that is neither a parameter of
    ``query`` nor in ``also_allowed`` (the request's own arguments), with the parameters and the
    closest ones."""
    known = [p.name for p in query.params]
    allowed = {*known, *also_allowed}
    unknown = sorted(set(names) - allowed)
    if unknown:
        listed = ", ".join(known) or "none"
        raise UsageError(
            f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {listed})"
            + suggestion(close_matches(unknown[0], known))
        )


def names_concepts(query: CannedQuery, values: dict[str, str]) -> bool:
    """Whether ``values`` give a concept by name (a store read resolves it); with none, the
    values are used as they are, and no read is needed to check them."""
    return any(p.type is ParamType.CONCEPT and values.get(p.name, "").strip() for p in query.params)


def resolve_parameters(
    reader: Reader, query: CannedQuery, given: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    """The ``given`` parameter values (name, value pairs: a read's arguments are cache keys) with
    each concept's name replaced by the concept's IRI; raise :class:`UsageError` for an unknown
    parameter or a name no concept has. A read function."""
    values = dict(given)
    check_parameter_names(query, values)
    resolved = dict(values)
    for param in query.params:
        raw = values.get(param.name, "").strip()
        if param.type is ParamType.CONCEPT and raw:
            resolved[param.name] = resolve_concept(reader, param.name, raw)
    return resolved


def resolve_concept(reader: Reader, parameter: str, name: str) -> str:
    """The IRI of the concept ``name`` is the slug, IRI or a label of; UsageError otherwise (or
    if the name is an alt label of several concepts and a preferred label of none)."""
    candidates = []
    if "://" in name:
        candidates.append(reader.ns.rebase(name))
    elif _SLUG.match(name):
        candidates.append(reader.ns.concept(name))
    for iri in candidates:
        try:
            node = NamedNode(iri)
        except ValueError:  # not an IRI: perhaps a label
            continue
        if reader.quads(node, NamedNode(RDF_TYPE), NamedNode(SKOS_CONCEPT)):
            return iri
    rows = reader.select(CONCEPTS_NAMED, name=name)
    preferred = [r["c"] for r in rows if r["preferred"] == "true"]
    named = preferred or [r["c"] for r in rows]
    if len(set(named)) == 1:
        return named[0]
    if named:
        slugs = ", ".join(sorted({iri.rsplit("/", 1)[-1] for iri in named}))
        raise UsageError(
            f"parameter {parameter}={name!r} names several concepts ({slugs}); give the slug"
        )
    known = [n for c in concept_names(reader) for n in (c.slug, c.zh, c.en) if n]
    raise UsageError(
        f"parameter {parameter}={name!r}: no concept has this slug, IRI or label (a concept is "
        "given by its slug, its IRI, or a Chinese or English label or alt label; /concepts "
        "lists them)" + suggestion(close_matches(name, known))
    )


def concept_names(reader: Reader) -> list[ConceptName]:
    """Every concept's slug and preferred labels, by slug (for the form's completion). A read
    function."""
    labels: dict[str, dict[str, str]] = {}
    rows = reader.select(PREFERRED_LABELS)
    prefix = reader.ns.concept("")
    for row in rows:
        if row["c"].startswith(prefix):
            labels.setdefault(row["c"][len(prefix) :], {}).setdefault(row["lang"], row["label"])
    return [
        ConceptName(slug, names.get("zh", ""), names.get("en", ""))
        for slug, names in sorted(labels.items())
    ]
