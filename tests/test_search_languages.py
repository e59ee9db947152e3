"""Search per language (issue 21): each edition searches its own language, Arabic and accented
text is found however it is typed, and the marks go round the words as they were written.

Every test runs on whichever engine the suite runs on (EDITORIAL_TEST_DATABASE_URL for
PostgreSQL, where each language's documents use its own text search configuration).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text, true

from editorial.extensions import db
from editorial.models import User
from editorial.search import index as search_index
from editorial.search.highlight import highlight, snippet
from editorial.text import search_fold
from tests.factories import make_article
from tests.helpers import POSTGRES_URL, app_config
from tests.test_search import titles

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def arabic(state: str = "published", **fields: Any) -> Any:
    return make_article(state, language="ar", summary="", **fields)


def found(client: FlaskClient, words: str, lang: str = "ar") -> list[str]:
    """The headlines the public search of edition `lang` finds (`/ar/search`, `/search` for the
    default language's)."""
    path = "/search" if lang == "en" else f"/{lang}/search"
    return titles(client.get(path, query_string={"q": words}).get_data(True))


# -- The fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("أحمد", "احمد"),  # hamza above
        ("إسلام", "اسلام"),  # hamza below
        ("آمال", "امال"),  # madda
        ("ٱلله", "الله"),  # alef wasla
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("أَحْمَدُ", "احمد"),  # tashkeel
        ("كِتَابٌ", "كتاب"),  # tanwin and the rest of the tashkeel
        ("الرحمٰن", "الرحمن"),  # superscript alef
        ("احـــمد", "احمد"),  # tatweel
        ("مسؤول", "مسؤول"),  # a hamza that is the letter's own stays
        ("Educación", "educacion"),
        ("PEÑA", "pena"),
        ("plain", "plain"),
    ],
)
def test_the_fold(written: str, folded: str) -> None:
    assert search_fold(written) == folded


# -- Arabic on the engine ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("أحمد يفوز بالانتخابات", "احمد"),  # hamza above, typed bare
        ("احمد يفوز بالانتخابات", "أحمد"),  # and the other way
        ("إعلان الحكومة الجديد", "اعلان"),  # hamza below
        ("آمال اللاجئين في العودة", "امال"),  # madda
        ("افتتاح مدرسة جديدة", "مدرسه"),  # ta marbuta typed as ha
        ("افتتاح مدرسه جديده", "مدرسة"),  # and the other way
        ("توسعة مستشفى المدينة", "مستشفي"),  # alef maqsura typed as ya
        ("توسعة مستشفي المدينة", "مستشفى"),  # and the other way
        ("أَحْمَدُ يَفُوزُ", "احمد"),  # tashkeel in the text
        ("احمد يفوز", "أَحْمَد"),  # tashkeel typed
        ("الرئيس يلتقي جمـــيع الوزراء", "جميع"),  # tatweel in the text
        ("الرئيس يلتقي جميع الوزراء", "جمـيع"),  # tatweel typed
    ],
)
def test_arabic_is_found_however_it_is_typed(client: FlaskClient, written: str, typed: str) -> None:
    story = arabic(headline=written, body="نص الخبر.")
    assert found(client, typed) == [story.headline]


@pytest.mark.skipif(not POSTGRES_URL, reason="FTS5 has no Arabic stemmer")
@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("الحكومة تعلن خطة", "حكومة"),
        ("الحكومه تعلن خطة", "حكومة"),
        ("حكومة جديدة", "الحكومه"),
        ("افتتاح المستشفى", "مستشفي"),
        ("نتائج الانتخابات", "بالانتخابات"),
    ],
)
def test_postgres_stems_arabic_with_and_without_the_article(
    client: FlaskClient, written: str, typed: str
) -> None:
    story = arabic(headline=written, body="نص الخبر.")
    assert found(client, typed) == [story.headline]


def test_an_arabic_word_in_the_body_is_found_and_marked_as_written(client: FlaskClient) -> None:
    arabic(headline="خبر عاجل", body="قال أَحْمَدُ إن الاجتماع انتهى.")
    page = client.get("/ar/search", query_string={"q": "احمد"}).get_data(True)
    assert titles(page) == ["خبر عاجل"]
    assert "<mark>أَحْمَدُ</mark>" in page
    assert 'lang="ar" dir="rtl"' in page


# -- Spanish and English -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("La educación pública recibe más fondos", "educacion"),
        ("La educacion publica recibe mas fondos", "educación"),
        ("Año nuevo en la región", "ano region"),
        ("Ano nuevo en la region", "año región"),
    ],
)
def test_spanish_accents_fold_both_ways(client: FlaskClient, written: str, typed: str) -> None:
    story = make_article("published", language="es", headline=written)
    assert found(client, typed, "es") == [story.headline]


def test_english_stemming_is_unchanged(client: FlaskClient) -> None:
    story = make_article("published", language="en", headline="Voters elect a new council")
    assert titles(client.get("/search?q=electing+voter").get_data(True)) == [story.headline]
    assert titles(client.get("/en/search?q=elected", follow_redirects=True).get_data(True)) == [
        story.headline
    ]


# -- Which language is searched ------------------------------------------------------------------


def test_each_edition_searches_its_own_language_only(client: FlaskClient) -> None:
    english = make_article("published", language="en", headline="Museum reopens its doors")
    spanish = make_article("published", language="es", headline="Museum reabre sus puertas")
    story = arabic(headline="Museum يفتح أبوابه")
    assert titles(client.get("/search?q=museum").get_data(True)) == [english.headline]
    assert found(client, "museum", "es") == [spanish.headline]
    assert found(client, "museum", "ar") == [story.headline]
    # An edition the newsroom doesn't publish in is no edition.
    assert client.get("/xx/search?q=museum").status_code == 404


def test_the_public_query_takes_its_language(app: Flask) -> None:
    from editorial.search.queries import public_search

    make_article("published", language="en", headline="Harbour strike ends")
    story = make_article("published", language="es", headline="Harbour huelga termina")
    assert [h.article.id for h in public_search("harbour", 1, "es").hits] == [story.id]
    assert len(public_search("harbour", 1).hits) == 1  # the default edition's
    assert public_search("harbour", 1).language == "en"


def test_the_pager_keeps_the_edition(client: FlaskClient) -> None:
    for n in range(11):
        arabic(headline=f"مؤتمر صحفي رقم {n}")
    page = client.get("/ar/search", query_string={"q": "مؤتمر"}).get_data(True)
    assert re.search(r'rel="next" href="/ar/search\?[^"]*page=2', page)  # stays in the edition
    assert 'action="/ar/search"' in page


def test_a_draft_is_never_found_publicly_in_any_language(client: FlaskClient) -> None:
    for language in ("en", "ar", "es"):
        for state in ("draft", "edit", "fact_check", "ready", "spiked"):
            make_article(state, language=language, headline=f"Zeppelin سري {state}")
    for language in ("en", "ar", "es"):
        assert found(client, "zeppelin", language) == []
        assert found(client, "سري", language) == []


def test_the_desk_filters_by_language(client_as: Any, editor: User) -> None:
    english = make_article("draft", language="en", headline="Budget talks stall")
    spanish = make_article("edit", language="es", headline="Budget: las negociaciones")
    story = arabic("draft", headline="Budget ميزانية الدولة")
    desk = client_as(editor)

    def desk_titles(**args: str) -> list[str]:
        return sorted(titles(desk.get("/desk/search", query_string=args).get_data(True)))

    everything = sorted([english.headline, spanish.headline, story.headline])
    assert desk_titles(q="budget") == everything
    assert desk_titles(q="budget", lang="") == everything
    assert desk_titles(q="budget", lang="es") == [spanish.headline]
    assert desk_titles(q="budget", lang="ar") == [story.headline]
    assert desk_titles(q="ميزانيه", lang="ar") == [story.headline]  # folded on the desk too
    assert desk_titles(q="ميزانيه") == [story.headline]  # every language, each its own stemmer
    assert desk_titles(q="budget", lang="nope") == everything  # dropped, as on the board
    page = desk.get("/desk/search?q=budget&lang=es").get_data(True)
    assert '<label for="staff-search-lang"' in page
    assert '<option selected value="es">Spanish</option>' in page


# -- Highlighting --------------------------------------------------------------------------------


def test_highlight_marks_the_original_word() -> None:
    assert str(highlight("قال أَحْمَدُ اليوم", ["احمد"])) == "قال <mark>أَحْمَدُ</mark> اليوم"
    assert str(highlight("مستشفى المدينة", ["مستشفي"])) == "<mark>مستشفى</mark> المدينة"
    assert str(highlight("جمـــيع", ["جميع"])) == "<mark>جمـــيع</mark>"
    assert str(highlight("La educación <b>", ["educacion"])) == (
        "La <mark>educación</mark> &lt;b&gt;"
    )
    decomposed = "educacio\u0301n"  # the accent as a combining mark
    assert str(highlight(decomposed, ["educación"])) == f"<mark>{decomposed}</mark>"
    piece = str(snippet("كلمة " * 100 + "مدرسة " + "كلمة " * 100, ["مدرسه"]))
    assert "<mark>مدرسة</mark>" in piece and piece.startswith("… ")


# -- Existing rows -------------------------------------------------------------------------------


def _unfolded(article_id: int, headline: str) -> None:
    """Write the index row as the code before this change did: the text as written, English."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "UPDATE article_search SET document = to_tsvector('english', :h) "
                "WHERE article_id = :id"
            ),
            {"id": article_id, "h": headline},
        )
    else:
        connection.execute(text("DELETE FROM article_search WHERE rowid = :id"), {"id": article_id})
        connection.execute(
            text(
                "INSERT INTO article_search (rowid, headline, summary, body, tags) "
                "VALUES (:id, :h, '', '', '')"
            ),
            {"id": article_id, "h": headline},
        )
    db.session.commit()


def test_reindex_folds_rows_indexed_before(client: FlaskClient, runner: Any) -> None:
    story = arabic(headline="أَحْمَد يفوز")
    _unfolded(story.id, story.headline)
    assert found(client, "احمد") == []
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0, result.output
    assert found(client, "احمد") == [story.headline]


@pytest.mark.skipif(bool(POSTGRES_URL), reason="builds its own SQLite database")
def test_the_migration_reindexes_existing_rows(tmp_path: Path) -> None:
    from editorial import create_app

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0015_languages")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO article_families (id) VALUES (1)"))
            connection.execute(
                text(
                    "INSERT INTO articles (id, slug, headline, summary, body, body_html, source, "
                    "hero_image_url, hero_caption, word_count, state, version, created_at, "
                    "updated_at, state_changed_at, language, family_id) VALUES (1, 's', "
                    "'أَحْمَد يفوز', '', 'نص', '<p>نص</p>', '', '', '', 1, 'published', 1, "
                    "'2026-12-01', '2026-12-01', '2026-12-01', 'ar', 1)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO article_search (rowid, headline, summary, body, tags) "
                    "VALUES (1, 'أَحْمَد يفوز', '', 'نص', '')"
                )
            )
        engine.dispose()
        upgrade(directory=MIGRATIONS)
        page = search_index.search("احمد", true(), language="ar")
        assert [a.id for a in page.articles] == [1]
