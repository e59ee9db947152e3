"""Simultaneous writes that each look fine alone: both land, nobody gets a 500.

On SQLite writers queue (BEGIN IMMEDIATE), so these pass there by construction; on PostgreSQL
two requests really run at once, and both once answered 500 (found by `python -m loadtest.races`).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import Article, Role, Tag, User
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


def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    client_as: Any, monkeypatch: Any
) -> None:
    """With exactly two active admins, each demotes the other at the same moment: one wins.

    The audit write is slowed so both requests are certainly between their check and their
    commit at once (PostgreSQL answered both with success and left no admin).
    """
    from editorial.people import service as users

    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    clients = {first.id: client_as(first), second.id: client_as(second)}
    targets = {first.id: second.id, second.id: first.id}
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    original_record = users.record

    def slow_record(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return original_record(*args, **kwargs)

    monkeypatch.setattr(users, "record", slow_record)
    start = threading.Barrier(2)
    statuses: list[int] = []

    def demote(me: int) -> None:
        start.wait()
        response = clients[me].post(f"/admin/users/{targets[me]}/role", data={"role": "editor"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=demote, args=(me,)) for me in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The loser is refused (422, the confirmation again with the reason) or, if the winner's
    # demotion ended its session before it was read, signed out (401): never a 500.
    assert sorted(statuses) in ([302, 422], [302, 401]), statuses
    db.session.expire_all()
    admins = db.session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active.is_(True))
    )
    assert admins == 1
