"""The editor's heartbeat (`articles.presence.views.presence_heartbeat`, `presence.beats`): one
read and one write, no ORM object, and the same notice as before for every kind of person who
may or may not edit the story (a byline writer, a translator, an editor, a deactivated editor,
a fact-checker, a reporter off the byline)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Mapper

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import EditorPresence, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX

NOON = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


@contextmanager
def objects_loaded() -> Iterator[list[Any]]:
    """Every ORM object loaded from a row inside the block."""
    loaded: list[Any] = []

    def note(target: Any, _context: Any) -> None:
        loaded.append(target)

    event.listen(Mapper, "load", note)
    try:
        yield loaded
    finally:
        event.remove(Mapper, "load", note)


def test_a_heartbeat_is_one_read_and_one_write_and_builds_no_object(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    desk, writer = client_as(editor), client_as(reporter)
    url = f"/articles/{article.id}/presence"
    with clock.frozen(NOON):
        writer.post(url, headers=HX)
        desk.post(url, headers=HX)  # the notice's fragment drawn once (a template reads more)
        with counted_statements(app) as statements, objects_loaded() as loaded:
            answer = desk.post(url, headers=HX)
    assert answer.status_code == 200
    assert "Being edited by Rana Reporter" in answer.get_data(as_text=True)
    assert loaded == []
    sent = [" ".join(s.split())[:60] for s in statements]
    # The session check, the story with who else is there, the upsert (and SQLite's BEGIN).
    assert len([s for s in sent if not s.startswith("BEGIN")]) == 3, sent
    assert db.session.scalar(select(func.count()).select_from(EditorPresence)) == 2


def test_the_notice_shows_exactly_who_may_still_edit(
    client_as: Any, editor: User, reporter: User
) -> None:
    translator = make_user(Role.REPORTER, display_name="Tala Translator")
    outsider = make_user(Role.REPORTER, display_name="Olga Outsider")
    checker = make_user(Role.FACT_CHECKER, display_name="Fadi Checker")
    gone = make_user(Role.EDITOR, display_name="Gil Gone")
    other_editor = make_user(Role.EDITOR, display_name="Eva Editor")
    article = make_article("draft", authors=[reporter], translator_id=translator.id)
    url = f"/articles/{article.id}/presence"
    with clock.frozen(NOON) as frozen:
        for person in (translator, reporter, outsider, checker, gone, other_editor):
            db.session.add(
                EditorPresence(article_id=article.id, user_id=person.id, last_seen=clock.now())
            )
            frozen.tick(seconds=1)
        db.session.execute(update(User).where(User.id == gone.id).values(active=False))
        db.session.commit()
        html = client_as(editor).post(url, headers=HX).get_data(as_text=True)
        assert "Being edited by Eva Editor, Rana Reporter and Tala Translator" in html
        # The writer sees the others, never themselves; the translator's beat counts as editing.
        assert "Elie Editor, Eva Editor and Tala Translator" in client_as(reporter).post(
            url, headers=HX
        ).get_data(as_text=True)
        assert client_as(translator).post(url).headers["Location"] == f"/articles/{article.id}/edit"
        # Past what writers may edit, only editors are still editing.
        db.session.execute(
            update(type(article)).where(type(article).id == article.id).values(state="edit")
        )
        db.session.commit()
        answer = client_as(reporter).post(url, headers=HX)
        assert answer.status_code == 200
        assert "Being edited by Elie Editor and Eva Editor</p>" in answer.get_data(as_text=True)
        assert client_as(reporter).post(url).headers["Location"] == f"/articles/{article.id}"


def test_the_hourly_sweep_forgets_tabs_quiet_for_half_a_day_and_keeps_the_rest(
    app: Flask, editor: User
) -> None:
    """A tab that never said it was leaving keeps its row; the worker's sweep deletes it once it
    has been quiet past `FORGOTTEN_AFTER`, and leaves anyone seen since untouched."""
    from editorial import jobs
    from editorial.articles.presence import service

    reporter = make_user(Role.REPORTER)
    article = make_article(authors=[reporter])
    with clock.frozen(NOON) as handle:
        service.heartbeat(article, reporter)
        handle.tick(hours=11)
        service.heartbeat(article, editor)
        db.session.commit()
        handle.tick(hours=1, seconds=1)  # the reporter quiet 12 h 1 s, the editor 1 h 1 s
        assert jobs._REGISTRY["presence.sweep"].every_minutes == 60
        assert service.forget_stale() == 1
        db.session.commit()
    left = db.session.scalars(select(EditorPresence.user_id)).all()
    assert left == [editor.id]
