"""Python's cycle collector paused while a request builds tens of thousands of short-lived rows.

CPython collects cycles by generations, triggered by how many container objects were made: a
read that makes 100,000 tuples (the insights' rows at 100,000 stories) triggers collections
that move the rows still in use to the oldest generation, and every few such reads a full
collection walks the whole heap (the app, SQLAlchemy, the rows): 130 ms, on one report in two or
three (BENCHMARKS.md, `bench:insights-collector`). The rows hold no cycles; reference counting
frees them when the report is done. `paused` turns the collector off for the build and back on
after; the garbage with cycles made meanwhile, by any thread, waits for the next collection.

The pause is process-wide (the collector is), so it is counted: overlapping pauses on several
threads end when the last does, and a collector someone else turned off stays off.

`freeze_loaded` is the other half, for every request: what the process loaded to serve (the
modules, the app, SQLAlchemy's mappers, about 200,000 objects) lives as long as it does, yet each
full collection walked it all: 120 to 240 ms with every serving thread stopped, every few hundred
requests, which was a reader's page's p99 (309 ms against a p50 of 28 under wrk; BENCHMARKS.md,
`bench:public-render`). Frozen once before serving (`gc.freeze`, as gunicorn's master does before
it forks), they are never walked again; a full collection then walks only what came after.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()


def freeze_loaded() -> int:
    """Collect what is garbage now, then keep every object still alive out of all later
    collections (`gc.freeze`): called once, just before a process starts serving. Returns how
    many objects are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


_state = {"pausing": 0, "was_on": False}


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (on again after the last overlapping pause ends, if
    it was on when the first began)."""
    with _LOCK:
        if _state["pausing"] == 0:
            _state["was_on"] = gc.isenabled()
            gc.disable()
        _state["pausing"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _state["pausing"] -= 1
            if _state["pausing"] == 0 and _state["was_on"]:
                gc.enable()
