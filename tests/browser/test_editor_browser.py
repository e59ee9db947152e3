"""The editor in Chromium: writing with the live preview and word count, autosave, submitting,
the conflict page when someone else saved first, and who else is editing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from editorial.articles.presence.service import heartbeat
from editorial.articles.service import save_article
from editorial.extensions import db
from editorial.models import Article, User
from tests.factories import make_article

pytestmark = pytest.mark.browser

BODY = "Drivers paid **more** at the pump this week.\n\n> Prices will keep rising, traders said."


def test_a_reporter_writes_a_draft_and_submits_it(
    page: Page,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    reporter = live_user("reporter", display_name="Rana Haddad")
    sign_in_page(page, reporter)
    page.get_by_role("link", name="New article").click()
    page.wait_for_url("**/articles/new")

    page.get_by_label("Headline").fill("Fuel prices rise for a third week")
    page.get_by_label("Summary").fill("Pump prices climbed again as supply stayed tight.")
    page.get_by_label("Body").press_sequentially(BODY, delay=5)
    # The count follows every key; the preview follows a pause in typing.
    expect(page.locator("#word-count")).to_have_text("14")
    expect(page.locator("#read-time")).to_have_text("1 Min Read")
    preview = page.locator("#preview")
    expect(preview.locator("strong")).to_have_text("more")
    expect(preview.locator("blockquote")).to_contain_text("Prices will keep rising")
    expect(preview.locator(".story-title")).to_have_text("Fuel prices rise for a third week")
    page.get_by_label("Section").select_option(label="Economy")
    page.get_by_label("Tags").fill("Fuel, Prices")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "editor-new")

    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/articles/\d+/edit$"))
    expect(page.get_by_text("Draft created")).to_be_visible()
    expect(page.get_by_label("Body")).to_have_value(BODY)
    expect(page.get_by_text("Drafts save automatically when you pause.")).to_be_visible()

    page.get_by_label("Body").press("Control+End")
    page.get_by_label("Body").press_sequentially(" Diesel rose too.", delay=5)
    expect(page.locator("#word-count")).to_have_text("17")
    expect(page.get_by_text(re.compile(r"Saved automatically at \d\d:\d\d"))).to_be_visible(
        timeout=10_000
    )
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "editor")
    assert_accessible(page)

    page.locator("summary", has_text="Submit for edit").click()  # opens the optional note
    page.get_by_role("button", name="Submit for edit").click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    expect(page.locator(".actions-title .state")).to_have_text("Edit")
    expect(page.locator(".story-body")).to_contain_text("Diesel rose too.")


# The stale save's 409 is the answer under test; Chromium logs any 4xx.
@pytest.mark.console_errors(r"status of 409")
def test_a_stale_save_shows_the_conflict_and_keeps_my_text(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    me = live_user("editor", display_name="Lina Editor")
    other = live_user("editor", display_name="Maya Khalil")
    with live_server.app.app_context():
        article = make_article(
            "edit",
            headline="Port strike enters second day",
            body="Dock workers walked out on Monday.\n\nTalks are set for Friday.",
        )
        article_id = article.id

    sign_in_page(page, me)
    page.goto(f"/articles/{article_id}/edit")
    expect(page.get_by_label("Headline")).to_have_value("Port strike enters second day")

    with live_server.app.app_context():
        article = db.session.get(Article, article_id)
        maya = db.session.get(User, other.id)
        save_article(
            article,
            maya,
            {"body": "Dock workers walked out on Sunday.\n\nTalks are set for Friday."},
            expected_version=1,
        )
        heartbeat(article, maya)
        db.session.commit()

    body = page.get_by_label("Body")
    body.press("Control+End")
    body.press_sequentially(" Ships are waiting offshore.", delay=5)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(
        page.get_by_role("heading", name=re.compile("Maya Khalil saved this article at"))
    ).to_be_visible()
    expect(page.locator(".conflict del").first).to_contain_text("Monday")
    expect(page.locator(".conflict ins").first).to_contain_text("Sunday")
    expect(body).to_have_value(re.compile("Ships are waiting offshore.$"))
    expect(page.get_by_text("Being edited by Maya Khalil")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "editor-conflict")
    assert_accessible(page)

    # Merge their fix into my text, then save again: this time it goes through.
    body.fill(
        "Dock workers walked out on Sunday.\n\n"
        "Talks are set for Friday. Ships are waiting offshore."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d \(version 3\)"))).to_be_visible()
    expect(page.locator(".conflict")).to_have_count(0)


def test_history_compares_two_versions(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    editor = live_user("editor", display_name="Omar Editor")
    with live_server.app.app_context():
        article = make_article("edit", body="The council approved the budget on Monday.")
        person = db.session.get(User, editor.id)
        save_article(
            article,
            person,
            {"body": "The council narrowly approved the budget on Tuesday night."},
            expected_version=1,
        )
        db.session.commit()
        article_id = article.id

    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    page.get_by_role("link", name="History").click()
    page.wait_for_url(f"**/articles/{article_id}/revisions")
    assert_accessible(page)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/revisions/compare\?"))
    expect(page.locator(".diff ins").first).to_contain_text("narrowly")
    expect(page.locator(".diff del").first).to_contain_text("Monday")
    screenshot(page, "revisions-compare")
    assert_accessible(page)


def test_an_editor_corrects_a_published_article(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    editor = live_user("editor", display_name="Sami Editor")
    with live_server.app.app_context():
        article = make_article(
            "published",
            headline="Bridge reopens after repairs",
            body="The bridge first opened in 1998 and carries 40,000 cars a day.",
        )
        article_id, slug = article.id, article.slug

    sign_in_page(page, editor)
    page.goto(f"/articles/{article_id}")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Correct").click()
    page.wait_for_url(f"**/articles/{article_id}/correct")
    page.get_by_label("Correction notice").fill(
        "An earlier version of this article gave the wrong year for the bridge's opening."
    )
    page.get_by_label("Body").fill("The bridge first opened in 1989 and carries 40,000 cars a day.")
    expect(page.locator("#preview .story-body")).to_contain_text("1989")
    screenshot(page, "correct")
    assert_accessible(page)
    page.get_by_role("button", name="Publish correction").click()
    page.wait_for_url(f"**/articles/{article_id}")
    expect(page.get_by_text("Correction published.")).to_be_visible()

    page.goto(f"/news/{slug}")
    expect(page.locator(".story-body")).to_contain_text("1989")
    expect(page.get_by_text("gave the wrong year for the bridge's opening")).to_be_visible()
