"""Languages and story families: the catalogue, the setting, and translations on the desk."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError

from editorial import languages, newsroom
from editorial.extensions import db
from editorial.models import Article, ArticleFamily, User
from editorial.site_settings.service import save_settings
from tests.factories import make_article


def test_the_catalogue_knows_english_arabic_and_spanish() -> None:
    assert languages.get("ar").rtl and languages.get("ar").native_name == "العربية"
    assert not languages.get("es").rtl and languages.get("en").direction == "ltr"
    assert languages.get("xx").code == languages.DEFAULT_CODE


def test_reading_time_follows_the_language() -> None:
    # 690 words: 3 minutes in English (230 a minute), 5 in Arabic (138 a minute).
    assert languages.reading_minutes(690, "en") == 3
    assert languages.reading_minutes(690, "ar") == 5
    assert languages.reading_minutes(690, "es") == 3
    assert languages.reading_minutes(5, "ar") == 1


def test_codes_parse_in_order_once_each_and_unknown_ones_are_named() -> None:
    assert languages.parse_codes("es, en ar es") == ("es", "en", "ar")
    assert languages.parse_codes("") == languages.DEFAULT_CODES
    assert languages.unknown_codes("en fr") == ["fr"]


def test_a_new_article_starts_its_own_family_in_the_default_language(app: Flask) -> None:
    first, second = make_article(), make_article()
    assert first.language == second.language == "en"
    assert first.family_id != second.family_id
    assert db.session.get(ArticleFamily, first.family_id) is not None
    assert first.source_revision_id is None and not first.is_translation


def test_the_default_language_is_the_first_of_the_setting(app: Flask, admin: User) -> None:
    save_settings({"languages": "es en"}, actor=admin)
    db.session.commit()
    newsroom.forget()
    assert newsroom.current().languages == ("es", "en")
    assert newsroom.default_language() == "es"
    assert make_article().language == "es"


def test_a_family_holds_one_article_per_language(app: Flask) -> None:
    source = make_article()
    make_article(family_id=source.family_id, language="ar")
    with pytest.raises(IntegrityError):
        make_article(family_id=source.family_id, language="ar")
    db.session.rollback()


def test_the_settings_page_saves_the_languages_and_refuses_unknown_codes(
    admin: User, client_as: object
) -> None:
    client: FlaskClient = client_as(admin)  # type: ignore[operator]
    form = {
        "newsroom_name": "The Editorial Desk",
        "time_zone": "Asia/Beirut",
        "show_checked_by": "y",
        "about_md": "",
        "contact_md": "",
        "privacy_md": "",
    }
    page = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="languages"' in page and 'value="en ar es"' in page
    refused = client.post("/admin/settings", data={**form, "languages": "en klingon"})
    assert refused.status_code == 422
    assert "klingon" in refused.get_data(as_text=True)
    client.post("/admin/settings", data={**form, "languages": "en es"})
    db.session.expire_all()
    newsroom.forget()
    assert newsroom.current().languages == ("en", "es")


def test_arabic_reading_time_on_the_article(app: Flask) -> None:
    article = make_article(body="كلمة " * 276, language="ar")
    assert isinstance(article, Article)
    assert article.read_minutes == 2  # 276 words at 138 a minute
