"""What every connection of the app is set to (`editorial.database`): SQLite with WAL and its
foreign keys on; PostgreSQL with its JIT compiler off (compiling cost the insights' reads 20 to
25 ms a statement at 100,000 stories)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from editorial import create_app
from editorial.extensions import db
from tests.helpers import POSTGRES_URL


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's settings")
def test_sqlite_connections_have_wal_and_foreign_keys(app: Flask) -> None:
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL's settings")
def test_postgresql_connections_run_without_the_jit_compiler(app: Flask) -> None:
    assert db.session.execute(text("SHOW jit")).scalar() == "off"
    db.session.commit()
    with db.engine.connect() as other, db.engine.connect() as another:  # each pooled one
        assert other.execute(text("SHOW jit")).scalar() == "off"
        assert another.execute(text("SHOW jit")).scalar() == "off"


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's pool")
def test_the_sqlite_pool_lends_its_connections_without_a_ping(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'news.sqlite3'}"})
    with app.app_context():
        assert db.engine.pool._pre_ping is False  # noqa: SLF001 (no public accessor)
