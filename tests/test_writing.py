"""Writing (issue 20, items 15, 17 and 18), through the test client: a picture before the draft
exists, what sent a story back and the open comments beside the text, and the scheduling and
publishing forms. The browser side is in tests/browser/test_writing_browser.py."""

from __future__ import annotations

import io
import re
from typing import Any

from sqlalchemy import select

from editorial import clock, workflow
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Comment, Image, User
from tests.factories import make_article, make_image, picture_bytes, section
from tests.helpers import HX, fresh
from tests.parsed import Page

# 15. A picture before the draft exists


def _picture(**fields: Any) -> dict[str, Any]:
    """The picture panel's upload fields, as the Upload button posts them."""
    return {
        "image_file": (io.BytesIO(picture_bytes(size=(1200, 800))), "harbour.jpg", "image/jpeg"),
        "image_caption": "Boats in Tyre harbour at dawn",
        "image_credit": "AFP",
        "image_alt": "Small blue boats along a stone quay",
        "picture_action": "upload",
        **fields,
    }


def _articles() -> list[Article]:
    db.session.expire_all()
    return list(db.session.scalars(select(Article)))


def test_a_new_article_uploads_its_picture_and_the_first_save_carries_it(
    client_as: Any, reporter: User
) -> None:
    client = client_as(reporter)
    page = Page(client.get("/articles/new").get_data(as_text=True))
    assert page.find("input", type="file", name="image_file")
    assert "Create the draft first" not in page.text

    panel = client.post(
        "/media/editor/new", data=_picture(), content_type="multipart/form-data", headers=HX
    )
    assert panel.status_code == 200
    image = db.session.scalars(select(Image)).one()
    chosen = Page(panel.get_data(as_text=True)).find(
        "input", name="hero_image_id", value=str(image.id)
    )
    assert chosen and "checked" in chosen[0]
    assert _articles() == []  # uploading saves no article

    created = client.post(
        "/articles/new",
        data={
            "headline": "Harbour reopens",
            "body": "Boats are back.",
            "section_id": str(section().id),
            "author_ids": [str(reporter.id)],
            "hero_image_id": str(image.id),
            "save": "Create draft",
        },
    )
    assert created.status_code == 302
    (article,) = _articles()
    assert article.hero_image_id == image.id
    first = db.session.scalars(select(ArticleRevision).filter_by(article_id=article.id)).one()
    assert first.fields["hero_image_id"] == image.id  # the first revision has the picture


def test_without_javascript_upload_keeps_the_new_article_as_typed(
    client_as: Any, reporter: User
) -> None:
    """The Upload button posts the whole editor: it comes back as typed, the picture chosen."""
    response = client_as(reporter).post(
        "/media/editor/new",
        data=_picture(headline="Harbour reopens", body="Boats are *back*.", author_ids=[]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    image = db.session.scalars(select(Image)).one()
    page = Page(html)
    assert page.find("input", name="headline", value="Harbour reopens")
    assert "Boats are *back*." in html and "<em>back</em>" in html
    assert "checked" in page.find("input", name="hero_image_id", value=str(image.id))[0]
    assert page.find("form", id="article-form")[0]["action"] == "/articles/new"
    assert _articles() == []


def test_a_new_article_finds_a_picture_in_the_library(client_as: Any, reporter: User) -> None:
    image = make_image(caption="Fishing boats moored in Tyre harbour")
    panel = client_as(reporter).post(
        "/media/editor/new",
        data={"picture_action": "find", "image_query": "Tyre"},
        headers=HX,
    )
    assert panel.status_code == 200
    assert Page(panel.get_data(as_text=True)).find(
        "input", name="hero_image_id", value=str(image.id)
    )


def test_only_writers_upload_before_a_draft_exists(client_as: Any, fact_checker: User) -> None:
    refused = client_as(fact_checker).post(
        "/media/editor/new", data=_picture(), content_type="multipart/form-data", headers=HX
    )
    assert refused.status_code == 403
    assert db.session.scalars(select(Image)).all() == []


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
