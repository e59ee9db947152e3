"""The live desk's small answers for every post button (issue 24, `live/answers.py`): each
answers with the post(s) it changed and the counts, out of band, never the other posts or the
stream; without JavaScript each is still a form post and a redirect; and the answer moves the
desk stream's ETag on, so the next poll of the desk that acted is a 304."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.live import service
from editorial.models import LivePost, LiveStory, User
from tests.factories import make_live_story

pytestmark = pytest.mark.usefixtures("frozen")
HX = {"HX-Request": "true"}


def _story(editor: User, others: int = 30) -> LiveStory:
    return make_live_story(editor, posts=others)


def _target(editor: User, story: LiveStory, action: str) -> LivePost:
    """A post in the state the action needs."""
    kwargs: dict[str, Any] = {"body": f"The {action} post, a count of 3,200 ballots"}
    post = service.create_post(story, editor, at=clock.now(), **kwargs)
    if action == "publish":
        post.published_at = None
    if action == "unkey":
        service.set_key_event(post, True, editor)
    if action == "clear":
        service.ask_check(post, editor)
    db.session.commit()
    return post


def _etag(html: str) -> str:
    found = re.search(r'id="live-stream"[^>]*data-etag="([^"]+)"', html, re.S)
    assert found, "the desk's stream carries its ETag"
    return found.group(1)


@pytest.mark.parametrize(
    "action", ["publish", "key", "unkey", "check", "clear", "promote", "delete", "pin", "unpin"]
)
def test_each_button_answers_only_the_post_it_changed(
    app: Flask, editor: User, fact_checker: User, client_as: Any, action: str
) -> None:
    story = _story(editor)
    post = _target(editor, story, action)
    if action == "unpin":
        service.set_pinned(post, True, editor)
        db.session.commit()
    who = client_as(fact_checker if action == "clear" else editor)
    url = f"/articles/{story.article_id}/live"
    whole = who.get(url, headers=HX).get_data(as_text=True)
    data = {"note": "Nothing to check: a quote of the count"} if action == "clear" else {}
    answer = who.post(f"{url}/posts/{post.id}/{action}", data=data, headers=HX)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html[:500]
    assert "Plain post" not in html, "no other post comes back"
    assert 'id="live-stream"' not in html and 'id="live-desk"' not in html
    assert len(html) * 8 < len(whole), (len(html), len(whole))
    assert re.search(r'id="live-count"[^>]*hx-swap-oob="true"', html)
    if action == "delete":
        assert f'<li id="post-{post.id}" hx-swap-oob="delete"></li>' in html
    elif action != "promote":  # the ticker changes, the post does not
        assert f"The {action} post" in html
    assert "toast" in json.loads(answer.headers["HX-Trigger"])


def test_an_edit_answers_only_the_post(app: Flask, editor: User, client_as: Any) -> None:
    story = _story(editor)
    post = _target(editor, story, "edit")
    answer = client_as(editor).post(
        f"/articles/{story.article_id}/live/posts/{post.id}/edit",
        data={"body": "Corrected: 3,300 ballots"},
        headers=HX,
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Corrected: 3,300 ballots" in html and "Plain post" not in html
    assert f'id="post-{post.id}"' in html and 'hx-swap-oob="true"' in html


@pytest.mark.parametrize("action", ["publish", "key", "delete", "pin"])
def test_without_javascript_each_button_is_a_post_and_a_redirect(
    app: Flask, editor: User, client_as: Any, action: str
) -> None:
    story = _story(editor, others=2)
    post = _target(editor, story, action)
    answer = client_as(editor).post(f"/articles/{story.article_id}/live/posts/{post.id}/{action}")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(f"/articles/{story.article_id}/live")


def test_pinning_the_pinned_posts_neighbour_sends_back_both_and_no_other(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _story(editor, others=5)
    a = _target(editor, story, "first")
    b = _target(editor, story, "second")
    service.set_pinned(a, True, editor)
    db.session.commit()
    html = (
        client_as(editor)
        .post(f"/articles/{story.article_id}/live/posts/{b.id}/pin", headers=HX)
        .get_data(as_text=True)
    )
    assert f'hx-swap-oob="outerHTML:#pinned-slot-{a.id}"' in html
    assert f'hx-swap-oob="outerHTML:#live-desk-posts #post-{b.id}"' in html
    assert "Plain post" not in html


def test_deleting_the_pinned_post_empties_the_box_and_its_slot(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _story(editor, others=3)
    post = _target(editor, story, "pinned")
    service.set_pinned(post, True, editor)
    db.session.commit()
    html = (
        client_as(editor)
        .post(f"/articles/{story.article_id}/live/posts/{post.id}/delete", headers=HX)
        .get_data(as_text=True)
    )
    assert f'<li id="pinned-slot-{post.id}" hx-swap-oob="delete"></li>' in html
    box = html.split('id="live-desk-pinned"', 1)[1].split("</div>", 1)[0]
    assert "The pinned post" not in box


@pytest.mark.parametrize("how", ["post", "pin", "key", "delete"])
def test_the_desk_that_acted_polls_304_next(
    app: Flask, editor: User, client_as: Any, how: str
) -> None:
    story = _story(editor, others=3)
    post = _target(editor, story, how)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live"
    shown = _etag(desk.get(url).get_data(as_text=True))
    if how == "post":
        answer = desk.post(f"{url}/posts", data={"body": "Fresh from the hall"}, headers=HX)
    else:
        answer = desk.post(f"{url}/posts/{post.id}/{how}", headers=HX)
    assert answer.status_code == 200
    moved = json.loads(answer.headers["HX-Trigger"])["liveDesk"]
    assert moved["from"] == shown and moved["to"] != shown
    # What live_desk.js does with it: the stream's ETag becomes `to`, and the next poll is a 304.
    poll = desk.get(f"{url}/stream", headers={**HX, "If-None-Match": f'"{moved["to"]}"'})
    assert poll.status_code == 304
    # The ETag it had before is behind: that poll redraws the stream.
    behind = desk.get(f"{url}/stream", headers={**HX, "If-None-Match": f'"{shown}"'})
    assert behind.status_code == 200


def test_someone_elses_change_in_between_is_not_skipped(
    app: Flask, editor: User, client_as: Any
) -> None:
    """A desk further behind than the change began keeps its ETag (`from` is not what it shows),
    so its poll still brings the other person's post."""
    story = _story(editor, others=2)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live"
    shown = _etag(desk.get(url).get_data(as_text=True))
    service.create_post(story, editor, body="From another desk", at=clock.now())
    db.session.commit()
    answer = desk.post(f"{url}/posts", data={"body": "Mine"}, headers=HX)
    moved = json.loads(answer.headers["HX-Trigger"])["liveDesk"]
    assert moved["from"] != shown
    poll = desk.get(f"{url}/stream", headers={**HX, "If-None-Match": f'"{shown}"'})
    assert poll.status_code == 200 and "From another desk" in poll.get_data(as_text=True)
    assert db.session.scalar(select(LivePost).where(LivePost.body == "Mine")) is not None


def _desk_posts(page: str) -> str:
    """The stream's posts in a desk page, their forms' tokens left out (signed with the second)."""
    start = page.index('<ol id="live-desk-posts"')
    posts = page[start : page.index("</ol>", start)]
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', posts)


def test_a_desk_post_is_kept_and_a_change_to_anything_it_shows_is_on_the_next_view(
    editor: User, client_as: Any
) -> None:
    story = _story(editor, others=3)
    post = db.session.scalars(select(LivePost).where(LivePost.body == "Plain post 1")).one()
    client = client_as(editor)
    desk = f"/articles/{story.article_id}/live"
    first = _desk_posts(client.get(desk).get_data(as_text=True))
    hits = fragment_cache().hits
    assert _desk_posts(client.get(desk).get_data(as_text=True)) == first
    assert fragment_cache().hits >= hits + 1  # the desk's body (and so each post), kept
    # Written past the service (no story version moved): still on the next view.
    post.body_html = "<p>Plain post 1, corrected by hand</p>"
    editor.display_name = "Renamed Editor"
    db.session.commit()
    page = _desk_posts(client.get(desk).get_data(as_text=True))
    assert "Plain post 1, corrected by hand" in page
    assert "Elie Editor" not in page and page.count("<bdi>Renamed Editor</bdi>") == 3


def test_kept_desk_posts_carry_each_sessions_token_and_each_viewers_buttons(
    editor: User, reporter: User, client_as: Any
) -> None:
    story = _story(editor, others=2)
    desk = f"/articles/{story.article_id}/live"
    pages = [client_as(person).get(desk).get_data(as_text=True) for person in (editor, reporter)]
    tokens = [set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) for page in pages]
    assert all(len(found) == 1 for found in tokens)  # every form the page's own token
    assert tokens[0] != tokens[1]
    assert ">Delete<" in _desk_posts(pages[0])  # an editor's buttons...
    assert ">Delete<" not in _desk_posts(pages[1])  # ...never a reporter's
