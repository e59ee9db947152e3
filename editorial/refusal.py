"""A refusal, and the one way a view answers it.

Every feature's writes raise `Refused` when they won't do something, with the reason a person
reads. A view that catches one calls `answer(refused, action, obj)` and renders its own form or
panel with what it returns: the status (422 for input a person can fix, 403 for a role that may not,
404, 409 for someone else's change first), the message and the field it belongs beside. `answer`
rolls the request's changes back and writes the audit row of a 403 exactly as
`permissions.deny` does, so a refusal is audited the same way whichever view met it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from editorial.extensions import db
from editorial.permissions import record_denial

# What a refusal may answer; anything else a service sets is a person's input to fix (422).
STATUSES = frozenset({403, 404, 409, 422})


class Refused(Exception):
    """An operation was refused for a reason a person can read (`str(error)`).

    `status` is the HTTP answer a view should give: 422 for input a person can fix, 403 when their
    role does not allow it, 409 when someone else changed the thing first. `field` names the form
    field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, *, status: int = 422, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


@dataclass(frozen=True)
class Answer:
    """What a view renders after a refusal: the status, the message, the field it concerns."""

    status: int
    message: str
    field: str | None = None


def answer(refused: Refused, action: str, obj: Any = None) -> Answer:
    """Roll back what the request changed and say how to answer `refused`.

    A 403 is recorded in the audit log as a refused `action` on `obj` (`access.denied`, the row
    `permissions.deny` writes); the view still answers with its form and the reason, so what was
    typed is kept.
    """
    db.session.rollback()
    status = refused.status if refused.status in STATUSES else 422
    if status == 403:
        record_denial(action, obj)
    return Answer(status, str(refused), refused.field)


def flush_or_refuse(message: str, *, field: str | None = None, status: int = 422) -> None:
    """Flush in a savepoint; a unique constraint another request won meanwhile is a `Refused`
    with `message`, not a 500. The check before the write says "taken" to one person; this says
    it to the second of two who checked at the same moment."""
    with refuse_conflicts(message, field=field, status=status):
        pass


@contextmanager
def refuse_conflicts(
    message: str, *, field: str | None = None, status: int = 422
) -> Iterator[None]:
    """Run the block's writes and flush them in a savepoint: a unique constraint they break is a
    `Refused` with `message`, not a 500, for statements the block executes itself too (a rename's
    old address in the slug history), which a flush alone would not cover."""
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError:
        raise Refused(message, field=field, status=status) from None
