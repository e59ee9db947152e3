"""The public editions (issue 21): `/` is the default language's, `/ar/` and `/es/` the others'.

Each edition lists only its language's stories, on the same pages; a story's address carries its
language; the masthead links each edition, at the same story when it is published there.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial import clock, newsroom
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Tag, User
from editorial.models.reads import record_read
from editorial.site_settings.service import save_settings
from tests.factories import make_article, section
from tests.parsed import Page

LANGUAGES = ("en", "ar", "es")
HEADLINES = {
    "en": "Ministers meet over fuel prices",
    "ar": "الوزراء يجتمعون بشأن أسعار الوقود",
    "es": "Los ministros se reúnen por el precio del combustible",
}
PREFIX = {"en": "", "ar": "/ar", "es": "/es"}


def family(states: dict[str, str], **fields: Any) -> dict[str, Article]:
    """One story in each language of `states` (in that state), as one family."""
    members: dict[str, Article] = {}
    for code, state in states.items():
        extra: dict[str, Any] = {}
        if members:
            extra["family_id"] = next(iter(members.values())).family_id
        slug = f"fuel-{code}-{family_number()}"
        members[code] = make_article(
            state, headline=HEADLINES[code], language=code, slug=slug, **extra, **fields
        )
    return members


_numbers = iter(range(1, 10_000))


def family_number() -> int:
    return next(_numbers)


def listed(client: FlaskClient, url: str) -> str:
    """The page at `url`; of a sitemap, its listed addresses alone (not their alternates)."""
    page = text(client, url)
    if "sitemap" in url:
        return " ".join(re.findall(r"<loc>(.*?)</loc>", page))
    return page


def text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


@pytest.fixture
def stories(app: Flask) -> dict[str, Article]:
    return family({"en": "published", "ar": "published", "es": "draft"}, tags=["Fuel"])


@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/section/politics",
        "/tag/fuel",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/search?q=ministers",
    ],
)
def test_each_edition_lists_only_its_own_language(
    client: FlaskClient, stories: dict[str, Article], page: str
) -> None:
    english = listed(client, page)
    assert HEADLINES["en"] in english or stories["en"].slug in english
    assert HEADLINES["ar"] not in english and stories["ar"].slug not in english
    if page.startswith("/search") or page.startswith("/tag"):
        return  # search per language and Arabic tags are other tests' business
    arabic = listed(client, "/ar" + page)
    assert HEADLINES["ar"] in arabic or stories["ar"].slug in arabic
    assert HEADLINES["en"] not in arabic and stories["en"].slug not in arabic


def test_a_draft_is_public_in_no_edition(client: FlaskClient, stories: dict[str, Article]) -> None:
    draft = stories["es"]
    for prefix in PREFIX.values():
        assert client.get(f"{prefix}/news/{draft.slug}").status_code == 404
        for page in ("/", "/feeds/rss.xml", "/sitemap.xml", "/section/politics"):
            assert draft.slug not in text(client, prefix + page)
            assert HEADLINES["es"] not in text(client, prefix + page)


def test_a_story_lives_at_its_editions_address(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    arabic = stories["ar"]
    page = text(client, f"/ar/news/{arabic.slug}")
    assert HEADLINES["ar"] in page
    # Asked for in another edition: sent, for good, to the address that carries its language.
    for wrong in (f"/news/{arabic.slug}", f"/es/news/{arabic.slug}"):
        moved = client.get(wrong)
        assert moved.status_code == 301 and moved.headers["Location"] == f"/ar/news/{arabic.slug}"
    english = client.get(f"/ar/news/{stories['en'].slug}")
    assert english.headers["Location"] == f"/news/{stories['en'].slug}"


def test_the_default_languages_code_is_the_plain_address(client: FlaskClient) -> None:
    for asked, plain in (
        ("/en/", "/"),
        ("/en/feeds/rss.xml", "/feeds/rss.xml"),
        ("/en/section/politics?page=2", "/section/politics?page=2"),
    ):
        response = client.get(asked)
        assert response.status_code == 301 and response.headers["Location"] == plain
    assert client.get("/ar").status_code == 308  # to /ar/, Werkzeug's strict slashes


def test_a_language_the_newsroom_does_not_publish_has_no_edition(
    client: FlaskClient, admin: User
) -> None:
    save_settings({"languages": "en ar"}, actor=admin)
    db.session.commit()
    newsroom.forget()
    assert client.get("/ar/").status_code == 200
    assert client.get("/es/").status_code == 404
    assert client.get("/fr/").status_code == 404


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_edition_says_its_language_and_direction(client: FlaskClient, code: str) -> None:
    page = Page(text(client, PREFIX[code] + "/"))
    html = page.find("html")[0]
    assert html["lang"] == code
    assert html["dir"] == ("rtl" if code == "ar" else "ltr")


def test_links_stay_in_the_edition(client: FlaskClient, stories: dict[str, Article]) -> None:
    page = Page(text(client, f"/ar/news/{stories['ar'].slug}"))
    hrefs = [a.get("href", "") for a in page.find("a")]
    assert "/ar/section/politics" in hrefs and "/ar/feeds/rss.xml" in hrefs
    assert "/ar/about" in hrefs and "/ar/" in hrefs
    assert page.find("form", action="/ar/search")


def test_the_masthead_leads_to_the_same_story_in_each_language_when_published(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    english, arabic = stories["en"], stories["ar"]
    page = Page(text(client, f"/news/{english.slug}"))
    links = {a["hreflang"]: a["href"] for a in page.find("a") if a.get("hreflang")}
    # The Arabic version is published; the Spanish one is a draft: its edition's front page.
    assert links == {"ar": f"/ar/news/{arabic.slug}", "es": "/es/"}
    back = Page(text(client, f"/ar/news/{arabic.slug}"))
    links = {a["hreflang"]: a["href"] for a in back.find("a") if a.get("hreflang")}
    assert links == {"en": f"/news/{english.slug}", "es": "/es/"}


def test_the_masthead_on_other_pages_leads_to_the_same_page_or_the_front(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    page = Page(text(client, "/section/politics"))
    links = {a["hreflang"]: a["href"] for a in page.find("a") if a.get("hreflang")}
    assert links == {"ar": "/ar/section/politics", "es": "/es/section/politics"}
    # A tag's page exists where the tag has a published story (English and Arabic, not Spanish).
    page = Page(text(client, "/ar/tag/fuel"))
    links = {a["hreflang"]: a["href"] for a in page.find("a") if a.get("hreflang")}
    assert links == {"en": "/tag/fuel", "es": "/es/"}


def test_the_coverage_box_lists_only_hubs_with_a_story_in_the_edition(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    make_article("published", headline="Strikes spread", tags=["Strikes"], language="en")
    for name in ("Fuel", "Strikes"):
        hub = db.session.scalar(select(Tag).where(Tag.name == name))
        assert hub is not None
        hub.coverage_hub = True
    db.session.commit()
    english = text(client, "/")
    assert 'href="/coverage/fuel"' in english and 'href="/coverage/strikes"' in english
    arabic = text(client, "/ar/")
    assert 'href="/ar/coverage/fuel"' in arabic
    assert "/coverage/strikes" not in arabic  # no Arabic story: its page would be a 404
    assert client.get("/ar/coverage/strikes").status_code == 404
    assert 'id="coverage-box-title"' not in text(client, "/es/")  # the Spanish one is a draft


def test_the_read_beacon_counts_in_the_stories_edition(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    arabic = stories["ar"]
    assert client.post(f"/ar/news/{arabic.slug}/read").status_code in (200, 204)
    assert client.post(f"/news/{arabic.slug}/read").status_code == 404


def test_sections_of_another_language_are_not_mixed_in(app: Flask, client: FlaskClient) -> None:
    make_article("published", headline="Stadium reopens", section=section("Sports"))
    assert "Stadium reopens" in text(client, "/section/sports")
    assert "Stadium reopens" not in text(client, "/es/section/sports")


def test_the_chrome_speaks_the_editions_language(
    client: FlaskClient, stories: dict[str, Article]
) -> None:
    for story in (stories["en"], stories["ar"]):  # read enough to be on "Most read"
        for _ in range(5):
            record_read(story.id, clock.now().date())
    db.session.commit()
    english = text(client, "/")
    assert "Most read" in english and "Min Read" in english
    arabic = text(client, f"/ar/news/{stories['ar'].slug}") + text(client, "/ar/")
    for words in ("الأكثر قراءة", "للقراءة", "أخبار", "جميع الحقوق محفوظة", "بحث"):
        assert words in arabic, words
    assert "Most read" not in arabic and "Min Read" not in arabic
    # Dates in the language's own format: the month's name in Arabic on the Arabic edition.
    month = stories["ar"].published_at.month
    arabic_months = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ]
    assert arabic_months[month - 1] in arabic
    spanish = text(client, "/es/")
    assert "Lo más leído" in spanish or "Aún no se ha publicado nada" in spanish
    assert "Buscar" in spanish and "Most read" not in spanish


def test_error_pages_speak_the_editions_language(client: FlaskClient) -> None:
    assert "غير موجود" in text(client, "/ar/news/no-such-story", 404)
    assert "No encontrado" in text(client, "/es/news/no-such-story", 404)
    assert "Not found" in text(client, "/news/no-such-story", 404)


def test_admins_name_sections_regions_and_tags_per_language(
    client: FlaskClient, admin: User, client_as: Any, stories: dict[str, Article]
) -> None:
    politics = stories["ar"].section
    desk: FlaskClient = client_as(admin)
    page = Page(text(desk, f"/admin/taxonomy/sections/{politics.id}"))
    assert page.find("input", id="label-ar", lang="ar", dir="rtl")
    assert page.find("label", **{"for": "label-es"})
    saved = desk.post(
        f"/admin/taxonomy/sections/{politics.id}/labels",
        data={"label-ar": "الشؤون السياسية", "label-es": "Asuntos políticos"},
    )
    assert saved.status_code == 303
    db.session.expire_all()
    assert politics.labels == {"ar": "الشؤون السياسية", "es": "Asuntos políticos"}
    arabic = text(client, "/ar/section/politics")
    assert "الشؤون السياسية" in arabic and "<bdi>الشؤون السياسية</bdi>" in text(
        client, f"/ar/news/{stories['ar'].slug}"
    )
    assert "Asuntos políticos" in text(client, "/es/section/politics")
    english = text(client, "/section/politics")
    assert "السياسية" not in english and "Asuntos políticos" not in english
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "section.labelled")
    ).one()
    # A new newsroom's sections come with their names in each language (the seed's labels).
    assert event.details["changes"]["ar"] == ["سياسة", "الشؤون السياسية"]
    # An empty name drops it: the edition shows the name again.
    desk.post(f"/admin/taxonomy/sections/{politics.id}/labels", data={"label-ar": ""})
    db.session.expire_all()
    assert politics.labels == {}
    assert client.post(f"/admin/taxonomy/sections/{politics.id}/labels").status_code in (
        302,
        401,
        403,
    )


def test_a_non_latin_headline_gets_a_short_address_and_old_ones_keep_working(
    app: Flask, client: FlaskClient, editor: User
) -> None:
    from editorial.articles.service import create_article
    from editorial.text import slugify

    headline = "الوزير اللبناني يدعو إلى الإسراع في إعادة الإعمار بعد اجتماع مطول مع ممثلي البلديات"
    story = create_article(editor, {"headline": headline}, language="ar")
    db.session.commit()
    # Whole words, at most 40 letters: each is six characters of the address once encoded.
    assert len(story.slug) <= 40 and headline.replace("إ", "ا").startswith(
        story.slug.replace("-", " ")
    )
    english = create_article(editor, {"headline": "A" + " long English headline" * 5})
    db.session.commit()
    assert len(english.slug) == 100  # Latin headlines keep their length
    # A story published under a long address before keeps it.
    old = make_article("published", language="ar", headline=headline, slug=slugify(headline, 100))
    assert len(old.slug) > 80 and text(client, f"/ar/news/{old.slug}")
