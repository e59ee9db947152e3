"""A fresh database of the benchmark's own, created before the run and dropped after it.

SQLite by default: a file in the run's temporary directory. With a PostgreSQL URL, the database it
names is created (the server's `postgres` database is used for CREATE and DROP) and dropped at
the end, Ctrl-C included; a database that already exists is refused, never reused or dropped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL

SAFE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Database:
    """The run's database: its URL, its dialect, and words for the report."""

    url: str
    dialect: str  # "sqlite" or "postgresql"
    description: str


def _maintenance(url: URL) -> URL:
    return url.set(database="postgres")


@contextmanager
def fresh(database_url: str | None, workdir: Path) -> Iterator[Database]:
    """Create the run's database (SQLite in `workdir` when no URL is given); drop it afterwards."""
    if not database_url:
        path = workdir / "bench.sqlite3"
        yield Database(f"sqlite:///{path}", "sqlite", f"SQLite {sqlite3.sqlite_version}, a file")
        return
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not url.database or path.exists():
            raise SystemExit(f"{database_url}: give a SQLite file that does not exist yet.")
        try:
            yield Database(database_url, "sqlite", f"SQLite {sqlite3.sqlite_version}, a file")
        finally:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        return
    if url.get_backend_name() != "postgresql":
        raise SystemExit(f"{database_url}: the benchmark runs on SQLite or PostgreSQL.")
    name = url.database or ""
    if not SAFE_NAME.match(name) or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"{database_url}: name a fresh database (letters, digits, _).")
    if url.host not in (None, "127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"{database_url}: the benchmark only uses a database on loopback.")
    admin = create_engine(_maintenance(url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                raise SystemExit(
                    f"Database {name} already exists: the benchmark creates and drops a database "
                    "of its own. Give a new name (or drop it yourself if it is a leftover)."
                )
            version = connection.scalar(text("SHOW server_version"))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield Database(database_url, "postgresql", f"PostgreSQL {version}, database {name}")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
