"""Migration 0051 (a story's newest comments read from one index) on a database built at 0050: up,
down and up again, on SQLite and on PostgreSQL when the run has it (in a schema of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from editorial import create_app
from editorial.extensions import db
from tests.helpers import POSTGRES_SCHEMA, POSTGRES_URL, app_config

BEFORE = "0050_live_counts"
AFTER = "0051_comments_page"
MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
INDEX = "ix_comments_article_at"
ALONE = "ix_comments_article_id"


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database migrated only as far as 0050."""
    schema = f"{POSTGRES_SCHEMA}_m51"
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(app_config(tmp_path, schema=schema, SQLALCHEMY_DATABASE_URI=url))
    try:
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=BEFORE)
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if POSTGRES_URL:
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            engine.dispose()


def _indexes() -> dict[str, list[str | None]]:
    with db.engine.connect() as connection:
        found = inspect(connection).get_indexes("comments")
    return {index["name"] or "": index["column_names"] for index in found}


def test_the_migration_adds_the_comments_order_index_and_goes_down_and_up(old_app: Flask) -> None:
    assert INDEX not in _indexes() and _indexes()[ALONE] == ["article_id"]
    upgrade(directory=MIGRATIONS, revision=AFTER)
    assert _indexes()[INDEX] == ["article_id", "at", "id"]
    assert ALONE not in _indexes()  # its first column serves the story's id alone
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    assert INDEX not in _indexes() and _indexes()[ALONE] == ["article_id"]
    upgrade(directory=MIGRATIONS, revision=AFTER)
    assert INDEX in _indexes() and ALONE not in _indexes()
