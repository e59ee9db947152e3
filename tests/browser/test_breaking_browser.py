"""The BREAKING ticker in Chromium: scheduled on the desk, shown and withdrawn on an open page."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from editorial import clock
from editorial.extensions import db
from editorial.models import BreakingHeadline, User
from tests.factories import make_article

pytestmark = pytest.mark.browser

_unique = itertools.count(1)


def _local(at: datetime, live_server: Any) -> str:
    """`at` as the desk's datetime-local inputs take it, seconds included."""
    local = clock.to_local(at, live_server.app.config["NEWSROOM_TZ"])
    # The browser normalises away ":00" seconds; Playwright checks the value it set.
    return local.strftime("%Y-%m-%dT%H:%M" if local.second == 0 else "%Y-%m-%dT%H:%M:%S")


def _seed(live_server: Any, editor_id: int, text: str, starts: timedelta, minutes: int) -> int:
    """A headline in the served database, made by the editor, starting `starts` from now."""
    with live_server.app.app_context():
        editor = db.session.get(User, editor_id)
        now = datetime.now(UTC)
        headline = BreakingHeadline(
            text=text,
            starts_at=now + starts,
            ends_at=now + starts + timedelta(minutes=minutes),
            created_by=editor,
            updated_by=editor,
            created_at=now,
            updated_at=now,
        )
        db.session.add(headline)
        db.session.commit()
        return headline.id


def _clear(live_server: Any) -> None:
    """No headlines left from other tests (the served database lives for the whole run)."""
    with live_server.app.app_context():
        db.session.query(BreakingHeadline).delete()
        db.session.commit()


def test_a_scheduled_headline_appears_and_is_withdrawn_without_a_reload(
    page: Page,
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
) -> None:
    _clear(live_server)
    editor = live_user("editor")
    text = f"Parliament votes on the budget tonight ({next(_unique)})"

    reader = browser.new_context(base_url=base_url).new_page()
    polls: list[int] = []
    reader.on("response", lambda r: polls.append(r.status) if "/breaking/ticker" in r.url else None)
    reader.goto("/")
    reader.evaluate("window.stillTheSamePage = true")
    expect(reader.locator("#breaking-ticker")).to_be_empty()

    sign_in_page(page, editor)
    page.goto("/breaking")
    expect(page.locator(".bk-preview-empty")).to_be_visible()  # nothing live yet
    page.get_by_label("Headline", exact=True).fill(text)
    starts = datetime.now(UTC) + timedelta(seconds=6)
    page.get_by_label("Starts (Asia/Beirut)").fill(_local(starts, live_server))
    page.get_by_role("button", name="Schedule headline").click()
    upcoming = page.locator("#list-scheduled")
    expect(upcoming.get_by_text(text)).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text("Scheduled")

    expect(reader.locator(".ticker")).to_have_count(0)
    ticker = reader.locator("#breaking-ticker .ticker-list:not(.ticker-copy)")
    expect(ticker.get_by_text(text)).to_be_visible(timeout=20_000)
    assert datetime.now(UTC) >= starts - timedelta(seconds=1)
    assert reader.evaluate("window.stillTheSamePage") is True
    expect(reader.get_by_role("region", name="Breaking news")).to_be_visible()
    preview = page.locator("#breaking-ticker .ticker-list:not(.ticker-copy)")
    expect(preview.get_by_text(text)).to_be_visible(timeout=10_000)  # the desk's preview too

    page.locator(".bk-row", has_text=text).get_by_role("button", name="Withdraw").click()
    expect(page.locator("#list-withdrawn").get_by_text(text)).to_be_visible()
    expect(page.locator("#breaking-ticker").get_by_text(text)).to_have_count(0)  # the preview
    expect(page.locator(".bk-preview-empty")).to_be_visible()
    expect(reader.locator("#breaking-ticker").get_by_text(text)).to_have_count(0, timeout=10_000)
    assert reader.evaluate("window.stillTheSamePage") is True
    # Unchanged polls were answered 304 and left the page alone.
    assert 304 in polls and 200 in polls
    reader.context.close()


def test_desk_live_validation_and_row_actions(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    _clear(live_server)
    editor = live_user("editor", display_name="Nour Editor")
    with live_server.app.app_context():
        story = make_article("published", headline=f"Budget vote passes ({next(_unique)})")
        story_headline = story.headline
    sign_in_page(page, editor)
    page.goto("/breaking")

    field = page.get_by_label("Headline", exact=True)
    field.fill("x" * 214)
    expect(page.locator("#new-text-count")).to_have_text("214")
    expect(page.locator("#new-text-error")).to_have_text("Keep it to 200 characters (now 214).")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill("Storm warning for the coast")
    expect(page.locator("#new-text-error")).to_have_text("")
    page.get_by_label("Ends (Asia/Beirut)").fill("2020-01-01T10:00")
    expect(page.locator("#new-ends_at-error")).to_have_text("The end is already past.")

    link = page.get_by_label("Link to a published article (optional)")
    link.fill("budget vote")
    expect(page.locator(f'#new-article-options option[value="{story_headline}"]')).to_have_count(1)
    link.fill(story_headline)
    page.get_by_label("Ends (Asia/Beirut)").fill("")
    page.get_by_role("button", name="Schedule headline").click()
    expect(page.locator("#list-live").get_by_role("link", name=story_headline)).to_be_visible()
    _clear(live_server)
    first = _seed(live_server, editor.id, "Ceasefire talks resume in Cairo", timedelta(0), 90)
    second = _seed(live_server, editor.id, "Flights suspended at the airport", timedelta(0), 30)
    page.reload()

    live = page.locator("#list-live")
    expect(live.locator(".bk-text")).to_have_text([re.compile("Flights"), re.compile("Ceasefire")])
    row = page.locator(f"#headline-{first}")
    row.get_by_role("button", name="↑ Up").click()
    expect(live.locator(".bk-text")).to_have_text([re.compile("Ceasefire"), re.compile("Flights")])
    expect(page.locator("#breaking-ticker .ticker-list").first.locator("li").first).to_have_text(
        "Ceasefire talks resume in Cairo"
    )
    page.locator(f"#headline-{second}").get_by_role("button", name="+30 min").click()
    expect(page.locator(f"#headline-{second}")).to_contain_text("ends in 59 min")
    page.locator(f"#headline-{second}").get_by_role("link", name="Edit").click()
    edit = page.locator(f"#headline-{second} form")
    edit.get_by_label("Headline", exact=True).fill("Flights suspended at the main airport")
    edit.get_by_role("button", name="Save").click()
    expect(page.locator(f"#headline-{second} .bk-text")).to_have_text(
        "Flights suspended at the main airport"
    )
    page.locator(f"#headline-{first}").get_by_role("button", name="End now").click()
    expect(page.locator("#list-expired").get_by_text("Ceasefire talks")).to_be_visible()


def test_screenshots_and_accessibility(
    page: Page,
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    _clear(live_server)
    editor = live_user("editor", display_name="Hala Editor")
    with live_server.app.app_context():
        story = make_article("published", headline="Quake shakes the northern villages")
        now = datetime.now(UTC)
        db.session.add(
            BreakingHeadline(
                text="Quake of magnitude 5.8 shakes the north; no casualties reported so far",
                article=story,
                starts_at=now - timedelta(minutes=12),
                ends_at=now + timedelta(hours=2),
                pinned=True,
                created_by=db.session.get(User, editor.id),
                updated_by=db.session.get(User, editor.id),
                created_at=now,
                updated_at=now,
            )
        )
        db.session.commit()
    seeds = [
        ("Prime minister to address parliament at 6 pm", timedelta(minutes=-40), 300),
        ("Central bank holds interest rates steady", timedelta(minutes=-5), 60),
        ("Football: national team names squad for the qualifiers", timedelta(minutes=25), 120),
        ("Road closures expected in the capital tomorrow", timedelta(hours=20), 180),
        ("Power restored to most districts after outage", timedelta(hours=-5), 120),
    ]
    for text, starts, minutes in seeds:
        _seed(live_server, editor.id, text, starts, minutes)
    pulled = _seed(live_server, editor.id, "Unconfirmed report withdrawn", timedelta(0), 60)

    sign_in_page(page, editor)
    page.goto("/breaking")
    page.locator(f"#headline-{pulled}").get_by_role("button", name="Withdraw").click()
    expect(page.locator("#list-withdrawn").get_by_text("Unconfirmed report")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.mouse.move(0, 0)
    screenshot(page, "breaking-desk")
    assert_accessible(page)
    page.locator(".bk-row", has_text="Central bank").get_by_role("link", name="Edit").click()
    expect(page.locator(".bk-editing")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "breaking-desk-narrow")

    reader = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    public = reader.new_page()
    public.goto("/")
    track = public.locator("#breaking-ticker .ticker-track")
    expect(track).to_be_visible()
    assert track.evaluate("t => getComputedStyle(t).animationName") == "ticker-scroll"
    public.locator("#breaking-ticker .ticker-list:not(.ticker-copy) a").first.focus()
    assert track.evaluate("t => getComputedStyle(t).animationName") == "none"
    screenshot(public, "breaking-public-focused")
    public.evaluate("document.activeElement.blur()")
    public.locator(".ticker").hover()
    assert track.evaluate("t => getComputedStyle(t).animationPlayState") == "paused"
    public.mouse.move(0, 700)
    screenshot(public, "breaking-public")
    assert_accessible(public)
    public.set_viewport_size({"width": 390, "height": 800})
    screenshot(public, "breaking-public-narrow")
    reader.close()

    calm = browser.new_context(base_url=base_url, reduced_motion="reduce").new_page()
    calm.goto("/")
    calm_track = calm.locator("#breaking-ticker .ticker-track")
    assert calm_track.evaluate("t => getComputedStyle(t).animationName") == "none"
    expect(calm.locator(".ticker-copy")).to_be_hidden()
    calm.context.close()
