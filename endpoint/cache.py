"""The response cache: a store release never changes, so the same query asked for in the same
format has the same answer until the next build is published.

Keys include the release id, so a new release never sees an old answer; the cache is emptied when
the release changes. Entries are evicted least-recently-used beyond ``max_entries`` or
``max_bytes``; an answer larger than an eighth of the budget is not kept. :class:`Lru` is that
policy alone, also used by :mod:`endpoint.answer_cache`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from endpoint.query_job import QueryAnswer

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A thread-safe least-recently-used map within ``max_entries`` and ``max_bytes``."""

    def __init__(self, max_entries: int, max_bytes: int, size: Callable[[V], int]) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.max_bytes > 0

    def keeps(self, value: V) -> bool:
        """Whether ``value`` is small enough to keep (at most an eighth of the byte budget)."""
        return self.enabled and self._size(value) <= self.max_bytes // 8

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        if not self.keeps(value):
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = value
            self._bytes += self._size(value)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= self._size(evicted)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class CacheKey:
    release: str
    query: str
    media_type: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    base_iri: str


class ResponseCache(Lru[CacheKey, QueryAnswer]):
    """Query answers by :class:`CacheKey`; emptied when an answer of a new release comes in."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        super().__init__(max_entries, max_bytes, lambda answer: len(answer.body))
        self._release: str | None = None

    def put(self, key: CacheKey, value: QueryAnswer) -> None:
        if key.release != self._release:
            self.clear()
            self._release = key.release
        super().put(key, value)
