"""Evaluation: the scoring arithmetic on tiny inputs, and the quality gate on the real gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline.evaluate import (
    MENTION_TARGET,
    STANCE_TARGET,
    Evaluation,
    Items,
    discovered_iri,
    evaluate,
    held_out_shortfalls,
    pooled,
    score_sets,
)
from kg.pipeline.extract import Analyser
from kg.settings import PROJECT_ROOT
from tests.extraction_support import NS, analyse, vocabulary

GOLD = PROJECT_ROOT / "corpus" / "gold"


def test_precision_recall_and_f1() -> None:
    score = score_sets(
        "Treaty", [("d", 0, 3), ("d", 5, 9), ("d", 10, 12)], [("d", 0, 3), ("d", 5, 8)]
    )
    assert score.true_positives == 1
    assert score.precision == 0.5
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.4)
    assert score.misses == ["d\t10\t12", "d\t5\t9"]
    assert score.false_positives == ["d\t5\t8"]


def test_empty_sets_score_perfectly() -> None:
    score = score_sets("Domain", [], [])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_a_gold_row_with_missing_columns_is_reported(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "mentions.tsv").write_text("doc_id\tstart\n x\t1\n", encoding="utf-8")
    (tmp_path / "stances.tsv").write_text("doc_id\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", "--gold", str(tmp_path)])
    assert result.exit_code == 3
    assert "mentions.tsv" in result.output


@pytest.fixture(scope="module")
def real() -> Evaluation:
    return evaluate(PROJECT_ROOT / "corpus", PROJECT_ROOT / "ontology", GOLD)


@pytest.mark.skipif(not (GOLD / "mentions.tsv").exists(), reason="gold annotation not on main yet")
def test_the_extractors_meet_the_targets_on_the_gold(real: Evaluation) -> None:
    assert real.below(MENTION_TARGET, STANCE_TARGET) == [], real.table()


def _gold(tmp: Path, mentions: list[str], stances: list[str]) -> Path:
    gold = tmp / "gold"
    gold.mkdir()
    (gold / "mentions.tsv").write_text(
        "doc_id\tstart\tend\tclass\texact\tconcept\n" + "".join(m + "\n" for m in mentions),
        encoding="utf-8",
    )
    (gold / "stances.tsv").write_text(
        "doc_id\tpassage\tpolarity\ttarget\tcue\tquote\tholder\n"
        + "".join(s + "\n" for s in stances),
        encoding="utf-8",
    )
    return gold


@pytest.fixture()
def joint(tmp_path: Path) -> Path:
    """A two-passage joint statement: China supports one thing, both parties another."""
    (tmp_path / "manifest.toml").write_text(
        '[joint]\nfile = "joint.txt"\ntitle_zh = "中俄联合声明"\ncreator = "中华人民共和国"\n'
        'genre = "joint-statement"\nlanguage = "zh"\n',
        encoding="utf-8",
    )
    (tmp_path / "joint.txt").write_text(
        "中方支持全球安全倡议。\n\n双方反对单边主义。\n", encoding="utf-8"
    )
    return tmp_path


def test_a_gold_holder_is_compared_with_the_found_one(joint: Path) -> None:
    gold = _gold(
        joint,
        ["joint\t4\t10\tMechanism\t全球安全倡议\t全球安全倡议"],
        [
            "joint\t1\tSupport\t全球安全倡议\t支持\t中方支持全球安全倡议\t",
            # A holder the extractor cannot produce: the stance counts, the holder does not.
            "joint\t2\tOpposition\t单边主义\t反对\t双方反对单边主义\tchina+united-states",
        ],
    )
    result = evaluate(joint, PROJECT_ROOT / "ontology", gold)
    assert result.stances.true_positives == 2
    assert result.stances_with_holder.true_positives == 1
    assert result.holder_accuracy == pytest.approx(0.5)
    assert "joint\tOpposition\tunilateralism\tchina+united-states" in (
        result.stances_with_holder.misses
    )
    # An empty holder is the document's own voice (its creator, China).
    assert ("joint", "Support", "global-security-initiative", "china") in (
        result.items.gold["Stance+holder"]
    )


def test_scores_by_genre_and_pooled_sets_keep_documents_apart(joint: Path) -> None:
    gold = _gold(joint, ["joint\t4\t10\tMechanism\t全球安全倡议\t全球安全倡议"], [])
    one = evaluate(joint, PROJECT_ROOT / "ontology", gold)
    both = pooled([("a", one), ("b", one)])
    assert both.documents == ["a/joint", "b/joint"]
    assert both.mentions["Mechanism"].true_positives == 2
    assert list(both.by_genre()) == ["joint-statement"]
    assert both.by_genre()["joint-statement"].mentions["Mechanism"].true_positives == 2


def test_held_out_shortfalls_name_each_missed_target() -> None:
    items = Items(
        {"Treaty": frozenset({("d", 0, 3, "NPT"), ("d", 9, 12, "CWC")}), "Stance": frozenset()},
        {"Treaty": frozenset({("d", 0, 3, "NPT"), ("d", 20, 23, "BWC")})},
    )
    lines = held_out_shortfalls(Evaluation(items, ("Treaty",)))
    assert lines == ["Treaty mention F1 0.500 < 0.9", "Treaty mention precision 0.500 < 0.9"]


def test_an_unknown_set_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", "--set", "heldot"])
    assert result.exit_code == 2
    assert "'heldot' is not one of" in result.output
    assert "Traceback" not in result.output


def test_a_gold_target_the_vocabulary_lacks_is_the_discovered_concept_of_any_form(
    tmp_path: Path,
) -> None:
    # the gold writes the name with its dash as printed (—); discovery names the concept from the
    # folded text (-): both are one concept
    (tmp_path / "manifest.toml").write_text(
        '[centre]\nfile = "centre.txt"\ntitle_zh = "标题"\ncreator = "中华人民共和国外交部"\n'
        'language = "zh"\n',
        encoding="utf-8",
    )
    (tmp_path / "centre.txt").write_text(
        "标题\n\n中方支持中国—中亚安全合作对话机制。\n", encoding="utf-8"
    )
    name = "中国—中亚安全合作对话机制"
    gold = _gold(
        tmp_path,
        [f"centre\t7\t20\tMechanism\t{name}\t{name}"],
        [f"centre\t2\tSupport\t{name}\t支持\t中方支持{name}\t"],
    )
    result = evaluate(tmp_path, PROJECT_ROOT / "ontology", gold)
    assert result.mentions["Mechanism"].true_positives == 1
    assert result.stances.true_positives == 1


def test_a_gold_name_with_a_known_name_inside_is_the_concept_discovery_mints() -> None:

    asean = """
concept:asean a gsi:RegionalOrganisation ; skos:prefLabel "东南亚国家联盟"@zh ;
    skos:altLabel "东盟"@zh ."""
    analyser = Analyser(NS, vocabulary(asean))
    short = discovered_iri(analyser, "中国—东盟网络安全交流培训中心")
    assert short is not None
    found = analyse("标题\n双方同意用好中国—东盟网络安全交流培训中心。", extra=asean)
    assert short in {m.iri for pm in found.passages for m in pm.mentions if m.discovered}
    assert discovered_iri(analyser, "安全合作") is None
