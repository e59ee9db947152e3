"""Fronts' writes: fill, clear, move and override slots of a front's draft, pick its layout,
publish it, schedule it, restore an earlier version, and release scheduled changes.

Every change of what readers see (publish, restore, release, a layout, a schedule) is audited as
family "front" and moves the site's version on, so every process's page cache follows at the
next request. The callers commit; `release_due` commits per version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from editorial import clock
from editorial.audit import record
from editorial.database import reading, writing
from editorial.extensions import db
from editorial.fronts import layouts, queries
from editorial.models import Article, Image, Plan, Section, User, publicly_visible
from editorial.models.fronts import (
    CANCELLED,
    DRAFT,
    PUBLISHED,
    SCHEDULED,
    Front,
    FrontSlot,
    FrontVersion,
)
from editorial.models.planning import KILLED
from editorial.page_cache import bump_site_version
from editorial.refusal import Refused

MAX_HEADLINE = 300
MAX_SUMMARY = 600


def front_of(language: str, section: Section | None) -> Front:
    """The front of `language` at `section` (None: the front page), made on first use."""
    found = queries.front(language, section)
    if found is None:
        found = Front(
            key=Front.key_for(language, section.id if section else None),
            language=language,
            section_id=section.id if section else None,
        )
        db.session.add(found)
        db.session.flush()
    return found


def _is_front_page(front: Front) -> bool:
    return front.section_id is None


def _in_order(version: FrontVersion) -> list[FrontSlot]:
    """`version`'s slots in their own order (container, position), as a version read back lists
    them: one the session still holds lists them in the order they were filled in."""
    return sorted(version.slots, key=lambda slot: (slot.container, slot.position))


def _copy_slots(source: FrontVersion | None, target: FrontVersion) -> None:
    for slot in _in_order(source) if source else []:
        target.slots.append(
            FrontSlot(
                container=slot.container,
                position=slot.position,
                article_id=slot.article_id,
                plan_id=slot.plan_id,
                headline=slot.headline,
                summary=slot.summary,
                image_id=slot.image_id,
            )  # fmt: skip
        )


def draft_of(front: Front, actor: User | None) -> FrontVersion:
    """`front`'s draft: the one being edited, else a new copy of what readers see now."""
    found = queries.draft(front)
    if found is not None:
        return found
    current = queries.version(front.published_version_id)
    layout = current.layout if current else layouts.default(_is_front_page(front)).name
    made = FrontVersion(front_id=front.id, status=DRAFT, layout=layout,
                        created_by_id=actor.id if actor else None)  # fmt: skip
    _copy_slots(current, made)
    db.session.add(made)
    db.session.flush()
    return made


def _slot(draft: FrontVersion, container: str, position: int, create: bool = True) -> FrontSlot:
    layout = layouts.get(draft.layout, _is_front_page(draft.front))
    box = layout.container(container)
    if box is None or not 0 <= position < box.size:
        raise Refused("That slot is not on this front's layout.", status=404)
    found = next(
        (s for s in draft.slots if (s.container, s.position) == (container, position)), None
    )
    if found is None:
        found = FrontSlot(container=container, position=position)
        if create:
            draft.slots.append(found)
    return found


def _needs_picture(draft: FrontVersion, container: str) -> bool:
    box = layouts.get(draft.layout, _is_front_page(draft.front)).container(container)
    return bool(box and box.picture_required)


def _leave_other_slots(draft: FrontVersion, keep: FrontSlot, article_id: int | None,
                       plan_id: int | None) -> None:  # fmt: skip
    """A story (or plan) is on a front once: choosing it here empties the slot it had."""
    for other in draft.slots:
        if other is keep:
            continue
        if (article_id and other.article_id == article_id) or (
            plan_id and other.plan_id == plan_id
        ):
            _empty(other)


def _empty(slot: FrontSlot) -> None:
    slot.article_id = slot.plan_id = slot.image_id = None
    slot.headline = slot.summary = ""


def put_story(front: Front, container: str, position: int, article_id: int, actor: User) -> Article:
    """Put the public story `article_id` in a slot of the draft (the lead needs a picture)."""
    article = db.session.scalar(
        select(Article).where(
            Article.id == article_id, publicly_visible(), Article.language == front.language
        )
    )
    if article is None:
        raise Refused("Only a story readers of this edition can see now can go on its front.",
                      status=422, field="article_id")  # fmt: skip
    draft = draft_of(front, actor)
    if _needs_picture(draft, container) and not (article.hero_image_id or article.hero_image_url):
        raise Refused("The lead needs a story with a picture.", status=422, field="article_id")
    slot = _slot(draft, container, position)
    _leave_other_slots(draft, slot, article.id, None)
    if slot.article_id != article.id:
        _empty(slot)
    slot.article_id = article.id
    return article


def put_plan(front: Front, container: str, position: int, plan_id: int, actor: User) -> Plan:
    """Hold a slot for a planned story: it fills itself when the plan's article is public."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.status == KILLED or front.language not in plan.language_codes:
        raise Refused("That planned story is not planned in this edition.", status=422,
                      field="plan_id")  # fmt: skip
    draft = draft_of(front, actor)
    slot = _slot(draft, container, position)
    _leave_other_slots(draft, slot, None, plan.id)
    _empty(slot)
    slot.plan_id = plan.id
    return plan


def clear(front: Front, container: str, position: int, actor: User) -> None:
    """Make a slot automatic again (the newest-first rule fills it)."""
    _empty(_slot(draft_of(front, actor), container, position))


def override(front: Front, container: str, position: int, actor: User, *, headline: str,
             summary: str, image_id: int | None) -> None:  # fmt: skip
    """This front's own headline, summary and picture for a slot's story; the story is untouched.
    Empty text (or no picture) shows the story's own."""
    headline, summary = headline.strip(), summary.strip()
    if len(headline) > MAX_HEADLINE:
        raise Refused(f"Keep the headline under {MAX_HEADLINE} characters.", field="headline")
    if len(summary) > MAX_SUMMARY:
        raise Refused(f"Keep the summary under {MAX_SUMMARY} characters.", field="summary")
    if image_id is not None and db.session.get(Image, image_id) is None:
        raise Refused("That picture is not in the library.", field="image_id")
    slot = _slot(draft_of(front, actor), container, position)
    if slot.is_automatic:
        raise Refused("Choose a story for the slot first: an automatic slot has no words of its "
                      "own.", status=409, field="headline")  # fmt: skip
    slot.headline, slot.summary, slot.image_id = headline, summary, image_id


def _swap(draft: FrontVersion, first: tuple[str, int], second: tuple[str, int]) -> None:
    a, b = _slot(draft, *first), _slot(draft, *second)
    if (
        _needs_picture(draft, second[0])
        and a.article is not None
        and not (a.article.hero_image_id or a.article.hero_image_url)
    ):
        raise Refused("The lead needs a story with a picture.", status=409)
    if (
        _needs_picture(draft, first[0])
        and b.article is not None
        and not (b.article.hero_image_id or b.article.hero_image_url)
    ):
        raise Refused("The lead needs a story with a picture.", status=409)
    a.container, a.position, b.container, b.position = (
        b.container,
        b.position,
        a.container,
        a.position,
    )


def move(front: Front, container: str, position: int, direction: str, actor: User) -> None:
    """Swap a slot with the one before ("up") or after ("down") it in reading order, across
    containers (a top story moved up from the first place becomes the lead)."""
    draft = draft_of(front, actor)
    places = layouts.get(draft.layout, _is_front_page(front)).places()
    if (container, position) not in places:
        raise Refused("That slot is not on this front's layout.", status=404)
    index = places.index((container, position)) + (-1 if direction == "up" else 1)
    if direction not in ("up", "down") or not 0 <= index < len(places):
        raise Refused("It cannot move further that way.", status=409)
    _swap(draft, (container, position), places[index])


def move_to(front: Front, source: tuple[str, int], target: tuple[str, int], actor: User) -> None:
    """Swap two slots (drag and drop)."""
    if source != target:
        _swap(draft_of(front, actor), source, target)


def set_layout(front: Front, name: str, actor: User) -> None:
    """An admin's choice of layout for the draft; slots the new layout lacks are dropped."""
    if name not in {layout.name for layout in layouts.choices(_is_front_page(front))}:
        raise Refused("Pick one of the layouts offered.", field="layout")
    draft = draft_of(front, actor)
    draft.layout = name
    places = set(layouts.LAYOUTS[name].places())
    draft.slots = [s for s in draft.slots if (s.container, s.position) in places]


def _details(front: Front, version: FrontVersion, **more: object) -> dict[str, object]:
    stories = [slot.article_id for slot in _in_order(version) if slot.article_id]
    return {"front": front.key, "version": version.number, "layout": version.layout,
            "stories": stories, **more}  # fmt: skip


def _make_public(front: Front, version: FrontVersion, actor: User | None) -> None:
    number = db.session.scalar(
        select(func.max(FrontVersion.number)).where(FrontVersion.front_id == front.id)
    )
    version.status = PUBLISHED
    version.number = (number or 0) + 1
    version.published_at = clock.now()
    version.published_by_id = actor.id if actor else None
    front.published_version_id = version.id
    bump_site_version()


def publish(front: Front, actor: User, note: str = "") -> FrontVersion:
    """Put the draft before readers: a new version, kept, and audited."""
    draft = queries.draft(front)
    if draft is None:
        raise Refused("Nothing to publish: the front has no changes.", status=409)
    draft.note = note.strip()[:500]
    _make_public(front, draft, actor)
    record("front.published", front, actor=actor, **_details(front, draft))
    return draft


def restore(front: Front, version_id: int, actor: User) -> FrontVersion:
    """Make an earlier published version the draft again (publish it to put it before readers)."""
    old = queries.version(version_id)
    if old is None or old.front_id != front.id or old.status != PUBLISHED:
        raise Refused("That version is not one of this front's.", status=404)
    current = queries.draft(front)
    if current is not None:
        db.session.delete(current)
        db.session.flush()
    made = FrontVersion(front_id=front.id, status=DRAFT, layout=old.layout, created_by_id=actor.id)
    _copy_slots(old, made)
    db.session.add(made)
    db.session.flush()
    record("front.restored", front, actor=actor, front=front.key, version=old.number)
    return made


def schedule(front: Front, at: datetime, actor: User) -> FrontVersion:
    """Schedule the draft for `at`: the scheduler's pass publishes it then, exactly once."""
    draft = queries.draft(front)
    if draft is None:
        raise Refused("Nothing to schedule: make the changes first.", status=409, field="at")
    if at <= clock.now():
        raise Refused("Choose a time in the future.", field="at")
    draft.status, draft.release_at = SCHEDULED, at
    record("front.scheduled", front, actor=actor, front=front.key, at=clock.machine_time(at))
    return draft


def cancel(front: Front, version_id: int, actor: User) -> None:
    """Call off a scheduled change (one the scheduler has not released meanwhile)."""
    done = db.session.execute(
        update(FrontVersion)
        .where(
            FrontVersion.id == version_id,
            FrontVersion.front_id == front.id,
            FrontVersion.status == SCHEDULED,
        )  # fmt: skip
        .values(status=CANCELLED)
        .execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Refused("That change is no longer scheduled (it ran, or was called off).", status=409)
    record("front.schedule_cancelled", front, actor=actor, front=front.key)


def release_due(limit: int = 50) -> int:
    """Publish every scheduled front change whose time has come; safe in racing processes.

    The check is a plain read; each change is then claimed by one guarded
    `UPDATE ... SET status='published' WHERE id=? AND status='scheduled'`: the loser of a race
    changes no row and does nothing, so each change is published, audited and counted once.
    Commits per change. Returns how many this call released.
    """
    now = clock.now()
    with reading():
        due = list(
            db.session.scalars(
                select(FrontVersion.id)
                .where(FrontVersion.status == SCHEDULED, FrontVersion.release_at <= now)
                .order_by(FrontVersion.release_at, FrontVersion.id)
                .limit(limit)
            )
        )
        db.session.commit()
    released = 0
    for version_id in due:
        with writing():
            claimed = db.session.execute(
                update(FrontVersion)
                .where(
                    FrontVersion.id == version_id,
                    FrontVersion.status == SCHEDULED,
                    FrontVersion.release_at <= now,
                )  # fmt: skip
                .values(status=PUBLISHED)
                .execution_options(synchronize_session=False)
            )
            if not claimed.rowcount:  # type: ignore[attr-defined]
                db.session.rollback()
                continue
            version = db.session.get(FrontVersion, version_id, populate_existing=True)
            if version is None:  # deleted with its front meanwhile
                db.session.rollback()
                continue
            front = version.front
            _make_public(front, version, None)
            record("front.released", front, actor=None, **_details(front, version))
            db.session.commit()
            released += 1
    return released
