"""Property-based tests: for arbitrary text, cleaning and segmentation never crash and every offset
is valid (passages slice the cleaned text exactly)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.pipeline.clean import clean_text, normalise_line
from kg.pipeline.segment import PATH_SEPARATOR, segment
from tests.conftest import CORPUS

# Fragments that exercise the rules: CJK text and punctuation, enumerators, brackets and quotes,
# boilerplate-like lines, odd whitespace and line separators.
FRAGMENTS = [
    "中方支持联合国",
    "全球安全倡议",
    "。",
    "，",
    "：",
    "；",
    "、",
    "一、",
    "（一）",
    "第一，",
    "(a)",
    "• ",
    "“",
    "”",
    "《",
    "》",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "附件",
    "优先任务：",
    "落实方式：",
    "首页 > ",
    "分享到",
    "来源：新华社 责任编辑：张三",
    "发布时间：2024-02-21 10:00",
    "12345678",
    "2022 年 8 月",
    "Ａ１",
    "NPT",
    ", ",
    "? ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\f",
    "\v",
    "\u2028",
    "\u0085",
    "e\u0301",
    "𠀀",
    "😀",
]
TEXT = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=60).map("".join)
SEEDS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def check_segmentation(raw: str) -> None:
    doc = clean_text(raw)
    text = doc.text
    assert all(block.text and "\n" not in block.text for block in doc.blocks)
    assert all(block.text == block.text.strip() for block in doc.blocks)
    result = segment(doc.blocks)
    assert [p.text for p in result.passages] == [b.text for b in doc.blocks]
    previous_end = -1
    for number, passage in enumerate(result.passages, start=1):
        assert passage.number == number
        assert 0 <= passage.start < passage.end <= len(text)
        assert passage.start == previous_end + 1
        assert text[passage.start : passage.end] == passage.text
        assert all(part and PATH_SEPARATOR not in part for part in passage.heading_path)
        if passage.section is not None:
            assert passage.section.passage <= passage.number
        previous_end = passage.end
    if result.passages:
        assert result.passages[-1].end == len(text)
    for section in result.sections:
        assert section.title and 0 <= section.level <= 3
        assert section.parent is None or section.parent.level < section.level


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_clean_and_segment_any_text(raw: str) -> None:
    check_segmentation(raw)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_any_unicode_text(raw: str) -> None:
    check_segmentation(raw)


@given(st.sampled_from(sorted(SEEDS)), st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_seed_documents_with_damage(doc_id: str, data: st.DataObject) -> None:
    """A seed document with lines dropped, duplicated or broken at random still segments."""
    lines = SEEDS[doc_id].split("\n")
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(lines) - 1), TEXT), max_size=10))
    for index, fragment in edits:
        lines[index] = lines[index][: len(fragment)] + fragment
    check_segmentation("\n".join(lines))


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_normalise_line_is_idempotent_and_single_line(line: str) -> None:
    once = normalise_line(line.replace("\n", " ").replace("\r", " "))
    assert "\n" not in once
    assert normalise_line(once) == once
