"""A serving process loads only what it serves with (issue 28's memory target): Flask-Migrate
(Alembic, Mako, Pygments, every dialect Alembic knows) only when a migration runs, and psycopg
only for a PostgreSQL database (`editorial/schema_migrations.py`, `editorial/job_queue.py`)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import Flask

from editorial import create_app
from editorial.schema_migrations import EXTENSION, Migrations
from tests.helpers import POSTGRES_URL, app_config

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, sys, wsgi; "
    "print(json.dumps(sorted(m for m in ('alembic', 'flask_migrate', 'mako', 'psycopg', "
    "'huey') if m in sys.modules)))"
)


def _loaded_by_the_wsgi_entry(tmp_path: Path, database_url: str) -> list[str]:
    env = dict(os.environ, DATABASE_URL=database_url, EDITORIAL_INSTANCE_PATH=str(tmp_path))
    env["SECRET_KEY"] = "test-only-" + "x" * 32
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_a_served_sqlite_app_loads_neither_alembic_nor_psycopg(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    assert _loaded_by_the_wsgi_entry(tmp_path, url) == ["huey"]


def test_psycopg_is_importable_after_huey_for_a_postgresql_database() -> None:
    import editorial.job_queue  # noqa: F401  # (already imported by the app: the marker is gone)

    assert sys.modules.get("psycopg", sys) is not None  # no "missing" marker left behind
    import psycopg

    assert psycopg.__name__ == "psycopg"


def test_the_migrate_extension_makes_flask_migrate_on_first_use(app: Flask) -> None:
    migrations = app.extensions[EXTENSION]
    assert isinstance(migrations, Migrations)
    assert migrations.directory.endswith("migrations")
    assert migrations.configure_args == {"render_as_batch": True, "compare_type": True}
    made = migrations.migrate
    assert made is migrations.migrate  # made once
    assert made.directory == migrations.directory
    assert made.alembic_ctx_kwargs == migrations.configure_args


@pytest.mark.skipif(bool(POSTGRES_URL), reason="migrations on PostgreSQL are checked by .ci/run")
def test_flask_db_runs_flask_migrates_commands(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    fresh = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    runner = fresh.test_cli_runner()
    listed = runner.invoke(args=["db", "--help"])
    assert listed.exit_code == 0, listed.output
    assert "upgrade" in listed.output and "Perform database migrations." in listed.output
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    with sqlite3.connect(path) as migrated:
        (head,) = migrated.execute("SELECT version_num FROM alembic_version").fetchone()
    assert head == ScriptDirectory(str(ROOT / "migrations")).get_current_head()
