"""A transition's rows written past the unit of work (bench:transition10): no flush carries its
transition row, revision or audit line; what the flush hooks did is said directly (the story's
insights summary as a refresh from its history writes it, the desk's and insights' versions);
and a transition that records a fact-checker's assignment still writes through the ORM, its
rows in the order they had."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.insights.summary import refresh
from editorial.models import ArticleRevision, ArticleTransition, AuditEvent, Notification, User
from editorial.models.insight_summary import InsightStageTotal
from editorial.text import clean_text
from tests.factories import make_article
from tests.helpers import HX, fresh, listening, version_numbers

HEADERS = {**HX, "HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}
WRITTEN = (ArticleTransition, ArticleRevision, AuditEvent)
RAW = "Ready\x0b for a look"  # a character XML forbids: the row's text is cleaned


def _stage_rows(article_id: int) -> list[tuple[Any, ...]]:
    table = InsightStageTotal.__table__
    query = select(table).where(table.c.article_id == article_id).order_by(table.c.stage)
    return [tuple(row) for row in db.session.execute(query)]


def _flushed(found: list[str]) -> Any:
    def note(session: Session, _context: Any) -> None:
        found.extend(type(obj).__name__ for obj in session.new if isinstance(obj, WRITTEN))

    return note


def test_a_submit_flushes_none_of_its_rows_and_keeps_every_one(
    app: Flask, client_as: Any, frozen: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    before = version_numbers()
    flushed: list[str] = []
    with listening(Session, "after_flush", _flushed(flushed)):
        response = client.post(
            f"/articles/{article.id}/transition/submit",
            data={"note": RAW},
            headers=HEADERS,
        )
    assert response.status_code == 200
    assert flushed == []  # main flushed all three
    db.session.expire_all()
    step = db.session.scalars(
        select(ArticleTransition).where(ArticleTransition.article_id == article.id)
    ).one()
    assert (step.name, step.from_state, step.to_state, step.actor_id, step.at) == (
        "submit",
        "draft",
        "edit",
        reporter.id,
        clock.now(),
    )
    assert step.note == clean_text(RAW) != RAW  # cleaned as the mapper's hook cleans a row
    revision = db.session.scalars(
        select(ArticleRevision).where(
            ArticleRevision.article_id == article.id, ArticleRevision.reason == "transition"
        )
    ).one()
    assert (revision.version, revision.actor_id, revision.at) == (
        fresh(article.id).version,
        reporter.id,
        clock.now(),
    )
    line = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "article.submit")).one()
    assert (line.actor_id, line.object_id, line.at) == (reporter.id, str(article.id), clock.now())
    assert line.details == {"from_state": "draft", "to_state": "edit", "note": RAW}  # as typed
    after = version_numbers()
    for row in (2, 4):  # the desk's and insights' versions moved at the commit
        assert after[row] == before.get(row, 0) + 1, (row, before, after)


def test_the_summary_is_the_one_a_refresh_from_the_history_writes(
    app: Flask, client_as: Any, frozen: Any, editor: User, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(editor)
    for name in ("submit", "return", "submit"):
        frozen.tick(minutes=7)
        response = client.post(
            f"/articles/{article.id}/transition/{name}",
            data={"note": "again" if name == "return" else ""},
            headers=HEADERS,
        )
        assert response.status_code == 200, name
    db.session.expire_all()
    written = _stage_rows(article.id)
    assert written, "the transitions left the summary without the story's stages"
    refresh(db.session.connection(), {article.id})
    assert _stage_rows(article.id) == written
    db.session.rollback()


def test_a_transition_that_records_an_assignment_keeps_the_rows_order(
    app: Flask, client_as: Any, frozen: Any, editor: User, fact_checker: User
) -> None:
    article = make_article("edit")
    db.session.commit()
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/send_to_fact_check",
        data={"fact_checker_id": str(fact_checker.id), "note": ""},
        headers=HEADERS,
    )
    assert response.status_code == 200
    lines = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_type == "article", AuditEvent.object_id == str(article.id))
        .order_by(AuditEvent.id)
    ).all()
    assert lines == ["article.assigned.fact_checker", "article.send_to_fact_check"]
    written = _stage_rows(article.id)
    refresh(db.session.connection(), {article.id})
    assert _stage_rows(article.id) == written
    db.session.rollback()


def test_a_return_s_notification_goes_in_no_flush(
    app: Flask, client_as: Any, frozen: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    db.session.commit()
    client = client_as(editor)
    flushed: list[str] = []

    def note(session: Session, _context: Any) -> None:
        flushed.extend(type(obj).__name__ for obj in session.new)

    with listening(Session, "after_flush", note):
        response = client.post(
            f"/articles/{article.id}/transition/return",
            data={"note": "Needs a second source."},
            headers=HEADERS,
        )
    assert response.status_code == 200
    assert "Notification" not in flushed, flushed  # main flushed it
    told = db.session.scalars(
        select(Notification).where(Notification.article_id == article.id)
    ).one()
    assert (told.recipient_id, told.actor_id, told.excerpt, told.created_at) == (
        reporter.id,
        editor.id,
        "Needs a second source.",
        clock.now(),
    )
    assert (told.read_at, told.emailed_at, told.plan_id, told.comment_id) == (None,) * 4


def test_on_postgresql_a_transition_s_row_revision_and_audit_line_go_in_one_statement(
    app: Flask, client_as: Any, frozen: Any, reporter: User
) -> None:
    """bench:transition12: the three INSERTs as one statement's CTEs (main sent three)."""
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    with counted_statements(app) as statements:
        response = client_as(reporter).post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HEADERS
        )
    assert response.status_code == 200
    written = [s for s in statements if "INSERT INTO article_transitions" in s]
    assert len(written) == 1, written
    if db.engine.dialect.name == "postgresql":
        assert "INSERT INTO article_revisions" in written[0], written
        assert "INSERT INTO audit_events" in written[0], written
    else:  # SQLite: one each, as before
        assert not [s for s in written if "INSERT INTO audit_events" in s], written


def test_a_waived_guard_s_two_audit_lines_keep_their_order(
    app: Flask, client_as: Any, frozen: Any, editor: User
) -> None:
    """The transition's line, then the waiver's, with their details, on both databases."""
    from tests.test_translations import _family_of_two, _save_source

    source, translation = _family_of_two(editor)
    _save_source(source, editor, "The source moved on.")
    translation.forget_source_lag()
    note = "The change is a typo in the English."
    done = client_as(editor).post(
        f"/articles/{translation.id}/transition/publish", data={"waiver": note}
    )
    assert done.status_code == 302
    lines = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "article", AuditEvent.object_id == str(translation.id))
        .where(AuditEvent.action.in_(("article.publish", "article.guard_waived")))
        .order_by(AuditEvent.id)
    ).all()
    assert [(line.action, line.actor_id, line.at) for line in lines] == [
        ("article.publish", editor.id, clock.now()),
        ("article.guard_waived", editor.id, clock.now()),
    ]
    assert lines[0].details == {"from_state": "ready", "to_state": "published", "note": note}
    assert lines[1].details == {
        "transition": "publish",
        "reason": lines[1].details["reason"],
        "note": note,
    }
    assert lines[1].details["reason"]
    step = db.session.scalars(
        select(ArticleTransition).where(ArticleTransition.article_id == translation.id)
    ).all()[-1]
    assert (step.name, step.note, step.actor_id) == ("publish", note, editor.id)


def test_the_one_statement_s_compiled_form_is_kept() -> None:
    """SQLAlchemy compiles a statement without a cache key every time (a multi-row VALUES has
    none): the transition's one statement on PostgreSQL cost more than the three it replaced."""
    from editorial.articles.transitions.written import _together

    assert _together(1)._generate_cache_key() is not None  # type: ignore[attr-defined]
