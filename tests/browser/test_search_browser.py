"""Search in Chromium: a reader types in the masthead's box and reads marked, accessible results."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser

WORD = "quetzal"


@pytest.fixture(scope="module")
def stories(live_server: Any) -> list[str]:
    """A few published stories about the word, one with markup in its text, and a draft."""
    with live_server.app.app_context():
        author = make_user(display_name="Nour Haddad")
        made = [
            make_article(
                "published",
                authors=[author],
                headline=f"Rare {WORD} seen in the cloud forest for the first time in years",
                summary=f"Rangers photographed a {WORD} near the ridge on Tuesday morning.",
                body=f"The {WORD} is a shy bird.\n\nVolunteers counted birds all week.",
                tags=["Wildlife"],
            ),
            make_article(
                "published",
                authors=[author],
                headline="Forest budget approved after a long debate in the council chamber",
                body=f"Among the projects: a survey of the {WORD} and other birds, "
                "and `<script>alert('x')</script>` shown as text.",
            ),
            make_article("draft", authors=[author], headline=f"Unpublished {WORD} draft"),
        ]
        return [article.headline for article in made]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_a_reader_searches_from_the_masthead(
    page: Page,
    stories: list[str],
    screenshot: Any,
    assert_accessible: Any,
    width: int,
    height: int,
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    if width < 900:  # on a phone the search box is in the masthead's menu
        page.get_by_text("Search & regions").click()
    page.get_by_role("searchbox", name="Search stories").fill(WORD)
    page.get_by_role("button", name="Search", exact=True).first.click()
    page.wait_for_url(f"**/search?q={WORD}")
    expect(page.locator(".search-count")).to_have_text(f"2 results for “{WORD}”")
    results = page.locator(".search-hit-title")
    expect(results).to_have_count(2)
    expect(results.first).to_have_text(stories[0])  # the headline match first
    expect(page.locator(".search-hit mark").first).to_have_text(WORD)
    expect(page.get_by_text("<script>alert('x')</script>", exact=False)).to_be_visible()
    assert page.get_by_text(stories[2]).count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"public-search-{width}")
    assert_accessible(page)


def test_an_editor_searches_as_they_type_from_the_board(
    stories: list[str],
    live_user: Any,
    signed_in_page: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    page = signed_in_page(live_user("editor"))
    page.get_by_role("link", name="Search all text").click()
    page.wait_for_url("**/desk/search")
    page.get_by_label("Search the desk").press_sequentially(WORD, delay=30)
    results = page.locator("#search-results .search-hit-title")
    expect(results).to_have_count(3)  # the draft too: an editor sees every state
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q={WORD}")  # every language: lang left out
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    expect(page.locator("#search-results .state").first).to_be_visible()
    screenshot(page, "desk-search-1366")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "desk-search-390")


def test_a_pasted_query_searches_the_desk_too(
    stories: list[str], live_user: Any, signed_in_page: Any
) -> None:
    """A pasted word fires `input`, not `keyup`: the results follow it without Enter."""
    page = signed_in_page(live_user("editor"))
    page.goto("/desk/search")
    page.get_by_label("Search the desk").fill(WORD)  # one input event, no key pressed
    expect(page.locator("#search-results .search-hit-title")).to_have_count(3)


def test_an_editor_narrows_the_desk_search_to_one_language(
    live_server: Any, live_user: Any, signed_in_page: Any, assert_accessible: Any, screenshot: Any
) -> None:
    """The Language filter swaps the results in place; Arabic is found however it is typed and
    marked as it was written, right to left."""
    with live_server.app.app_context():
        make_article("published", language="ar", headline="أَحْمَد يزور مدرسة القرية")
        make_article("draft", language="en", headline="Interview with احمد, the village teacher")
    page = signed_in_page(live_user("editor"))
    page.goto("/desk/search")
    page.get_by_label("Search the desk").fill("احمد")
    results = page.locator("#search-results .search-hit-title")
    expect(results).to_have_count(2)
    page.locator("#staff-search-lang").select_option("ar")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text("أَحْمَد يزور مدرسة القرية")
    expect(page.locator('#search-results .search-hit[dir="rtl"] mark').first).to_have_text("أَحْمَد")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=%D8%A7%D8%AD%D9%85%D8%AF&lang=ar")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    screenshot(page, "desk-search-arabic-1366")
    assert_accessible(page)
