"""Board cards drawn once and reused (`desk.cards`, `fragment_cache`): a card shows a change to its
story at once, each viewer sees their own card (never another's buttons or CSRF token), and the
cache stays within its bound."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from editorial import clock
from editorial.extensions import db
from editorial.fragment_cache import FragmentCache, fragment_cache
from editorial.models import Article, Role, User
from tests.factories import make_article, make_user
from tests.helpers import PASSWORD


def card_of(page: str, article_id: int) -> str:
    """The HTML of one card on a board page ("" when the story has no card there)."""
    start = page.find(f'id="card-{article_id}"')
    if start < 0:
        return ""
    ends = [i for i in (page.find('<li class="card', start), page.find("</ol>", start)) if i > 0]
    return page[start : min(ends)]


def board(client: FlaskClient) -> str:
    response = client.get("/desk/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def column_of(page: str, article_id: int) -> str:
    """The state of the column the story's card is in."""
    at = page.find(f'id="card-{article_id}"')
    assert at > 0
    return re.findall(r'<section class="column column-([a-z_]+)"', page[:at])[-1]


def test_a_card_shows_a_change_to_its_story_at_once(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    story = make_article("draft", authors=[reporter], headline="Port reopens after strike")
    desk = client_as(editor)
    card = card_of(board(desk), story.id)
    assert "Port reopens after strike" in card and "Take it" in card
    assert len(fragment_cache()) > 0
    hits = fragment_cache().hits
    board(desk)
    assert fragment_cache().hits > hits  # the same board again is drawn from the cache

    # Changed in the database as any process could, with no message to this one.
    story.headline = "Port stays shut"
    db.session.commit()
    card = card_of(board(desk), story.id)
    assert "Port stays shut" in card and "Port reopens" not in card

    story.state = "edit"
    db.session.commit()
    page = board(desk)
    assert column_of(page, story.id) == "edit"
    assert "in Edit" in card_of(page, story.id) and "in Draft" not in card_of(page, story.id)

    story.editor = make_user(Role.EDITOR, display_name="Omar Other")
    db.session.commit()
    card = card_of(board(desk), story.id)
    assert "Editor: Omar Other" in card
    assert "Take it" not in card  # someone has the editing now


def test_a_card_says_how_long_it_has_waited_as_the_clock_moves(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    story = make_article("draft", state_changed_at=clock.now() - timedelta(minutes=5))
    desk = client_as(editor)
    assert ">5 min</time> in Draft" in card_of(board(desk), story.id)
    frozen.tick(seconds=59)
    assert ">5 min</time> in Draft" in card_of(board(desk), story.id)
    frozen.tick(seconds=1)
    assert ">6 min</time> in Draft" in card_of(board(desk), story.id)


def test_no_viewer_sees_the_card_drawn_for_another_role(
    app: Flask, editor: User, reporter: User, fact_checker: User, client_as: Any
) -> None:
    story = make_article("draft", authors=[reporter], headline="Fuel prices rise")
    checking = make_article("fact_check", authors=[reporter], headline="Budget vote delayed")
    as_reporter, as_editor, as_checker = (
        client_as(reporter),
        client_as(editor),
        client_as(fact_checker),
    )
    take = f"/desk/card/{story.id}/take"
    # The reporter's card first, then the editor's, then the reporter's again: each their own.
    assert take not in card_of(board(as_reporter), story.id)
    editors = card_of(board(as_editor), story.id)
    assert take in editors and "as editor" in editors
    reporters = card_of(board(as_reporter), story.id)
    assert "Fuel prices rise" in reporters and take not in reporters and "Take it" not in reporters

    # The check is the fact-checker's to take, the editing the editor's: never the other's button.
    checkers = card_of(board(as_checker), checking.id)
    assert "as fact-checker" in checkers and "as editor" not in checkers
    editors = card_of(board(as_editor), checking.id)
    assert "as editor" in editors and "as fact-checker" not in editors
    assert "as fact-checker" in card_of(board(as_checker), checking.id)


def _signed_in_with_csrf(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token[1]}
    )
    assert response.status_code == 302
    return client


def test_a_card_s_take_form_carries_its_viewer_s_own_csrf_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
        story = make_article("draft")
        story_id, emails, second_id = story.id, (first.email, second.email), second.id
    pages = [board(_signed_in_with_csrf(app, email)) for email in emails]
    second_client = _signed_in_with_csrf(app, emails[1])
    pages.append(board(second_client))
    tokens = [set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', p)) for p in pages]
    cards = [card_of(p, story_id) for p in pages]
    for page_tokens, card in zip(tokens, cards, strict=True):
        assert len(page_tokens) == 1  # the card's form has the page's own token
        assert "csrf-hole" not in card and next(iter(page_tokens)) in card
    assert tokens[0] != tokens[1] != tokens[2]

    # The token in the (reused) card works for its viewer.
    response = second_client.post(
        f"/desk/card/{story_id}/take", data={"csrf_token": next(iter(tokens[2])), "next": "/desk/"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Article, story_id).editor_id == second_id


def test_the_cache_keeps_at_most_its_bound() -> None:
    cache = FragmentCache(max_entries=3)
    drawn: list[int] = []

    def draw(n: int) -> str:
        drawn.append(n)
        return f"<li>{n}</li>"

    for n in range(5):
        assert cache.get_or_render(("card", n), lambda n=n: draw(n)) == f"<li>{n}</li>"
    assert len(cache) == 3
    cache.get_or_render(("card", 4), lambda: draw(4))  # kept: not drawn again
    cache.get_or_render(("card", 0), lambda: draw(0))  # the oldest went: drawn again
    assert drawn == [0, 1, 2, 3, 4, 0]
    assert len(cache) == 3

    off = FragmentCache(max_entries=0)
    off.get_or_render("k", lambda: "x")
    assert len(off) == 0


def test_a_board_larger_than_the_cache_shows_every_card(
    make_app: Any,
) -> None:
    app = make_app(FRAGMENT_CACHE_ENTRIES=2)
    with app.app_context():
        editor = make_user(Role.EDITOR)
        stories = [make_article("draft", headline=f"Story number {n}") for n in range(5)]
        ids = [s.id for s in stories]
        client = app.test_client()
        client.post("/login", data={"email": editor.email, "password": PASSWORD})
        for _ in range(2):
            page = board(client)
            for n, story_id in enumerate(ids):
                assert f"Story number {n}" in card_of(page, story_id)
        assert len(fragment_cache()) <= 2


def test_the_person_filter_offers_someone_as_soon_as_they_are_on_the_board(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    story = make_article("draft")
    desk = client_as(editor)
    assert "Nadia Newcomer" not in board(desk)
    story.fact_checker = make_user(Role.FACT_CHECKER, display_name="Nadia Newcomer")
    db.session.commit()  # the same minute: the kept list follows the desk's version
    assert re.search(r"<option[^>]*>Nadia Newcomer</option>", board(desk))
    story.fact_checker = None
    db.session.commit()
    assert "Nadia Newcomer" not in board(desk)
