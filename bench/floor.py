"""The floor under our build: ``Store.bulk_load`` of an N-Quads file into a fresh store, alone.

Run as a child process (``python -m bench.floor DUMP.nq STORE_DIR``) so its peak memory is its own;
prints one JSON object with the seconds of ``bulk_load`` and of the ``optimize`` that follows it.
"""

from __future__ import annotations

import json
import sys
import time

from kg.store import RdfFormat, Store


def main(dump: str, store_dir: str) -> None:
    store = Store(store_dir)
    started = time.perf_counter()
    store.bulk_load(path=dump, format=RdfFormat.N_QUADS)
    loaded = time.perf_counter()
    store.optimize()
    store.flush()
    optimized = time.perf_counter()
    print(json.dumps({"bulk_load_s": loaded - started, "optimize_s": optimized - loaded}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
