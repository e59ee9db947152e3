"""The site settings: stored in the database, edited by admins, read through one cached accessor
(`editorial.newsroom.current()`), and on the public site at the next request."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from editorial import newsroom
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import AuditEvent, Role, SiteSettingsRow, SiteVersion, User
from editorial.page_cache import bump_site_version
from editorial.site_settings.service import save_settings
from tests.factories import make_article, make_user
from tests.helpers import sign_in

VALID = {
    "newsroom_name": "The Harbour Gazette",
    "time_zone": "Europe/Paris",
    "about_md": "We are **the Gazette**.",
    "contact_md": "Write to [the desk](mailto:desk@example.com).",
    "privacy_md": "We set no cookie for readers.",
    "show_checked_by": "y",
}


@pytest.fixture
def admin_client(app: Flask, admin: User) -> FlaskClient:
    return sign_in(app.test_client(), admin)


def test_the_defaults_come_from_the_config(app: Flask) -> None:
    now = newsroom.current()
    assert now.newsroom_name == app.config["NEWSROOM_NAME"]
    assert now.time_zone == app.config["NEWSROOM_TZ"]
    assert now.show_checked_by is True


def test_saving_changes_the_public_site(app: Flask, admin_client: FlaskClient) -> None:
    response = admin_client.post("/admin/settings", data=VALID)
    assert response.status_code == 302
    assert "Settings saved." in admin_client.get("/admin/settings").get_data(as_text=True)
    home = app.test_client().get("/").get_data(as_text=True)
    assert "<title>" in home and "The Harbour Gazette" in home
    assert newsroom.current().time_zone == "Europe/Paris"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "settings.changed")
    ).one()
    assert event.details["time_zone"] == {"old": app.config["NEWSROOM_TZ"], "new": "Europe/Paris"}
    assert event.details["about_md"] == {"changed": True}  # not the page's text twice


def _form_as_shown(client: FlaskClient) -> dict[str, str]:
    """The settings form as the page shows it, posted back as a browser does (textareas with
    CRLF line ends, as the HTML standard has browsers send them)."""
    html = client.get("/admin/settings").get_data(as_text=True)
    data = {}
    for name in ("newsroom_name",):
        data[name] = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)
    data["time_zone"] = re.search(r'<option selected value="([^"]+)"', html).group(1)
    for name in ("about_md", "contact_md", "privacy_md"):
        text = re.search(rf'name="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1)
        text = unescape(text).replace("\r\n", "\n").removeprefix("\n")  # the one HTML drops
        data[name] = text.replace("\n", "\r\n")
    if re.search(r'<input[^>]*\bchecked\b[^>]*name="show_checked_by"', html) or re.search(
        r'<input[^>]*name="show_checked_by"[^>]*\bchecked\b', html
    ):
        data["show_checked_by"] = "y"
    return data


def test_an_audit_row_says_exactly_what_changed_from_what_to_what(
    app: Flask, admin_client: FlaskClient
) -> None:
    """The first save (no settings row yet) records the name and zone everyone saw as the old
    values, not "", and footer pages nobody touched are not "changed" (issue 20, item 7)."""
    save_settings({"about_md": "We report.\n\nEvery day.", "privacy_md": "No cookies."}, actor=None)
    db.session.execute(update(SiteSettingsRow).values(newsroom_name="", time_zone=""))
    db.session.commit()
    seen = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    since = select(AuditEvent).where(AuditEvent.id > seen)
    untouched = _form_as_shown(admin_client)
    assert untouched["newsroom_name"] == app.config["NEWSROOM_NAME"]
    assert admin_client.post("/admin/settings", data=untouched).status_code == 302
    assert "Nothing changed." in admin_client.get("/admin/settings").get_data(as_text=True)
    assert db.session.scalars(since).all() == []

    renamed = {**untouched, "newsroom_name": "The Harbour Gazette", "time_zone": "Europe/Paris"}
    admin_client.post("/admin/settings", data=renamed)
    event = db.session.scalars(since).one()
    assert event.action == "settings.changed"
    assert event.details == {
        "newsroom_name": {"old": app.config["NEWSROOM_NAME"], "new": "The Harbour Gazette"},
        "time_zone": {"old": app.config["NEWSROOM_TZ"], "new": "Europe/Paris"},
    }


def test_show_checked_by_can_be_turned_off(admin_client: FlaskClient) -> None:
    admin_client.post("/admin/settings", data={**VALID, "show_checked_by": ""})
    assert newsroom.current().show_checked_by is False


def test_the_zone_setting_moves_the_times_shown(app: Flask, admin_client: FlaskClient) -> None:
    story = make_article("published", published_at=datetime(2026, 7, 1, 9, 30, tzinfo=UTC))
    reader = app.test_client()
    assert "12:30" in reader.get(f"/news/{story.slug}").get_data(as_text=True)  # Beirut, +3
    admin_client.post("/admin/settings", data={**VALID, "time_zone": "America/New_York"})
    assert "05:30" in reader.get(f"/news/{story.slug}").get_data(as_text=True)


def test_a_bad_zone_is_refused_with_a_message_and_the_typed_text_kept(
    admin_client: FlaskClient,
) -> None:
    typed = {**VALID, "time_zone": "Mars/Olympus", "about_md": "A long page I typed."}
    response = admin_client.post("/admin/settings", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "&#39;Mars/Olympus&#39; is not a time zone this server knows" in html
    assert "A long page I typed." in html and 'value="The Harbour Gazette"' in html
    assert db.session.get(SiteSettingsRow, 1) is None  # nothing saved


def test_an_empty_name_is_refused(admin_client: FlaskClient) -> None:
    response = admin_client.post("/admin/settings", data={**VALID, "newsroom_name": "  "})
    assert response.status_code == 422
    assert "Give the newsroom&#39;s name." in response.get_data(as_text=True)


def test_the_accessor_is_cached_and_follows_the_site_version(app: Flask) -> None:
    """A change made by another process (the row, then the version) is seen at the next request;
    until the version moves, the kept settings are used without reading the row."""
    save_settings({"newsroom_name": "First Name"}, actor=None)
    db.session.commit()
    reader = app.test_client()
    assert "First Name" in reader.get("/").get_data(as_text=True)
    # Another process's write, its version not moved yet (this process's own writes out of a
    # request move it: `page_cache.bump_outside_requests`), so past this session's events.
    with db.engine.begin() as connection:
        connection.execute(update(SiteSettingsRow).values(newsroom_name="Second Name"))
    assert "First Name" in reader.get("/").get_data(as_text=True)  # kept: the version is the same
    # Then that process moves the version on (its own, not this process's: a move this process
    # makes itself without writing the settings keeps them, `newsroom._carry`).
    with db.engine.begin() as connection:
        connection.execute(
            update(SiteVersion).where(SiteVersion.id == 1).values(number=SiteVersion.number + 1)
        )
    assert "Second Name" in reader.get("/").get_data(as_text=True)


def test_settings_are_read_at_most_once_a_request(app: Flask) -> None:
    make_article("published")
    bump_site_version()  # a change: every process reads the settings again, once
    db.session.commit()
    reader = app.test_client()
    with counted_statements(app) as first:
        reader.get("/")
    with counted_statements(app) as second:
        reader.get("/")
    assert sum("FROM site_settings" in s for s in first) == 1
    assert sum("FROM site_settings" in s for s in second) == 0


@pytest.fixture
def cached_app(make_app: Any) -> Any:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context():
        yield app


def test_a_cached_public_page_shows_a_settings_change_at_once(cached_app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    reader = cached_app.test_client()
    reader.get("/about")
    assert "Not yet" not in reader.get("/about").get_data(as_text=True)
    sign_in(cached_app.test_client(), admin).post(
        "/admin/settings", data={**VALID, "about_md": "Not yet a cooperative."}
    )
    assert "Not yet a cooperative." in reader.get("/about").get_data(as_text=True)


# --- The footer pages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "title"),
    [("/about", "About Us"), ("/contact", "Contact Us"), ("/privacy", "Privacy Policy")],
)
def test_the_footer_links_each_page(app: Flask, path: str, title: str) -> None:
    reader = app.test_client()
    home = reader.get("/").get_data(as_text=True)
    assert f'<a href="{path}">{title}</a>' in home
    page = reader.get(path)
    assert page.status_code == 200
    assert f'<h1 class="listing-title">{title}</h1>' in page.get_data(as_text=True)
    assert "This page has not been written yet." in page.get_data(as_text=True)


def test_a_footer_page_is_cleaned_markdown(app: Flask) -> None:
    save_settings(
        {
            "about_md": "We are **independent**.\n\n<script>alert(1)</script>\n\n"
            '[x](javascript:alert(2)) <img src=x onerror="alert(3)">'
        },
        actor=None,
    )
    db.session.commit()
    html = app.test_client().get("/about").get_data(as_text=True)
    body = html[html.index('<div class="story-body"') :]
    body = body[: body.index("</article>")]
    assert "<strong>independent</strong>" in body
    assert "<script" not in body and "<img" not in body and 'href="javascript' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as the text it was, inert
    assert '&lt;img src=x onerror="alert(3)"&gt;' in body
