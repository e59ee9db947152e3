"""A failed htmx request tells the person what happened instead of doing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from editorial.extensions import db
from editorial.models import Article, User, end_sessions
from tests.factories import make_article

pytestmark = pytest.mark.browser


# The ended session's 401 is what this test provokes: Chromium logs the 4xx, htmx the failure.
@pytest.mark.console_errors(r"status of 401", r"Response Status Error Code 401")
def test_an_expired_session_shows_a_message_on_an_htmx_action(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any, screenshot: Any
) -> None:
    editor = live_user("editor")
    with live_server.app.app_context():
        article_id = make_article("ready", headline="Port strike enters its second week").id
    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    # Meanwhile an admin deactivates... here: every session of this editor ends.
    with live_server.app.app_context():
        end_sessions(db.session.get(User, editor.id))
        db.session.commit()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("button", name="Confirm publish").click()  # it asks once
    toast = page.locator(".toast")
    expect(toast).to_contain_text("session has ended")
    screenshot(page, "htmx-error-toast")
    with live_server.app.app_context():
        assert db.session.get(Article, article_id).state == "ready"


# The dropped connection is what this test provokes: Chromium and htmx both log it.
@pytest.mark.console_errors(r"ERR_CONNECTION_REFUSED", r"htmx:sendError", r"htmx:afterRequest")
def test_a_network_failure_shows_a_message(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    editor = live_user("editor")
    with live_server.app.app_context():
        article_id = make_article("ready", headline="Rail fares frozen for a year").id
    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    page.route("**/transition/**", lambda route: route.abort("connectionrefused"))
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("button", name="Confirm publish").click()  # it asks once
    expect(page.locator(".toast")).to_contain_text("Can't reach the server")


def test_the_same_message_twice_is_shown_once(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    """Several requests failing alike at once (an action and the page's polls) say it once."""
    sign_in_page(page, live_user("editor"))
    page.goto("/desk/")
    for message in ("Your session has ended.", "Your session has ended.", "Something else."):
        page.evaluate("message => window.editorialToast(message)", message)
    expect(page.locator(".toast")).to_have_count(2)
    expect(page.locator(".toast").first).to_have_text("Your session has ended.")
