"""Refused accesses are kept as evidence at a bounded cost: one row per person, permission and
minute, with how many times it happened in a tally beside it."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import AuditEvent, Role, User
from editorial.models.audit import RefusalTally
from tests.factories import make_user


def _denied_rows() -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "access.denied").order_by(AuditEvent.id)
        )
    )


def _tallies() -> list[tuple[str, int]]:
    db.session.expire_all()
    rows = db.session.scalars(select(RefusalTally).order_by(RefusalTally.minute))
    return [(t.permission, t.count) for t in rows]


def test_a_flood_of_refusals_writes_one_row_a_minute(
    client_as: Any, reporter: User, frozen: Any
) -> None:
    client = client_as(reporter)
    for _ in range(50):
        assert client.get("/admin/users").status_code == 403
    rows = _denied_rows()
    assert len(rows) == 1
    assert rows[0].actor_id == reporter.id and rows[0].details["permission"] == "users.manage"
    assert _tallies() == [("users.manage", 50)]

    frozen.tick(minutes=1)
    for _ in range(3):
        client.get("/admin/users")
    assert client.get("/breaking").status_code == 403  # another permission: its own row
    assert len(_denied_rows()) == 3
    assert sorted(_tallies()) == [("breaking.manage", 1), ("users.manage", 3), ("users.manage", 50)]


def test_each_person_has_their_own_row(client_as: Any, frozen: Any) -> None:
    people = [make_user(Role.REPORTER) for _ in range(3)]
    for person in people:
        client = client_as(person)
        client.get("/admin/users")
        client.get("/admin/users")
    assert sorted(row.actor_id for row in _denied_rows()) == sorted(p.id for p in people)


def test_simultaneous_refusals_are_all_counted(client_as: Any, reporter: User, frozen: Any) -> None:
    clients = [client_as(reporter) for _ in range(4)]
    db.session.commit()
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def refused(client: Any) -> None:
        start.wait()
        for _ in range(5):
            statuses.append(client.get("/admin/users").status_code)

    threads = [threading.Thread(target=refused, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [403] * 20
    assert len(_denied_rows()) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.sum(RefusalTally.count))) == 20
