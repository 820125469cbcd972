"""Building the graph: corpus → N-Quads dump → on-disk store, published atomically.

The build streams: each document is read, cleaned, segmented and extracted in turn and its quads
are appended to the N-Quads dump, which a loader process reads as it grows and bulk-loads into the
store meanwhile (so extraction and loading use two cores; neither the corpus nor the triples are
ever held in memory). SHACL validation then reads the dump, a few documents at a time on every
core (:func:`kg.pipeline.validate.validate_nquads`), so its memory does not grow with the corpus.
Everything is written into a staging directory; only when it all succeeded (including SHACL
validation) is the staging directory renamed into ``releases/`` and ``current`` switched to it, so
a failed or killed build never touches the store being served.

The store is published as ``bulk_load`` wrote it (with the N-Quads dump), then compacted: the
build copies it (hard links, :func:`kg.store.link_copy`) into a second staging directory,
compacts that copy while the first release is already being served, writes the TriG, Turtle and
JSON-LD dumps from it (reading a compacted store is faster) and publishes it as
``releases/{run-id}-compacted``. Joins over the compacted store are two to four times faster;
until it is published the graph is queryable, only slower. If the compaction fails the
uncompacted release stays current and the build reports a warning.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import kg
from kg.errors import CorpusError, OutputError, StoreError, UsageError, ValidationError
from kg.namespaces import (
    OWL_VERSION_INFO,
    PROV_ENDED_AT_TIME,
    PROV_STARTED_AT_TIME,
    PROV_WAS_ASSOCIATED_WITH,
    XSD_DATE_TIME,
    Namespace,
    normalise_base_iri,
)
from kg.pipeline.corpus import Corpus, SourceDocument, read_document, scan_corpus
from kg.pipeline.documents import document_statements
from kg.pipeline.extract import (
    DocumentAnalysis,
    DocumentContext,
    Extractor,
    default_extractors,
    shared_analysis,
)
from kg.pipeline.loader import LoaderProcess
from kg.pipeline.nquads import (
    RDF_TYPE,
    Statement,
    Term,
    iri,
    literal,
    term,
    typed,
    vocabulary_iri,
    write_statements,
)
from kg.pipeline.ontology import ClassHierarchy, Ontology, load_ontology
from kg.pipeline.precompute import write_precomputed
from kg.pipeline.segment import segment
from kg.pipeline.sources import SourceCache
from kg.pipeline.statistics import Statistics
from kg.pipeline.translations import (
    ALIGNER_NAME,
    ALIGNER_VERSION,
    Translations,
    translation_order,
)
from kg.progress import Phase, Progress, ProgressSink
from kg.releases import (
    DUMPS_DIR,
    MANIFEST,
    RELEASES,
    STORE_DIR,
    Release,
    link_copy,
    link_or_copy,
    publish_release,
)
from kg.settings import MAX_DOCUMENT_STATEMENTS, PROJECT_ROOT
from kg.store import Literal, RdfFormat, Triple, compact_store, dump_store, open_read_only

MIB = 2**20
STAGING_PREFIX = ".staging-"
# The text extracted from PDF, Word and HTML files, by content (kg/pipeline/sources/cache.py).
SOURCE_CACHE_DIR = "cache/sources"
COMPACTED_SUFFIX = "-compacted"
DUMP_NAME = "gsi-kg.nq"
# The N-Quads dump is written first (the store is loaded from it); these come from the store.
# Triple formats (Turtle) hold the union of the graphs; dataset formats keep the graphs.
EXTRA_DUMPS = {
    "gsi-kg.trig": RdfFormat.TRIG,
    "gsi-kg.ttl": RdfFormat.TURTLE,
    "gsi-kg.jsonld": RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class BuildOptions:
    corpus: Path
    out: Path
    base_iri: str
    ontology_dir: Path
    validate: bool = True
    extra_dumps: bool = True
    # A document producing more statements than this stops the build.
    max_document_statements: int = MAX_DOCUMENT_STATEMENTS
    # Processes validating batches of documents at once (each holds about 0.4 GB).
    validation_workers: int = field(default_factory=lambda: min(4, len(os.sched_getaffinity(0))))
    # The canned queries whose default answers the release stores.
    queries: Path = PROJECT_ROOT / "queries"


@dataclass
class BuildReport:
    """What a build did; also written to the release's ``release.json``."""

    run_id: str
    base_iri: str
    documents: int = 0
    passages: int = 0
    sections: int = 0
    quads: int = 0
    boilerplate_lines: int = 0
    # Groups of passages aligned between translations and their originals.
    alignments: int = 0
    seconds: float = 0.0
    corpus_checksum: str = ""
    warnings: list[str] = field(default_factory=list)
    release: str = ""
    # Whether ``release`` holds the compacted store (false in the first, uncompacted release).
    compacted: bool = False
    # Seconds from the start to the first publication (the uncompacted store); ``seconds`` is
    # the whole build, to the compacted release.
    published_seconds: float = 0.0
    # Seconds per stage: extraction and loading overlap, so "load" is only the wait after it.
    # "compact" and "dumps" (TriG, Turtle, JSON-LD, from the compacted store) follow the first
    # publication.
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        aligned = f", {self.alignments} aligned passage groups" if self.alignments else ""
        return (
            f"{self.documents} documents, {self.passages} passages{aligned}, {self.quads} "
            f"triples in {self.seconds:.1f} s → {self.release}"
        )


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def build_graph(options: BuildOptions, progress: ProgressSink | None = None) -> BuildReport:
    """Build the graph from ``options.corpus`` and publish it under ``options.out``, reporting
    its phases to ``progress`` (:mod:`kg.progress`).

    Returns the :class:`BuildReport`. Raises a :class:`GsiKgError` (the previous release stays
    current) if a document cannot be read, the graph violates the shapes, or the options are bad.
    """
    try:
        ns = Namespace(normalise_base_iri(options.base_iri))
    except ValueError as exc:
        raise UsageError(f"--base-iri: {exc}") from exc
    corpus = scan_corpus(options.corpus)
    options.out.mkdir(parents=True, exist_ok=True)
    say = Progress(progress)
    with _build_lock(options.out):
        _remove_stale_staging(options.out)
        started = time.monotonic()
        run_id = new_run_id()
        staging = options.out / f"{STAGING_PREFIX}{run_id}"
        copy = options.out / f"{STAGING_PREFIX}{run_id}{COMPACTED_SUFFIX}"
        staging.mkdir()
        copy.mkdir()
        try:
            try:
                cache = SourceCache(options.out / SOURCE_CACHE_DIR)
                report = _build_into(staging, corpus, ns, options, run_id, say, cache)
                # Copied before it is published: no server has it open yet.
                link_copy(staging / STORE_DIR, copy / STORE_DIR)
                report.published_seconds = report.seconds = round(time.monotonic() - started, 3)
                release = _publish(options.out, staging, run_id, report)
                cache.prune()
            except OSError as exc:
                raise OutputError(
                    f"{exc.filename or staging / DUMPS_DIR / DUMP_NAME}: cannot write the build "
                    f"({exc.strerror}); "
                    "nothing was published, the previous release is still served"
                ) from exc
            say.note(f"published {release.path}; compacting a copy of its store")
            try:
                _compact_and_publish(options.out, release, copy, options, report, started, say)
            except OSError as exc:
                raise OutputError(
                    f"{exc.filename or copy / DUMPS_DIR}: cannot write the compacted copy or "
                    f"its dumps ({exc.strerror}); {release.path} was published (uncompacted, "
                    "with the N-Quads dump only) and is served"
                ) from exc
            return report
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(copy, ignore_errors=True)


def _publish(out: Path, staging: Path, name: str, report: BuildReport, keep: int = 2) -> Release:
    """Write ``release.json`` into ``staging``, move it to ``releases/{name}``, make it current
    (keeping the ``keep`` newest releases)."""
    final = out / RELEASES / name
    report.release = str(out.resolve() / RELEASES / name)
    (staging / MANIFEST).write_text(
        json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    final.parent.mkdir(exist_ok=True)
    staging.rename(final)
    return publish_release(out, final, keep=keep)


def _compact_and_publish(
    out: Path,
    loaded: Release,
    copy: Path,
    options: BuildOptions,
    report: BuildReport,
    started: float,
    progress: Progress,
) -> None:
    """Compact ``copy`` (a linked copy of ``loaded``'s store), write the extra dumps from it and
    publish it; if compaction fails, ``loaded`` stays current and the report gets a warning."""
    began = time.monotonic()
    try:
        with progress.phase("compacting the store"):
            compact_store(copy / STORE_DIR)
    except StoreError as exc:
        missing = f" and without the {', '.join(EXTRA_DUMPS)} dumps" if options.extra_dumps else ""
        warning = f"the store was published without compaction (joins are slower){missing}: {exc}"
        report.warnings.append(warning)
        progress.warning(warning)
        return
    report.timings["compact"] = round(time.monotonic() - began, 3)
    (copy / "dumps").mkdir()
    link_or_copy(loaded.dumps_path / DUMP_NAME, copy / "dumps" / DUMP_NAME)
    if options.extra_dumps:
        began = time.monotonic()
        with progress.phase("writing the dumps") as phase:
            _write_dumps(copy)
            phase.summary = ", ".join(EXTRA_DUMPS)
        report.timings["dumps"] = round(time.monotonic() - began, 3)
    began = time.monotonic()
    with progress.phase("writing the statistics, exports and canned answers"):
        write_precomputed(copy, loaded, options.queries)
    report.timings["precompute"] = round(time.monotonic() - began, 3)
    report.compacted = True
    report.seconds = round(time.monotonic() - started, 3)
    # Three: the previous build's release, replaced moments ago by ``loaded``, stays until the
    # next build, so requests still running on it (in a server that follows ``current``) finish.
    _publish(out, copy, f"{loaded.run_id}{COMPACTED_SUFFIX}", report, keep=3)


class _build_lock:
    """An exclusive lock on ``{out}/.build.lock`` so two builds never interleave."""

    def __init__(self, out: Path) -> None:
        self.path = out / ".build.lock"

    def __enter__(self) -> None:
        self.handle = self.path.open("w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.handle.close()
            raise UsageError(f"{self.path}: another build is running into this directory") from exc

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _remove_stale_staging(out: Path) -> None:
    """Staging directories and half-made ``current`` links left by killed builds (we hold the
    lock, so none is live)."""
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for link in out.glob(".current.*"):
        link.unlink(missing_ok=True)


def _build_into(
    staging: Path,
    corpus: Corpus,
    ns: Namespace,
    options: BuildOptions,
    run_id: str,
    progress: Progress,
    cache: SourceCache,
) -> BuildReport:
    started = time.monotonic()
    started_at = dt.datetime.now(dt.UTC)
    report = BuildReport(run_id=run_id, base_iri=ns.base, warnings=list(corpus.warnings))
    for warning in corpus.warnings:
        progress.warning(warning)
    files = load_ontology(options.ontology_dir, ns, shapes=options.validate)
    ontology, vocabulary = files.ontology, files.vocabulary
    hierarchy = ClassHierarchy.from_triples(ontology)
    run = iri(ns.run(run_id))
    extractors = default_extractors(ns, vocabulary)
    statistics = Statistics(ns)
    checksums = hashlib.sha256()
    dumps = staging / "dumps"
    dumps.mkdir()
    dump_path = dumps / DUMP_NAME
    loader = LoaderProcess(staging / STORE_DIR, dump_path)
    documents = len(corpus.documents)
    order = translation_order(corpus.documents)
    translations = Translations(ns, run, order)
    try:
        with (
            dump_path.open("ab") as out,
            progress.phase("extracting", total=documents, unit="documents") as phase,
        ):
            report.quads += write_statements(
                hierarchy.materialise(_in_graph(ontology, iri(ns.graph("ontology")))), out
            )
            report.quads += write_statements(
                hierarchy.materialise(_in_graph(vocabulary, iri(ns.graph("vocabulary")))), out
            )
            for meta in order:
                loader.check()
                source = read_document(meta, cache)
                checksums.update(source.checksum.encode())
                analysed: list[DocumentAnalysis] = []
                report.quads += write_statements(
                    hierarchy.materialise(
                        _document(
                            ns,
                            source,
                            run,
                            extractors,
                            report,
                            statistics,
                            options.max_document_statements,
                            analysed,
                        )
                    ),
                    out,
                )
                # Still the document's graph: its alignment, if it translates one built before.
                report.quads += write_statements(
                    hierarchy.materialise(translations.built(meta, analysed[0])), out
                )
                phase.advance(item=meta.doc_id)
            report.alignments = translations.beads
            report.corpus_checksum = checksums.hexdigest()
            report.quads += write_statements(statistics.corpus(), out)
            report.quads += write_statements(
                hierarchy.materialise(
                    _provenance(ns, run, report, started_at, extractors, vocabulary)
                ),
                out,
            )
            phase.summary = (
                f"{report.documents} documents, {report.passages} passages, "
                f"{report.quads:,} statements"
            )
    except BaseException:
        loader.abort()
        raise
    stage = _stage_timer(report, started)
    stage("extract")
    _load(loader, dump_path.stat().st_size, progress)
    stage("load")
    if options.validate:
        with progress.phase("validating", total=documents, unit="documents") as phase:
            _validate(dump_path, files, ns, options.validation_workers, phase)
            phase.summary = f"{report.documents} documents conform to ontology/shapes.ttl"
        stage("validate")
    return report


def _load(loader: LoaderProcess, size: int, progress: Progress) -> None:
    """Wait for ``loader`` to load the ``size`` bytes of the dump (a phase in MiB)."""
    with progress.phase("loading the store", total=max(1, -(-size // MIB)), unit="MiB") as phase:
        done = [0]

        def loaded(count: int) -> None:
            mib = count // MIB
            if mib > done[0]:
                phase.advance(mib - done[0])
                done[0] = mib

        loader.finish(loaded)
        phase.summary = f"{size / MIB:,.0f} MiB of N-Quads"


def _write_dumps(release_dir: Path) -> None:
    """The TriG, Turtle and JSON-LD dumps, from the store in ``release_dir``, into its dumps/."""
    store = open_read_only(release_dir / STORE_DIR)
    # pyoxigraph serialises without the GIL: the dumps are written on both cores at once.
    with ThreadPoolExecutor(max_workers=2) as pool:
        written = [
            pool.submit(dump_store, store, release_dir / "dumps" / name, fmt)
            for name, fmt in EXTRA_DUMPS.items()
        ]
        for future in written:
            future.result()


def _stage_timer(report: BuildReport, started: float) -> Callable[[str], None]:
    """Records, per stage name, the seconds since the previous stage ended."""
    last = [started]

    def stage(name: str) -> None:
        now = time.monotonic()
        report.timings[name] = round(now - last[0], 3)
        last[0] = now

    return stage


def _in_graph(triples: list[Triple], graph: Term) -> Iterator[Statement]:
    for t in triples:
        yield term(t.subject), term(t.predicate), term(t.object), graph


def _document(
    ns: Namespace,
    source: SourceDocument,
    run: Term,
    extractors: list[Extractor],
    report: BuildReport,
    statistics: Statistics,
    limit: int,
    analysed: list[DocumentAnalysis],
) -> Iterator[Statement]:
    """Every statement of one document; :class:`CorpusError` past ``limit`` of them. The
    document's analysis is appended to ``analysed`` once its statements are all made."""
    statements = _statements(ns, source, run, extractors, report, statistics, analysed)
    for count, statement in enumerate(statements, 1):
        if count > limit:
            raise CorpusError(
                source.meta.file,
                f"the document produces more than {limit:,} statements "
                "(GSIKG_MAX_DOCUMENT_STATEMENTS; 5 MiB of ordinary prose produces about "
                "4 million): split it into smaller documents",
            )
        yield statement


def _statements(
    ns: Namespace,
    source: SourceDocument,
    run: Term,
    extractors: list[Extractor],
    report: BuildReport,
    statistics: Statistics,
    analysed: list[DocumentAnalysis],
) -> Iterator[Statement]:
    clean = source.clean()
    if not clean.blocks:
        raise CorpusError(source.meta.file, "no text left after cleaning (only boilerplate?)")
    seg = segment(clean.blocks, language=source.language, headings=source.content.headings)
    report.documents += 1
    report.passages += len(seg.passages)
    report.sections += len(seg.sections)
    report.boilerplate_lines += len(clean.removed)
    yield from document_statements(ns, source, clean, seg, run)
    context = DocumentContext(ns=ns, source=source, clean=clean, segmentation=seg, run=run)
    for extractor in extractors:
        yield from extractor.extract(context)
    date = source.date or clean.published
    passages = len(seg.passages)
    analysis = shared_analysis(context)
    yield from statistics.document(source.meta.doc_id, date, passages, analysis, source.meta.genre)
    analysed.append(analysis)


def _provenance(
    ns: Namespace,
    run: Term,
    report: BuildReport,
    started_at: dt.datetime,
    extractors: list[Extractor],
    vocabulary: list[Triple],
) -> Iterator[Statement]:
    graph = iri(ns.graph("provenance"))

    def q(s: Term, p: str, o: Term) -> Statement:
        return s, vocabulary_iri(p), o, graph

    def gsi(local: str) -> Term:
        return iri(ns.term(local))

    yield run, RDF_TYPE, gsi("BuildRun"), graph
    yield q(run, PROV_STARTED_AT_TIME, typed(started_at.isoformat(), XSD_DATE_TIME))
    ended = dt.datetime.now(dt.UTC).isoformat()
    yield q(run, PROV_ENDED_AT_TIME, typed(ended, XSD_DATE_TIME))
    yield q(run, ns.term("softwareVersion"), literal(kg.__version__))
    yield q(run, ns.term("corpusChecksum"), literal(report.corpus_checksum))
    versions = [
        t.object.value
        for t in vocabulary
        if t.predicate.value == OWL_VERSION_INFO and isinstance(t.object, Literal)
    ]
    if versions:
        yield q(run, ns.term("vocabularyVersion"), literal(versions[0]))
    for extractor in extractors:
        agent = gsi(f"extractor-{extractor.name}")
        yield agent, RDF_TYPE, gsi("Extractor"), graph
        yield q(agent, ns.term("softwareVersion"), literal(extractor.version))
        yield q(run, PROV_WAS_ASSOCIATED_WITH, agent)
    aligner = gsi(f"extractor-{ALIGNER_NAME}")
    yield aligner, RDF_TYPE, gsi("Extractor"), graph
    yield q(aligner, ns.term("softwareVersion"), literal(ALIGNER_VERSION))
    yield q(run, PROV_WAS_ASSOCIATED_WITH, aligner)


def _validate(dump: Path, files: Ontology, ns: Namespace, workers: int, phase: Phase) -> None:
    from kg.pipeline.validate import format_report, validate_nquads

    report = validate_nquads(
        dump, files.shapes, files.ontology, ns, workers, validated=phase.advance
    )
    if not report.conforms:
        raise ValidationError(
            "the built graph violates the SHACL shapes:\n" + format_report(report)
        )
