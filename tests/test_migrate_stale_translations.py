"""Migration 0049 (translations' "out of date" mark) on a database built at 0048.

The database is made at the revision before, filled in plain SQL with sources, their revisions
and translations stale and fresh (as the older code wrote them), then upgraded: each translation
is marked by the rule; then downgraded and upgraded again. On SQLite, and on PostgreSQL when the
run has it (in a schema of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import Connection, MetaData, Table, inspect, text

from editorial.extensions import db
from tests.migrated import MIGRATIONS, migrated_to

BEFORE = "0048_public_speed"
AFTER = "0049_stale_translations"
T = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database migrated only as far as 0048."""
    with migrated_to(BEFORE, tmp_path, "m49") as app:
        yield app


def _filler(column: Any) -> Any:
    """A value for a NOT NULL column without a default, by its type."""
    try:
        kind = column.type.python_type
    except NotImplementedError:
        kind = str
    return {int: 0, bool: False, datetime: T, dict: {}, list: []}.get(kind, "x")


def _insert(connection: Connection, name: str, **given: Any) -> None:
    """One row of `name` as the table stands at 0048: the values given, the rest filled."""
    table = Table(name, MetaData(), autoload_with=connection)
    row = dict(given)
    for column in table.columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        if column.primary_key:
            continue
        row[column.name] = _filler(column)
    connection.execute(table.insert().values(row))


def _fill(connection: Connection) -> dict[str, int]:
    """Two sources with revisions and four translations: which should be marked."""
    _insert(connection, "users", id=1, email="e@example.org", display_name="E", role="editor")
    for family in (1, 2, 3):
        _insert(connection, "article_families", id=family)
    # Source 1: saved (r1), moved (r2, a transition's copy), saved again (r3).
    # Source 2: saved (r4), then only a transition (r5).
    _insert(connection, "articles", id=1, slug="s1", language="en", family_id=1, state="edit")
    _insert(connection, "articles", id=2, slug="s2", language="en", family_id=2, state="edit")
    for rev, article, reason in (
        (1, 1, "saved"),
        (2, 1, "transition"),
        (3, 1, "saved"),
        (4, 2, "saved"),
        (5, 2, "transition"),
    ):
        _insert(
            connection,
            "article_revisions",
            id=rev,
            article_id=article,
            version=rev,
            reason=reason,
            at=T,
            fields={},
        )
    made = {"stale": (11, 1, 1, "es"), "fresh": (12, 3, 1, "ar"), "moved_only": (13, 4, 2, "es")}
    for article, rev, family, language in made.values():
        _insert(
            connection,
            "articles",
            id=article,
            slug=f"t{article}",
            language=language,
            family_id=family,
            source_revision_id=rev,
            translator_id=1,
            state="published",
        )
    _insert(connection, "articles", id=14, slug="alone", language="en", family_id=3)
    return {name: values[0] for name, values in made.items()}


def _marks(connection: Connection) -> dict[int, bool]:
    rows = connection.execute(text("SELECT id, source_changed FROM articles ORDER BY id"))
    return {row[0]: bool(row[1]) for row in rows}


def test_the_migration_marks_stale_translations_and_goes_down_and_up(old_app: Flask) -> None:
    with db.engine.begin() as connection:
        ids = _fill(connection)
    upgrade(directory=MIGRATIONS, revision=AFTER)
    with db.engine.connect() as connection:
        assert _marks(connection) == {
            1: False,
            2: False,
            ids["stale"]: True,
            ids["fresh"]: False,
            ids["moved_only"]: False,
            14: False,
        }
        indexes = {i["name"] for i in inspect(connection).get_indexes("articles")}
    assert {"ix_articles_translator_stale", "ix_articles_translator_state"} <= indexes
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    with db.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("articles")}
        indexes = {i["name"] for i in inspect(connection).get_indexes("articles")}
        assert connection.scalar(text("SELECT count(*) FROM articles")) == 6
    assert "source_changed" not in columns and "ix_articles_translator_stale" not in indexes
    upgrade(directory=MIGRATIONS, revision=AFTER)
    with db.engine.connect() as connection:
        assert _marks(connection)[ids["stale"]] is True
        assert sum(_marks(connection).values()) == 1


def test_the_backfill_equals_the_rule_the_app_keeps(old_app: Flask) -> None:
    """The migration's SQL and `models.families.stale_rule` (through `refresh_marks`) agree."""
    from editorial.models.translation_marks import refresh_marks

    with db.engine.begin() as connection:
        _fill(connection)
    upgrade(directory=MIGRATIONS, revision=AFTER)
    with db.engine.begin() as connection:
        backfilled = _marks(connection)
        connection.execute(text("UPDATE articles SET source_changed = NOT source_changed"))
        refresh_marks(connection)
        assert _marks(connection) == backfilled
