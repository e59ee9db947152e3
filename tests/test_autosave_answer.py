"""An autosave answers with what the page needs (the message and the form's version), reading
nothing of the article again once its save is committed."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select, text

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, form_for, statements_after_commit


def test_an_autosave_answers_without_reading_the_article_after_its_commit(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    response, after = statements_after_commit(
        app,
        lambda: client.post(
            f"/articles/{article.id}/autosave",
            data=form_for(article, body="Typing on..."),
            headers=HX,
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Saved automatically at" in html
    assert '<input type="hidden" id="article-version" name="version" value="2" hx-swap-oob' in html
    assert '<span id="version-label" hx-swap-oob="true">2</span>' in html
    assert not [statement for statement in after if "FROM articles" in statement]


def test_a_save_reads_the_tags_and_bylines_once_and_keeps_them_in_its_revision_and_index(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """The version claimed, the row's columns are read again but not its tags and bylines: the
    save read them already, and a change to them would have moved the version it claimed."""
    article = make_article("draft", authors=[reporter], tags=["Climate", "Budget"])
    client = client_as(reporter)
    form = form_for(article, body="Typing on, with the budget in it.")
    with counted_statements(app) as statements:
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    # The byline (read by the reporter's permission check), then one read of the names of the
    # rest (section, tags): the snapshots, the revision and the search index share it.
    words = ("article_authors", "article_tags", "FROM sections", "FROM regions")
    reads = [s for s in statements if s.startswith("SELECT") and any(w in s for w in words)]
    assert len(reads) == 2
    revision = db.session.scalars(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.id.desc())
    ).first()
    assert revision is not None and revision.reason == "autosaved"
    assert revision.fields["tags"] == ["Budget", "Climate"]
    assert revision.fields["author_ids"] == [reporter.id]
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's index keeps stems, not the words
        indexed = db.session.execute(
            text("SELECT body, tags FROM article_search WHERE rowid = :id"), {"id": article.id}
        ).one()
        assert "budget" in indexed.body and indexed.tags == "budget climate"


def test_a_save_that_keeps_its_byline_reads_no_one_again(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    """The people already on the byline may stay (even one who left): the story's loaded bylines
    serve, with no second read of them; a new name is still checked against the people."""
    second = make_user(Role.REPORTER, display_name="Rana Reporter")
    article = make_article("draft", authors=[reporter, second])
    second.active = False  # left the newsroom: may stay on a byline already holding them
    db.session.commit()
    client = client_as(editor)
    form = form_for(article, body="Typing on.", author_ids=[str(second.id), str(reporter.id)])
    with counted_statements(app) as statements:
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    assert not [s for s in statements if "users.id IN" in s]
    db.session.expire_all()
    assert [person.id for person in db.session.get(Article, article.id).authors] == [
        second.id,
        reporter.id,
    ]
    form = form_for(db.session.get(Article, article.id), author_ids=[str(editor.id)])
    response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    db.session.expire_all()
    assert [person.id for person in db.session.get(Article, article.id).authors] == [editor.id]
