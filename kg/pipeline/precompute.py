"""Answers the build computes once for a release, so no request has to: the dataset statistics
of the VoID and service descriptions (:mod:`kg.read.stats`), the whole-corpus network exports
(:mod:`kg.read.exports`), the passages' text table search reads (:mod:`kg.read.text_index`) and
the canned queries' answers with their default parameters (:mod:`kg.read.canned`), written as
files into the compacted release before it is published.

They are the same read functions the server runs, run here on the compacted store without the
server's limits (the build is the one place allowed to scan everything).
"""

from __future__ import annotations

from pathlib import Path

from kg.read.canned import write_default_answers
from kg.read.exports import EXPORTS_DIR, write_exports
from kg.read.reader import Reader
from kg.read.stats import STATS_FILE, count_dataset_stats, write_dataset_stats
from kg.read.text_index import INDEX_FILE, write_text_index
from kg.releases import STORE_DIR, Release
from kg.store import open_read_only

# Large enough never to stop a whole-corpus read; the build has no request to protect.
UNBOUNDED = 1 << 62


def write_precomputed(release_dir: Path, release: Release, queries: Path) -> int:
    """Write :data:`STATS_FILE`, :data:`INDEX_FILE`, the :data:`EXPORTS_DIR` files and the
    :data:`ANSWERS_DIR` files of the canned queries in ``queries`` into ``release_dir`` (a release
    not yet published, whose metadata is ``release``'s); return the number of files."""
    reader = Reader(
        Release(release_dir),
        open_read_only(release_dir / STORE_DIR),
        release.namespace(),
        UNBOUNDED,
        UNBOUNDED,
    )
    write_dataset_stats(count_dataset_stats(reader), release_dir / STATS_FILE)
    write_text_index(reader, release_dir / INDEX_FILE)
    exports = write_exports(reader, release_dir / EXPORTS_DIR)
    return 2 + exports + write_default_answers(reader, queries, release_dir)
