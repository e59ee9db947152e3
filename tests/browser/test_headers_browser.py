"""The two headers at a laptop's width and a phone's (issue 20, items 21 and 29).

The desk's bar is one row at 1366 px whatever the role (the account's links are a menu). On a
phone the public header leaves the screen to the news: the regions and the search box fold into
a menu (a <details>, so it opens without JavaScript) and the BREAKING ticker stays in view. Links
in the phone's menu and in the footer are touch targets of 24 px or more (axe's target-size).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from editorial import clock
from tests.factories import make_article, make_headline, section

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 800}


@pytest.fixture(scope="module")
def front_page(live_server: Any) -> None:
    """A front page with a lead story and a live BREAKING headline."""
    with live_server.app.app_context():
        now = clock.now()
        for n in range(6):
            make_article(
                "published",
                headline=f"Council approves the harbour plan, vote {n} of the session",
                section=section("Politics"),
                published_at=now - timedelta(hours=n + 1),
            )
        make_headline(text="Storm warning for the coast tonight", minutes=240)


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("role", ["reporter", "admin"])
def test_the_desk_bar_is_one_row_at_a_laptops_width(
    browser: Browser, base_url: str, live_user: Any, sign_in_page: Any, screenshot: Any, role: str
) -> None:
    page = browser.new_context(base_url=base_url, viewport=LAPTOP).new_page()
    sign_in_page(page, live_user(role, display_name="Rima Khoury-Haddad"))
    screenshot(page, f"desk-bar-{role}-1366")
    bar, nav, account = _box(page, ".topbar"), _box(page, ".topbar nav"), _box(page, ".account")
    assert bar["height"] <= 52, f"the bar is {bar['height']} px tall: it wrapped"
    assert abs(account["y"] - nav["y"]) < 12, "the account menu fell onto a row of its own"
    page.get_by_text("Rima Khoury-Haddad").click()
    expect(page.get_by_role("link", name="Profile")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Profile")).to_be_hidden()
    page.get_by_text("Rima Khoury-Haddad").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.context.close()


def test_on_a_phone_the_news_starts_high_and_the_menu_folds_regions_and_search(
    page: Page, front_page: None, screenshot: Any, assert_accessible: Any
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    header = _box(page, "header.masthead")
    assert header["height"] <= 230, f"the header takes {header['height']} px of 844"
    # One stylesheet holds the first render back, not six (item 31).
    assert page.evaluate("document.styleSheets.length") == 1
    expect(page.locator(".ticker")).to_be_visible()  # BREAKING stays in view
    assert _box(page, ".ticker")["y"] < 230
    regions = page.get_by_role("navigation", name="Regions")
    expect(regions).to_be_hidden()
    expect(page.get_by_role("searchbox", name="Search stories")).to_be_hidden()
    screenshot(page, "public-header-390")
    menu = page.get_by_text("Search & regions")
    menu.click()
    expect(regions.get_by_role("link", name="Europe")).to_be_visible()
    screenshot(page, "public-header-menu-390")
    assert_accessible(page, also=("target-size",))  # the menu's links and the footer's
    page.get_by_role("searchbox", name="Search stories").fill("harbour")
    page.get_by_role("searchbox", name="Search stories").press("Enter")
    page.wait_for_url("**/search?q=harbour")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")


def test_on_a_laptop_regions_and_search_are_in_view(
    page: Page, front_page: None, screenshot: Any, assert_accessible: Any
) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    expect(page.get_by_text("Search & regions")).to_be_hidden()  # nothing to open
    regions = page.get_by_role("navigation", name="Regions")
    expect(regions.get_by_role("link", name="Europe")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search stories")).to_be_visible()
    assert _box(page, "header.masthead")["height"] <= 260
    screenshot(page, "public-header-1366")
    assert_accessible(page, also=("target-size",))


def test_the_phone_menu_opens_without_javascript(
    browser: Browser, base_url: str, front_page: None
) -> None:
    context = browser.new_context(base_url=base_url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_text("Search & regions").click()
    page.get_by_role("navigation", name="Regions").get_by_role("link", name="Europe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Europe")
    context.close()
