"""A new thread's answer carried over from the answer before it (`articles.comments.carried`):
the thread list and the activity are not read again when only this comment was written since,
and every answer is what a fresh read draws (the thread's poll, at the same moment)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask

from editorial import clock, workflow
from editorial.articles.comments import carried, rows
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import ArticleTransition, Comment, User
from tests.factories import make_article
from tests.helpers import HX, calls_counted, set_person, statements_after_commit

FROM_BOARD = {**HX, "HX-Current-URL": "http://localhost/desk/"}


def _unmarked(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def _post(client: Any, article_id: int, body: str, **data: str) -> str:
    answer = client.post(
        f"/articles/{article_id}/comments", data={"body": body, **data}, headers=FROM_BOARD
    )
    assert answer.status_code == 200
    return _unmarked(answer.get_data(as_text=True))


def _as_read(client: Any, article_id: int) -> str:
    """The thread and the activity as a fresh read draws them: the thread's poll's answer,
    which a comment's answer starts with (the empty box follows)."""
    answer = client.get(f"/articles/{article_id}/comments", headers=HX)
    assert answer.status_code == 200
    return _unmarked(answer.get_data(as_text=True))


def _same_as_read(client: Any, article_id: int, posted: str) -> None:
    thread = _as_read(client, article_id)
    assert posted.startswith(thread)
    assert posted[len(thread) :].lstrip().startswith('<form id="comment-box"')


def test_a_run_of_new_threads_reads_no_thread_after_its_commit(
    app: Flask, client_as: Any, editor: User, frozen: Any
) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    _post(client, article.id, "Who is the source?")
    frozen.tick(seconds=30)
    answer, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/comments", data={"body": "And the date?"}, headers=FROM_BOARD
        ),
    )
    assert answer.status_code == 200
    # The counts, the threads with their replies and the activity were read again.
    assert after == []
    html = answer.get_data(as_text=True)
    assert html.count('class="comment-item') == 2
    _same_as_read(client, article.id, _unmarked(html))


def test_carried_answers_are_a_fresh_reads_across_the_lists_page(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    """49 threads, then new ones past the list's 50 (the oldest folded behind "Show N
    earlier"), the clock moving on (each "N min ago" moves with it)."""
    article = make_article(workflow.EDIT, authors=[reporter])
    now = clock.now()
    db.session.add_all(
        Comment(
            article_id=article.id,
            actor_id=reporter.id if n % 2 else editor.id,
            body=f"Thread {n}.",
            at=now - timedelta(minutes=100 - n),
            updated_at=now - timedelta(minutes=100 - n),
        )
        for n in range(49)
    )
    db.session.commit()
    client = client_as(editor)
    for n, seconds in enumerate([0, 20, 61, 7, 3600, 1]):
        frozen.tick(seconds=seconds)
        posted = _post(client, article.id, f"New thread {n}.")
        _same_as_read(client, article.id, posted)
    assert "Show 5 earlier threads" in posted


def test_lines_at_the_same_moment_keep_the_activitys_order(
    client_as: Any, editor: User, frozen: Any
) -> None:
    """The clock held still: a move, then comments at the same moment (a move's line comes
    before a comment's, a newer comment's before an older one's)."""
    article = make_article(workflow.EDIT)
    db.session.add(
        ArticleTransition(
            article_id=article.id,
            actor_id=editor.id,
            name="submit",
            from_state=workflow.DRAFT,
            to_state=workflow.EDIT,
            note="Ready.",
            at=clock.now(),
        )
    )
    db.session.commit()
    client = client_as(editor)
    for n in range(3):
        _same_as_read(client, article.id, _post(client, article.id, f"Same moment {n}."))


def test_what_others_wrote_between_is_read_again(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    """A reply, someone else's comment edited, a name changed: the next thread's answer shows
    each (its commit did not move the desk's version on from a kept answer's)."""
    article = make_article(workflow.EDIT, authors=[reporter])
    client, other = client_as(editor), client_as(reporter)
    _post(client, article.id, "Where is the photo from?")
    theirs = _post(other, article.id, "From the agency.")
    frozen.tick(seconds=5)
    _same_as_read(client, article.id, _post(client, article.id, "Thanks."))
    reply_to = int(re.findall(r'id="comment-(\d+)"', theirs)[-1])
    _post(other, article.id, "Credit it, please.", parent_id=str(reply_to))
    _same_as_read(client, article.id, _post(client, article.id, "Will do."))
    other.post(
        f"/articles/{article.id}/comments/{reply_to}/edit",
        data={"body": "From the agency (Reuters)."},
        headers=HX,
    )
    posted = _post(client, article.id, "Noted.")
    assert "From the agency (Reuters)." in posted
    _same_as_read(client, article.id, posted)
    set_person(reporter, display_name="Rana Renamed")
    posted = _post(client, article.id, "One more.")
    assert "Rana Renamed" in posted
    _same_as_read(client, article.id, posted)


def test_the_empty_box_is_drawn_once_per_story(
    client_as: Any, editor: User, reporter: User, frozen: Any, drawn: list[str]
) -> None:
    """The box a post empties shows the story's addresses and the token alone: kept with a hole
    for the token, each answer's own (another person's answer carries theirs)."""
    article = make_article(workflow.EDIT, authors=[reporter])
    client, other = client_as(editor), client_as(reporter)
    first = client.post(
        f"/articles/{article.id}/comments", data={"body": "One."}, headers=FROM_BOARD
    ).get_data(as_text=True)
    assert drawn.count("comments/_box.html") == 1
    second = other.post(
        f"/articles/{article.id}/comments", data={"body": "Two."}, headers=FROM_BOARD
    ).get_data(as_text=True)
    assert drawn.count("comments/_box.html") == 1
    boxes = [html[html.index('<form id="comment-box"') :] for html in (first, second)]
    assert boxes[0] != boxes[1] and _unmarked(boxes[0]) == _unmarked(boxes[1])
    assert "csrf-hole-" not in boxes[1]


def test_a_kept_answer_counts_its_words_against_the_caches_bytes(
    client_as: Any, editor: User, frozen: Any
) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    long = "A long question about the figures. " * 100
    _post(client, article.id, long)
    kept = [
        size
        for key, (value, size) in fragment_cache()._entries.items()
        if isinstance(key, tuple) and key[0] == carried.KEY
    ]
    assert kept and kept[0] > 2 * len(long)  # the thread's words and the activity line's


def test_a_carried_thread_finds_its_item_without_its_key_while_its_times_say_the_same(
    client_as: Any, editor: User, frozen: Any, monkeypatch: Any
) -> None:
    """The threads carried over are the objects the answer before drew: each remembers its
    item, so only the new thread's key is built; once the clock moves a thread's "N min ago"
    on, that thread's key is built again (and the answer is still a fresh read's)."""
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    for n in range(4):
        _post(client, article.id, f"Thread {n}.")
    keys = calls_counted(monkeypatch, rows, "item_key")
    frozen.tick(seconds=10)
    _same_as_read(client, article.id, _post(client, article.id, "The fifth."))
    assert len(keys) == 1 + 5  # the new thread's, then the poll's fresh read of all five
    keys.clear()
    frozen.tick(seconds=60)  # every thread's "just now" is "1 min ago" now
    _post(client, article.id, "The sixth.")
    assert len(keys) == 6


def test_carried_activity_lines_are_not_looked_up_again(
    client_as: Any, editor: User, frozen: Any, monkeypatch: Any
) -> None:
    """The activity's lines carried over are the objects the answer before drew: each found as
    it last drew it while its "N min ago" says the same, with no lookup in the fragment cache;
    only the new comment's line and the story's "created" line are looked up."""
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    for n in range(4):
        _post(client, article.id, f"Thread {n}.")
    cache = fragment_cache()
    looked_up: list[Any] = []
    real = cache.get_or_render

    def counted(key: Any, render: Any, **kwargs: Any) -> Any:
        if isinstance(key, tuple) and key and key[0] == "activity-line":
            looked_up.append(key)
        return real(key, render, **kwargs)

    monkeypatch.setattr(cache, "get_or_render", counted)
    frozen.tick(seconds=10)
    posted = _post(client, article.id, "The fifth.")
    assert len(looked_up) == 2
    monkeypatch.undo()
    _same_as_read(client, article.id, posted)
