"""What a serving process keeps is bounded (issue 28's memory target): the page cache and the
fragment cache by bytes, the insights reports by how many are built at once, a kept board drawn
once while others wait, glibc's arenas capped and trimmed."""

from __future__ import annotations

import platform
import threading
import time
from typing import Any

import pytest

from editorial import allocator
from editorial.extensions import db
from editorial.fragment_cache import FragmentCache, size_of
from editorial.insights import reading
from editorial.page_store import MAX_ENTRIES, Entry, PageCache
from tests.helpers import POSTGRES_URL


def _entry(body_bytes: int, expires_in: float = 60.0) -> Entry:
    return Entry(
        time.monotonic() + expires_in, 200, [("Content-Type", "text/html")], b"x" * body_bytes
    )


def test_page_cache_drops_the_least_recently_used_beyond_its_bytes() -> None:
    size = _entry(1000).size
    cache = PageCache(max_bytes=3 * size)
    for key in ("a", "b", "c"):
        cache.put(key, _entry(1000))
    assert cache.get("a") is not None  # now the most recently used
    cache.put("d", _entry(1000))
    assert cache.get("b") is None
    assert [cache.get(k) is not None for k in ("a", "c", "d")] == [True, True, True]
    assert cache.bytes == 3 * size


def test_page_cache_keeps_no_page_larger_than_itself() -> None:
    cache = PageCache(max_bytes=500)
    cache.put("small", _entry(100))
    cache.put("huge", _entry(1000))
    assert cache.get("huge") is None
    assert cache.get("small") is not None


def test_page_cache_replacing_a_key_counts_its_bytes_once() -> None:
    cache = PageCache(max_bytes=10_000)
    cache.put("a", _entry(1000))
    cache.put("a", _entry(2000))
    assert cache.bytes == _entry(2000).size
    assert len(cache) == 1


def test_page_cache_lets_expired_pages_go_when_another_is_kept() -> None:
    cache = PageCache()
    cache.put("old", _entry(1000, expires_in=-1))
    cache.put("new", _entry(1000))
    assert len(cache) == 1
    assert cache.bytes == _entry(1000).size


def test_page_cache_still_bounded_by_count() -> None:
    cache = PageCache()
    for n in range(MAX_ENTRIES + 10):
        cache.put(str(n), _entry(1))
    assert len(cache) == MAX_ENTRIES
    assert cache.get("0") is None


def test_page_cache_setting_reaches_the_cache(make_app: Any) -> None:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=30, PUBLIC_PAGE_CACHE_BYTES=12345)
    assert app.extensions["editorial.page_cache"].max_bytes == 12345


def test_insights_reports_built_at_most_two_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    count = reading.AT_ONCE + 2
    inside = most = called = 0
    changed = threading.Condition()
    release = threading.Event()

    def building(*_args: Any) -> None:
        nonlocal inside, most
        with changed:
            inside += 1
            most = max(most, inside)
            changed.notify_all()
        release.wait(5)
        with changed:
            inside -= 1

    def asking() -> None:
        nonlocal called
        with changed:
            called += 1
            changed.notify_all()
        reading.compute(None, None)  # type: ignore[arg-type]  # _compute is replaced

    monkeypatch.setattr(reading, "_compute", building)
    threads = [threading.Thread(target=asking) for _ in range(count)]
    for thread in threads:
        thread.start()
    with changed:
        assert changed.wait_for(lambda: called == count and inside == reading.AT_ONCE, 5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert most == reading.AT_ONCE


def test_fragment_cache_drops_the_least_recently_used_beyond_its_bytes() -> None:
    board = "b" * 10_000
    cache = FragmentCache(max_entries=100, max_bytes=3 * size_of(board))
    for key in ("a", "b", "c"):
        cache.get_or_render(key, lambda: board)
    cache.get_or_render("a", lambda: "never drawn")  # "a" is now the most recently used
    cache.get_or_render("d", lambda: board)
    drawn: list[str] = []
    cache.get_or_render("b", lambda: drawn.append("b") or board)
    assert drawn == ["b"]  # "b" had gone; "a" and "d" stayed
    assert cache.get_or_render("a", lambda: "x") == board
    assert cache.bytes <= cache.max_bytes


def test_fragment_cache_keeps_nothing_larger_than_itself() -> None:
    cache = FragmentCache(max_entries=100, max_bytes=1_000)
    assert cache.get_or_render("huge", lambda: "h" * 5_000) == "h" * 5_000
    assert len(cache) == 0
    assert cache.bytes == 0


def test_fragment_cache_counts_a_tuples_items() -> None:
    names = tuple(f"person {n}" for n in range(50))
    assert size_of(names) > sum(len(name) for name in names)


def test_fragment_cache_setting_reaches_the_cache(make_app: Any) -> None:
    app = make_app(FRAGMENT_CACHE_BYTES=54321)
    assert app.extensions["editorial.fragment_cache"].max_bytes == 54321


def test_arenas_capped_unless_the_environment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert allocator.limit_arenas() is False  # glibc read the environment's at start
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    glibc = platform.libc_ver()[0] == "glibc"
    assert allocator.limit_arenas() is glibc


def test_insights_give_back_what_their_peak_took(
    app: Any, client_as: Any, editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a request that built a report gives memory back (`malloc_trim` walks every arena):
    a signed-out one (a redirect) built nothing (test_insights_kept.py: nor does a kept page)."""
    trimmed: list[object] = []
    monkeypatch.setattr(allocator, "give_back", lambda: trimmed.append(True))
    app.test_client().get("/insights/")
    assert not trimmed
    assert client_as(editor).get("/insights/").status_code == 200
    assert trimmed


def test_give_back_trims_on_glibc() -> None:
    assert isinstance(allocator.give_back(), bool)


def test_a_board_is_drawn_once_while_the_others_wait_for_it() -> None:
    cache = FragmentCache()
    drawn: list[int] = []
    drawing = threading.Event()
    finish = threading.Event()
    results: list[str] = []

    def draw() -> str:
        drawn.append(1)
        drawing.set()
        finish.wait(5)
        return "the board"

    def ask() -> None:
        results.append(cache.get_or_render("board", draw, alone=True))

    first = threading.Thread(target=ask)
    first.start()
    assert drawing.wait(5)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for thread in others:
        thread.start()
    finish.set()
    for thread in [first, *others]:
        thread.join(5)
    assert results == ["the board"] * 4
    assert drawn == [1]


def test_a_request_waits_only_so_long_for_another_drawing_the_board() -> None:
    cache = FragmentCache()
    cache.alone_wait = 0.05
    drawing, finish = threading.Event(), threading.Event()

    def stuck() -> str:
        drawing.set()
        finish.wait(5)
        return "the first board"

    first = threading.Thread(target=lambda: cache.get_or_render("board", stuck, alone=True))
    first.start()
    assert drawing.wait(5)
    # The first drawing holds on; the second draws its own rather than wait for it.
    assert cache.get_or_render("board", lambda: "its own board", alone=True) == "its own board"
    finish.set()
    first.join(5)


def test_a_caller_may_wait_longer_for_a_long_drawing() -> None:
    """`wait` overrides `alone_wait` for a drawing known to be long (the insights' report)."""
    cache = FragmentCache()
    cache.alone_wait = 0  # alone, the second would draw its own at once
    drawing, finish = threading.Event(), threading.Event()
    drawn: list[str] = []

    def long_report() -> str:
        drawn.append("first")
        drawing.set()
        finish.wait(5)
        return "the report"

    first = threading.Thread(target=lambda: cache.get_or_render("report", long_report, alone=True))
    first.start()
    assert drawing.wait(5)
    answers: list[str] = []

    def second() -> None:
        answers.append(
            cache.get_or_render("report", lambda: drawn.append("second") or "", alone=True, wait=5)
        )

    waiting = threading.Thread(target=second)
    waiting.start()
    finish.set()
    for thread in (first, waiting):
        thread.join(5)
    assert answers == ["the report"] and drawn == ["first"]


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's page cache")
@pytest.mark.parametrize(("given", "expected"), [(None, -512), (64, -64)])
def test_each_pooled_sqlite_connection_keeps_a_small_page_cache(
    make_app: Any, given: int | None, expected: int
) -> None:
    app = make_app() if given is None else make_app(SQLITE_CACHE_KIB=given)
    with app.app_context():
        held = [db.engine.raw_connection() for _ in range(2)]  # two pooled connections at once
        try:
            for connection in held:
                cursor = connection.cursor()
                cursor.execute("PRAGMA cache_size")
                assert cursor.fetchone()[0] == expected
                cursor.close()
        finally:
            for connection in held:
                connection.close()
