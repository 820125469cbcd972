"""Consistency checks for hand-annotated gold (corpus/gold, tests/dev/gold, tests/heldout/*/gold).

A gold directory ``D/gold`` annotates the documents of the corpus directory ``D`` (its
``manifest.toml``). The checks are those of corpus/gold/GUIDELINES.md (revision 2):

* every mention's ``exact`` is ``cleaned_text[start:end]`` of its document, its class is a top
  class, and no two mentions of a document overlap;
* a concept has one class in a gold directory;
* a stance's passage exists (passages as :func:`kg.pipeline.segment.segment` gives them, the way
  ``kg.pipeline.evaluate`` segments documents), its ``quote`` occurs in that passage, its ``cue``
  in the quote, its polarity is known, its target is a concept annotated in the document, its
  holder slugs exist in ontology/actors.ttl, and no stance is given twice.

Stance files have 7 columns (the last, ``holder``, may be empty); a row of 6 (the seed gold,
annotated before holders existed) has an empty holder.

Run ``python -m tests.gold_check [DIR …]`` from the checkout to print the problems of the gold
directories named (``D/gold`` or ``D``), of every gold directory when none is named.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from rdflib import Graph

from kg.namespaces import CANONICAL_BASE
from kg.pipeline.corpus import DocumentMeta, read_document, scan_corpus
from kg.pipeline.evaluate import GoldMention, GoldStance
from kg.pipeline.extract.vocabulary import TOP_CLASSES
from kg.pipeline.segment import Passage, segment

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "ontology" / "actors.ttl"
ACTOR_BASE = f"{CANONICAL_BASE}actor/"
# Revision 2 adds Topic to the five top classes the extractor knows.
CLASSES = frozenset(TOP_CLASSES) | {"Topic"}
POLARITIES = frozenset({"Support", "Opposition", "CallToAction"})
MENTION_COLUMNS = 6
STANCE_COLUMNS = 7
HOLDER_SEPARATOR = "+"


@dataclass(frozen=True)
class Problem:
    """One violation: where (file and row) and what."""

    file: Path
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.message}"


def gold_directories(root: Path = ROOT) -> list[Path]:
    """The gold directories of the checkout: the seeds', the development split's, the held-out's."""
    candidates = [root / "corpus" / "gold", root / "tests" / "dev" / "gold"]
    candidates += sorted((root / "tests" / "heldout").glob("*/gold"))
    return [d for d in candidates if (d / "mentions.tsv").exists()]


def actor_slugs(path: Path = ACTORS) -> frozenset[str]:
    """The slugs of the actors (``actor:china`` → ``china``)."""
    graph = Graph()
    graph.parse(path, format="turtle")
    return frozenset(
        str(s).removeprefix(ACTOR_BASE)
        for s in graph.subjects()
        if str(s).startswith(ACTOR_BASE) and str(s) != ACTOR_BASE
    )


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """Data rows with their line numbers (header and ``#`` comments skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(n, r) for n, r in enumerate(rows[1:], start=2) if r and not r[0].startswith("#")]


def read_mentions(path: Path, problems: list[Problem]) -> list[tuple[int, GoldMention]]:
    result = []
    for line, row in _rows(path):
        if len(row) != MENTION_COLUMNS:
            problems.append(Problem(path, line, f"{len(row)} columns, expected {MENTION_COLUMNS}"))
            continue
        try:
            start, end = int(row[1]), int(row[2])
        except ValueError:
            problems.append(Problem(path, line, f"offsets {row[1]!r}, {row[2]!r} are not numbers"))
            continue
        result.append((line, GoldMention(row[0], start, end, row[3], row[4], row[5])))
    return result


def read_stances(path: Path, problems: list[Problem]) -> list[tuple[int, GoldStance]]:
    result = []
    for line, row in _rows(path):
        if len(row) == STANCE_COLUMNS - 1:
            row = [*row, ""]
        if len(row) != STANCE_COLUMNS:
            problems.append(Problem(path, line, f"{len(row)} columns, expected {STANCE_COLUMNS}"))
            continue
        try:
            passage = int(row[1])
        except ValueError:
            problems.append(Problem(path, line, f"passage {row[1]!r} is not a number"))
            continue
        result.append((line, GoldStance(row[0], passage, *row[2:7])))
    return result


@dataclass(frozen=True)
class Document:
    text: str
    passages: list[Passage]


def load_documents(corpus_dir: Path) -> dict[str, Document]:
    """The cleaned text and passages of each document of ``corpus_dir``, by id."""
    documents: dict[str, Document] = {}
    for meta in scan_corpus(corpus_dir).documents:
        documents[meta.doc_id] = _document(meta)
    return documents


def _document(meta: DocumentMeta) -> Document:
    source = read_document(meta)
    cleaned = source.clean()
    seg = segment(cleaned.blocks, language=source.language, headings=source.content.headings)
    return Document(cleaned.text, seg.passages)


def check_mentions(
    path: Path, mentions: Iterable[tuple[int, GoldMention]], documents: dict[str, Document]
) -> list[Problem]:
    problems: list[Problem] = []
    by_doc: dict[str, list[tuple[int, GoldMention]]] = defaultdict(list)
    classes: dict[str, dict[str, int]] = defaultdict(dict)
    for line, m in mentions:
        doc = documents.get(m.doc_id)
        if doc is None:
            problems.append(Problem(path, line, f"unknown document {m.doc_id!r}"))
            continue
        if m.cls not in CLASSES:
            problems.append(Problem(path, line, f"class {m.cls!r} is not one of {sorted(CLASSES)}"))
        if not 0 <= m.start < m.end <= len(doc.text):
            problems.append(Problem(path, line, f"span {m.start}-{m.end} outside the text"))
        elif doc.text[m.start : m.end] != m.exact:
            found = doc.text[m.start : m.end]
            problems.append(Problem(path, line, f"exact {m.exact!r} but the text has {found!r}"))
        if not m.concept:
            problems.append(Problem(path, line, "empty concept"))
        classes[m.concept].setdefault(m.cls, line)
        by_doc[m.doc_id].append((line, m))
    for rows in by_doc.values():
        rows.sort(key=lambda r: (r[1].start, r[1].end))
        for (_, before), (line, after) in pairwise(rows):
            if after.start < before.end:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"{after.exact!r} at {after.start} overlaps {before.exact!r} "
                        f"at {before.start}-{before.end}",
                    )
                )
    for concept, seen in classes.items():
        if len(seen) > 1:
            line = max(seen.values())
            problems.append(Problem(path, line, f"concept {concept!r} has classes {sorted(seen)}"))
    return problems


def check_stances(
    path: Path,
    stances: Iterable[tuple[int, GoldStance]],
    documents: dict[str, Document],
    concepts: dict[str, set[str]],
    actors: frozenset[str],
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, int, str, str, str], int] = {}
    for line, s in stances:
        doc = documents.get(s.doc_id)
        if doc is None:
            problems.append(Problem(path, line, f"unknown document {s.doc_id!r}"))
            continue
        if s.polarity not in POLARITIES:
            problems.append(
                Problem(path, line, f"polarity {s.polarity!r} is not one of {sorted(POLARITIES)}")
            )
        if not 1 <= s.passage <= len(doc.passages):
            problems.append(
                Problem(path, line, f"passage {s.passage} not in 1..{len(doc.passages)}")
            )
        elif s.quote not in doc.passages[s.passage - 1].text:
            problems.append(Problem(path, line, f"quote {s.quote!r} is not in passage {s.passage}"))
        if s.cue not in s.quote:
            problems.append(Problem(path, line, f"cue {s.cue!r} is not in the quote"))
        if s.target not in concepts.get(s.doc_id, set()):
            problems.append(
                Problem(path, line, f"target {s.target!r} is not annotated in the document")
            )
        if s.holder:
            parts = s.holder.split(HOLDER_SEPARATOR)
            unknown = [p for p in parts if p not in actors]
            if unknown:
                problems.append(Problem(path, line, f"holder slug(s) {unknown} not in actors.ttl"))
            if parts != sorted(set(parts)):
                problems.append(
                    Problem(path, line, f"holder {s.holder!r} is not sorted and unique")
                )
        key = (s.doc_id, s.passage, s.polarity, s.target, s.holder)
        if key in seen:
            problems.append(Problem(path, line, f"same stance as row {seen[key]}"))
        seen.setdefault(key, line)
    return problems


def check_gold_directory(gold_dir: Path, actors: frozenset[str] | None = None) -> list[Problem]:
    """Every problem of ``gold_dir`` (which annotates the corpus directory above it)."""
    actors = actor_slugs() if actors is None else actors
    documents = load_documents(gold_dir.parent)
    problems: list[Problem] = []
    mentions = read_mentions(gold_dir / "mentions.tsv", problems)
    problems += check_mentions(gold_dir / "mentions.tsv", mentions, documents)
    concepts: dict[str, set[str]] = defaultdict(set)
    for _, m in mentions:
        concepts[m.doc_id].add(m.concept)
    stance_file = gold_dir / "stances.tsv"
    if stance_file.exists():
        stances = read_stances(stance_file, problems)
        problems += check_stances(stance_file, stances, documents, concepts, actors)
    return problems


def main(arguments: list[str] | None = None) -> int:
    """Check the gold directories named on the command line (``D/gold`` or ``D``), or every gold
    directory of the checkout; the exit status is 1 if any has a problem, 2 for a name that is no
    gold directory."""
    names = sys.argv[1:] if arguments is None else arguments
    chosen = [Path(name).resolve() for name in names]
    chosen = [d if d.name == "gold" else d / "gold" for d in chosen]
    missing = [d for d in chosen if not (d / "mentions.tsv").is_file()]
    if missing:
        for d in missing:
            print(f"{d}: no mentions.tsv: not a gold directory", file=sys.stderr)
        return 2
    actors = actor_slugs()
    status = 0
    for gold_dir in chosen or gold_directories():
        problems = check_gold_directory(gold_dir, actors)
        shown = gold_dir.relative_to(ROOT) if gold_dir.is_relative_to(ROOT) else gold_dir
        print(f"{shown}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  {problem}")
        status |= bool(problems)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
