"""What an audit sentence is built from: the names a page of events needs (read once, one query
per kind of object) and one event as the sentences see it (`Said`). `sentences.py` writes the
words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from editorial.extensions import db
from editorial.models import (
    Article,
    AuditEvent,
    BreakingHeadline,
    Image,
    Region,
    Section,
    Tag,
    User,
)


def quoted(text: Any, limit: int = 80) -> str:
    """`text` in curly quotes, cut at `limit` characters."""
    words = " ".join(str(text if text is not None else "").split())
    return f"“{words[: limit - 1]}…”" if len(words) > limit else f"“{words}”"


@dataclass
class Names:
    """What a page of events names, read once: people, stories and the other objects by id."""

    people: dict[int, str] = field(default_factory=dict)
    stories: dict[int, str] = field(default_factory=dict)
    things: dict[tuple[str, int], str] = field(default_factory=dict)

    def person(self, person_id: Any) -> str:
        """A person's name by id ("nobody" for none, "person 7" for a vanished one)."""
        if person_id in (None, ""):
            return "nobody"
        return self.people.get(as_int(person_id) or 0, f"person {person_id}")

    def story(self, story_id: Any) -> str:
        """A story's headline in quotes, by id."""
        headline = self.stories.get(as_int(story_id) or 0)
        return quoted(headline or "Untitled") if headline is not None else "a deleted story"


def as_int(value: Any) -> int | None:
    """`value` as a whole number, or None if it is not one (ids kept as text in the log)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def names_for(events: list[AuditEvent]) -> Names:
    """Every name the sentences of `events` need, one query per kind of object."""
    wanted: dict[str, set[int]] = {}

    def want(kind: str, value: Any) -> None:
        number = as_int(value)
        if number is not None:
            wanted.setdefault(kind, set()).add(number)

    for event in events:
        details = event.details or {}
        want(event.object_type or "", event.object_id)
        want("article", details.get("article_id"))
        if event.action.startswith("article.assigned."):
            want("user", details.get("before"))
            want("user", details.get("after"))
    names = Names()
    if wanted.get("user"):
        rows = db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(wanted["user"]))
        )
        names.people = {row.id: row.display_name for row in rows}
    if wanted.get("article"):
        query = select(Article.id, Article.headline).where(Article.id.in_(wanted["article"]))
        names.stories = {row.id: row.headline for row in db.session.execute(query)}
    for kind, key, column in (
        ("section", Section.id, Section.name),
        ("region", Region.id, Region.name),
        ("tag", Tag.id, Tag.name),
        ("image", Image.id, Image.caption),
        ("breaking_headline", BreakingHeadline.id, BreakingHeadline.text),
    ):
        if wanted.get(kind):
            query = select(key, column).where(key.in_(wanted[kind]))
            names.things.update({(kind, row[0]): row[1] for row in db.session.execute(query)})
    return names


@dataclass(frozen=True)
class Said:
    """One event as its sentence is built: who did it, on what, with which details."""

    event: AuditEvent
    names: Names

    @property
    def who(self) -> str:
        event = self.event
        if event.actor is not None:
            return event.actor.display_name
        return event.actor_label or "The system"

    @property
    def details(self) -> dict[str, Any]:
        return self.event.details or {}

    @property
    def kind(self) -> str:
        return self.event.action.rsplit(".", 1)[-1]

    def story(self) -> str:
        object_id = self.event.object_id if self.event.object_type == "article" else None
        return self.names.story(object_id or self.details.get("article_id"))

    def subject(self) -> str:
        """The person an event on a user is about."""
        return self.names.person(self.event.object_id)

    def thing(self, fallback: str = "") -> str:
        key = (self.event.object_type or "", as_int(self.event.object_id) or 0)
        return self.names.things.get(key) or fallback


def with_change(label: str, change: Any) -> str:
    """ "the name from “A” to “B”" from a change stored as {old, new} or [old, new]."""
    if isinstance(change, dict) and "old" in change:
        return f"{label} from {quoted(change['old'])} to {quoted(change.get('new'))}"
    if isinstance(change, list | tuple) and len(change) == 2:
        return f"{label} from {quoted(change[0])} to {quoted(change[1])}"
    return label


def listed(parts: list[str]) -> str:
    """ "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
