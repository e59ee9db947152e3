"""Flask-Migrate bound to the app without importing it: Alembic loads only when a migration runs.

Importing Flask-Migrate brings Alembic, Mako, Pygments and every SQL dialect Alembic knows
(about 11 MB and 150 modules). A serving process never migrates, yet every process loaded them
at start: gunicorn's master, so its workers' share, and waitress (BENCHMARKS.md,
`bench:memory2`). So the app's `extensions["migrate"]` is `Migrations`, which answers what
Flask-Migrate's own `_MigrateConfig` does (`db`, `directory`, `configure_args`, `metadata`,
`migrate`) and makes Flask-Migrate's `Migrate` only when `migrate` is asked for (by
`flask_migrate.upgrade` and its other commands, which the CLI and the tests import where they
run them); `flask db ...` is a group that hands over to Flask-Migrate's own when it runs.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, current_app
from flask_sqlalchemy import SQLAlchemy

EXTENSION = "migrate"  # where Flask-Migrate's commands and migrations/env.py look


class Migrations:
    """What Flask-Migrate keeps in `app.extensions["migrate"]`, its `Migrate` made on first use."""

    def __init__(self, db: SQLAlchemy, directory: str, **configure_args: Any) -> None:
        self.db = db
        self.directory = directory
        self.configure_args = configure_args
        self._migrate: Any = None

    @property
    def metadata(self) -> Any:
        """The models' metadata (Flask-Migrate's config offers it)."""
        return self.db.metadata

    @property
    def migrate(self) -> Any:
        """Flask-Migrate's `Migrate` for this app, imported and made the first time it is asked
        (only the CLI and the tests migrate: one thread)."""
        if self._migrate is None:
            from flask_migrate import Migrate

            self._migrate = Migrate(db=self.db, directory=self.directory, **self.configure_args)
        return self._migrate


class _MigrationCommands(click.Group):
    """`flask db ...`: Flask-Migrate's group, imported when it runs (its options, its help)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        from flask_migrate.cli import db as commands

        context: click.Context = commands.make_context(info_name, args, parent=parent, **extra)
        return context


def init_migrations(app: Flask, db: SQLAlchemy, directory: str) -> None:
    """Bind migrations to `app` (render as batch, compare types) and add `flask db`."""
    app.extensions[EXTENSION] = Migrations(db, directory, render_as_batch=True, compare_type=True)
    app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


def upgrade_schema() -> None:
    """Bring the current app's database to the newest migration (`flask db upgrade`)."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions[EXTENSION].directory)
