"""The desk board: columns from the workflow, who sees what, filters, paging, staleness, htmx."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import insert, select

from editorial import clock, workflow
from editorial.database import counted_statements
from editorial.desk.queries import COLUMNS
from editorial.desk.staleness import PATIENCE, spoken
from editorial.extensions import db
from editorial.models import Article, Region, Role, User, UserSession, article_authors
from tests.factories import make_article, make_user, section
from tests.helpers import HX, HX_HISTORY_RESTORE

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class BoardPage(HTMLParser):
    """What a person sees on the board: columns in order, their counts and cards, the controls."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.columns: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.labels: dict[str, str] = {}
        self.selected: dict[str, str] = {}
        self.links: list[str] = []
        self._column: str | None = None
        self._in: str | None = None
        self._select: str | None = None
        self._sections: list[bool] = []  # open <section>s: True for a column
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section":
            self._sections.append("column" in classes)
        if tag == "section" and "column" in classes:
            self._column = (a.get("id") or "").removeprefix("column-")
            self.columns[self._column] = []
        elif tag == "li" and (a.get("id") or "").startswith("card-") and self._column:
            self.columns[self._column].append(int(a["id"].removeprefix("card-")))
        elif tag == "span" and "count" in classes and self._column:
            self._in = "count"
        elif tag == "span" and "column-name" in classes and self._column:
            self._in = "label"
        elif tag == "select":
            self._select = a.get("name")
            self.selected[self._select or ""] = ""
        elif tag == "option" and "selected" in a and self._select:
            self.selected[self._select] = a.get("value") or ""
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._sections and self._sections.pop():
            self._column = None
        if tag == "select":
            self._select = None
        if tag == "span":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "count" and data.strip():
            self.counts[self._column or ""] = int(data)
            self._in = None
        elif self._in == "label" and data.strip():
            self.labels[self._column or ""] = data.strip()

    def ids(self) -> set[int]:
        """Every article on the board."""
        return {i for cards in self.columns.values() for i in cards}


def board(client: FlaskClient, url: str = "/desk/", **kwargs: Any) -> BoardPage:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return BoardPage(response.get_data(as_text=True))


def card_html(html: str, article_id: int) -> str:
    """The markup of one card."""
    match = re.search(rf'<li class="card[^"]*" id="card-{article_id}".*?\n</li>', html, re.S)
    assert match, f"card {article_id} not on the page"
    return match.group(0)


def card_menu(client: Any, html: str, article_id: int) -> str:
    """One card's menu, fetched the way the browser fetches it when the menu is opened."""
    url = re.search(r'class="card-menu" hx-get="([^"]+)"', card_html(html, article_id))
    assert url, f"card {article_id} has no menu"
    response = client.get(url.group(1).replace("&amp;", "&"), headers=HX)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


# --- columns and counts ---------------------------------------------------------------------


def test_columns_come_from_the_workflow_with_their_counts(editor: User, client_as: Any) -> None:
    per_state = {"draft": 3, "edit": 2, "fact_check": 1, "ready": 2, "scheduled": 1}
    made = {state: [make_article(state).id for _ in range(n)] for state, n in per_state.items()}
    fresh = make_article("published", published_at=clock.now() - timedelta(hours=2))
    old = make_article("published", published_at=clock.now() - timedelta(hours=30))
    spiked = make_article("spiked")

    page = board(client_as(editor))

    assert list(page.columns) == [s for s in workflow.STATES if s != workflow.SPIKED]
    assert page.labels == {state: workflow.STATE_LABELS[state] for state in page.columns}
    for state, ids in made.items():
        assert sorted(page.columns[state]) == sorted(ids)
        assert page.counts[state] == len(ids)
    assert page.columns["published"] == [fresh.id]
    assert page.counts["published"] == 1
    assert old.id not in page.ids() and spiked.id not in page.ids()
    assert "/desk/column/spiked" in page.links


def test_spiked_articles_are_a_link_not_a_column(editor: User, client_as: Any) -> None:
    spiked = make_article("spiked", headline="Spiked exclusive")
    client = client_as(editor)
    html = client.get("/desk/").get_data(as_text=True)
    assert "Spiked (1)" in html and "Spiked exclusive" not in html
    listing = client.get("/desk/column/spiked").get_data(as_text=True)
    assert f'id="card-{spiked.id}"' in listing and "<html" in listing


def test_work_waits_longest_first_and_published_newest_first(editor: User, client_as: Any) -> None:
    now = clock.now()
    newer = make_article("edit", state_changed_at=now - timedelta(hours=1))
    older = make_article("edit", state_changed_at=now - timedelta(hours=9))
    out_early = make_article("published", published_at=now - timedelta(hours=5))
    out_late = make_article("published", published_at=now - timedelta(hours=1))
    soon = make_article("scheduled", published_at=now + timedelta(hours=1))
    later = make_article("scheduled", published_at=now + timedelta(hours=8))
    page = board(client_as(editor))
    assert page.columns["edit"] == [older.id, newer.id]
    assert page.columns["published"] == [out_late.id, out_early.id]
    assert page.columns["scheduled"] == [soon.id, later.id]


def test_an_empty_board_says_so(editor: User, client_as: Any) -> None:
    html = client_as(editor).get("/desk/").get_data(as_text=True)
    assert "Nothing here" in html
    assert "0</strong> articles on the board" in html


# --- who sees what --------------------------------------------------------------------------


def test_reporter_sees_only_articles_on_their_byline(
    reporter: User, editor: User, client_as: Any
) -> None:
    own = make_article("draft", authors=[reporter])
    shared = make_article("edit", authors=[make_user(Role.REPORTER), reporter])
    own_out = make_article("published", authors=[reporter])
    others_draft = make_article("draft")
    others_out = make_article("published")  # visible to reporters elsewhere, not on their board
    edited_by_them = make_article("edit", editor=reporter)  # assignment alone is not "own"

    page = board(client_as(reporter))

    assert page.ids() == {own.id, shared.id, own_out.id}
    assert others_draft.id not in page.ids() and others_out.id not in page.ids()
    assert edited_by_them.id not in page.ids()
    assert page.counts["published"] == 1


def test_reporter_column_pages_are_their_own_too(reporter: User, client_as: Any) -> None:
    own = make_article("spiked", authors=[reporter])
    make_article("spiked")
    html = client_as(reporter).get("/desk/column/spiked").get_data(as_text=True)
    assert BoardPage(html).links and f'id="card-{own.id}"' in html
    assert len(re.findall(r'id="card-\d+"', html)) == 1


def test_fact_checker_sees_what_they_may_see(fact_checker: User, client_as: Any) -> None:
    others_draft = make_article("draft")
    others_edit = make_article("edit")
    assigned_edit = make_article("edit", fact_checker=fact_checker)
    in_check = make_article("fact_check")
    ready = make_article("ready")
    own_draft = make_article("draft", authors=[fact_checker])

    page = board(client_as(fact_checker))

    assert {in_check.id, ready.id} <= page.ids()
    assert others_draft.id not in page.ids() and others_edit.id not in page.ids()
    # A fact-checker's board starts at the check (issue 13): no Draft or Edit column at all,
    # even for a story flagged back to edit that is still assigned to them.
    assert assigned_edit.id not in page.ids() and own_draft.id not in page.ids()
    assert list(page.columns) == ["fact_check", "ready", "scheduled", "published"]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_see_every_article(
    role: str, users: dict[str, User], client_as: Any
) -> None:
    made = {make_article(state).id for state in COLUMNS}
    assert board(client_as(users[role])).ids() == made


# --- filters --------------------------------------------------------------------------------


def test_filter_by_section_and_region(editor: User, client_as: Any) -> None:
    europe = db.session.scalar(select(Region).where(Region.name == "Europe"))
    politics = make_article("edit", section=section("Politics"), region=europe)
    economy = make_article("edit", section=section("Economy"), region=europe)
    elsewhere = make_article("draft", section=section("Economy"))
    client = client_as(editor)

    by_section = board(client, f"/desk/?section={section('Economy').id}")
    assert by_section.ids() == {economy.id, elsewhere.id}
    assert by_section.selected["section"] == str(section("Economy").id)

    by_region = board(client, f"/desk/?region={europe.id}")
    assert by_region.ids() == {politics.id, economy.id}

    both = board(client, f"/desk/?region={europe.id}&section={section('Economy').id}")
    assert both.ids() == {economy.id}


def test_filter_by_person_matches_byline_editor_and_fact_checker(
    editor: User, fact_checker: User, client_as: Any
) -> None:
    person = make_user(Role.EDITOR, display_name="Nadia Editor")
    on_byline = make_article("draft", authors=[person])
    editing = make_article("edit", editor=person)
    checking = make_article("fact_check", fact_checker=person)
    make_article("edit", editor=editor, fact_checker=fact_checker)

    page = board(client_as(editor), f"/desk/?person={person.id}")

    assert page.ids() == {on_byline.id, editing.id, checking.id}
    assert page.selected["person"] == str(person.id)


def test_mine_is_my_byline_or_my_assignments(editor: User, client_as: Any) -> None:
    written = make_article("draft", authors=[editor])
    editing = make_article("edit", editor=editor)
    checking = make_article("fact_check", fact_checker=editor)
    make_article("ready")
    page = board(client_as(editor), "/desk/?mine=y")
    assert page.ids() == {written.id, editing.id, checking.id}


def test_headline_search_is_case_insensitive_and_literal(editor: User, client_as: Any) -> None:
    fuel = make_article("edit", headline="Ministers meet over FUEL prices")
    percent = make_article("draft", headline="Inflation hits 50% in a year")
    make_article("draft", headline="Inflation hits 50 in a year")
    make_article("ready", headline="Match report")
    client = client_as(editor)
    assert board(client, "/desk/?q=fuel").ids() == {fuel.id}
    assert board(client, "/desk/?q=50%25").ids() == {percent.id}
    assert board(client, "/desk/?q=%27+OR+1%3D1+--").ids() == set()
    assert len(board(client, "/desk/?q=+").ids()) == 4


def test_filters_combine(editor: User, client_as: Any) -> None:
    target = make_article("edit", headline="Budget vote delayed", editor=editor)
    make_article("edit", headline="Budget vote delayed again")  # not mine
    make_article("edit", headline="Budget vote", section=section("Economy"), editor=editor)
    make_article("draft", headline="Harvest figures", editor=editor)
    url = f"/desk/?q=budget&mine=y&section={section('Politics').id}"
    assert board(client_as(editor), url).ids() == {target.id}


@pytest.mark.parametrize(
    "query",
    [
        "section=abc",
        "section=999999",
        "region=-1",
        "person=1.5",
        "mine=",
        "q=" + "x" * 400,
        "section=&region=&person=&q=",
        "page=abc",
    ],
)
def test_bad_filter_values_are_ignored(query: str, editor: User, client_as: Any) -> None:
    made = {make_article("edit").id, make_article("draft").id}
    client = client_as(editor)
    page = board(client, f"/desk/?{query}")
    assert made <= page.ids()
    assert page.selected.get("section") == ""
    assert client.get(f"/desk/refresh?{query}", headers=HX).status_code == 200
    assert client.get(f"/desk/column/edit?{query}", headers=HX).status_code == 200


def test_a_reporter_has_no_mine_filter(reporter: User, client_as: Any) -> None:
    own = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    html = client.get("/desk/?mine=y").get_data(as_text=True)
    assert 'name="mine"' not in html
    assert BoardPage(html).ids() == {own.id}


def test_filters_carry_into_more_links_and_the_refresh(editor: User, client_as: Any) -> None:
    editor_id = editor.id
    make_article("edit", editor=editor)
    html = client_as(editor).get(f"/desk/?q=budget&person={editor_id}").get_data(as_text=True)
    assert f'hx-get="/desk/refresh?q=budget&amp;person={editor_id}"' in html
    assert "Clear filters" in html


# --- paging ---------------------------------------------------------------------------------


def _seven_in_edit() -> list[int]:
    start = clock.now() - timedelta(hours=20)
    return [make_article("edit", state_changed_at=start + timedelta(hours=i)).id for i in range(7)]


def test_columns_page_with_more(app: Flask, editor: User, client_as: Any) -> None:
    app.config["DESK_PAGE_SIZE"] = 3
    ids = _seven_in_edit()
    client = client_as(editor)

    html = client.get("/desk/").get_data(as_text=True)
    page = BoardPage(html)
    assert page.columns["edit"] == ids[:3] and page.counts["edit"] == 7
    assert 'href="/desk/column/edit?page=2"' in html and "(4)" in html

    second = client.get("/desk/column/edit?page=2", headers=HX).get_data(as_text=True)
    assert "<html" not in second and 'class="column ' not in second
    assert re.findall(r'id="card-(\d+)"', second) == [str(i) for i in ids[3:6]]
    assert 'hx-get="/desk/column/edit?page=3"' in second

    third = client.get("/desk/column/edit?page=3", headers=HX).get_data(as_text=True)
    assert re.findall(r'id="card-(\d+)"', third) == [str(ids[6])]
    assert "page=4" not in third


def test_more_without_javascript_is_a_page_of_the_column(
    app: Flask, editor: User, client_as: Any
) -> None:
    app.config["DESK_PAGE_SIZE"] = 3
    ids = _seven_in_edit()
    client = client_as(editor)
    html = client.get("/desk/column/edit?page=2").get_data(as_text=True)
    assert "<html" in html and "Page 2" in html
    assert re.findall(r'id="card-(\d+)"', html) == [str(i) for i in ids[3:6]]
    assert 'href="/desk/column/edit?page=3"' in html
    assert 'href="/desk/column/edit?page=1"' in html  # previous page
    # A POST from a card's menu comes back here.
    assert 'name="next" value="/desk/column/edit?page=2"' in card_menu(client, html, ids[3])
    beyond = client.get("/desk/column/edit?page=99").get_data(as_text=True)
    assert "Nothing on this page." in beyond


def test_more_keeps_the_filters(app: Flask, editor: User, client_as: Any) -> None:
    app.config["DESK_PAGE_SIZE"] = 1
    economy = section("Economy")
    wanted = [make_article("edit", section=economy).id for _ in range(3)]
    make_article("edit")
    client = client_as(editor)
    html = client.get(f"/desk/?section={economy.id}").get_data(as_text=True)
    assert f'href="/desk/column/edit?page=2&amp;section={economy.id}"' in html
    more = client.get(f"/desk/column/edit?page=2&section={economy.id}", headers=HX)
    assert re.findall(r'id="card-(\d+)"', more.get_data(as_text=True)) == [str(wanted[1])]


def test_unknown_column_is_not_found(editor: User, client_as: Any) -> None:
    assert client_as(editor).get("/desk/column/nonsense").status_code == 404


# --- time in state --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "hours", "stale"),
    [
        ("draft", 30, False),  # a draft is worked on for days
        ("draft", 71, False),
        ("draft", 73, True),
        ("edit", 23, False),
        ("edit", 25, True),
        ("fact_check", 5, False),
        ("fact_check", 7, True),  # a check holds the story back
        ("ready", 1, False),
        ("ready", 3, True),  # cleared news waiting to go out
        ("scheduled", 100, False),
    ],
)
def test_old_cards_are_marked_stale_in_words(
    state: str, hours: int, stale: bool, editor: User, client_as: Any
) -> None:
    """Each stage has its own limit (`desk.staleness.PATIENCE`); the card says how long the story
    has been in its stage, and the mark says past what."""
    with clock.frozen(NOW):
        extra = {"published_at": NOW + timedelta(hours=1)} if state == "scheduled" else {}
        article = make_article(state, state_changed_at=NOW - timedelta(hours=hours), **extra)
        html = client_as(editor).get("/desk/").get_data(as_text=True)
    card = card_html(html, article.id)
    assert ("is-stale" in card) is stale
    assert (">Stale<" in card) is stale
    if state != "scheduled":
        shown = f"{hours} h" if hours < 48 else f"{hours // 24} days"
        assert f">{shown}</time> in {workflow.STATE_LABELS[state]}</span>" in card
    if stale:
        limit = spoken(PATIENCE[state].after)
        assert f'Stale<span class="visually-hidden">: over {limit} in ' in card
        assert str(escape(PATIENCE[state].why)) in card


def test_cards_show_section_byline_and_assignees(
    editor: User, fact_checker: User, client_as: Any
) -> None:
    europe = db.session.scalar(select(Region).where(Region.name == "Europe"))
    author = make_user(Role.REPORTER, display_name="Maya Rahal")
    article = make_article(
        "fact_check",
        authors=[author, make_user(Role.REPORTER, display_name="Jad Haddad")],
        headline="Port strike enters <second> week",
        section=section("Economy"),
        region=europe,
        editor=editor,
        fact_checker=fact_checker,
    )
    card = card_html(client_as(editor).get("/desk/").get_data(as_text=True), article.id)
    assert "Economy · Europe" in card
    assert "Port strike enters &lt;second&gt; week" in card
    assert "Maya Rahal, Jad Haddad" in card
    assert "Editor: Elie Editor" in card and "Fact-checker: Fadi Checker" in card


# --- the card menu --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "fact_checker", "editor", "admin"])
def test_card_menu_offers_exactly_what_the_workflow_allows(
    role: str, users: dict[str, User], client_as: Any
) -> None:
    person = users[role]
    articles = [make_article(state, authors=[person]) for state in COLUMNS]
    articles += [make_article(state) for state in COLUMNS]
    client = client_as(person)
    html = client.get("/desk/?section=").get_data(as_text=True)
    shown = BoardPage(html).ids()
    checked = 0
    for article in articles:
        if article.id not in shown:
            continue
        db.session.refresh(article)
        options = workflow.available(article, person)
        card = card_html(html, article.id)
        assert ("card-menu" in card) is bool(options)
        menu = card_menu(client, html, article.id) if options else ""
        enabled = re.findall(rf"/articles/{article.id}/transition/(\w+)\"\s+hx-post", menu)
        disabled = re.findall(r'<button type="button"[^>]*disabled[^>]*>([^<]+)</button>', menu)
        assert enabled == [o.name for o in options if o.enabled]
        assert disabled == [o.label for o in options if not o.enabled]
        if any(option.enabled for option in options):
            assert 'name="next" value="/desk/"' in menu
        checked += 1
    assert checked >= len(COLUMNS)


def test_the_board_draws_no_card_menus_until_one_is_opened(editor: User, client_as: Any) -> None:
    article = make_article("ready", editor=editor)
    client = client_as(editor)
    html = client.get("/desk/").get_data(as_text=True)
    assert "/transition/" not in html  # no forms: the menus come when opened
    assert f'href="/articles/{article.id}?next=/desk/">Open the article to move it on' in html
    # Without JavaScript the menu's address is the article's page, with the same buttons.
    plain = client.get(f"/desk/card/{article.id}/menu?next=/desk/")
    assert plain.status_code == 302
    assert plain.headers["Location"] == f"/articles/{article.id}?next=/desk/"
    assert "transition/publish" in card_menu(client, html, article.id)
    page = client.get(f"/articles/{article.id}?next=/desk/").get_data(as_text=True)
    assert 'name="next" value="/desk/"' in page  # its buttons come back to the board
    foreign = client.get(f"/articles/{article.id}?next=//evil.example/").get_data(as_text=True)
    assert "evil.example" not in foreign


def test_a_card_menu_is_not_shown_for_an_article_one_may_not_see(
    reporter: User, client_as: Any
) -> None:
    other = make_article("draft")
    assert client_as(reporter).get(f"/desk/card/{other.id}/menu", headers=HX).status_code == 404


def test_a_transition_without_javascript_comes_back_to_the_filtered_board(
    editor: User, client_as: Any
) -> None:
    article = make_article("ready", editor=editor)
    client = client_as(editor)
    url = f"/desk/?section={section('Politics').id}"
    html = client.get(url).get_data(as_text=True)
    menu = card_menu(client, html, article.id)
    next_url = re.search(r'name="next" value="([^"]+)"', menu).group(1)
    response = client.post(
        f"/articles/{article.id}/transition/publish", data={"next": next_url.replace("&amp;", "&")}
    )
    assert response.status_code == 302 and response.headers["Location"] == url
    assert BoardPage(client.get(url).get_data(as_text=True)).columns["published"] == [article.id]


def test_after_an_htmx_transition_the_board_refresh_moves_the_card(
    editor: User, client_as: Any
) -> None:
    article = make_article("ready", editor=editor)
    client = client_as(editor)
    response = client.post(f"/articles/{article.id}/transition/reopen", headers=HX)
    assert response.status_code == 200
    assert "articleTransitioned" in response.headers["HX-Trigger"]

    html = client.get("/desk/refresh", headers=HX).get_data(as_text=True)
    page = BoardPage(html)
    assert page.columns["edit"] == [article.id] and page.columns["ready"] == []
    assert page.counts["edit"] == 1 and page.counts["ready"] == 0
    assert html.startswith('<div id="board"')
    assert 'hx-trigger="articleTransitioned from:body, every 60s"' in html


# --- one URL, two renderings ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/desk/", "/desk/refresh", "/desk/?q=x"])
def test_htmx_gets_the_board_and_a_browser_the_page(url: str, editor: User, client_as: Any) -> None:
    article = make_article("draft", headline="x marks the spot")
    client = client_as(editor)
    full = client.get(url)
    fragment = client.get(url, headers=HX)
    full_html, fragment_html = full.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in full_html and 'id="board-filters"' in full_html
    assert "<html" not in fragment_html and 'id="board-filters"' not in fragment_html
    assert f'id="card-{article.id}"' in full_html and f'id="card-{article.id}"' in fragment_html
    for response in (full, fragment):
        assert "HX-Request" in response.headers["Vary"]


def test_back_button_restore_gets_the_whole_page(editor: User, client_as: Any) -> None:
    html = client_as(editor).get("/desk/?q=x", headers=HX_HISTORY_RESTORE).get_data(as_text=True)
    assert "<html" in html and 'value="x"' in html


def test_only_a_change_of_filters_is_announced(editor: User, client_as: Any) -> None:
    client = client_as(editor)
    from_filters = client.get("/desk/?q=x", headers={**HX, "HX-Trigger": "board-filters"})
    refresh = client.get("/desk/refresh", headers={**HX, "HX-Trigger": "board"})
    assert 'hx-swap-oob="innerHTML">0 articles match' in from_filters.get_data(as_text=True)
    assert "hx-swap-oob" not in refresh.get_data(as_text=True)


def test_the_refresh_does_not_keep_an_idle_session_alive(editor: User, client_as: Any) -> None:
    with clock.frozen(NOW) as frozen:
        client = client_as(editor)
        frozen.tick(hours=3)
        assert client.get("/desk/refresh", headers=HX).status_code == 200
        seen = db.session.scalar(
            select(UserSession.last_seen_at).where(UserSession.user_id == editor.id)
        )
        assert seen == NOW
        frozen.tick(hours=1, minutes=5)
        assert client.get("/desk/refresh", headers=HX).status_code == 401


def test_the_board_needs_a_sign_in(client: FlaskClient) -> None:
    for url in ("/desk/", "/desk/refresh", "/desk/column/edit"):
        assert client.get(url).status_code == 302
        assert client.get(url, headers=HX).status_code == 401


# --- cost -----------------------------------------------------------------------------------


def _bulk_articles(count: int, people: list[User], start: int = 0) -> None:
    """`count` articles across every state, inserted in two statements (factories are slow)."""
    now = clock.now()
    sections = [section(name).id for name in ("Politics", "Economy", "Sports")]
    regions = list(db.session.scalars(select(Region.id)))
    rows = []
    for i in range(start, start + count):
        state = workflow.STATES[i % len(workflow.STATES)]
        published = state in ("published", "scheduled")
        offset = timedelta(hours=i % 20)
        rows.append(
            {
                "slug": f"bulk-{i}",
                "headline": f"Bulk story number {i}",
                "summary": "Summary.",
                "body": "Body text.",
                "body_html": "<p>Body text.</p>",
                "state": state,
                "section_id": sections[i % len(sections)],
                "region_id": regions[i % len(regions)],
                "editor_id": people[i % len(people)].id,
                "fact_checker_id": people[(i + 1) % len(people)].id,
                "state_changed_at": now - offset,
                "published_at": (now - offset if state == "published" else now + offset)
                if published
                else None,
            }
        )
    db.session.execute(insert(Article), rows)
    ids = db.session.execute(
        select(Article.id, Article.slug).where(Article.slug.in_([r["slug"] for r in rows]))
    ).all()
    authors = [
        {
            "article_id": article_id,
            "user_id": people[(int(slug[5:]) + k) % len(people)].id,
            "position": k,
        }  # fmt: skip
        for article_id, slug in ids
        for k in range(2)
    ]
    db.session.execute(insert(article_authors), authors)
    db.session.commit()


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_the_board_costs_the_same_queries_for_10_or_300_articles(
    role: str, app: Flask, users: dict[str, User], client_as: Any
) -> None:
    people = [users["reporter"], users["fact_checker"], users["editor"], make_user(Role.REPORTER)]
    with clock.frozen(NOW):  # no session touch between the two counts
        client = client_as(users[role])
        client.get("/desk/")
        # Both counts follow a change, so neither board finds its people filter kept.
        _bulk_articles(10, people)
        with counted_statements(app) as small:
            small_page = board(client)
        _bulk_articles(290, people, start=10)
        with counted_statements(app) as large:
            large_page = board(client)
        with counted_statements(app) as more:
            assert client.get("/desk/column/edit?page=2", headers=HX).status_code == 200
    assert len(large_page.ids()) > 3 * len(small_page.ids())
    # The house rules are read again only once the desk's version moved past this process's
    # own writes (`checklists.kept`: the bulk rows are written elsewhere): not the board's cost.
    small = [s for s in small if "FROM checklist_rules" not in s]
    large = [s for s in large if "FROM checklist_rules" not in s]
    assert len(small) == len(large), "\n".join(large)
    # sign-in (session, person), the site version, nav counts, columns, cards and their people,
    # the fact-check cards' claim tally, every card's deadline mark, (editors) whether anything
    # missed its publish time, the plans the stories were started from ("Planned:"), and the
    # house checklist's rules (read once; none here, so no facts are read): a fixed number
    # whatever the board holds
    assert len(large) <= 17, "\n".join(s[:90] for s in large)
    assert len(more) <= 13  # the column page: its cards, deadline marks, plans, checklist rules


def test_the_board_page_size_is_respected_at_scale(
    app: Flask, users: dict[str, User], client_as: Any
) -> None:
    _bulk_articles(300, list(users.values()))
    page = board(client_as(users["editor"]))
    size = app.config["DESK_PAGE_SIZE"]
    for state in COLUMNS:
        assert len(page.columns[state]) == min(size, page.counts[state])
    assert page.counts["draft"] == 43


def test_the_person_filter_offers_the_people_on_the_board(
    reporter: User, editor: User, client_as: Any
) -> None:
    colleague = make_user(Role.REPORTER, display_name="Jad Haddad")
    assigned = make_user(Role.FACT_CHECKER, display_name="Sami Farah")
    stranger = make_user(Role.REPORTER, display_name="Nobody Here")
    make_article("edit", authors=[reporter, colleague], fact_checker=assigned)
    make_article("draft", authors=[make_user(Role.REPORTER, display_name="Other Writer")])

    def offered(person: User) -> str:
        html = client_as(person).get("/desk/").get_data(as_text=True)
        return re.search(r'<select id="filter-person".*?</select>', html, re.S).group(0)

    for_reporter = offered(reporter)
    assert "Jad Haddad" in for_reporter and "Sami Farah" in for_reporter
    assert "Other Writer" not in for_reporter and stranger.display_name not in for_reporter
    for_editor = offered(editor)
    assert "Other Writer" in for_editor and stranger.display_name not in for_editor


def test_the_published_column_page_keeps_to_the_last_24_hours(editor: User, client_as: Any) -> None:
    recent = make_article("published", published_at=clock.now() - timedelta(hours=23))
    old = make_article("published", published_at=clock.now() - timedelta(hours=25))
    html = client_as(editor).get("/desk/column/published").get_data(as_text=True)
    assert f'id="card-{recent.id}"' in html and f'id="card-{old.id}"' not in html
