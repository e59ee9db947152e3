"""A save rewrites its story's row of the search index in one statement (SQLite: an UPDATE of the
FTS5 row, which FTS5 does as a delete and an insert; PostgreSQL: its upsert), and a story the index
does not hold yet is still put there."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import text, true

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import User
from editorial.search import index as search_index
from editorial.search.documents import document, write
from editorial.search.upkeep import reindex_all, remove
from tests.factories import make_article
from tests.helpers import HX, form_for


def _found(words: str) -> list[int]:
    """The ids the desk's search finds for `words` (any state), as the index holds them now."""
    return [a.id for a in search_index.search(words, true(), per_page=50).articles]


def _index_writes(statements: list[str]) -> list[str]:
    return [s for s in statements if "article_search" in s and not s.startswith("SELECT")]


def test_an_autosave_rewrites_its_story_in_the_index_in_one_statement(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    db.session.commit()
    assert _found("harbour") == [article.id]
    client = client_as(reporter)
    form = form_for(article, body="The lighthouse opened at dawn.")
    with counted_statements(app) as statements:
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    assert len(_index_writes(statements)) == 1
    db.session.expire_all()
    assert _found("lighthouse") == [article.id]
    assert _found("harbour") == []
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's index keeps stems, not the words
        rows = db.session.execute(
            text("SELECT rowid, body FROM article_search WHERE rowid = :id"), {"id": article.id}
        ).all()
        assert [(row.rowid, row.body) for row in rows] == [
            (article.id, "the lighthouse opened at dawn.")
        ]


def test_a_save_puts_a_story_the_index_lacks_there(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    remove(article.id)  # as a story written before the index existed, or lost from it
    db.session.commit()
    assert _found("harbour") == []
    client = client_as(reporter)
    form = form_for(article, body="The lighthouse opened at dawn.")
    response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200
    db.session.expire_all()
    assert _found("lighthouse") == [article.id]
    rows = {
        "sqlite": "SELECT count(*) FROM article_search WHERE rowid = :id",
        "postgresql": "SELECT count(*) FROM article_search WHERE article_id = :id",
    }
    count = db.session.execute(text(rows[db.engine.dialect.name]), {"id": article.id}).scalar_one()
    assert count == 1


def _index_rows() -> list[tuple[Any, ...]]:
    statement = {
        "sqlite": "SELECT rowid, headline, summary, body, tags FROM article_search ORDER BY rowid",
        "postgresql": "SELECT article_id, language, CAST(document AS text) FROM article_search "
        "ORDER BY article_id",
    }[db.engine.dialect.name]
    return [tuple(row) for row in db.session.execute(text(statement))]


def test_stories_written_together_are_indexed_as_each_written_alone(app: Flask) -> None:
    """A rebuild's write of many stories holds what each story's own write holds: repeated
    bodies (folded once per rebuild), headlines, summaries and tags, several languages, a
    story's text in another's body."""
    texts = ["The harbour closed at noon.", "Ministers met over fuel prices.", "The harbour."]
    articles = [
        make_article("draft", headline=f"Story {n}", body=texts[n % 3], tags=["Ports"][: n % 2])
        for n in range(7)
    ] + [
        make_article("draft", headline="خبر", body="أعلنت الوزارة خطة.", language="ar"),
        make_article("draft", headline="خبر", body=texts[0], language="ar"),  # a body in two
        # A headline, summary and tags in two languages, and a headline repeated with another
        # body (each distinct part's vector is made once a write).
        make_article("draft", headline="Story 1", body=texts[2], tags=["Ports"], language="ar"),
        make_article("draft", headline="Story 1", body=texts[0], tags=["Ports"]),
    ]
    db.session.commit()
    documents = [document(article) for article in articles]
    connection = db.session.connection()
    connection.execute(text("DELETE FROM article_search"))
    assert write(connection, documents) == len(documents)
    together = _index_rows()
    connection.execute(text("DELETE FROM article_search"))
    for one in documents:
        write(connection, [one])
    assert together == _index_rows()
    assert len(together) == len(documents)
    assert write(connection, documents) == len(documents)  # already indexed: replaced
    assert together == _index_rows()


def test_a_rebuild_runs_while_a_bulk_load_has_dropped_the_gin_index(app: Flask) -> None:
    """PostgreSQL: the seed builds the GIN index after `reindex_all` (bench/bulk.py), which
    cleans its pending list only when the index is there (it failed on the missing index)."""
    make_article("draft", body="The harbour closed at noon.")
    db.session.commit()
    connection = db.session.connection()
    if db.engine.dialect.name == "postgresql":
        connection.execute(text("DROP INDEX ix_article_search_document"))
    assert reindex_all(connection) == 1
    db.session.rollback()
    assert _found("harbour") != []


def test_a_story_given_twice_in_one_write_is_indexed_as_last_given(app: Flask) -> None:
    """As one write after another would leave it (one statement may not write a row twice:
    it failed on SQLite's INSERT by rowid)."""
    first = make_article("draft", headline="Harbour", body="The harbour closed at noon.")
    other = make_article("draft", headline="Fuel", body="Ministers met over fuel prices.")
    db.session.commit()
    before, again = document(first), document(first)
    connection = db.session.connection()
    moved = type(again)(**{**again.__dict__, "headline": "Lighthouse"})
    assert write(connection, [before, document(other), moved]) == 2
    assert _found("lighthouse") == [first.id]
    assert _found("fuel") == [other.id]
