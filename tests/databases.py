"""The tests' databases: which one the run uses, and an empty newsroom for every test.

The suite runs on SQLite (a file per test) unless EDITORIAL_TEST_DATABASE_URL names a PostgreSQL
database; there each test process (each pytest-xdist worker) gets a schema of its own, created
once and emptied between tests. Used by tests/helpers.py (`app_config`), tests/conftest.py and
tests/browser/conftest.py.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, text

from editorial.extensions import db
from editorial.taxonomy.service import seed_taxonomy

POSTGRES_URL = os.environ.get("EDITORIAL_TEST_DATABASE_URL")
# A schema per test process (so per pytest-xdist worker too): runs and workers sharing one
# PostgreSQL database never touch each other's tables.
POSTGRES_SCHEMA = (
    f"editorial_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    f"_{os.getpid()}_{uuid.uuid4().hex[:8]}"
)
# The test processes' PostgreSQL sessions do not wait for their commits to reach the disk
# (`synchronous_commit = off`): what a test reads back is the same (a commit is visible at
# once either way), only a crash of the server could lose the last commits of a test run.
POSTGRES_OPTIONS = "-csynchronous_commit=off"

_postgres_schemas: set[str] = set()  # created by this process, dropped at its end

# A table grown past this many bytes is emptied by TRUNCATE, which gives its space back,
# rather than by DELETE, which leaves its dead rows for the next tests' scans until autovacuum.
_TRUNCATE_ABOVE_BYTES = 1 << 20


def reset_database(app: Flask) -> None:
    """An empty schema with the taxonomy seeded, on whichever database the run uses.

    On PostgreSQL the schema is created once per process and emptied for every later test, which
    is much faster than creating the tables again. On SQLite (a file per test) the first test of
    a process creates the tables and every later one starts from a copy of its file.
    """
    with app.app_context():
        if POSTGRES_URL:
            schema = app.config["EDITORIAL_TEST_SCHEMA"]
            if schema not in _postgres_schemas:
                with db.engine.begin() as connection:
                    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
                db.create_all()
                _postgres_schemas.add(schema)
            empty_postgres_schema()
            seed_taxonomy()
            db.session.commit()
            return
        empty = _sqlite_is_empty()
        if empty and _sqlite_template is not None:
            _copy_sqlite_template()
            return
        db.create_all()
        seed_taxonomy()
        db.session.commit()
        if empty:
            _keep_sqlite_template()


def empty_postgres_schema() -> None:
    """Every table of the schema empty and every sequence back at 1, as `TRUNCATE ... RESTART
    IDENTITY` of all the tables leaves them, but deleting from only the tables that have rows.

    TRUNCATE gives each of the ~140 tables and indexes a new file, whether it had a row or not:
    0.7 to 1.4 s per test on a shared 2-CPU machine, most of the PostgreSQL suite's time. A test
    writes a handful of tables; one statement finds them, and their rows are deleted with the
    session's triggers off (`session_replication_role = replica`: the audit log's append-only
    trigger and the foreign keys' checks, moot when every table ends empty). A table grown large
    is truncated instead, with all the others, as before.
    """
    names = _tables_truncate_empties()
    probe = " UNION ALL ".join(
        f"SELECT '{name}', pg_relation_size('{name}') WHERE EXISTS (SELECT FROM {name})"  # noqa: S608
        for name in names
    )
    written = db.session.execute(text(probe)).all()
    if not may_switch_triggers_off() or any(
        size > _TRUNCATE_ABOVE_BYTES for _name, size in written
    ):
        db.session.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        db.session.commit()
        return
    if written:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
        for name, _size in written:
            db.session.execute(text(f"DELETE FROM {name}"))  # noqa: S608
    db.session.execute(
        text(
            "SELECT setval(format('%I', sequencename)::regclass, start_value, false) "
            "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    )
    db.session.commit()


_SUPERUSER: list[bool] = []  # asked once per test process


def may_switch_triggers_off() -> bool:
    """Whether the tests' role may set `session_replication_role` (a superuser: CI's `postgres`);
    under any other role every reset is the TRUNCATE, slower but the same tables after."""
    if not _SUPERUSER:
        asked = text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        _SUPERUSER.append(bool(db.session.scalar(asked)))
    return _SUPERUSER[0]


_FOREIGN_KEYS = text(
    "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
)


def _tables_truncate_empties() -> list[str]:
    """The models' tables and every table whose foreign keys lead to one of them: what
    `TRUNCATE <the models' tables> CASCADE` empties. The search documents' table is made by DDL
    of its own (`editorial/search/documents.py`), not by the models, and was emptied that way."""
    names = [table.name for table in db.metadata.sorted_tables]  # the models' own names
    references = db.session.execute(_FOREIGN_KEYS).all()
    found = set(names)
    while more := {child for child, parent in references if parent in found} - found:
        found |= more
        names += sorted(more)
    return names


# The first test of a process creates the SQLite tables and seeds the taxonomy (about 150 ms
# for some sixty tables with their indexes and triggers); a copy of that file, made through
# SQLite's backup API, gives every later test the same empty newsroom in a few milliseconds.
_sqlite_template: Path | None = None


def _sqlite_is_empty() -> bool:
    """Whether this test's SQLite file has no tables yet (a second app on it finds them)."""
    raw = db.engine.raw_connection()
    try:
        return raw.driver_connection.execute("SELECT 1 FROM sqlite_master").fetchone() is None
    finally:
        raw.close()


def _copy_sqlite_template() -> None:
    """Fill this test's empty SQLite file from the process's template."""
    assert _sqlite_template is not None
    restore_sqlite(_sqlite_template)


def _keep_sqlite_template() -> None:
    """Copy the database the first reset made, for every later test of this process."""
    global _sqlite_template
    folder = tempfile.mkdtemp(prefix="editorial-test-template-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _sqlite_template = save_sqlite(Path(folder) / "empty.sqlite3")


def save_sqlite(path: Path) -> Path:
    """The app's SQLite database copied to the file `path` through the backup API (the file is
    in WAL: a plain copy could miss what the log holds)."""
    raw = db.engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        try:
            raw.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        raw.close()
    return path


def restore_sqlite(path: Path) -> None:
    """The app's SQLite database replaced by the copy at `path` (`save_sqlite`)."""
    raw = db.engine.raw_connection()
    try:
        source = sqlite3.connect(path)
        try:
            source.backup(raw.driver_connection)
        finally:
            source.close()
    finally:
        raw.close()


def drop_postgres_schemas() -> None:
    """Remove the PostgreSQL schemas this process created (nothing to do on SQLite)."""
    if not (POSTGRES_URL and _postgres_schemas):
        return
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        for schema in _postgres_schemas:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()
    _postgres_schemas.clear()
