"""Posting a breaking headline writes it past the session's unit of work (bench:live8) and keeps
every effect: the headline as typed (text cleaned, version 1, its people and story), its audit
row, the versions pages, the ticker, the desk and insights follow, its webhook."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from editorial.board_version import INSIGHTS_ROW, ROW, SITE_ROW
from editorial.extensions import db
from editorial.models import AuditEvent, BreakingHeadline, User, WebhookDelivery
from editorial.webhooks import service as webhooks
from tests.factories import make_article
from tests.helpers import listening, new, version_numbers
from tests.receiver import Receiver

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.settings(WEBHOOKS_ALLOW_PRIVATE=True)]


def test_a_headline_sets_off_no_flush(app: Flask, editor: User, client_as: Any) -> None:
    desk = client_as(editor)
    desk.post("/breaking", data=new(text="First"))
    flushed: list[int] = []

    def flush(session: Session, _context: Any) -> None:
        flushed.append(len(session.new) + len(session.dirty))

    with listening(Session, "before_flush", flush):
        answer = desk.post("/breaking", data=new(text="Second"))
    assert answer.status_code == 302
    assert flushed == []  # the headline and its audit row: one INSERT each, no unit of work


def test_a_headline_keeps_every_effect(
    app: Flask, editor: User, admin: User, client_as: Any, receiver: Receiver
) -> None:
    made = webhooks.register(receiver.url, "Test receiver", ["breaking.live"], actor=admin)
    db.session.commit()
    receiver.secret = made.secret
    desk = client_as(editor)  # signing in writes the person's row: before the count
    before = version_numbers()
    answer = desk.post("/breaking", data=new(text="Ministers\x0b resign", pinned="y"))
    assert answer.status_code == 302
    after = version_numbers()
    # The ticker is on every page (the site's), the desk's lists (the desk's): one move each;
    # a headline linking no story changes nothing insights counts.
    assert after[SITE_ROW] == before.get(SITE_ROW, 0) + 1
    assert after[ROW] == before.get(ROW, 0) + 1
    assert after.get(INSIGHTS_ROW) == before.get(INSIGHTS_ROW)
    headline = db.session.scalars(select(BreakingHeadline)).one()
    assert answer.headers["Location"] == f"/breaking#headline-{headline.id}"
    assert (headline.text, headline.pinned, headline.version) == ("Ministers resign", True, 1)
    assert (headline.created_by_id, headline.updated_by_id) == (editor.id, editor.id)
    assert (headline.language, headline.anchor, headline.position) == ("en", "", 0)
    [row] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "breaking.created"))
    assert (row.actor_id, row.object_type, row.object_id) == (
        editor.id,
        "breaking_headline",
        str(headline.id),
    )
    assert row.details["text"] == "Ministers resign" and row.details["pinned"] is True
    [delivery] = db.session.scalars(select(WebhookDelivery))
    assert delivery.event == "breaking.live"
    [got] = receiver.received
    assert got["verified"] and got["body"]["data"]["id"] == headline.id
    # Its version is the one an edit is checked against.
    headline.text = "Ministers resign, all of them"
    db.session.commit()
    assert headline.version == 2


def test_a_headline_linking_a_story_moves_insights_and_a_later_one_says_nothing_yet(
    app: Flask, editor: User, admin: User, client_as: Any, receiver: Receiver
) -> None:
    made = webhooks.register(receiver.url, "Test receiver", ["breaking.live"], actor=admin)
    db.session.commit()
    receiver.secret = made.secret
    story = make_article("published", headline="Port reopens after strike")
    db.session.commit()
    desk = client_as(editor)
    before = version_numbers()
    answer = desk.post(
        "/breaking",
        data=new(text="Port reopens", article=f"/news/{story.slug}", starts_at="2026-06-01T18:00"),
    )
    assert answer.status_code == 302
    after = version_numbers()
    assert after[INSIGHTS_ROW] == before.get(INSIGHTS_ROW, 0) + 1
    headline = db.session.scalars(select(BreakingHeadline)).one()
    assert headline.article_id == story.id
    assert db.session.scalars(select(WebhookDelivery)).all() == []  # upcoming: not live yet
    assert receiver.received == []
