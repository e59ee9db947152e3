"""The SQLite side of backups: checking a snapshot and counting what it holds.

Plain `sqlite3` on a file or the live database's connection, so a snapshot is checked without
the app's engine; used by `editorial.backup.service`.
"""

from __future__ import annotations

import sqlite3

from editorial.refusal import Refused


def check_integrity(connection: sqlite3.Connection, what: str) -> None:
    """Refuse (naming `what`) a database that fails `PRAGMA integrity_check`."""
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise Refused(f"{what} failed SQLite's integrity check: {'; '.join(problems[:5])}")


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in each of the database's own tables, by name."""
    names = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite^_%' "
        "ESCAPE '^' ORDER BY name"
    ).fetchall()
    counts: dict[str, int] = {}
    for (name,) in names:
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608  # a quoted name from sqlite_master
    return counts


def schema_revision(connection: sqlite3.Connection, counts: dict[str, int]) -> str | None:
    """The migration the database is at (None before any)."""
    if "alembic_version" not in counts:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None
