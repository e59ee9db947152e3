"""The admin area in Chromium: the people page and the audit log, searched as you type, checked
with axe-core, and the people page at phone width without sideways scrolling."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_people_and_audit_pages(
    page: Page, live_user: Any, sign_in_page: Any, assert_accessible: Any, screenshot: Any
) -> None:
    tag = uuid.uuid4().hex[:6]
    admin = live_user("admin", display_name=f"Browser Admin {tag}")
    omar = live_user(
        "editor",
        display_name=f"Omar Saleh {tag}",
        email=f"omar.with.a.rather.long.address.{tag}@newsroom.example.org",
    )
    live_user("reporter", display_name=f"Someone Else {tag}")
    sign_in_page(page, admin)

    page.goto("/admin/users")
    page.get_by_label("Name or email").fill(f"omar saleh {tag}")
    expect(page.locator("#people-results tbody tr")).to_have_count(1)
    expect(page.locator("#people-results")).to_contain_text(omar.email)
    assert f"q=omar%20saleh%20{tag}" in page.url  # the address follows the search
    screenshot(page, "admin-people")
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/users")
    wide = page.evaluate(  # what sticks out, named in the failure
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".slice(0, 8).map(e => e.tagName + '.' + e.className)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    screenshot(page, "admin-people-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/admin/users/{omar.id}")
    page.get_by_role("link", name="Sign out everywhere…").click()
    expect(page.locator("#confirmation")).to_contain_text(
        f"Omar Saleh {tag} is not signed in anywhere now."
    )
    assert page.url.endswith(f"/admin/users/{omar.id}")  # the confirmation opened in place
    assert_accessible(page)

    page.goto("/admin/audit")
    page.get_by_label("Person").fill(admin.email)
    page.get_by_label("Action").fill("auth.sign_in")
    expect(page).to_have_url(re.compile(r"person=.*&action=auth\.sign_in"))
    expect(page.locator("#audit-results tbody tr").first).to_contain_text("auth.sign_in")
    expect(page.locator("#audit-results")).not_to_contain_text("access.denied")
    screenshot(page, "admin-audit")
    assert_accessible(page)
