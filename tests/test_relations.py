"""Relations: co-occurrence counts and typed relations with their evidence."""

from __future__ import annotations

from kg.pipeline.extract.relations import cooccurrences
from tests.extraction_support import analyse, slug


def _relations(text: str) -> set[tuple[str, str, str]]:
    result = analyse("标题\n" + text)
    return {(slug(r.subject), r.relation, slug(r.object)) for r in result.relations}


def test_cornerstone() -> None:
    assert _relations("维护以《不扩散核武器条约》为基石的国际核不扩散体系。") == {
        ("npt", "cornerstoneOf", "nuclear-non-proliferation-regime")
    }


def test_within_framework() -> None:
    found = _relations("支持在澜湄合作框架下推进非传统安全领域合作。")
    assert ("non-traditional-security", "withinFramework", "lmc") in found


def test_role() -> None:
    found = _relations("支持世界卫生组织在全球公共卫生治理中发挥领导作用。")
    assert found == {("who", "hasRole", "global-health-governance")}


def test_cooccurrence_counts_each_group_once_per_pair() -> None:
    counts = cooccurrences([["a", "b", "b"], ["b", "a"], ["a", "c"]])
    assert counts == {("a", "b"): 2, ("a", "c"): 1}


def test_relations_keep_their_evidence() -> None:
    result = analyse("标题\n维护以《不扩散核武器条约》为基石的国际核不扩散体系。")
    (relation,) = result.relations
    assert relation.passage == 2
    assert relation.quote == "维护以《不扩散核武器条约》为基石的国际核不扩散体系。"
