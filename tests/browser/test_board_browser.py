"""The desk board in Chromium: filters in the address, a transition from a card's menu moving the
card without a reload, "More", and the board without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import cycle
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from editorial import clock
from editorial.demo.load import ARTICLES
from editorial.extensions import db
from editorial.models import Region, Role, User, article_authors
from tests.browser.conftest import LiveUser
from tests.factories import PASSWORD, make_article, make_user, section

pytestmark = pytest.mark.browser

# How the newsroom's day is spread over the board: (state, hours in that state).
PLAN = (
    [("draft", h) for h in (1, 3, 7, 30, 50)]
    + [("edit", h) for h in (0.2, 2, 5, 26, 9, 12)]
    + [("fact_check", h) for h in (1, 4, 8, 3)]
    + [("ready", h) for h in (0.5, 7, 2)]
    + [("scheduled", h) for h in (1, 2, 3)]
    + [("published", h) for h in (1, 3, 6, 11, 20, 40)]
    + [("spiked", 10)]
)


def _newsroom(app: Any) -> dict[str, Any]:
    """About thirty demo-like articles in every state, with the people working on them."""
    with app.app_context():
        reporters = [
            make_user(Role.REPORTER, display_name=name)
            for name in ("Amal Nasser", "Jad Haddad", "Maya Rahal")
        ]
        editors = [make_user(Role.EDITOR, display_name=n) for n in ("Karim Aziz", "Rima Khoury")]
        checkers = [
            make_user(Role.FACT_CHECKER, display_name=n) for n in ("Sami Farah", "Dana Youssef")
        ]
        regions = {r.name: r for r in db.session.scalars(select(Region))}
        now = clock.now()
        made: dict[str, list[int]] = {}
        by_section: dict[str, list[int]] = {}
        people = cycle(reporters)
        for index, ((state, hours), item) in enumerate(zip(PLAN, ARTICLES, strict=False)):
            since = now - timedelta(hours=hours)
            extra: dict[str, Any] = {}
            if state == "published":
                extra["published_at"] = since
            elif state == "scheduled":
                extra["published_at"] = now + timedelta(hours=2 + index % 5)
            if state not in ("draft", "spiked"):
                extra["editor"] = editors[index % 2]
            if state in ("fact_check", "ready", "scheduled", "published"):
                extra["fact_checker"] = checkers[index % 2]
            author = next(people)
            article = make_article(
                state,
                authors=[author] if index % 4 else [author, next(people)],
                headline=str(item["headline"]),
                summary=str(item["summary"]),
                section=section(str(item["section"])),
                region=regions.get(str(item["region"])) if item["region"] else None,
                state_changed_at=since,
                source=str(item["source"]),
                **extra,
            )
            made.setdefault(state, []).append(article.id)
            by_section.setdefault(str(item["section"]), []).append(article.id)
        return {"made": made, "by_section": by_section, "editors": editors}


@pytest.fixture(scope="module")
def newsroom(live_server: Any) -> dict[str, Any]:
    return _newsroom(live_server.app)


def _ready_in(app: Any, newsroom: dict[str, Any]) -> tuple[str, int, int]:
    """A section holding a ready article: (section name, its id, the article id)."""
    with app.app_context():
        for name, ids in newsroom["by_section"].items():
            ready = [i for i in ids if i in newsroom["made"]["ready"]]
            if ready:
                return name, section(name).id, ready[0]
    raise AssertionError("the plan has no ready article")


def test_editor_filters_and_moves_a_card_without_a_reload(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    newsroom: dict[str, Any],
) -> None:
    editor = live_user("editor", display_name="Layla Mansour")
    page.set_viewport_size({"width": 1500, "height": 920})
    sign_in_page(page, editor)
    expect(page.get_by_role("heading", name="Board", level=1)).to_be_visible()
    for state in ("draft", "edit", "fact_check", "ready"):
        for article_id in newsroom["made"][state][:1]:
            expect(page.locator(f"#column-{state} #card-{article_id}")).to_be_visible()
    expect(page.locator(".card.is-stale").first).to_contain_text("Stale")
    screenshot(page, "board")
    assert_accessible(page)

    page.evaluate("window.__marker = 'same page'")
    name, section_id, article_id = _ready_in(live_server.app, newsroom)
    page.get_by_label("Section").select_option(label=name)
    page.wait_for_url(re.compile(rf"/desk/\?section={section_id}$"))
    expect(page.locator("#board")).not_to_contain_text("All sections")
    kickers = page.locator("#board .card-kicker").all_inner_texts()
    assert kickers and all(k.upper().startswith(name.upper()) for k in kickers)

    card = page.locator(f"#column-ready #card-{article_id}")
    card.locator(".card-menu > summary").click()
    publish = card.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_visible()
    screenshot(page, "board-card-menu")
    assert_accessible(page)
    before = int(page.locator("#column-published .count").first.inner_text().split()[0])
    publish.click()
    card.get_by_role("button", name="Confirm publish").click()  # it asks once

    moved = page.locator(f"#column-published #card-{article_id}")
    expect(moved).to_be_visible()
    expect(page.locator(f"#column-ready #card-{article_id}")).to_have_count(0)
    expect(page.locator("#column-published .count").first).to_contain_text(str(before + 1))
    expect(page.locator(".toast-success")).to_contain_text("is now in Published")
    assert page.evaluate("window.__marker") == "same page"  # no navigation happened
    assert re.search(rf"/desk/\?section={section_id}$", page.url)
    expect(moved.locator(".card-link")).to_be_focused()  # focus followed the card
    screenshot(page, "board-after-publish")
    assert_accessible(page)

    page.get_by_label("Headline").press_sequentially(headline_word(live_server.app, article_id))
    page.wait_for_url(re.compile(rf"/desk/\?q=\w+&section={section_id}$"))
    expect(page.locator("#board .card")).to_have_count(1)
    expect(page.locator(f"#card-{article_id}")).to_be_visible()
    assert page.evaluate("window.__marker") == "same page"


def headline_word(app: Any, article_id: int) -> str:
    """The longest word of an article's headline: enough to find it by searching."""
    from editorial.models import Article

    with app.app_context():
        headline = db.session.get(Article, article_id).headline
    return max(re.findall(r"[A-Za-z]+", headline), key=len)


def test_more_appends_the_next_page_in_place(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    newsroom: dict[str, Any],
) -> None:
    editor = live_user("editor")
    live_server.app.config["DESK_PAGE_SIZE"] = 2
    try:
        sign_in_page(page, editor)
        column = page.locator("#column-draft")
        expect(column.locator(".card")).to_have_count(2)
        page.evaluate("window.__marker = 'same page'")
        column.get_by_role("link", name=re.compile(r"^More in Draft")).click()
        expect(column.locator(".card")).to_have_count(4)
        assert page.evaluate("window.__marker") == "same page"
        assert page.url.endswith("/desk/")
        expect(column.locator(".card").nth(2).locator(".card-link")).to_be_focused()
        page.goto("/desk/column/draft?page=2")  # where "More" leads without JavaScript
        expect(page.get_by_role("heading", name=re.compile("^Draft"), level=1)).to_be_visible()
        expect(page.locator("#cards-draft .card")).to_have_count(2)
        screenshot(page, "board-column-page")
        assert_accessible(page)
    finally:
        live_server.app.config["DESK_PAGE_SIZE"] = 20


def test_board_on_a_phone(
    page: Page, live_user: Any, sign_in_page: Any, screenshot: Any, newsroom: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_page(page, live_user("editor"))
    expect(page.locator("#column-draft .card").first).to_be_visible()
    scroll = page.evaluate(
        "(() => { const c = document.querySelector('.columns'); "
        "return c.scrollWidth > c.clientWidth; })()"
    )
    assert scroll, "columns should scroll sideways on a narrow screen"
    screenshot(page, "board-phone")


def test_board_works_without_javascript(
    browser: Browser, live_server: Any, newsroom: dict[str, Any]
) -> None:
    with live_server.app.app_context():
        editor = make_user(Role.EDITOR)
        email = editor.email
    name, section_id, _ = _ready_in(live_server.app, newsroom)
    with live_server.app.app_context():
        target = make_article(
            "ready", section=section(name), headline="No-script desk story", editor=None
        )
        target_id = target.id
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/desk/")
        page.get_by_label("Section").select_option(label=name)
        page.get_by_label("Headline").fill("no-script")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url(re.compile(r"q=no-script"))
        assert f"section={section_id}" in page.url
        card = page.locator(f"#column-ready #card-{target_id}")
        card.locator(".card-menu > summary").click()
        # Without JavaScript the menu offers the article's page, whose buttons come back here.
        card.get_by_role("link", name="Open the article to move it on").click()
        page.get_by_role("button", name="Publish", exact=True).click()
        page.wait_for_load_state()
        assert f"section={section_id}" in page.url and "q=no-script" in page.url
        expect(page.locator(f"#column-published #card-{target_id}")).to_be_visible()
        expect(page.locator(".flash-success")).to_contain_text("is now in Published")
    finally:
        context.close()


def test_a_reporter_sees_only_their_own_cards(
    page: Page, live_server: Any, sign_in_page: Any, newsroom: dict[str, Any]
) -> None:
    with live_server.app.app_context():
        reporter = db.session.scalar(select(User).where(User.display_name == "Maya Rahal"))
        own = set(
            db.session.scalars(
                select(article_authors.c.article_id).where(article_authors.c.user_id == reporter.id)
            )
        )
        person = LiveUser(reporter.id, reporter.email, reporter.display_name)
    sign_in_page(page, person)
    ids = page.locator("#board .card").evaluate_all("cards => cards.map(c => c.id)")
    shown = {int(i.removeprefix("card-")) for i in ids}
    assert shown and shown <= own
    expect(page.get_by_label("Mine")).to_have_count(0)


def test_a_pasted_headline_filters_the_board(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any, newsroom: dict[str, Any]
) -> None:
    sign_in_page(page, live_user("editor"))
    page.evaluate("window.__marker = 'same page'")
    article_id = newsroom["made"]["edit"][0]
    word = headline_word(live_server.app, article_id)
    page.get_by_label("Headline").fill(word)  # as a paste does: one input event, no key pressed
    page.wait_for_url(re.compile(rf"/desk/\?q={word}$"))
    expect(page.locator(f"#card-{article_id}")).to_be_visible()
    titles = page.locator("#board .card-title").all_inner_texts()
    assert titles and all(word.lower() in title.lower() for title in titles)
    assert page.evaluate("window.__marker") == "same page"
