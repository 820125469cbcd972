"""The examples in the docstrings run: every module of ``kg`` and ``endpoint`` goes through
:mod:`doctest`, and the public entry points named here must carry an example."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import endpoint
import kg

# Modules whose public functions a newcomer calls first: each must have a running example.
WITH_EXAMPLES = [
    "kg.namespaces",
    "kg.store",
    "kg.rdflib_terms",
    "kg.pipeline.clean",
    "kg.pipeline.segment",
    "kg.pipeline.ontology",
    "kg.read.tokenizer",
    "kg.read.sparql",
    "kg.read.cache",
    "kg.read.canned",
    "endpoint.negotiation",
    "endpoint.pages.exports",
    "endpoint.pages.views",
    "endpoint.sparql.ui",
]


def modules() -> list[str]:
    names = []
    for package in (kg, endpoint):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith("__main__"):
                names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} should show an example"
