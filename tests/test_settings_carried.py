"""The settings this process keeps follow its own writes: a transaction that moves the site
version on without writing the settings leaves nothing new to read, so the next request reads
the version alone, not the settings row again (every transition moves the version). A change to
the settings, or a move of the version this process did not make, still makes the next request
read the row."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from editorial import newsroom, page_cache
from editorial.counters import bump_counter
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import SiteSettingsRow, SiteVersion, User
from editorial.site_settings.service import save_settings
from tests.factories import make_article
from tests.helpers import HX


def _settings_now(app: Flask) -> tuple[newsroom.SiteSettings, list[str]]:
    """The settings as the next request finds them, and the reads of the row it sent."""
    with counted_statements(app) as statements, app.test_request_context("/"):
        for kept in ("site_settings", "site_version"):  # the test's app context holds `g`
            g.pop(kept, None)
        settings = newsroom.current()
        db.session.rollback()
    return settings, [s for s in statements if "FROM site_settings" in s]


def _keep_settings(app: Flask) -> None:
    settings, _ = _settings_now(app)
    assert settings is not None
    _, read = _settings_now(app)
    assert read == []  # kept at this version


def test_after_a_transition_the_next_request_reads_no_settings(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter])
    db.session.commit()
    client = client_as(reporter)
    _keep_settings(app)
    moved = client.post(f"/articles/{article.id}/transition/submit", data={"note": ""}, headers=HX)
    assert moved.status_code == 200
    settings, read = _settings_now(app)
    assert read == []
    assert settings.newsroom_name


def test_a_change_to_the_settings_is_read_by_the_next_request(app: Flask, admin: User) -> None:
    _keep_settings(app)
    with app.test_request_context("/"):
        assert save_settings({"newsroom_name": "The Carried Times"}, actor=admin)
        db.session.commit()  # as the admin's save commits, without its view's `forget`
    settings, read = _settings_now(app)
    assert settings.newsroom_name == "The Carried Times" and len(read) == 1


def test_a_settings_row_written_with_a_bump_is_not_carried(app: Flask) -> None:
    _keep_settings(app)
    with app.test_request_context("/"):
        row = db.session.get(SiteSettingsRow, 1) or SiteSettingsRow(id=1)
        row.newsroom_name = "The Written Herald"
        db.session.add(row)
        db.session.flush()
        page_cache.bump_site_version()
        db.session.commit()
    settings, read = _settings_now(app)
    assert settings.newsroom_name == "The Written Herald" and len(read) == 1


def test_a_move_of_the_version_made_elsewhere_is_read_again(app: Flask) -> None:
    _keep_settings(app)
    with app.app_context():
        bump_counter(SiteVersion, 1)  # another process's write (its own number, not this one's)
        db.session.commit()
    _, read = _settings_now(app)
    assert len(read) == 1


def test_a_bump_rolled_back_carries_nothing(app: Flask) -> None:
    _keep_settings(app)
    with app.test_request_context("/"):
        page_cache.bump_site_version()
        db.session.rollback()
    _, read = _settings_now(app)
    assert read == []  # the version did not move: the settings kept are still the ones
    with app.test_request_context("/"):
        page_cache.bump_site_version()
        db.session.commit()
    _, read = _settings_now(app)
    assert read == []  # this process's own move, from the number they were kept at
