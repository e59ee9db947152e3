"""The calendar's items come from the fragment cache (`calendar/cells.py`): a change to an item
shows on the next page, and what differs by viewer is never shared."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import User
from tests.factories import make_article
from tests.test_calendar import MON, cell

WEEK = f"/calendar/?view=week&date={MON}"


def _story(reporter: User) -> Any:
    """A story scheduled for Friday 5 June 09:00 in Beirut (06:00 UTC)."""
    return make_article(
        "scheduled",
        authors=[reporter],
        headline="Budget vote passes",
        published_at=datetime(2026, 6, 5, 6, 0, tzinfo=UTC),
    )


def test_a_kept_item_shows_its_move_and_its_new_headline_on_the_next_page(
    frozen: Any, client_as: Any, editor: User, reporter: User
) -> None:
    story = _story(reporter)
    desk = client_as(editor)
    first = desk.get(WEEK).get_data(as_text=True)
    assert "Budget vote passes" in cell(first, "2026-06-05")
    hits = fragment_cache().hits
    desk.get(WEEK)
    assert fragment_cache().hits > hits  # the same items again, from the cache
    moved = desk.post(
        f"/calendar/move/publish/{story.id}", data={"when": "2026-06-06 10:00", "back": WEEK}
    )
    assert moved.status_code == 302
    page = desk.get(WEEK).get_data(as_text=True)
    assert "Budget vote passes" not in cell(page, "2026-06-05")
    saturday = cell(page, "2026-06-06")
    assert "Budget vote passes" in saturday and ">10:00</time>" in saturday
    story.headline = "Budget vote passes narrowly"
    db.session.commit()
    renamed = desk.get(WEEK).get_data(as_text=True)
    assert "Budget vote passes narrowly" in cell(renamed, "2026-06-06")


def test_a_reader_never_gets_the_movers_item(
    frozen: Any, client_as: Any, editor: User, reporter: User
) -> None:
    story = _story(reporter)
    move = f"/calendar/move/publish/{story.id}"
    assert move in cell(client_as(editor).get(WEEK).get_data(as_text=True), "2026-06-05")
    mine = cell(client_as(reporter).get(WEEK).get_data(as_text=True), "2026-06-05")
    assert "Budget vote passes" in mine and move not in mine
