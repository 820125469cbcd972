"""The VoID counts of a release (``kg.read.stats.count_dataset_stats``): a statement stated in
several graphs counts once, in the whole and in its property's partition."""

from __future__ import annotations

import io
from pathlib import Path

from kg.namespaces import Namespace
from kg.read.reader import Reader
from kg.read.stats import count_dataset_stats
from kg.releases import Release
from kg.store import bulk_load_nquads, open_read_only, open_writable

NS = Namespace()
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_a_statement_in_three_graphs_counts_once(tmp_path: Path) -> None:
    concept, other = NS.concept("npt"), NS.concept("ctbt")
    graphs = [NS.graph(name) for name in ("a", "b", "c")]
    lines = [f'<{concept}> <{LABEL}> "不扩散核武器条约"@zh <{g}> .' for g in graphs]
    lines += [f'<{other}> <{LABEL}> "全面禁止核试验条约"@zh <{graphs[0]}> .']
    lines += [f"<{concept}> <{TYPE}> <{NS.term('Treaty')}> <{g}> ." for g in graphs[:2]]
    store_dir = tmp_path / "store"
    store = open_writable(store_dir)
    bulk_load_nquads(store, io.BytesIO("\n".join(lines).encode() + b"\n"))
    del store
    reader = Reader(Release(tmp_path), open_read_only(store_dir), NS, 10**6, 10**9)

    stats = count_dataset_stats(reader)

    assert dict(stats.property_triples) == {LABEL: 2, TYPE: 1}
    assert stats.triples == 3
    assert dict(stats.graphs) == {graphs[0]: 3, graphs[1]: 2, graphs[2]: 1}
    assert (stats.distinct_subjects, stats.classes) == (2, ((NS.term("Treaty"), 1),))
