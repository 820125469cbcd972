"""A remote store: a GSI-KG release loaded into another SPARQL 1.1 endpoint (QLever, Virtuoso,
GraphDB, ``oxigraph serve``) and read through the same door as a local store.
https://www.w3.org/TR/sparql11-protocol/

How a read reaches it:

1. the read function runs in an executor (:mod:`kg.read.worker`) on a
   :class:`~kg.read.reader.Reader` whose store is a :class:`kg.store.RemoteStore`;
2. each query it asks becomes one protocol request (:class:`kg.store.HttpQuery`), which the
   executor, having no network (:mod:`kg.read.confinement`), hands to its parent;
3. the parent (:mod:`kg.read.executor`) sends it with :func:`fetch` to the one endpoint the job's
   release names, within the read's deadline and byte cap, and hands the answer back;
4. the executor parses the answer and the read goes on as on a local store.

So the query processes never open a connection themselves, and the web process only ever
connects to the configured endpoint. A release in an endpoint is known by the build run its
provenance graph records (:func:`identify`): the door's cache keys on it, and the server looks
it up again every ``GSIKG_REMOTE_CHECK`` seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException, HTTPResponse, HTTPSConnection
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from kg import __version__
from kg.errors import (
    QueryError,
    QueryTimeout,
    RemoteStoreError,
    ResultTooLarge,
    StoreError,
    UsageError,
)
from kg.namespaces import PROV_ENDED_AT_TIME, Namespace
from kg.read.reader import Reader, sparql_iri
from kg.releases import RemoteRelease
from kg.store import HttpAnswer, HttpQuery

if TYPE_CHECKING:
    from kg.read.service import ReadService

_CHUNK = 1 << 16
# The form fields of a SPARQL 1.1 Protocol query request: all a request may carry.
QUERY_FIELDS = frozenset({"query", "default-graph-uri", "named-graph-uri"})
# Where a build run is recorded, relative to the base IRI (Namespace.graph("provenance")).
PROVENANCE_GRAPH = Namespace("").graph("provenance")
# Every build run with the graph that records it; the endpoint's own graph IRIs say the base.
RUNS_QUERY = """SELECT ?graph ?run WHERE {
  GRAPH ?graph { ?run a prov:Activity ; prov:endedAtTime ?ended }
  FILTER(STRENDS(STR(?graph), "%(suffix)s"))
} ORDER BY ?graph ?run"""
# The run's end as the default graph shows it: found only if that is the union of the graphs.
UNION_QUERY = "SELECT ?ended WHERE { ?this %(ended)s ?ended } LIMIT 1"

UNION_HELP = (
    "configure the endpoint so (oxigraph serve: --union-default-graph; QLever: the default; "
    "Virtuoso: the default, with no graph in the query; GraphDB: the default); see the README, "
    '"A remote store"'
)


def remote_url(value: str) -> str | None:
    """``value`` if it names a SPARQL endpoint (an ``http://`` or ``https://`` URL), None if it
    is a path. Raises :class:`UsageError` naming ``--store`` for a URL that cannot be one.

    >>> remote_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> remote_url("build") is None
    True
    """
    if "://" not in value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise UsageError(f"--store {value}: a remote store is an http:// or https:// URL")
    try:
        parts.port  # noqa: B018 (parses the port)
    except ValueError as exc:
        raise UsageError(f"--store {value}: the port is not a number from 0 to 65535") from exc
    if not parts.hostname:
        raise UsageError(f"--store {value}: the URL names no host")
    if parts.username is not None or parts.fragment:
        raise UsageError(
            f"--store {value}: give the endpoint's URL without user name, password or fragment"
        )
    return value


def fetch(
    release: RemoteRelease, query: HttpQuery, deadline: float, max_bytes: int
) -> HttpAnswer | None:
    """POST ``query`` to the endpoint of ``release``; its answer, or None if ``deadline`` (a
    ``time.monotonic()``) passed first.

    Only a query may be sent (the fields of :data:`QUERY_FIELDS`). Raises :class:`StoreError`
    (503) if the endpoint cannot be reached or ``query`` is not a query, :class:`QueryError`
    (400) if it refuses the query as malformed (HTTP 400), :class:`RemoteStoreError` (502) for
    any other answer but 200 (redirects are not followed), :class:`ResultTooLarge` for an answer
    of more than ``max_bytes`` bytes.
    """
    unexpected = {name for name, _ in query.fields} - QUERY_FIELDS
    if unexpected:  # never an update, whatever a query process asks for
        raise StoreError(
            f"a query process asked for a request with {', '.join(sorted(unexpected))}"
        )
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None
    url = release.url
    parts = urlsplit(url)
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, timeout=remaining)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": query.accept,
        "User-Agent": f"gsi-kg/{__version__}",
    }
    try:
        connection.request("POST", target, urlencode(query.fields).encode("utf-8"), headers)
        response = connection.getresponse()
        body = _read_body(response, connection, deadline, max_bytes, url)
    except TimeoutError:
        return None
    except (OSError, HTTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from exc
    finally:
        connection.close()
    if body is None:
        return None
    media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if response.status == 200:
        return HttpAnswer(media_type, body)
    if time.monotonic() >= deadline:  # the endpoint's own time limit, ours reached too
        return None
    detail = " ".join(body[:300].decode("utf-8", "replace").split())
    said = f" ({detail})" if detail else ""
    if response.status == 400:
        raise QueryError(f"the SPARQL endpoint {url} refused the query{said}")
    raise RemoteStoreError(
        f"the SPARQL endpoint {url} answered HTTP {response.status} {response.reason}{said}"
    )


def _read_body(
    response: HTTPResponse, connection: HTTPConnection, deadline: float, max_bytes: int, url: str
) -> bytes | None:
    """The body of ``response``, read by chunks while the deadline lasts (None once it passed);
    :class:`ResultTooLarge` beyond ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        if connection.sock is not None:
            connection.sock.settimeout(remaining)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise ResultTooLarge(
                f"the answer of the SPARQL endpoint {url} is larger than {max_bytes} bytes, the "
                "most a read may take (GSIKG_MAX_ANSWER_BYTES); add LIMIT (and OFFSET to page) "
                "or narrow the query"
            )
        chunks.append(chunk)


@dataclass(frozen=True)
class StoreIdentity:
    """What a remote store holds: the release of the build run ``run_id``, under ``base_iri``."""

    base_iri: str
    run_id: str


def identify(reader: Reader, preferred_base: str) -> StoreIdentity:
    """The base IRI and build run of the release in the reader's store (a read function).

    The build records its run as a ``prov:Activity`` in ``{base}graph/provenance``; the graph's
    IRI gives the base. If the store holds releases under several bases, the one under
    ``preferred_base`` (``--base-iri``) is read. Raises :class:`StoreError` if the store holds
    no release, two releases under one base (two dumps loaded into one store mix their graphs),
    or if its default graph is not the union of its named graphs.
    """
    where = reader.release.location
    rows = reader.select(RUNS_QUERY % {"suffix": PROVENANCE_GRAPH})
    runs: dict[str, set[str]] = {}
    for row in rows:
        base = row["graph"].removesuffix(PROVENANCE_GRAPH)
        runs.setdefault(base, set()).add(row["run"])
    if not runs:
        raise StoreError(
            f"{where} holds no GSI-KG release (no build run in a graph/provenance graph); load "
            "a release's dumps/gsi-kg.nq into it"
        )
    if preferred_base in runs:
        base = preferred_base
    elif len(runs) == 1:
        [base] = runs
    else:
        raise StoreError(
            f"{where} holds releases under several base IRIs ({', '.join(sorted(runs))}); "
            "choose one with --base-iri"
        )
    if len(runs[base]) > 1:
        raise StoreError(
            f"{where} holds {len(runs[base])} build runs under {base} "
            f"({', '.join(sorted(runs[base]))}): load one release's dump into an empty store"
        )
    [run] = runs[base]
    union = reader.select(UNION_QUERY % {"ended": sparql_iri(PROV_ENDED_AT_TIME)}, this=run)
    if not union:
        raise StoreError(
            f"the default graph of {where} is not the union of its named graphs, which GSI-KG's "
            f"queries read; {UNION_HELP}"
        )
    return StoreIdentity(base, run.removeprefix(Namespace(base).run("")))


def open_remote(
    reads: ReadService, url: str, base_iri: str, started: float | None = None
) -> RemoteRelease:
    """The release in the endpoint at ``url`` (:func:`identify`, read through the door, never
    from its cache); ``base_iri`` is preferred if the endpoint holds several. Raises
    :class:`StoreError` naming ``url`` if the endpoint cannot say within the time limit."""
    probe = RemoteRelease(url, base_iri)
    try:
        identity = reads.run(probe, identify, base_iri, started=started, cache=False)
    except QueryTimeout as exc:
        raise StoreError(
            f"the SPARQL endpoint {url} did not say which release it holds within the time "
            f"limit ({reads.limits.timeout:g} s, GSIKG_QUERY_TIMEOUT)"
        ) from exc
    return RemoteRelease(url, identity.base_iri, identity.run_id)
