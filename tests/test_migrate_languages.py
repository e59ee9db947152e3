"""The languages migration (0015_languages) on a database that holds a newsroom's work.

A database is made at the revision before it, filled with articles, their revisions, claims,
comments, tags and bylines in plain SQL (as the older code wrote them), then upgraded: nothing is
lost, and every article has the default language and a family of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import Connection, create_engine, text

from editorial import create_app
from tests.helpers import POSTGRES_URL, app_config

BEFORE = "0014_inbox_time_order"
MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
COUNTED = ("articles", "article_revisions", "claims", "comments", "article_tags", "article_authors")
T = "2026-12-01 09:00:00.000000"

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="builds its own SQLite database")


@pytest.fixture
def old_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on an SQLite file migrated only as far as the revision before languages."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=BEFORE)
        yield app


def _fill(connection: Connection) -> None:
    """Two people, three articles with revisions, claims, comments, tags and bylines."""

    def run(sql: str, **params: object) -> None:
        connection.execute(text(sql), {"t": T, **params})

    for n, role in ((1, "reporter"), (2, "editor")):
        run(
            "INSERT INTO users (id, email, display_name, role, active, password_hash, created_at, "
            "must_change_password, bio) VALUES (:n, :email, :name, :role, 1, 'x', :t, 0, '')",
            n=n,
            email=f"p{n}@example.org",
            name=f"Person {n}",
            role=role,
        )
    run("INSERT INTO tags (id, name, slug) VALUES (1, 'Fuel', 'fuel')")
    for n, state in ((1, "draft"), (2, "fact_check"), (3, "published")):
        run(
            "INSERT INTO articles (id, slug, headline, summary, body, body_html, source, "
            "hero_image_url, hero_caption, word_count, created_by_id, state, version, "
            "created_at, updated_at, state_changed_at) VALUES (:n, :slug, :headline, 'Summary', "
            "'Body of the story', '<p>Body</p>', '', '', '', 4, 1, :state, 2, :t, :t, :t)",
            n=n,
            slug=f"story-{n}",
            headline=f"Story {n}",
            state=state,
        )
        run("INSERT INTO article_authors (article_id, user_id, position) VALUES (:n, 1, 0)", n=n)
        run("INSERT INTO article_tags (article_id, tag_id) VALUES (:n, 1)", n=n)
        for version in (1, 2):
            run(
                "INSERT INTO article_revisions (article_id, version, at, actor_id, reason, "
                "headline, summary, body, fields) VALUES (:n, :v, :t, 1, 'saved', 'Story', "
                "'Summary', 'Body', '{}')",
                n=n,
                v=version,
            )
        run(
            "INSERT INTO claims (article_id, text, verdict, sources, note, text_changed, "
            "created_by_id, created_at) VALUES (:n, 'Body of the story', 'unchecked', '[]', '', "
            "0, 2, :t)",
            n=n,
        )
        run(
            "INSERT INTO comments (article_id, body, updated_at, at, actor_id) VALUES "
            "(:n, 'Check the figure', :t, :t, 2)",
            n=n,
        )


def _counts(connection: Connection) -> dict[str, int]:
    return {t: connection.scalar(text(f"SELECT COUNT(*) FROM {t}")) or 0 for t in COUNTED}  # noqa: S608


def test_every_article_gets_the_default_language_and_a_family_and_nothing_is_lost(
    old_app: Flask,
) -> None:
    engine = create_engine(old_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as connection:
        _fill(connection)
        before = _counts(connection)
    assert before == {t: (6 if t == "article_revisions" else 3) for t in COUNTED}

    upgrade(directory=MIGRATIONS)

    with engine.connect() as connection:
        assert _counts(connection) == before
        rows = connection.execute(
            text("SELECT id, language, family_id, source_revision_id FROM articles ORDER BY id")
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, "en", 1, None),
            (2, "en", 2, None),
            (3, "en", 3, None),
        ]
        families = connection.scalars(text("SELECT id FROM article_families ORDER BY id")).all()
        assert families == [1, 2, 3]
        assert connection.scalar(text("SELECT language FROM breaking_headlines LIMIT 1")) is None
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    engine.dispose()


def test_a_new_article_after_the_migration_starts_a_family_of_its_own(old_app: Flask) -> None:
    from editorial.extensions import db
    from editorial.models import Article
    from tests.factories import make_article

    engine = create_engine(old_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as connection:
        _fill(connection)
    engine.dispose()
    upgrade(directory=MIGRATIONS)

    article = make_article(headline="After the migration")
    assert article.family_id not in (1, 2, 3)
    assert article.language == "en"
    assert len(db.session.scalars(db.select(Article)).all()) == 4


def test_the_migration_goes_down_and_up_again_with_the_data(old_app: Flask) -> None:
    engine = create_engine(old_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.begin() as connection:
        _fill(connection)
        before = _counts(connection)
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    with engine.connect() as connection:
        assert _counts(connection) == before
    upgrade(directory=MIGRATIONS)
    with engine.connect() as connection:
        assert _counts(connection) == before
    engine.dispose()
