"""What a plan's fields may hold, checked before any write: the limits, the people who may
own and report a plan, the slot's window, and a slot in words. The service (`service.py`) and
the forms read these, so a form and a hand-made POST get the same answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from editorial import clock, languages, newsroom, workflow
from editorial.extensions import db
from editorial.models import Region, Role, Section, User
from editorial.models.planning import KILLED, PLANNED, PROPOSED, STARTED
from editorial.refusal import Refused
from editorial.text import slugify

TITLE_MAX, NOTES_MAX, NOTE_MAX, WORDS_MAX = 160, 4000, 2000, 50_000
# The plan's deadlines, and the stage of the story each one ends.
DEADLINES: dict[str, str] = {
    "filed_by": workflow.DRAFT,
    "edited_by": workflow.EDIT,
    "checked_by": workflow.FACT_CHECK,
}
DEADLINE_NAMES = {"filed_by": "filed by", "edited_by": "edited by", "checked_by": "checked by"}
OWNER_ROLES = (Role.EDITOR, Role.ADMIN)
REPORTER_ROLES = (Role.REPORTER, Role.EDITOR, Role.ADMIN)
STATUS_WORDS = {PROPOSED: "proposed", PLANNED: "planned", STARTED: "started", KILLED: "killed"}


@dataclass
class PlanInput:
    """What a plan's form says, already read (times as aware UTC, ids as numbers)."""

    working_title: str
    languages: list[str] = field(default_factory=list)
    section_id: int | None = None
    region_id: int | None = None
    owner_id: int | None = None
    reporter_id: int | None = None
    planned_words: int = 0
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    filed_by: datetime | None = None
    edited_by: datetime | None = None
    checked_by: datetime | None = None
    notes: str = ""


def readable(working_title: str) -> str:
    """A working title as a headline to start from: "budget-vote" -> "Budget vote"."""
    words = " ".join(working_title.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def person(
    person_id: int | None, roles: tuple[Role, ...], field_name: str, what: str
) -> User | None:
    if person_id is None:
        return None
    person = db.session.get(User, person_id)
    if person is None or not person.active or not person.has_role(*roles):
        raise Refused(f"Choose the {what} from the list.", field=field_name)
    return person


def checked(data: PlanInput) -> dict[str, Any]:
    """`data` as column values, each rule's refusal beside its field."""
    title = slugify(" ".join(data.working_title.split()), TITLE_MAX)
    if not data.working_title.strip() or title == "untitled":
        raise Refused("Give the plan a working title, like “budget-vote”.", field="working_title")
    published = newsroom.current().languages
    codes = [code for code in dict.fromkeys(data.languages) if code]
    if not codes:
        raise Refused("Choose at least one language.", field="languages")
    if any(code not in published for code in codes):
        names = ", ".join(languages.get(code).english_name for code in published)
        raise Refused(f"The newsroom publishes in {names}: choose from these.", field="languages")
    if data.section_id is not None:
        section = db.session.get(Section, data.section_id)
        if section is None or section.retired:
            raise Refused("Choose the section from the list.", field="section_id")
    if data.region_id is not None:
        region = db.session.get(Region, data.region_id)
        if region is None or region.retired:
            raise Refused("Choose the region from the list.", field="region_id")
    person(data.owner_id, OWNER_ROLES, "owner_id", "desk owner (an editor)")
    person(data.reporter_id, REPORTER_ROLES, "reporter_id", "reporter")
    if not 0 <= data.planned_words <= WORDS_MAX:
        raise Refused(f"Plan between 0 and {WORDS_MAX:,} words.", field="planned_words")
    window(data.slot_start, data.slot_end)
    if len(data.notes) > NOTES_MAX:
        raise Refused(f"Keep the notes under {NOTES_MAX:,} characters.", field="notes")
    return {
        "working_title": title,
        "languages": ",".join(codes),
        "section_id": data.section_id,
        "region_id": data.region_id,
        "owner_id": data.owner_id,
        "reporter_id": data.reporter_id,
        "planned_words": data.planned_words,
        "slot_start": data.slot_start,
        "slot_end": data.slot_end,
        "filed_by": data.filed_by,
        "edited_by": data.edited_by,
        "checked_by": data.checked_by,
        "notes": data.notes.strip(),
    }


def window(start: datetime | None, end: datetime | None) -> None:
    if end is not None and start is None:
        raise Refused("Give the slot's start before its end (or clear both).", field="slot_start")
    if start is not None and end is not None and end <= start:
        raise Refused("The slot must end after it starts.", field="slot_end")


def name(person: User | None) -> str:
    return person.display_name if person else "nobody"


def slot_words(start: datetime | None, end: datetime | None, *, day: bool = True) -> str:
    """A slot as the desk reads it, in the newsroom's zone ("Thu 3 Dec 09:00–11:00"; without
    the `day`, "09:00–11:00", for a page that is about one day)."""
    if start is None:
        return "Unscheduled"
    zone = newsroom.zone()
    first = clock.to_local(start, zone)
    text = first.strftime("%a %-d %b %H:%M" if day else "%H:%M")
    if end is not None:
        last = clock.to_local(end, zone)
        text += "–" + last.strftime("%H:%M" if last.date() == first.date() else "%a %-d %b %H:%M")
    return text
