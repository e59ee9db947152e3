"""Posting to a live story writes past the session's unit of work and reads nothing after its
commit (bench:live8), and keeps every effect: the post as typed (text cleaned), its audit row,
the versions that kept pages, polls and the ticker follow (the site's, the live desks',
insights'), its webhook, the answer's counts; the desk's counts read from one index."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from editorial.board_version import INSIGHTS_ROW, LIVE_ROW, ROW, SITE_ROW
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.live import queries
from editorial.models import AuditEvent, LivePost, User, WebhookDelivery
from editorial.webhooks import service as webhooks
from tests.factories import make_live_story
from tests.helpers import listening, version_numbers
from tests.receiver import Receiver

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.settings(WEBHOOKS_ALLOW_PRIVATE=True)]
HX = {"HX-Request": "true"}


def test_a_post_reads_nothing_after_its_commit(app: Flask, editor: User, client_as: Any) -> None:
    story = make_live_story(editor, posts=2)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/posts"
    desk.post(url, data={"body": "First"}, headers=HX)
    committed: list[int] = []
    with counted_statements(app) as statements:

        def commit(_connection: Any) -> None:
            committed.append(len(statements))

        with listening(db.engine, "commit", commit):
            answer = desk.post(url, data={"body": "Second"}, headers=HX)
    assert answer.status_code == 200
    assert committed, "the post committed"
    # The counts, the settings and the desk's version were read in a transaction of their own.
    assert statements[committed[0] :] == []
    html = answer.get_data(as_text=True)
    assert 'id="live-count"' in html and "(4 out)" in html  # counted before the commit


def test_a_post_sets_off_no_flush(app: Flask, editor: User, client_as: Any) -> None:
    story = make_live_story(editor)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/posts"
    desk.post(url, data={"body": "First"}, headers=HX)
    flushed: list[int] = []

    def flush(session: Session, _context: Any) -> None:
        flushed.append(len(session.new) + len(session.dirty))

    with listening(Session, "before_flush", flush):
        answer = desk.post(url, data={"body": "Second"}, headers=HX)
    assert answer.status_code == 200
    assert flushed == []  # the post and its audit row: one INSERT each, no unit of work


def test_a_post_keeps_every_effect(
    app: Flask, editor: User, admin: User, client_as: Any, receiver: Receiver
) -> None:
    made = webhooks.register(receiver.url, "Test receiver", ["live.post_published"], actor=admin)
    db.session.commit()
    receiver.secret = made.secret
    story = make_live_story(editor, headline="Count night")
    desk = client_as(editor)  # signing in writes the person's row: before the count
    version, before = story.version, version_numbers()
    answer = desk.post(
        f"/articles/{story.article_id}/live/posts",
        data={"headline": "Polls\x0b close", "body": "Turnout\x1f is high."},
        headers=HX,
    )
    assert answer.status_code == 200
    after = version_numbers()
    # Pages and the ticker (the site's), the desks' streams (the live desks'), insights: one
    # move each, in the post's own transaction; the board's version is left alone.
    for row in (SITE_ROW, LIVE_ROW, INSIGHTS_ROW):
        assert after[row] == before.get(row, 0) + 1, row
    assert after.get(ROW) == before.get(ROW)
    post = db.session.scalars(select(LivePost).where(LivePost.article_id == story.article_id)).one()
    assert (post.headline, post.body) == ("Polls close", "Turnout is high.")
    assert post.published_at is not None and post.seq == version + 1
    assert post.author_id == editor.id and [p.id for p in post.coauthors] == []
    [row] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "live.posted"))
    assert (row.actor_id, row.actor_label) == (editor.id, editor.email)
    assert (row.object_type, row.object_id) == ("article", str(story.article_id))
    assert row.ip == "127.0.0.1"
    assert row.details == {"post_id": post.id, "published": True, "needs_check": False}
    [delivery] = db.session.scalars(select(WebhookDelivery))
    assert delivery.event == "live.post_published"
    [got] = receiver.received
    assert got["verified"] and got["body"]["data"]["post"]["id"] == post.id


def test_a_reporters_post_waits_moves_no_page_and_says_nothing(
    app: Flask, editor: User, reporter: User, admin: User, client_as: Any, receiver: Receiver
) -> None:
    made = webhooks.register(receiver.url, "Test receiver", ["live.post_published"], actor=admin)
    db.session.commit()
    receiver.secret = made.secret
    story = make_live_story(editor)
    hall = client_as(reporter)
    before = version_numbers()
    answer = hall.post(
        f"/articles/{story.article_id}/live/posts", data={"body": "From the hall"}, headers=HX
    )
    assert answer.status_code == 200 and "(0 out, 1 waiting)" in answer.get_data(as_text=True)
    after = version_numbers()
    assert after.get(SITE_ROW) == before.get(SITE_ROW)  # no reader sees it yet
    assert after[LIVE_ROW] == before.get(LIVE_ROW, 0) + 1
    [row] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "live.posted"))
    assert row.details["published"] is False
    assert db.session.scalars(select(WebhookDelivery)).all() == [] and receiver.received == []


def test_the_counts_read_one_index_alone(app: Flask, editor: User) -> None:
    story = make_live_story(editor, posts=3)
    assert queries.counts(story.article_id) == queries.Counts(public=3, waiting=0)
    if db.engine.dialect.name != "sqlite":
        names = {ix["name"] for ix in db.inspect(db.engine).get_indexes("live_posts")}
        assert "ix_live_posts_article_counted" in names
        return
    asked = queries._counts_statement().params(article_id=story.article_id)
    statement = str(asked.compile(db.engine, compile_kwargs={"literal_binds": True}))
    plan = db.session.execute(text(f"EXPLAIN QUERY PLAN {statement}")).all()
    assert any("COVERING INDEX ix_live_posts_article_counted" in row[-1] for row in plan), plan
