"""Seeding the taxonomy at start (`flask init`, `flask demo`) never undoes an admin's change: a
renamed, retired or deleted section or region stays as the admin left it (issue 20, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import create_app
from editorial.extensions import db
from editorial.models import Region, Role, Section
from editorial.taxonomy.service import delete_term, rename_term, seed_taxonomy, set_retired
from tests.factories import make_user, section
from tests.helpers import POSTGRES_URL, app_config


def _count(model: type[Section | Region]) -> int:
    return db.session.scalar(select(func.count(model.id))) or 0


def test_seeding_again_keeps_what_an_admin_renamed_retired_or_deleted(app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    sports = section("Sports")
    rename_term(sports, "Sport", "sport", actor=admin)
    set_retired(section("Health"), True, actor=admin)
    asia = db.session.scalar(select(Region).where(Region.name == "Asia"))
    assert asia is not None
    delete_term(asia, actor=admin)
    db.session.commit()
    sections, regions = _count(Section), _count(Region)
    assert seed_taxonomy() == 0
    db.session.commit()
    assert (_count(Section), _count(Region)) == (sections, regions)
    assert section("Sports") is None and section("Health").retired
    reader = app.test_client()
    moved = reader.get("/section/sports")
    assert moved.status_code == 301 and moved.headers["Location"] == "/section/sport"


def test_seeding_after_an_admin_deleted_everything_adds_nothing(app: Flask) -> None:
    """The audit log remembers the deletions, so an empty taxonomy an admin made stays empty."""
    admin = make_user(Role.ADMIN)
    for model in (Section, Region):
        for term in db.session.scalars(select(model)):
            delete_term(term, actor=admin)
    db.session.commit()
    assert seed_taxonomy() == 0
    assert _count(Section) == _count(Region) == 0


@pytest.mark.skipif(bool(POSTGRES_URL), reason="migrations on PostgreSQL are checked by .ci/run")
def test_a_restart_after_a_rename_brings_nothing_back(tmp_path: Path) -> None:
    fresh = create_app(
        app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    )
    runner = fresh.test_cli_runner()
    assert "20 taxonomy entries added" in runner.invoke(args=["init"]).output
    with fresh.app_context():
        admin = make_user(Role.ADMIN)
        rename_term(section("Sports"), "Sport", "sport", actor=admin)
        db.session.commit()
    restarted = runner.invoke(args=["init"])
    assert restarted.exit_code == 0, restarted.output
    assert "0 taxonomy entries added" in restarted.output
    with fresh.app_context():
        assert section("Sports") is None
        assert fresh.test_client().get("/section/sports").status_code == 301
        db.session.remove()
        db.engine.dispose()
