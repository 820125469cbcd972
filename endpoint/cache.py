"""The response cache: a store release never changes, so the same query asked for in the same
format has the same answer until the next build is published.

Keys include the release id, so a new release never sees an old answer; the cache is emptied when
the release changes. Entries are evicted least-recently-used beyond ``max_entries`` or
``max_bytes``; an answer larger than an eighth of the budget is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from endpoint.query_job import QueryAnswer


@dataclass(frozen=True)
class CacheKey:
    release: str
    query: str
    media_type: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    base_iri: str


class ResponseCache:
    """A thread-safe LRU of :class:`QueryAnswer` by :class:`CacheKey`."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[CacheKey, QueryAnswer] = OrderedDict()
        self._bytes = 0
        self._release: str | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.max_bytes > 0

    def get(self, key: CacheKey) -> QueryAnswer | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is not None:
                self._entries.move_to_end(key)
            return answer

    def put(self, key: CacheKey, answer: QueryAnswer) -> None:
        size = len(answer.body)
        if not self.enabled or size > self.max_bytes // 8:
            return
        with self._lock:
            if key.release != self._release:
                self._entries.clear()
                self._bytes = 0
                self._release = key.release
            if key in self._entries:
                return
            self._entries[key] = answer
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)
