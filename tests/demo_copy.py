"""The demo newsroom loaded once per test process, and a fresh copy of it for each test using it.

`load_demo()` walks some fifty stories through the workflow, draws their pictures and writes
thousands of rows: 3.4 s on SQLite and 5.2 s on PostgreSQL on an idle CI host, 20 to 65 s under
load, and a dozen test modules started from it. Its result depends only on the clock it runs
under (`LOADED_AT`, frozen) and the tests' settings, so the first test of a process that asks for
it loads it into a database of its own (its uploads into a folder of its own) and every test
gets a copy of both: the same ids, times and files as a load of its own would have made.

- SQLite: the loaded file is copied into the test's through SQLite's backup API, as the empty
  template of `tests/databases.py` is.
- PostgreSQL: the demo is loaded into a schema of its own, and the test's schema gets its rows by
  `INSERT ... SELECT` per table that has rows (triggers off, as the tests' reset deletes them),
  with every sequence set where the demo's left it. A role that may not switch triggers off
  loads the demo for real instead.
- The upload folder (the demo's pictures and their renditions) is copied file by file.

Tests of loading itself (`flask demo`, `demo-reset`, the browser's demo server) still load it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, has_app_context
from sqlalchemy import text

from editorial import clock, create_app
from editorial.demo.load import load_demo
from editorial.extensions import db
from editorial.taxonomy.service import seed_taxonomy
from tests.databases import (
    POSTGRES_SCHEMA,
    POSTGRES_URL,
    empty_postgres_schema,
    may_switch_triggers_off,
    reset_database,
    restore_sqlite,
    save_sqlite,
)
from tests.helpers import app_config

# The time every demo test loads it at (their modules' LOADED_AT).
LOADED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Loaded:
    """Where this process keeps the demo it loaded: a SQLite file or a PostgreSQL schema (with
    the tables that have rows), and the upload folder."""

    uploads: Path
    sqlite_file: Path | None = None
    schema: str | None = None
    tables: tuple[str, ...] = ()


_loaded: Loaded | None = None


def copy_demo(app: Flask) -> None:
    """Give `app`'s database and upload folder the demo newsroom as `load_demo()` under a clock
    frozen at LOADED_AT leaves them (committed), replacing whatever they held."""
    if has_app_context():
        # The test's own session ends its transaction and forgets its objects: on SQLite an open
        # read would hold the backup off for ever, and no object may outlive the rows it read.
        db.session.remove()
    uploads = Path(app.config["UPLOAD_FOLDER"])
    shutil.rmtree(uploads, ignore_errors=True)
    with app.app_context():
        if POSTGRES_URL and not may_switch_triggers_off():
            _load_here()
            return
        loaded = _loaded or _load_once()
        if loaded.schema is None:
            assert loaded.sqlite_file is not None
            restore_sqlite(loaded.sqlite_file)
        else:
            _copy_postgres(loaded)
        db.session.remove()
    shutil.copytree(loaded.uploads, uploads)


def _load_here() -> None:
    """The demo loaded for real into the app's emptied schema (a role that may not switch
    triggers off could not copy the audit log's rows past its append-only trigger)."""
    empty_postgres_schema()
    seed_taxonomy()
    db.session.commit()
    with clock.frozen(LOADED_AT):
        load_demo()
        db.session.commit()
    db.session.remove()


def _load_once() -> Loaded:
    """Load the demo into a database and upload folder of this process's own, once."""
    global _loaded
    folder = Path(tempfile.mkdtemp(prefix="editorial-test-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    schema = f"{POSTGRES_SCHEMA}_demo"
    source = create_app(app_config(folder, schema=schema))
    reset_database(source)
    with source.app_context():
        with clock.frozen(LOADED_AT):
            load_demo()
            db.session.commit()
        uploads = Path(source.config["UPLOAD_FOLDER"])
        uploads.mkdir(parents=True, exist_ok=True)
        if POSTGRES_URL:
            _loaded = Loaded(uploads=uploads, schema=schema, tables=_tables_with_rows())
        else:
            _loaded = Loaded(uploads=uploads, sqlite_file=save_sqlite(folder / "demo.sqlite3"))
        db.session.remove()
        db.engine.dispose()
    return _loaded


# Each of the demo schema's tables' columns, named and quoted, in its order.
_COLUMNS = text(
    "SELECT table_name, string_agg(quote_ident(column_name::text), ', ' "
    "ORDER BY ordinal_position) FROM information_schema.columns "
    "WHERE table_schema = :demo AND is_generated = 'NEVER' GROUP BY table_name"
)
_TABLES = text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")


def _tables_with_rows() -> tuple[str, ...]:
    """The current schema's tables that hold a row (one statement)."""
    names = sorted(db.session.scalars(_TABLES))
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT FROM {name})"  # noqa: S608
        for name in names
    )
    return tuple(db.session.scalars(text(probe)))


def _copy_postgres(loaded: Loaded) -> None:
    """The test's schema emptied, then filled with the demo schema's rows and sequences, in one
    transaction with the triggers off (the audit log's append-only one, the foreign keys')."""
    db.session.execute(text("SET LOCAL session_replication_role = replica"))
    for name in _tables_with_rows():
        db.session.execute(text(f"DELETE FROM {name}"))  # noqa: S608
    # By name, not `SELECT *`: the test's schema may hold a table's columns in another order
    # than the demo's (one the migrations built, a column dropped and added again), which a
    # positional copy misreads.
    columns = dict(db.session.execute(_COLUMNS, {"demo": loaded.schema}).all())
    for name in loaded.tables:
        db.session.execute(
            text(
                f"INSERT INTO {name} ({columns[name]}) "  # noqa: S608 - the catalog's own names
                f"SELECT {columns[name]} FROM {loaded.schema}.{name}"
            )
        )
    db.session.execute(
        text(
            "SELECT setval(format('%I', mine.sequencename)::regclass, "
            "coalesce(demo.last_value, mine.start_value), demo.last_value IS NOT NULL) "
            "FROM pg_sequences mine LEFT JOIN pg_sequences demo "
            "ON demo.schemaname = :demo AND demo.sequencename = mine.sequencename "
            "WHERE mine.schemaname = current_schema()"
        ),
        {"demo": loaded.schema},
    )
    db.session.commit()
