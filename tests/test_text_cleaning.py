"""Characters XML 1.0 forbids never reach a stored text, so no story or headline breaks a feed.

One function (`editorial.text.clean_text`) does it: every form's text fields go through it, and
every string column is passed through it as a row is written (the CLI, notes, services).
"""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, BreakingHeadline, User
from editorial.text import clean_text
from tests.factories import make_article, section
from tests.helpers import form_for, fresh, new

FORBIDDEN = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"]
FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml", "/section/economy/rss.xml", "/breaking.rss"]


def test_clean_text_removes_every_character_xml_forbids() -> None:
    for char in FORBIDDEN:
        assert clean_text(f"Harbour{char}reopens") in ("Harbourreopens", "Harbour reopens")
    assert clean_text("Harbour\x0breopens\x0cnow") == "Harbour reopens now"
    assert clean_text("tab\there\nline\r\nend é ش 😀") == "tab\there\nline\r\nend é ش 😀"


def _feeds_parse(client: FlaskClient) -> None:
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.get_data())
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        assert feed.entries, url


@pytest.mark.parametrize(
    "char", [c for c in FORBIDDEN if c != "\x00"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_every_feed_parses_after_a_story_typed_with_a_forbidden_character(
    char: str, desk: FlaskClient, client: FlaskClient, editor: User
) -> None:
    """Typed through the editor and the breaking desk (NUL is refused at the door: 400)."""
    draft = make_article("draft", authors=[editor], section=section("Economy"))
    typed = form_for(
        draft,
        headline=f"Harbour{char} reopens",
        summary=f"Boats{char} are back.",
        body=f"Fishing{char} resumed.",
        hero_caption=f"The{char} quay",
    )
    assert desk.post(f"/articles/{draft.id}/edit", data=typed).status_code == 302
    assert desk.post("/breaking", data=new(text=f"Quake{char} north")).status_code == 302
    story = fresh(draft.id)
    assert char not in story.headline + story.summary + story.body + story.hero_caption
    story.state, story.published_at = workflow.PUBLISHED, story.updated_at
    db.session.commit()
    _feeds_parse(client)


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_text_written_without_a_form_is_cleaned_as_it_is_stored(
    char: str, desk: FlaskClient, client: FlaskClient, frozen: Any
) -> None:
    make_article(
        "published",
        headline=f"Stadium{char} reopens",
        summary=f"x{char}y",
        section=section("Economy"),
    )
    db.session.add(
        BreakingHeadline(
            text=f"Talks{char} resume",
            starts_at=frozen.tick(seconds=0),
            ends_at=frozen.tick(seconds=0).replace(year=2030),
        )
    )
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalars(select(Article.headline)).one()
    assert stored in ("Stadium reopens", "Stadium  reopens")
    _feeds_parse(client)


def test_a_transition_note_is_cleaned(desk: FlaskClient, editor: User) -> None:
    article = make_article("edit", authors=[editor])
    response = desk.post(
        f"/articles/{article.id}/transition/return", data={"note": "Fix\x0bthe lede"}
    )
    assert response.status_code == 302
    notes = db.session.scalars(select(ArticleTransition.note)).all()
    assert notes and all("\x0b" not in (note or "") for note in notes)
