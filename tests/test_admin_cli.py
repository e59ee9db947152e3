"""The people page and the command-line tasks an admin uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import create_app
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Region, Role, Section, User
from tests.factories import make_user
from tests.helpers import POSTGRES_URL, app_config, sign_in


def test_admin_lists_people_and_changes_a_role(client_as, admin: User, reporter: User) -> None:  # type: ignore[no-untyped-def]
    client = client_as(admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert reporter.email in page and "Rana Reporter" in page
    response = client.post(f"/admin/users/{reporter.id}", data={"role": "editor", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(reporter)
    assert reporter.role == Role.EDITOR and reporter.active
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert event.details == {"old": "reporter", "new": "editor"} and event.actor_id == admin.id


def test_admin_deactivates_someone_and_their_session_dies(
    app: Flask, client_as, admin: User
) -> None:  # type: ignore[no-untyped-def]
    victim = make_user(Role.REPORTER)
    victim_client = sign_in(app.test_client(), victim)
    client_as(admin).post(f"/admin/users/{victim.id}", data={"role": "reporter"})
    db.session.refresh(victim)
    assert not victim.active
    assert victim_client.get("/desk/").status_code == 302


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(client_as, admin: User) -> None:  # type: ignore[no-untyped-def]
    client = client_as(admin)
    for data in ({"role": "editor", "active": "y"}, {"role": "admin"}):
        response = client.post(f"/admin/users/{admin.id}", data=data, follow_redirects=True)
        assert "This is the last active admin" in response.get_data(as_text=True)
        db.session.refresh(admin)
        assert admin.role == Role.ADMIN and admin.active
    other = make_user(Role.ADMIN)
    client.post(f"/admin/users/{other.id}", data={"role": "admin", "active": "y"})
    response = client.post(f"/admin/users/{admin.id}", data={"role": "editor", "active": "y"})
    db.session.refresh(admin)
    assert admin.role == Role.EDITOR


def test_admin_adds_a_person_with_a_clear_message_on_bad_input(client_as, admin: User) -> None:  # type: ignore[no-untyped-def]
    client = client_as(admin)
    refused = client.post(
        "/admin/users",
        data={
            "display_name": "Nour",
            "email": "nour@example.com",
            "role": "reporter",
            "password": "password",
        },
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "attackers try first" in page and 'value="nour@example.com"' in page
    added = client.post(
        "/admin/users",
        data={
            "display_name": "Nour",
            "email": "Nour@Example.com",
            "role": "fact_checker",
            "password": "a long first passphrase",
        },
    )
    assert added.status_code == 302
    nour = db.session.scalar(select(User).where(User.email == "nour@example.com"))
    assert nour.role == Role.FACT_CHECKER
    duplicate = client.post(
        "/admin/users",
        data={
            "display_name": "N",
            "email": "NOUR@example.com",
            "role": "reporter",
            "password": "another long one",
        },
    )
    assert "There is already an account for nour@example.com." in duplicate.get_data(as_text=True)


@pytest.mark.skipif(bool(POSTGRES_URL), reason="migrations on PostgreSQL are checked by .ci/run")
def test_init_migrates_an_empty_database_and_is_idempotent(tmp_path: Path) -> None:
    fresh = create_app(
        app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    )
    runner = fresh.test_cli_runner()
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "20 taxonomy entries added" in first.output
    second = runner.invoke(args=["init"])
    assert "0 taxonomy entries added" in second.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count(Section.id))) == 12
        assert db.session.scalar(select(func.count(Region.id))) == 8
        db.session.remove()
        db.engine.dispose()


def test_demo_builds_a_newsroom_once(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "password for all" in result.output
    for role in Role:
        count = db.session.scalar(select(func.count(User.id)).where(User.role == role))
        assert count >= 2, role
    states = dict(
        db.session.execute(
            select(Article.state, func.count(Article.id)).group_by(Article.state)
        ).all()
    )
    assert sum(states.values()) >= 40
    assert {"draft", "edit", "fact_check", "ready", "scheduled", "published", "spiked"} <= set(
        states
    )
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "already has people" in again.output
    assert db.session.scalar(select(func.count(Article.id))) == sum(states.values())
    assert "password for all" in again.output  # still true: nobody changed theirs


def test_a_restart_lists_only_the_demo_sign_ins_that_still_work(app: Flask) -> None:
    from editorial.demo import DEMO_USERS
    from editorial.passwords import hash_password

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0
    first_email = DEMO_USERS[0][0]
    person = db.session.scalar(select(User).where(User.email == first_email))
    person.password_hash = hash_password("a new password nobody knows")
    db.session.commit()
    again = runner.invoke(args=["demo", "--if-empty"]).output
    assert first_email not in again and DEMO_USERS[1][0] in again
    for user in db.session.scalars(select(User)):
        user.password_hash = hash_password("changed by the newsroom")
    db.session.commit()
    last = runner.invoke(args=["demo", "--if-empty"]).output
    assert "password for all" not in last and "have been changed" in last


def test_demo_reset_starts_over_after_a_confirmation(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0
    db.session.add(make_user(Role.REPORTER, email="someone-real@example.com"))
    db.session.commit()
    refused = runner.invoke(args=["demo-reset"], input="n\n")
    assert refused.exit_code != 0
    assert db.session.scalar(select(User.id).where(User.email == "someone-real@example.com"))
    db.session.commit()
    done = runner.invoke(args=["demo-reset"], input="y\n")
    assert done.exit_code == 0, done.output
    assert "Demo newsroom loaded" in done.output
    db.session.remove()
    assert (
        db.session.scalar(select(User.id).where(User.email == "someone-real@example.com")) is None
    )
    assert (db.session.scalar(select(func.count(Article.id))) or 0) >= 40


def test_user_commands(app: Flask) -> None:
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=[
            "create-user",
            "Sara@Example.com",
            "--name",
            "Sara",
            "--role",
            "editor",
            "--password",
            "a fine passphrase",
        ]
    )
    assert created.exit_code == 0, created.output
    assert runner.invoke(args=["set-role", "sara@example.com", "admin"]).exit_code == 0
    sara = db.session.scalar(select(User).where(User.email == "sara@example.com"))
    assert sara.role == Role.ADMIN
    assert "last active admin" in runner.invoke(args=["deactivate", "sara@example.com"]).output
    make_user(Role.ADMIN)
    assert runner.invoke(args=["deactivate", "sara@example.com"]).exit_code == 0
    db.session.refresh(sara)
    assert not sara.active
    weak = runner.invoke(
        args=["create-user", "x@example.com", "--name", "X", "--password", "12345678"]
    )
    assert weak.exit_code != 0 and "attackers try first" in weak.output
    missing = runner.invoke(args=["set-role", "nobody@example.com", "editor"])
    assert missing.exit_code != 0 and "No account for nobody@example.com" in missing.output
