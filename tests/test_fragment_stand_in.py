"""`FragmentCache.get_or_stand_in` (issue 28): one drawing per family at a time, the family's
newest value answered meanwhile when the drawing under way shows every write the caller has
seen, never one older than a minute (unless told: `within=None`), never another family's; with
`beside`, the caller waits for its own drawing at most `fresh_wait`. Nested calls stand for a second
thread arriving during a drawing: no thread, no sleep. Stamps are (version, minute)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from editorial.fragment_cache import FragmentCache


def test_a_call_during_the_next_minutes_drawing_gets_the_previous_minutes_value_at_once() -> None:
    cache = FragmentCache()
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("one", True)) == ("one", True)
    meanwhile: list[tuple[str, bool]] = []

    def draw_two() -> tuple[str, bool]:
        meanwhile.append(cache.get_or_stand_in("f", (1, 2), lambda: ("again", True)))
        return "two", True

    assert cache.get_or_stand_in("f", (1, 2), draw_two) == ("two", True)
    assert meanwhile == [("one", False)] and cache.stood_in == 1
    assert cache.get_or_stand_in("f", (1, 2), lambda: ("again", True)) == ("two", True)


def test_a_call_during_a_drawing_of_its_version_gets_the_previous_versions_value() -> None:
    cache = FragmentCache()
    cache.get_or_stand_in("f", (1, 1), lambda: ("before the write", True))
    meanwhile: list[tuple[str, bool]] = []

    def draw_after_write() -> tuple[str, bool]:
        meanwhile.append(cache.get_or_stand_in("f", (2, 1), lambda: ("again", True)))
        return "after the write", True

    assert cache.get_or_stand_in("f", (2, 1), draw_after_write) == ("after the write", True)
    assert meanwhile == [("before the write", False)]


def test_never_while_the_drawing_under_way_is_of_an_older_version_nor_too_old() -> None:
    cache = FragmentCache()
    cache.alone_wait = 0  # the drawing below holds the family: the call draws its own at once
    cache.get_or_stand_in("f", (1, 1), lambda: ("one", True))
    meanwhile: list[tuple[str, bool]] = []

    def draw_old_version() -> tuple[str, bool]:
        # A write (version 2) landed after this drawing of version 1 began.
        meanwhile.append(cache.get_or_stand_in("f", (2, 2), lambda: ("own", True)))
        meanwhile.append(cache.get_or_stand_in("f", (1, 3), lambda: ("too old", True)))
        meanwhile.append(cache.get_or_stand_in("g", (1, 2), lambda: ("g", True)))
        return "two", True

    cache.get_or_stand_in("f", (1, 2), draw_old_version)
    assert meanwhile == [("own", True), ("too old", True), ("g", True)] and cache.stood_in == 0


def test_a_value_drawn_around_a_stand_in_is_answered_but_not_kept() -> None:
    cache = FragmentCache()
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("partly old", False)) == (
        "partly old",
        False,
    )
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("new", True)) == ("new", True)
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("never", True)) == ("new", True)


def test_with_the_cache_off_every_call_draws() -> None:
    cache = FragmentCache(max_entries=0)
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("a", True)) == ("a", True)
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("b", True)) == ("b", True)


# -- a drawing beside the caller (`beside`): the caller waits at most `fresh_wait` ------------


class Held:
    """A `beside` that runs nothing until told (`finish`): a drawing still under way."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Any, Any]] = []

    def __call__(self, job: Any, done: Any) -> None:
        self.jobs.append((job, done))

    def finish(self) -> None:
        for job, done in self.jobs:
            job()
            done()
        self.jobs.clear()


def at_once(job: Any, done: Any) -> None:
    """A `beside` whose drawing ends before the caller waits for it."""
    job()
    done()


def test_the_caller_gets_the_newest_kept_however_old_while_its_drawing_goes_on() -> None:
    cache = FragmentCache()
    cache.get_or_stand_in("f", (1, 1), lambda: ("12:01", True))
    held = Held()
    # An hour later, after a write: the drawing does not end within the wait (0 s here).
    got = cache.get_or_stand_in(
        "f", (2, 61), lambda: ("13:01", True), within=None, beside=held, fresh_wait=0
    )
    assert got == ("12:01", False) and len(held.jobs) == 1
    # Meanwhile another call stands in at once too, and starts no second drawing.
    again = cache.get_or_stand_in(
        "f", (2, 61), lambda: ("never", True), within=None, beside=held, fresh_wait=0
    )
    assert again == ("12:01", False) and len(held.jobs) == 1
    held.finish()  # the drawing ends and is kept: the next call gets it
    assert cache.get_or_stand_in("f", (2, 61), lambda: ("never", True), beside=held) == (
        "13:01",
        True,
    )


def test_a_drawing_that_ends_within_the_wait_is_answered() -> None:
    cache = FragmentCache()
    cache.get_or_stand_in("f", (1, 1), lambda: ("before", True))
    got = cache.get_or_stand_in(
        "f", (2, 1), lambda: ("after", True), within=None, beside=at_once, fresh_wait=0
    )
    assert got == ("after", True) and cache.stood_in == 0


def test_with_nothing_kept_in_the_family_the_caller_waits_for_the_drawing() -> None:
    cache = FragmentCache()
    cache.get_or_stand_in("other family", (1, 1), lambda: ("not this one", True))
    got = cache.get_or_stand_in(
        "f", (1, 1), lambda: ("first", True), within=None, beside=at_once, fresh_wait=0
    )
    assert got == ("first", True)


def test_a_failed_drawing_beside_is_raised_to_a_caller_still_waiting() -> None:
    cache = FragmentCache()

    def broken() -> tuple[str, bool]:
        raise ValueError("the database went away")

    with pytest.raises(ValueError, match="went away"):
        cache.get_or_stand_in("f", (1, 1), broken, beside=at_once, fresh_wait=0)
    # The family is free again: the next call draws.
    assert cache.get_or_stand_in("f", (1, 1), lambda: ("drawn", True), beside=at_once) == (
        "drawn",
        True,
    )


def test_behind_an_older_drawing_the_caller_starts_its_own_beside_it_at_once() -> None:
    """A write (version 2) landed after the drawing under way (version 1) began: the caller
    cannot stand in on that drawing, and does not wait for it: it starts its own beside it
    and, that one slow too, answers the newest kept meanwhile; a caller of the same stamp
    meanwhile stands in on it and starts no third."""
    cache = FragmentCache()
    cache.get_or_stand_in("f", (1, 1), lambda: ("one", True))
    held = Held()
    assert cache.get_or_stand_in(
        "f", (1, 2), lambda: ("two", True), within=None, beside=held, fresh_wait=0
    ) == ("one", False)
    got = cache.get_or_stand_in(
        "f", (2, 2), lambda: ("after the write", True), within=None, beside=held, fresh_wait=0
    )
    assert got == ("one", False) and len(held.jobs) == 2
    again = cache.get_or_stand_in(
        "f", (2, 2), lambda: ("never", True), within=None, beside=held, fresh_wait=0
    )
    assert again == ("one", False) and len(held.jobs) == 2
    held.finish()
    assert cache.get_or_stand_in("f", (2, 2), lambda: ("never", True)) == ("after the write", True)


def test_a_value_kept_under_a_later_stamp_is_answered_to_a_caller_on_its_way() -> None:
    cache = FragmentCache()
    cache.get_or_stand_in("f", (2, 5), lambda: ("later", True))
    assert cache.get_or_stand_in("f", (1, 4), lambda: ("never", True)) == ("later", True)
    # Later in version but not in minute: drawn for the caller's minute.
    assert cache.get_or_stand_in("f", (1, 6), lambda: ("its own", True)) == ("its own", True)


def test_a_call_arriving_as_a_drawing_takes_its_turn_stands_in_and_draws_nothing() -> None:
    """The caller that finds the family's drawing lock taken finds the drawing's stamp marked:
    taken first and marked after, a call between the two started a second drawing of the same
    stamp beside the first (failed before: two drawings). The call arrives right after the lock
    is taken: at once in this thread when the lock was taken outside the cache's own lock,
    else in a thread that runs as soon as the cache's lock is let go."""
    cache = FragmentCache()
    cache.get_or_stand_in("f", (1, 1), lambda: ("12:01", True))
    drawn: list[str] = []
    arrived: list[tuple[str, bool]] = []
    late: list[threading.Thread] = []

    def second_call() -> None:
        arrived.append(
            cache.get_or_stand_in("f", (2, 2), draw("second"), beside=at_once, fresh_wait=0)
        )

    def draw(name: str) -> Any:
        def render() -> tuple[str, bool]:
            for thread in late:
                thread.join(timeout=10)
            drawn.append(name)
            return name, True

        return render

    taken = cache._turn(("drawing", "f"))

    class Arriving:
        """The family's drawing lock; a second call arrives right after it is taken."""

        def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
            got = taken.acquire(blocking, timeout)
            if got and not arrived and not late:
                if cache._lock.locked():
                    late.append(threading.Thread(target=second_call))
                    late[0].start()
                else:
                    second_call()
            return got

        def release(self) -> None:
            taken.release()

        def locked(self) -> bool:
            return taken.locked()

    cache._rendering[("drawing", "f")] = Arriving()  # type: ignore[assignment]
    first = cache.get_or_stand_in("f", (2, 2), draw("first"), beside=at_once, fresh_wait=0)
    assert first == ("first", True)
    assert arrived == [("12:01", False)] and drawn == ["first"]
