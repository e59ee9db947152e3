"""SQLite's write lock taken in turn by a process's threads, first come first served.

SQLite has one write lock per database file, and a connection that finds it taken does not
queue for it: its busy handler sleeps and tries again, 1, 2, 5, 10... then 100 ms at a time.
Under a steady stream of writes (16 connections posting on 8 waitress threads) a writer that
has already waited sleeps 100 ms between tries, and each time the lock comes free a newer
writer, still on its short sleeps, takes it first: a few writes waited seconds while most
waited tens of milliseconds (wrk's p99 of writes 1.7 to 3.2 s against p50s of 0.1 to 0.3 s).

So before a thread begins `BEGIN IMMEDIATE` it takes its turn here, in arrival order, and is
woken the moment the thread before it is done, so at most one thread of the process asks
SQLite for the lock at a time. Its turn ends when its connection goes back to the pool (after
the commit or the rollback; `editorial.database` connects the events). Another process (a
second gunicorn worker, the CLI) still meets SQLite's busy handler, one writer per process.

A thread already holding a turn (two connections in one thread) is let through; a turn not
given within the busy timeout is given up and the thread asks SQLite as before, so nothing
waits longer here than it would have waited there.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import deque

_ALL: weakref.WeakSet[WriteTurns] = weakref.WeakSet()


class WriteTurns:
    """A fair lock: threads get it in the order they asked, re-entrant per thread."""

    def __init__(self) -> None:
        self._forget()
        _ALL.add(self)

    def _forget(self) -> None:
        self._mutex = threading.Lock()
        self._holder: int | None = None  # the thread id holding the turn
        self._depth = 0
        self._waiting: deque[tuple[int, threading.Lock]] = deque()

    def take(self, timeout: float) -> bool:
        """Wait for this thread's turn (at most `timeout` seconds); whether it was given."""
        me = threading.get_ident()
        with self._mutex:
            if self._holder is None or self._holder == me:
                self._holder = me
                self._depth += 1
                return True
            woken = threading.Lock()
            woken.acquire()
            place = (me, woken)
            self._waiting.append(place)
        if woken.acquire(timeout=timeout):
            return True  # handed over by `give_back`, which made this thread the holder
        with self._mutex:
            if place in self._waiting:
                self._waiting.remove(place)
                return False
        return True  # handed over just as the wait ran out: it is this thread's now

    def give_back(self) -> None:
        """End one turn of the holder; the next thread in line (if any) holds it at once."""
        with self._mutex:
            if self._depth == 0:
                return
            self._depth -= 1
            if self._depth:
                return
            if self._waiting:
                self._holder, woken = self._waiting.popleft()
                self._depth = 1
                woken.release()
            else:
                self._holder = None

    @property
    def waiting(self) -> int:
        """How many threads wait for a turn now."""
        with self._mutex:
            return len(self._waiting)


def _forget_after_fork() -> None:
    """A forked worker starts with no turn held: the parent's threads are not in the child."""
    for turns in list(_ALL):
        turns._forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
