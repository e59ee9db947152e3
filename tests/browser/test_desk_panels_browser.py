"""After each action on an article's desk page, every panel is current without a reload.

The editor assigns themselves (saved on change), sends the story to fact-check choosing a
checker, and later publishes it; each time the state badge, the actions, the assignment, the
facts, the activity and the tools follow, and the page is never reloaded (a marker set on the
window survives).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.factories import make_article

pytestmark = pytest.mark.browser


def test_every_panel_follows_each_action(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    editor = live_user("editor", display_name="Panel Editor")
    checker = live_user("fact_checker", display_name="Panel Checker")
    with live_server.app.app_context():
        article = make_article("edit", headline="Panels follow the story")
        article_id, slug = article.id, article.slug
    page = browser.new_context(base_url=base_url).new_page()
    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    page.evaluate("window.notReloaded = true")

    assignment = page.get_by_role("region", name="Assignment")
    assignment.get_by_label("Editor").select_option(label="Panel Editor")
    expect(page.locator("#toasts")).to_contain_text("Panel Editor is now the editor.")
    expect(page.locator(f"#activity-{article_id}")).to_contain_text("took it as editor")

    page.locator("summary", has_text="Send to fact-check").click()
    page.locator(".actions").get_by_label("Fact-checker").select_option(label="Panel Checker")
    page.locator(".actions").get_by_role("button", name="Send to fact-check").click()
    expect(page.locator(".actions-title .state")).to_have_text("Fact-check")
    expect(assignment.get_by_label("Fact-checker")).to_have_value(str(checker.id))
    expect(page.locator(f"#activity-{article_id}")).to_contain_text(
        "moved it from Edit to Fact-check"
    )
    expect(page.locator(f"#facts-{article_id}")).to_contain_text("2")
    expect(page.locator("#toasts")).to_contain_text("is now in Fact-check")

    with live_server.app.app_context():
        from editorial.articles.transitions.service import Request, apply
        from editorial.extensions import db
        from editorial.models import Article

        row = db.session.get(Article, article_id)
        apply(row, "clear", row.fact_checker, Request(note="Checked against the release."))
        db.session.commit()
    page.reload()
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Confirm publish").click()  # it asks once
    expect(page.locator(".actions-title .state")).to_have_text("Published")
    tools = page.get_by_role("navigation", name="Article tools")
    expect(tools.get_by_role("link", name="View on site")).to_have_attribute(
        "href", f"/news/{slug}"
    )
    expect(tools.get_by_role("link", name="Correct")).to_be_visible()
    expect(tools.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.locator(f"#facts-{article_id}")).to_contain_text("Published")
    assert page.evaluate("window.notReloaded") is True


def test_leaving_the_editor_clears_the_notice_at_once(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    writer = live_user("editor", display_name="Leaving Writer")
    watcher = live_user("editor", display_name="Watching Editor")
    with live_server.app.app_context():
        article_id = make_article("edit").id
    editing = browser.new_context(base_url=base_url).new_page()
    sign_in_page(editing, writer)
    editing.goto(f"/articles/{article_id}/edit")
    desk = browser.new_context(base_url=base_url).new_page()
    sign_in_page(desk, watcher)
    desk.goto(f"/articles/{article_id}")
    notice = desk.locator(".presence")
    expect(notice).to_contain_text("Being edited by Leaving Writer", timeout=10_000)
    editing.goto("/desk/")  # leaves the editor: pagehide sends the leaving beacon
    # Gone at the watcher's next poll (2 s here), not after the 35 s a silent tab takes.
    expect(notice).not_to_contain_text("Leaving Writer", timeout=6_000)


def test_send_to_fact_check_shows_the_claims_panel_without_a_reload(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    editor = live_user("editor", display_name="Claims Editor")
    live_user("fact_checker", display_name="Claims Checker")
    with live_server.app.app_context():
        article_id = make_article("edit", headline="Claims follow the story").id
    page = browser.new_context(base_url=base_url).new_page()
    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_role("region", name="Claims")).to_have_count(0)

    page.locator("summary", has_text="Send to fact-check").click()
    page.locator(".actions").get_by_label("Fact-checker").select_option(label="Claims Checker")
    page.locator(".actions").get_by_role("button", name="Send to fact-check").click()
    expect(page.locator(".actions-title .state")).to_have_text("Fact-check")
    ledger = page.get_by_role("region", name="Claims")
    expect(ledger).to_be_visible()
    expect(ledger).to_contain_text("No claims recorded yet.")
    expect(ledger.get_by_label("Claim text (quoted from the article)")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True


def test_taking_the_check_shows_the_activity_and_comments_without_a_reload(
    browser: Browser, base_url: str, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    checker = live_user("fact_checker", display_name="Taking Checker")
    with live_server.app.app_context():
        article_id = make_article("fact_check", headline="A check nobody took").id
    page = browser.new_context(base_url=base_url).new_page()
    sign_in_page(page, checker)
    page.goto(f"/articles/{article_id}")
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_role("region", name="Activity")).to_have_count(0)  # not inside it yet

    page.get_by_role("button", name="Take it").click()
    expect(page.locator("#toasts")).to_contain_text("You are now the fact-checker.")
    activity = page.get_by_role("region", name="Activity")
    expect(activity).to_contain_text("Taking Checker took it as fact-checker")
    comments = page.get_by_role("region", name=re.compile("^Comments"))
    comments.get_by_label("Add a comment").fill("Taking this one: the figures first.")
    comments.get_by_role("button", name="Post comment").click()
    expect(comments).to_contain_text("Taking this one: the figures first.")
    expect(activity).to_contain_text("Taking Checker commented")
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize(
    ("role", "state", "button"),
    [("reporter", "draft", "Submit for edit"), ("editor", "edit", "Send to fact-check")],
)
def test_moving_the_story_on_from_the_editor_ends_presence(
    browser: Browser,
    base_url: str,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    role: str,
    state: str,
    button: str,
) -> None:
    writer = live_user(role, display_name=f"Moving {role.title()}")
    watcher = live_user("editor", display_name="Watching Desk")
    live_user("fact_checker", display_name="Moving Checker")
    with live_server.app.app_context():
        from editorial.extensions import db
        from editorial.models import User

        byline = [db.session.get(User, writer.id)] if role == "reporter" else None
        article_id = make_article(state, authors=byline).id
    editing = browser.new_context(base_url=base_url).new_page()
    sign_in_page(editing, writer)
    editing.goto(f"/articles/{article_id}/edit")
    desk = browser.new_context(base_url=base_url).new_page()
    sign_in_page(desk, watcher)
    desk.goto(f"/articles/{article_id}")
    notice = desk.locator(".presence")
    expect(notice).to_contain_text(f"Being edited by {writer.display_name}", timeout=10_000)

    actions = editing.locator(".actions")
    actions.locator("summary", has_text=button).click()
    if button == "Send to fact-check":
        actions.get_by_label("Fact-checker").select_option(label="Moving Checker")
    actions.get_by_role("button", name=button).click()
    editing.wait_for_url(f"**/articles/{article_id}")
    expect(notice).not_to_contain_text("Being edited by", timeout=6_000)
