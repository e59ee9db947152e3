"""'Forgot your password?' in Chromium at a phone's width (390 px): ask for the link, read the
email a real SMTP server received, follow it, choose a password, land signed in; axe-clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tests.mailbox import Mailbox, smtp_server

pytestmark = pytest.mark.browser

NEW = "a fresh passphrase for the desk"


@pytest.fixture
def mailbox(live_server: Any) -> Iterator[Mailbox]:
    """Email on for the served app, to a server this test reads; off again after."""
    with smtp_server() as box:
        live_server.app.config["SMTP_URL"] = box.url
        try:
            yield box
        finally:
            live_server.app.config["SMTP_URL"] = ""


# The spent link answers 410 (Gone) on purpose: the browser logs every 4xx document.
@pytest.mark.console_errors(r"/login/reset/\S+: .*410")
def test_reset_a_password_by_email_on_a_phone(
    browser: Browser,
    base_url: str,
    live_user: Any,
    mailbox: Mailbox,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    person = live_user("reporter", display_name="Rana Reporter")
    page = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}).new_page()
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/login/forgot")
    assert_accessible(page)
    screenshot(page, "forgot-password-390")
    page.get_by_label("Email").fill(person.email)
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_url("**/login")
    expect(page.get_by_text("a link to choose a new password is on its way")).to_be_visible()

    [message] = mailbox.to(person.email)
    text, _html = mailbox.parts(message)
    [link] = re.findall(r"https?://\S+/login/reset/\S+", text)
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reset-password-390")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password again").fill(NEW)
    page.get_by_role("button", name="Set my password and sign in").click()
    page.wait_for_url("**/desk/**")
    expect(page.get_by_text("Your password is set")).to_be_visible()

    # The link is spent: opening it again says so, accessibly.
    page.goto(urlsplit(link).path)
    expect(page.get_by_text("This link no longer works")).to_be_visible()
    assert_accessible(page)
