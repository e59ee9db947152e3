"""Translating in Chromium: an Arabic source beside its Spanish translation in the editor, each
in its own direction, at a laptop's width and a phone's; and the Arabic text typed right to left."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from editorial.articles.translations.service import translate
from editorial.extensions import db
from editorial.models import Article, User
from tests.factories import make_article

pytestmark = pytest.mark.browser

ARABIC_BODY = (
    "قال وزير الطاقة يوم الخميس إن أسعار الوقود سترتفع بنسبة 5% اعتبارا من الأسبوع المقبل.\n\n"
    "وأضاف أن الحكومة ستدعم سائقي سيارات الأجرة والحافلات العامة خلال الأشهر الثلاثة المقبلة."
)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_editor_shows_an_arabic_source_beside_a_spanish_translation(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
    width: int,
) -> None:
    editor = live_user("editor", display_name="Elie Editor")
    with live_server.app.app_context():
        source = make_article(headline="الحكومة ترفع أسعار الوقود", body=ARABIC_BODY, language="ar")
        person = db.session.get(User, editor.id)
        assert person is not None
        spanish = translate(source, person, "es", "El Gobierno sube el precio del combustible")
        db.session.commit()
        spanish_id = spanish.id
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_page(page, editor)
    page.goto(f"/articles/{spanish_id}/edit")

    column = page.locator("#translation-source .source-text")
    expect(column).to_have_attribute("dir", "rtl")
    expect(column).to_have_attribute("lang", "ar")
    expect(page.locator("#source-paragraph-1")).to_contain_text("أسعار الوقود")
    # The Arabic paragraphs really run right to left: their text starts at the right edge.
    assert page.locator("#source-paragraph-1").evaluate("e => getComputedStyle(e).direction") == (
        "rtl"
    )
    body = page.get_by_label("Body")
    expect(body).to_have_attribute("dir", "ltr")
    expect(body).to_have_attribute("lang", "es")
    body.fill("El ministro de Energía dijo el jueves que el precio subirá un 5%.")
    expect(page.locator("#word-count")).to_have_text("13")
    # No sideways scroll at either width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"translation-editor-{width}")
    assert_accessible(page)


def test_an_arabic_translation_is_typed_right_to_left_and_counts_arabic_minutes(
    page: Page, live_server: Any, live_user: Any, sign_in_page: Any
) -> None:
    editor = live_user("editor", display_name="Elie Editor")
    with live_server.app.app_context():
        source = make_article(headline="Government raises fuel prices")
        person = db.session.get(User, editor.id)
        assert person is not None
        arabic = translate(source, person, "ar", "الحكومة ترفع أسعار الوقود")
        db.session.commit()
        arabic_id = arabic.id
    sign_in_page(page, editor)
    page.goto(f"/articles/{arabic_id}/edit")
    body = page.get_by_label("Body")
    expect(body).to_have_attribute("dir", "rtl")
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator("#translation-source .source-text")).to_have_attribute("dir", "ltr")
    body.fill("كلمة " * 200)  # 200 words: 1 minute in English, 1 in Arabic at 138 a minute
    expect(page.locator("#read-time")).to_have_text("1 Min Read")
    body.fill("كلمة " * 300)  # 300 words: 1 minute at 230, 2 at 138
    expect(page.locator("#read-time")).to_have_text("2 Min Read")
    with live_server.app.app_context():
        assert db.session.get(Article, arabic_id) is not None
