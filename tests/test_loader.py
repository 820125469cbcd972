"""The build's loader process: N-Quads streamed through a pipe into a new store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store import LoaderProcess, Store

NQUADS = (
    b'<http://example.org/s> <http://example.org/p> "o" <http://example.org/g> .\n'
    b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
)


def test_streamed_quads_are_in_the_store(tmp_path: Path) -> None:
    loader = LoaderProcess(tmp_path / "store")
    loader.stdin.write(NQUADS)
    loader.finish()
    store = Store.read_only(str(tmp_path / "store"))
    assert len(store) == 2


def test_invalid_nquads_raise_store_error_with_the_parser_message(tmp_path: Path) -> None:
    loader = LoaderProcess(tmp_path / "store")
    loader.stdin.write(b"<http://example.org/s> not-a-predicate .\n")
    with pytest.raises(StoreError, match="bulk load failed"):
        loader.finish()


def test_abort_stops_the_loader(tmp_path: Path) -> None:
    loader = LoaderProcess(tmp_path / "store")
    loader.stdin.write(NQUADS)
    loader.abort()
    with pytest.raises(ValueError):
        loader.stdin.write(NQUADS)
