"""A text-only save writes its story's content with its version claim (one UPDATE), moves a run's
autosaved revision with one UPDATE and writes its audit row at once: nothing is left for the
unit of work, and every effect a flush hook had (the search index, the revision, the audit, the
claims, the desk's version) still happens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event, select, true
from sqlalchemy.orm import Session

from editorial.board_version import board_version
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import ArticleRevision, AuditEvent, Claim, User
from editorial.search import index as search_index
from tests.factories import make_article, make_claim
from tests.helpers import HX, form_for, fresh


@contextmanager
def flushes_with_work() -> Iterator[list[int]]:
    """How many flushes inside the block had something to write (one entry each)."""
    flushed: list[int] = []

    def note(session: Session, _context: Any, _instances: Any) -> None:
        flushed.append(len(session.new) + len(session.dirty) + len(session.deleted))

    event.listen(Session, "before_flush", note)
    try:
        yield flushed
    finally:
        event.remove(Session, "before_flush", note)


def _found(words: str) -> list[int]:
    return [a.id for a in search_index.search(words, true(), per_page=50).articles]


def test_a_text_autosave_leaves_nothing_to_the_unit_of_work(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    client = client_as(reporter)
    first = client.post(
        f"/articles/{article.id}/autosave", data=form_for(article, body="A first go."), headers=HX
    )
    assert first.status_code == 200
    with flushes_with_work() as flushed, counted_statements(app) as statements:
        response = client.post(
            f"/articles/{article.id}/autosave",
            data=form_for(article, body="The lighthouse opened at dawn."),
            headers=HX,
        )
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    assert [n for n in flushed if n] == []
    # The row written once: the claim carries the content.
    assert len([s for s in statements if s.startswith("UPDATE articles")]) == 1
    indexed = [s for s in statements if "article_search" in s]
    moved = [s for s in statements if "UPDATE article_revisions" in s]
    audit = [s for s in statements if "INSERT INTO audit_events" in s]
    assert len(indexed) == 1 and len(moved) == 1 and len(audit) == 1
    if db.engine.dialect.name == "postgresql":
        # One round trip for the three: the index's upsert and the revision's UPDATE as the
        # audit INSERT's CTEs.
        assert indexed == moved == audit and audit[0].startswith("WITH")
    else:
        assert moved[0].startswith("UPDATE") and audit[0].startswith("INSERT")
        assert indexed[0].startswith("UPDATE article_search")
    # The site's version (the form's settings) and the desk's read in one statement.
    assert len([s for s in statements if s.startswith("SELECT") and "site_version" in s]) == 1


def test_a_run_of_text_autosaves_keeps_every_effect(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article(
        "draft", authors=[reporter], body="The harbour closed at noon. Ships waited."
    )
    claim = make_claim(article, "The harbour closed at noon.")
    kept = make_claim(article, "Ships waited.")
    db.session.commit()
    client = client_as(reporter)
    desk = board_version()
    db.session.rollback()
    for n, body in enumerate(("Ships waited.", "Ships waited. The lighthouse opened."), 1):
        form = form_for(fresh(article.id), body=body)
        form["version"] = "1"  # the editor page's own version: each save builds on its own
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
        assert response.status_code == 200, n
    db.session.expire_all()
    saved = fresh(article.id)
    assert saved.version == 3 and saved.body == "Ships waited. The lighthouse opened."
    assert "<p>Ships waited. The lighthouse opened.</p>" in saved.body_html
    assert saved.word_count == 5
    revisions = db.session.scalars(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id)
    ).all()
    autosaved = [r for r in revisions if r.reason == "autosaved"]
    assert len(autosaved) == 1  # one working copy per run of autosaves
    assert autosaved[0].version == 3 and autosaved[0].body == saved.body
    assert autosaved[0].fields["autosave_since"] == 1
    assert autosaved[0].fields["editing_token"] == "page-1"
    assert autosaved[0].fields["author_ids"] == [reporter.id]
    audit = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "article.autosaved", AuditEvent.object_id == str(article.id))
        .order_by(AuditEvent.id)
    ).all()
    assert [(a.details, a.actor_id, a.object_type) for a in audit] == [
        ({"version": 2, "fields": ["body"]}, reporter.id, "article"),
        ({"version": 3, "fields": ["body"]}, reporter.id, "article"),
    ]
    assert audit[0].actor_label == reporter.email and audit[0].ip == "127.0.0.1"
    assert _found("lighthouse") == [article.id] and _found("harbour") == []
    changed = db.session.get(Claim, claim.id)
    assert changed is not None and changed.text_changed
    assert [c.kind for c in changed.changes] == ["text_changed"]
    still = db.session.get(Claim, kept.id)
    assert still is not None and not still.text_changed
    assert board_version() > desk


def test_a_text_autosave_the_index_does_not_hold_keeps_every_row(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """A change of the source alone: the run's revision moved and the audit line written (on
    PostgreSQL in one statement), the search index not written."""
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    client = client_as(reporter)
    form = form_for(article, body="The lighthouse opened.")
    assert client.post(f"/articles/{article.id}/autosave", data=form, headers=HX).status_code == 200
    form = form | {"version": "2", "source": "Agencies"}
    with counted_statements(app) as statements:
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200
    assert not [s for s in statements if "article_search" in s]
    written = [s for s in statements if "article_revisions" in s or "audit_events" in s]
    expected = 1 if db.engine.dialect.name == "postgresql" else 2
    assert len([s for s in written if not s.startswith("SELECT")]) == expected
    db.session.expire_all()
    revisions = db.session.scalars(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id)
    ).all()
    moved = [r for r in revisions if r.reason == "autosaved"]
    assert len(moved) == 1 and moved[0].version == 3 and moved[0].fields["source"] == "Agencies"
    details = db.session.scalars(
        select(AuditEvent.details)
        .where(AuditEvent.action == "article.autosaved", AuditEvent.object_id == str(article.id))
        .order_by(AuditEvent.id)
    ).all()
    assert details == [{"version": 2, "fields": ["body"]}, {"version": 3, "fields": ["source"]}]
    assert _found("lighthouse") == [article.id]


def test_a_save_reads_its_claims_and_passages_in_one_statement(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], body="The harbour closed at noon.")
    make_claim(article, "The harbour closed at noon.")
    client = client_as(reporter)
    with counted_statements(app) as statements:
        response = client.post(
            f"/articles/{article.id}/autosave",
            data=form_for(article, body="The harbour closed at noon. More."),
            headers=HX,
        )
    assert response.status_code == 200
    reads = [s for s in statements if s.startswith("SELECT") and "claim" in s]
    assert len(reads) == 1


def test_a_headline_its_slug_follows_still_moves_the_slug(
    app: Flask, client_as: Any, reporter: User
) -> None:
    article = make_article("draft", authors=[reporter], headline="Harbour closes")
    client = client_as(reporter)
    response = client.post(
        f"/articles/{article.id}/autosave",
        data=form_for(article, headline="Lighthouse opens"),
        headers=HX,
    )
    assert response.status_code == 200
    db.session.expire_all()
    saved = fresh(article.id)
    assert saved.headline == "Lighthouse opens" and saved.slug.startswith("lighthouse-opens")
    assert _found("lighthouse") == [article.id]


def test_a_text_save_cleans_what_xml_forbids(app: Flask, client_as: Any, editor: User) -> None:
    """The service called with a dict (not the form): the row's strings are cleaned as a flushed
    row's are (`database.clean_stored_text`)."""
    from editorial.articles.service import save_article

    article = make_article("draft", authors=[editor])
    save_article(fresh(article.id), editor, {"summary": "A\x0bsummary\x00."}, 1)
    db.session.commit()
    db.session.expire_all()
    assert fresh(article.id).summary == "A summary."
