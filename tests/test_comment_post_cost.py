"""What a comment's answer does once per request, not once per line: the newsroom's zone for
the thread list and the activity (`comments/_thread.html`, `articles/_activity.html`), and
WTForms' message catalogue, read once per process per locale (`forms._KeptTranslations`)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel import support
from flask import Flask

from editorial import newsroom, workflow
from editorial.articles.comments.forms import CommentForm
from editorial.database import counted_statements
from editorial.models import User
from tests.factories import make_article
from tests.helpers import HX, statements_after_commit


def _unmarked(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def test_the_thread_and_activity_look_the_zone_up_once_each(
    client_as: Any, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    for n in range(6):
        client.post(f"/articles/{article.id}/comments", data={"body": f"Thread {n}."})
    looked_up = []
    zone = newsroom.zone

    def counted() -> str:
        looked_up.append(1)
        return zone()

    # The thread list and the activity drawn twice: the second time every thread and line is
    # kept (`fragment_cache`), so only the lookups of the keys are left.
    polls = [client.get(f"/articles/{article.id}/comments", headers=HX) for _ in range(2)]
    monkeypatch.setattr(newsroom, "zone", counted)
    again = client.get(f"/articles/{article.id}/comments", headers=HX)
    html = again.get_data(as_text=True)
    assert _unmarked(html) == _unmarked(polls[1].get_data(as_text=True))
    assert html.count('class="comment-item') == 6 and html.count('class="timeline-comment"') >= 6
    # Once for the thread list, once for the activity (both drew it per thread and per line).
    assert len(looked_up) == 2


def test_wtforms_catalogue_is_read_once_per_locale(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    load = support.Translations.load

    def counted(dirname: Any, locales: Any, domain: str) -> Any:
        read.append(str(locales[0]))
        return load(dirname, locales, domain=domain)

    monkeypatch.setattr(support.Translations, "load", counted)
    messages = []
    for _ in range(3):
        with app.test_request_context("/", method="POST", data={"body": ""}):
            form = CommentForm(meta={"csrf": False})
            messages.append(form.meta.get_translations(form).gettext("This field is required."))
            assert form.parent_id.label.text == "Parent Id"  # WTForms' gettext, at binding
    assert messages == ["This field is required."] * 3
    # Flask-WTF read and parsed it in each of the three requests; kept, at most the first.
    assert read in ([], ["en"])


def test_a_comment_from_the_board_reads_the_story_no_more_after_its_commit(
    app: Flask, client_as: Any, editor: User
) -> None:
    """The answer draws the story as the request read it (`commit_keeping_loaded`): its row was
    read again after the commit, the whole wide row, only to draw the same story."""
    article = make_article(workflow.EDIT, headline="Bridge closes for repairs")
    client = client_as(editor)
    client.post(f"/articles/{article.id}/comments", data={"body": "First thread."})
    headers = {**HX, "HX-Target": "comment-thread", "HX-Current-URL": "http://localhost/desk/"}
    response, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/comments", data={"body": "Second thread."}, headers=headers
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert not [s for s in after if s.startswith("SELECT articles.id")], after
    assert "First thread." in html and "Second thread." in html
    assert html.count('class="comment-item') == 2


def test_the_thread_reads_its_counts_and_state_in_one_statement(
    app: Flask, client_as: Any, editor: User
) -> None:
    """A comment's answer (the whole thread, from the board) reads the threads' count (for
    "Show N earlier") and the poll's count and last change in one statement (they were two),
    read before the threads: a comment landing in between makes the next poll draw it, never
    hides it behind a newer ETag."""
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    for n in range(3):
        client.post(f"/articles/{article.id}/comments", data={"body": f"Thread {n}."})
    headers = {**HX, "HX-Target": "comment-thread", "HX-Current-URL": "http://localhost/desk/"}
    with counted_statements(app) as sent:
        response = client.post(
            f"/articles/{article.id}/comments", data={"body": "Thread 3."}, headers=headers
        )
    html = response.get_data(as_text=True)
    counts = [s for s in sent if "count(" in s and "FROM comments" in s]
    assert len(counts) == 1, counts
    etag = re.search(r'data-etag="([^"]+)"', html)
    assert etag is not None and html.count('class="comment-item') == 4
    poll = client.get(
        f"/articles/{article.id}/comments", headers={**HX, "If-None-Match": f'"{etag.group(1)}"'}
    )
    assert poll.status_code == 304
