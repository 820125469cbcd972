"""Issue 15, finding 11: the 2 MiB POST failed with "Broken pipe" about 3 times in 20 runs: the
server answered 413 and closed while the client was still sending. The server now reads (and
drops) an oversized body before answering, so the client always reads its 413."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.server
BODY = b"# " + b"x" * (2 * 2**20) + b"\nASK {}"


def test_an_oversized_body_is_answered_413_every_time(live_server: LiveServer) -> None:
    for _ in range(20):
        request = urllib.request.Request(
            live_server.url + "/sparql",
            data=BODY,
            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=30)
        assert raised.value.code == 413
        assert "GSIKG_MAX_BODY" in json.loads(raised.value.read())["message"]
