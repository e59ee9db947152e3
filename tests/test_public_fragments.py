"""The public pages' kept parts (`editorial.public.fragments`): drawn once per site version and
reused with the page cache off, and drawn again as soon as what they show changes."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from editorial.articles.service import correct_article
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Role, Section, User
from editorial.public import alternates
from editorial.public.fragments import kept_html
from editorial.taxonomy.service import rename_term
from tests.factories import make_article, make_user, section

pytestmark = pytest.mark.usefixtures("clock_held_still")


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _published(editor: User, headline: str, body: str = "Talks resume on Tuesday.") -> Article:
    story = make_article("ready", headline=headline, body=body)
    apply(story, "publish", editor)
    db.session.commit()
    return story


def test_a_second_view_draws_nothing_again(app: Flask, client: FlaskClient, editor: User) -> None:
    story = _published(editor, "Port deal signed")
    for url in ("/", f"/news/{story.slug}", "/section/politics"):
        first = page(client, url)
        misses = fragment_cache().misses
        assert page(client, url) == first
        assert fragment_cache().misses == misses, url


def test_a_correction_shows_on_the_story_at_once(client: FlaskClient, editor: User) -> None:
    story = _published(editor, "Talks to resume")
    html = page(client, f"/news/{story.slug}")
    assert "Talks resume on Tuesday." in html
    correct_article(
        story, editor, {"body": "Talks resume on Monday."}, story.version, "The day was wrong."
    )
    db.session.commit()
    html = page(client, f"/news/{story.slug}")
    assert "Talks resume on Monday." in html
    assert "Talks resume on Tuesday." not in html
    assert "The day was wrong." in html


def test_a_killed_story_leaves_the_front_and_its_section_at_once(
    client: FlaskClient, editor: User
) -> None:
    kept, killed = _published(editor, "Harbour reopens"), _published(editor, "Bridge collapses")
    for url in ("/", "/section/politics"):
        assert "Bridge collapses" in page(client, url) and "Harbour reopens" in page(client, url)
    apply(killed, "unpublish", editor, Request(note="Legal asked us to hold it."))
    db.session.commit()
    for url in ("/", "/section/politics"):
        html = page(client, url)
        assert "Bridge collapses" not in html, url
        assert "Harbour reopens" in html, url
    page(client, f"/news/{killed.slug}", 410)
    assert "Bridge collapses" not in page(client, f"/news/{kept.slug}")  # read next, related


def test_a_renamed_section_is_in_every_page_menu_at_once(client: FlaskClient, editor: User) -> None:
    story = _published(editor, "Harbour reopens")
    admin = make_user(Role.ADMIN)
    for url in ("/", f"/news/{story.slug}", "/section/politics"):
        assert "Politics" in page(client, url)
    rename_term(section("Politics"), "Public affairs", "politics", actor=admin)
    db.session.commit()
    for url in ("/", f"/news/{story.slug}", "/section/politics"):
        assert "Public affairs" in page(client, url), url


def test_staff_and_readers_each_get_their_own_story(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    story = _published(editor, "Harbour reopens")
    desk = client_as(editor)
    reader_first = page(client, f"/news/{story.slug}")
    staff = page(desk, f"/news/{story.slug}")
    assert "Open this story on the desk" not in reader_first
    assert "Open this story on the desk" in staff
    assert "Open this story on the desk" not in page(client, f"/news/{story.slug}")


def test_the_masthead_strip_is_kept_apart_for_staff_and_readers(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    """The strip (the date, the language links, the sign-in link) is kept (bench:public3), and
    a signed-in reader's ("Back to the desk") never reaches a reader, whoever asked first."""
    _published(editor, "Harbour reopens")
    desk = client_as(editor)
    reader_first = page(client, "/")
    staff = page(desk, "/")
    assert "Staff sign-in" in reader_first and "Back to the desk" not in reader_first
    assert "Back to the desk" in staff and "Staff sign-in" not in staff
    again = page(client, "/")
    assert "Staff sign-in" in again and "Back to the desk" not in again


def test_each_page_keeps_its_own_alternates(client: FlaskClient, editor: User) -> None:
    """The head's `hreflang` links and the strip's language links are kept per page (its
    endpoint and values), so one section's never show on another's."""
    _published(editor, "Harbour reopens")
    with client.application.app_context():
        sections = [s.slug for s in db.session.scalars(select(Section).limit(2))]
    for slug in sections:
        page(client, f"/section/{slug}")
    for slug in sections:
        shown = page(client, f"/section/{slug}")
        others = [other for other in sections if other != slug]
        assert f"/ar/section/{slug}" in shown
        assert all(f"/ar/section/{other}" not in shown for other in others)


def test_the_fragment_cache_off_draws_every_time(make_app: Any) -> None:
    app = make_app(FRAGMENT_CACHE_ENTRIES=0)
    with app.app_context():
        editor = make_user(Role.EDITOR)
        story = _published(editor, "Harbour reopens")
        client = app.test_client()
        assert "Harbour reopens" in page(client, f"/news/{story.slug}")
        assert len(fragment_cache()) == 0


def test_readers_missing_the_same_part_at_once_draw_it_once(app: Flask) -> None:
    """Every part expires together when the time slot moves on (every 5 s with the page cache
    off); eight serving threads each drew every part again (home: 510 ms of CPU, its slowest
    reader 520 ms: the readers' pages' p99). One draws; the others wait for its HTML."""
    cache = fragment_cache()
    drawn: list[str] = []
    release = threading.Event()

    def render() -> str:
        drawn.append(threading.current_thread().name)
        release.wait(5)
        return "<p>The front</p>"

    shown: list[str] = []

    def read() -> None:
        with app.test_request_context("/"):
            shown.append(str(kept_html("front", render)))

    readers = [threading.Thread(target=read, name=f"reader-{n}") for n in range(2)]
    readers[0].start()
    for _ in range(10_000_000):  # until the second has missed too (a bound, not a wait)
        if cache.misses >= 1 and len(drawn) == 1:
            break
    readers[1].start()
    for _ in range(10_000_000):
        if cache.misses >= 2:
            break
    release.set()
    for reader in readers:
        reader.join(5)
    assert shown == ["<p>The front</p>"] * 2
    assert drawn == ["reader-0"]


def test_a_front_page_drawn_from_its_kept_parts_begins_no_transaction(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    """A kept front page reads the site's version and nothing else: read alone
    (`page_cache.site_version`), since the session's first statement (its connection, BEGIN, an
    ORM result) cost five times the read."""
    _published(editor, "Harbour reopens")
    first = page(client, "/")
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(db.engine, "begin", count)
    try:
        assert page(client, "/") == first
    finally:
        event.remove(db.engine, "begin", count)
    assert begun == []


def test_a_story_page_drawn_from_its_kept_parts_begins_no_transaction(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    """A kept story page reads the story's head (id, version, headline, family, language) on a
    pooled connection of its own (`public.heads`) and loads the story only to draw a part:
    the session's connection, BEGIN, ORM result and rollback were a quarter of its CPU."""
    address = f"/news/{_published(editor, 'Harbour reopens').slug}"
    first = page(client, address)
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(db.engine, "begin", count)
    try:
        assert page(client, address) == first
    finally:
        event.remove(db.engine, "begin", count)
    assert begun == []


def test_a_story_page_drawn_anew_shows_the_story_itself(client: FlaskClient, editor: User) -> None:
    """Drawn with nothing kept, the page shows the same as from its kept parts: the body, the
    head's meta and the title from the story loaded by its head's id."""
    story = _published(editor, "Harbour reopens", body="Cranes moved again on Tuesday.")
    kept = page(client, f"/news/{story.slug}")
    fragment_cache().clear()
    drawn = page(client, f"/news/{story.slug}")
    assert drawn == kept
    assert "Cranes moved again on Tuesday." in drawn
    assert "<title>Harbour reopens | " in drawn


def test_a_kept_story_page_works_out_its_other_editions_once(
    client: FlaskClient, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The masthead's language links and the head's hreflang are kept with the story's family
    (`alternates._kept_for_story`), not worked out per request."""
    story = _published(editor, "Harbour reopens")
    first = page(client, f"/news/{story.slug}")
    asked: list[str] = []
    same_page = alternates._same_page

    def counted(code: str, article: Any) -> str | None:
        asked.append(code)
        return same_page(code, article)

    monkeypatch.setattr(alternates, "_same_page", counted)
    assert page(client, f"/news/{story.slug}") == first
    assert asked == []
