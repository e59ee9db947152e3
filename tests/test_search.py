"""Search: the public /search and the desk's /desk/search, on SQLite FTS5 and PostgreSQL tsvector.

Every test runs on whichever engine the suite runs on (EDITORIAL_TEST_DATABASE_URL for
PostgreSQL), so the same assertions hold for both.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.service import save_article
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Role, User, publicly_visible
from editorial.search import highlight as highlight_module
from editorial.search import index as search_index
from editorial.search.highlight import highlight, snippet
from editorial.text import search_fold
from tests.demo_copy import copy_demo
from tests.factories import make_article, make_user
from tests.helpers import HX, form_for, fresh

HIT_TITLE = re.compile(r'<h2 class="search-hit-title"><a href="([^"]+)">(.*?)</a></h2>', re.S)


def titles(html: str) -> list[str]:
    """The result headlines in page order, their <mark>s removed."""
    return [re.sub(r"</?mark>", "", title) for _, title in HIT_TITLE.findall(html)]


def count_line(html: str) -> str:
    found = re.search(r'<p class="search-count" role="status">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


# -- The public search ---------------------------------------------------------------------------


def test_an_empty_query_shows_the_form_only(client: FlaskClient) -> None:
    make_article("published", headline="Harbour reopens")
    page = client.get("/search").get_data(as_text=True)
    assert '<form class="search-form" role="search" aria-label="Search page"' in page
    assert 'label for="search-q"' in page
    assert "search-count" not in page and "search-hit" not in page
    assert "search-hit" not in client.get("/search?q=+++").get_data(as_text=True)


def test_every_public_page_has_the_search_box(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    box = re.search(
        r'<form class="site-search" role="search" aria-label="Site" method="get" action="/search">',
        page,
    )
    assert box
    assert '<label for="site-search-q"' in page and 'id="site-search-q"' in page


def test_a_headline_match_ranks_above_a_body_only_match(client: FlaskClient) -> None:
    body_only = make_article(
        "published",
        headline="Council meets on budget",
        body="The mayor also mentioned the flamingo colony near the lake.",
    )
    in_headline = make_article(
        "published",
        headline="Flamingo colony returns to the lake",
        body="Birdwatchers counted hundreds this week.",
        published_at=clock.now() - timedelta(days=3),  # older: the rank, not the date, wins
    )
    page = client.get("/search?q=flamingo").get_data(as_text=True)
    assert titles(page) == [in_headline.headline, body_only.headline]
    assert count_line(page) == "2 results for “flamingo”"


def test_the_summary_ranks_above_the_body(client: FlaskClient) -> None:
    body_only = make_article("published", headline="Port news", body="A walrus was seen.")
    in_summary = make_article(
        "published",
        headline="Harbour news",
        summary="A walrus swam into the harbour.",
        published_at=clock.now() - timedelta(days=2),
    )
    page = client.get("/search?q=walrus").get_data(as_text=True)
    assert titles(page) == [in_summary.headline, body_only.headline]


def test_stemming_finds_other_forms_of_a_word(client: FlaskClient) -> None:
    story = make_article("published", headline="Elections called for spring")
    page = client.get("/search?q=election").get_data(as_text=True)
    assert titles(page) == [story.headline]
    assert "<mark>Elections</mark>" in page


def test_every_word_must_match(client: FlaskClient) -> None:
    both = make_article("published", headline="Glacier melt speeds up", body="Ice in the Alps.")
    make_article("published", headline="Glacier tours resume", body="Tourists return.")
    page = client.get("/search?q=glacier+alps").get_data(as_text=True)
    assert titles(page) == [both.headline]


def test_a_draft_is_never_found_publicly(client: FlaskClient) -> None:
    for state in ("draft", "edit", "fact_check", "ready", "spiked"):
        make_article(state, headline=f"Secret zeppelin plan {state}")
    later = make_article(
        "scheduled",
        headline="Zeppelin plan, scheduled",
        published_at=clock.now() + timedelta(hours=2),
    )
    page = client.get("/search?q=zeppelin").get_data(as_text=True)
    assert titles(page) == []
    assert "Nothing found for “zeppelin”" in page
    assert later.headline not in page


def test_a_scheduled_story_is_found_once_its_time_has_come(client: FlaskClient) -> None:
    due = make_article(
        "scheduled", headline="Zeppelin lands", published_at=clock.now() - timedelta(minutes=1)
    )
    assert titles(client.get("/search?q=zeppelin").get_data(as_text=True)) == [due.headline]


def test_an_unpublished_story_disappears_from_results(client: FlaskClient, editor: User) -> None:
    story = make_article("published", headline="Mongoose escapes the zoo")
    assert titles(client.get("/search?q=mongoose").get_data(as_text=True)) == [story.headline]
    apply(story, "unpublish", editor, Request(note="Legal asked us to hold it."))
    db.session.commit()
    assert titles(client.get("/search?q=mongoose").get_data(as_text=True)) == []


def test_an_edit_updates_the_results(client_as: Any, editor: User) -> None:
    story = make_article("edit", headline="Tram line opens", body="The tram runs east.")
    desk = client_as(editor)
    assert titles(desk.get("/desk/search?q=tram").get_data(as_text=True)) == [story.headline]
    response = desk.post(
        f"/articles/{story.id}/edit",
        data=form_for(story, headline="Funicular opens", body="It climbs the hill.", tags="Rail"),
    )
    assert response.status_code == 302
    assert titles(desk.get("/desk/search?q=tram").get_data(as_text=True)) == []
    assert titles(desk.get("/desk/search?q=funicular").get_data(as_text=True)) == [
        "Funicular opens"
    ]
    assert titles(desk.get("/desk/search?q=rail").get_data(as_text=True)) == ["Funicular opens"]


def test_a_service_save_updates_the_results(client_as: Any, editor: User) -> None:
    story = make_article("draft", headline="Gondola plan")
    save_article(story, editor, {"headline": "Cable car plan"}, expected_version=story.version)
    db.session.commit()
    desk = client_as(editor)
    assert titles(desk.get("/desk/search?q=gondola").get_data(as_text=True)) == []
    assert titles(desk.get("/desk/search?q=cable").get_data(as_text=True)) == ["Cable car plan"]


def test_a_correction_updates_the_results(
    client: FlaskClient, client_as: Any, editor: User
) -> None:
    story = make_article("published", headline="Bridge costs 4 million", body="Its cost: lynx.")
    assert titles(client.get("/search?q=lynx").get_data(as_text=True)) == [story.headline]
    response = client_as(editor).post(
        f"/articles/{story.id}/correct",
        data={**form_for(story, body="Its cost: ocelot."), "notice": "The animal was misnamed."},
    )
    assert response.status_code == 302
    assert titles(client.get("/search?q=lynx").get_data(as_text=True)) == []
    assert titles(client.get("/search?q=ocelot").get_data(as_text=True)) == [story.headline]


def test_a_revision_restore_updates_the_results(client_as: Any, editor: User) -> None:
    story = make_article("edit", headline="Budget vote", body="The vote was on a Monday.")
    desk = client_as(editor)
    desk.post(f"/articles/{story.id}/edit", data=form_for(story, body="It was a Thursday."))
    assert titles(desk.get("/desk/search?q=monday").get_data(as_text=True)) == []
    first = db.session.scalars(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == story.id)
        .order_by(ArticleRevision.version)
    ).first()
    assert first is not None
    response = desk.post(
        f"/articles/{story.id}/revisions/{first.id}/restore",
        data={"version": str(fresh(story.id).version)},
    )
    assert response.status_code == 302
    assert titles(desk.get("/desk/search?q=monday").get_data(as_text=True)) == [story.headline]
    assert titles(desk.get("/desk/search?q=thursday").get_data(as_text=True)) == []


def test_tags_are_searched(client: FlaskClient) -> None:
    story = make_article("published", headline="Council votes", tags=["Quokka Watch"])
    assert titles(client.get("/search?q=quokka").get_data(as_text=True)) == [story.headline]


def test_results_come_ten_to_a_page(client: FlaskClient) -> None:
    start = clock.now() - timedelta(days=1)
    for n in range(23):
        make_article(
            "published", headline=f"Heron count {n}", published_at=start + timedelta(minutes=n)
        )
    first = client.get("/search?q=heron").get_data(as_text=True)
    assert count_line(first) == "23 results for “heron”"
    assert len(titles(first)) == 10
    assert 'rel="next" href="/search?q=heron&amp;page=2"' in first
    assert 'rel="prev"' not in first
    third = client.get("/search?q=heron&page=3").get_data(as_text=True)
    assert titles(third) == [
        "Heron count 2",
        "Heron count 1",
        "Heron count 0",
    ]  # equal rank: newest first
    assert 'rel="prev" href="/search?q=heron&amp;page=2"' in third and 'rel="next"' not in third
    pages = [
        titles(client.get(f"/search?q=heron&page={n}").get_data(as_text=True)) for n in (1, 2, 3)
    ]
    assert len({t for page in pages for t in page}) == 23  # no story twice, none missed
    beyond = client.get("/search?q=heron&page=9").get_data(as_text=True)
    assert "No more results" in beyond
    assert client.get("/search?q=heron&page=99999").status_code == 404


def test_a_word_in_more_stories_than_counted_is_more_than_the_cap_ranked_among_the_newest(
    client: FlaskClient, client_as: Any, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The count and the ranking stop at MATCHES (1,000; 5 here), newest first, so a search
    # costs the same in any archive: the older headline matches rank better but are not among
    # the newest five, and the reader is told the count is more than five.
    monkeypatch.setattr(search_index, "MATCHES", 5)
    start = clock.now() - timedelta(days=2)
    older = [
        make_article("published", headline=f"Ibis {n}", published_at=start + timedelta(minutes=n))
        for n in range(2)
    ]
    newer = [
        make_article(
            "published",
            headline=f"Harbour notes {n}",
            body="An ibis was seen.",
            published_at=start + timedelta(hours=1, minutes=n),
        )
        for n in range(5)
    ]
    page = client.get("/search?q=ibis").get_data(as_text=True)
    assert count_line(page) == "More than 5 results for “ibis”, the best of the newest 5 first"
    assert sorted(titles(page)) == sorted(story.headline for story in newer)
    assert not {story.headline for story in older} & set(titles(page))
    assert 'rel="next"' not in page  # the five ranked are all on this page
    beyond = count_line(client.get("/search?q=ibis&page=2").get_data(as_text=True))
    assert beyond == (
        "No more results for “ibis”: only the newest 5 are ranked, on the pages before this "
        "one. Add a word to narrow the search."
    )
    staff = client_as(editor).get("/desk/search?q=ibis").get_data(as_text=True)
    assert count_line(staff).startswith("More than 5 results for “ibis”")
    # Exactly as many as are counted is an exact count.
    monkeypatch.setattr(search_index, "MATCHES", 7)
    assert count_line(client.get("/search?q=ibis").get_data(as_text=True)) == (
        "7 results for “ibis”"
    )
    found = search_index.search("ibis", publicly_visible(), language="en", per_page=10)
    assert (found.total, found.capped, len(found.articles)) == (7, False, 7)
    assert found.articles[:2] == older[::-1]  # all seven ranked: the headlines first


def test_a_search_reads_its_matches_once_to_count_and_rank_them(app: Any) -> None:
    """One statement walks the newest matches, counts and ranks them (the count was a second
    walk of the same matches, each reading its story's row again)."""
    for n in range(3):
        make_article("published", headline=f"Egret sighting {n}")
    db.session.commit()
    with counted_statements(app) as statements:
        found = search_index.search("egret", publicly_visible(), language="en", per_page=2)
    assert (found.total, found.capped, len(found.articles)) == (3, False, 2)
    assert len([s for s in statements if "article_search" in s]) == 1, statements


def test_the_readers_search_is_built_once_and_finds_what_the_general_search_finds(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`search_public` binds the words, time, language and page to one statement per database
    and language; its pages are `search`'s with `publicly_visible()`, capped or not, past the
    last page included."""
    start = clock.now() - timedelta(days=1)
    for n in range(7):
        make_article(
            "published",
            headline=f"Egret count {n}" if n % 2 else f"Harbour log {n}",
            body="An egret was seen." if n % 3 else "Nothing seen.",
            published_at=start + timedelta(minutes=n),
        )
    make_article("draft", headline="Egret draft")
    make_article("scheduled", headline="Egret later", published_at=clock.now() + timedelta(days=1))
    db.session.commit()
    search_index._public_statements.cache_clear()
    for cap in (1_000, 3):
        monkeypatch.setattr(search_index, "MATCHES", cap)
        for words in ("egret", "harbour log", "seen", "nothing at all"):
            for page in (1, 2, 3):
                general = search_index.search(
                    words, publicly_visible(), language="en", page=page, per_page=2
                )
                readers = search_index.search_public(words, "en", page=page, per_page=2)
                assert readers == general, (cap, words, page)
    assert search_index._public_statements.cache_info().currsize == 2  # one per cap


@pytest.mark.usefixtures("clock_held_still")
def test_the_search_page_keeps_the_masthead_and_footer_of_the_site(
    app: Any, client: FlaskClient
) -> None:
    """The search page's menus, ticker and footer are the site's parts, drawn once per site
    version (public/fragments.py) like every other public page's: a second search reads no
    sections or regions. The clock held still: the parts' key holds the 5 s time slot, and a
    loaded machine (PostgreSQL, load 22) took the two requests across a slot's end."""
    make_article("published", headline="Egret sighting")
    first = client.get("/search?q=egret").get_data(as_text=True)
    with counted_statements(app) as statements:
        second = client.get("/search?q=sighting").get_data(as_text=True)
    assert not [s for s in statements if "FROM sections" in s or "FROM regions" in s]
    chrome = re.compile(r'<div class="masthead-inner">.*?</header>', re.S)  # the kept part
    assert chrome.search(first).group(0) == chrome.search(second).group(0)  # type: ignore[union-attr]


def test_a_term_inside_script_is_shown_as_inert_text(client: FlaskClient) -> None:
    story = make_article(
        "published",
        headline='<script>alert("okapi")</script> in the headline',
        summary="An <img src=x onerror=alert(1)> okapi summary",
        body='Markdown text: `<script>alert("okapi")</script>` and <script>okapi()</script> too.',
    )
    page = client.get("/search?q=okapi").get_data(as_text=True)
    assert titles(page) == [
        "&lt;script&gt;alert(&#34;okapi&#34;)&lt;/script&gt; in the headline"
    ], story.headline
    assert "&lt;script&gt;alert(&#34;<mark>okapi</mark>&#34;)&lt;/script&gt;" in page
    assert "An &lt;img src=x onerror=alert(1)&gt; <mark>okapi</mark> summary" in page
    main = page.split('<main id="main"', 1)[1]
    assert "<script" not in main and "<img" not in main


def test_query_syntax_never_errors(client: FlaskClient) -> None:
    story = make_article("published", headline="Near the river, a beaver dam")
    for query in (
        '"beaver',
        "beaver*",
        "-beaver",
        "NEAR(beaver dam)",
        "(beaver",
        "dam:beaver",
        "beaver'; --",
        "^beaver",
        "beaver & | ! : <->",
        "{beaver}",
    ):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200, query
        assert titles(response.get_data(as_text=True)) == [story.headline], query
    for query in (
        '"',
        "*",
        "-",
        "()",
        "NEAR",
        ":",
        "&|!",
        "beaver AND OR NOT",
        "a:* | b",
        "x' OR 1=1 --",
    ):
        assert client.get("/search", query_string={"q": query}).status_code == 200, query


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.text(max_size=250) | st.text(alphabet='"*-+():^{}[]&|!<>~NEARORAND ', max_size=40),
    page=st.one_of(st.integers().map(str), st.sampled_from(["", "0", "-1", "x", "9" * 30])),
)
def test_whatever_is_typed_the_answer_is_never_a_500(
    client: FlaskClient, desk: FlaskClient, q: str, page: str
) -> None:
    args = {"q": q, "page": page}
    assert client.get("/search", query_string=args).status_code < 500
    assert desk.get("/desk/search", query_string=args, headers=HX).status_code < 500


def test_a_query_of_only_punctuation_says_so(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "*** ---"}).get_data(as_text=True)
    assert "has no letters or digits" in page


def test_a_long_query_is_refused_with_a_message_and_kept(client: FlaskClient) -> None:
    query = "kestrel " * 40
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "Keep it under 200 characters." in page
    assert 'aria-invalid="true"' in page
    assert "kestrel kestrel" in page  # what was typed stays in the box


# -- The desk's search ---------------------------------------------------------------------------


def test_a_reporter_finds_their_own_draft_but_never_anothers(client_as: Any) -> None:
    me, colleague = make_user(Role.REPORTER), make_user(Role.REPORTER)
    mine = make_article("draft", authors=[me], headline="Pangolin smuggling, my draft")
    theirs = make_article("draft", authors=[colleague], headline="Pangolin trade, their draft")
    in_edit = make_article("edit", authors=[colleague], headline="Pangolin rescue, in edit")
    public = make_article("published", authors=[colleague], headline="Pangolin census")
    page = client_as(me).get("/desk/search?q=pangolin").get_data(as_text=True)
    assert sorted(titles(page)) == sorted([mine.headline, public.headline])
    assert theirs.headline not in page and in_edit.headline not in page
    assert f'href="/articles/{mine.id}"' in page


def test_an_editor_finds_every_state(client_as: Any, editor: User) -> None:
    states = ("draft", "edit", "fact_check", "ready", "published", "spiked")
    for state in states:
        make_article(state, headline=f"Axolotl story ({state})")
    page = client_as(editor).get("/desk/search?q=axolotl").get_data(as_text=True)
    assert len(titles(page)) == len(states)
    assert count_line(page) == "6 results for “axolotl”"


def test_a_fact_checker_sees_checked_states_and_assigned_work(client_as: Any) -> None:
    checker = make_user(Role.FACT_CHECKER)
    make_article("draft", headline="Ibex draft")
    checking = make_article("fact_check", headline="Ibex check")
    assigned = make_article("edit", headline="Ibex assigned", fact_checker_id=checker.id)
    page = client_as(checker).get("/desk/search?q=ibex").get_data(as_text=True)
    assert sorted(titles(page)) == sorted([checking.headline, assigned.headline])


def test_staff_search_needs_a_signed_in_person(client: FlaskClient) -> None:
    response = client.get("/desk/search?q=anything")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_staff_search_answers_htmx_with_the_results_alone(client_as: Any, editor: User) -> None:
    story = make_article("edit", headline="Narwhal sighting")
    desk = client_as(editor)
    fragment = desk.get("/desk/search?q=narwhal", headers=HX).get_data(as_text=True)
    assert fragment.startswith('<div id="search-results"')
    assert "<html" not in fragment and titles(fragment) == [story.headline]
    page = desk.get("/desk/search?q=narwhal").get_data(as_text=True)
    assert "<html" in page and 'hx-get="/desk/search"' in page
    assert titles(page) == [story.headline]


def test_the_board_filter_links_to_the_full_text_search(client_as: Any, editor: User) -> None:
    board = client_as(editor).get("/desk/?q=harbour").get_data(as_text=True)
    assert 'href="/desk/search?q=harbour"' in board


# -- The index and its helpers -------------------------------------------------------------------


def test_reindex_rebuilds_a_lost_index(client: FlaskClient, runner: Any) -> None:
    story = make_article("published", headline="Tapir calf born")
    db.session.execute(db.text("DELETE FROM article_search"))
    db.session.commit()
    assert titles(client.get("/search?q=tapir").get_data(as_text=True)) == []
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0 and "Search index rebuilt: 1 articles" in result.output
    assert titles(client.get("/search?q=tapir").get_data(as_text=True)) == [story.headline]


def test_the_demo_newsroom_is_searchable(app: Flask, client: FlaskClient) -> None:
    copy_demo(app)  # loaded once per test process, at tests/demo_copy.py's LOADED_AT
    indexed = db.session.scalar(db.text("SELECT count(*) FROM article_search"))
    assert indexed == db.session.scalar(select(func.count(Article.id)))
    published = db.session.scalars(select(Article).where(publicly_visible()).limit(1)).one()
    word = max(search_index.terms(published.headline), key=len)
    found = titles(client.get(f"/search?q={word}").get_data(as_text=True))
    assert str(escape(published.headline)) in found  # as the page writes it (an apostrophe too)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ('"beaver dam"', ["beaver", "dam"]),
        ("NEAR(a b)", ["near", "a", "b"]),
        ("-x* OR y", ["x", "or", "y"]),
        ("Café café", ["cafe"]),
        ("", []),
    ],
)
def test_terms_are_plain_words(typed: str, words: list[str]) -> None:
    assert search_index.terms(typed) == words


def _words_folded_one_by_one(text: str, stems: tuple[str, ...]) -> list[tuple[int, int]]:
    """The highlighter's rule, word by word: a word is marked when, folded, it starts like a
    stem (`highlight._matches` finds ASCII text's words with one expression instead)."""
    return [
        word.span()
        for word in highlight_module._WORD.finditer(text)
        if stems and search_fold(word.group()).startswith(stems)
    ]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet="abAB1_ -.é<&ا", max_size=40),
    terms=st.lists(st.text(alphabet="abAB1_é", max_size=4), max_size=3),
)
def test_highlight_marks_the_words_folding_each_word_would(text: str, terms: list[str]) -> None:
    stems = highlight_module._stems(terms)
    found = [match.span() for match in highlight_module._matches(text, stems)]
    assert found == _words_folded_one_by_one(text, stems)


def test_highlight_escapes_everything_but_its_marks() -> None:
    assert str(highlight("<b>Vote</b> & voters", ["votes"])) == (
        "&lt;b&gt;<mark>Vote</mark>&lt;/b&gt; &amp; <mark>voters</mark>"
    )
    assert str(highlight("nothing here", ["absent"])) == "nothing here"
    long = "word " * 200 + "needle " + "word " * 200
    piece = str(snippet(long, ["needle"]))
    assert "<mark>needle</mark>" in piece and piece.startswith("… ") and piece.endswith(" …")
    assert len(piece) < 300
