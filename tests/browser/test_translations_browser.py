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
    # The live preview has caught up with the typing (it is dimmed while it is being redrawn).
    expect(page.locator(".preview").first).to_contain_text("precio subirá")
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


def test_the_translations_panel_and_view_read_well_and_pass_axe(
    page: Page,
    live_server: Any,
    live_user: Any,
    sign_in_page: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    from editorial.articles.service import save_article

    editor = live_user("editor", display_name="Elie Editor")
    with live_server.app.app_context():
        source = make_article("ready", headline="Ministers agree on a fuel subsidy plan")
        person = db.session.get(User, editor.id)
        assert person is not None
        arabic = translate(source, person, "ar", "الوزراء يتفقون على خطة لدعم الوقود")
        db.session.commit()
        save_article(source, person, {"body": "Ministers agreed on Friday."}, source.version)
        db.session.commit()
        source_id, arabic_id = source.id, arabic.id
    sign_in_page(page, editor)
    page.goto(f"/articles/{arabic_id}")
    expect(page.get_by_text("The source changed since this translation")).to_be_visible()
    expect(page.locator(f"#translations-{arabic_id}")).to_contain_text("out of date since")
    expect(page.get_by_text("Publish anyway")).to_have_count(0)  # still in draft
    screenshot(page, "translation-out-of-date")
    assert_accessible(page)
    page.get_by_role("button", name="Mark up to date").click()
    expect(page.get_by_text("Marked up to date")).to_be_visible()
    page.goto(f"/articles/{source_id}")
    page.get_by_label("Translate into").select_option("es")
    page.get_by_label("Headline in that language").fill("Los ministros acuerdan un plan")
    page.get_by_role("button", name="Translate").click()
    expect(page.get_by_text("Spanish translation started")).to_be_visible()
    page.get_by_role("link", name="Translations", exact=True).click()
    expect(page.locator(".translations-table")).to_contain_text("Ministers agree on a fuel")
    screenshot(page, "translations-view")
    assert_accessible(page)
    page.goto("/desk/?lang=ar")
    expect(page.locator(f"#card-{arabic_id} .card-title")).to_have_attribute("dir", "rtl")
    expect(page.locator(".card-title[lang=en]")).to_have_count(0)  # the live server's others too
    assert_accessible(page)
