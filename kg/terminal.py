"""Progress events (:mod:`kg.progress`) shown by the command line, on stderr.

* On a terminal, :class:`BarRenderer`: a bar for each phase with a total (done of total,
  elapsed and remaining time, the last item), a live line for a phase without one; when a phase
  ends, its line is replaced by the phase's summary line.
* Elsewhere (a log, a pipe, CI), :class:`LineRenderer`: one line per phase, as it ends.
* With ``-q``, :class:`QuietRenderer`: nothing (errors are printed by the CLI, as always).

The bars are click's (:func:`click.progressbar`), already a dependency.
"""

from __future__ import annotations

import time
from typing import Any, Protocol, TextIO

import click

from kg.progress import Advanced, Level, Note, PhaseEnded, PhaseStarted, ProgressEvent

CLEAR_LINE = "\r\x1b[K"
SHOW_CURSOR = "\x1b[?25h"


class Renderer(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...

    def close(self) -> None:
        """Leave the terminal tidy, even if a phase never ended (the work failed)."""


def renderer_for(stream: TextIO, quiet: bool = False) -> Renderer:
    """The renderer for ``stream``: nothing if ``quiet``, bars on a terminal, lines elsewhere."""
    if quiet:
        return QuietRenderer()
    if stream.isatty():
        return BarRenderer(stream)
    return LineRenderer(stream)


def format_seconds(seconds: float) -> str:
    """``4.2 s``, ``3 min 05 s``, ``1 h 02 min``.

    >>> format_seconds(4.24), format_seconds(185), format_seconds(3720)
    ('4.2 s', '3 min 05 s', '1 h 02 min')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def phase_line(event: PhaseEnded, done: int, unit: str) -> str:
    """The one line that stays for a finished phase: ``name: summary (time)``."""
    summary = event.summary or (f"{done:,} {unit}" if unit else "done")
    return f"  {event.phase}: {summary} ({format_seconds(event.seconds)})"


class QuietRenderer:
    def __call__(self, event: ProgressEvent) -> None:
        pass

    def close(self) -> None:
        pass


class LineRenderer:
    """One line per phase when it ends, notes as they come; nothing per item."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.unit = ""
        self.done = 0

    def __call__(self, event: ProgressEvent) -> None:
        if isinstance(event, PhaseStarted):
            self.unit, self.done = event.unit, 0
        elif isinstance(event, Advanced):
            self.done += event.count
        elif isinstance(event, PhaseEnded):
            click.echo(phase_line(event, self.done, self.unit), file=self.stream)
        else:
            click.echo(_note(event), file=self.stream)

    def close(self) -> None:
        pass


class BarRenderer:
    """A bar per phase on a terminal (phases come one at a time)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Any = None  # click's ProgressBar of the running phase, if it has a total
        self.running: PhaseStarted | None = None
        self.started = 0.0
        self.done = 0

    def __call__(self, event: ProgressEvent) -> None:
        if isinstance(event, PhaseStarted):
            self._start(event)
        elif isinstance(event, Advanced):
            self.done += event.count
            if self.bar is not None:
                self.bar.update(event.count, event.item or None)
        elif isinstance(event, PhaseEnded):
            unit = self.running.unit if self.running else ""
            self._write(CLEAR_LINE + phase_line(event, self.done, unit) + SHOW_CURSOR + "\n")
            self.bar, self.running = None, None
        else:
            self._write(CLEAR_LINE + _note(event) + "\n")
            self._redraw()

    def _start(self, event: PhaseStarted) -> None:
        self.running, self.started, self.done = event, time.monotonic(), 0
        if event.total is None:
            self._redraw()
            return
        self.bar = click.progressbar(
            length=event.total,
            label=f"  {event.phase}",
            file=self.stream,
            show_pos=True,
            show_percent=True,
            show_eta=False,
            item_show_func=self._times,
        )
        self.bar.render_progress()

    def _times(self, item: object) -> str:
        """Elapsed and remaining time, then the last item done."""
        elapsed = time.monotonic() - self.started
        parts = [f"{format_seconds(elapsed)} elapsed"]
        total = self.running.total if self.running else None
        if total and self.done:
            parts.append(f"~{format_seconds(elapsed / self.done * (total - self.done))} left")
        if item:
            parts.append(str(item))
        return ", ".join(parts)

    def _redraw(self) -> None:
        if self.bar is not None:
            self.bar._last_line = None  # click draws only a changed line
            self.bar.render_progress()
        elif self.running is not None:
            self._write(f"{CLEAR_LINE}  {self.running.phase} …")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.running is not None:
            self._write(SHOW_CURSOR + "\n")
            self.bar, self.running = None, None


def _note(note: Note) -> str:
    if note.level is Level.WARNING:
        return click.style(f"warning: {note.text}", fg="yellow")
    return f"  {note.text}"
