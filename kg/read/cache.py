"""The result cache of the read door: a release never changes, so the same read (function and
arguments) on the same release has the same result until the next build is published.

Keys include the release, and the cache is emptied when a result of a new release comes in, so a
new release never sees an old answer. Entries are evicted least-recently-used beyond
``max_entries`` or ``max_bytes`` (sizes are the pickled sizes the executors sent); a result larger
than an eighth of the budget is not kept. :class:`Lru` is that policy alone, also used by the
HTTP answer cache (:mod:`endpoint.sparql.http_cache`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A thread-safe least-recently-used map within ``max_entries`` and ``max_bytes``.

    >>> cache: Lru[str, bytes] = Lru(2, 80, len)
    >>> cache.put("a", b"1"); cache.put("b", b"2"); cache.put("c", b"3")
    >>> cache.get("a") is None, cache.get("c")
    (True, b'3')
    """

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
class Cached:
    """A read's result and the size it had on the wire."""

    result: object
    size: int


# (release run id, read function's qualified name, its arguments)
ResultKey = tuple[str, str, tuple[object, ...]]


class ResultCache(Lru[ResultKey, Cached]):
    """Read results by :data:`ResultKey`; emptied when a result of a new release comes in."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        super().__init__(max_entries, max_bytes, lambda cached: cached.size)
        self._release: str | None = None

    def put(self, key: ResultKey, value: Cached) -> None:
        if key[0] != self._release:
            self.clear()
            self._release = key[0]
        super().put(key, value)
