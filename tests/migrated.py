"""An app on a database migrated only as far as a given revision, for a migration's own tests.

On SQLite a file of its own; on PostgreSQL, when the run has it, a schema of its own (dropped
afterwards), so a migration is tried on both databases as CI runs the suite on each.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from editorial import create_app
from editorial.extensions import db
from tests.helpers import POSTGRES_SCHEMA, POSTGRES_URL, app_config

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@contextmanager
def migrated_to(revision: str, tmp_path: Path, schema_suffix: str) -> Iterator[Flask]:
    """An app (its context pushed) on a fresh database upgraded to `revision`; on PostgreSQL
    in the schema `<worker's schema>_<schema_suffix>`."""
    schema = f"{POSTGRES_SCHEMA}_{schema_suffix}"
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
            upgrade(directory=MIGRATIONS, revision=revision)
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if POSTGRES_URL:
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            engine.dispose()
