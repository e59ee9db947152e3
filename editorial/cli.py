"""Command-line tasks: `flask --app wsgi init|demo|serve|create-user|set-role|deactivate`, and
`backup|restore` (editorial/backup/service.py).
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, text

from editorial import allocator, collector, jobs, supervisor
from editorial.articles.transitions.service import release_due
from editorial.backup import service as backup
from editorial.database import refresh_statistics
from editorial.extensions import db
from editorial.media.service import files_of, remove_files
from editorial.models import Image, Role, User
from editorial.passwords import verify_password
from editorial.people.service import create_user, set_active, set_role
from editorial.refusal import Refused
from editorial.schema_migrations import upgrade_schema
from editorial.serving import serve
from editorial.taxonomy.service import seed_taxonomy
from editorial.urls import adopt_serving_address
from editorial.workflow_doc import as_markdown

ROLE_NAMES = [role.value for role in Role]


@contextmanager
def _refusals_as_errors() -> Iterator[None]:
    """A service's refusal becomes the command's error message (and exit status 1)."""
    try:
        yield
    except Refused as refused:
        raise click.ClickException(str(refused)) from refused


def _user(email: str) -> User:
    user: User | None = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Bring the database schema up to date and seed the taxonomy (safe to run again)."""
    upgrade_schema()
    added = seed_taxonomy()
    db.session.commit()
    refresh_statistics()
    click.echo(f"Database ready ({added} taxonomy entries added).")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the newsroom already has people.")
def demo_command(if_empty: bool) -> None:
    """Fill the database with a demo newsroom: people of every role and 48 articles."""
    has_people = db.session.scalar(select(func.count(User.id))) or 0
    if has_people and if_empty:
        click.echo("The newsroom already has people; demo data not loaded.")
    else:
        if has_people:
            raise click.ClickException("The database already has people; demo needs an empty one.")
        _load_demo()
    _print_demo_sign_ins()


@click.command("demo-reset")
@with_appcontext
@click.option("--yes", is_flag=True, help="Don't ask: start over at once.")
def demo_reset_command(yes: bool) -> None:
    """Delete everything in the database and load a fresh demo newsroom (after a confirmation)."""
    url = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(
            f"This deletes every person, article, comment and audit event in {url} and loads a "
            "fresh demo newsroom. Start over?",
            abort=True,
        )
    pictures = _picture_files()
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade_schema()
    remove_files(pictures)  # the old newsroom's pictures, now that nothing points at them
    _load_demo()
    _print_demo_sign_ins()


def _picture_files() -> list[Path]:
    """Every picture file the database knows (only those: the folder may hold others)."""
    return [path for image in db.session.scalars(select(Image)) for path in files_of(image)]


def _load_demo() -> None:
    from editorial.demo.load import DEMO_USERS, load_demo

    seed_taxonomy()
    count = load_demo()
    db.session.commit()
    refresh_statistics()
    click.echo(f"Demo newsroom loaded: {len(DEMO_USERS)} people, {count} articles.")


def _print_demo_sign_ins() -> None:
    """The demo accounts that still sign in with the demo password (none once they're changed)."""
    from editorial.demo.load import DEMO_PASSWORD, DEMO_USERS

    emails = [email for email, _, _ in DEMO_USERS]
    people = {
        user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))
    }
    still = [
        (email, name, role)
        for email, name, role in DEMO_USERS
        if email in people
        and people[email].active
        and verify_password(people[email].password_hash, DEMO_PASSWORD)
    ]
    if still:
        click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, name, role in still:
            click.echo(f"  {role.label:<13} {email:<24} {name}")
    elif people:
        click.echo("\nThe demo accounts' passwords have been changed; sign in with your own.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--name", "display_name", required=True, help="Name shown on bylines.")
@click.option("--role", type=click.Choice(ROLE_NAMES), default="reporter", show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_user_command(email: str, display_name: str, role: str, password: str) -> None:
    """Add a person who can sign in."""
    with _refusals_as_errors():
        user = create_user(email, display_name, Role(role), password)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.label}).")


@click.command("set-role")
@with_appcontext
@click.argument("email")
@click.argument("role", type=click.Choice(ROLE_NAMES))
def set_role_command(email: str, role: str) -> None:
    """Change a person's role (their sessions end)."""
    user = _user(email)
    with _refusals_as_errors():
        set_role(user, Role(role))
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.label}.")


@click.command("deactivate")
@with_appcontext
@click.argument("email")
@click.option("--reactivate", is_flag=True, help="Switch the account back on instead.")
def deactivate_command(email: str, reactivate: bool) -> None:
    """Switch an account off (signed out everywhere at once), or back on."""
    user = _user(email)
    with _refusals_as_errors():
        set_active(user, reactivate)
    db.session.commit()
    click.echo(f"{user.email} is {'active' if user.active else 'deactivated'}.")


@click.command("publish-due")
@with_appcontext
def publish_due_command() -> None:
    """Publish scheduled articles whose time has come (for cron; safe beside the app's thread)."""
    count = release_due()
    click.echo(f"Published {count} scheduled article(s).")


@click.command("workflow-doc")
def workflow_doc_command() -> None:
    """Print the state machine as the Markdown table in docs/workflow.md."""
    click.echo(as_markdown(), nl=False)


@click.command("serve")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option(
    "--supervise/--no-supervise",
    default=True,
    show_default=True,
    help="Serve from a child process, restarted if it crashes (see editorial/supervisor.py).",
)
def serve_command(host: str, port: int, threads: int, supervise: bool) -> None:
    """Serve the app with waitress (and run scheduled work in a background thread)."""
    # The app itself, not the proxy: the scheduler thread outlives this context.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy's
    crash_log = Path(app.instance_path) / "crash.log"
    if supervise:
        # The same command line again (however flask was started), as the child that serves.
        child = [sys.executable, "-X", "faulthandler", "-m", "flask", *sys.argv[1:]]
        child.append("--no-supervise")
        with jobs.worker_beside(app, crash_log):  # the background jobs, supervised the same way
            raise SystemExit(supervisor.supervise(child, crash_log))
    # A crash in C code (a segfault) leaves every thread's traceback here for the supervisor.
    faulthandler.enable(crash_log.open("a"), all_threads=True)
    adopt_serving_address(app, host, port)
    allocator.limit_arenas()  # before any thread starts: see editorial/allocator.py
    _start_background_work(app)
    click.echo(f"Serving the editorial desk on http://{host}:{port}/ (Ctrl+C to stop)")
    click.echo(f"Public links (canonical, feeds, OpenGraph) use {app.config['PUBLIC_BASE_URL']}")
    collector.freeze_loaded()  # the loaded app out of later collections: editorial/collector.py
    serve(app, host=host, port=port, threads=threads, ident="editorial")


def _start_background_work(app: Flask) -> None:
    """Start the scheduler thread, if the app has one and it is enabled."""
    starter = app.extensions.get("editorial.scheduler")
    if starter is not None and app.config["SCHEDULER_ENABLED"]:
        starter(app)


@click.command("backup")
@with_appcontext
@click.argument("path", required=False, type=click.Path(path_type=Path))
def backup_command(path: Path | None) -> None:
    """Write the database and uploads to one .tar.gz, safely while the app runs.

    PATH defaults to instance/backups/editorial-YYYYMMDD-HHMMSS.tar.gz (UTC); given a folder, that
    name goes inside it. An existing file is never overwritten.
    """
    instance = Path(current_app.instance_path)
    if path is None:
        folder = instance / "backups"
        folder.mkdir(mode=0o700, exist_ok=True)  # backups hold password hashes
        path = backup.default_path(folder)
    elif path.is_dir():
        path = backup.default_path(path)
    with _refusals_as_errors():
        manifest = backup.create_backup(path, uploads=instance / backup.UPLOADS)
    click.echo(f"Wrote {path.absolute()} ({_size(path.stat().st_size)}).")
    _echo_manifest(manifest)


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking (for scripts).")
def restore_command(file: Path, yes: bool) -> None:
    """Replace the database and uploads with a backup's (stop the app first)."""
    uploads = Path(current_app.instance_path) / backup.UPLOADS
    with _refusals_as_errors():
        manifest = backup.read_manifest(file)
        click.echo(f"Backup {file}:")
        _echo_manifest(manifest)
        backup.check_restorable(manifest)
    if not yes:
        database = db.engine.url.render_as_string(hide_password=True)
        click.confirm(
            f"Replace everything in {database} and {uploads} with this backup?", abort=True
        )
    with _refusals_as_errors():
        restored = backup.restore_backup(file, uploads)
    db.session.commit()
    checked = (
        "passed its integrity check"
        if manifest.database == backup.SQLITE
        else "was restored by pg_restore in one transaction"
    )
    matching = "differ from" if restored.differences else "match"
    click.echo(f"Restored {file}. The database {checked}; its rows {matching} the backup's:")
    _echo_counts(restored.row_counts)
    if restored.previous_uploads is not None:
        click.echo(f"The uploads folder it replaced is kept as {restored.previous_uploads}.")
    click.echo(
        f"Ended {restored.sessions_ended} open session(s), so everyone signs in again, and "
        "recorded the restore in the audit log."
    )
    if restored.differences:
        changed = ", ".join(f"{t} {a} -> {b}" for t, (a, b) in restored.differences.items())
        raise click.ClickException(
            f"The row counts differ from the backup's: {changed}. Was the app still writing? "
            "Stop it and restore again."
        )
    if manifest.schema_revision:
        click.echo("If the backup is older than this code, run `flask --app wsgi init` next.")


def _echo_manifest(manifest: backup.Manifest) -> None:
    made = manifest.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    kind = backup.KIND_LABELS.get(manifest.database, manifest.database)
    click.echo(f"  made {made} by editorial {manifest.app_version}")
    revision = f", schema revision {manifest.schema_revision}" if manifest.schema_revision else ""
    click.echo(f"  database: {kind}{revision}")
    if manifest.uploads is None:
        click.echo("  uploads: none (there was no uploads folder)")
    else:
        files, size = manifest.uploads.files, _size(manifest.uploads.bytes)
        click.echo(f"  uploads: {files} file(s), {size}")
    click.echo("  rows:")
    _echo_counts(manifest.row_counts)


def _echo_counts(counts: dict[str, int]) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, count in sorted(counts.items()):
        click.echo(f"    {name:<{width}}  {count:>8}")


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    size = n / 1000
    for unit in ("kB", "MB"):
        if size < 1000:
            return f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def init_cli(app: Flask) -> None:
    """Register the commands."""
    for command in (
        init_command,
        demo_command,
        demo_reset_command,
        create_user_command,
        set_role_command,
        deactivate_command,
        publish_due_command,
        workflow_doc_command,
        serve_command,
        backup_command,
        restore_command,
        jobs.worker_command,
    ):
        app.cli.add_command(command)
