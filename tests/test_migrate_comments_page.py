"""Migration 0051 (a story's newest comments read from one index) on a database built at 0050: up,
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

BEFORE = "0050_live_counts"
AFTER = "0051_comments_page"
INDEX = "ix_comments_article_at"
ALONE = "ix_comments_article_id"


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database migrated only as far as 0050."""
    with migrated_to(BEFORE, tmp_path, "m51") as app:
        yield app


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
