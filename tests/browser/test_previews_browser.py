"""Preview links in Chromium: an editor shares a story from its page (the address shown once),
a reviewer with no account reads it at phone and desk widths and asks for changes; an Arabic
story's preview reads right to left. axe-core on every page; screenshots under tests/screenshots.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from editorial.extensions import db
from editorial.models import Role
from editorial.previews import service
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser

BODY = (
    "The port authority signed the deal on Thursday, officials said.\n\n"
    "Dockworkers said they had not been consulted, and would meet next week to decide."
)
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not wide, "the page scrolls sideways"


def test_an_editor_shares_and_a_reviewer_answers(
    page: Page,
    browser: Any,
    base_url: str,
    live_user: Any,
    sign_in_page: Any,
    live_server: Any,
    assert_accessible: Any,
    screenshot: Any,
) -> None:
    editor = live_user("editor", display_name=f"Share Editor {uuid.uuid4().hex[:6]}")
    with live_server.app.app_context():
        article = make_article("edit", headline="Port deal signed after night of talks", body=BODY)
        article_id = article.id
    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    panel = page.locator(f"#previews-{article_id}")
    expect(panel.get_by_role("heading", name="Preview links")).to_be_visible()
    panel.get_by_text("Share a preview").click()
    panel.get_by_label("Reviewer's name").fill("Maya Haddad")
    panel.get_by_label("Their email (optional)").fill("maya@law.example")
    panel.get_by_label("Note for the desk (optional)").fill("legal read")
    assert_accessible(page)
    panel.get_by_role("button", name="Make the link").click()
    expect(page.get_by_role("heading", name="Preview link for Maya Haddad")).to_be_visible()
    address = page.get_by_label("Preview address").input_value()
    assert address.startswith("http://localhost/preview/")  # the configured public address
    path = urlsplit(address).path
    assert_accessible(page)
    screenshot(page, "previews-created")

    for name, size in (("phone", PHONE), ("desk", DESK)):
        reviewer = browser.new_context(base_url=base_url, viewport=size).new_page()
        reviewer.goto(path)
        expect(reviewer.locator(".reviewer-banner")).to_contain_text(
            "Preview for Maya Haddad · not published · expires"
        )
        expect(reviewer.get_by_role("heading", level=1)).to_have_text(
            "Port deal signed after night of talks"
        )
        _no_sideways_scroll(reviewer)
        assert_accessible(reviewer)
        screenshot(reviewer, f"previews-reviewer-{name}")
        if name == "phone":
            reviewer.get_by_label("Request changes").check()
            reviewer.get_by_label("Comment").fill("Please drop the second quote.")
            reviewer.get_by_role("button", name="Send my answer").click()
            expect(reviewer.get_by_role("heading", name="Thank you, Maya Haddad")).to_be_visible()
            assert_accessible(reviewer)
        reviewer.context.close()

    page.goto(f"/articles/{article_id}")
    expect(page.locator(".comment").first).to_contain_text("Maya Haddad (outside reviewer")
    expect(page.locator(".timeline")).to_contain_text("Maya Haddad (outside reviewer) commented")
    expect(panel).to_contain_text("2 views from 1 address")
    panel.get_by_role("button", name="Revoke Maya Haddad's link").click()
    expect(panel.locator(".preview-state").first).to_have_text("Revoked")
    assert_accessible(page)
    screenshot(page, "previews-panel")


def test_an_arabic_story_reads_right_to_left(
    browser: Any, base_url: str, live_server: Any, assert_accessible: Any, screenshot: Any
) -> None:
    with live_server.app.app_context():
        writer = make_user(Role.EDITOR)
        article = make_article(
            "edit",
            headline="توقيع اتفاق الميناء بعد ليلة من المحادثات",
            body="وقعت سلطة الميناء الاتفاق يوم الخميس، بحسب مسؤولين.",
            language="ar",
        )
        made = service.create(article, writer, name="مايا حداد")
        db.session.commit()
    for name, size in (("phone", PHONE), ("desk", DESK)):
        reviewer = browser.new_context(base_url=base_url, viewport=size).new_page()
        reviewer.goto(f"/preview/{made.token}")
        expect(reviewer.locator("html")).to_have_attribute("dir", "rtl")
        expect(reviewer.locator(".reviewer-banner")).to_have_attribute("dir", "ltr")
        expect(reviewer.locator(".reviewer-banner")).to_contain_text("Preview for مايا حداد")
        _no_sideways_scroll(reviewer)
        assert_accessible(reviewer)
        screenshot(reviewer, f"previews-reviewer-arabic-{name}")
        reviewer.context.close()
