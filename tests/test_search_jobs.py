"""A tag's rename re-indexes its stories in a background job after the commit (issue 26), not
in the request: with a real (SQLite) queue the request leaves the job waiting, search still
reads the old name, and once the worker runs the job the new name finds every story."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock, jobs, workflow
from editorial.extensions import db
from editorial.models import Role, Tag
from editorial.search.queries import public_search
from editorial.taxonomy.service import rename_term
from tests.factories import make_article, make_user


@pytest.fixture
def queued_app(make_app: Any, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(JOBS_IMMEDIATE=False, JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    with app.app_context():
        yield app


def _found(words: str) -> list[str]:
    return [hit.headline for hit in public_search(words, 1, "en").hits]


def test_a_tag_rename_reindexes_in_a_job_after_the_commit(queued_app: Flask) -> None:
    for headline in ("Cranes return", "Ferries resume", "Fish prices"):
        make_article(workflow.PUBLISHED, headline=headline, tags=["Harbour"])
    tag = db.session.scalars(select(Tag).where(Tag.name == "Harbour")).one()
    assert sorted(_found("harbour")) == ["Cranes return", "Ferries resume", "Fish prices"]

    assert rename_term(tag, "Seaport", "seaport", actor=make_user(Role.ADMIN))
    huey = jobs.queue(queued_app)
    assert huey.pending_count() == 0  # nothing is queued before the commit
    db.session.commit()
    assert huey.pending_count() == 1
    assert _found("seaport") == []  # the request did not re-index
    db.session.commit()

    task = huey.dequeue()
    assert task is not None and task.name.endswith("search.reindex_tagged")
    huey.execute(task)  # what the worker does
    db.session.expire_all()
    assert sorted(_found("seaport")) == ["Cranes return", "Ferries resume", "Fish prices"]
    assert _found("harbour") == []


def test_a_kept_search_follows_the_job(queued_app: Flask) -> None:
    """A search between the rename's commit and its job is kept under the version the rename
    moved; the job moves it again, so the next search finds the new name (`search.kept`)."""
    make_article(workflow.PUBLISHED, headline="Cranes return", tags=["Harbour"])
    tag = db.session.scalars(select(Tag).where(Tag.name == "Harbour")).one()
    reader = queued_app.test_client()
    with clock.frozen(clock.now()):
        assert rename_term(tag, "Seaport", "seaport", actor=make_user(Role.ADMIN))
        db.session.commit()
        assert "search-hit" not in reader.get("/search?q=seaport").get_data(as_text=True)
        huey = jobs.queue(queued_app)
        task = huey.dequeue()
        assert task is not None
        huey.execute(task)
        assert "search-hit" in reader.get("/search?q=seaport").get_data(as_text=True)
        assert "Cranes" in reader.get("/search?q=seaport").get_data(as_text=True)  # kept
        assert "Cranes" not in reader.get("/search?q=harbour").get_data(as_text=True)
