"""Signing in through the real form in Chromium, and accessibility of the first pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_sign_in_through_the_form(
    page: Page, live_user: Any, sign_in_page: Any, screenshot: Any
) -> None:
    editor = live_user("editor", display_name="Lina Editor")
    page.goto("/login")
    screenshot(page, "sign-in")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email and password don't match an account.")).to_be_visible()
    sign_in_page(page, editor)
    expect(page.locator(".topbar .who")).to_contain_text("Lina Editor")
    page.locator(".topbar .account summary").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")


def test_sign_in_page_is_accessible(page: Page, assert_accessible: Any) -> None:
    page.goto("/login")
    assert_accessible(page)


def test_home_page_is_accessible(page: Page, assert_accessible: Any, screenshot: Any) -> None:
    page.goto("/")
    screenshot(page, "home")
    assert_accessible(page)
