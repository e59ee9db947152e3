"""Command-line tasks: `flask --app wsgi init|demo|serve|create-user|set-role|deactivate`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select
from waitress import serve

from editorial.extensions import db
from editorial.models import Role, User
from editorial.services import Refused
from editorial.services.taxonomy import seed_taxonomy
from editorial.services.transitions import release_due
from editorial.services.users import create_user, set_active, set_role
from editorial.workflow import as_markdown

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
    upgrade(directory=current_app.extensions["migrate"].directory)
    added = seed_taxonomy()
    db.session.commit()
    click.echo(f"Database ready ({added} taxonomy entries added).")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the newsroom already has people.")
def demo_command(if_empty: bool) -> None:
    """Fill the database with a demo newsroom: people of every role and 48 articles."""
    from editorial.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    has_people = db.session.scalar(select(func.count(User.id))) or 0
    if has_people and if_empty:
        click.echo("The newsroom already has people; demo data not loaded.")
    else:
        if has_people:
            raise click.ClickException("The database already has people; demo needs an empty one.")
        seed_taxonomy()
        count = load_demo()
        db.session.commit()
        click.echo(f"Demo newsroom loaded: {len(DEMO_USERS)} people, {count} articles.")
    if db.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])):
        click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, name, role in DEMO_USERS:
            click.echo(f"  {role.label:<13} {email:<24} {name}")


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
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress (and run scheduled work in a background thread)."""
    # The app itself, not the proxy: the scheduler thread outlives this context.
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy's
    _start_background_work(app)
    click.echo(f"Serving the editorial desk on http://{host}:{port}/ (Ctrl+C to stop)")
    serve(app, host=host, port=port, threads=threads, ident="editorial")


def _start_background_work(app: Flask) -> None:
    """Start the scheduler thread, if the app has one and it is enabled."""
    starter = app.extensions.get("editorial.scheduler")
    if starter is not None and app.config["SCHEDULER_ENABLED"]:
        starter(app)


def init_cli(app: Flask) -> None:
    """Register the commands."""
    for command in (
        init_command,
        demo_command,
        create_user_command,
        set_role_command,
        deactivate_command,
        publish_due_command,
        workflow_doc_command,
        serve_command,
    ):
        app.cli.add_command(command)
