"""The Arabic edition in Chromium (issue 21): right to left as a whole, at a desk's and a phone's
width, with no sideways scroll, clean for axe-core and the console. Screenshots go to /tmp."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from editorial.models import Role
from tests.factories import make_article, make_headline, make_user, section

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())  # /tmp: looked at by hand, never committed

HEADLINE = "مفاوضات وقف إطلاق النار تُستأنف في القاهرة بينما تنتظر قوافل المساعدات"
BODY = """عاد المفاوضون من الجانبين إلى القاهرة يوم الخميس لجولة ثالثة من المحادثات، بحسب ما \
قال مسؤولون، فيما انتظرت عشرات الشاحنات عند معبر رفح للحصول على إذن بالدخول.

وقال دبلوماسي رفيع لوكالة Reuters: "نحن مستعدون لمناقشة أي مقترح بنّاء". وأضاف أن المهم الآن \
هو أن يُفتح المعبر ويبقى مفتوحاً أمام 200 شاحنة يومياً.

> يجب أن يقوم أي نهج على توازن المصالح، لا على فرض مصالح طرف على آخر.

وقالت وزارة الخارجية المصرية إن المحادثات ستستمر "ما دامت مفيدة".
"""


@pytest.fixture(scope="module")
def arabic_edition(live_server: Any) -> dict[str, str]:
    """An English story and its Arabic version, more Arabic stories, an Arabic ticker line."""
    with live_server.app.app_context():
        writer = make_user(Role.REPORTER, display_name="Amal Nasser")
        english = make_article(
            "published",
            headline="Ceasefire talks resume in Cairo as aid convoys wait",
            authors=[writer],
            slug="ceasefire-talks-resume-in-cairo",
        )
        arabic = make_article(
            "published",
            headline=HEADLINE,
            body=BODY,
            authors=[writer],
            language="ar",
            family_id=english.family_id,
            slug="ceasefire-talks-cairo-ar",
            summary="جولة ثالثة من المحادثات في القاهرة، والمساعدات تنتظر عند معبر رفح.",
            source="Reuters",
            tags=["غزة"],
        )
        for n, name in enumerate(("Economy", "Sports", "Health", "Politics", "Technology")):
            make_article(
                "published",
                headline=f"خبر رقم {n + 1}: الحكومة تعلن خطة جديدة لدعم أسعار الوقود في {name}",
                summary="ملخص قصير لما حدث ولماذا يهم.",
                section=section(name),
                authors=[writer],
                language="ar",
                slug=f"arabic-story-{n}",
            )
        make_headline("عاجل: انقطاع الكهرباء عن مناطق واسعة في بيروت", language="ar")
        return {"story": f"/ar/news/{arabic.slug}", "english": f"/news/{english.slug}"}


def _looks_right_to_left(page: Page) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{sideways}px of sideways scroll"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_arabic_front_page_and_story_read_right_to_left(
    page: Page,
    base_url: str,
    arabic_edition: dict[str, str],
    assert_accessible: Any,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/ar/")
    _looks_right_to_left(page)
    assert page.locator(".ticker-label").first.inner_text() == "عاجل"
    fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Naskh Arabic" in fonts
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ب')")
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"lang-public-ar-front-{width}.png", full_page=True)

    page.goto(base_url + arabic_edition["story"])
    _looks_right_to_left(page)
    assert page.locator("h1.story-title").inner_text() == HEADLINE
    # The Latin name in the byline is isolated, the masthead leads to the English version.
    assert page.locator(".byline-authors bdi").first.inner_text() == "Amal Nasser"
    english = page.locator('.masthead-languages a[hreflang="en"]')
    assert english.get_attribute("href") == arabic_edition["english"]
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"lang-public-ar-story-{width}.png", full_page=True)


def test_the_english_edition_loads_no_arabic_typeface(
    page: Page, base_url: str, arabic_edition: dict[str, str]
) -> None:
    fonts: list[str] = []
    page.on(
        "request", lambda request: fonts.append(request.url) if "naskh" in request.url else None
    )
    page.goto(base_url + arabic_edition["english"])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert fonts == []
