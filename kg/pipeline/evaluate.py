"""Measuring the extractors against the hand-made gold annotation (``corpus/gold/``).

Mentions are scored per concept class on exact spans: a predicted mention is right when the gold
has a mention of the same class at the same document offsets. Stances are scored on the set of
``(document, polarity, target concept)`` triples. :func:`evaluate` is a pure function of the corpus,
the vocabulary and the gold; the ``gsi-kg evaluate`` command prints its :class:`Evaluation`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import CorpusError
from kg.namespaces import CANONICAL_BASE, Namespace
from kg.pipeline.corpus import read_document, scan_corpus
from kg.pipeline.extract import Analyser
from kg.pipeline.extract.discovery import canonical_name, discovered_slug
from kg.pipeline.extract.vocabulary import TOP_CLASSES, Vocabulary
from kg.pipeline.ontology import load_ontology
from kg.pipeline.segment import segment

MENTION_TARGET = 0.95
STANCE_TARGET = 0.85
STANCE_CLASS = "Stance"


@dataclass(frozen=True)
class GoldMention:
    doc_id: str
    start: int
    end: int
    cls: str
    exact: str
    concept: str


@dataclass(frozen=True)
class GoldStance:
    doc_id: str
    passage: int
    polarity: str
    target: str
    cue: str
    quote: str


@dataclass
class Score:
    """Precision, recall and F1 of one class, with the items behind the numbers."""

    name: str
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + len(self.misses)
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores per mention class and for stances."""

    mentions: dict[str, Score]
    stances: Score
    documents: list[str] = field(default_factory=list)

    def below(self, mention_target: float, stance_target: float) -> list[str]:
        """The scores under their targets, as ``"Treaty F1 0.912 < 0.95"`` lines."""
        failing = [
            f"{s.name} mention F1 {s.f1:.3f} < {mention_target}"
            for s in self.mentions.values()
            if s.f1 < mention_target
        ]
        if self.stances.f1 < stance_target:
            failing.append(f"stance F1 {self.stances.f1:.3f} < {stance_target}")
        return failing

    def table(self) -> str:
        """A Markdown table of P/R/F1 with counts."""
        rows = [
            "| class | precision | recall | F1 | gold | found |",
            "|---|---|---|---|---|---|",
        ]
        for s in [*self.mentions.values(), self.stances]:
            gold = s.true_positives + len(s.misses)
            found = s.true_positives + len(s.false_positives)
            rows.append(
                f"| {s.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {gold} | {found} |"
            )
        return "\n".join(rows)


def read_gold_mentions(path: Path) -> list[GoldMention]:
    """``mentions.tsv``: doc_id, start, end, class, exact, concept (with a header row)."""
    rows = _read_tsv(path, 6)
    try:
        return [GoldMention(r[0], int(r[1]), int(r[2]), r[3], r[4], r[5]) for r in rows]
    except ValueError as exc:
        raise CorpusError(path, f"bad offset ({exc})") from exc


def read_gold_stances(path: Path) -> list[GoldStance]:
    """``stances.tsv``: doc_id, passage, polarity, target, cue, quote (with a header row)."""
    rows = _read_tsv(path, 6)
    try:
        return [GoldStance(r[0], int(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
    except ValueError as exc:
        raise CorpusError(path, f"bad passage number ({exc})") from exc


def _read_tsv(path: Path, columns: int) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise CorpusError(path, f"cannot read ({exc.strerror})") from exc
    body = [r for r in rows[1:] if r and not r[0].startswith("#")]
    for number, row in enumerate(body, start=2):
        if len(row) < columns:
            raise CorpusError(path, f"row {number} has {len(row)} columns, expected {columns}")
    return body


def score_sets(
    name: str, gold: Iterable[tuple[object, ...]], found: Iterable[tuple[object, ...]]
) -> Score:
    """Score two sets of hashable items; the lists of misses and false positives are sorted."""
    gold_set, found_set = set(gold), set(found)
    return Score(
        name=name,
        true_positives=len(gold_set & found_set),
        false_positives=sorted(_show(x) for x in found_set - gold_set),
        misses=sorted(_show(x) for x in gold_set - found_set),
    )


def _show(item: tuple[object, ...]) -> str:
    return "\t".join(str(x) for x in item)


@dataclass(frozen=True)
class Predictions:
    """What the extractors found, in the gold's terms."""

    mentions: list[tuple[str, int, int, str, str]]
    stances: list[tuple[str, str, str]]


def predict(corpus_dir: Path, ontology_dir: Path) -> tuple[Predictions, Vocabulary]:
    """Run the extractors over the corpus (no store): mentions at document offsets, stances."""
    ns = Namespace(CANONICAL_BASE)
    triples = load_ontology(ontology_dir, ns, shapes=False).vocabulary
    vocabulary = Vocabulary.from_triples(ns, triples)
    analyser = Analyser(ns, vocabulary)
    mentions: list[tuple[str, int, int, str, str]] = []
    stances: list[tuple[str, str, str]] = []
    for meta in scan_corpus(corpus_dir).documents:
        source = read_document(meta)
        seg = segment(
            source.clean().blocks,
            language=source.language,
            headings=source.content.headings,
        )
        analysis = analyser.analyse_passages(seg, meta.creator)
        for pm in analysis.passages:
            for m in pm.mentions:
                if m.top_class is not None:
                    start = pm.passage.start + m.start
                    mentions.append(
                        (meta.doc_id, start, start + m.end - m.start, m.top_class, m.exact)
                    )
        for st in analysis.stances:
            stances += [(meta.doc_id, st.polarity, target) for target in st.targets]
    return Predictions(mentions, stances), vocabulary


def evaluate(corpus_dir: Path, ontology_dir: Path, gold_dir: Path) -> Evaluation:
    """Score the extractors on ``corpus_dir`` against ``gold_dir/mentions.tsv`` and ``stances.tsv``.

    Raises :class:`CorpusError` if a gold file is missing or malformed.
    """
    gold_mentions = read_gold_mentions(gold_dir / "mentions.tsv")
    gold_stances = read_gold_stances(gold_dir / "stances.tsv")
    predictions, vocabulary = predict(corpus_dir, ontology_dir)
    # Only documents the gold annotates are scored (a gold in progress covers fewer).
    annotated = {g.doc_id for g in gold_mentions} | {g.doc_id for g in gold_stances}
    predictions = Predictions(
        [m for m in predictions.mentions if m[0] in annotated],
        [s for s in predictions.stances if s[0] in annotated],
    )
    ns = Namespace(CANONICAL_BASE)
    scores = {
        cls: score_sets(
            cls,
            ((g.doc_id, g.start, g.end, g.exact) for g in gold_mentions if g.cls == cls),
            ((d, s, e, x) for d, s, e, c, x in predictions.mentions if c == cls),
        )
        for cls in TOP_CLASSES
    }

    def concept_of(name: str) -> str:
        entity = vocabulary.resolve(name)
        return entity.iri if entity else ns.concept(discovered_slug(canonical_name(name)))

    stances = score_sets(
        STANCE_CLASS,
        ((g.doc_id, g.polarity, _short(concept_of(g.target))) for g in gold_stances),
        ((d, p, _short(t)) for d, p, t in predictions.stances),
    )
    return Evaluation(mentions=scores, stances=stances, documents=sorted(annotated))


def _short(iri: str) -> str:
    return iri.removeprefix(f"{CANONICAL_BASE}concept/").removeprefix(CANONICAL_BASE)
