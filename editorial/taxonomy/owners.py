"""A section's desk owner: who may be one, and the admin's change (`taxonomy.manage`).

The owner is an active editor or admin (`candidates`); they get the section's weekly summary of
insights (`insights.weekly`). A section with no owner has its summary sent to nobody. The
change is a write like the others here: checked again on the server (a hand-made POST naming a
reporter, or someone deactivated since the page was drawn, is refused), audited as
`desk_owner.changed` (`audit_log/sentences_desk_owner.py`).
"""

from __future__ import annotations

from sqlalchemy import select

from editorial.audit import record
from editorial.extensions import db
from editorial.models import Role, Section, User
from editorial.refusal import Refused

OWNER_ROLES = (Role.EDITOR, Role.ADMIN)


def candidates() -> list[User]:
    """The people who may own a section's desk: active editors and admins, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.active, User.role.in_(OWNER_ROLES))
            .order_by(User.display_name, User.id)
        )
    )


def set_owner(section: Section, owner_id: int | None, *, actor: User) -> bool:
    """Make `owner_id` (None: nobody) the desk owner of `section`; whether anything changed.

    Refused (422) when `owner_id` is not an active editor or admin."""
    owner = db.session.get(User, owner_id) if owner_id is not None else None
    if owner_id is not None and (
        owner is None or not owner.active or owner.role not in OWNER_ROLES
    ):
        raise Refused("Choose an active editor or admin as the desk owner.", field="owner")
    if section.owner_id == owner_id:
        return False
    before = section.owner
    section.owner_id = owner_id
    db.session.flush()
    db.session.expire(section, ["owner"])
    record(
        "desk_owner.changed",
        section,
        actor=actor,
        name=section.name,
        owner_ids=[before.id if before else None, owner_id],
        owner_names=[
            before.display_name if before else None,
            owner.display_name if owner else None,
        ],
    )
    return True
