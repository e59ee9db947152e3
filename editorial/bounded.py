"""A small bounded memo shared by a process's threads (the poll gate's: `fast_polls`,
`fast_sessions`).

For values that are a pure function of their key (a URL's match, a cookie's verified payload):
a lookup takes no lock; an insert takes one (never across a database read) and drops the oldest
entry once `size` are kept, so a stream of new keys (an attacker's addresses or cookies) costs
memory up to `size` entries and nothing else.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """At most `size` entries, the oldest dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[K, V] = {}
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept for `key`, or None."""
        return self.entries.get(key)

    def put(self, key: K, value: V) -> None:
        """Keep `value` for `key`, dropping the oldest entries past `size`."""
        with self.lock:
            entries = self.entries
            entries[key] = value
            while len(entries) > self.size:
                entries.pop(next(iter(entries)), None)

    def __len__(self) -> int:
        return len(self.entries)
