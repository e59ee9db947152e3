"""A clean console (issue 20, items 13 and 28): no CSP refusal when htmx posts, no request for a
missing favicon, and the watch every browser test runs under (tests/browser/conftest.py) sees
what a page logs."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_an_htmx_post_logs_nothing_and_indicators_are_ours(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    with live_server.app.app_context():
        article_id = make_article("ready", headline="Harbour cranes back at work").id
    sign_in_page(page, live_user("editor"))
    page.goto(f"/articles/{article_id}")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("button", name="Confirm publish").click()  # Publish asks once
    expect(page.locator(".toast")).to_contain_text("Published")
    # htmx added no <style> of its own (the CSP would refuse it, and say so in the console) ...
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    # ... and an indicator is hidden until its request runs, by our stylesheet.
    hidden = page.evaluate(
        """() => { const i = document.createElement('span'); i.className = 'htmx-indicator';
                   document.body.append(i); return getComputedStyle(i).visibility; }"""
    )
    assert hidden == "hidden"


def test_the_favicon_is_there(page: Page) -> None:
    page.goto("/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon
    linked = page.request.get(icon)
    assert linked.ok and linked.headers["content-type"].startswith("image/svg+xml")
    root = page.request.get("/favicon.ico")
    assert root.ok and root.headers["content-type"] in ("image/vnd.microsoft.icon", "image/x-icon")


def test_the_watch_sees_what_a_page_logs(page: Page, clean_console: Any) -> None:
    page.goto("/")
    page.evaluate("console.error('a test error')")
    page.evaluate("setTimeout(() => { throw new Error('a test exception'); })")
    page.wait_for_timeout(100)
    caught = "\n".join(clean_console.problems)
    assert "a test error" in caught and "a test exception" in caught
    clean_console.problems.clear()  # seen: this test is about the watch, not the page
