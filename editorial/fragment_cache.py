"""Rendered fragments kept in memory, keyed on everything they show (issue 28).

A board of 150 cards rendered each card through Jinja on every request: two thirds of the
board's CPU. Most cards are the same from one request to the next and from one viewer to the
next, so a card is rendered once per key and its HTML reused.

The key is the invalidation. A caller builds it from every value its fragment shows (the
article's version, the names on it, the marks, what its clock says in words, and the part of
it that depends on the viewer: which buttons, the return address), so a change to any of them is
a new key at once, in every process, without a message between processes: the same rule as the
page cache (`editorial.page_cache`), which keys on the site's version. Old keys are never read
again and fall out of the least-recently-used end. Nothing is keyed on a person: two viewers
whose cards would say the same share the HTML, and two whose cards would differ get different
keys, because what differs is in the key.

Per-request secrets (a form's CSRF token) are never in a kept fragment: the fragment is rendered
with `csrf_holes.HOLE` where the token goes, and `csrf_holes.fill` puts this request's token in
after reading it.

The public pages' parts (`public/fragments.py`: the masthead, the footer, a front, a listing's
page, a story) are kept here too, keyed on the site's version and the next moment the clock
alone changes what readers see (`public/windows.py`); their most read box on the page cache's
key (the site's version and slot).

Bounded by count (`FRAGMENT_CACHE_ENTRIES`, 0 turns it off) and by bytes
(`FRAGMENT_CACHE_BYTES`: a kept board is a few hundred KB). Safe across threads.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app

LOG = logging.getLogger(__name__)
EXTENSION = "editorial.fragment_cache"
DEFAULT_ENTRIES = 2048
DEFAULT_BYTES = 16 * 1024 * 1024
ALONE_WAIT = 2.0  # seconds a request waits for another drawing an `alone` fragment
T = TypeVar("T")
MISSING = object()  # nothing kept under a key (`FragmentCache._counted`)
#: Runs a drawing elsewhere (`get_or_stand_in`'s `beside`): `job` in another thread, then the
#: callback (after whatever that thread sets up around it is torn down).
Beside = Callable[[Callable[[], None], Callable[[], None]], None]


def size_of(value: object) -> int:
    """What a kept value holds, in bytes: a string's own, or a tuple's and its items'."""
    if isinstance(value, tuple | list):
        return sys.getsizeof(value) + sum(size_of(item) for item in value)
    return sys.getsizeof(value)


class FragmentCache:
    """An LRU map from a key to rendered HTML, bounded by count and bytes, safe across threads."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_entries = max(0, int(max_entries))
        self.max_bytes = max(0, int(max_bytes))
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._rendering: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0
        self.stood_in = 0  # answers given from the previous stamp while another drew the next
        # The newest stamp kept per family (`get_or_stand_in`), bounded like the entries.
        self._latest: OrderedDict[Hashable, tuple[int, int]] = OrderedDict()
        self._drawn_now: dict[Hashable, tuple[int, int]] = {}  # the stamp being drawn
        # How long a request waits for another drawing the same `alone` fragment before it
        # draws its own (a drawing stuck on a lock or a slow read holds up no one for long).
        self.alone_wait = ALONE_WAIT

    def get_or_render(
        self,
        key: Hashable,
        render: Callable[[], T],
        *,
        alone: bool = False,
        wait: float | None = None,
    ) -> T:
        """The HTML (or other immutable value) kept under `key`, or `render()`'s, kept.

        Rendered outside the lock. Two threads missing the same key at once both render it,
        which for a card is cheaper than waiting; with `alone` (a whole board: hundreds of KB
        and a peak of MB each) one renders and the others wait for its result, so eight
        waitress threads take one peak, not eight; one that waits longer than `alone_wait`
        seconds (`ALONE_WAIT`, as long as the page cache waits for a page) draws its own, or
        `wait` seconds when given (a drawing known to take longer: the insights' report, 2 s of
        CPU at 100,000 stories, which each waiting thread then drew again)."""
        if self.max_entries == 0:
            return render()
        with self._lock:
            kept = self._counted(key)
        if kept is not MISSING:
            return kept  # type: ignore[no-any-return]  # what was kept under `key`
        if not alone:
            return self._keep(key, render())
        turn = self._turn(key)
        if not turn.acquire(timeout=self.alone_wait if wait is None else wait):
            return self._keep(key, render())  # the other drawing is slow: draw it here too
        try:
            with self._lock:
                found = self._entries.get(key)
            if found is not None:
                waited: T = found[0]
                return waited
            return self._keep(key, render())
        finally:
            turn.release()

    def get_or_read(self, key: Hashable, read: Callable[[], T | None]) -> T | None:
        """What is kept under `key`, or `read()`'s value, kept unless it is None: a lookup
        whose misses (an address nobody has, asked by anyone) must not push out what is kept
        (a public page's story or section head, `public.heads`)."""
        if self.max_entries == 0:
            return read()
        with self._lock:
            kept = self._counted(key)
        if kept is not MISSING:
            return kept  # type: ignore[no-any-return]  # what was kept under `key`
        value = read()
        return None if value is None else self._keep(key, value)

    def get_or_stand_in(
        self,
        family: Hashable,
        stamp: tuple[int, int],
        render: Callable[[], tuple[T, bool]],
        *,
        within: int | None = 1,
        wait: float | None = None,
        beside: Beside | None = None,
        fresh_wait: float = 0.0,
    ) -> tuple[T, bool]:
        """What is kept under `(family, stamp)`, or drawn by `render` and kept, with whether it
        is that stamp's (True) or an earlier one of the family standing in (False).

        `stamp` is (version, minute): what moves on with a write, and the clock. One thread at
        a time draws for a family. A thread that finds another drawing does not wait for it
        when that drawing is of its version or a later one (it will show every write this
        thread has seen) and the family's newest kept value is at most `within` minutes older:
        it answers that value (the figures from before the write, or from the minute before,
        for as long as the one drawing takes). Otherwise it waits for the drawing as
        `get_or_render(alone=True)` does, up to `wait` seconds (`alone_wait` when None), then
        draws its own. `render` answers its value and whether to keep it: a value drawn around
        a stand-in of another family is answered but not kept (`get_or_stand_in` nested: a page
        holding figures another thread is drawing). `within` None: however old, the family's
        newest stands in (a family that holds what makes a value wrong, not merely old).

        With `beside(job, done)` (run `job` elsewhere, then call `done`), a thread that finds
        nothing drawing, or only an older version's drawing (then two at once, one per stamp),
        starts the drawing there, waits for it at most `fresh_wait` s, then answers the newest
        kept (`within` as above; with none, it waits for the drawing). A value kept under a later
        version and minute than `stamp` (while the caller was on its way) is current."""
        if self.max_entries == 0:
            return render()
        with self._lock:
            kept = self._counted((family, stamp))
            if kept is not MISSING:
                return kept, True
            ahead = self._ahead(family, stamp)
            if ahead is not None:  # a later stamp's value, kept while this caller was on its way
                return ahead, True
        drawing = self._turn(("drawing", family))
        if self._take(drawing, family, stamp):
            if beside is None:
                return self._draw_stamp(drawing, family, stamp, render)
            return self._draw_beside(drawing, family, stamp, render, beside, fresh_wait, within)
        standing = self._recent(family, stamp, within)
        if standing is not None:
            return standing, False
        if beside is not None:  # the drawing under way is older: this stamp's drawn beside it
            return self._beside_older(family, stamp, render, beside, fresh_wait, within, wait)
        if drawing.acquire(timeout=self.alone_wait if wait is None else wait):
            return self._draw_stamp(drawing, family, stamp, render)
        value, keep = render()  # the other drawing is slow: draw it here too
        return (self._keep((family, stamp), value), True) if keep else (value, False)

    def _take(self, drawing: threading.Lock, family: Hashable, stamp: tuple[int, int]) -> bool:
        """Take the family's `drawing` lock if free, and mark `stamp` as being drawn in the
        same step: a caller finding the lock taken always finds the mark. Taken first and
        marked after, a caller between the two saw no drawing under way, started a second
        drawing of the same stamp beside it (twice the CPU and the memory of a drawing) or
        waited for the first instead of standing in."""
        with self._lock:
            if not drawing.acquire(blocking=False):  # never blocks: safe under the lock
                return False
            self._drawn_now[family] = stamp
            return True

    def _beside_older(
        self,
        family: Hashable,
        stamp: tuple[int, int],
        render: Callable[[], tuple[T, bool]],
        beside: Beside,
        fresh_wait: float,
        within: int | None,
        wait: float | None,
    ) -> tuple[T, bool]:
        """`stamp`'s drawing beside an older version's, one per stamp: a caller finding it under
        way stands in at once, or with nothing to stand in waits `wait` then draws its own."""
        own = self._turn(("drawing", family, stamp))
        if not self._take(own, family, stamp):
            standing = self._recent(family, stamp, within, own=True)
            if standing is not None:
                return standing, False
            if not own.acquire(timeout=self.alone_wait if wait is None else wait):
                value, keep = render()
                return (self._keep((family, stamp), value), True) if keep else (value, False)
        return self._draw_beside(own, family, stamp, render, beside, fresh_wait, within)

    def _ahead(self, family: Hashable, stamp: tuple[int, int]) -> Any:
        """The family's newest kept value if its stamp is later than `stamp` in both the version
        and the minute (the caller read them just before that value was kept). Under the lock."""
        newest = self._latest.get(family)
        if newest is None or newest[0] < stamp[0] or newest[1] < stamp[1]:
            return None
        found = self._entries.get((family, newest))
        return None if found is None else found[0]

    def _recent(
        self, family: Hashable, stamp: tuple[int, int], within: int | None, *, own: bool = False
    ) -> Any:
        """The family's newest kept value, if the drawing under way is of `stamp`'s version or
        a later one (or is the caller's `own`) and the value is before `stamp`, at most
        `within` minutes (None: any)."""
        with self._lock:
            newest = self._latest.get(family)
            under_way = self._drawn_now.get(family)
            if newest is None or newest >= stamp:
                return None
            if not own and (under_way is None or under_way[0] < stamp[0]):
                return None
            if within is not None and not 0 <= stamp[1] - newest[1] <= within:
                return None
            found = self._entries.get((family, newest))
            if found is None:
                return None
            self.stood_in += 1
            return found[0]

    def _draw_beside(
        self,
        drawing: threading.Lock,
        family: Hashable,
        stamp: tuple[int, int],
        render: Callable[[], tuple[T, bool]],
        beside: Beside,
        fresh_wait: float,
        within: int | None,
    ) -> tuple[T, bool]:
        """Draw `(family, stamp)` through `beside`, holding `drawing` until it ends: its value
        if it ends within `fresh_wait` s, else the newest kept (with none, its value)."""
        with self._lock:
            self._drawn_now[family] = stamp  # calls meanwhile stand in from now on
        outcome: list[Any] = []
        done = threading.Event()

        def job() -> None:
            try:
                outcome.append(self._draw_stamp(drawing, family, stamp, render))
            except BaseException as error:  # raised to a caller still waiting, and logged
                outcome.append(error)
                LOG.exception("a drawing beside a request failed: %r", family)

        try:
            beside(job, done.set)
        except BaseException:
            with self._lock:
                self._drawn_now.pop(family, None)
            drawing.release()
            raise
        if not done.wait(fresh_wait):
            standing = self._recent(family, stamp, within, own=True)
            if standing is not None:
                return standing, False
            done.wait()
        found = outcome[0] if outcome else RuntimeError("the drawing beside ended with nothing")
        if isinstance(found, BaseException):
            raise found
        drawn: tuple[T, bool] = found
        return drawn

    def _draw_stamp(
        self,
        drawing: threading.Lock,
        family: Hashable,
        stamp: tuple[int, int],
        render: Callable[[], tuple[T, bool]],
    ) -> tuple[T, bool]:
        """Draw `(family, stamp)` holding the family's `drawing` lock (released here)."""
        try:
            with self._lock:
                found = self._entries.get((family, stamp))
                self._drawn_now[family] = stamp
            if found is not None:
                return found[0], True
            value, keep = render()
            if not keep:
                return value, False
            self._keep((family, stamp), value)
            with self._lock:
                if stamp >= self._latest.get(family, stamp):
                    self._latest[family] = stamp
                    self._latest.move_to_end(family)
                while len(self._latest) > max(self.max_entries, 1):
                    self._latest.popitem(last=False)
            return value, True
        finally:
            with self._lock:
                self._drawn_now.pop(family, None)
            drawing.release()

    def newest(self, family: Hashable) -> Any:
        """The newest value kept of `family` (`get_or_stand_in`), None if none is."""
        with self._lock:
            stamp = self._latest.get(family)
            found = None if stamp is None else self._entries.get((family, stamp))
        return None if found is None else found[0]

    def _counted(self, key: Hashable) -> Any:
        """What is kept under `key`, made the most recent and counted a hit, or `MISSING`,
        counted a miss. Under the lock."""
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return MISSING
        self._entries.move_to_end(key)
        self.hits += 1
        return found[0]

    def peek(self, key: Hashable) -> Any:
        """What is kept under `key` (None if nothing), without drawing it or counting a hit: a
        caller that may carry an entry over to a new key (`articles.panels.around`)."""
        with self._lock:
            found = self._entries.get(key)
        return None if found is None else found[0]

    def _turn(self, key: Hashable) -> threading.Lock:
        """The lock held by the one thread rendering `key` alone."""
        with self._lock:
            if len(self._rendering) > self.max_entries:
                self._rendering = {k: v for k, v in self._rendering.items() if v.locked()}
            return self._rendering.setdefault(key, threading.Lock())

    def _keep(self, key: Hashable, html: T) -> T:
        size = size_of(html)
        if size > self.max_bytes:
            return html  # larger than the whole cache: drawn for this request only
        with self._lock:
            if key in self._entries:
                self.bytes -= self._entries.pop(key)[1]
            self._entries[key] = (html, size)
            self.bytes += size
            while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
                self.bytes -= self._entries.popitem(last=False)[1][1]
        return html

    def clear(self) -> None:
        """Forget everything (tests; never needed for correctness)."""
        with self._lock:
            self._entries.clear()
            self._latest.clear()
            self.hits = self.misses = self.bytes = self.stood_in = 0

    def __len__(self) -> int:
        return len(self._entries)


def fragment_cache() -> FragmentCache:
    """This app's fragment cache."""
    cache: FragmentCache = current_app.extensions[EXTENSION]
    return cache


def init_fragment_cache(app: Flask) -> None:
    """Give the app its cache, sized by FRAGMENT_CACHE_ENTRIES and FRAGMENT_CACHE_BYTES."""
    entries = app.config.get("FRAGMENT_CACHE_ENTRIES", DEFAULT_ENTRIES)
    max_bytes = app.config.get("FRAGMENT_CACHE_BYTES", DEFAULT_BYTES)
    app.extensions[EXTENSION] = FragmentCache(int(entries), int(max_bytes))
