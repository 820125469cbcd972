"""A deterministic corpus generator for the build benchmark.

``generate_corpus(seed_corpus, out, scale)`` writes ``5 × scale`` documents (one per seed document
per unit of scale, so 1× has about the seed corpus's characters) and a ``manifest.toml``. Each
document is a seed document's cleaned paragraphs (:func:`kg.pipeline.clean.clean_text`) with:

- concept and actor names swapped for other labels of the same class (from the vocabulary in
  ``ontology/vocabulary/*.ttl`` and ``ontology/actors.ttl``, when present), and titles in 《…》
  swapped among the titles the seed corpus cites, so the extractors find other things in each copy;
- years and dates shifted, other numbers varied;
- a new id, title, date and creator in the manifest.

Everything is drawn from ``random.Random`` seeded by the document number, so the output is the
same on every run and every machine, and documents are written one at a time (streaming).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import RDF, SKOS
from kg.pipeline.clean import clean_text
from kg.pipeline.corpus import DocumentMeta, read_document, scan_corpus
from kg.store import Literal, NamedNode, RdfFormat, parse

SEED = 20230221
_TITLE = re.compile(r"《([^《》\n]{2,40})》")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?=年)")
_NUMBER = re.compile(r"(?<![\d.])([1-9]\d{0,2})(?=[个项名亿万%])")
CREATORS = (
    "中华人民共和国外交部",
    "中华人民共和国常驻联合国代表团",
    "中华人民共和国政府",
    "国务委员兼外长",
    "中国国际问题研究院",
    "外交部发言人办公室",
)


@dataclass(frozen=True)
class LabelPools:
    """Interchangeable names: Chinese labels grouped by their most specific class."""

    by_class: dict[str, list[str]]

    @classmethod
    def from_ontology(cls, ontology_dir: Path) -> LabelPools:
        """Read the vocabulary and actor files (if any) into pools of same-class labels."""
        files = [*sorted((ontology_dir / "vocabulary").glob("*.ttl")), ontology_dir / "actors.ttl"]
        types: dict[str, str] = {}
        labels: dict[str, list[str]] = {}
        for path in files:
            if not path.is_file():
                continue
            for t in parse(path=str(path), format=RdfFormat.TURTLE):
                subject = t.subject.value
                if t.predicate.value == f"{RDF}type" and isinstance(t.object, NamedNode):
                    types.setdefault(subject, t.object.value)
                elif (
                    t.predicate.value in (f"{SKOS}prefLabel", f"{SKOS}altLabel")
                    and isinstance(t.object, Literal)
                    and t.object.language == "zh"
                    and len(t.object.value) >= 2
                ):
                    labels.setdefault(subject, []).append(t.object.value)
        pools: dict[str, list[str]] = {}
        for subject, names in labels.items():
            if subject in types:
                pools.setdefault(types[subject], []).extend(names)
        return cls({k: sorted(set(v)) for k, v in sorted(pools.items()) if len(set(v)) > 1})


@dataclass(frozen=True)
class SeedDocument:
    """A seed document reduced to what the generator varies."""

    meta: DocumentMeta
    paragraphs: list[str]

    @property
    def characters(self) -> int:
        return sum(len(p) for p in self.paragraphs) + len(self.paragraphs) - 1


def load_seeds(corpus: Path) -> list[SeedDocument]:
    """The seed corpus's documents as cleaned paragraphs."""
    return [
        SeedDocument(meta, [b.text for b in clean_text(read_document(meta).raw_text).blocks])
        for meta in scan_corpus(corpus).documents
    ]


class Varier:
    """Rewrites one document's text with a per-document, seeded substitution table."""

    def __init__(self, pools: LabelPools, titles: list[str], rng: random.Random) -> None:
        mapping: dict[str, str] = {}
        for names in pools.by_class.values():
            shuffled = names[:]
            rng.shuffle(shuffled)
            mapping.update(zip(names, shuffled, strict=True))
        self.mapping = {k: v for k, v in mapping.items() if k != v}
        self.pattern = (
            re.compile("|".join(re.escape(k) for k in sorted(self.mapping, key=len, reverse=True)))
            if self.mapping
            else None
        )
        shuffled_titles = titles[:]
        rng.shuffle(shuffled_titles)
        self.titles = dict(zip(titles, shuffled_titles, strict=True))
        self.year_shift = rng.randint(-6, 6)
        self.rng = rng

    def vary(self, text: str) -> str:
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.mapping[m[0]], text)
        text = _TITLE.sub(lambda m: f"《{self.titles.get(m[1], m[1])}》", text)
        text = _YEAR.sub(lambda m: str(int(m[1]) + self.year_shift), text)
        return _NUMBER.sub(lambda m: str(max(1, int(m[1]) + self.rng.randint(-3, 9))), text)


def document_plan(scale: int, seeds: list[SeedDocument]) -> Iterator[tuple[int, SeedDocument]]:
    """Document numbers with the seed each is made from (seeds in turn)."""
    for number in range(scale * len(seeds)):
        yield number, seeds[number % len(seeds)]


def generate_corpus(
    seed_corpus: Path, ontology_dir: Path, out: Path, scale: int, seed: int = SEED
) -> tuple[int, int]:
    """Write the generated corpus into ``out``; return (documents, characters)."""
    seeds = load_seeds(seed_corpus)
    pools = LabelPools.from_ontology(ontology_dir)
    titles = sorted({m[1] for s in seeds for p in s.paragraphs for m in _TITLE.finditer(p)})
    out.mkdir(parents=True, exist_ok=True)
    documents = characters = 0
    with (out / "manifest.toml").open("w", encoding="utf-8") as manifest:
        manifest.write(f"# Generated by bench/generate.py: scale {scale}, seed {seed}.\n")
        for number, source in document_plan(scale, seeds):
            rng = random.Random(seed * 1_000_003 + number)
            varier = Varier(pools, titles, rng)
            doc_id = f"gen-{number:07d}"
            text = "\n\n".join(varier.vary(p) for p in source.paragraphs) + "\n"
            (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            manifest.write(_manifest_entry(doc_id, source.meta, varier, rng))
            documents += 1
            characters += len(text)
    return documents, characters


def _manifest_entry(doc_id: str, meta: DocumentMeta, varier: Varier, rng: random.Random) -> str:
    date = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
    title = varier.vary(meta.title_zh or meta.doc_id)
    lines = [
        f"\n[{doc_id}]",
        f'file = "{doc_id}.txt"',
        f"title_zh = {_toml_string(title)}",
        f"date = {date.isoformat()}",
        f"creator = {_toml_string(rng.choice(CREATORS))}",
        f'language = "{meta.language or "zh"}"',
        f"source = {_toml_string(f'Generated from {meta.doc_id} by bench/generate.py')}",
    ]
    if meta.genre:
        lines.insert(5, f'genre = "{meta.genre}"')
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    from kg.settings import PROJECT_ROOT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="Directory to write the corpus into.")
    parser.add_argument("--scale", type=int, default=1, help="Multiple of the seed corpus [1].")
    parser.add_argument("--seed", type=int, default=SEED, help="Random seed.")
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--ontology", type=Path, default=PROJECT_ROOT / "ontology")
    args = parser.parse_args(argv)
    documents, characters = generate_corpus(
        args.corpus, args.ontology, args.out, args.scale, args.seed
    )
    print(f"{documents} documents, {characters} characters → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
