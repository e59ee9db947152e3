"""The email choices page in Chromium at a phone's width (390 px): each kind of notification has
its own labelled choice (inbox only, at once, hourly or daily digest); choosing a daily digest
and saving keeps it; axe-clean, nothing wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_choose_a_daily_digest_on_a_phone(
    live_user: Any, signed_in_page: Any, assert_accessible: Any, screenshot: Any
) -> None:
    person = live_user("reporter", display_name="Rana Reporter")
    page = signed_in_page(person, viewport={"width": 390, "height": 844})
    page.goto("/inbox/email")
    expect(page.get_by_role("heading", name="Email notifications")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "email-choices-390")
    returned = page.get_by_label("Your story is returned to you")
    expect(returned).to_have_value("never")
    returned.select_option(label="Daily digest")
    page.get_by_label("Someone mentions you in a comment").select_option(label="Email at once")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(page.get_by_label("Your story is returned to you")).to_have_value("daily")
    expect(page.get_by_label("Someone mentions you in a comment")).to_have_value("now")
