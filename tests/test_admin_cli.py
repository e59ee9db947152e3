"""The command-line tasks an admin uses (the people pages: tests/test_admin_users.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import create_app
from editorial.extensions import db
from editorial.media.service import files_of
from editorial.models import Article, Image, Region, Role, Section, User
from tests.factories import make_user
from tests.helpers import POSTGRES_URL, app_config


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
    from editorial.demo.load import DEMO_USERS
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
    folder = Path(app.config["UPLOAD_FOLDER"])
    first_pictures = set(folder.iterdir())
    assert first_pictures, "the demo draws its pictures"
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
    # The old newsroom's picture files went with it; the folder holds the new one's only.
    now_there = set(folder.iterdir())
    assert not first_pictures & now_there
    assert now_there == {
        path for image in db.session.scalars(select(Image)) for path in files_of(image)
    }


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
