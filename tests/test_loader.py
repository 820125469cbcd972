"""The build's loader process: an N-Quads file loaded into a new store while it is written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.pipeline.loader import LoaderProcess
from kg.releases import link_copy
from kg.store import Literal, NamedNode, Quad, Store

NQUADS = (
    b'<http://example.org/s> <http://example.org/p> "o" <http://example.org/g> .\n'
    b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
)


def test_quads_written_while_the_loader_runs_are_all_in_the_store(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    loader = LoaderProcess(tmp_path / "store", dump)
    with dump.open("ab") as out:
        for i in range(300):  # written in pieces, with pauses the loader has to wait through
            out.write(f'<http://example.org/s{i}> <http://example.org/p> "o{i}" .\n'.encode())
            out.write(b"<http://example.org/s> <http://example.org/p> <http://example.org/o")
            out.flush()
            if i % 100 == 0:
                time.sleep(0.1)
            out.write(f"{i}> <http://example.org/g> .\n".encode())
    loader.finish()
    store = Store.read_only(str(tmp_path / "store"))
    assert len(store) == 600


def test_a_file_written_before_the_loader_starts_is_loaded(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_bytes(NQUADS)
    loader = LoaderProcess(tmp_path / "store", dump)
    loader.finish()
    assert len(Store.read_only(str(tmp_path / "store"))) == 2


def test_a_linked_copy_of_a_loaded_store_is_independent_of_it(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_bytes(NQUADS)
    LoaderProcess(tmp_path / "store", dump).finish()
    link_copy(tmp_path / "store", tmp_path / "copy")
    tables = sorted((tmp_path / "store").glob("*.sst"))
    assert tables and all((tmp_path / "copy" / t.name).samefile(t) for t in tables)
    copy = Store(str(tmp_path / "copy"))
    assert len(copy) == 2
    copy.add(
        Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("new"))
    )
    copy.optimize()
    del copy
    assert len(Store.read_only(str(tmp_path / "store"))) == 2
    assert len(Store.read_only(str(tmp_path / "copy"))) == 3


def test_invalid_nquads_raise_store_error_with_the_parser_message(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    loader = LoaderProcess(tmp_path / "store", dump)
    dump.write_bytes(b"<http://example.org/s> not-a-predicate .\n")
    with pytest.raises(StoreError, match="bulk load failed"):
        loader.finish()


def test_check_reports_a_failed_load_before_the_input_ends(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    loader = LoaderProcess(tmp_path / "store", dump)
    dump.write_bytes(b"<http://example.org/s> not-a-predicate .\n")
    deadline = time.monotonic() + 30
    with pytest.raises(StoreError, match="bulk load failed"):
        while time.monotonic() < deadline:
            loader.check()
            time.sleep(0.05)
    assert time.monotonic() < deadline


def test_abort_stops_the_loader(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_bytes(NQUADS)
    loader = LoaderProcess(tmp_path / "store", dump)
    loader.abort()
    with pytest.raises(ValueError):
        loader.control.write(b"x")
