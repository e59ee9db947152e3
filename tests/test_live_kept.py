"""The live desk's body kept whole (`live.views.kept_desk`): drawn once per desk version and
live desks' version (`board_version.live_version`), viewer, address, zone and minute; any write
to a live story shows on the next view, whoever wrote it and however."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from editorial import clock
from editorial.board_version import board_version, live_version
from editorial.extensions import db
from editorial.live import service
from editorial.models import Comment, LivePost, LiveStory, Role, User
from tests.factories import make_live_story, make_user

pytestmark = pytest.mark.usefixtures("frozen")
TOKENS = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrf_token" value="[^"]+"')


def _story(editor: User, posts: int = 3) -> LiveStory:
    return make_live_story(editor, posts=posts)


def test_the_body_is_drawn_once_and_the_page_and_fragment_are_the_same(
    editor: User, client_as: Any, drawn: list[str]
) -> None:
    story = _story(editor)
    client = client_as(editor)
    desk = f"/articles/{story.article_id}/live"
    first = client.get(desk).get_data(as_text=True)
    assert "live/_desk_body.html" in drawn
    drawn.clear()
    again = client.get(desk).get_data(as_text=True)
    assert "live/_desk_body.html" not in drawn and "live/desk.html" in drawn
    assert TOKENS.sub("", again) == TOKENS.sub("", first)
    fragment = client.get(desk, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and TOKENS.sub("", fragment) in TOKENS.sub("", again)


def test_a_change_to_the_live_story_by_anyone_shows_on_the_next_view(
    editor: User, reporter: User, client_as: Any
) -> None:
    story = _story(editor)
    client = client_as(editor)
    desk = f"/articles/{story.article_id}/live"
    page = client.get(desk).get_data(as_text=True)
    assert "Plain post 3" not in page and f'value="{reporter.id}" checked' not in page
    # Who posts directly (the story's row) shows on the next view.
    service.allow_direct(db.session.get(LiveStory, story.article_id), [reporter], editor)
    db.session.commit()
    assert f'value="{reporter.id}" checked' in client.get(desk).get_data(as_text=True)
    # Another person's post, then a post corrected past the service (as a script would).
    service.create_post(
        db.session.get(LiveStory, story.article_id), reporter, body="Plain post 3", at=clock.now()
    )
    db.session.commit()
    assert "Plain post 3" in client.get(desk).get_data(as_text=True)
    post = db.session.scalars(select(LivePost).where(LivePost.body == "Plain post 0")).one()
    post.body_html = "<p>Plain post 0, corrected by hand</p>"
    db.session.commit()
    assert "corrected by hand" in client.get(desk).get_data(as_text=True)


def test_two_people_never_share_a_desk(editor: User, reporter: User, client_as: Any) -> None:
    story = _story(editor)
    other = make_user(Role.EDITOR, display_name="Nadia Karam")
    desk = f"/articles/{story.article_id}/live"
    pages = {p.id: client_as(p).get(desk).get_data(as_text=True) for p in (editor, other, reporter)}
    tokens = {TOKENS.findall(page)[0] for page in pages.values()}
    assert len(tokens) == 3
    assert "End live coverage" in pages[other.id] and "End live coverage" not in pages[reporter.id]


def test_live_writes_move_the_live_version_and_leave_the_desk_s_alone(
    editor: User,
) -> None:
    story = _story(editor, posts=0)
    board, live = board_version(), live_version()
    service.create_post(story, editor, body="One more", at=clock.now())
    db.session.commit()
    assert live_version() == live + 1 and board_version() == board
    db.session.add(Comment(article_id=story.article_id, actor_id=editor.id, body="A note."))
    db.session.commit()
    assert live_version() == live + 1 and board_version() == board + 1
