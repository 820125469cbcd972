"""Segmentation: heading paths, sections and offsets."""

from __future__ import annotations

from kg.pipeline.clean import clean_text
from kg.pipeline.segment import segment
from tests.conftest import CORPUS


def seg(doc_id: str):  # type: ignore[no-untyped-def]
    doc = clean_text((CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8"))
    return doc, segment(doc.blocks)


def test_offsets_slice_the_cleaned_text() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        doc, result = seg(path.stem)
        for passage in result.passages:
            assert doc.text[passage.start : passage.end] == passage.text


def test_labels_and_enumerated_headings_form_the_path() -> None:
    _, result = seg("new-agenda-for-peace-position-paper")
    paths = {p.text[:6]: p.heading_path for p in result.passages}
    assert paths["优先任务：践"] == ["一、践行真正的多边主义", "优先任务"]
    assert paths["落实方式：以"] == ["一、践行真正的多边主义", "落实方式"]


def test_sub_items_open_level_two_sections() -> None:
    _, result = seg("gsi-concept-paper")
    item = next(p for p in result.passages if p.text.startswith("（二）坚持尊重各国主权"))
    assert item.heading_path == ["二、核心理念与原则", "（二）坚持尊重各国主权、领土完整。"]
    assert item.section is not None and item.section.level == 2


def test_letter_and_annex() -> None:
    _, result = seg("unsc-briefing-concept-note-2022")
    signature = next(p for p in result.passages if p.text == "张军（签名）")
    assert signature.heading_path == []
    goal = next(p for p in result.passages if p.text.startswith("这次通报会旨在"))
    assert goal.heading_path[-1] == "目标"
    assert goal.heading_path[0].endswith("附件")


def test_speech_points() -> None:
    _, result = seg("cd-speech-2021")
    point = next(p for p in result.passages if p.text.startswith("核裁军应当始终遵循"))
    assert point.heading_path == ["第一，共同维护全球战略稳定。"]
