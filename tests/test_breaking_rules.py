"""Breaking headlines: the pure rules (status at a time, running order, validation messages)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from editorial.breaking.rules import DEFAULT_RUN, check, iso, movable, running_order_key, status_at
from editorial.breaking.service import ACTIONS
from editorial.models import BreakingHeadline
from editorial.text import one_line

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


def headline(
    id: int = 1,
    *,
    starts: datetime = NOW,
    ends: datetime = NOW + timedelta(hours=1),
    pinned: bool = False,
    position: int = 0,
    withdrawn: datetime | None = None,
) -> BreakingHeadline:
    """An unsaved headline: the rules need no database."""
    return BreakingHeadline(
        id=id,
        text=f"Headline {id}",
        starts_at=starts,
        ends_at=ends,
        pinned=pinned,
        position=position,
        withdrawn_at=withdrawn,
    )


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (NOW - timedelta(hours=1), "scheduled"),
        (NOW - TICK, "scheduled"),
        (NOW, "live"),
        (NOW + TICK, "live"),
        (NOW + timedelta(hours=1) - TICK, "live"),
        (NOW + timedelta(hours=1), "expired"),
        (NOW + timedelta(hours=1) + TICK, "expired"),
    ],
)
def test_status_at_the_boundaries(at: datetime, expected: str) -> None:
    assert status_at(headline(), at) == expected


@pytest.mark.parametrize("at", [NOW - TICK, NOW, NOW + timedelta(hours=2)])
def test_withdrawn_wins_over_the_clock(at: datetime) -> None:
    assert status_at(headline(withdrawn=NOW - timedelta(days=1)), at) == "withdrawn"


def test_every_status_has_its_buttons() -> None:
    assert set(ACTIONS) == {"scheduled", "live", "expired", "withdrawn"}
    assert "move" in ACTIONS["live"] and "end" in ACTIONS["live"]
    assert ACTIONS["withdrawn"] == ("edit", "restore")


def test_running_order_pinned_then_editors_order_then_newest_start() -> None:
    old = headline(1, starts=NOW - timedelta(hours=2))
    new = headline(2, starts=NOW - timedelta(minutes=5))
    placed_first = headline(3, starts=NOW - timedelta(hours=3), position=1)
    placed_second = headline(4, starts=NOW - timedelta(minutes=1), position=2)
    pinned_old = headline(5, starts=NOW - timedelta(hours=4), pinned=True)
    pinned_new = headline(6, starts=NOW - timedelta(hours=1), pinned=True)
    same_start = headline(7, starts=NOW - timedelta(minutes=5))
    items = [old, new, placed_first, placed_second, pinned_old, pinned_new, same_start]
    ordered = sorted(items, key=running_order_key)
    # Position 0 (never reordered) sorts before the numbered ones: fresh news runs on top.
    assert [h.id for h in ordered] == [6, 5, 7, 2, 1, 3, 4]


def test_movable_keeps_pinned_and_unpinned_apart() -> None:
    live = [headline(1, pinned=True), headline(2, pinned=True), headline(3), headline(4)]
    assert movable(live) == {
        1: (False, True),
        2: (True, False),
        3: (False, True),
        4: (True, False),
    }
    assert movable([headline(9)]) == {9: (False, False)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write the headline."),
        ("   \n\t ", "Write the headline."),
        ("x" * 214, "Keep it to 200 characters (now 214)."),
        ("x" * 201, "Keep it to 200 characters (now 201)."),
    ],
)
def test_text_messages(text: str, message: str) -> None:
    assert check(text, None, None, NOW).problems == {"text": message}


def test_two_hundred_characters_is_fine() -> None:
    assert check("x" * 200, None, None, NOW).problems == {}


def test_text_is_one_line_of_plain_text() -> None:
    assert one_line("  Quake\r\nhits\tthe   north\x00\x07 ") == "Quake hits the north"
    assert check("Quake\nhits", None, None, NOW).text == "Quake hits"


def test_no_start_means_now_and_no_end_means_six_hours_later() -> None:
    checked = check("Quake", None, None, NOW)
    assert (checked.starts_at, checked.ends_at) == (NOW, NOW + DEFAULT_RUN)
    assert DEFAULT_RUN == timedelta(hours=6)


def test_a_start_in_the_past_means_now() -> None:
    checked = check("Quake", NOW - timedelta(minutes=40), NOW + timedelta(hours=1), NOW)
    assert checked.problems == {}
    assert checked.starts_at == NOW


def test_a_future_start_is_kept_and_the_default_end_follows_it() -> None:
    start = NOW + timedelta(days=1)
    checked = check("Quake", start, None, NOW)
    assert (checked.starts_at, checked.ends_at) == (start, start + DEFAULT_RUN)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1), "The end must be after the start."),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=2), "The end must be after the start."),
        (None, NOW - timedelta(minutes=1), "The end is already past."),
        (None, NOW, "The end is already past."),
        (NOW + timedelta(hours=2), NOW - timedelta(hours=1), "The end is already past."),
        (None, NOW + timedelta(days=400), "End it within a year from now."),
    ],
)
def test_end_messages(start: datetime | None, end: datetime, message: str) -> None:
    assert check("Quake", start, end, NOW).problems == {"ends_at": message}


def test_a_start_too_far_ahead_is_refused() -> None:
    problems = check("Quake", NOW + timedelta(days=400), None, NOW).problems
    assert problems["starts_at"] == "Start it within a year from now."


def test_editing_a_live_headline_keeps_its_start_when_left_as_shown() -> None:
    started = NOW - timedelta(minutes=20, seconds=31)
    shown = started.replace(second=0, microsecond=0)  # the form shows minutes only
    checked = check("Quake", shown, NOW + timedelta(hours=1), NOW, kept_start=started)
    assert checked.starts_at == started
    changed = check("Quake", shown - timedelta(minutes=5), None, NOW, kept_start=started)
    assert changed.starts_at == NOW


def test_iso_is_utc_with_a_z() -> None:
    assert iso(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == "2026-03-29T00:30:00Z"
    assert iso(datetime(2026, 3, 29, 0, 30)) == "2026-03-29T00:30:00Z"


def test_an_end_left_as_shown_keeps_its_seconds() -> None:
    end = NOW + timedelta(hours=1, seconds=53)
    shown = end.replace(second=0)
    assert check("Quake", None, shown, NOW, kept_end=end).ends_at == end
    assert check("Quake", None, shown + timedelta(minutes=1), NOW, kept_end=end).ends_at == (
        shown + timedelta(minutes=1)
    )
