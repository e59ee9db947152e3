"""A comment's htmx answer from another page than the story's desk page (the board's, the
editor's): the whole thread, the activity and an empty box, each read once after the commit, and
the posted comment never read back (issue 28: each ORM statement cost ~0.4 ms under load)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from editorial import clock, workflow
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Comment, User
from tests.factories import make_article
from tests.helpers import HX

pytestmark = pytest.mark.usefixtures("clock_held_still")


def make_comment(article: Article, person: User, body: str) -> None:
    """A thread on `article`, written by another process (nothing of it kept in this one)."""
    db.session.add(Comment(article_id=article.id, actor_id=person.id, body=body))
    db.session.commit()


def _post(app: Flask, client: Any, article_id: int, body: str) -> tuple[str, list[str]]:
    headers = {**HX, "HX-Target": "comment-thread", "HX-Current-URL": "http://localhost/desk/"}
    with counted_statements(app) as sent:
        answer = client.post(
            f"/articles/{article_id}/comments", data={"body": body}, headers=headers
        )
    assert answer.status_code == 200
    return answer.get_data(as_text=True), [" ".join(s.split()) for s in sent]


def test_a_comment_from_another_page_reads_the_thread_once_and_not_itself_again(
    app: Flask, client_as: Any, editor: User
) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    make_comment(article, editor, "First: who is the source?")
    # The story's first answer in this process reads the thread (the next one carries it over
    # and reads none: test_comment_carried.py).
    answer, sent = _post(app, client, article.id, "Second: the figures?")
    after = sent[sent.index("BEGIN", 1) :] if "BEGIN" in sent[1:] else sent  # SQLite: the commit's
    states = [s for s in after if s.startswith("SELECT count(") and "max(comments.updated_" in s]
    assert len(states) == 1  # the thread's state, for its poll's ETag (with the threads' count)
    assert not [s for s in after if "FROM comments WHERE comments.id =" in s]
    assert "First: who is the source?" in answer and "Second: the figures?" in answer
    assert f'id="activity-{article.id}"' in answer


def test_activity_lines_are_drawn_once_and_follow_the_clock(
    app: Flask, client_as: Any, editor: User
) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    answer, _sent = _post(app, client, article.id, "First: who is the source?")
    kept = [key for key in fragment_cache()._entries if key[0] == "activity-line"]
    assert len(kept) == 2  # the comment and "Created"
    line = answer[answer.index('<li class="timeline-comment">') :]
    assert "just now" in line[: line.index("</li>")]
    with clock.frozen(clock.now() + timedelta(minutes=5)):
        page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    line = page[page.index('<li class="timeline-comment">') :]
    assert "5 min ago" in line[: line.index("</li>")]


def test_the_thread_list_reads_each_thread_once_not_again_by_its_id(
    app: Flask, client_as: Any, editor: User
) -> None:
    """The threads' rows come with their columns from the newest-first read itself (`top`), and
    only the replies are found through them: the threads read a second time by their ids were
    hashed against a scan of every comment on PostgreSQL (bench:comment11)."""
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    make_comment(article, editor, "First: who is the source?")
    answer, sent = _post(app, client, article.id, "Second: the figures?")
    (threads,) = [s for s in sent if s.startswith("WITH top AS")]
    assert threads.count("FROM comments") == 2  # the newest threads, then their replies
    assert "JOIN comments" not in threads
    assert "First: who is the source?" in answer and "Second: the figures?" in answer
