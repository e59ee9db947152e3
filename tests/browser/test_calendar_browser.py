"""The calendar in Chromium (issue 22), at 1366 and 390 px: each kind with its own mark and words,
an item moved by drag and drop and another by the keyboard's "Move to…" form, only the changed
cells swapped, focus kept, axe-core clean, screenshots under tests/screenshots/."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article
from editorial.models.planning import PLANNED, ArticleDeadline, Plan
from tests.factories import make_article, make_headline

pytestmark = pytest.mark.browser

BEIRUT = ZoneInfo("Asia/Beirut")  # the live server's newsroom zone (NEWSROOM_TZ's default)


def _monday(weeks: int) -> date:
    """The Monday of a week `weeks` ahead: every item in it is in the future (each test its
    own week, as the live server's database is shared)."""
    ahead = datetime.now(BEIRUT).date() + timedelta(days=7 * weeks)
    return ahead - timedelta(days=ahead.weekday())


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Beirut, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIRUT).astimezone(UTC)


def _week(live_server: Any, reporter_id: int, weeks: int) -> dict[str, Any]:
    monday = _monday(weeks)
    with live_server.app.app_context():
        story = make_article(
            "scheduled",
            headline="Budget vote passes after all-night session",
            published_at=_at(monday + timedelta(days=2), 10),
            embargo_until=_at(monday + timedelta(days=1), 20),
            embargo_source="Ministry of Finance",
            embargo_reason="press conference",
        )
        drafting = make_article("edit", headline="Fuel prices rise again")
        db.session.add(
            ArticleDeadline(
                article_id=drafting.id,
                stage=workflow.EDIT,
                due_at=_at(monday + timedelta(days=3), 16),
            )
        )
        db.session.add(
            Plan(
                working_title="port-strike-explainer",
                status=PLANNED,
                reporter_id=reporter_id,
                slot_start=_at(monday, 9),
                slot_end=_at(monday, 11),
                filed_by=_at(monday + timedelta(days=4), 12),
            )
        )
        db.session.add(Plan(working_title=f"heatwave-in-{weeks}-weeks", status=PLANNED))
        make_headline(
            "Quake hits the north", starts=_at(monday + timedelta(days=5), 8), minutes=180
        )
        db.session.commit()
        return {"story": story.id, "monday": monday}


def _published_at(live_server: Any, story_id: int) -> tuple[datetime, datetime]:
    with live_server.app.app_context():
        db.session.expire_all()
        story = db.session.get(Article, story_id)
        assert story is not None and story.published_at and story.embargo_until
        return story.published_at.replace(tzinfo=UTC), story.embargo_until.replace(tzinfo=UTC)


def test_drag_and_keyboard_moves_at_a_laptops_width(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    reporter = live_user("reporter")
    week = _week(live_server, reporter.id, 2)
    monday, story = week["monday"], week["story"]
    page = signed_in_page(live_user("editor"), viewport={"width": 1366, "height": 900})
    page.get_by_role("link", name="Calendar").click()
    page.goto(f"/calendar/?view=week&date={monday.isoformat()}")
    wednesday = page.locator(f"#cal-day-{(monday + timedelta(days=2)).isoformat()}")
    tuesday = page.locator(f"#cal-day-{(monday + timedelta(days=1)).isoformat()}")
    expect(wednesday.locator(f"#item-publish-{story}")).to_contain_text("Publishes")
    expect(tuesday.locator(f"#item-embargo-{story}")).to_contain_text("Embargo lifts")
    expect(page.locator("#cal-tray")).to_contain_text("heatwave-in-2-weeks")
    assert_accessible(page)
    screenshot(page, "calendar-week-1366")

    # Drag the publish time from Wednesday to Friday: it keeps 10:00; the embargo stays put.
    friday_id = f"cal-day-{(monday + timedelta(days=4)).isoformat()}"
    before_embargo = _published_at(live_server, story)[1]
    page.drag_and_drop(f"#item-publish-{story}", f"#{friday_id}")
    friday = page.locator(f"#{friday_id}")
    expect(friday.locator(f"#item-publish-{story}")).to_be_visible()
    expect(wednesday.locator(f"#item-publish-{story}")).to_have_count(0)
    expect(page.locator("#toasts")).to_contain_text("moved to")
    published, embargo = _published_at(live_server, story)
    assert published == _at(monday + timedelta(days=4), 10)
    assert embargo == before_embargo

    # The keyboard: focus "Move to…" of the embargo lift, Enter, type the time, Enter.
    opener = tuesday.get_by_role("button", name="Move to… Embargo lifts")
    opener.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("New date and time")
    expect(field).to_be_focused()
    assert_accessible(page)
    screenshot(page, "calendar-move-form-1366")
    thursday = monday + timedelta(days=3)
    field.fill(f"{thursday.isoformat()} 08:30")
    page.keyboard.press("Enter")
    moved = page.locator(f"#cal-day-{thursday.isoformat()} #item-embargo-{story}")
    expect(moved).to_contain_text("08:30")
    expect(tuesday.locator(f"#item-embargo-{story}")).to_have_count(0)
    expect(moved.get_by_role("button", name="Move to… Embargo lifts")).to_be_focused()
    published, embargo = _published_at(live_server, story)
    assert embargo == _at(thursday, 8, 30) and published == _at(monday + timedelta(days=4), 10)

    # A plan dragged out of the unscheduled tray gets a slot at 09:00 on that day; the tray and
    # the day's cell are the only parts swapped.
    tray_item = page.locator("#cal-tray .cal-item", has_text="heatwave-in-2-weeks")
    tray_id = tray_item.get_attribute("id")
    page.drag_and_drop(f"#{tray_id}", f"#cal-day-{monday.isoformat()}")
    expect(page.locator(f"#cal-day-{monday.isoformat()} #{tray_id}")).to_contain_text("09:00")
    expect(page.locator("#cal-tray")).not_to_contain_text("heatwave-in-2-weeks")
    page.goto(f"/calendar/?view=month&date={monday.isoformat()}")
    assert_accessible(page)
    screenshot(page, "calendar-month-1366")


def test_a_phone_gets_a_list_of_days_and_the_move_form(
    live_server: Any,
    live_user: Any,
    signed_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    reporter = live_user("reporter")
    week = _week(live_server, reporter.id, 3)
    monday, story = week["monday"], week["story"]
    page = signed_in_page(live_user("editor"), viewport={"width": 390, "height": 844})
    page.goto(f"/calendar/?view=week&date={monday.isoformat()}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width} px)"
    assert_accessible(page)
    screenshot(page, "calendar-week-390")
    wednesday = monday + timedelta(days=2)
    page.goto(f"/calendar/?view=day&date={wednesday.isoformat()}")
    item = page.locator(f"#item-publish-{story}")
    expect(item).to_contain_text("Publishes")
    item.get_by_role("button", name="Move to… Publishes").click()
    field = page.get_by_label("New date and time")
    expect(field).to_be_focused()
    field.fill(f"{(monday + timedelta(days=6)).isoformat()} 07:15")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(f"#item-publish-{story}")).to_have_count(0)
    assert _published_at(live_server, story)[0] == _at(monday + timedelta(days=6), 7, 15)
    assert_accessible(page)
    screenshot(page, "calendar-day-390")
