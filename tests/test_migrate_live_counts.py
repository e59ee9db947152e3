"""Migration 0050 (the live desk's counts read from one index) on a database built at 0049: up,
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

BEFORE = "0049_stale_translations"
AFTER = "0050_live_counts"
MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
INDEX = "ix_live_posts_article_counted"


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database migrated only as far as 0049."""
    schema = f"{POSTGRES_SCHEMA}_m50"
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
        found = inspect(connection).get_indexes("live_posts")
    return {index["name"] or "": index["column_names"] for index in found}


def test_the_migration_adds_the_counts_index_and_goes_down_and_up(old_app: Flask) -> None:
    assert INDEX not in _indexes()
    upgrade(directory=MIGRATIONS, revision=AFTER)
    assert _indexes()[INDEX] == ["article_id", "deleted_at", "published_at"]
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    assert INDEX not in _indexes()
    upgrade(directory=MIGRATIONS, revision=AFTER)
    assert INDEX in _indexes()
