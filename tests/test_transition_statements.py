"""A transition's statements (bench:workflow8): its commit moves the site's, the desk's and
insights' versions in one statement, and every effect still happens (the versions move by one
each, the audit row, the revision, the summary, the notification)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from editorial.board_version import board_version
from editorial.extensions import db
from editorial.models import (
    ArticleRevision,
    ArticleTransition,
    AuditEvent,
    EditorPresence,
    Notification,
    Role,
    User,
)
from editorial.models.insight_summary import InsightStageTotal
from tests.factories import make_article, make_user
from tests.helpers import HX, fresh, listening, statements_after_commit, version_numbers

HEADERS = {**HX, "HX-Target": "article-actions", "HX-Current-URL": "http://localhost/desk/"}


def _count(model: Any, **where: Any) -> int:
    query = select(func.count()).select_from(model).filter_by(**where)
    return int(db.session.scalar(query) or 0)


def test_a_transition_moves_its_versions_in_one_statement(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    before = version_numbers()
    bumps: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.startswith("INSERT INTO site_version"):
            bumps.append(statement)

    engine = db.engine
    with listening(engine, "before_cursor_execute", note):
        response = client.post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HEADERS
        )
    assert response.status_code == 200
    assert len(bumps) == 1, bumps  # main sent three: the site's mid transaction, two at commit
    after = version_numbers()
    # Each version moved by one: the site's (readers' pages), the desk's, insights'.
    for row in (1, 2, 4):
        assert after[row] == before.get(row, 0) + 1, (row, before, after)
    assert board_version() == after[2]


def test_a_return_keeps_every_effect(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    db.session.commit()
    revisions = _count(ArticleRevision, article_id=article.id)
    client = client_as(editor)
    response = client.post(
        f"/articles/{article.id}/transition/return",
        data={"note": "Needs a second source."},
        headers=HEADERS,
    )
    assert response.status_code == 200
    assert fresh(article.id).state == "draft"
    assert _count(ArticleTransition, article_id=article.id, name="return") == 1
    assert _count(AuditEvent, action="article.return", object_id=str(article.id)) == 1
    assert _count(ArticleRevision, article_id=article.id) == revisions + 1
    assert _count(Notification, article_id=article.id, recipient_id=reporter.id) == 1
    assert _count(InsightStageTotal, article_id=article.id) >= 1


def test_the_answer_offers_fact_checkers_off_the_byline_in_one_read(
    app: Flask, client_as: Any, editor: User, fact_checker: User
) -> None:
    """Submitted, the story's panel offers the editor its fact-checkers: every active one but
    those on its byline, read in one statement (main loaded the byline for it, a second)."""
    writing = make_user(Role.FACT_CHECKER, display_name="Checker On The Byline")
    retired = make_user(Role.FACT_CHECKER, display_name="Checker Retired", active=False)
    article = make_article("draft", authors=[editor, writing])
    db.session.commit()
    client = client_as(editor)
    response, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HEADERS
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and fresh(article.id).state == "edit"
    assert f'<option value="{fact_checker.id}"' in html
    assert f'<option value="{writing.id}"' not in html  # on the byline
    assert f'<option value="{retired.id}"' not in html
    assert len([s for s in after if "FROM users" in s]) == 1, after


def test_a_transition_ends_the_movers_presence_past_the_orm(
    app: Flask, client_as: Any, reporter: User, editor: User
) -> None:
    """Whoever moves a story on has left its editor: their presence row goes in the
    transition's transaction (anyone else's stays), sent on the connection, not through the
    ORM's bulk DELETE (bench:workflow8)."""
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    for person in (reporter, editor):
        db.session.add(EditorPresence(article_id=article.id, user_id=person.id))
    db.session.commit()
    through_orm: list[str] = []

    def note(state: Any) -> None:
        if getattr(getattr(state.statement, "table", None), "name", None) == "editor_presence":
            through_orm.append(str(state.statement))

    with listening(Session, "do_orm_execute", note):
        response = client.post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HEADERS
        )
    assert response.status_code == 200
    assert through_orm == []
    db.session.expire_all()
    left = db.session.scalars(select(EditorPresence.user_id).filter_by(article_id=article.id))
    assert list(left) == [editor.id]


def test_a_transition_s_rows_go_in_no_flush(app: Flask, client_as: Any, reporter: User) -> None:
    """Its transition, audit row and revision go in no flush: written past the unit of work
    (bench:transition10; they went in one flush since bench:workflow8, in two before it), the
    revision still keeping the names it reads."""
    article = make_article("draft", authors=[reporter], tags=["budget"])
    db.session.commit()
    client = client_as(reporter)
    flushed: list[set[str]] = []

    def note(session: Any, _context: Any) -> None:
        if session.new:
            flushed.append({type(obj).__name__ for obj in session.new})

    with listening(Session, "after_flush", note):
        response = client.post(
            f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HEADERS
        )
    assert response.status_code == 200
    wanted = {"ArticleTransition", "AuditEvent", "ArticleRevision"}
    assert [each for each in flushed if each & wanted] == [], flushed
    revision = db.session.scalars(
        select(ArticleRevision)
        .filter_by(article_id=article.id)
        .order_by(ArticleRevision.id.desc())
        .limit(1)
    ).one()
    assert revision.reason == "transition" and revision.fields["tags"] == ["budget"]
    assert revision.fields["authors"] == [reporter.display_name]
