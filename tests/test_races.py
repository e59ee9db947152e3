"""Simultaneous writes that each look fine alone: both land, nobody gets a 500.

On SQLite writers queue (BEGIN IMMEDIATE), so these pass there by construction; on PostgreSQL
two requests really run at once, and both once answered 500 (found by `python -m loadtest.races`).
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import Article, Role, Tag
from tests.factories import make_user, section

PEOPLE = 4
ROUNDS = 5


def _file_at_once(clients: list[Any], headline: str, tag: str, section_id: str) -> list[int]:
    """Everyone posts the same new draft at the same moment; their answers' statuses."""
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def file(client: Any) -> None:
        start.wait()
        data = {"headline": headline, "body": "Winds of 120 km/h.", "section_id": section_id}
        response = client.post("/articles/new", data={**data, "tags": tag, "save": "Save"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=file, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_the_same_new_tag_and_headline_filed_at_the_same_moment_all_land(client_as: Any) -> None:
    clients = [client_as(make_user(Role.REPORTER)) for _ in range(PEOPLE)]
    section_id = str(section("Economy").id)
    db.session.commit()
    for n in range(ROUNDS):
        statuses = _file_at_once(
            clients, f"Storm hits the coast, round {n}", f"Storms {n}", section_id
        )
        assert statuses == [302] * PEOPLE, statuses
    db.session.commit()
    slugs = list(db.session.scalars(select(Article.slug)))
    assert len(slugs) == len(set(slugs)) == PEOPLE * ROUNDS
    assert db.session.scalar(select(func.count()).select_from(Tag)) == ROUNDS
    for article in db.session.scalars(select(Article)):
        assert len(article.tags) == 1
