"""A session that ends while someone writes (issue 20, item 5), in Chromium: the text survives and
is saved after signing in again, by each of the three ways back.

- autosave meets the ended session: "Sign in again" opens a new tab, the page stays as it was,
  and once signed in there Save works in the first tab;
- Save itself meets it: the sign-in page carries the text on, and one press saves it;
- the tab is left (or closed) with unsaved text: the copy this browser kept is offered back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from editorial.extensions import db
from editorial.models import Article, User, end_sessions
from tests.factories import make_article

pytestmark = pytest.mark.browser

# What these tests provoke on purpose: the ended session's 401s (Chromium logs each, htmx the
# failed autosave), including the page's own checks for a new session before it exists.
ENDED = (r"status of 401", r"Response Status Error Code 401")


@pytest.fixture
def csrf_on(live_server: Any) -> Any:
    """The served app checks CSRF tokens, as in production (the suite's config turns it off):
    a page opened under the ended session must send the new session's token."""
    live_server.app.config["WTF_CSRF_ENABLED"] = True
    yield
    live_server.app.config["WTF_CSRF_ENABLED"] = False


def _draft(live_server: Any, writer: Any) -> int:
    with live_server.app.app_context():
        person = db.session.get(User, writer.id)
        return make_article("draft", authors=[person], body="The council met at noon.").id


def _end_sessions(live_server: Any, writer: Any) -> None:
    """Every session of `writer` ends, as a timeout, deactivation or role change ends it."""
    with live_server.app.app_context():
        end_sessions(db.session.get(User, writer.id))
        db.session.commit()


def _body(live_server: Any, article_id: int) -> str:
    with live_server.app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None
        return article.body


def _type(page: Page, text: str) -> None:
    body = page.get_by_label("Body")
    body.press("Control+End")
    body.press_sequentially(text, delay=5)


@pytest.mark.console_errors(*ENDED)
def test_autosave_offers_to_sign_in_again_in_a_new_tab_and_the_text_is_saved_after(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    csrf_on: Any,
    assert_accessible: Any,
) -> None:
    writer = live_user("reporter")
    article_id = _draft(live_server, writer)
    sign_in_page(page, writer)
    page.goto(f"/articles/{article_id}/edit")
    _end_sessions(live_server, writer)
    _type(page, " Then the session ended.")
    banner = page.locator("#session-ended")
    expect(banner).to_contain_text("Your session has ended", timeout=10_000)
    screenshot(page, "session-ended-banner")
    assert_accessible(page)
    with page.context.expect_page() as opened:
        banner.get_by_role("link", name=re.compile("Sign in again")).click()
    tab = opened.value
    tab.get_by_label("Email").fill(writer.email)
    tab.get_by_label("Password").fill(writer.password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name="You are signed in again")).to_be_visible()
    tab.close()
    page.bring_to_front()
    expect(banner).to_have_count(0, timeout=10_000)
    typed = "The council met at noon. Then the session ended."
    expect(page.get_by_label("Body")).to_have_value(typed)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}/edit$"))
    assert _body(live_server, article_id) == typed
    # Saved: the copy this browser kept is gone.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('editorial:'))") == []


@pytest.mark.console_errors(*ENDED)
def test_save_after_the_session_ended_carries_the_text_through_signing_in(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    csrf_on: Any,
    assert_accessible: Any,
) -> None:
    writer = live_user("reporter")
    article_id = _draft(live_server, writer)
    sign_in_page(page, writer)
    page.goto(f"/articles/{article_id}/edit")
    _type(page, " Typed while signed out.")
    _end_sessions(live_server, writer)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your session has ended, so this was not saved yet.")).to_be_visible()
    screenshot(page, "session-ended-sign-in")
    page.get_by_text("What you typed", exact=True).click()
    expect(page.get_by_label("Body")).to_have_value(re.compile("Typed while signed out"))
    assert_accessible(page)
    page.get_by_label("Email").fill(writer.email)
    page.get_by_label("Password").fill(writer.password)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save what you typed").click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}/edit$"))
    typed = "The council met at noon. Typed while signed out."
    expect(page.get_by_label("Body")).to_have_value(typed)
    assert _body(live_server, article_id) == typed


def test_text_left_unsaved_in_a_closed_tab_is_offered_back(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    writer = live_user("reporter")
    article_id = _draft(live_server, writer)
    sign_in_page(page, writer)
    page.goto(f"/articles/{article_id}/edit")
    # Autosave would save it first: keep it from reaching the server, as a dead connection does.
    page.route("**/autosave", lambda route: route.fulfill(status=204))
    _type(page, " Never reached the server.")
    page.wait_for_timeout(500)  # the copy is written a moment after the last key
    page.unroute("**/autosave")
    page.goto(f"/articles/{article_id}/edit")
    expect(page.get_by_label("Body")).to_have_value("The council met at noon.")
    page.get_by_role("button", name="Restore my text").click()
    typed = "The council met at noon. Never reached the server."
    expect(page.get_by_label("Body")).to_have_value(typed)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/articles/{article_id}/edit$"))
    assert _body(live_server, article_id) == typed
    expect(page.get_by_role("button", name="Restore my text")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('editorial:'))") == []


def test_a_new_drafts_copy_goes_once_the_draft_is_created(
    page: Page, live_user: Any, sign_in_page: Any
) -> None:
    sign_in_page(page, live_user("reporter"))
    page.goto("/articles/new")
    page.get_by_label("Headline").fill("Ferry service resumes to the islands")
    page.get_by_label("Body").press_sequentially("  The first boat left at dawn.  ", delay=5)
    page.wait_for_timeout(500)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('editorial:'))")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/articles/\d+/edit$"))
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('editorial:'))") == []
    page.goto("/articles/new")
    expect(page.get_by_role("button", name="Restore my text")).to_have_count(0)
