"""The ``gsi-kg`` command line: thin shims over the build (:mod:`kg.pipeline.build`), the read
side (:mod:`kg.read`: every query and export goes through the read door, with its time limit and
caps) and the server (:mod:`endpoint.server`).

User mistakes print one ``error: …`` line on stderr and exit with the code of their
:class:`~kg.errors.GsiKgError` class (see kg/errors.py); never a traceback.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click

from kg.errors import GsiKgError, StoreError, UsageError
from kg.pipeline.build import BuildOptions, build_graph
from kg.progress import Progress
from kg.read.remote import open_remote, remote_url
from kg.read.render import OutputFormat
from kg.read.service import Limits, ReadService
from kg.releases import AnyRelease, RemoteRelease, check_release, resolve_release
from kg.settings import Settings
from kg.terminal import renderer_for


class GsiKgGroup(click.Group):
    """Turns every :class:`GsiKgError` into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GsiKgError as exc:
            click.secho(f"error: {exc.message}", fg="red", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=GsiKgGroup)
@click.version_option(package_name="gsi-kg")
def main() -> None:
    """GSI-KG: build and serve the knowledge graph of the Global Security Initiative.

    Settings can also be given as environment variables GSIKG_<NAME> (e.g. GSIKG_PORT=9000).
    """


def _settings(**overrides: Any) -> Settings:
    return Settings.from_env(**overrides)


STORE_HELP = (
    "Build directory [build/], or the http(s) URL of a SPARQL endpoint a release was loaded into "
    "(README: 'A remote store')."
)


def _store(store: str | None) -> dict[str, Any]:
    """``--store`` as settings: a URL names a remote store, anything else the build directory."""
    if store is None:
        return {}
    url = remote_url(store)
    return {"store_url": url} if url is not None else {"out": Path(store)}


def locate_release(settings: Settings, reads: ReadService) -> AnyRelease:
    """The release a command reads: the remote store's if one is set (asked through ``reads``),
    else the current one of the build directory. Raises :class:`StoreError` naming the store if
    there is none, or the endpoint cannot say which release it holds."""
    if not settings.store_url:
        return resolve_release(settings.out)
    url = remote_url(settings.store_url)
    if url is None:
        raise UsageError(f"GSIKG_STORE_URL={settings.store_url!r}: not an http(s) URL")
    return open_remote(reads, url, settings.base_iri)


def run_build(
    settings: Settings, quiet: bool = False, validate: bool = True, dumps: bool = True
) -> None:
    options = BuildOptions(
        corpus=settings.corpus,
        out=settings.out,
        base_iri=settings.base_iri,
        ontology_dir=settings.ontology,
        validate=validate,
        extra_dumps=dumps,
        max_document_statements=settings.max_document_statements,
        queries=settings.queries,
    )

    if not quiet:
        click.echo(f"building {settings.corpus} → {settings.out}", err=True)
    render = renderer_for(sys.stderr, quiet)
    try:
        report = build_graph(options, render)
    finally:
        render.close()
    if not quiet:
        click.echo(f"built: {report.summary()}", err=True)


@main.command()
@click.option("--corpus", type=click.Path(path_type=Path), help="Corpus directory [corpus/].")
@click.option("--out", type=click.Path(path_type=Path), help="Output directory [build/].")
@click.option("--base-iri", help="Base IRI for every minted IRI [https://w3id.org/gsi-kg/].")
@click.option("--ontology", type=click.Path(path_type=Path), help="Ontology directory.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for benchmarks).")
@click.option(
    "--no-dumps", is_flag=True, help="Skip the TriG, Turtle and JSON-LD dumps (N-Quads is kept)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(
    corpus: Path | None,
    out: Path | None,
    base_iri: str | None,
    ontology: Path | None,
    no_validate: bool,
    no_dumps: bool,
    quiet: bool,
) -> None:
    """Build the graph from the corpus into an on-disk store (atomically replaced).

    Shows a progress bar per phase (extracting, loading, validating, compacting …) on a terminal,
    one line per phase otherwise.
    """
    settings = _settings(corpus=corpus, out=out, base_iri=base_iri, ontology=ontology)
    run_build(settings, quiet=quiet, validate=not no_validate, dumps=not no_dumps)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--corpus", type=click.Path(path_type=Path), help="Corpus directory [corpus/].")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Build directory whose cache keeps the extracted text for the next build [build/].",
)
@click.option("-n", "--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def add(
    paths: tuple[Path, ...], corpus: Path | None, out: Path | None, dry_run: bool, quiet: bool
) -> None:
    """Add documents (FILE… or every .txt/.pdf/.html/.docx under DIR) to the corpus.

    Copies each file into the corpus directory and writes its manifest entry with the metadata
    found (title, date, language, format, encoding); prints what it found and what it could not.
    Exits 3 if a file could not be read (the others are added).
    """
    from kg.pipeline.add import add_files
    from kg.pipeline.build import SOURCE_CACHE_DIR
    from kg.pipeline.sources import SourceCache

    settings = _settings(corpus=corpus, out=out)
    cache = SourceCache(settings.out / SOURCE_CACHE_DIR)
    report = add_files(settings.corpus, paths, dry_run=dry_run, cache=cache)
    verb = "would add" if dry_run else "added"
    for item in [] if quiet else report.added:
        found = ", ".join(
            part
            for part in (
                item.media_type,
                item.encoding,
                item.language,
                item.date.isoformat() if item.date else None,
            )
            if part
        )
        click.echo(
            f"{verb} [{item.doc_id}] {item.file_name}: {item.title or '(no title)'} ({found})"
        )
        if item.missing:
            click.echo(
                f"  not found: {', '.join(item.missing)}; set them in manifest.toml [{item.doc_id}]"
            )
    for item in [] if quiet else report.skipped:
        click.echo(f"skipped {item.path}: already in the corpus as [{item.duplicate_of}]")
    for item in report.failed:
        click.secho(f"error: {item.error}", fg="red", err=True)
    if not quiet:
        click.echo(
            f"{len(report.added)} {verb}, {len(report.skipped)} already there, "
            f"{len(report.failed)} not readable"
            + (" (dry run: nothing written)" if dry_run else "")
        )
    if report.failed:
        sys.exit(3)


@main.command()
@click.option("--store", metavar="DIR|URL", help=STORE_HELP)
@click.option("--host", help="Address to bind [127.0.0.1].")
@click.option("--port", type=int, help="Port [8000].")
@click.option("--workers", type=int, help="Worker processes [2].")
@click.option(
    "--base-iri",
    help="Base IRI used if a first build is needed; of a remote store holding releases under "
    "several, the one to serve.",
)
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="Log every request on stdout [off; GSIKG_ACCESS_LOG].",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (not where it listens).")
def serve(
    store: str | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    base_iri: str | None,
    access_log: bool | None,
    quiet: bool,
) -> None:
    """Serve the graph (SPARQL endpoint, linked data, UI); builds first if there is no store.

    --store URL serves a release loaded into another SPARQL 1.1 endpoint (QLever, Virtuoso,
    oxigraph serve …; its default graph must be the union of its named graphs): pages, canned
    queries, exports and /sparql then read it, within the same limits.
    """
    from endpoint.server import run_server

    settings = _settings(
        **_store(store),
        host=host,
        port=port,
        workers=workers,
        base_iri=base_iri,
        access_log=access_log,
    )
    if settings.store_url:
        reads = read_service(settings)
        try:
            release = locate_release(settings, reads)
        finally:
            reads.close()
        assert isinstance(release, RemoteRelease)
        if not quiet:
            click.echo(f"serving {release.url}: build run {release.run_id}", err=True)
            _listening(settings)
        run_server(settings)
        return
    try:
        resolve_release(settings.out)
    except StoreError:
        if any(settings.out.glob("releases/*")) or (settings.out / "current").is_symlink():
            raise
        run_build(settings, quiet=quiet)
    check_release(resolve_release(settings.out))
    if not quiet:
        _listening(settings)
    run_server(settings)


def _listening(settings: Settings) -> None:
    """The line that tells where the server answers (on stderr; stdout is the access log)."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    click.echo(
        f"gsi-kg: listening on http://{host}:{settings.port}/ with {settings.workers} "
        "worker(s); Ctrl-C stops",
        err=True,
    )


def read_service(settings: Settings) -> ReadService:
    """The read door for one CLI command: one executor, no cache."""
    limits = Limits.of(settings)
    return ReadService(limits, executors=1)


TIMEOUT_HELP = "Stop the query after this many seconds [10; GSIKG_QUERY_TIMEOUT]."
MAX_RESULTS_HELP = "Refuse results of more rows or triples [10000; GSIKG_MAX_RESULTS]."


@main.command()
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "file", type=click.Path(path_type=Path), help="Read the query from a file."
)
@click.option("--name", help="Run the canned query queries/NAME.rq (`--list` shows them).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the canned query (repeatable), bound as an RDF term; a concept by its "
    "slug, IRI or a Chinese or English label (concept=NPT, concept=不扩散核武器条约).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and exit.")
@click.option(
    "--limit", type=click.IntRange(min=1), help="At most this many rows of a canned query."
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows first.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in OutputFormat]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--timeout", type=float, help=TIMEOUT_HELP)
@click.option("--max-results", type=int, help=MAX_RESULTS_HELP)
@click.option("--store", metavar="DIR|URL", help=STORE_HELP)
def query(
    sparql: str | None,
    file: Path | None,
    name: str | None,
    params: tuple[str, ...],
    list_queries: bool,
    limit: int | None,
    offset: int,
    fmt: str,
    timeout: float | None,
    max_results: int | None,
    store: str | None,
) -> None:
    """Run a SPARQL query (or a canned one with --name) against the built store."""
    from kg.read.canned import (
        Paging,
        canned_answer,
        find_query,
        load_queries,
        parse_param_options,
    )
    from kg.read.parameters import resolve_parameters
    from kg.read.render import answer_media_type, render
    from kg.read.sparql import SparqlRequest, answer_query, check_query
    from kg.read.tokenizer import Operation

    settings = _settings(**_store(store), query_timeout=timeout, max_results=max_results)
    if list_queries:
        for canned in load_queries(settings.queries).values():
            click.echo(f"{canned.name:32} {canned.title}")
        return
    if name is None and file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--file {file}: {exc.strerror}") from exc
    if name is None and not sparql:
        raise UsageError("give a query as an argument, with --file or with --name")
    if name is not None and (sparql or file):
        raise UsageError("--name runs a canned query; do not give a query text as well")
    if (params or limit or offset) and name is None:
        raise UsageError("--param, --limit and --offset need --name (a query text pages itself)")
    output = OutputFormat(fmt)
    reads = read_service(settings)
    try:
        release = locate_release(settings, reads)
        ns = release.namespace()
        if name is not None:
            canned = find_query(settings.queries, name)
            given = parse_param_options(params)
            values = reads.run(release, resolve_parameters, canned, tuple(given.items()))
            bindings = canned.bind(values, ns)
            media_type = answer_media_type(Operation.SELECT, output)
            paging = Paging(limit, offset)
            answer = reads.run(release, canned_answer, canned, bindings, media_type, paging)
        else:
            text = check_query(sparql or "", settings.service_allowlist, ns.prefixes())
            media_type = answer_media_type(text.operation, output)
            request = SparqlRequest.of(text, media_type)
            answer = reads.run(release, answer_query, request)
    finally:
        reads.close()
    click.echo(render(answer, output), nl=False)


@main.command()
@click.argument("network", type=click.Choice(["cooccurrence", "document-concept", "stances"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "dynamic.gexf", "cyjs", "nodes.csv", "edges.csv"]),
    help="A network's format: GraphML (with yEd graphics), GEXF 1.3, GEXF with start dates, "
    "Cytoscape.js JSON, or the CSV node or edge list [graphml]. The stances table is CSV only.",
)
@click.option("--document", help="Only this document (its id, e.g. gsi-concept-paper).")
@click.option(
    "--scope",
    type=click.Choice(["passage", "sentence"]),
    help="Co-occurrence scope, co-occurrence network only [passage].",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option("--timeout", type=float, help=TIMEOUT_HELP)
@click.option("--store", metavar="DIR|URL", help=STORE_HELP)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def export(
    network: str,
    fmt: str | None,
    document: str | None,
    scope: str | None,
    output: Path | None,
    timeout: float | None,
    store: str | None,
    quiet: bool,
) -> None:
    """Export the concept co-occurrence or the document–concept network for graph tools, or the
    actor–concept–stance table (stances.dna.csv, for discourse-network analysis).

    The whole networks are files the build wrote, copied at once; a network of one document
    (--document) is computed, shown as one phase on stderr.
    """
    from kg.read.exports import (
        STANCE_TABLE,
        ExportFormat,
        NetworkKind,
        export_file,
        stored_export,
    )

    if network == "stances":
        if fmt is not None or document is not None or scope is not None:
            raise UsageError("the stances table takes none of --format, --document, --scope")
        _export_table(STANCE_TABLE, store, timeout, output, quiet)
        return
    fmt = fmt or "graphml"

    if network == "document-concept" and scope is not None:
        raise UsageError(
            "--scope is the co-occurrence scope: the document-concept network has none "
            "(leave --scope out)"
        )
    scope = scope or "passage"
    settings = _settings(**_store(store), query_timeout=timeout)
    reads = read_service(settings)
    render = renderer_for(sys.stderr, quiet)
    of = f" of {document}" if document else ""
    try:
        release = locate_release(settings, reads)
        stored = (
            None
            if document
            else stored_export(release, NetworkKind(network), ExportFormat(fmt), scope)
        )
        if stored is not None:
            _send_stored_export(stored, output, quiet)
            return
        with Progress(render).phase(f"exporting the {network} network{of}") as phase:
            exported = reads.run(
                release, export_file, NetworkKind(network), ExportFormat(fmt), document, scope
            )
            phase.summary = f"{exported.nodes} nodes, {exported.edges} edges"
    finally:
        render.close()
        reads.close()
    if output is None:
        click.echo(exported.data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(exported.data)
    except OSError as exc:
        raise UsageError(f"--output {output}: {exc.strerror}") from exc
    if not quiet:
        click.echo(f"{exported.nodes} nodes, {exported.edges} edges → {output}", err=True)


def _export_table(
    name: str, store: str | None, timeout: float | None, output: Path | None, quiet: bool
) -> None:
    """A table export: the build's file, else computed from the store."""
    from kg.read.exports import EXPORTS_DIR, table_file

    settings = _settings(**_store(store), query_timeout=timeout)
    reads = read_service(settings)
    try:
        release = locate_release(settings, reads)
        stored = release.file(f"{EXPORTS_DIR}/{name}")
        if stored is not None:
            _send_stored_export(stored, output, quiet)
            return
        data = reads.run(release, table_file, name)
    finally:
        reads.close()
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"--output {output}: {exc.strerror}") from exc
    if not quiet:
        click.echo(f"{name} → {output}", err=True)


def _send_stored_export(stored: Path, output: Path | None, quiet: bool) -> None:
    """Copy the export file the build wrote to ``output`` (stdout if None)."""
    if output is None:
        with stored.open("rb") as source:
            shutil.copyfileobj(source, sys.stdout.buffer)
        return
    try:
        shutil.copyfile(stored, output)
    except OSError as exc:
        raise UsageError(f"--output {output}: {exc.strerror}") from exc
    if not quiet:
        click.echo(f"{stored.name}, written by the build → {output}", err=True)


@main.command()
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    help="Evaluate this corpus only (with --gold, default CORPUS/gold/).",
)
@click.option("--ontology", type=click.Path(path_type=Path), help="Ontology directory.")
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    help="Gold annotation directory with mentions.tsv and stances.tsv (with --corpus).",
)
@click.option(
    "--set",
    "set_names",
    multiple=True,
    help="Evaluate only this registered set (seeds, dev, heldout …); repeatable.",
)
@click.option(
    "--fail-under",
    type=float,
    default=0.95,
    show_default=True,
    help="Exit non-zero if the mention F1 of any class on the seeds is below this.",
)
@click.option(
    "--fail-under-stances",
    type=float,
    default=0.85,
    show_default=True,
    help="Exit non-zero if the stance F1 on the seeds is below this.",
)
@click.option("--details/--no-details", default=True, help="List misses and false positives.")
def evaluate(
    corpus: Path | None,
    ontology: Path | None,
    gold: Path | None,
    set_names: tuple[str, ...],
    fail_under: float,
    fail_under_stances: float,
    details: bool,
) -> None:
    """Score the extractors against gold annotation: P/R/F1 per class, stances with holders.

    Without --corpus, every registered set is scored: the seeds (tuned on), the development split
    (tuned on) and the held-out split (never tuned on), then a summary by split and by genre.
    Mentions count as found when span and class match exactly; stances when (document, polarity,
    target) match, and again with the holder. Exits with code 7 when a seed score is below its
    target (the held-out targets are reported, not enforced).
    """
    from kg.errors import QualityError, UsageError
    from kg.pipeline import evaluate as ev

    settings = _settings(corpus=corpus, ontology=ontology)
    if corpus is not None or gold is not None:
        specs = [
            ev.EvaluationSet("custom", ev.TUNED, settings.corpus, gold or settings.corpus / "gold")
        ]
    else:
        known = {s.name: s for s in ev.EVALUATION_SETS}
        unknown = [n for n in set_names if n not in known]
        if unknown:
            raise UsageError(f"--set {unknown[0]!r} is not one of {sorted(known)}")
        specs = [known[n] for n in set_names] if set_names else list(ev.EVALUATION_SETS)
    results: list[tuple[ev.EvaluationSet, ev.Evaluation]] = []
    for spec in specs:
        if spec.name != "custom" and not spec.gold.is_dir():
            click.echo(f"## {spec.name}: no gold at {spec.gold}, skipped\n")
            continue
        result = ev.evaluate(spec.corpus, settings.ontology, spec.gold, spec.classes)
        results.append((spec, result))
        click.echo(f"## {spec.name} ({spec.split}{': ' + spec.note if spec.note else ''})\n")
        if details:
            for score in [*result.mentions.values(), result.stances, result.stances_with_holder]:
                for item in score.misses:
                    click.echo(f"miss\t{score.name}\t{item}")
                for item in score.false_positives:
                    click.echo(f"false positive\t{score.name}\t{item}")
            click.echo()
        click.echo(result.table() + "\n")
    if len(results) > 1:
        _evaluation_summary(results)
    failing = [
        f"{spec.name}: {line}"
        for spec, result in results
        if spec.split == ev.TUNED
        for line in result.below(fail_under, fail_under_stances)
    ]
    if failing:
        raise QualityError("below target: " + "; ".join(failing))


def _evaluation_summary(results: list[tuple[Any, Any]]) -> None:
    """The summary tables of ``gsi-kg evaluate``: by set and split, and held-out by genre."""
    from kg.pipeline import evaluate as ev

    click.echo("## Summary by set and split\n")
    click.echo(ev.summary_header("set"))
    for spec, result in results:
        click.echo(result.summary_row(f"{spec.name} ({spec.split})"))
    held = [(spec.name, r) for spec, r in results if spec.split == ev.HELD_OUT]
    if not held:
        return
    pooled = ev.pooled(held)
    click.echo(pooled.summary_row("held-out, pooled"))
    click.echo("\n## Held-out by class\n")
    click.echo(pooled.table())
    click.echo("\n## Held-out by genre\n")
    click.echo(ev.summary_header("genre"))
    for genre, part in pooled.by_genre().items():
        click.echo(part.summary_row(genre))
    shortfalls = ev.held_out_shortfalls(pooled)
    click.echo(
        "\nheld-out targets (mention F1 and precision >= 0.90 for every class, stance F1 "
        ">= 0.70 with the right holder): "
        + ("met" if not shortfalls else "not met: " + "; ".join(shortfalls))
    )


if __name__ == "__main__":  # pragma: no cover
    main()
