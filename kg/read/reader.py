"""What a read function is given, inside an executor process: the release's store opened
read-only, its IRIs, and the row cap every store read obeys.

A read function is any module-level function ``f(reader: Reader, *args)`` whose arguments and
result can be pickled; :class:`kg.read.service.ReadService` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import ResultTooLarge
from kg.namespaces import Namespace
from kg.releases import Release
from kg.store import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryResult,
    QuerySolutions,
    Store,
    Term,
    query_store,
)


@dataclass(frozen=True)
class Reader:
    """A release as read functions see it. Every method caps what it returns at ``max_rows``;
    ``max_bytes`` is the cap on the result, for reads that serialise one (they stop early)."""

    release: Release
    store: Store
    ns: Namespace
    max_rows: int
    max_bytes: int

    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[str, Term] | None = None,
        default_graph: list[NamedNode | BlankNode | DefaultGraph] | None = None,
        named_graphs: list[NamedNode | BlankNode] | None = None,
        base_iri: str | None = None,
        own_dataset: bool = False,
    ) -> QueryResult:
        """The engine's result, unconsumed (the caller applies the caps while serialising); see
        :func:`kg.store.query_store` for the arguments."""
        return query_store(
            self.store,
            sparql,
            prefixes=self.ns.prefixes(),
            substitutions=substitutions,
            default_graph=default_graph,
            named_graphs=named_graphs,
            base_iri=base_iri,
            own_dataset=own_dataset,
        )

    def select(self, sparql: str, this: str | None = None, **bindings: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as ``{variable: lexical value}`` ('' when unbound).

        ``this`` is bound as an IRI and each keyword binding as a plain literal, through
        ``substitutions`` (pyoxigraph substitutes only projected variables, so the query projects
        them). Raises :class:`ResultTooLarge` beyond :attr:`max_rows` rows.
        """
        subs: dict[str, Term] = {name: Literal(value) for name, value in bindings.items()}
        if this is not None:
            subs["this"] = NamedNode(this)
        result = self.query(sparql, substitutions=subs)
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
        for quad in self.store.quads_for_pattern(subject, predicate, obj, graph):
            found.append(quad)
            self._check(len(found), "statements")
        return found

    def exists(self, subject: NamedNode) -> bool:
        """True if some graph has a statement about ``subject``."""
        return next(iter(self.store.quads_for_pattern(subject, None, None)), None) is not None

    def _check(self, count: int, what: str) -> None:
        if count > self.max_rows:
            raise too_large(self.max_rows, what)


def too_large(max_rows: int, what: str) -> ResultTooLarge:
    """The error for a result of more than ``max_rows`` ``what`` (rows, triples …)."""
    return ResultTooLarge(
        f"the result has more than {max_rows} {what}, the most this server returns "
        "(GSIKG_MAX_RESULTS); add LIMIT (and OFFSET to page) or narrow the query"
    )
