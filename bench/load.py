"""Load generation: ``wrk`` (Debian package) with a Lua script cycling the request paths, or, when
``wrk`` is not installed, a small Python generator (threads, keep-alive ``http.client``).

Both report the same :class:`LoadResult`: completed requests, queries per second, p50/p99 latency
and failures (non-2xx answers, socket errors, timeouts).
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WRK_TIMEOUT_S = 30

_LUA = """
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  -- formatted here, not at load time, so that wrk has set the Host header
  requests = {%(requests)s}
  index = offset or 0
end
function request()
  index = index %% #requests + 1
  return requests[index]
end
function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    '\\n@@{"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,"failures":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass(frozen=True)
class Request:
    """One GET request of a load run."""

    path: str
    accept: str


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failures: int

    @property
    def qps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    base_url: str, requests: list[Request], concurrency: int, seconds: float
) -> LoadResult:
    """Drive ``base_url`` with ``requests`` in turn from ``concurrency`` connections."""
    if have_wrk():
        return _run_wrk(base_url, requests, concurrency, seconds)
    return _run_python(base_url, requests, concurrency, seconds)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_wrk(
    base_url: str, requests: list[Request], concurrency: int, seconds: float
) -> LoadResult:
    entries = ", ".join(
        f'wrk.format("GET", {_lua_string(r.path)}, {{["Accept"] = {_lua_string(r.accept)}}})'
        for r in requests
    )
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mix.lua"
        script.write_text(_LUA % {"requests": entries}, encoding="utf-8")
        threads = min(concurrency, 2)
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{concurrency}",
                f"-d{max(1, round(seconds))}s",
                f"--timeout={WRK_TIMEOUT_S}s",
                "-s",
                str(script),
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(li for li in completed.stdout.splitlines() if li.startswith("@@"))
    data = json.loads(line[2:])
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        failures=data["failures"],
    )


def _run_python(
    base_url: str, requests: list[Request], concurrency: int, seconds: float
) -> LoadResult:
    host_port = base_url.split("://", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(host, int(port or 80), timeout=WRK_TIMEOUT_S)
        mine: list[float] = []
        failed = 0
        index = offset
        while time.monotonic() < deadline:
            request = requests[index % len(requests)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", request.path, headers={"Accept": request.accept})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port or 80))
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if not latencies:
        return LoadResult(0, elapsed, 0.0, 0.0, failures[0])
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return LoadResult(len(latencies), elapsed, cuts[49] * 1000, cuts[98] * 1000, failures[0])
