"""What a save and a transition read: the row back with its claim, the names of what the story
holds once, and the revision, the search index and the byline as before."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select, text

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Region, Role, User
from tests.factories import make_article, make_user, section
from tests.helpers import HX, form_for

ROW_READ = "FROM articles WHERE articles.id = "  # the row read alone (a load or a refresh)


CLAIMED = "version=(articles.version + "


def _after(statements: list[str], start: str) -> list[str]:
    """The statements sent after the first one starting with `start` (which must be there)."""
    first = next(i for i, s in enumerate(statements) if s.startswith(start))
    return statements[first + 1 :]


def _newest_revision(article_id: int) -> ArticleRevision:
    revision = db.session.scalars(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.id.desc())
    ).first()
    assert revision is not None
    return revision


def test_an_autosave_reads_its_row_back_with_its_claim(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """The version claimed, the row comes back in the UPDATE's RETURNING: no second read."""
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    with counted_statements(app) as statements:
        response = client.post(
            f"/articles/{article.id}/autosave", data=form_for(article, body="On."), headers=HX
        )
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    # The claim (the version moved on; a text-only save writes its columns in the same UPDATE).
    claims = [s for s in statements if s.startswith("UPDATE articles SET") and CLAIMED in s]
    assert len(claims) == 1 and "RETURNING" in claims[0]
    assert not [s for s in statements[statements.index(claims[0]) + 1 :] if ROW_READ in s]
    assert '<input type="hidden" id="article-version" name="version" value="2"' in (
        response.get_data(True)
    )


def test_a_save_keeping_its_section_region_tags_and_byline_reads_their_names_once(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    """The section, region, tags and people on the byline the form posts as they stand: one read
    of their names serves the check, both snapshots, the revision and the search index."""
    second = make_user(Role.REPORTER, display_name="Rana Reporter")
    asia = db.session.scalar(select(Region).where(Region.name == "Asia"))
    assert asia is not None
    article = make_article(
        "draft", authors=[reporter, second], tags=["Climate", "Budget"], region=asia
    )
    client = client_as(editor)
    form = form_for(article, body="Typing on, with the budget in it.")
    with counted_statements(app) as statements:
        response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    names = [
        s
        for s in statements
        if s.startswith("SELECT")
        and any(word in s for word in ("sections", "regions", "article_authors", "article_tags"))
    ]
    assert len(names) == 1, names
    revision = _newest_revision(article.id)
    assert revision.reason == "autosaved" and revision.body == "Typing on, with the budget in it."
    assert revision.fields["section"] == section().name and revision.fields["region"] == "Asia"
    assert revision.fields["tags"] == ["Budget", "Climate"]
    assert revision.fields["author_ids"] == [reporter.id, second.id]
    assert revision.fields["authors"] == [reporter.display_name, "Rana Reporter"]
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's index keeps stems, not the words
        indexed = db.session.execute(
            text("SELECT tags FROM article_search WHERE rowid = :id"), {"id": article.id}
        ).scalar_one()
        assert indexed == "budget climate"


def test_a_save_changing_its_section_region_tags_and_byline_still_checks_and_keeps_them(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    """What the form changes is looked up and checked as before, and lands in the revision."""
    second = make_user(Role.REPORTER, display_name="Rana Reporter")
    asia = db.session.scalar(select(Region).where(Region.name == "Asia"))
    assert asia is not None
    article = make_article("draft", authors=[reporter, second], tags=["Climate"])
    client = client_as(editor)
    form = form_for(
        article,
        section_id=str(section("Economy").id),
        region_id=str(asia.id),
        tags="Climate, Budget",
        author_ids=[str(second.id), str(reporter.id)],
    )
    response = client.post(f"/articles/{article.id}/autosave", data=form, headers=HX)
    assert response.status_code == 200 and "Saved automatically at" in response.get_data(True)
    db.session.expire_all()
    saved = db.session.get(Article, article.id)
    assert saved is not None and saved.section_id == section("Economy").id
    assert saved.region_id == asia.id and [t.name for t in saved.tags] == ["Budget", "Climate"]
    assert [person.id for person in saved.authors] == [second.id, reporter.id]
    revision = _newest_revision(article.id)
    assert revision.fields["section"] == "Economy" and revision.fields["region"] == "Asia"
    assert revision.fields["author_ids"] == [second.id, reporter.id]
    refused = client.post(
        f"/articles/{article.id}/autosave",
        data=form_for(saved, region_id="999999"),
        headers=HX,
    )
    assert "Choose a region from the list." in refused.get_data(True)  # autosave stops, says so
    db.session.expire_all()
    assert db.session.get(Article, article.id).region_id == asia.id  # type: ignore[union-attr]


def test_a_transition_reads_its_row_back_with_its_claim(
    app: Flask, client_as: Any, reporter: User
) -> None:
    """Submitted, the article's row comes back in the UPDATE's RETURNING, not a second read;
    its history, revision and answer as before."""
    article = make_article("draft", authors=[reporter])
    start = article.version
    client = client_as(reporter)
    with counted_statements(app) as statements:
        response = client.post(
            f"/articles/{article.id}/transition/submit",
            data={"note": "", "next": f"/articles/{article.id}"},
            headers=HX | {"HX-Target": "article-actions"},
        )
    assert response.status_code == 200
    claims = [s for s in statements if s.startswith("UPDATE articles SET state")]
    assert len(claims) == 1 and "RETURNING" in claims[0]
    before_commit = _after(statements, "UPDATE articles SET state")
    # The revision's INSERT: a statement of its own, or on PostgreSQL one CTE of the
    # transition's one statement (`transitions.written`, bench:transition12).
    kept = next(i for i, s in enumerate(before_commit) if "INSERT INTO article_rev" in s)
    before_commit = before_commit[:kept]
    assert not [s for s in before_commit if ROW_READ in s]
    db.session.expire_all()
    moved = db.session.get(Article, article.id)
    assert moved is not None and moved.state == "edit" and moved.version == start + 1
    revision = _newest_revision(article.id)
    assert revision.reason == "transition" and revision.version == moved.version


def test_a_save_changing_only_its_section_and_region_keeps_their_ids_in_the_revision(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    """A save flushes once, after its revision has read the row: the revision still names the
    section, region and picture the save chose by their ids (what a restore puts back), not the
    ones before it (a picture's save with no byline change kept the old id: .ci/run, c5fc71e)."""
    asia = db.session.scalar(select(Region).where(Region.name == "Asia"))
    assert asia is not None
    article = make_article("draft", authors=[reporter])
    form = form_for(article, section_id=str(section("Economy").id), region_id=str(asia.id))
    saved = client_as(editor).post(f"/articles/{article.id}/edit", data=form)
    assert saved.status_code == 302
    revision = _newest_revision(article.id)
    assert revision.fields["section_id"] == section("Economy").id
    assert revision.fields["region_id"] == asia.id
