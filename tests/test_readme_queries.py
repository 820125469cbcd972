"""Every SPARQL example in the README runs against the built seed corpus and returns rows (or, where
the block says ``# no rows``, returns none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.namespaces import Namespace
from kg.releases import resolve_release
from kg.settings import PROJECT_ROOT
from kg.store import QuerySolutions, open_read_only, query_store

BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
EXAMPLES = BLOCK.findall((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_readme_example_runs(built: Path, query: str) -> None:
    release = resolve_release(built)
    result = query_store(open_read_only(release.store_path), query, prefixes=Namespace().prefixes())
    assert isinstance(result, QuerySolutions)
    rows = list(result)
    if "# no rows" in query:
        assert rows == []
    else:
        assert rows, query
