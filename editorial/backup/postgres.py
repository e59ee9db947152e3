"""PostgreSQL's half of backups (see editorial/backup/service.py): pg_dump and pg_restore.

Only the app's schema (its `current_schema()`, `public` unless the search_path says otherwise) is
dumped and restored, so a database shared with other schemas is left alone. The dump reads the
snapshot a REPEATABLE READ transaction exported, and that transaction counts the rows, so the
manifest's counts are the dump's. The restore runs in one transaction and waits at most
`LOCK_TIMEOUT` for a running app's locks. The password travels in PGPASSWORD, never on a command
line where `ps` would show it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, String, column, func, select, table, text
from sqlalchemy.engine import URL

from editorial.extensions import db
from editorial.refusal import Refused

LOCK_TIMEOUT = "60s"


@dataclass(frozen=True)
class Dumped:
    """What `dump` wrote: the schema, its row counts per table and its migration revision."""

    schema: str
    row_counts: dict[str, int]
    revision: str | None


def dump(path: Path) -> Dumped:
    """Write `pg_dump --format=custom` of the app's schema to `path`."""
    pg_dump = _client_tool("pg_dump", "backed up")
    conninfo, env = _libpq(db.engine.url)
    with db.engine.connect() as connection:
        connection = connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            schema = current_schema(connection)
            counts = row_counts(connection, schema)
            revision: str | None = None
            if "alembic_version" in counts:
                revision = connection.scalar(
                    select(column("version_num", String)).select_from(
                        table("alembic_version", schema=schema)
                    )
                )
            quoted = '"' + schema.replace('"', '""') + '"'  # otherwise a pattern
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--schema={quoted}",
                    f"--snapshot={snapshot}",  # the moment the counts above saw
                    f"--file={path}",
                    f"--dbname={conninfo}",
                ],
                env,
                "pg_dump",
            )
    return Dumped(schema, counts, revision)


def restore(path: Path, schema: str | None) -> None:
    """`pg_restore --clean --if-exists` the dump at `path` (of `schema`) in one transaction."""
    pg_restore = _client_tool("pg_restore", "restored")
    with db.engine.connect() as connection:
        live_schema = current_schema(connection)
    if schema != live_schema:
        raise Refused(
            f"This backup is of the PostgreSQL schema {schema!r} and this app uses "
            f"{live_schema!r}; pg_restore can only put it back into the schema it came from."
        )
    db.engine.dispose()  # this process's pooled connections must hold no locks on the tables
    conninfo, env = _libpq(db.engine.url)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--single-transaction",  # all of it or none of it
            "--exit-on-error",
            "--no-owner",
            "--no-acl",
            "--no-password",
            f"--schema={schema}",  # the schema's objects; the schema itself is kept as it is
            f"--dbname={conninfo}",
            str(path),
        ],
        env,
        "pg_restore",
        hint="If it timed out waiting for a lock, the app is still running: stop it, try again.",
    )


def live_row_counts() -> dict[str, int]:
    """Rows per table in the app's schema now."""
    with db.engine.connect() as connection:
        return row_counts(connection, current_schema(connection))


def row_counts(connection: Connection, schema: str) -> dict[str, int]:
    """Rows per table in `schema`, as `connection`'s transaction sees them."""
    names = connection.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :schema ORDER BY tablename"),
        {"schema": schema},
    ).all()
    return {
        name: connection.scalar(select(func.count()).select_from(table(name, schema=schema))) or 0
        for name in names
    }


def current_schema(connection: Connection) -> str:
    """The schema the app's tables live in."""
    schema = connection.scalar(text("SELECT current_schema()"))
    if not schema:
        raise Refused("The database's search_path names no schema that exists.")
    return str(schema)


def _client_tool(name: str, done: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Refused(
            f"{name} was not found on PATH, so this PostgreSQL database cannot be {done}. "
            "Install PostgreSQL's client tools, of the server's major version or newer "
            "(Debian and Ubuntu: apt-get install postgresql-client), and try again."
        )
    return path


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The database URL as a libpq connection string, and an environment with the password.
    psycopg is imported here, not at the top: an SQLite newsroom's servers never load it (9 MB;
    `editorial/job_queue.py`)."""
    from psycopg.conninfo import make_conninfo

    params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo("", **{k: v for k, v in params.items() if v is not None}), env


def _run(command: list[str], env: dict[str, str], what: str, hint: str = "") -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # an argument list, no shell; the tool found by shutil.which
    except OSError as error:
        raise Refused(f"{what} could not start: {error}.") from error
    if result.returncode != 0:
        message = result.stderr.strip()[-2000:] or f"exit status {result.returncode}"
        raise Refused(f"{what} failed: {message}" + (f"\n{hint}" if hint else ""))
