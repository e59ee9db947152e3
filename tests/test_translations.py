"""Languages and story families: the catalogue, the setting, and translations on the desk."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from editorial import languages, newsroom
from editorial.extensions import db
from editorial.models import Article, ArticleFamily, User
from editorial.refusal import Refused
from editorial.site_settings.service import save_settings
from tests.factories import make_article
from tests.parsed import Page


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


# --- Translate ------------------------------------------------------------------------------


def _translate(client: FlaskClient, article: Article, language: str = "ar", headline: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/articles/{article.id}/translate",
        data={"language": language, "headline": headline or "وزراء يجتمعون بشأن أسعار الوقود"},
    )


def _only(language: str, family_id: int) -> Article:
    from sqlalchemy import select

    db.session.expire_all()
    found = db.session.scalar(
        select(Article).where(Article.family_id == family_id, Article.language == language)
    )
    assert found is not None
    return found


def test_an_editor_translates_a_story_into_a_draft_of_the_same_family(
    editor: User, client_as: Any
) -> None:
    from tests.factories import make_image

    picture = make_image()
    source = make_article(
        "published", tags=["Fuel", "Energy"], hero_image_id=picture.id, source="Reuters"
    )
    response = _translate(client_as(editor), source)
    translation = _only("ar", source.family_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{translation.id}/edit")
    assert (
        translation.state == "draft" and translation.headline == "وزراء يجتمعون بشأن أسعار الوقود"
    )
    assert (translation.section_id, translation.region_id) == (source.section_id, source.region_id)
    assert sorted(t.name for t in translation.tags) == ["Energy", "Fuel"]
    assert translation.hero_image_id == picture.id and translation.source == "Reuters"
    assert [a.id for a in translation.authors] == [a.id for a in source.authors]
    made_from = translation.source_revision
    assert made_from is not None and made_from.article_id == source.id
    assert translation.is_translation and translation.source_lag is None
    assert source.state == "published"  # the source is untouched


def test_the_same_language_twice_is_refused(editor: User, client_as: Any) -> None:
    source = make_article()
    client = client_as(editor)
    _translate(client, source, "es", "Ministros se reúnen")
    again = _translate(client, source, "es", "Otra vez")
    assert again.status_code == 409
    assert "already has a" in again.get_data(as_text=True)


def test_a_language_the_newsroom_does_not_publish_in_is_refused(
    editor: User, admin: User, client_as: Any
) -> None:
    save_settings({"languages": "en es"}, actor=admin)
    db.session.commit()
    refused = _translate(client_as(editor), make_article(), "ar")
    assert refused.status_code == 422


def test_a_reporter_translates_their_own_story_but_not_a_colleagues(
    reporter: User, client_as: Any
) -> None:
    client = client_as(reporter)
    own = make_article(authors=[reporter])
    assert _translate(client, own, "es", "Ministros se reúnen").status_code == 302
    hidden = make_article()  # a colleague's draft: not even visible
    assert _translate(client, hidden).status_code == 404
    visible = make_article("published")  # a colleague's published story: visible, not theirs
    assert _translate(client, visible).status_code == 403


def test_a_translation_of_a_translation_is_made_from_the_source(
    editor: User, client_as: Any
) -> None:
    source = make_article()
    client = client_as(editor)
    _translate(client, source, "ar")
    arabic = _only("ar", source.family_id)
    _translate(client, arabic, "es", "Ministros se reúnen")
    spanish = _only("es", source.family_id)
    assert spanish.source_revision is not None
    assert spanish.source_revision.article_id == source.id


def test_the_translation_editor_shows_the_source_beside_it_each_in_its_direction(
    editor: User, client_as: Any
) -> None:
    body = "الفقرة الأولى من الخبر.\n\nالفقرة الثانية من الخبر."
    source = make_article(headline="وزراء يجتمعون", body=body, language="ar")
    client = client_as(editor)
    _translate(client, source, "es", "Ministros se reúnen")
    spanish = _only("es", source.family_id)
    page = Page(client.get(f"/articles/{spanish.id}/edit").get_data(as_text=True))
    assert page.by_id("translation-source")
    (text,) = page.find("div", class_="source-text")
    assert (text["lang"], text["dir"]) == ("ar", "rtl")
    paragraphs = [page.text_of(f"source-paragraph-{n}") for n in (1, 2)]
    assert paragraphs == body.split("\n\n")
    (body_input,) = page.find("textarea", name="body")
    assert (body_input["lang"], body_input["dir"]) == ("es", "ltr")


def test_an_arabic_translation_is_typed_right_to_left(editor: User, client_as: Any) -> None:
    source = make_article(body="First paragraph.\n\nSecond paragraph.")
    client = client_as(editor)
    _translate(client, source, "ar")
    arabic = _only("ar", source.family_id)
    page = Page(client.get(f"/articles/{arabic.id}/edit").get_data(as_text=True))
    for tag, name in (("input", "headline"), ("textarea", "summary"), ("textarea", "body")):
        (element,) = page.find(tag, name=name)
        assert (element["lang"], element["dir"]) == ("ar", "rtl"), name
    (source_text,) = page.find("div", class_="source-text")
    assert (source_text["lang"], source_text["dir"]) == ("en", "ltr")
    (preview,) = page.find("div", class_="preview-story")
    assert (preview["lang"], preview["dir"]) == ("ar", "rtl")


# --- Each language on its own ----------------------------------------------------------------


def _family_of_two(editor: User) -> tuple[Article, Article]:
    from editorial.articles.translations.service import translate

    source = make_article("ready")
    translation = translate(source, editor, "es", "Ministros se reúnen")
    translation.summary, translation.body = "Resumen.", "Cuerpo del artículo."
    translation.state = "ready"
    db.session.commit()
    return source, translation


def test_publishing_one_language_never_changes_another(app: Flask, editor: User) -> None:
    from editorial.articles.transitions.service import apply

    source, translation = _family_of_two(editor)
    before = (source.state, source.published_at, source.version)
    apply(translation, "publish", editor)
    db.session.commit()
    db.session.expire_all()
    assert translation.state == "published" and translation.published_at is not None
    assert (source.state, source.published_at, source.version) == before
    apply(source, "publish", editor)
    db.session.commit()
    apply(translation, "unpublish", editor, _note("Wrong figure in the Spanish text."))
    db.session.commit()
    db.session.expire_all()
    assert source.state == "published" and translation.state == "edit"


def test_each_language_has_its_own_byline_and_schedule(app: Flask, editor: User) -> None:
    from datetime import timedelta

    from editorial import clock
    from editorial.articles.transitions.service import Request, apply
    from tests.factories import make_user

    source, translation = _family_of_two(editor)
    translator = make_user("reporter", display_name="Teresa Translator")
    translation.authors = [translator]
    db.session.commit()
    apply(translation, "schedule", editor, Request(publish_at=clock.now() + timedelta(hours=3)))
    db.session.commit()
    db.session.expire_all()
    assert translation.state == "scheduled" and source.state == "ready"
    assert source.published_at is None
    assert [a.id for a in source.authors] != [translator.id]


def _note(text: str) -> Any:
    from editorial.articles.transitions.service import Request

    return Request(note=text)


def test_the_article_page_lists_the_family_and_offers_the_missing_languages(
    editor: User, reporter: User, client_as: Any
) -> None:
    source = make_article("published")
    client = client_as(editor)
    _translate(client, source, "ar")
    page = Page(client.get(f"/articles/{source.id}").get_data(as_text=True))
    panel = page.text_of(f"translations-{source.id}")
    assert "وزراء يجتمعون بشأن أسعار الوقود" in panel and "up to date" in panel
    options = [o["value"] for o in page.find("option") if o.get("value") in ("en", "ar", "es")]
    assert options == ["es"]  # English is the source, Arabic exists
    arabic_title = page.find("bdi", lang="ar")
    assert arabic_title and arabic_title[0]["dir"] == "rtl"
    # A reporter who may see it but is not on its byline is offered no Translate.
    other = Page(client_as(reporter).get(f"/articles/{source.id}").get_data(as_text=True))
    assert not other.find("select", name="language")


# --- Out of date ------------------------------------------------------------------------------


def _save_source(source: Article, editor: User, body: str) -> None:
    from editorial.articles.service import save_article

    save_article(source, editor, {"body": body}, source.version)
    db.session.commit()


def test_a_source_save_puts_the_translation_out_of_date_with_the_change_shown(
    editor: User, client_as: Any
) -> None:
    source, translation = _family_of_two(editor)
    assert translation.source_lag is None
    _save_source(source, editor, "Officials said on Friday that talks would resume next week.")
    db.session.expire_all()
    translation = db.session.get(Article, translation.id)
    assert translation is not None
    lag = translation.source_lag
    # Made from version 1; the save is version 2 (and sent the cleared source back to check, 3).
    assert lag is not None and lag.since_version == 2 and source.version == 3
    page = Page(client_as(editor).get(f"/articles/{translation.id}").get_data(as_text=True))
    notice = page.text_of(f"source-changed-{translation.id}")
    assert "The source changed since this translation" in notice
    assert "[added: Friday]" in notice and "[removed: Thursday]" in notice
    panel = page.text_of(f"translations-{translation.id}")
    assert "out of date since revision 2" in panel


def test_a_transition_of_the_source_changes_no_text_and_leaves_it_up_to_date(
    editor: User,
) -> None:
    from editorial.articles.transitions.service import apply

    source, translation = _family_of_two(editor)
    apply(source, "publish", editor)
    db.session.commit()
    translation.forget_source_lag()
    assert translation.source_lag is None


def test_a_correction_and_a_restored_revision_put_it_out_of_date_too(
    editor: User,
) -> None:
    from editorial.articles.service import correct_article, restore_revision
    from editorial.articles.transitions.service import apply
    from editorial.articles.translations.service import mark_up_to_date

    source, translation = _family_of_two(editor)
    first = translation.source_revision
    apply(source, "publish", editor)
    correct_article(
        source, editor, {"body": "Talks resume Monday."}, source.version, "The day was wrong."
    )
    db.session.commit()
    translation.forget_source_lag()
    assert translation.source_lag is not None
    mark_up_to_date(translation, editor)
    db.session.commit()
    assert translation.source_lag is None
    source.state = "edit"
    db.session.commit()
    assert first is not None
    restore_revision(source, editor, first, source.version)
    db.session.commit()
    translation.forget_source_lag()
    assert translation.source_lag is not None


def test_mark_up_to_date_records_the_source_revision_it_now_matches(
    editor: User, client_as: Any
) -> None:
    from editorial.articles.revisions.service import newest_revision
    from editorial.models import AuditEvent

    source, translation = _family_of_two(editor)
    _save_source(source, editor, "A new paragraph in the source.")
    response = client_as(editor).post(f"/articles/{translation.id}/up-to-date")
    assert response.status_code == 302
    db.session.expire_all()
    newest = newest_revision(source)
    assert newest is not None and translation.source_revision_id == newest.id
    assert translation.source_lag is None
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "article.translation_up_to_date")
    )
    assert event is not None and event.details["source_revision_id"] == newest.id
    again = client_as(editor).post(f"/articles/{translation.id}/up-to-date")
    assert again.status_code == 409


@pytest.mark.parametrize("name", ["publish", "schedule"])
def test_the_table_guards_publish_and_schedule_with_the_waivable_translation_rule(
    name: str,
) -> None:
    from editorial import workflow
    from editorial.workflow_guards import translation_up_to_date

    row = workflow.BY_NAME[name]
    assert row.waivable is not None and row.waivable.guard is translation_up_to_date
    assert row.waivable.roles == workflow.EDITORS
    others = [t.name for t in workflow.TRANSITIONS if t.waivable is not None]
    # Issue 22's ways out of a missed publish keep the same rule.
    assert sorted(others) == ["publish", "publish_now", "reschedule", "schedule"]


def test_an_out_of_date_translation_cannot_be_published_or_scheduled(editor: User) -> None:
    from datetime import timedelta

    from editorial import clock
    from editorial.articles.transitions.service import Request, apply

    source, translation = _family_of_two(editor)
    _save_source(source, editor, "The source moved on.")
    translation.forget_source_lag()
    with pytest.raises(Refused, match="The source changed since this translation"):
        apply(translation, "publish", editor)
    later = clock.now() + timedelta(hours=1)
    with pytest.raises(Refused, match="The source changed since this translation"):
        apply(translation, "schedule", editor, Request(publish_at=later))
    assert translation.state == "ready"


def test_an_editor_publishes_it_anyway_with_a_note_and_the_waiver_is_audited(
    editor: User, client_as: Any
) -> None:
    from editorial import workflow
    from editorial.models import AuditEvent

    source, translation = _family_of_two(editor)
    _save_source(source, editor, "The source moved on.")
    translation.forget_source_lag()
    (publish,) = [o for o in workflow.available(translation, editor) if o.name == "publish"]
    assert not publish.enabled and publish.can_waive
    client = client_as(editor)
    page = Page(client.get(f"/articles/{translation.id}").get_data(as_text=True))
    assert page.find("textarea", name="waiver")
    refused = client.post(f"/articles/{translation.id}/transition/publish", data={"waiver": " "})
    assert refused.status_code == 422
    note = "The change is a typo in the English; the Spanish was right."
    done = client.post(f"/articles/{translation.id}/transition/publish", data={"waiver": note})
    assert done.status_code == 302
    db.session.expire_all()
    assert translation.state == "published" and source.state == "fact_check"  # as the save left it
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "article.guard_waived")
    )
    assert event is not None and event.details["note"] == note
    assert event.details["transition"] == "publish" and event.object_id == str(translation.id)
    assert translation.transitions[-1].note == note


def test_only_editors_may_waive_it(editor: User, fact_checker: User) -> None:
    from editorial import workflow

    row = workflow.BY_NAME["publish"]
    assert workflow.may_waive(row, editor)
    assert not workflow.may_waive(row, fact_checker)
    assert not workflow.may_waive(row, None)


# --- The desk ---------------------------------------------------------------------------------


def test_every_board_card_has_a_language_badge_and_its_text_direction(
    editor: User, client_as: Any
) -> None:
    make_article(headline="Ministers meet")
    make_article(headline="وزراء يجتمعون", language="ar")
    page = Page(client_as(editor).get("/desk/").get_data(as_text=True))
    badges = [b["class"] for b in page.find("span", class_="lang-badge")]
    assert "lang-badge lang-badge-en" in badges and "lang-badge lang-badge-ar" in badges
    titles = {(t.get("lang"), t.get("dir")) for t in page.find("h3", class_="card-title")}
    assert titles == {("en", "ltr"), ("ar", "rtl")}


def test_the_board_filters_by_language(editor: User, client_as: Any) -> None:
    make_article(headline="Ministers meet")
    make_article(headline="وزراء يجتمعون", language="ar")
    page = client_as(editor).get("/desk/?lang=ar").get_data(as_text=True)
    assert "وزراء يجتمعون" in page and "Ministers meet" not in page
    options = Page(page).find("option", value="es")
    assert options  # every language of the newsroom is offered
    unknown = client_as(editor).get("/desk/?lang=xx").get_data(as_text=True)
    assert "Ministers meet" in unknown  # a value that is no choice is dropped


def test_the_translations_view_lists_families_by_language_and_filters(
    editor: User, client_as: Any
) -> None:
    from editorial.articles.translations.service import translate

    whole, _ = _family_of_two(editor)
    translate(whole, editor, "ar", "وزراء يجتمعون")
    db.session.commit()
    _save_source(whole, editor, "The whole family's source moved on.")
    lonely = make_article(headline="Only in English")
    client = client_as(editor)
    page = Page(client.get("/translations").get_data(as_text=True))
    assert "Only in English" in page.text and whole.headline in page.text
    assert "out of date since revision 2" in page.text
    missing = client.get("/translations?show=missing").get_data(as_text=True)
    assert "Only in English" in missing and whole.headline not in missing
    stale = client.get("/translations?show=out_of_date").get_data(as_text=True)
    assert whole.headline in stale and lonely.headline not in stale


def test_the_translations_view_costs_the_same_however_many_families(
    editor: User, client_as: Any
) -> None:
    from sqlalchemy import event

    client = client_as(editor)

    def queries() -> int:
        counted = []
        listener = lambda *args: counted.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/translations").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(counted)

    _family_of_two(editor)
    few = queries()
    for _ in range(4):
        _family_of_two(editor)
    assert queries() == few


def test_attached_lags_agree_with_each_articles_own(editor: User) -> None:
    from editorial.models.families import attach_lags, source_lag

    pairs = [_family_of_two(editor) for _ in range(3)]
    _save_source(pairs[0][0], editor, "Moved on.")
    translations = [t for _, t in pairs]
    for t in translations:
        t.forget_source_lag()
    attach_lags(translations)
    assert [t.source_lag for t in translations] == [
        source_lag(t.source_revision_id) for t in translations
    ]
    assert translations[0].source_lag is not None and translations[1].source_lag is None


# --- Right to left on the desk -----------------------------------------------------------------


def test_an_arabic_story_is_rtl_on_its_page_and_in_its_history(
    editor: User, client_as: Any
) -> None:
    from editorial.articles.revisions.service import newest_first
    from editorial.articles.service import save_article

    article = make_article(headline="وزراء يجتمعون", body="النص الأول.", language="ar")
    save_article(article, editor, {"body": "النص الثاني."}, article.version)
    db.session.commit()
    client = client_as(editor)
    page = Page(client.get(f"/articles/{article.id}").get_data(as_text=True))
    for tag, cls in (("h1", None), ("div", "story-body")):
        (element,) = page.find(tag, class_=cls) if cls else page.find(tag, lang="ar")
        assert (element["lang"], element["dir"]) == ("ar", "rtl")
    pair = list(db.session.scalars(newest_first(article)))[:2]
    address = f"/articles/{article.id}/revisions/compare?a={pair[1].id}&b={pair[0].id}"
    compare = Page(client.get(address).get_data(as_text=True))
    (body_diff,) = compare.find("div", class_="diff-body")
    assert (body_diff["lang"], body_diff["dir"]) == ("ar", "rtl")


def test_headlines_in_lists_are_isolated_in_their_own_direction(
    editor: User, client_as: Any
) -> None:
    article = make_article("edit", headline="وزراء يجتمعون", language="ar")
    article.editor_id = editor.id
    db.session.commit()
    queue = Page(client_as(editor).get("/queue/").get_data(as_text=True))
    isolated = queue.find("bdi", lang="ar")
    assert isolated and isolated[0]["dir"] == "rtl"


# --- The translator ---------------------------------------------------------------------------


def test_who_starts_a_translation_is_its_translator_and_the_duty_is_only_on_translations(
    editor: User, reporter: User, client_as: Any
) -> None:
    from editorial.articles.assignment.service import TRANSLATOR, assign

    source = make_article()
    client = client_as(editor)
    _translate(client, source, "ar")
    arabic = _only("ar", source.family_id)
    assert arabic.translator_id == editor.id
    page = Page(client.get(f"/articles/{arabic.id}").get_data(as_text=True))
    assert page.find("select", id=f"assign-{arabic.id}-translator")
    assert f"translator {editor.display_name}" in page.text_of(f"translations-{arabic.id}")
    source_page = Page(client.get(f"/articles/{source.id}").get_data(as_text=True))
    assert not source_page.find("select", id=f"assign-{source.id}-translator")
    assign(arabic, TRANSLATOR, reporter, editor, seen=editor.id)
    db.session.commit()
    assert arabic.translator_id == reporter.id
    with pytest.raises(Refused):
        assign(source, TRANSLATOR, reporter, editor, seen=None)


def test_the_translators_queue_holds_their_translations_and_the_out_of_date_ones(
    editor: User, reporter: User, client_as: Any
) -> None:
    from editorial.articles.transitions.service import apply

    source, translation = _family_of_two(editor)
    translation.translator_id = reporter.id
    draft = make_article(headline="Borrador en curso")
    db.session.commit()
    from editorial.articles.translations.service import translate

    spanish_draft = translate(draft, editor, "es", "Borrador en curso")
    spanish_draft.translator_id = reporter.id
    apply(translation, "publish", editor)
    db.session.commit()
    client = client_as(reporter)
    queue = Page(client.get("/queue/").get_data(as_text=True)).text
    assert "Borrador en curso" in queue and "Your translation" in queue
    assert "Ministros se reúnen" not in queue  # published and up to date: nothing to do
    _save_source(source, editor, "The source moved on after the Spanish ran.")
    queue = Page(client.get("/queue/").get_data(as_text=True)).text
    assert "Ministros se reúnen" in queue and "Source changed" in queue


# --- Breaking headlines -------------------------------------------------------------------------


def test_a_breaking_headline_is_written_in_a_language(editor: User, client_as: Any) -> None:
    from sqlalchemy import select

    from editorial.models import BreakingHeadline

    client = client_as(editor)
    form = Page(client.get("/breaking").get_data(as_text=True))
    assert [o["value"] for o in form.find("option") if o.get("value") in ("en", "ar", "es")]
    response = client.post(
        "/breaking",
        data={"new-text": "زلزال يضرب الشمال", "new-language": "ar", "new-article": ""},
    )
    assert response.status_code in (200, 302, 303)
    headline = db.session.scalar(select(BreakingHeadline))
    assert headline is not None and headline.language == "ar"
    row = Page(client.get("/breaking").get_data(as_text=True))
    (text,) = row.find("bdi", lang="ar")
    assert text["dir"] == "rtl"


def test_a_published_translation_is_corrected_then_marked_up_to_date_by_an_editor(
    editor: User, reporter: User, client_as: Any
) -> None:
    from editorial.articles.transitions.service import apply

    source, translation = _family_of_two(editor)
    translation.authors = [reporter]
    apply(translation, "publish", editor)
    db.session.commit()
    _save_source(source, editor, "The source moved on after the Spanish ran.")
    assert client_as(reporter).post(f"/articles/{translation.id}/up-to-date").status_code == 403
    page = Page(client_as(editor).get(f"/articles/{translation.id}").get_data(as_text=True))
    assert page.find("form", action=f"/articles/{translation.id}/up-to-date")
    assert client_as(editor).post(f"/articles/{translation.id}/up-to-date").status_code == 302
    db.session.expire_all()
    assert translation.source_lag is None and translation.state == "published"


def test_the_translator_and_editor_are_told_once_when_the_source_changes(
    editor: User, reporter: User, admin: User
) -> None:
    from sqlalchemy import select

    from editorial.models import Kind, Notification

    source, translation = _family_of_two(editor)
    translation.translator_id, translation.editor_id = reporter.id, admin.id
    db.session.commit()
    _save_source(source, editor, "The source moved on.")
    _save_source(source, editor, "The source moved on again.")
    told = db.session.scalars(
        select(Notification).where(Notification.kind == Kind.SOURCE_CHANGED)
    ).all()
    assert sorted(n.recipient_id for n in told) == sorted([reporter.id, admin.id])
    assert all(n.article_id == translation.id for n in told)


def test_the_desk_search_filters_by_language(editor: User, client_as: Any) -> None:
    make_article(headline="Zeppelin lands in Beirut", body="A zeppelin landed.")
    make_article(headline="Zepelín aterriza", body="Un zeppelin aterrizó.", language="es")
    client = client_as(editor)
    everything = Page(client.get("/desk/search?q=zeppelin").get_data(as_text=True))
    assert "Zeppelin lands" in everything.text and "Zepelín aterriza" in everything.text
    spanish = Page(client.get("/desk/search?q=zeppelin&lang=es").get_data(as_text=True))
    assert "Zepelín aterriza" in spanish.text and "Zeppelin lands" not in spanish.text
    assert spanish.find("option", value="es", selected="")


def test_a_translator_off_the_byline_sees_reads_inside_and_edits_the_translation(
    editor: User, reporter: User, client_as: Any
) -> None:
    """The translator duty works for someone not on the byline: the page, its comments and the
    editor open for them (the byline still lists the source's authors), and nobody else's."""
    from editorial.permissions import can, inside_articles, visible_articles

    source, translation = _family_of_two(editor)
    translation.state = "draft"
    translation.translator_id = reporter.id
    db.session.commit()
    assert not translation.is_author(reporter)
    assert can(reporter, "article.view", translation) and can(reporter, "article.edit", translation)
    for condition in (visible_articles(reporter), inside_articles(reporter)):
        ids = set(db.session.scalars(select(Article.id).where(condition)))
        assert translation.id in ids and source.id not in ids
    client = client_as(reporter)
    assert client.get(f"/articles/{translation.id}").status_code == 200
    assert client.get(f"/articles/{translation.id}/edit").status_code == 200
    assert client.get(f"/articles/{source.id}").status_code == 404
