"""Progress of long work (a build, an export) as typed events, for whoever shows them.

The work runs in phases, one after the other: a phase starts (with its total, if known), advances,
and ends (with a one-line summary); notes and warnings may come at any time. The work calls a
:class:`Progress`, which turns those calls into :data:`ProgressEvent` values for a
:data:`ProgressSink`. Nothing here writes to a terminal: :mod:`kg.terminal` renders the events
for the command line (a bar per phase on a terminal, a line per phase elsewhere).

>>> events = []
>>> progress = Progress(events.append)
>>> with progress.phase("extracting", total=2, unit="documents") as phase:
...     phase.advance(item="a")
...     phase.advance(item="b")
...     phase.summary = "2 documents"
>>> [type(event).__name__ for event in events]
['PhaseStarted', 'Advanced', 'Advanced', 'PhaseEnded']
>>> events[-1].summary
'2 documents'
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseStarted:
    """A phase begins; ``total`` is how many ``unit`` it will advance by (None: unknown)."""

    phase: str
    total: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class Advanced:
    """The running phase advanced by ``count`` units; ``item`` names the last one done."""

    phase: str
    count: int = 1
    item: str = ""


@dataclass(frozen=True)
class PhaseEnded:
    """A phase is done, after ``seconds``; ``summary`` says what it did (may be empty)."""

    phase: str
    seconds: float
    summary: str = ""


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True)
class Note:
    """Something to tell the user between (or during) phases."""

    text: str
    level: Level = Level.INFO


ProgressEvent = PhaseStarted | Advanced | PhaseEnded | Note
ProgressSink = Callable[[ProgressEvent], None]


class Phase:
    """The running phase: :meth:`advance` it; set :attr:`summary` before it ends."""

    def __init__(self, name: str, sink: ProgressSink) -> None:
        self.name = name
        self.summary = ""
        self._sink = sink

    def advance(self, count: int = 1, item: str = "") -> None:
        self._sink(Advanced(self.name, count, item))


class Progress:
    """What long work reports to: phases, notes and warnings, as events for ``sink`` (none are
    sent without one)."""

    def __init__(self, sink: ProgressSink | None = None) -> None:
        self._sink: ProgressSink = sink or (lambda _: None)

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Phase]:
        """Start phase ``name``; it ends (with its summary) when the block does, unless the
        block raises: a failed phase sends no end."""
        started = time.monotonic()
        self._sink(PhaseStarted(name, total, unit))
        phase = Phase(name, self._sink)
        yield phase
        self._sink(PhaseEnded(name, round(time.monotonic() - started, 3), phase.summary))

    def note(self, text: str) -> None:
        self._sink(Note(text))

    def warning(self, text: str) -> None:
        self._sink(Note(text, Level.WARNING))
