"""The story every write view checks and the signed-in `User`, made from rows read past the ORM's
execution (`loaded_rows`, bench:writes9): the same objects `Session.get` and `merge` gave, and
every refusal the permission check made still made."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_login import login_user
from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from editorial import loaded_rows
from editorial.auth.sessions import load_user
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article, AuditEvent, Claim, Role, User, UserSession
from editorial.permissions import get_article_for, get_part_of, get_visible_article
from tests.factories import make_article, make_claim, make_user
from tests.helpers import POSTGRES_URL

COLUMNS = [column.key for column in inspect(Article).column_attrs]


def _orm_reads(app: Flask) -> Any:
    """A list that collects every statement run through the ORM session's execution."""
    seen: list[Any] = []

    def note(state: Any) -> None:
        seen.append(state.statement)

    event.listen(Session, "do_orm_execute", note)
    return seen, lambda: event.remove(Session, "do_orm_execute", note)


def _denials() -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "access.denied")
    )


def test_the_story_is_read_past_the_orm(app: Flask, editor: User) -> None:
    """One read of its row, no ORM execution: failed on main (`Session.get`)."""
    article = make_article("draft")
    article_id = article.id
    db.session.expunge(article)
    with app.test_request_context():
        assert editor.active  # the person loaded first (a commit expired them)
        seen, stop = _orm_reads(app)
        try:
            got = get_visible_article(editor, article_id)
        finally:
            stop()
        assert seen == []
        assert got.id == article_id


def test_the_story_is_the_one_session_get_gives(app: Flask, editor: User) -> None:
    """Every column the same value and type, persistent, nothing dirty, its byline lazy."""
    writer = make_user(Role.REPORTER)
    article = make_article("edit", authors=[writer], summary="A summary")
    article_id, writer_id = article.id, writer.id
    db.session.expunge(article)
    with app.test_request_context():
        expected = db.session.get(Article, article_id)
        wanted = {key: getattr(expected, key) for key in COLUMNS}
        db.session.expunge(expected)
        got = get_visible_article(editor, article_id)
        assert {key: getattr(got, key) for key in COLUMNS} == wanted
        assert [type(getattr(got, key)) for key in COLUMNS] == [type(v) for v in wanted.values()]
        state = inspect(got)
        assert state.persistent and not db.session.is_modified(got) and "authors" in state.unloaded
        assert [person.id for person in got.authors] == [writer_id]
        assert db.session.get(Article, article_id) is got  # the session's own from now on
        got.headline = "Changed"
        db.session.flush()  # an UPDATE of the one column, as for a loaded story
        assert db.session.scalar(select(Article.headline).where(Article.id == got.id)) == "Changed"


def test_the_session_s_own_copy_and_its_pending_rows(app: Flask, editor: User) -> None:
    """A story the session holds comes back as it is (its change unflushed kept); one it
    added is flushed first, as `Session.get`'s autoflush did; a missing id is 404."""
    article = make_article("draft")
    with app.test_request_context():
        held = db.session.get(Article, article.id)
        held.headline = "Typed, not yet flushed"
        assert get_visible_article(editor, article.id) is held
        assert held.headline == "Typed, not yet flushed"
    with app.test_request_context():
        added = Article(headline="New", slug="new-one", state="draft", body="Body")
        db.session.add(added)
        db.session.flush()
        found = get_visible_article(editor, added.id)
        assert found is added
        db.session.rollback()
    with app.test_request_context():
        try:
            get_visible_article(editor, 987654)
        except Exception as error:  # werkzeug's NotFound
            assert getattr(error, "code", None) == 404
        else:
            raise AssertionError("a missing story was found")


def test_refusals_still_refused(app: Flask, client_as: Any) -> None:
    """Through the write views: someone who may not see the story 404, someone who may see it
    but not do this 403 (audited), and nothing changed."""
    writer, other = make_user(Role.REPORTER), make_user(Role.REPORTER)
    checker = make_user(Role.FACT_CHECKER)
    draft = make_article("draft", authors=[writer])
    published = make_article("published", authors=[writer])
    checking = make_article("fact_check", authors=[writer])
    claim = make_claim(checking, "Officials said on Thursday")
    draft_id, published_id, checking_id, claim_id = draft.id, published.id, checking.id, claim.id
    stranger = client_as(other)
    before = _denials()
    assert stranger.post(f"/articles/{draft_id}/transition/submit", data={}).status_code == 404
    assert stranger.post(f"/articles/{draft_id}/comments", data={"body": "Hi"}).status_code == 404
    answer = stranger.post(f"/articles/{draft_id}/autosave", data={"headline": "Mine"})
    assert answer.status_code == 404
    assert db.session.get(Article, draft_id).state == "draft"
    author = client_as(writer)
    # On the byline of a published story: may see it, may not edit it (403, audited).
    assert author.post(f"/articles/{published_id}/autosave", data={}).status_code == 403
    # On the byline of a story in its check: never its own verdicts.
    verdict = {"verdict": "verified", "sources": "https://example.org/x", "note": ""}
    refused = author.post(f"/articles/{checking_id}/claims/{claim_id}", data=verdict)
    assert refused.status_code == 403
    # A fact-checker may not see a draft at all.
    blind = client_as(checker)
    assert blind.post(f"/articles/{draft_id}/transition/submit", data={}).status_code == 404
    db.session.expire_all()
    assert _denials() >= before + 2
    assert db.session.get(Article, draft_id).headline != "Mine"


def test_the_signed_in_user_is_the_one_merge_gave(app: Flask, editor: User, client_as: Any) -> None:
    """`current_person()`: the `User` of the session check's row, persistent, nothing dirty,
    the session's own copy from then on."""
    client_as(editor)
    token = db.session.scalars(
        select(UserSession.token).where(UserSession.user_id == editor.id)
    ).first()
    story = make_article("draft").id
    editor_id, name = editor.id, editor.display_name
    with app.test_request_context():
        db.session.expunge_all()
        signed = load_user(token)
        assert signed is not None
        login_user(signed)
        person = current_person()
        assert person.id == editor_id and person.display_name == name
        assert inspect(person).persistent and not db.session.is_modified(person)
        assert person.current_session.token == token
        assert db.session.get(User, editor_id) is person
        assert get_article_for(person, "article.view", story).id == story


def test_a_part_is_read_past_the_orm_and_kept_to_its_story(app: Flask, editor: User) -> None:
    """`get_part_of`: a claim of the story, one read and no ORM execution (failed on main); a
    claim of another story, or none, 404."""
    mine, other = make_article("fact_check"), make_article("fact_check")
    claim, elsewhere = make_claim(mine, "Officials said"), make_claim(other, "Ministers said")
    ids = (mine.id, claim.id, elsewhere.id)
    db.session.commit()
    db.session.expunge(claim)
    with app.test_request_context():
        story = db.session.get(Article, ids[0])
        seen, stop = _orm_reads(app)
        try:
            part = get_part_of(Claim, ids[1], story)
        finally:
            stop()
        assert seen == [] and part.id == ids[1] and part.text == "Officials said"
        assert inspect(part).persistent and not db.session.is_modified(part)
        for wrong in (ids[2], 987654):
            try:
                get_part_of(Claim, wrong, story)
            except Exception as error:
                assert getattr(error, "code", None) == 404
            else:
                raise AssertionError("a part of another story was found")


def test_a_held_story_is_read_past_the_orm_as_session_get_holds_it(
    app: Flask, editor: User
) -> None:
    """`get_holding` (a transition's story on PostgreSQL): one read with the row held as the
    UPDATE holds it, no ORM execution, every column as the ORM's held read gives it; a story
    the session holds already is read afresh into that same object, as `populate_existing`."""
    article = make_article("edit", summary="A summary")
    article_id = article.id
    db.session.expunge(article)
    with app.test_request_context():
        holding = {"key_share": True}
        expected = db.session.get(
            Article, article_id, with_for_update=holding, populate_existing=True
        )
        wanted = {key: getattr(expected, key) for key in COLUMNS}
        db.session.rollback()
        db.session.expunge(expected)
        seen, stop = _orm_reads(app)
        try:
            with counted_statements(app) as sent:
                got = loaded_rows.get_holding(Article, article_id)
        finally:
            stop()
        assert seen == [] and got is not None
        reads = [statement for statement in sent if statement.startswith("SELECT")]
        assert len(reads) == 1
        assert reads[0].rstrip().endswith("FOR NO KEY UPDATE") == bool(POSTGRES_URL), sent
        assert {key: getattr(got, key) for key in COLUMNS} == wanted
        state = inspect(got)
        assert state.persistent and not db.session.is_modified(got) and "authors" in state.unloaded
        db.session.rollback()
        with db.engine.begin() as other:
            other.execute(update(Article).where(Article.id == article_id).values(summary="New"))
        assert loaded_rows.get_holding(Article, article_id) is got
        assert got.summary == "New"
        assert loaded_rows.get_holding(Article, 987654) is None


def test_a_row_held_whole_is_read_for_update(app: Flask) -> None:
    """Without `key_share` (a live post's story) the row is held `FOR UPDATE`, as
    `Session.get(..., with_for_update=True)` held it, still past the ORM's execution."""
    article = make_article("draft")
    article_id = article.id
    db.session.expunge(article)
    with app.test_request_context():
        seen, stop = _orm_reads(app)
        try:
            with counted_statements(app) as sent:
                got = loaded_rows.get_holding(Article, article_id, key_share=False)
        finally:
            stop()
        reads = [statement for statement in sent if statement.startswith("SELECT")]
        assert seen == [] and got is not None and got.id == article_id
        assert len(reads) == 1
        held_whole = reads[0].rstrip().endswith(" FOR UPDATE")
        assert held_whole == bool(POSTGRES_URL), reads
