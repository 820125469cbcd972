"""The gold files are consistent with the documents they annotate (tests/gold_check.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gold_check import ROOT, actor_slugs, check_gold_directory, gold_directories, main

ACTORS = actor_slugs()


@pytest.mark.parametrize("gold_dir", gold_directories(), ids=lambda d: str(d.relative_to(ROOT)))
def test_gold_directory_is_consistent(gold_dir: Path) -> None:
    problems = check_gold_directory(gold_dir, ACTORS)
    assert not problems, "\n".join(map(str, problems))


def test_the_splits_are_checked() -> None:
    found = {d.relative_to(ROOT).as_posix() for d in gold_directories()}
    assert {"corpus/gold", "tests/dev/gold"} <= found


def _corpus(tmp_path: Path, mentions: str, stances: str) -> Path:
    (tmp_path / "manifest.toml").write_text(
        '[doc]\nfile = "doc.txt"\nlanguage = "zh"\n', encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text(
        "中方支持联合国。\n\n双方反对冷战思维和单边主义。\n", encoding="utf-8"
    )
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "mentions.tsv").write_text(
        "doc_id\tstart\tend\tclass\texact\tconcept\n" + mentions, encoding="utf-8"
    )
    (gold / "stances.tsv").write_text(
        "doc_id\tpassage\tpolarity\ttarget\tcue\tquote\tholder\n" + stances, encoding="utf-8"
    )
    return gold


GOOD_MENTIONS = (
    "doc\t4\t7\tOrganisation\t联合国\t联合国\n"
    "doc\t13\t17\tPrinciple\t冷战思维\t冷战思维\n"
    "doc\t18\t22\tPrinciple\t单边主义\t单边主义\n"
)


def test_a_consistent_gold_has_no_problems(tmp_path: Path) -> None:
    gold = _corpus(
        tmp_path,
        GOOD_MENTIONS,
        "doc\t1\tSupport\t联合国\t支持\t中方支持联合国\t\n"
        "doc\t2\tOpposition\t冷战思维\t反对\t双方反对冷战思维\tchina+russia\n",
    )
    assert check_gold_directory(gold, ACTORS) == []


@pytest.mark.parametrize(
    ("mentions", "stances", "expected"),
    [
        ("doc\t4\t6\tOrganisation\t联合国\t联合国\n", "", "but the text has '联合'"),
        (GOOD_MENTIONS + "doc\t15\t19\tPrinciple\t思维和单\t思维\n", "", "overlaps"),
        (GOOD_MENTIONS + "doc\t4\t7\tTreaty\t联合国\t联合国\n", "", "has classes"),
        (GOOD_MENTIONS + "doc\t4\t7\tIdea\t联合国\t联合国\n", "", "is not one of"),
        (GOOD_MENTIONS, "doc\t3\tSupport\t联合国\t支持\t中方支持联合国\t\n", "not in 1..2"),
        (GOOD_MENTIONS, "doc\t2\tSupport\t联合国\t支持\t中方支持联合国\t\n", "is not in passage 2"),
        (
            GOOD_MENTIONS,
            "doc\t1\tSupport\t联合国\t支持\t中方支持联合国\tatlantis\n",
            "not in actors",
        ),
        (GOOD_MENTIONS, "doc\t1\tSupport\t联合国\t支持\t中方支持联合国\trussia+china\n", "sorted"),
        (GOOD_MENTIONS, "doc\t1\tSupport\t安理会\t支持\t中方支持联合国\t\n", "not annotated"),
        (GOOD_MENTIONS, "doc\t1\tSupport\t联合国\t坚持\t中方支持联合国\t\n", "cue '坚持'"),
    ],
)
def test_each_check_reports_its_problem(
    tmp_path: Path, mentions: str, stances: str, expected: str
) -> None:
    problems = check_gold_directory(_corpus(tmp_path, mentions, stances), ACTORS)
    assert any(expected in str(p) for p in problems), problems


def test_a_seed_row_without_holder_reads_as_the_voice(tmp_path: Path) -> None:
    gold = _corpus(tmp_path, GOOD_MENTIONS, "doc\t1\tSupport\t联合国\t支持\t中方支持联合国\n")
    assert check_gold_directory(gold, ACTORS) == []


def test_the_command_checks_only_the_directories_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _corpus(tmp_path, "doc\t4\t6\tOrganisation\t联合国\t联合国\n", "")
    assert main([str(bad.parent)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(f"{bad}: 1 problem(s)")
    assert "tests/dev/gold" not in printed


def test_the_command_refuses_a_directory_without_gold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 2
    assert "not a gold directory" in capsys.readouterr().err
