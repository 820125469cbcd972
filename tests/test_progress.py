"""Progress events and how the command line shows them: bars on a terminal, a line per phase
elsewhere, nothing with -q."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kg.pipeline.build import BuildOptions, build_graph
from kg.progress import Advanced, Level, Note, PhaseEnded, PhaseStarted, Progress, ProgressEvent
from kg.terminal import BarRenderer, LineRenderer, QuietRenderer, renderer_for
from tests.conftest import CORPUS, ONTOLOGY


class Terminal(io.StringIO):
    """What a terminal would be sent: a text stream that says it is a TTY."""

    def isatty(self) -> bool:
        return True


def screen(output: str) -> list[str]:
    """The lines left on a terminal after ``output``: a carriage return (or a clear-line)
    starts the line again, escape sequences draw nothing; times are left out."""
    lines = []
    for raw in output.split("\n"):
        visible = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)
        lines.append(untimed(visible.split("\r")[-1]))
    return [line for line in lines if line]


def untimed(line: str) -> str:
    return re.sub(r" \([0-9.]+ s\)$", "", line)


def phases(events: list[ProgressEvent]) -> None:
    """A phase of three documents, a note, a phase without a total, a warning."""
    progress = Progress(events.append)
    with progress.phase("extracting", total=3, unit="documents") as phase:
        for name in ("one", "two", "three"):
            phase.advance(item=name)
    progress.note("published somewhere")
    with progress.phase("compacting the store") as phase:
        phase.summary = "smaller"
    progress.warning("something to know")


def test_progress_sends_typed_events() -> None:
    events: list[ProgressEvent] = []
    phases(events)
    assert events[0] == PhaseStarted("extracting", 3, "documents")
    assert events[1:4] == [Advanced("extracting", 1, name) for name in ("one", "two", "three")]
    assert isinstance(events[4], PhaseEnded) and events[4].summary == ""
    assert events[5] == Note("published somewhere")
    assert events[-1] == Note("something to know", Level.WARNING)


def test_a_failed_phase_sends_no_end() -> None:
    events: list[ProgressEvent] = []
    with pytest.raises(RuntimeError), Progress(events.append).phase("validating", total=2):
        raise RuntimeError("violations")
    assert [type(e) for e in events] == [PhaseStarted]


def test_the_terminal_gets_a_bar_per_phase() -> None:
    terminal = Terminal()
    render = renderer_for(terminal)
    assert isinstance(render, BarRenderer)
    events: list[ProgressEvent] = []
    phases(events)
    for event in events:
        render(event)
    drawn = terminal.getvalue()
    bars = re.findall(r"extracting  \[([#-]+)\]  (\d)/3", drawn)
    assert [count for _, count in bars] == ["0", "1", "2", "3"]
    assert bars[-1][0] == "#" * len(bars[-1][0])
    assert "elapsed" in drawn and "left, three" in drawn
    assert screen(drawn) == [
        "  extracting: 3 documents",
        "  published somewhere",
        "  compacting the store: smaller",
        "warning: something to know",
    ]


def test_a_log_gets_one_line_per_phase() -> None:
    log = io.StringIO()
    render = renderer_for(log)
    assert isinstance(render, LineRenderer)
    events: list[ProgressEvent] = []
    phases(events)
    for event in events:
        render(event)
    assert [untimed(line) for line in log.getvalue().splitlines()] == [
        "  extracting: 3 documents",
        "  published somewhere",
        "  compacting the store: smaller",
        "warning: something to know",
    ]


def test_quiet_shows_nothing() -> None:
    assert isinstance(renderer_for(Terminal(), quiet=True), QuietRenderer)


def test_a_build_draws_its_bars_on_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal()
    render = BarRenderer(terminal)
    options = BuildOptions(CORPUS, tmp_path / "out", "https://w3id.org/gsi-kg/", ONTOLOGY, False)
    try:
        build_graph(options, render)
    finally:
        render.close()
    drawn = terminal.getvalue()
    assert re.search(r"extracting  \[#+\]  5/5  100%", drawn)
    assert re.search(r"loading the store  \[[#-]+\]  \d+/\d+", drawn)
    left = screen(drawn)
    assert left[0].startswith("  extracting: 5 documents, 180 passages")
    assert [line.split(":")[0].strip() for line in left if "published" not in line] == [
        "extracting",
        "loading the store",
        "compacting the store",
        "writing the dumps",
        "writing the statistics, exports and canned answers",
    ]
