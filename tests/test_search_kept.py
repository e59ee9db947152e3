"""Kept searches (`search.kept`): a page of hits is ranked and drawn once per words, page,
language and version, and every change a reader or the desk could see is in the next search."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from editorial import clock
from editorial.articles.service import correct_article, save_article
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Role, User
from tests.factories import make_article, make_user
from tests.test_search import count_line, titles


def _ranked(statements: list[str]) -> bool:
    """Whether any statement searched the index."""
    return any("article_search" in statement for statement in statements)


def test_the_same_words_are_ranked_once_and_shown_as_typed(
    app: Flask, client: FlaskClient, frozen: Any
) -> None:
    story = make_article("published", headline="Minister opens the harbour")
    first = client.get("/search?q=minister").get_data(as_text=True)
    assert titles(first) == [story.headline]
    with counted_statements(app) as statements:
        again = client.get("/search?q=+MINISTER%21").get_data(as_text=True)
    assert not _ranked(statements)  # the same words, folded: the page kept
    assert titles(again) == [story.headline]
    assert count_line(again) == "1 result for “MINISTER!”"  # the summary shows what was typed
    assert "<mark>Minister</mark>" in again
    with counted_statements(app) as statements:
        client.get("/search?q=minister&page=2")
    assert _ranked(statements)  # another page is another search


def test_no_kept_search_with_the_cache_off(make_app: Any, frozen: Any) -> None:
    app = make_app(SEARCH_CACHE_ENTRIES=0)
    with app.app_context():
        make_article("published", headline="Otters return to the river")
        reader = app.test_client()
        reader.get("/search?q=otters")
        with counted_statements(app) as statements:
            assert titles(reader.get("/search?q=otters").get_data(as_text=True))
        assert _ranked(statements)


def test_a_correction_is_in_the_next_search(client: FlaskClient, editor: User, frozen: Any) -> None:
    story = make_article("published", headline="Heron nests found by the lake")
    assert titles(client.get("/search?q=heron").get_data(as_text=True)) == [story.headline]
    correct_article(
        story, editor, {"headline": "Heron nests found by the dam"}, story.version, "Dam, not lake."
    )
    db.session.commit()
    assert titles(client.get("/search?q=heron").get_data(as_text=True)) == [
        "Heron nests found by the dam"
    ]


def test_a_publish_is_in_the_next_search(client: FlaskClient, editor: User, frozen: Any) -> None:
    story = make_article("ready", headline="Kestrel chicks hatch on the tower")
    assert titles(client.get("/search?q=kestrel").get_data(as_text=True)) == []
    apply(story, "publish", editor, Request())
    db.session.commit()
    assert titles(client.get("/search?q=kestrel").get_data(as_text=True)) == [story.headline]


def test_a_scheduled_story_is_found_from_its_time(client: FlaskClient, frozen: Any) -> None:
    """Its time coming moves no version: the window of time the page is kept under ends then
    (`public.windows`)."""
    due = make_article(
        "scheduled", headline="Zeppelin lands", published_at=clock.now() + timedelta(seconds=62)
    )
    assert titles(client.get("/search?q=zeppelin").get_data(as_text=True)) == []
    frozen.tick(seconds=61)
    assert titles(client.get("/search?q=zeppelin").get_data(as_text=True)) == []
    frozen.tick(seconds=1)
    assert titles(client.get("/search?q=zeppelin").get_data(as_text=True)) == [due.headline]


def test_a_kept_search_is_not_ranked_again_as_time_goes_by(
    app: Flask, client: FlaskClient, frozen: Any
) -> None:
    """Nothing due, nothing changed: the page cache's 5-second slot moving on ranks nothing
    again (it did, every 5 s, for every common search: 70 ms of PostgreSQL's time for two words
    at 100,000 stories, every reader of them waiting; bench:pgpages)."""
    story = make_article("published", headline="Minister opens the harbour")
    assert titles(client.get("/search?q=minister").get_data(as_text=True)) == [story.headline]
    frozen.tick(minutes=10)
    with counted_statements(app) as statements:
        again = client.get("/search?q=minister").get_data(as_text=True)
    assert titles(again) == [story.headline]
    assert not _ranked(statements)


# -- The desk ------------------------------------------------------------------------------------


def test_editors_share_a_desk_search_and_a_reporter_gets_their_own(
    app: Flask, client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    draft = make_article("draft", headline="Walrus sighting drafted")
    published = make_article("published", headline="Walrus sighting confirmed")
    both = sorted([draft.headline, published.headline])
    # Signed in first: a sign-in writes the person's row, which moves the desk's version.
    first, other_editor, own = (client_as(p) for p in (editor, make_user(Role.EDITOR), reporter))
    assert sorted(titles(first.get("/desk/search?q=walrus").get_data(as_text=True))) == both
    with counted_statements(app) as statements:
        page = other_editor.get("/desk/search?q=walrus").get_data(as_text=True)
    assert not _ranked(statements) and sorted(titles(page)) == both
    with counted_statements(app) as statements:
        page = own.get("/desk/search?q=walrus").get_data(as_text=True)
    assert _ranked(statements)
    assert titles(page) == [published.headline]  # not someone else's draft


def test_a_desk_write_is_in_the_next_desk_search(client_as: Any, editor: User, frozen: Any) -> None:
    story = make_article("draft", headline="Lynx seen near the village")
    desk = client_as(editor)
    assert titles(desk.get("/desk/search?q=lynx").get_data(as_text=True)) == [story.headline]
    save_article(
        story, editor, {"headline": "Lynx seen near the farm"}, expected_version=story.version
    )
    db.session.commit()
    assert titles(desk.get("/desk/search?q=lynx").get_data(as_text=True)) == [
        "Lynx seen near the farm"
    ]


def test_a_rebuilt_index_is_in_the_next_search(
    client: FlaskClient, client_as: Any, editor: User, runner: Any, frozen: Any
) -> None:
    """`flask search-reindex` writes past the articles' flush: it moves both versions."""
    story = make_article("published", headline="Tapir calf born")
    db.session.execute(db.text("DELETE FROM article_search"))
    db.session.commit()
    desk = client_as(editor)
    assert titles(client.get("/search?q=tapir").get_data(as_text=True)) == []
    assert titles(desk.get("/desk/search?q=tapir").get_data(as_text=True)) == []
    assert runner.invoke(args=["search-reindex"]).exit_code == 0
    assert titles(client.get("/search?q=tapir").get_data(as_text=True)) == [story.headline]
    assert titles(desk.get("/desk/search?q=tapir").get_data(as_text=True)) == [story.headline]
