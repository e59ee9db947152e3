"""The page cache's store (`editorial.page_cache`): kept responses, bounded by time, count and
bytes, safe across threads. What is kept, under which key and when, is `page_cache`'s."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

MAX_ENTRIES = 512
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass
class Entry:
    """One kept response."""

    expires: float
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def size(self) -> int:
        """What the entry holds, in bytes: its body and its headers."""
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class PageCache:
    """A map from key to response bounded by time, count and bytes, safe across threads."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.bytes = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._rendering: dict[str, threading.Lock] = {}

    def render_lock(self, key: str) -> threading.Lock:
        """The lock held by the one request rendering `key` while others wait for its entry."""
        with self._lock:
            if len(self._rendering) > MAX_ENTRIES:
                self._rendering = {k: v for k, v in self._rendering.items() if v.locked()}
            return self._rendering.setdefault(key, threading.Lock())

    def get(self, key: str) -> Entry | None:
        """The entry kept under `key`, unless it has expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        """Keep `entry` (not one larger than the whole cache); expired entries go, then the least
        recently used beyond MAX_ENTRIES or `max_bytes`."""
        size = entry.size
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if size > self.max_bytes:
                return
            self._entries[key] = entry
            self.bytes += size
            now = time.monotonic()
            while self._entries:
                oldest_key, oldest = next(iter(self._entries.items()))
                over = len(self._entries) > MAX_ENTRIES or self.bytes > self.max_bytes
                if not over and oldest.expires >= now:
                    break
                self._drop(oldest_key)

    def _drop(self, key: str) -> None:
        self.bytes -= self._entries.pop(key).size

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
