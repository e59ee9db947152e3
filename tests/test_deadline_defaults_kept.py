"""The sections' default deadlines kept by each process under the desk's version (issue 28): a
run of transitions reads them once, and an admin's change is seen by the next transition."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.planning import ArticleDeadline
from tests.factories import make_article, section


def _move(client: Any, article: Article, name: str) -> Any:
    note = "Longer, please." if name == "return" else ""
    return client.post(f"/articles/{article.id}/transition/{name}", data={"note": note})


def _edit_deadline(article: Article) -> ArticleDeadline | None:
    db.session.expire_all()
    return db.session.scalar(
        select(ArticleDeadline).where(
            ArticleDeadline.article_id == article.id, ArticleDeadline.stage == "edit"
        )
    )


def test_a_run_of_transitions_reads_the_defaults_once(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    story = make_article("draft", authors=[reporter], section=section("Politics"))
    ed = client_as(editor)
    read = []
    for name in ["submit", "return", "submit", "return"]:
        with counted_statements(app) as sent:
            assert _move(ed, story, name).status_code == 302
        read.append(sum("FROM section_deadline_defaults" in s for s in sent))
    assert read[1:] == [0, 0, 0]


def test_an_admins_default_is_seen_by_the_next_transition(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    politics = section("Politics")
    story = make_article("draft", authors=[reporter], section=politics)
    ed = client_as(editor)
    assert _move(ed, story, "submit").status_code == 302  # no default: none given, kept so
    assert _edit_deadline(story) is None
    assert _move(ed, story, "return").status_code == 302
    answer = client_as(admin).post(f"/deadlines/sections/{politics.id}", data={"edit_hours": "4"})
    assert answer.status_code == 302
    assert _move(ed, story, "submit").status_code == 302
    deadline = _edit_deadline(story)
    assert deadline is not None and deadline.origin == "section"
