"""The public news site: what readers may see, how a story page reads, pages, reads, caching."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, current_app, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.extensions import csrf, db
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, ArticleRead, Correction, Region, Role, Section, SectionGroup
from editorial.models.reads import record_read
from editorial.page_cache import MIN_SLOT_SECONDS, bump_site_version
from editorial.public import reads as beacon
from editorial.public import views
from editorial.rendering import render_markdown
from tests.factories import make_article, make_headline, make_user, section
from tests.helpers import markup_that_runs
from tests.parsed import Page


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return Page(html).text


def published(**fields: Any) -> Article:
    return make_article("published", **fields)


def politics() -> Section:
    return section("Politics")


# --- Who sees what ------------------------------------------------------------------------------

PAST = timedelta(minutes=-5)
FUTURE = timedelta(hours=2)

VISIBILITY = [
    ("draft", None, False, 404),
    ("edit", None, False, 404),
    ("fact_check", None, False, 404),
    ("ready", None, False, 404),
    ("spiked", None, False, 404),
    ("scheduled", FUTURE, False, 404),
    ("scheduled", PAST, False, 200),
    ("published", PAST, True, 200),
    # Published once, then taken down: gone, not missing.
    ("edit", PAST, True, 410),
    ("ready", PAST, True, 410),
    ("spiked", PAST, True, 410),
]


@pytest.mark.parametrize(("state", "offset", "was_public", "status"), VISIBILITY)
def test_visibility_matrix(
    client: FlaskClient, state: str, offset: timedelta | None, was_public: bool, status: int
) -> None:
    at = clock.now() + offset if offset is not None else None
    article = make_article(state, published_at=at, headline="The matrix story")
    if was_public:
        article.first_published_at = clock.now() - timedelta(days=1)
        db.session.commit()

    body = page(client, f"/news/{article.slug}", status)
    listed = "The matrix story" in page(client, "/") + page(client, "/section/politics")
    assert listed is (status == 200)
    if status == 410:
        assert "This article has been withdrawn by the newsroom." in body
    if status == 404:
        assert "The matrix story" not in body


def test_unknown_slug_is_404(client: FlaskClient) -> None:
    assert client.get("/news/no-such-story").status_code == 404


def test_unpublish_turns_the_public_url_into_410(client: FlaskClient, editor: Any) -> None:
    article = make_article("ready", headline="Port deal signed", tags=["Ports"])
    apply(article, "publish", editor)
    db.session.commit()
    assert "Port deal signed" in page(client, f"/news/{article.slug}")
    assert "Port deal signed" in page(client, "/feeds/rss.xml")

    apply(article, "unpublish", editor, Request(note="Legal asked us to hold it."))
    db.session.commit()

    response = client.get(f"/news/{article.slug}")
    assert response.status_code == 410
    assert "withdrawn by the newsroom" in response.get_data(as_text=True)
    assert "Port deal signed" not in page(client, "/")
    assert "Port deal signed" not in page(client, "/feeds/rss.xml")
    assert client.get("/tag/ports").status_code == 404


def test_scheduled_story_appears_at_its_time_without_any_job(
    client: FlaskClient, editor: Any
) -> None:
    at = datetime(2031, 3, 4, 8, 0, tzinfo=UTC)
    article = make_article("ready", headline="Budget vote at dawn")
    with clock.frozen(at - timedelta(hours=1)):
        apply(article, "schedule", editor, Request(publish_at=at))
        db.session.commit()
    url = f"/news/{article.slug}"

    with clock.frozen(at - timedelta(seconds=1)):
        assert client.get(url).status_code == 404
        assert "Budget vote at dawn" not in page(client, "/")
        assert "Budget vote at dawn" not in page(client, "/feeds/atom.xml")
    with clock.frozen(at):
        assert client.get(url).status_code == 200
    with clock.frozen(at + timedelta(seconds=1)):
        assert "Budget vote at dawn" in page(client, "/")
        assert "Budget vote at dawn" in page(client, "/section/politics")
        assert "Budget vote at dawn" in page(client, "/feeds/rss.xml")
        assert client.post(f"{url}/read").status_code == 204

    db.session.refresh(article)
    assert article.state == "scheduled"  # nothing released it: visibility follows the clock


def test_a_draft_sharing_a_section_tag_and_author_leaks_nowhere(client: FlaskClient) -> None:
    author = make_user(Role.REPORTER, display_name="Nour Draftwriter")
    make_article("draft", authors=[author], headline="Secret merger talks", tags=["Merger"])
    make_article("scheduled", published_at=clock.now() + FUTURE, headline="Embargoed result")
    public_pages = ["/", "/section/politics", "/feeds/rss.xml", "/feeds/atom.xml"]
    everything = "".join(page(client, url) for url in public_pages)
    assert "Secret merger talks" not in everything
    assert "Embargoed result" not in everything
    assert client.get("/tag/merger").status_code == 404  # the tag name alone would leak it
    assert client.get(f"/author/{author.id}").status_code == 404
    assert client.post("/news/" + _slug("Secret merger talks") + "/read").status_code == 404


def _slug(headline: str) -> str:
    return db.session.scalar(select(Article.slug).where(Article.headline == headline))


# --- The story page -----------------------------------------------------------------------------


def _story_with_everything() -> tuple[Article, dict[str, Article]]:
    first = make_user(Role.REPORTER, display_name="Rana Haddad")
    second = make_user(Role.REPORTER, display_name="Jad Nasser")
    economy = section("Economy")
    older_politics = published(
        headline="Older politics story", published_at=datetime(2023, 10, 18, 8, tzinfo=UTC)
    )
    shares_tags = published(
        headline="Two shared tags",
        tags=["Gaza", "Lavrov"],
        section=economy,
        published_at=datetime(2023, 10, 10, tzinfo=UTC),
    )
    shares_one = published(
        headline="One shared tag",
        tags=["Gaza"],
        section=economy,
        published_at=datetime(2023, 10, 17, tzinfo=UTC),
    )
    published(
        headline="Turkey tagged",
        tags=["Turkey"],
        section=economy,
        published_at=datetime(2023, 10, 16, tzinfo=UTC),
    )
    make_article("draft", headline="Draft with the same tags", tags=["Gaza", "Lavrov"])
    story = published(
        authors=[first, second],
        headline="Russian FM slams blaming Iran for 'everything'",
        summary="Lavrov says Russia and Turkey are in talks.",
        body="word " * 920,
        source="Agencies",
        tags=["Gaza", "Lavrov", "Turkey"],
        region=db.session.scalar(select(Region).where(Region.slug == "mena")),
        hero_image_url="https://images.example.org/gaza.jpg",
        hero_caption="Smoke rises over Gaza City (AFP)",
        published_at=datetime(2023, 10, 19, 6, 51, tzinfo=UTC),
    )
    db.session.add(
        Correction(
            article_id=story.id,
            at=datetime(2023, 10, 20, 7, 15, tzinfo=UTC),
            notice="An earlier version misnamed the city where Lavrov spoke.",
        )
    )
    for _ in range(5):  # read enough this week to be on "Most read"
        record_read(shares_tags.id, clock.now().date())
    db.session.commit()
    return story, {"older": older_politics, "two": shares_tags, "one": shares_one}


def test_article_page_anatomy(client: FlaskClient) -> None:
    story, others = _story_with_everything()
    html = page(client, f"/news/{story.slug}")
    doc = Page(html)
    text = text_of(html)

    assert doc.find("h1", class_="story-title")
    assert "Russian FM slams blaming Iran for &#39;everything&#39;" in html
    assert 'class="kicker"><a href="/section/politics"><bdi>Politics</bdi></a>' in html
    byline = re.search(r'class="byline-authors">(.*?)</li>', html).group(1)
    authors = story.authors
    assert byline == (
        f'By <a href="/author/{authors[0].id}"><bdi>Rana Haddad</bdi></a>, '
        f'<a href="/author/{authors[1].id}"><bdi>Jad Nasser</bdi></a>'
    )
    assert "Source: Agencies" in text
    assert "19 Oct 2023 09:51" in text  # 06:51 UTC in Beirut's summer time
    assert "4 Min Read" in text
    assert "Lavrov says Russia and Turkey are in talks." in text
    assert doc.find("img", src="https://images.example.org/gaza.jpg", alt=story.hero_caption)
    assert "<figcaption>Smoke rises over Gaza City (AFP)</figcaption>" in html
    assert [t["href"] for t in doc.find("a") if t.get("href", "").startswith("/tag/")] == [
        "/tag/gaza",
        "/tag/lavrov",
        "/tag/turkey",
    ]
    assert doc.find("div", class_="story-body", **{"hx-disable": ""})

    related = re.search(r"Related News(.*?)</section>", html, re.S).group(1)
    assert related.index("Two shared tags") < related.index("One shared tag")
    assert "Turkey tagged" in related and "Older politics story" not in related
    assert "Draft with the same tags" not in html
    read_next = re.search(r'id="read-next-title"(.*?)</section>', html, re.S).group(1)
    assert "Older politics story" in read_next and story.headline not in read_next
    assert "Most read" in text
    assert (
        "Correction, 20 Oct 2023 10:15: An earlier version misnamed the city where Lavrov spoke."
        in text
    )
    assert doc.find("a", href="#corrections")

    assert re.search(r"<title>Russian FM slams.*\| ", html)
    assert doc.meta("description") == story.summary
    assert doc.meta("og:type") == "article"
    assert doc.meta("og:title") == story.headline
    assert doc.meta("og:description") == story.summary
    assert doc.find("link", rel="canonical", href=f"http://localhost/news/{story.slug}")
    assert doc.find("script", src="/static/js/public.js", defer="")
    # No inline scripts: every script has a src, except the JSON-LD data block, which never runs.
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/ld\+json"))', html)


def test_byline_falls_back_to_the_newsroom_and_no_source_line(client: FlaskClient) -> None:
    story = published(authors=[], source="")
    text = text_of(page(client, f"/news/{story.slug}"))
    assert "By The Editorial Desk" in text
    assert "Source:" not in text


def test_body_is_sanitised_and_only_safe_images_render(client: FlaskClient) -> None:
    body = (
        "Hello <script>alert('x')</script> world <img src=x onerror=\"alert(1)\">\n\n"
        '<a href="javascript:alert(2)">click</a> <svg><script>alert(3)</script></svg>'
    )
    story = published(body=body, hero_image_url="javascript:alert(4)", hero_caption="Nope")
    assert story.body_html == render_markdown(body)
    html = page(client, f"/news/{story.slug}")
    story_body = re.search(r'<div class="story-body" hx-disable>(.*?)</div>', html, re.S).group(1)
    assert "Hello" in story_body and "world" in story_body
    assert markup_that_runs(story_body) == [], story_body
    assert "javascript:alert(4)" not in html
    assert "<figure" not in html


def test_signed_in_staff_get_a_link_to_the_desk_and_no_shared_caching(
    client_as: Any, editor: Any
) -> None:
    story = published()
    response = client_as(editor).get(f"/news/{story.slug}")
    assert f'href="/articles/{story.id}"' in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]


# --- Front page, listings, pagination -----------------------------------------------------------


def test_front_page_has_lead_latest_section_blocks_and_most_read(client: FlaskClient) -> None:
    base = clock.now() - timedelta(days=1)
    for n in range(12):
        name = ("Politics", "Economy", "Sports")[n % 3]
        published(
            headline=f"{name} story {n}",
            section=section(name),
            published_at=base + timedelta(minutes=n),
        )
    make_article("draft", headline="Unfinished draft")
    first = db.session.scalar(select(Article.id).order_by(Article.id).limit(1))  # Politics 0
    for _ in range(5):  # read enough this week to be on "Most read"
        record_read(first, clock.now().date())
    db.session.commit()
    html = page(client, "/")
    doc = Page(html)

    lead = re.search(r'aria-label="Lead story">(.*?)</section>', html, re.S).group(1)
    assert "Sports story 11" in lead
    latest = re.search(r'id="latest-title"(.*?)</section>', html, re.S).group(1)
    assert latest.count('<article class="story-card') == 4  # the default layout's top stories
    # What the lead and the grid show is not repeated in the blocks below.
    blocks = {
        name: re.search(rf'id="block-{name.lower()}"(.*?)</section>', html, re.S).group(1)
        for name in ("Politics", "Economy")
    }
    assert "Politics story 6" in blocks["Politics"] and "Politics story 9" not in blocks["Politics"]
    assert "Economy story 4" in blocks["Economy"] and "Economy story 7" not in blocks["Economy"]
    sports = re.search(r'id="block-sports"(.*?)</section>', html, re.S).group(1)
    assert sports.count('<article class="story-card') == 2 and "Sports story 5" in sports
    assert doc.find("h2", id="most-read-title")
    assert "Unfinished draft" not in html
    assert doc.find("h1")


def test_front_page_section_block_shows_at_most_four(client: FlaskClient) -> None:
    base = clock.now() - timedelta(days=2)
    for n in range(15):
        published(headline=f"Old health {n}", section=section("Health"), published_at=base)
    for n in range(9):
        published(headline=f"Fresh news {n}", published_at=base + timedelta(hours=1 + n))
    block = re.search(r'id="block-health"(.*?)</section>', page(client, "/"), re.S).group(1)
    assert block.count('<article class="story-card') == 4


def test_empty_front_page_says_so(client: FlaskClient) -> None:
    assert "Nothing is published yet" in page(client, "/")


def test_navigation_comes_from_the_taxonomy_tables(client: FlaskClient) -> None:
    db.session.add(Section(name="Space", slug="space", group=SectionGroup.NEWS, position=99))
    db.session.add(Region(name="Antarctica", slug="antarctica", position=99))
    db.session.commit()
    doc = Page(page(client, "/"))
    hrefs = {t.get("href") for t in doc.find("a")}
    assert {"/section/space", "/region/antarctica", "/section/opinion", "/region/mena"} <= hrefs
    assert {"/feeds/rss.xml", "/feeds/atom.xml"} <= hrefs
    assert doc.find("nav", **{"aria-label": "Sections"})
    assert doc.find("nav", **{"aria-label": "Regions"})


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/section/politics", "Politics"),
        ("/section/opinion", "Opinion"),
        ("/region/europe", "Europe"),
        ("/tag/energy", "Energy"),
    ],
)
def test_listing_pages_have_a_heading_and_only_visible_stories(
    client: FlaskClient, url: str, heading: str
) -> None:
    europe = db.session.scalar(select(Region).where(Region.slug == "europe"))
    opinion = section("Opinion")
    for target in (section("Politics"), opinion):
        published(
            headline=f"Visible in {target.name}", section=target, region=europe, tags=["Energy"]
        )
        make_article(
            "edit",
            headline=f"Hidden in {target.name}",
            section=target,
            region=europe,
            tags=["Energy"],
        )
    html = page(client, url)
    assert re.search(rf'<h1 class="listing-title">{heading}</h1>', html)
    assert "Visible in" in html and "Hidden in" not in html


def test_author_page_lists_their_visible_stories(client: FlaskClient) -> None:
    author = make_user(Role.REPORTER, display_name="Maya Rahal")
    published(authors=[author], headline="Maya's published story")
    make_article("edit", authors=[author], headline="Maya's draft")
    published(headline="Someone else's story")
    html = page(client, f"/author/{author.id}")
    assert '<h1 class="listing-title">Maya Rahal</h1>' in html
    listed = re.search(r'class="story-list">(.*?)<div class="story-aside">', html, re.S).group(1)
    assert "Maya&#39;s published story" in listed
    assert "Maya&#39;s draft" not in html and "Someone else" not in listed
    assert "example.com" not in html  # no email addresses on the public site


@pytest.mark.parametrize("url", ["/section/nope", "/region/nope", "/tag/nope", "/author/99999"])
def test_unknown_listing_is_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


def test_pagination_twenty_per_page_with_older_stories_link(client: FlaskClient) -> None:
    base = clock.now() - timedelta(days=3)
    for n in range(45):
        published(headline=f"Politics item {n:02d}", published_at=base + timedelta(minutes=n))

    first = page(client, "/section/politics")
    lead = re.search(r'aria-label="Lead story">(.*?)</section>', first, re.S).group(1)
    assert "Politics item 44" in lead  # the section front's lead, above its list (issue 23)
    listed = re.search(r'class="story-list">(.*?)<nav class="pager"', first, re.S).group(1)
    assert listed.count('<article class="story-card') == 20
    assert "Politics item 43" in listed and "Politics item 23" not in listed
    assert 'rel="next" href="/section/politics?page=2"' in first
    assert 'rel="prev"' not in first

    second = page(client, "/section/politics?page=2")
    listed = re.search(r'class="story-list">(.*?)<nav class="pager"', second, re.S).group(1)
    assert "Politics item 23" in listed and "Politics item 43" not in listed
    assert 'rel="prev" href="/section/politics"' in second
    assert 'rel="next" href="/section/politics?page=3"' in second
    assert '<link rel="canonical" href="http://localhost/section/politics?page=2">' in second

    third = page(client, "/section/politics?page=3")
    assert third.count('<article class="story-card') == 4
    assert 'rel="next"' not in third and 'rel="prev" href="/section/politics?page=2"' in third
    assert client.get("/section/politics?page=4").status_code == 404


# A NUL anywhere in a request is refused with 400 before any view (tests/test_fuzz.py).
@pytest.mark.parametrize("value", ["abc", "0", "-3", "", "1.5", "1e3"])
def test_bad_page_values_read_as_the_first_page(client: FlaskClient, value: str) -> None:
    published(headline="The only story")
    assert "The only story" in page(client, f"/section/politics?page={value}")


@pytest.mark.parametrize("value", ["99999", "10001", "9" * 40])
def test_page_numbers_beyond_reason_are_404_not_500(client: FlaskClient, value: str) -> None:
    published()
    assert client.get(f"/section/politics?page={value}").status_code == 404
    assert client.get(f"/tag/anything?page={value}").status_code == 404


# --- Reads and "Most read" ----------------------------------------------------------------------


def _reads(article: Article) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(ArticleRead.count), 0)).where(
            ArticleRead.article_id == article.id
        )
    )


def test_the_read_beacon_counts_and_the_page_itself_never_does(client: FlaskClient) -> None:
    story = published()
    page(client, f"/news/{story.slug}")
    assert _reads(story) == 0  # a GET never writes

    for _ in range(3):
        response = client.post(f"/news/{story.slug}/read")
        assert response.status_code == 204
        assert response.get_data() == b""
    assert _reads(story) == 3
    assert db.session.scalar(select(func.count()).select_from(ArticleRead)) == 1  # one row a day


@pytest.mark.parametrize("state", ["draft", "edit", "ready", "spiked", "scheduled"])
def test_the_beacon_refuses_stories_that_are_not_visible(client: FlaskClient, state: str) -> None:
    story = make_article(state, published_at=clock.now() + FUTURE)
    assert client.post(f"/news/{story.slug}/read").status_code == 404
    assert client.post("/news/never-existed/read").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ArticleRead)) == 0


def test_the_beacon_answers_only_post(client: FlaskClient) -> None:
    story = published()
    assert client.get(f"/news/{story.slug}/read").status_code == 405


def test_the_beacon_is_the_only_csrf_exemption_and_works_without_a_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        story = published()
        slug = story.slug
        assert app.view_functions["public.count_read"]
        exempt_views = {v for v in csrf._exempt_views if v.startswith("editorial.public")}
        assert exempt_views == {"editorial.public.reads.count_read"}
        assert beacon.CSRF_EXEMPT_ENDPOINTS == {"public.count_read"}
        response = app.test_client().post(f"/news/{slug}/read")
        assert response.status_code == 204
        assert "Set-Cookie" not in response.headers
        assert _reads(story) == 1


def test_the_beacon_is_rate_limited_per_address(make_app: Any) -> None:
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        story = published()
        slug = story.slug
        client = app.test_client()
        statuses = [client.post(f"/news/{slug}/read").status_code for _ in range(61)]
        assert statuses[:60] == [204] * 60
        assert statuses[60] == 429
        other = app.test_client().post(
            f"/news/{slug}/read", environ_base={"REMOTE_ADDR": "10.0.0.9"}
        )
        assert other.status_code == 204
        assert _reads(story) == 61


def test_most_read_needs_real_reads_in_the_week_and_weighs_the_recent_days(
    client: FlaskClient,
) -> None:
    base = clock.now() - timedelta(days=20)
    stories = [
        published(headline=f"Story number {n}", published_at=base + timedelta(hours=n))
        for n in range(7)
    ]
    assert 'id="most-read-title"' not in page(client, "/")  # no reads: no box, not the newest

    today = clock.now().date()
    for story, reads, age in (
        (stories[0], 12, 6),  # many reads, six days ago: 12 x 1
        (stories[1], 5, 1),  # just enough, yesterday: 5 x 6
        (stories[2], 50, 7),  # a week and a day ago: outside the window
        (stories[3], 4, 0),  # four reads today: too few to count
        (stories[4], 3, 0),  # three today and two yesterday: five in the week
        (stories[4], 2, 1),
    ):
        for _ in range(reads):
            record_read(story.id, today - timedelta(days=age))
    db.session.commit()

    # Weighted: story 1 (30), story 4 (3 x 7 + 2 x 6 = 33) and story 0 (12) qualify.
    expected = ["Story number 4", "Story number 1", "Story number 0"]
    # Reads move no version: the box (a kept part, public/fragments.py) shows them from the
    # page cache's next time slot, as a kept page would.
    with clock.frozen(clock.now() + timedelta(seconds=MIN_SLOT_SECONDS)):
        assert _most_read_box(page(client, "/")) == expected


def _most_read_box(html: str) -> list[str]:
    box = re.search(r'id="most-read-title"(.*?)</section>', html, re.S).group(1)
    return re.findall(r'class="most-read-link"[^>]*>([^<]+)</a>', box)


def test_a_withdrawn_story_leaves_most_read(client: FlaskClient, editor: Any) -> None:
    story = make_article("ready", headline="Soon withdrawn")
    apply(story, "publish", editor)
    db.session.commit()
    for _ in range(5):
        client.post(f"/news/{story.slug}/read")
    assert "Soon withdrawn" in _most_read_box(page(client, "/"))
    apply(story, "unpublish", editor, Request(note="Wrong figures."))
    db.session.commit()
    assert "Soon withdrawn" not in page(client, "/")
    assert client.post(f"/news/{story.slug}/read").status_code == 404


# --- Cookies, caching, queries ------------------------------------------------------------------


def test_anonymous_readers_get_no_cookie_and_a_cacheable_page(client: FlaskClient) -> None:
    story = published(tags=["Energy"])
    for url in ("/", f"/news/{story.slug}", "/section/politics", "/tag/energy", "/feeds/rss.xml"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url
        assert response.headers["Cache-Control"] == views.PUBLIC_CACHE, url
        assert "csrf" not in response.get_data(as_text=True).lower(), url
    assert "Set-Cookie" not in client.get("/news/missing").headers
    assert client.get("/news/missing").headers["Cache-Control"] != views.PUBLIC_CACHE


def _count_queries(app: Flask, client: FlaskClient, url: str) -> int:
    """The statements of one request once the site's state at this version is read (the settings
    are read once per site version, so whether the setup happened to read them first is not the
    page's cost)."""
    db.session.commit()
    page(client, url)
    fragment_cache().clear()  # the page drawn, not its kept parts (public/fragments.py)
    with counted_statements(app) as statements:
        page(client, url)
    return len(statements)


def _add_stories(count: int, offset: int) -> Article:
    names = ("Politics", "Economy", "Sports", "Health", "Opinion", "Analysis")
    base = clock.now() - timedelta(days=2)
    authors = [make_user(Role.REPORTER), make_user(Role.REPORTER)]
    last = None
    for n in range(count):
        last = published(
            headline=f"Counted story {offset + n}",
            section=section(names[n % len(names)]),
            tags=[f"topic {n % 4}", f"extra {n % 5}"],
            authors=authors,
            published_at=base + timedelta(minutes=offset + n),
        )
        for _ in range(5):
            record_read(last.id, clock.now().date())
    bump_site_version()  # as publishing does: every process reads the site's state afresh
    db.session.commit()
    return last


@pytest.mark.parametrize("kind", ["home", "article", "section", "tag", "feed"])
def test_query_count_does_not_grow_with_the_number_of_stories(
    app: Flask, client: FlaskClient, kind: str
) -> None:
    story = _add_stories(8, 0)
    db.session.add(Correction(article_id=story.id, notice="Fixed a name."))
    db.session.commit()
    urls = {
        "home": "/",
        "article": f"/news/{story.slug}",
        "section": "/section/politics",
        "tag": "/tag/topic-1",
        "feed": "/feeds/rss.xml",
    }
    few = _count_queries(app, client, urls[kind])
    _add_stories(60, 100)
    many = _count_queries(app, client, urls[kind])
    assert many == few, f"{kind}: {few} queries with 8 stories, {many} with 68"
    # 19 for a story drawn whole: its lookup joins no section, region or picture (a page drawn
    # from its kept parts shows none of them outside the parts: bench:public-keys), so drawing
    # its parts reads its section by key; and the page reads the story's head first on a
    # connection of its own (its BEGIN and its read), the story itself only to draw a part
    # (bench:public3: a page drawn from its kept parts begins no session).
    assert few <= (19 if kind == "article" else 16)


# The statements behind the page frame's template globals, told apart by what they read.
FRAME_QUERIES = {
    "sections": "ORDER BY sections.position",
    "regions": "ORDER BY regions.position",
    "ticker": "FROM breaking_headlines",
}


def _frame_queries(statements: list[str]) -> dict[str, int]:
    # The kept parts' window (`public.windows`: when a headline next starts or ends) reads the
    # headlines too, once per site version: it is not the ticker.
    framed = [s for s in statements if WINDOW_MARK not in s]
    return {name: sum(mark in s for s in framed) for name, mark in FRAME_QUERIES.items()}


WINDOW_MARK = "min(breaking_headlines.starts_at)"


def _statements_while(action: Any) -> list[str]:
    with counted_statements(current_app) as statements:
        action()
    return statements


@pytest.mark.parametrize("url", ["article", "/section/politics", "/region/europe", "/tag/energy"])
def test_a_page_costs_one_query_each_for_its_menus_and_ticker(
    client: FlaskClient, url: str
) -> None:
    story = published(tags=["Energy"], section=politics())
    make_headline("Harbour closed by the storm")
    db.session.commit()
    url = f"/news/{story.slug}" if url == "article" else url
    statements = _statements_while(lambda: page(client, url))
    assert _frame_queries(statements) == {"sections": 1, "regions": 1, "ticker": 1}


def test_the_menus_and_ticker_are_queried_once_per_request_however_often_used(
    app: Flask,
) -> None:
    make_headline("Harbour closed by the storm")
    db.session.commit()
    template = (
        "{% for n in range(5) %}{{ navigation().news[0].name }} {{ navigation().regions|length }}"
        " {{ breaking_ticker().items[0].text }}{% include 'breaking/_ticker_slot.html' %}"
        "{% endfor %}"
    )

    def one_request() -> list[str]:
        # A fresh app context, as every real request gets: flask.g starts empty.
        with app.app_context(), app.test_request_context("/"):
            first = _statements_while(lambda: render_template_string(template))
            again = _statements_while(lambda: render_template_string(template))
            assert "Politics 8 Harbour closed by the storm" in render_template_string(template)
        assert again == []
        return first

    for _ in range(2):  # the next request asks the database again
        assert _frame_queries(one_request()) == {"sections": 1, "regions": 1, "ticker": 1}


def test_the_byline_reads_in_the_order_it_was_given(client: FlaskClient) -> None:
    first, second = (
        make_user(Role.REPORTER, display_name="Zaid Zein"),
        make_user(Role.REPORTER, display_name="Amal Aoun"),
    )
    story = published(headline="Two bylines", authors=[first, second])
    html = page(client, f"/news/{story.slug}")
    assert html.index("Zaid Zein") < html.index("Amal Aoun")
    again = published(headline="Two bylines again", authors=[second, first])
    html = page(client, f"/news/{again.slug}")
    assert html.index("Amal Aoun") < html.index("Zaid Zein")


def test_every_listing_title_says_what_kind_of_page_it_is(client: FlaskClient) -> None:
    """A coverage hub and its tag were both titled "Ceasefire | Newsroom"."""
    author = make_user(Role.REPORTER, display_name="Maya Rahal", slug="maya-rahal")
    europe = db.session.scalar(select(Region).where(Region.slug == "europe"))
    story = published(authors=[author], tags=["Ceasefire"], region=europe, section=politics())
    story.tags[0].coverage_hub = True
    db.session.commit()
    name = current_app.config["NEWSROOM_NAME"]
    titles = {
        url: re.search(r"<title>(.*?)</title>", page(client, url)).group(1)
        for url in (
            "/coverage/ceasefire",
            "/tag/ceasefire",
            "/section/politics",
            "/region/europe",
            "/author/maya-rahal",
        )
    }
    assert titles == {
        "/coverage/ceasefire": f"Ceasefire — Coverage | {name}",
        "/tag/ceasefire": f"Ceasefire — Topic | {name}",
        "/section/politics": f"Politics — Section | {name}",
        "/region/europe": f"Europe — Region | {name}",
        "/author/maya-rahal": f"Maya Rahal — Author | {name}",
    }
    assert len(set(titles.values())) == len(titles)
    og_title = Page(page(client, "/tag/ceasefire")).meta("og:title")
    assert og_title == titles["/tag/ceasefire"]
