"""A story's insights summary brought up to date in place (`insights.summary_sync`,
bench:transition12): a move writes only the rows it changes (a reschedule none), keeps the
fact-check events' ids it does not change, and whatever changes in the history (a move
written late, one deleted, a stage gone) the rows are the ones a rebuild from the history
writes, the events' ids still in their order."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.insights import summary
from editorial.models import ArticleTransition, InsightFactCheckEvent, User
from tests.test_insights_summary import NOW, H, kept, recomputed, story

FLAGGED_ROUND = [
    (1, "submit", "draft", "edit"),
    (2, "send_to_fact_check", "edit", "fact_check"),
    (3, "flag", "fact_check", "edit"),
    (4, "send_to_fact_check", "edit", "fact_check"),
    (5, "clear", "fact_check", "ready"),
]


def _events(article_id: int) -> list[tuple[Any, ...]]:
    e = InsightFactCheckEvent
    query = select(e.id, e.kind, e.at).where(e.article_id == article_id).order_by(e.id)
    return [tuple(row) for row in db.session.execute(query)]


def _summary_writes(statements: list[str]) -> list[str]:
    return [
        s
        for s in statements
        if s.split(" ", 1)[0] in {"INSERT", "DELETE", "UPDATE", "WITH"} and " insight_" in s
    ]


def _move(article_id: int, hours: float, name: str, a: str, b: str, actor: User) -> None:
    db.session.add(
        ArticleTransition(
            article_id=article_id,
            name=name,
            from_state=a,
            to_state=b,
            at=NOW + hours * H,
            actor_id=actor.id,
        )
    )
    db.session.commit()


def _as_rebuilt() -> None:
    """The summary is what a rebuild from every story's history writes (by value)."""
    assert kept() == recomputed()
    for article_id in set(db.session.scalars(select(InsightFactCheckEvent.article_id))):
        rows = _events(article_id)  # in id order: the events' own order
        assert [at for _id, _kind, at in rows] == sorted(at for _id, _kind, at in rows)


def test_a_move_keeps_the_events_it_does_not_change_and_deletes_no_row(
    app: Flask, fact_checker: User
) -> None:
    article = story(FLAGGED_ROUND, created=0, actor=fact_checker)
    events = _events(article.id)
    assert [kind for _id, kind, _at in events] == ["send", "flag", "clear"]
    with counted_statements(app) as statements:
        _move(article.id, 6, "schedule", "ready", "scheduled", fact_checker)
    assert _events(article.id) == events  # main deleted and inserted them: new ids
    writes = _summary_writes(statements)
    assert writes and not [s for s in writes if "DELETE" in s], writes
    _as_rebuilt()


def test_a_reschedule_writes_nothing_to_the_summary(app: Flask, fact_checker: User) -> None:
    article = story(
        [*FLAGGED_ROUND, (6, "schedule", "ready", "scheduled")], created=0, actor=fact_checker
    )
    with counted_statements(app) as statements:
        _move(article.id, 7, "reschedule", "scheduled", "scheduled", fact_checker)
    assert _summary_writes(statements) == []  # main deleted the story's rows and wrote them again
    _as_rebuilt()


def test_a_history_rewritten_keeps_the_rebuilt_rows_and_the_events_order(
    app: Flask, fact_checker: User
) -> None:
    article = story(FLAGGED_ROUND, created=0, actor=fact_checker)
    other = story(FLAGGED_ROUND[:2], created=0, actor=fact_checker)
    first_send = _events(article.id)[0]
    # The flag deleted: the round is cleared unflagged, the events after the send renewed.
    db.session.execute(
        delete(ArticleTransition).where(
            ArticleTransition.article_id == article.id, ArticleTransition.name == "flag"
        )
    )
    db.session.commit()
    summary.refresh(db.session.connection(), {article.id, other.id})
    db.session.commit()
    assert [kind for _id, kind, _at in _events(article.id)] == ["send", "clear"]
    assert _events(article.id)[0] == first_send
    _as_rebuilt()
    # A move written late, before the others: every event after it renewed, in order.
    _move(article.id, 0.5, "send_to_fact_check", "draft", "fact_check", fact_checker)
    _as_rebuilt()
    late_send = _events(article.id)[0]
    assert late_send[0] > first_send[0]
    # Every move but the first deleted: the stages after draft gone, and the events.
    db.session.execute(
        delete(ArticleTransition).where(
            ArticleTransition.article_id == article.id, ArticleTransition.at > NOW + 1.5 * H
        )
    )
    db.session.commit()
    summary.refresh(db.session.connection(), {article.id})
    db.session.commit()
    _as_rebuilt()
    assert _events(article.id) == [late_send]
    assert {row[1] for row in kept()[0] if row[0] == article.id} == {"draft", "edit"}
