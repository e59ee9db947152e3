"""Migration 0050 (the live desk's counts read from one index) on a database built at 0049: up,
down and up again, on SQLite and on PostgreSQL when the run has it (in a schema of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from editorial.extensions import db
from tests.migrated import MIGRATIONS, migrated_to

BEFORE = "0049_stale_translations"
AFTER = "0050_live_counts"
INDEX = "ix_live_posts_article_counted"


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database migrated only as far as 0049."""
    with migrated_to(BEFORE, tmp_path, "m50") as app:
        yield app


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
