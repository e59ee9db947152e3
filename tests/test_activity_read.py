"""The article's activity (`articles.queries.activity`): every kind of line (moves,
assignments, corrections, comments, the story's creation) read in one statement, merged newest
first, lines at the same moment in the order of the kinds, each kind up to the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from editorial import clock, workflow
from editorial.articles.queries import _activity_reads, activity
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import ArticleAssignment, ArticleTransition, Comment, Correction, User
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("clock_held_still")


def test_every_kind_of_line_in_one_read_newest_first(
    app: Flask, editor: User, reporter: User, fact_checker: User
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    now = clock.now()
    at = {n: now - timedelta(minutes=n) for n in range(10)}
    db.session.add_all(
        [
            ArticleTransition(
                article_id=article.id,
                actor_id=reporter.id,
                name="submit",
                from_state=workflow.DRAFT,
                to_state=workflow.EDIT,
                note="Ready.",
                at=at[5],
            ),
            ArticleAssignment(
                article_id=article.id,
                actor_id=editor.id,
                duty="fact_checker",
                before_id=None,
                after_id=fact_checker.id,
                at=at[4],
            ),
            Correction(article_id=article.id, notice="A date was wrong.", at=at[3]),
            Comment(article_id=article.id, actor_id=editor.id, body="Who said it?", at=at[2]),
            Comment(article_id=article.id, actor_id=reporter.id, body="Gone.", at=at[1]),
            # The same moment as the correction: after it, as the kinds are ordered.
            Comment(article_id=article.id, actor_id=reporter.id, body="Same time.", at=at[3]),
        ]
    )
    db.session.flush()
    gone = db.session.query(Comment).filter_by(body="Gone.").one()
    gone.deleted_at = now
    db.session.commit()
    assert article.created_at is not None  # the story read again after the commit, first
    with counted_statements(app) as sent:
        lines = activity(article)
    reads = [s for s in sent if s.startswith(("SELECT", "WITH"))]
    assert len(reads) == 1, reads
    kinds = [(entry.kind, entry.actor.display_name if entry.actor else None) for entry in lines]
    assert kinds == [
        ("comment", editor.display_name),
        ("correction", None),
        ("comment", reporter.display_name),
        ("assignment", editor.display_name),
        ("transition", reporter.display_name),
        ("created", lines[-1].actor.display_name if lines[-1].actor else None),
    ]
    assignment = lines[3].item
    assert assignment.duty == "fact_checker" and assignment.after_id == fact_checker.id
    assert assignment.after is not None and assignment.after.display_name == "Fadi Checker"
    assert assignment.before is None
    assert lines[4].item.note == "Ready." and lines[4].item.to_state == workflow.EDIT
    assert lines[1].item.notice == "A date was wrong."
    assert lines[0].item.body == "Who said it?" and lines[0].item.parent_id is None


def test_each_kind_up_to_the_page(app: Flask, editor: User) -> None:
    article = make_article(workflow.EDIT)
    now = clock.now()
    db.session.add_all(
        Comment(
            article_id=article.id, actor_id=editor.id, body=f"C{n}", at=now - timedelta(seconds=n)
        )
        for n in range(5)
    )
    db.session.add_all(
        Correction(
            article_id=article.id, notice=f"N{n}", at=now - timedelta(seconds=n, milliseconds=500)
        )
        for n in range(5)
    )
    db.session.commit()
    lines: list[Any] = activity(article, limit=4)
    assert [line.item.body or line.item.notice for line in lines] == ["C0", "N0", "C1", "N1"]


def test_the_comments_page_is_taken_before_their_writers_are_joined() -> None:
    """The comments' branch limits the story's comments to the page in a subquery reading
    comments alone; the writers' names are joined to that page. Joined first, both databases
    looked up a writer for every comment of the story and sorted them all (bench:pgwrites10)."""
    comment_read = dict(_activity_reads())["comment"]
    joined = _flattened(comment_read)
    subqueries = [source for source in joined if getattr(source, "name", "") == "comments_page"]
    assert subqueries, joined
    inner = subqueries[0].element
    assert inner._limit_clause is not None
    assert [table.name for table in inner.get_final_froms()] == ["comments"]


def _flattened(statement: Any) -> list[Any]:
    """Every FROM element a statement's joins reach."""
    seen: list[Any] = []
    stack = list(statement.get_final_froms())
    while stack:
        source = stack.pop()
        seen.append(source)
        stack.extend(getattr(source, name) for name in ("left", "right") if hasattr(source, name))
    return seen
