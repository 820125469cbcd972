"""What a read function is given, inside an executor process: the release's store opened
read-only (or the remote SPARQL endpoint serving as the store), its IRIs, and the row cap every
store read obeys.

A read function is any module-level function ``f(reader: Reader, *args)`` whose arguments and
result can be pickled; :class:`kg.read.service.ReadService` runs it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import ResultTooLarge
from kg.namespaces import Namespace
from kg.read.tokenizer import read_query, service_calls
from kg.releases import AnyRelease
from kg.store import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResult,
    QuerySolutions,
    ReadableStore,
    RemoteStore,
    Term,
    match_quads,
    query_store,
)


@dataclass(frozen=True)
class Reader:
    """A release as read functions see it. Every method caps what it returns at ``max_rows``;
    ``max_bytes`` is the cap on the result, for reads that serialise one (they stop early)."""

    release: AnyRelease
    store: ReadableStore
    ns: Namespace
    max_rows: int
    max_bytes: int

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
        named_graphs: list[NamedNode | BlankNode] | None = None,
        base_iri: str | None = None,
        own_dataset: bool = False,
    ) -> QueryResult:
        """The engine's result, unconsumed (the caller applies the caps while serialising); see
        :func:`kg.store.query_store` for the arguments.

        A query for a remote store is parsed here first (:meth:`RemoteStore.check_syntax`), so
        its syntax errors read as a local store's, unless it calls ``SERVICE``: the endpoint
        makes that call, and only the endpoint.
        """
        prefixes = self.ns.prefixes()
        if isinstance(self.store, RemoteStore) and not service_calls(
            read_query(sparql), prefixes, base_iri
        ):
            self.store.check_syntax(sparql, prefixes, base_iri)
        return query_store(
            self.store,
            sparql,
            prefixes=prefixes,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
            own_dataset=own_dataset,
        )

    def select(self, sparql: str, this: str | None = None, **bindings: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as ``{variable: lexical value}`` ('' when unbound).

        ``this`` is bound as an IRI and each keyword binding as a plain literal, by a ``VALUES``
        row opening the query's group (:func:`with_values`). Raises
        :class:`ResultTooLarge` beyond :attr:`max_rows` rows.
        """
        values: dict[str, Term] = {name: Literal(value) for name, value in bindings.items()}
        if this is not None:
            values["this"] = NamedNode(this)
        result = self.query(with_values(sparql, values))
        assert isinstance(result, QuerySolutions), "select() runs SELECT queries"
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append({n: (solution[n].value if solution[n] is not None else "") for n in names})
            self._check(len(rows), "rows")
        return rows

    def quads(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None = None,
        obj: Term | None = None,
        graph: NamedNode | None = None,
    ) -> list[Quad]:
        """The quads matching a pattern (None matches anything), at most :attr:`max_rows`."""
        found: list[Quad] = []
        for quad in match_quads(self.store, subject, predicate, obj, graph, self.max_rows + 1):
            found.append(quad)
            self._check(len(found), "statements")
        return found

    def exists(self, subject: NamedNode) -> bool:
        """True if some graph has a statement about ``subject``."""
        return next(match_quads(self.store, subject, limit=1), None) is not None

    def _check(self, count: int, what: str) -> None:
        if count > self.max_rows:
            raise too_large(self.max_rows, what)


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def sparql_iri(value: str) -> str:
    """``<value>`` for a query's text; ValueError if ``value`` holds a character no IRI may.

    >>> sparql_iri("https://w3id.org/gsi-kg/doc/a/p1")
    '<https://w3id.org/gsi-kg/doc/a/p1>'
    """
    if _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with ``bindings`` (variable → RDF term) as a ``VALUES`` row opening its group
    pattern, so that the engine plans with the variables bound.

    The terms are written by pyoxigraph's own N-Triples serialiser, a syntax SPARQL accepts as
    it is, so a value can only ever be one term: it cannot change the query. (pyoxigraph's
    ``substitutions`` bind the same way but after planning, which at 20× the seed corpus made a
    concept's stances take 0.4 s instead of 15 ms.)

    >>> print(with_values("SELECT ?c WHERE { ?c ?p ?o }", {"c": NamedNode("http://e/x")}))
    SELECT ?c WHERE { VALUES (?c) { (<http://e/x>) } ?c ?p ?o }
    """
    if not bindings:
        return sparql
    start = read_query(sparql).group_start()
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{sparql[:start]} VALUES ({names}) {{ ({terms}) }}{sparql[start:]}"


def too_large(max_rows: int, what: str) -> ResultTooLarge:
    """The error for a result of more than ``max_rows`` ``what`` (rows, triples …)."""
    return ResultTooLarge(
        f"the result has more than {max_rows} {what}, the most this server returns "
        "(GSIKG_MAX_RESULTS); add LIMIT (and OFFSET to page) or narrow the query"
    )
