"""Coverage hubs: a tag an editor features ("War on Gaza"), with a public page of its own and a
banner on each of its stories. The only writer of `Tag.coverage_hub` and `Tag.hub_description`.

Each change adds an audit event to the caller's transaction (the caller commits once). The
request that makes it moves the site's version on (`page_cache`), so the hub page and every
story's banner change for readers in every process at their next request.
"""

from __future__ import annotations

from sqlalchemy import func, select

from editorial.audit import record
from editorial.extensions import db
from editorial.models import Tag, User
from editorial.refusal import Refused

DESCRIPTION_LIMIT = 500


def find_tag(name: str) -> Tag:
    """The tag called `name` (case and surrounding spaces aside); `Refused` when there is none."""
    name = " ".join(name.split())
    if not name:
        raise Refused("Write the name of a tag.", field="tag")
    tag = db.session.scalar(select(Tag).where(func.lower(Tag.name) == name.lower()))
    if tag is None:
        raise Refused(f"No tag is called “{name}”. Tag a story with it first.", field="tag")
    return tag


def feature(tag: Tag, description: str, *, actor: User) -> bool:
    """Make `tag` a coverage hub with `description` (or change the description of one).

    Returns whether anything changed.
    """
    description = description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise Refused(
            f"Keep the description to {DESCRIPTION_LIMIT} characters (now {len(description)}).",
            field="description",
        )
    if tag.coverage_hub and tag.hub_description == description:
        return False
    was_hub = tag.coverage_hub
    tag.coverage_hub = True
    tag.hub_description = description
    record("coverage.updated" if was_hub else "coverage.featured", tag, actor=actor, name=tag.name)
    return True


def unfeature(tag: Tag, *, actor: User) -> bool:
    """Stop featuring `tag`: its hub page goes (404) and so does its banner. Its description is
    kept, in case it is featured again. Returns whether it was a hub."""
    if not tag.coverage_hub:
        return False
    tag.coverage_hub = False
    record("coverage.unfeatured", tag, actor=actor, name=tag.name)
    return True


def hubs() -> list[Tag]:
    """Every coverage hub, by name."""
    return list(db.session.scalars(select(Tag).where(Tag.coverage_hub).order_by(Tag.name)))
