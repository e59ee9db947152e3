"""The tests' own reset on PostgreSQL (tests/databases.py): the next test finds what TRUNCATE of
every table left, however it was emptied: no row in any table of the schema (the search
documents' table, made outside the models, too), the taxonomy seeded again and the ids from 1."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text

from editorial import audit
from editorial.extensions import db
from editorial.models import Role
from tests.databases import POSTGRES_URL, reset_database
from tests.factories import make_article, make_user

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="the schema emptied between tests")

TABLES = text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")


def counts() -> dict[str, int]:
    tables = db.session.scalars(TABLES).all()
    return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables}  # noqa: S608


def test_every_table_is_emptied_and_every_id_starts_again(app: Flask) -> None:
    fresh = counts()  # the taxonomy seeded (and the site's version it moved)
    assert fresh["sections"] > 0 and fresh["articles"] == fresh["article_search"] == 0
    editor = make_user(Role.EDITOR)
    first = make_article("published", tags=["fuel"])
    audit.record("test.reset", actor=editor)  # an append-only table
    db.session.commit()
    ids = (editor.id, first.id)
    assert db.session.scalar(text("SELECT count(*) FROM article_search")) > 0
    db.session.remove()

    reset_database(app)

    assert counts() == fresh
    assert (make_user(Role.EDITOR).id, make_article("draft").id) == ids
