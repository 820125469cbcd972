"""The ``gsi-kg`` command line: thin shims over :mod:`kg.build`, :mod:`kg.query` and the server.

User mistakes print one ``error: …`` line on stderr and exit with the code of their
:class:`~kg.errors.GsiKgError` class (see kg/errors.py); never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.build import BuildOptions, build_graph
from kg.errors import GsiKgError, QueryError, StoreError, UsageError
from kg.query import OutputFormat, render
from kg.settings import Settings
from kg.store import open_read_only, query_store, resolve_release


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


def run_build(
    settings: Settings, quiet: bool = False, validate: bool = True, trig: bool = True
) -> None:
    options = BuildOptions(
        corpus=settings.corpus,
        out=settings.out,
        base_iri=settings.base_iri,
        ontology_dir=settings.ontology,
        validate=validate,
        trig_dump=trig,
    )

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"  {message}", err=True)

    click.echo(f"building {settings.corpus} → {settings.out}", err=True)
    report = build_graph(options, progress)
    click.echo(f"built: {report.summary()}", err=True)


@main.command()
@click.option("--corpus", type=click.Path(path_type=Path), help="Corpus directory [corpus/].")
@click.option("--out", type=click.Path(path_type=Path), help="Output directory [build/].")
@click.option("--base-iri", help="Base IRI for every minted IRI [https://w3id.org/gsi-kg/].")
@click.option("--ontology", type=click.Path(path_type=Path), help="Ontology directory.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for benchmarks).")
@click.option("--no-trig", is_flag=True, help="Skip the TriG dump (the N-Quads dump is kept).")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary line.")
def build(
    corpus: Path | None,
    out: Path | None,
    base_iri: str | None,
    ontology: Path | None,
    no_validate: bool,
    no_trig: bool,
    quiet: bool,
) -> None:
    """Build the graph from the corpus into an on-disk store (atomically replaced)."""
    settings = _settings(corpus=corpus, out=out, base_iri=base_iri, ontology=ontology)
    run_build(settings, quiet=quiet, validate=not no_validate, trig=not no_trig)


@main.command()
@click.option("--store", "out", type=click.Path(path_type=Path), help="Build directory [build/].")
@click.option("--host", help="Address to bind [127.0.0.1].")
@click.option("--port", type=int, help="Port [8000].")
@click.option("--workers", type=int, help="Worker processes [2].")
@click.option("--base-iri", help="Base IRI used if a first build is needed.")
def serve(
    out: Path | None, host: str | None, port: int | None, workers: int | None, base_iri: str | None
) -> None:
    """Serve the graph (SPARQL endpoint, linked data, UI); builds first if there is no store."""
    from endpoint.server import run_server

    settings = _settings(out=out, host=host, port=port, workers=workers, base_iri=base_iri)
    try:
        resolve_release(settings.out)
    except StoreError:
        if any(settings.out.glob("releases/*")) or (settings.out / "current").is_symlink():
            raise
        run_build(settings)
    run_server(settings)


@main.command()
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "file", type=click.Path(path_type=Path), help="Read the query from a file."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in OutputFormat]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--store", "out", type=click.Path(path_type=Path), help="Build directory [build/].")
def query(sparql: str | None, file: Path | None, fmt: str, out: Path | None) -> None:
    """Run a SPARQL query against the built store and print the result."""
    settings = _settings(out=out)
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--file {file}: {exc.strerror}") from exc
    if not sparql:
        raise UsageError("give a query as an argument or with --file")
    release = resolve_release(settings.out)
    store = open_read_only(release)
    from kg.namespaces import Namespace

    ns = Namespace(str(release.metadata().get("base_iri", settings.base_iri)))
    result = query_store(store, sparql, prefixes=ns.prefixes())
    try:
        click.echo(render(result, OutputFormat(fmt)), nl=False)
    except OSError as exc:
        raise QueryError(f"query failed while reading results: {exc}") from exc


if __name__ == "__main__":  # pragma: no cover
    main()
