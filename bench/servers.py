"""The servers under test, each a subprocess on 127.0.0.1: ours (``gsi-kg serve``), Oxigraph's own
``oxigraph serve-read-only`` on the same store, and rdflib-endpoint on the same N-Quads dump.

The peers live in their own virtualenv (``bench/.venv-peers``), created from
``bench/requirements-peers.txt`` so they never disturb the project's pinned dependencies.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
PEERS_VENV = BENCH_DIR / ".venv-peers"
PEERS_REQUIREMENTS = BENCH_DIR / "requirements-peers.txt"
PROBE = "ASK { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_peers(venv: Path = PEERS_VENV) -> Path:
    """Create the peers' virtualenv if it is missing or stale; return its ``bin`` directory."""
    stamp = venv / ".installed"
    wanted = PEERS_REQUIREMENTS.read_text(encoding="utf-8")
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "-r", str(PEERS_REQUIREMENTS)],
            check=True,
        )
        stamp.write_text(wanted, encoding="utf-8")
    return venv / "bin"


@dataclass
class Server:
    """A server subprocess: its command, environment and SPARQL query path."""

    name: str
    command: list[str]
    sparql_path: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def query_path(self, sparql: str) -> str:
        return f"{self.sparql_path}?{urllib.parse.urlencode({'query': sparql})}"

    def start(self, timeout: float = 300.0) -> float:
        """Start the server; return the seconds until it answered its first query."""
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [part.replace("{port}", str(self.port)) for part in self.command],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,
            start_new_session=True,
        )
        url = self.base_url + self.query_path(PROBE)
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                request = urllib.request.Request(url, headers={"Accept": "application/json"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    response.read()
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.005)
        self.stop()
        raise TimeoutError(f"{self.name} did not answer within {timeout} s")

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until the requests left in flight by a load run are done, so they do not slow
        the next run; a server still busy after ``timeout`` seconds is restarted."""
        try:
            self.fetch(PROBE, "application/sparql-results+json", timeout=timeout)
        except OSError:
            self.stop()
            self.start()

    def fetch(self, sparql: str, accept: str, timeout: float = 120.0) -> tuple[int, bytes]:
        """One query: the HTTP status and body."""
        request = urllib.request.Request(
            self.base_url + self.query_path(sparql), headers={"Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> None:
        """Stop the server and everything it started (its own process group)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def our_server(build_dir: Path, cache_entries: int, workers: int) -> Server:
    label = "gsi-kg" + ("" if cache_entries else " (cache off)")
    return Server(
        name=label,
        command=[
            sys.executable,
            "-m",
            "kg",
            "serve",
            "--store",
            str(build_dir),
            "--port",
            "{port}",
            "--workers",
            str(workers),
        ],
        sparql_path="/sparql",
        env={
            "GSIKG_CACHE_ENTRIES": str(cache_entries),
            "PYTHONPATH": str(PROJECT_ROOT),
        },
    )


def oxigraph_server(peers_bin: Path, store_dir: Path) -> Server:
    return Server(
        name="oxigraph serve",
        command=[
            str(peers_bin / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store_dir),
            "--bind",
            "127.0.0.1:{port}",
            "--union-default-graph",
        ],
        sparql_path="/query",
    )


def rdflib_server(peers_bin: Path, dump: Path) -> Server:
    return Server(
        name="rdflib-endpoint",
        command=[str(peers_bin / "python"), str(BENCH_DIR / "rdflib_peer.py"), str(dump), "{port}"],
        sparql_path="/sparql",
    )
