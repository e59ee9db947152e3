"""The budget in Chromium (issue 22): a day's plans grouped by section at a laptop's width and a
phone's, nothing scrolling sideways, axe-core clean, and printed without the desk's chrome; the
plan's page and its form pass axe too. Screenshots land in tests/screenshots/ (plans-*)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from editorial import clock, newsroom
from editorial.extensions import db
from editorial.models import Plan, Role, Section
from editorial.models.planning import PLANNED, STARTED
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def budget_day(live_server: Any) -> tuple[str, int]:
    """Today's plans in four sections, one started; the day and a plan's id (made once: both
    widths look at the same budget)."""
    with live_server.app.app_context():
        zone = newsroom.zone()
        today = clock.to_local(clock.now(), zone).date()
        owner = make_user(Role.EDITOR, display_name="Layla Mansour")
        reporter = make_user(Role.REPORTER, display_name="Amal Nasser")
        sections = {s.name: s.id for s in db.session.query(Section)}
        story = make_article("edit", headline="Port reopens after a week of strikes")
        made = []
        for n, (title, section, hour, words, notes) in enumerate(
            (
                ("municipal-budget-vote", "Politics", 9, 900, "Council votes at 10:00."),
                ("heatwave-hospitals-in-the-south", "Health", 7, 1100, "Two hospitals."),
                ("derby-preview", "Sports", 17, 700, "Both coaches speak on Friday."),
                ("port-reopens", "Economy", 12, 600, "In edit now; leads the evening file."),
            )
        ):
            start = clock.from_local(datetime.combine(today, time(hour, 0)), zone)
            plan = Plan(
                working_title=title,
                languages="en,ar" if n % 2 else "en",
                section_id=sections[section],
                owner_id=owner.id,
                reporter_id=reporter.id,
                created_by_id=owner.id,
                planned_words=words,
                slot_start=start,
                slot_end=start + timedelta(hours=2) if n == 1 else None,
                status=STARTED if title == "port-reopens" else PLANNED,
                article_id=story.id if title == "port-reopens" else None,
                notes=notes,
            )
            db.session.add(plan)
            made.append(plan)
        db.session.commit()
        return today.isoformat(), made[0].id


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_budget_fits_passes_axe_and_prints(
    width: str,
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    budget_day: tuple[str, int],
) -> None:
    day, plan_id = budget_day
    w, h = WIDTHS[width]
    context = browser.new_context(base_url=base_url, viewport={"width": w, "height": h})
    page = context.new_page()
    sign_in_page(page, live_user("editor"))
    # The desk bar's Calendar leads to the planning desk: the budget is a button there.
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Calendar").click()
    page.get_by_role("link", name="Budget", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget")
    page.goto(f"/plans/budget?day={day}")
    for section in ("Politics", "Health", "Sports", "Economy"):
        expect(page.get_by_role("heading", name=section, exact=False)).to_be_visible()
    expect(page.get_by_text("Port reopens after a week of strikes")).to_be_visible()
    screenshot(page, f"plans-budget-{w}")
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    assert_accessible(page)
    # On paper: the desk's chrome and the day picker are gone, the rows stay.
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator(".budget-nav").is_visible()
    expect(page.locator(".budget-table tbody tr")).to_have_count(4)
    screenshot(page, f"plans-budget-print-{w}")
    page.emulate_media(media="screen")
    for address in (f"/plans/{plan_id}", "/plans/new", "/plans/"):
        page.goto(address)
        assert page.evaluate("document.documentElement.scrollWidth") <= w, address
        assert_accessible(page)
    screenshot(page, f"plans-list-{w}")
    page.goto(f"/plans/{plan_id}")
    screenshot(page, f"plans-plan-{w}")
    context.close()
