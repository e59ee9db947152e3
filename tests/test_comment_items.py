"""The thread list's kept items (`articles.comments.rows.comment_items`): each item comes from
the fragment cache until something it shows changes, and then never stale. Each test draws the
list once (the items kept), changes one thing, and reads the list again: a key that missed that
thing would answer with the kept item."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Comment, User
from tests.factories import make_article
from tests.helpers import HX

pytestmark = pytest.mark.usefixtures("clock_held_still")


def _post(client: Any, article_id: int, body: str, **extra: str) -> Any:
    response = client.post(
        f"/articles/{article_id}/comments", data={"body": body, **extra}, headers=HX
    )
    assert response.status_code == 200
    return response


def _thread(client: Any, article_id: int) -> str:
    response = client.get(f"/articles/{article_id}/comments", headers=HX)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def _item(html: str, comment_id: int) -> str:
    """The list's item holding comment `comment_id` (its `<li class="comment-item">`)."""
    listed = html.split("</ol>\n</div>")[0]  # the list alone: the activity repeats the words
    items = re.split(r'(?=<li class="comment-item)', listed)
    (found,) = [item for item in items if f'id="comment-{comment_id}"' in item]
    return found


def _ids() -> list[int]:
    return list(db.session.scalars(select(Comment.id).order_by(Comment.id)))


def _kept(client: Any, article_id: int) -> str:
    """The list drawn twice: the second answer's items all from the cache."""
    _thread(client, article_id)
    hits = fragment_cache().hits
    html = _thread(client, article_id)
    assert fragment_cache().hits > hits
    return html


def test_an_edit_shows_on_the_kept_item(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Who confirmed the figure?")
    (first,) = _ids()
    before = _item(_kept(client, article.id), first)
    assert "comment-edited" not in before
    edit = f"/articles/{article.id}/comments/{first}/edit"
    client.post(edit, data={"body": "Who said 40?"})
    after = _item(_kept(client, article.id), first)
    assert "Who said 40?" in after and "Who confirmed the figure?" not in after
    assert "comment-edited" in after
    # Edited back to the first words: the same text as the first kept item, but edited.
    client.post(edit, data={"body": "Who confirmed the figure?"})
    back = _item(_thread(client, article.id), first)
    assert "Who confirmed the figure?" in back and "comment-edited" in back


def test_words_changed_past_the_service_show_on_the_kept_item(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Who confirmed the figure?")
    (first,) = _ids()
    assert "Who confirmed the figure?" in _item(_kept(client, article.id), first)
    comment = db.session.get(Comment, first)
    assert comment is not None
    comment.body = "Who confirmed the figure? Asked twice."
    db.session.commit()
    assert "Asked twice." in _item(_thread(client, article.id), first)


def test_a_deleted_reply_leaves_the_kept_item(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Second source?")
    (top,) = _ids()
    _post(client, article.id, "Asked the ministry.", parent_id=str(top))
    reply = _ids()[-1]
    assert "Asked the ministry." in _item(_kept(client, article.id), top)
    client.post(f"/articles/{article.id}/comments/{reply}/delete")
    assert "Asked the ministry." not in _item(_thread(client, article.id), top)


def test_a_deleted_first_comment_leaves_a_marker_on_the_kept_item(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Second source?")
    (top,) = _ids()
    _post(client, article.id, "Asked the ministry.", parent_id=str(top))
    assert "Comment deleted" not in _item(_kept(client, article.id), top)
    client.post(f"/articles/{article.id}/comments/{top}/delete")
    after = _item(_thread(client, article.id), top)
    assert "Comment deleted" in after and "Second source?" not in after
    assert "Asked the ministry." in after


def test_a_resolve_and_a_reopen_fold_and_unfold_the_kept_item(
    client_as: Any, editor: User, admin: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Second source?")
    (top,) = _ids()
    comment = db.session.get(Comment, top)
    assert comment is not None  # posted days ago: what its own time says holds for minutes
    comment.at = clock.now() - timedelta(days=3)
    db.session.commit()
    assert "is-resolved" not in _item(_kept(client, article.id), top)
    client_as(admin).post(f"/articles/{article.id}/comments/{top}/resolve")
    resolved = _item(_kept(client, article.id), top)
    assert "is-resolved" in resolved and "Resolved by Aya Admin" in resolved
    assert f"/comments/{top}/reopen" in resolved
    client.post(f"/articles/{article.id}/comments/{top}/reopen")
    reopened = _item(_kept(client, article.id), top)
    assert "is-resolved" not in reopened and f"/comments/{top}/resolve" in reopened
    # Resolved again by the same person, five minutes on: the fold shows the new time.
    with clock.frozen(clock.now()) as frozen:
        later = frozen.tick(minutes=5)
        client_as(admin).post(f"/articles/{article.id}/comments/{top}/resolve")
        again = _item(_kept(client, article.id), top)
        client.post(f"/articles/{article.id}/comments/{top}/reopen")
        frozen.tick(minutes=5)
        client.post(f"/articles/{article.id}/comments/{top}/resolve")
        other = _item(_thread(client, article.id), top)
    assert f'datetime="{clock.machine_time(later)}"' in again
    assert f'datetime="{clock.machine_time(later)}"' not in resolved
    # Resolved by someone else: the fold names them.
    assert "Resolved by Elie Editor" in other and "Aya Admin" not in other


def test_a_renamed_resolver_shows_on_the_kept_item(
    app: Flask, client_as: Any, editor: User, admin: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Second source?")
    (top,) = _ids()
    client_as(admin).post(f"/articles/{article.id}/comments/{top}/resolve")
    assert "Resolved by Aya Admin" in _item(_kept(client, article.id), top)
    admin.display_name = "Aya Renamed"
    db.session.commit()
    assert "Resolved by Aya Renamed" in _item(_thread(client, article.id), top)


def test_each_viewer_sees_only_their_own_edit_and_delete_on_a_kept_item(
    client_as: Any, editor: User, admin: User
) -> None:
    """Who may edit or delete is the one thing an item shows per viewer: the writer's kept
    item is never handed to another, nor another's to the writer."""
    article = make_article("edit")
    mine, theirs = client_as(editor), client_as(admin)
    _post(mine, article.id, "Second source?")
    (top,) = _ids()
    own = _item(_kept(mine, article.id), top)
    other = _item(_kept(theirs, article.id), top)
    for html in (own, other):  # anyone on the story may resolve
        assert f"/comments/{top}/resolve" in html
    assert f"/comments/{top}/delete" in own and f"/comments/{top}/edit" in own
    assert f"/comments/{top}/delete" not in other and f"/comments/{top}/edit" not in other
    assert f"/comments/{top}/delete" in _item(_thread(mine, article.id), top)


def test_the_kept_items_carry_each_request_s_own_csrf_token(
    client_as: Any, editor: User, admin: User
) -> None:
    article = make_article("edit")
    mine, theirs = client_as(editor), client_as(admin)
    _post(mine, article.id, "Second source?")
    pages = [_kept(client, article.id) for client in (mine, theirs)]
    tokens = [set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) for page in pages]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    assert "csrf-hole" not in pages[0] + pages[1]


def test_the_threads_their_replies_and_names_are_one_read(
    app: Flask, client_as: Any, editor: User, admin: User
) -> None:
    """After the counts, the list's threads, their replies and the names of who wrote and
    resolved each come in one statement (they were three: threads, replies, names)."""
    article = make_article("edit")
    client = client_as(editor)
    for n in range(3):
        _post(client, article.id, f"Thread {n}.")
    tops = _ids()
    _post(client_as(admin), article.id, "A reply.", parent_id=str(tops[0]))
    client_as(admin).post(f"/articles/{article.id}/comments/{tops[1]}/resolve")
    with counted_statements(app) as sent:
        html = _thread(client, article.id)
    reads = [" ".join(s.split()) for s in sent]
    listed = [s for s in reads if "comments.body" in s and "comments.resolved_by_id" in s]
    names = [s for s in reads if s.startswith("SELECT users.id, users.display_name")]
    assert len(listed) == 1 and not names, reads
    assert "A reply." in _item(html, tops[0]) and "Resolved by Aya Admin" in html
