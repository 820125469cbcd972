"""Evaluation: the scoring arithmetic on tiny inputs, and the quality gate on the real gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline.evaluate import MENTION_TARGET, STANCE_TARGET, Evaluation, evaluate, score_sets
from kg.settings import PROJECT_ROOT

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
