"""A text autosave runs none of its statements through the ORM's own execution (its compile
state, loading and bulk UPDATE: about a millisecond of an autosave's five, bench:autosave11):
the claim is a statement of the table (the session's listeners still see it), the newest
revision is read as a row and made the session's object, the names and the claims' quotes are
read on the connection, each after what the session would autoflush. The rows and the answer
are the ORM's (`test_autosave_rows`, `test_autosave_answer`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from editorial.articles.revisions.service import newest_revision
from editorial.board_version import _CHANGED as DESK_CHANGED
from editorial.board_version import INSIGHTS_CHANGED
from editorial.extensions import db
from editorial.models import ArticleRevision, User
from tests.factories import make_article, make_claim
from tests.helpers import HX, form_for, fresh, listening


@contextmanager
def orm_statements() -> Iterator[list[str]]:
    """The ORM-enabled statements the session executes inside the block."""
    seen: list[str] = []

    def note(state: ORMExecuteState) -> None:
        if state.is_orm_statement:
            seen.append(" ".join(str(state.statement).split()))

    with listening(Session, "do_orm_execute", note):
        yield seen


def test_a_text_autosave_sends_nothing_through_the_orms_execution(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    make_claim(article, "The harbour closed at noon.")
    client = client_as(reporter)
    first = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="A first go."), headers=HX
    )
    assert first.status_code == 200
    with orm_statements() as seen:
        response = client.post(
            f"/articles/{article.id}/autosave",
            data=form_for(article, body="The harbour closed at noon. Then it opened."),
            headers=HX,
        )
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    # What the test's own session holds may be loaded lazily (the story, its byline); the
    # save's own statements are none of these.
    own = [
        s
        for s in seen
        if s.startswith("UPDATE") or "article_revisions" in s or "claims" in s or " AS kind" in s
    ]
    assert own == [], own


def test_the_claim_still_tells_the_sessions_listeners(app: Flask, reporter: User) -> None:
    """The claim alone, an UPDATE of `articles` through the session: the desk's version follows
    the table (its note is set by the statement itself); insights follows columns the claim does
    not set. What was pending is flushed before it, as the ORM's UPDATE flushed it."""
    from editorial import clock
    from editorial.articles.row_claim import claim_version

    article = make_article("draft", authors=[reporter], body="One.")
    db.session.commit()
    story = fresh(article.id)
    story.source = "Pending"  # a change the unit of work holds
    assert claim_version(story, 1, clock.now(), {"body": "Two."})
    info = db.session().info
    assert info.get(DESK_CHANGED) is True and info.get(INSIGHTS_CHANGED) is None
    assert not db.session.dirty  # flushed before the claim
    db.session.commit()
    db.session.expire_all()
    saved = fresh(article.id)
    assert (saved.version, saved.body, saved.source) == (2, "Two.", "Pending")


def test_the_newest_revision_is_the_sessions_object_as_a_query_loads_it(
    app: Flask, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="One.")
    db.session.commit()
    from editorial.articles.service import save_article

    save_article(fresh(article.id), reporter, {"body": "Two."}, 1)
    db.session.commit()
    db.session.expire_all()
    newest = newest_revision(fresh(article.id))
    queried = db.session.scalars(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.version.desc(), ArticleRevision.id.desc())
    ).first()
    assert newest is queried and newest is not None
    state = inspect(newest)
    assert state.persistent and not db.session.is_modified(newest)
    assert newest.version == 2 and newest.body == "Two." and isinstance(newest.fields, dict)
