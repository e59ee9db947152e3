"""Writing (issue 20, items 15, 17 and 18), through the test client: a picture before the draft
exists, what sent a story back and the open comments beside the text, and the scheduling and
publishing forms. The browser side is in tests/browser/test_writing_browser.py."""

from __future__ import annotations

import re
from typing import Any

from editorial import clock, workflow
from editorial.extensions import db
from editorial.models import Comment, User
from editorial.services.transitions import Request, apply
from tests.factories import make_article
from tests.helpers import fresh
from tests.pages import Page

# 17. What sent the story back, and the open comments, beside the text


def _notes(html: str) -> str:
    """The text of the notes beside the editor's text ("" when there are none)."""
    page = Page(html)
    return page.text_of("editor-notes") if "editor-notes" in page.texts else ""


def test_the_editor_shows_the_note_that_returned_the_story(
    client_as: Any, reporter: User, editor: User
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    apply(article, "return", editor, Request(note="Name the second source in paragraph 3."))
    db.session.commit()

    html = client_as(reporter).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    side = _notes(html)
    assert f"Returned by {editor.display_name}" in side
    assert "Name the second source in paragraph 3." in side
    assert re.search(r'<time datetime="[^"]+"', html[html.index("Returned by") :])

    # Resubmitted and taken back into edit: the note has done its work and is gone.
    apply(article, "submit", reporter)
    db.session.commit()
    edited = client_as(editor).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Name the second source" not in _notes(edited)


def test_the_editor_shows_the_note_that_flagged_the_story(
    client_as: Any, editor: User, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, fact_checker=fact_checker)
    apply(article, "flag", fact_checker, Request(note="The 40% figure is from 2019, not 2024."))
    db.session.commit()
    side = _notes(client_as(editor).get(f"/articles/{article.id}/edit").get_data(as_text=True))
    assert f"Flagged by {fact_checker.display_name}" in side
    assert "The 40% figure is from 2019, not 2024." in side


def test_the_editor_lists_the_open_comment_threads(
    client_as: Any, reporter: User, editor: User
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    asked = Comment(article_id=article.id, actor_id=editor.id, body="Who took the photo?")
    settled = Comment(
        article_id=article.id,
        actor_id=editor.id,
        body="Check the spelling of Quispe.",
        resolved_at=clock.now(),
        resolved_by_id=editor.id,
    )
    db.session.add_all([asked, settled])
    db.session.flush()
    db.session.add(
        Comment(article_id=article.id, actor_id=reporter.id, parent_id=asked.id, body="AFP.")
    )
    db.session.commit()

    html = client_as(reporter).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    side = _notes(html)
    assert "1 open comment" in side
    assert "Who took the photo?" in side and "1 reply" in side
    assert "Check the spelling" not in side
    assert f'href="/articles/{article.id}#comment-{asked.id}"' in html


def test_nothing_is_shown_when_nothing_sent_it_back_or_waits(
    client_as: Any, reporter: User
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    html = client_as(reporter).get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert _notes(html) == ""
    assert _notes(client_as(reporter).get("/articles/new").get_data(as_text=True)) == ""


# 18. Scheduling and publishing


def test_the_schedule_form_keeps_its_24_hour_box_and_offers_helpers(
    client_as: Any, editor: User
) -> None:
    """The text box stays the way to type a time; the date picker and quick choices beside it
    are hidden until static/js/publishing.js shows them, and know the newsroom's zone."""
    article = make_article(workflow.READY)
    page = Page(client_as(editor).get(f"/articles/{article.id}").get_data(as_text=True))
    box = page.find("input", name="publish_at")[0]
    assert box["type"] == "text" and box["placeholder"] == "YYYY-MM-DD HH:MM"
    helpers = page.find("div", class_="time-helpers")[0]
    assert "hidden" in helpers and helpers["data-zone"] == "Asia/Beirut"
    assert helpers["data-fills"] == box["id"]
    assert page.find("input", type="date")
    assert {b.get("data-time-quick") for b in page.find("button")} >= {"hour", "tomorrow"}


def test_publish_asks_in_the_browser_and_a_plain_post_still_publishes(
    client_as: Any, editor: User
) -> None:
    """The confirmation is the browser's (one more press); the server never needs it."""
    article = make_article(workflow.READY)
    client = client_as(editor)
    page = Page(client.get(f"/articles/{article.id}").get_data(as_text=True))
    publish = [b for b in page.find("button") if b.get("data-confirm")]
    assert [b["data-confirm"] for b in publish] == ["Publish now?"]
    assert publish[0]["data-confirm-label"] == "Confirm publish"
    response = client.post(f"/articles/{article.id}/transition/publish")
    assert response.status_code == 302
    assert fresh(article.id).state == workflow.PUBLISHED
