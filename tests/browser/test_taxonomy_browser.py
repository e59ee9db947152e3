"""The taxonomy and settings pages in Chromium: the move buttons swap only their list (the page
is not reloaded), the settings form saves a footer page that readers then see, and the footer
page fits a phone and passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _regions(page: Any) -> list[str]:
    return page.locator("#list-regions .term-name > a").all_inner_texts()


def test_moving_a_region_swaps_the_list_without_a_reload(
    live_user: Any, signed_in_page: Any, screenshot: Any, assert_accessible: Any
) -> None:
    page = signed_in_page(live_user("admin"))
    page.goto("/admin/taxonomy")
    before = _regions(page)
    first, second = before[0], before[1]
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=f"Move {first} down").click()
    expect(page.locator("#list-regions .term-name > a").first).to_have_text(second)
    assert _regions(page)[:2] == [second, first]
    assert page.evaluate("window.notReloaded") is True
    # The pressed button moved with its row, and a keyboard user is still on it.
    expect(page.get_by_role("button", name=f"Move {first} down")).to_be_focused()
    screenshot(page, "taxonomy-moved")
    assert_accessible(page)
    page.get_by_role("button", name=f"Move {first} up").click()  # as it was, for other tests
    expect(page.locator("#list-regions .term-name > a").first).to_have_text(first)


def test_a_footer_page_written_in_settings_reaches_readers(
    live_user: Any,
    signed_in_page: Any,
    browser: Any,
    base_url: str,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    page = signed_in_page(live_user("admin"), viewport={"width": 390, "height": 844})
    page.goto("/admin/settings")
    page.get_by_label("About us").fill(
        "## Who we are\n\nA newsroom of **twelve** people, checking every claim before it runs."
    )
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "settings-390")
    reader = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    about = reader.new_page()
    about.goto("/")
    about.get_by_role("link", name="About Us").click()
    expect(about.get_by_role("heading", name="Who we are")).to_be_visible()
    expect(about.locator(".story-body strong")).to_have_text("twelve")
    assert about.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(about, "about-390")
    assert_accessible(about)
