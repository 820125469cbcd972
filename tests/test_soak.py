"""A short variant of ``make soak``: concurrent clients on the mixed load, with rebuilds and a
killed build meanwhile; not one 5xx, unexpected status or dropped connection."""

from __future__ import annotations

import pytest

from bench.soak import soak


@pytest.mark.server
def test_short_soak_with_rebuilds_and_a_killed_build() -> None:
    report = soak(clients=8, seconds=6, rebuild_every=2, kill_builds=1)
    assert report.requests > 100
    assert report.server_errors == 0 and report.unexpected == []
    assert report.connection_errors == []
    assert not report.server_restarted
    assert report.rebuilds >= 1 and report.killed_builds == 1


@pytest.mark.server
def test_short_soak_with_stalled_uploads_hungry_and_saturating_queries() -> None:
    report = soak(clients=8, seconds=12, stalled=64, hungry=True, saturate=True)
    assert report.server_errors == 0 and report.unexpected == [], report.unexpected
    assert report.connection_errors == [] and not report.server_restarted
    assert report.stalled >= 64 and report.stalled_answered_408 == report.stalled
    assert report.by_status.get("422", 0) > 0
    assert report.rss_max_kib <= report.rss_bound_kib
