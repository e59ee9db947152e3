"""A translation's stored "out of date" mark (`Article.source_changed`, issue 28).

The mark follows the rule (`models.families.stale_rule`) through every write that changes its
answer, every page that says "out of date" reads it, the writes that set or clear it move the
desk's version, and My queue's count reads only a translator's marked rows, however many
translations they have made.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select, update

from editorial import workflow
from editorial.board_version import board_version
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.families import attach_lags, stale_rule
from editorial.models.translation_marks import refresh_marks
from editorial.queue.queries import _count
from tests.factories import make_article
from tests.parsed import Page


def _translation_of(source: Article, editor: User, language: str = "es") -> Article:
    from editorial.articles.translations.service import translate

    translation = translate(source, editor, language, "Ministros se reúnen")
    translation.body = "Cuerpo del artículo."
    db.session.commit()
    return translation


def _save(article: Article, editor: User, body: str) -> None:
    from editorial.articles.service import save_article

    save_article(article, editor, {"body": body}, article.version)
    db.session.commit()


def stored(article: Article) -> bool:
    """The mark as the row holds it (not the session's object)."""
    return bool(db.session.scalar(select(Article.source_changed).where(Article.id == article.id)))


def marks_and_rule() -> list[tuple[int, bool, bool]]:
    """Every translation: its id, its stored mark, and the rule's answer now."""
    rows = db.session.execute(
        select(Article.id, Article.source_changed, stale_rule(Article.source_revision_id))
        .where(Article.source_revision_id.is_not(None))
        .order_by(Article.id)
    )
    return [(row[0], bool(row[1]), bool(row[2])) for row in rows]


def assert_marks_follow_the_rule() -> None:
    rows = marks_and_rule()
    assert [(i, mark) for i, mark, _ in rows] == [(i, rule) for i, _, rule in rows]


def test_a_source_save_marks_its_translations_and_moves_the_desk_version(
    app: Flask, editor: User
) -> None:
    source = make_article("edit")
    spanish, arabic = _translation_of(source, editor), _translation_of(source, editor, "ar")
    assert not stored(spanish) and not stored(arabic)
    before = board_version()
    _save(source, editor, "Officials said on Friday that talks would resume next week.")
    assert stored(spanish) and stored(arabic)
    assert board_version() > before
    assert_marks_follow_the_rule()
    db.session.expire_all()
    lag = db.session.get(Article, spanish.id).source_lag  # type: ignore[union-attr]
    assert lag is not None and lag.source_id == source.id


def test_a_transition_of_the_source_is_no_change_and_leaves_the_mark(
    app: Flask, editor: User
) -> None:
    from editorial.articles.transitions.service import apply

    source = make_article("ready")
    translation = _translation_of(source, editor)
    apply(source, "publish", editor)
    db.session.commit()
    assert not stored(translation)
    assert_marks_follow_the_rule()


def test_a_save_of_the_translation_itself_leaves_its_mark(app: Flask, editor: User) -> None:
    source = make_article("edit")
    translation = _translation_of(source, editor)
    _save(translation, editor, "Otro cuerpo del artículo.")
    assert not stored(translation)
    _save(source, editor, "The source moved on.")
    _save(translation, editor, "Un tercer cuerpo.")
    assert stored(translation)  # its own words changed; what it was made from did not
    assert_marks_follow_the_rule()


def test_bringing_it_up_to_date_clears_the_mark_and_moves_the_desk_version(
    app: Flask, editor: User
) -> None:
    from editorial.articles.translations.service import mark_up_to_date

    source = make_article("edit")
    translation = _translation_of(source, editor)
    _save(source, editor, "The source moved on.")
    assert stored(translation)
    before = board_version()
    mark_up_to_date(translation, editor)
    db.session.commit()
    assert not stored(translation) and translation.source_lag is None
    assert board_version() > before
    _save(source, editor, "And moved on again.")
    assert stored(translation)
    assert_marks_follow_the_rule()


def test_a_correction_and_a_restored_revision_mark_it_too(app: Flask, editor: User) -> None:
    from editorial.articles.service import correct_article, restore_revision
    from editorial.articles.transitions.service import apply
    from editorial.articles.translations.service import mark_up_to_date

    source = make_article("ready")
    translation = _translation_of(source, editor)
    first = translation.source_revision
    apply(source, "publish", editor)
    correct_article(source, editor, {"body": "Talks resume Monday."}, source.version, "Day.")
    db.session.commit()
    assert stored(translation)
    mark_up_to_date(translation, editor)
    db.session.commit()
    source.state = workflow.EDIT
    db.session.commit()
    assert first is not None
    restore_revision(source, editor, first, source.version)
    db.session.commit()
    assert stored(translation)
    assert_marks_follow_the_rule()


def test_every_page_that_says_out_of_date_reads_the_mark(
    app: Flask, editor: User, client_as: Any
) -> None:
    """The queue, the Translations panel and the families view follow the stored mark (here
    set by hand against the rule, to show which they read)."""
    source = make_article("edit")
    translation = _translation_of(source, editor)
    client = client_as(editor)
    db.session.execute(
        update(Article).where(Article.id == translation.id).values(source_changed=True)
    )
    _save(source, editor, "The source moved on.")  # the rule agrees now, and the lag has a change
    db.session.execute(
        update(Article).where(Article.id == translation.id).values(source_changed=False)
    )
    db.session.commit()
    assert marks_and_rule() == [(translation.id, False, True)]
    panel = Page(client.get(f"/articles/{source.id}").get_data(as_text=True))
    assert "out of date" not in panel.text_of(f"translations-{source.id}")
    assert "out of date" not in Page(client.get("/translations").get_data(as_text=True)).text
    assert "Source changed" not in Page(client.get("/queue/").get_data(as_text=True)).text
    db.session.execute(
        update(Article).where(Article.id == translation.id).values(source_changed=True)
    )
    db.session.commit()
    panel = Page(client.get(f"/articles/{source.id}").get_data(as_text=True))
    assert "out of date since revision" in panel.text_of(f"translations-{source.id}")
    assert (
        "out of date since revision"
        in Page(client.get("/translations").get_data(as_text=True)).text
    )
    assert "Source changed" in Page(client.get("/queue/").get_data(as_text=True)).text
    db.session.expire_all()
    found = [db.session.get(Article, translation.id)]
    attach_lags(found)
    assert found[0] is not None and found[0].source_lag is not None


def test_refresh_marks_repairs_every_mark_by_the_rule(app: Flask, editor: User) -> None:
    stale_source, fresh_source = make_article("edit"), make_article("edit")
    stale, fresh = _translation_of(stale_source, editor), _translation_of(fresh_source, editor)
    _save(stale_source, editor, "The source moved on.")
    expected = marks_and_rule()
    assert [mark for _, mark, _ in expected] == [True, False]
    db.session.execute(update(Article).values(source_changed=False))
    db.session.execute(update(Article).where(Article.id == fresh.id).values(source_changed=True))
    assert refresh_marks(db.session.connection()) == 2
    db.session.commit()
    assert marks_and_rule() == expected and stored(stale)


# --- My queue's count reads only the marked rows ------------------------------------------------


def _history(translator: User, editor: User, how_many: int) -> None:
    """`how_many` published translations of `translator`, up to date: nothing left to do."""
    for _ in range(how_many):
        translation = _translation_of(make_article("published"), editor)
        translation.translator_id = translator.id
        translation.state = workflow.PUBLISHED
    db.session.commit()


def _count_steps(person: User) -> tuple[int, int]:
    """The count, and the SQLite virtual machine's steps its statement took."""
    raw = db.session.connection().connection.driver_connection
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    raw.set_progress_handler(step, 1)
    try:
        count = _count(person)
    finally:
        raw.set_progress_handler(None, 1)
    return count, steps[0]


def test_the_count_reads_no_more_as_a_translators_history_grows(
    app: Flask, editor: User, reporter: User
) -> None:
    """SQLite's steps for the count's statement (each row read is steps): the same for a
    translator with 2 finished translations as with 22. Before the mark it grew with each."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's virtual machine steps")
    source = make_article("edit")
    stale = _translation_of(source, editor)
    stale.translator_id = reporter.id
    writing = _translation_of(make_article("edit"), editor)
    writing.translator_id = reporter.id
    _save(source, editor, "The source moved on.")
    _history(reporter, editor, 2)
    few = _count_steps(reporter)
    _history(reporter, editor, 20)
    many = _count_steps(reporter)
    assert few[0] == many[0] >= 2
    assert many[1] == few[1], (few, many)


def test_the_counts_translator_reads_are_ranges_of_their_indexes(
    app: Flask, reporter: User
) -> None:
    """SQLite's plan: the marked rows and the rows being written of one translator, each one
    range of its index (PostgreSQL's plans: BENCHMARKS.md, bench:stale-mark)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        sent.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        _count(reporter)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    ((statement, params),) = [(s, p) for s, p in sent if "count(" in s]
    connection = db.session.connection()
    plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    details = " | ".join(str(row[-1]) for row in plan)
    assert "ix_articles_translator_stale (translator_id=? AND source_changed=?)" in details
    assert "ix_articles_translator_state (translator_id=? AND state=?)" in details, details
