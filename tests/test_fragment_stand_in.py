"""`FragmentCache.get_or_stand_in` (issue 28): one drawing per family at a time, the previous
stamp's value answered meanwhile, never an older one or another family's. Nested calls stand for
a second thread arriving during a drawing: no thread, no sleep."""

from __future__ import annotations

from editorial.fragment_cache import FragmentCache


def test_a_call_during_the_next_stamps_drawing_gets_the_previous_stamps_value_at_once() -> None:
    cache = FragmentCache()
    assert cache.get_or_stand_in("f", 1, lambda: ("one", True)) == ("one", True)
    meanwhile: list[tuple[str, bool]] = []

    def draw_two() -> tuple[str, bool]:
        meanwhile.append(cache.get_or_stand_in("f", 2, lambda: ("again", True)))
        return "two", True

    assert cache.get_or_stand_in("f", 2, draw_two) == ("two", True)
    assert meanwhile == [("one", False)] and cache.stood_in == 1
    assert cache.get_or_stand_in("f", 2, lambda: ("again", True)) == ("two", True)


def test_a_value_too_old_or_of_another_family_is_never_answered() -> None:
    cache = FragmentCache()
    cache.alone_wait = 0  # the drawing below holds the family: the call draws its own at once
    cache.get_or_stand_in("f", 1, lambda: ("one", True))
    meanwhile: list[tuple[str, bool]] = []

    def draw_three() -> tuple[str, bool]:
        meanwhile.append(cache.get_or_stand_in("f", 3, lambda: ("own", True)))
        meanwhile.append(cache.get_or_stand_in("g", 3, lambda: ("g", True)))
        return "three", True

    cache.get_or_stand_in("f", 3, draw_three)
    assert meanwhile == [("own", True), ("g", True)] and cache.stood_in == 0


def test_a_value_drawn_around_a_stand_in_is_answered_but_not_kept() -> None:
    cache = FragmentCache()
    assert cache.get_or_stand_in("f", 1, lambda: ("partly old", False)) == ("partly old", False)
    assert cache.get_or_stand_in("f", 1, lambda: ("new", True)) == ("new", True)
    assert cache.get_or_stand_in("f", 1, lambda: ("never", True)) == ("new", True)


def test_with_the_cache_off_every_call_draws() -> None:
    cache = FragmentCache(max_entries=0)
    assert cache.get_or_stand_in("f", 1, lambda: ("a", True)) == ("a", True)
    assert cache.get_or_stand_in("f", 1, lambda: ("b", True)) == ("b", True)
