"""Checking what a form (or an old revision) says before it is saved over an article.

`clean` turns posted data into content values or refuses (422, naming the field) with a message a
person can act on; the limits here are the ones the forms show. Only the content keys are read, so
fields nobody may set through the editor (state, version, publish time...) never get through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import select

from editorial.diff import FIELDS
from editorial.extensions import Model, db
from editorial.forms import database_int
from editorial.models import Article, ArticleRevision, Image, Region, Section, User
from editorial.permissions import WRITERS, can
from editorial.refusal import Refused
from editorial.text import clean_text, slugify

HEADLINE_MAX = 300
SUMMARY_MAX = 1000
BODY_MAX = 100_000
SOURCE_MAX = 120
URL_MAX = 500
CAPTION_MAX = 300
TAGS_MAX = 15
BYLINE_MAX = 20  # more people than this on one story is a mistake (or an attack), never news
NOTICE_MAX = 1000
TEXT_KEYS = ("headline", "summary", "body", "source", "hero_image_url", "hero_caption")
LABELS = dict(FIELDS)


def may_change_bylines(actor: User) -> bool:
    """Only editors and admins choose who is on a byline (`article.byline`, which the article's
    page reads too)."""
    return can(actor, "article.byline")


def byline_candidates(already: Sequence[User] = ()) -> list[User]:
    """People who may be on a byline: active reporters, editors and admins, by name, and the
    people `already` on it whoever they are now (former staff: a byline is history, so saving
    the story must not drop them; `is_former_author` tells the picker to say so)."""
    current = list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(WRITERS))
            .order_by(User.display_name)
        )
    )
    listed = {person.id for person in current}
    former = [person for person in already if person.id not in listed]
    return sorted([*current, *former], key=lambda person: person.display_name.casefold())


def is_former_author(person: User) -> bool:
    """Whether `person` could no longer be put on a new byline (left, or no longer writes)."""
    return not (person.active and person.has_role(*WRITERS))


def clean(
    data: dict[str, Any],
    actor: User,
    article: Article | None,
    known: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The content values in `data`, checked; `Refused` (422, with the field) when one is wrong.

    `known`: the article's names as `revisions.service.stored_names` read them in this
    transaction; with its byline's ids there, the byline posted as it stands is left out
    without loading the people on it.
    """
    values: dict[str, Any] = {}
    for key in TEXT_KEYS:
        if key in data:
            text = clean_text(str(data[key] or "")).replace("\r\n", "\n").replace("\r", "\n")
            values[key] = text if key == "body" else text.strip()
    if article is None or "headline" in values:
        headline = " ".join(values.get("headline", "").split())
        if not headline:
            raise Refused("Give the article a headline.", field="headline")
        values["headline"] = headline
    _check_lengths(values)
    if values.get("hero_image_url"):
        parts = urlsplit(values["hero_image_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Refused(
                "Give the image's full address, starting with https://.", field="hero_image_url"
            )
    # The story's own section or region posted again (nearly every save) is left out: a key
    # left out keeps its value, as the one looked up would (it exists, its key says so, and a
    # retired one may stay), without loading it.
    if "section_id" in data and not _kept(data["section_id"], article, "section_id"):
        keep = article.section_id if article else None
        values["section"] = _lookup(Section, data["section_id"], "section_id", "section", keep)
    if "region_id" in data and not _kept(data["region_id"], article, "region_id"):
        keep = article.region_id if article else None
        values["region"] = _lookup(Region, data["region_id"], "region_id", "region", keep)
    if "tags" in data:
        values["tags"] = _tag_names(data["tags"])
    if "hero_image_id" in data:
        values["hero_image"] = _picture(data["hero_image_id"])
    if (
        "author_ids" in data
        and may_change_bylines(actor)
        and not _same_byline(data["author_ids"], known)
    ):
        already = {person.id: person for person in article.authors} if article else {}
        values["authors"] = _bylines(data["author_ids"], already)
    return values


def _check_lengths(values: dict[str, Any]) -> None:
    limits = {
        "headline": HEADLINE_MAX,
        "summary": SUMMARY_MAX,
        "body": BODY_MAX,
        "source": SOURCE_MAX,
        "hero_image_url": URL_MAX,
        "hero_caption": CAPTION_MAX,
    }
    for key, limit in limits.items():
        if len(values.get(key, "")) > limit:
            raise Refused(f"Keep the {LABELS[key].lower()} under {limit:,} characters.", field=key)


def _same_byline(raw: Any, known: dict[str, Any] | None) -> bool:
    """Whether `raw` names the byline in `known` exactly, in its order (`_bylines` would give
    back the people on it, and the save would find them unchanged)."""
    if known is None or "author_ids" not in known:
        return False
    items = list(raw) if isinstance(raw, list | tuple) else [raw]
    try:
        ids = [database_int(item) for item in items]
    except (TypeError, ValueError):
        return False
    return 0 < len(ids) <= BYLINE_MAX and ids == known["author_ids"]


def _kept(raw: Any, article: Article | None, key: str) -> bool:
    """Whether `raw` names the section (or region) `article` already has (`key`: its column)."""
    current = getattr(article, key) if article is not None else None
    if current is None or raw in (None, ""):
        return False
    try:
        return bool(database_int(raw) == current)
    except (TypeError, ValueError):
        return False


def _lookup(
    model: type[Section] | type[Region], raw: Any, key: str, name: str, keep: int | None = None
) -> Any:
    """The chosen section or region; a retired one only if the story already has it (`keep`),
    since the pickers no longer offer it (a hand-made request gets the same answer)."""
    if raw in (None, ""):
        return None
    found: Section | Region | None
    try:
        found = cast(Section | Region | None, db.session.get(model, database_int(raw)))
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise Refused(f"Choose a {name} from the list.", field=key)
    if found.retired and found.id != keep:
        raise Refused(f"{found.name} is retired: choose another {name}.", field=key)
    return found


def _picture(raw: Any) -> Image | None:
    """The library picture chosen for the article; it must have its caption, credit and alt."""
    if raw in (None, ""):
        return None
    try:
        image = db.session.get(Image, database_int(raw))
    except (TypeError, ValueError):
        image = None
    if image is None:
        raise Refused("Choose a picture from the library.", field="hero_image_id")
    if not image.complete:
        raise Refused(
            "This picture needs a caption, a credit and alt text before it can go on an "
            "article: add them in the media library.",
            field="hero_image_id",
        )
    return image


def _tag_names(raw: Any) -> list[str]:
    items = raw.split(",") if isinstance(raw, str) else list(raw or [])
    # De-duplicated as typed first (a set: linear), and refused long before thousands of names
    # are each slugified; the exact limit is checked on what remains.
    typed = list(dict.fromkeys(" ".join(str(item).split()) for item in items))
    if len(typed) > TAGS_MAX * 4:
        raise Refused(f"Use at most {TAGS_MAX} tags.", field="tags")
    names: dict[str, str] = {}
    for name in typed:
        if name and slugify(name) not in names:
            if len(name) > 80:
                raise Refused("Keep each tag under 80 characters.", field="tags")
            names[slugify(name)] = name
    if len(names) > TAGS_MAX:
        raise Refused(f"Use at most {TAGS_MAX} tags.", field="tags")
    return list(names.values())


def _bylines(raw: Any, already: dict[int, User]) -> list[User]:
    """The people chosen, in order: active writers, or anyone `already` on this byline (by id)."""
    items = list(raw) if isinstance(raw, list | tuple) else [raw]
    try:
        # A dict keeps the order given and finds duplicates in linear time (a list's `in` made
        # 40,000 ids take seconds).
        ids = list(dict.fromkeys(database_int(item) for item in items))
    except (TypeError, ValueError):
        raise Refused("Choose the byline from the list.", field="author_ids") from None
    if len(ids) > BYLINE_MAX:
        raise Refused(f"A byline can name at most {BYLINE_MAX} people.", field="author_ids")
    if not ids:
        raise Refused("An article needs at least one person on the byline.", field="author_ids")
    if all(number in already for number in ids):
        # The byline as it stands, or some of it (nearly every save): each may stay, and the
        # story's loaded bylines are the people a read would give back.
        return [already[number] for number in ids]
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    chosen = [people.get(number) for number in ids]
    if any(p is None or (is_former_author(p) and p.id not in already) for p in chosen):
        raise Refused(
            "Bylines can only name active reporters, editors and admins.", field="author_ids"
        )
    return [p for p in chosen if p is not None]


def revision_data(revision: ArticleRevision) -> dict[str, Any]:
    """A revision's content as save data; people and places that no longer exist are skipped."""
    fields = revision.fields or {}
    data: dict[str, Any] = {
        "headline": revision.headline,
        "summary": revision.summary,
        "body": revision.body,
        "tags": list(fields.get("tags", [])),
    }
    for key in ("source", "hero_image_url", "hero_caption"):
        if key in fields:
            data[key] = fields[key] or ""
    picture = fields.get("hero_image_id")
    if "hero_image_id" in fields and (picture is None or _exists(Image, picture)):
        data["hero_image_id"] = picture
    for key, model in (("section_id", Section), ("region_id", Region)):
        if key in fields and (fields[key] is None or _exists(model, fields[key])):
            data[key] = fields[key]
    # Former staff come back only if they are still on the byline (a byline is history; but
    # someone removed on purpose is not put back on by a restore).
    article = db.session.get(Article, revision.article_id)
    on_byline = {person.id for person in article.authors} if article else set()
    authors = [
        user
        for user in (db.session.get(User, i) for i in fields.get("author_ids", []))
        if user is not None and (not is_former_author(user) or user.id in on_byline)
    ]
    if authors:
        data["author_ids"] = [user.id for user in authors]
    return data


def _exists(model: type[Model], id_: int) -> bool:
    """Whether a row of `model` with this id is there (an old revision may name a deleted one)."""
    return db.session.get(model, id_) is not None
