"""Settings, declared once as data: name, default, help. Each can be set by an environment
variable ``GSIKG_<NAME>`` (e.g. ``GSIKG_QUERY_TIMEOUT=5``) or by the matching CLI option."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.namespaces import CANONICAL_BASE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# 120 times the whole seed corpus; 5 MiB of ordinary prose (the largest document accepted)
# produces about 4 million (2.3 per character). Bounds the disk and time one document takes,
# whatever it says.
MAX_DOCUMENT_STATEMENTS = 6_000_000


@dataclass(frozen=True)
class Settings:
    """All settings with their defaults; ``metadata["help"]`` documents each."""

    corpus: Path = field(default=PROJECT_ROOT / "corpus", metadata={"help": "Corpus directory."})
    out: Path = field(default=PROJECT_ROOT / "build", metadata={"help": "Build output directory."})
    store_url: str = field(
        default="",
        metadata={
            "help": "SPARQL endpoint read as the store instead of the build directory (an http(s) "
            "URL, `--store URL`; empty: the build directory)."
        },
    )
    remote_check: float = field(
        default=30.0,
        metadata={
            "help": "Seconds between two looks at which build run a remote store holds; answers "
            "cached before it changes are served at most this long after."
        },
    )
    ontology: Path = field(
        default=PROJECT_ROOT / "ontology", metadata={"help": "Ontology, vocabulary and shapes."}
    )
    queries: Path = field(
        default=PROJECT_ROOT / "queries", metadata={"help": "Canned query directory (*.rq)."}
    )
    node_modules: Path = field(
        default=PROJECT_ROOT / "node_modules",
        metadata={"help": "npm packages served under /static/vendor/ (cytoscape, chart.js)."},
    )
    base_iri: str = field(default=CANONICAL_BASE, metadata={"help": "Base IRI of minted IRIs."})
    max_document_statements: int = field(
        default=MAX_DOCUMENT_STATEMENTS,
        metadata={"help": "Most statements one document may produce (the build stops beyond)."},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address the server binds."})
    port: int = field(default=8000, metadata={"help": "Port the server listens on."})
    workers: int = field(default=2, metadata={"help": "WSGI worker processes."})
    query_timeout: float = field(default=10.0, metadata={"help": "Seconds a query may run."})
    max_results: int = field(default=10_000, metadata={"help": "Most rows/triples returned."})
    max_body: int = field(default=1_048_576, metadata={"help": "Largest request body (bytes)."})
    query_memory: int = field(
        default=1 << 30,
        metadata={"help": "Memory one query process may use (bytes; 0 = no limit)."},
    )
    body_timeout: float = field(
        default=10.0, metadata={"help": "Seconds a client has to send a request's body (408)."}
    )
    max_answer_bytes: int = field(
        default=32 * 1_048_576,
        metadata={"help": "Largest answer a read may return (bytes; pages and exports too)."},
    )
    cache_entries: int = field(default=512, metadata={"help": "Response cache size (0 = off)."})
    service_allowlist: tuple[str, ...] = field(
        default=(), metadata={"help": "Endpoint IRI prefixes SERVICE may call (comma-separated)."}
    )
    threads: int = field(
        default=4, metadata={"help": "Threads per worker process (requests served at once)."}
    )
    executors: int = field(
        default=2, metadata={"help": "Query processes per worker (stopped at the time limit)."}
    )
    cache_bytes: int = field(
        default=64 * 1_048_576, metadata={"help": "Response cache budget per worker (bytes)."}
    )
    shared_answers: Path | None = field(
        default=None,
        metadata={
            "help": "Directory where the server's workers share cached answers "
            "(set by `gsi-kg serve` for each run)."
        },
    )
    access_log: bool = field(
        default=False,
        metadata={"help": "Log every request on stdout (costs about a third of cached answers)."},
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``GSIKG_*`` variables, then explicit overrides (CLI options)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"GSIKG_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.default, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _convert(name: str, default: object, raw: str) -> object:
    if default is None:  # an optional path
        return Path(raw) if raw else None
    try:
        if isinstance(default, bool):
            return raw.lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, tuple):
            return tuple(p.strip() for p in raw.split(",") if p.strip())
    except ValueError as exc:
        raise UsageError(f"GSIKG_{name.upper()}={raw!r}: {exc}") from exc
    return raw
