"""The taxonomy the public navigation is built from, seeded from the reference page, and the
admin's changes to it: create, rename (the old slug kept as a redirect), reorder, retire, restore,
delete an unused one, merge two tags. Every change writes an audit event and moves the site's
version on; the caller commits.

Two admins may change the same rows at once. On PostgreSQL both requests really run together
(SQLite's write lock makes them take turns), and two merges a→c and c→a once deleted both tags.
So every change first locks the rows it reads (`SELECT ... FOR UPDATE`, in id order so two
changes never deadlock; SQLite leaves the clause out) and reads them again: the second of two
waits for the first's commit, then finds a row gone (409, nothing changed) or changed. A rename
carries the version its form showed (`version_of`), as an assignment carries the holder it saw,
so a rename over someone else's is refused (409) with the name now, not silently won; a unique
name or address that another request took meanwhile is the "taken" refusal, never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import delete, func, or_, select, update

from editorial.audit import record
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.models import (
    Article,
    AuditEvent,
    Region,
    Section,
    SectionGroup,
    SlugHistory,
    Tag,
    User,
    article_tags,
)
from editorial.models.taxonomy import (
    KINDS,
    claim_slug,
    regions_in_order,
    remember_slug,
    sections_in_order,
)
from editorial.page_cache import bump_site_version
from editorial.refusal import Refused, flush_or_refuse, refuse_conflicts
from editorial.search import upkeep as search_upkeep
from editorial.taxonomy.seed_labels import SEED_LABELS
from editorial.text import slugify

Term = TypeVar("Term", Section, Region, Tag)
TAKEN = "Someone just took that name or address for another {kind}."
FRESH = {"populate_existing": True}  # rows read again, not the copies this request holds
GONE = "{name} is no longer there: someone merged or deleted it meanwhile. Nothing changed."
CHANGED = (
    "Someone else changed this {kind} meanwhile: it is now {name}, at /{kind}/{slug}. "
    "What you typed is still here: save again to replace their change."
)
NAME_MAX = 80

NEWS_SECTIONS = [
    "Politics",
    "Economy",
    "Sports",
    "Arts&Culture",
    "Health",
    "Miscellaneous",
    "Technology",
    "Environment",
]
ARTICLE_KINDS = ["Opinion", "Analysis", "Blog", "Features"]
REGIONS = [
    "Africa",
    "Asia",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "MENA",
    "Palestine",
    "US & Canada",
]


def seed_taxonomy() -> int:
    """Seed the sections and regions into a newsroom that has never had any; how many were added.

    Only into an empty taxonomy, never "whichever are missing": a seeded name that is missing was
    renamed, deleted or merged away by an admin, and adding it back at the next start (`flask
    init`, `flask demo`) undid their work (issue 20: a renamed Sports came back empty and took
    its old address from the redirect). A taxonomy an admin emptied on purpose is not empty in
    this sense: the audit log, which is only ever added to, remembers their section and region
    changes, and then nothing is seeded either.
    """
    if db.session.scalar(select(Section.id).limit(1)) is not None:
        return 0
    if db.session.scalar(select(Region.id).limit(1)) is not None:
        return 0
    admins_changes = or_(
        AuditEvent.action.startswith("section."), AuditEvent.action.startswith("region.")
    )
    if db.session.scalar(select(AuditEvent.id).where(admins_changes).limit(1)) is not None:
        return 0
    added = 0
    for group, names in (
        (SectionGroup.NEWS, NEWS_SECTIONS),
        (SectionGroup.ARTICLES, ARTICLE_KINDS),
    ):
        for position, name in enumerate(names):
            labels = dict(SEED_LABELS.get(name, {}))
            db.session.add(
                Section(
                    name=name, slug=slugify(name), group=group, position=position, labels=labels
                )
            )
            added += 1
    for position, name in enumerate(REGIONS):
        labels = dict(SEED_LABELS.get(name, {}))
        db.session.add(Region(name=name, slug=slugify(name), position=position, labels=labels))
        added += 1
    return added


# --- The admin's changes -------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Refused("Give it a name.", field="name")
    if len(name) > NAME_MAX:
        raise Refused(f"A name is at most {NAME_MAX} characters.", field="name")
    return name


def _clean_slug(slug: str) -> str:
    cleaned = slugify(slug) if (slug or "").strip() else ""
    if not cleaned or cleaned == "untitled" and slug.strip().lower() != "untitled":
        raise Refused("Give an address of letters, digits and dashes.", field="slug")
    return cleaned


def _check_free(model: type[Term], name: str, slug: str, own_id: int | None) -> None:
    """Refuse a name or slug another row of `model` has (case-insensitive names)."""
    other = db.session.scalar(
        select(model).where(
            or_(func.lower(model.name) == name.lower(), model.slug == slug),
            model.id != (own_id or 0),
        )
    )
    if other is None:
        return
    if other.slug == slug and other.name.lower() != name.lower():
        raise Refused(f"The address /{KINDS[model]}/{slug} is {other.name}'s.", field="slug")
    raise Refused(f"There is already a {KINDS[model]} called {other.name}.", field="name")


def version_of(term: Section | Region | Tag) -> str:
    """What a rename form showed of `term` (name, address, menu), posted back with it: a rename
    of a term that changed since is refused (409) rather than silently undoing that change."""
    group = term.group.value if isinstance(term, Section) else ""
    return json.dumps([term.name, term.slug, group], ensure_ascii=False)


def _locked(
    model: type[Section | Region | Tag],
    terms: Sequence[Section | Region | Tag],
    *,
    siblings: bool = False,
) -> None:
    """Lock `terms`' rows until commit (all of `model`'s rows with `siblings`: a reorder reads
    them all) and read them again; refused (409) when one is gone since the request read it."""
    names = {term.id: term.name for term in terms}  # before a fresh read finds a row gone
    query = select(model).order_by(model.id).with_for_update()
    if not siblings:
        query = query.where(model.id.in_(names))
    rows = db.session.execute(query.add_columns(model.id), execution_options=FRESH)
    there = {row[-1] for row in rows}
    for term_id, name in names.items():
        if term_id not in there:
            raise Refused(GONE.format(name=name), status=409)


def _siblings(term: Section | Region) -> list[Section | Region]:
    if isinstance(term, Section):
        return [s for s in sections_in_order(retired=True) if s.group == term.group]
    return list(regions_in_order(retired=True))


def create_term(
    model: type[Term],
    name: str,
    *,
    slug: str = "",
    group: SectionGroup | None = None,
    actor: User,
) -> Term:
    """A new section (in `group`, last), region (last) or tag."""
    name = _clean_name(name)
    slug = _clean_slug(slug) if slug.strip() else slugify(name)
    _check_free(model, name, slug, None)
    term = model(name=name, slug=slug)
    if isinstance(term, Section):
        term.group = group or SectionGroup.NEWS
    if isinstance(term, Section | Region):
        term.position = max((t.position for t in _siblings(term)), default=-1) + 1
    db.session.add(term)
    claim_slug(KINDS[model], slug)
    flush_or_refuse(TAKEN.format(kind=KINDS[model]), field="name")
    record(f"{KINDS[model]}.created", term, actor=actor, name=name, slug=slug)
    bump_site_version()
    return term


def rename_term(
    term: Term,
    name: str,
    slug: str,
    *,
    group: SectionGroup | None = None,
    actor: User,
    seen: str | None = None,
) -> bool:
    """Give `term` a new name, and a new address only if `slug` differs (the old one redirects);
    a section may move to the other menu (`group`, last there). Whether anything changed.

    `seen` is the `version_of` the term the form showed: refused (409) when it changed since.
    A caller with no form (the CLI, a test) may leave it out.
    """
    model = type(term)
    name = _clean_name(name)
    slug = _clean_slug(slug) if (slug or "").strip() else ""
    _locked(model, [term])
    slug = slug or term.slug
    new_group = group if isinstance(term, Section) and group and group != term.group else None
    if name == term.name and slug == term.slug and new_group is None:
        return False
    if seen is not None and seen != version_of(term):
        kind = KINDS[model]
        raise Refused(CHANGED.format(kind=kind, name=term.name, slug=term.slug), status=409)
    _check_free(model, name, slug, term.id)
    changes: dict[str, dict[str, str]] = {}
    if name != term.name:
        changes["name"] = {"old": term.name, "new": name}
    if isinstance(term, Section) and new_group is not None:
        changes["group"] = {"old": term.group.value, "new": new_group.value}
        term.group = new_group
        term.position = (
            max((t.position for t in _siblings(term) if t.id != term.id), default=-1) + 1
        )
    with refuse_conflicts(TAKEN.format(kind=KINDS[model]), field="name"):
        if slug != term.slug:
            changes["slug"] = {"old": term.slug, "new": slug}
            remember_slug(KINDS[model], term.slug, term.id)
            claim_slug(KINDS[model], slug)
        term.name, term.slug = name, slug
    if isinstance(term, Tag) and "name" in changes:
        search_upkeep.reindex_tagged_later(term.id)  # a story's document holds its tags' names
    record(f"{KINDS[model]}.renamed", term, actor=actor, **changes)
    bump_site_version()
    return True


def move_term(term: Section | Region, step: int, *, actor: User) -> bool:
    """Move `term` one place up (-1) or down (+1) among its siblings; whether it moved.

    Positions are renumbered 0..n-1 in the order shown, so equal or gappy positions (the seed's,
    or two admins' moves) always end in the order the admin saw change.
    """
    _locked(type(term), [term], siblings=True)
    siblings = _siblings(term)
    at = next(i for i, s in enumerate(siblings) if s.id == term.id)
    to = at + (1 if step > 0 else -1)
    if not 0 <= to < len(siblings):
        return False
    siblings[at], siblings[to] = siblings[to], siblings[at]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    record(f"{KINDS[type(term)]}.moved", term, actor=actor, to=to + 1)
    bump_site_version()
    return True


def stories_using(term: Section | Region | Tag) -> int:
    """How many articles (in any state) have `term`."""
    if isinstance(term, Tag):
        where = article_tags.c.tag_id == term.id
        return db.session.scalar(select(func.count()).select_from(article_tags).where(where)) or 0
    column = Article.section_id if isinstance(term, Section) else Article.region_id
    return db.session.scalar(select(func.count(Article.id)).where(column == term.id)) or 0


def set_retired(term: Section | Region, retired: bool, *, actor: User) -> bool:
    """Retire `term` (hidden from pickers and menus; its stories keep it) or restore it."""
    _locked(type(term), [term])
    if term.retired == retired:
        return False
    term.retired = retired
    action = "retired" if retired else "restored"
    record(f"{KINDS[type(term)]}.{action}", term, actor=actor, name=term.name)
    bump_site_version()
    return True


def delete_term(term: Section | Region | Tag, *, actor: User) -> None:
    """Delete a term no story uses; one in use is refused (retire a section or region)."""
    kind = KINDS[type(term)]
    _locked(type(term), [term])
    used = stories_using(term)
    if used:
        advice = "merge it into another tag" if isinstance(term, Tag) else "retire it instead"
        raise Refused(
            f"{term.name} is on {used} {'story' if used == 1 else 'stories'}: {advice}.",
            status=409,
        )
    db.session.execute(
        delete(SlugHistory).where(SlugHistory.kind == kind, SlugHistory.target_id == term.id)
    )
    record(f"{kind}.deleted", term, actor=actor, name=term.name, slug=term.slug)
    db.session.delete(term)
    db.session.flush()
    bump_site_version()


def merge_tags(merged: Tag, survivor: Tag, *, actor: User) -> int:
    """Move every story of `merged` to `survivor`, delete `merged`, and send its address (and its
    old addresses) to the survivor's page. Stories that had both keep one. How many moved."""
    if merged.id == survivor.id:
        raise Refused("Choose a different tag to merge into.", field="into")
    _locked(Tag, [merged, survivor])
    both = select(article_tags.c.article_id).where(article_tags.c.tag_id == survivor.id)
    moved = changed_rows(
        update(article_tags)
        .where(article_tags.c.tag_id == merged.id, article_tags.c.article_id.not_in(both))
        .values(tag_id=survivor.id)
    )
    db.session.execute(delete(article_tags).where(article_tags.c.tag_id == merged.id))
    db.session.execute(
        update(SlugHistory)
        .where(SlugHistory.kind == "tag", SlugHistory.target_id == merged.id)
        .values(target_id=survivor.id)
    )
    old_slug = merged.slug
    record(
        "tag.merged",
        survivor,
        actor=actor,
        merged={"id": merged.id, "name": merged.name, "slug": old_slug},
        stories_moved=moved,
    )
    db.session.delete(merged)
    db.session.flush()
    remember_slug("tag", old_slug, survivor.id)
    db.session.expire_all()  # the moved stories' tags, read again
    search_upkeep.reindex_tagged_later(survivor.id)  # a job, after the commit
    bump_site_version()
    return moved


LABEL_MAX = 80


def set_labels(term: Section | Region | Tag, labels: dict[str, str], *, actor: User) -> None:
    """Give `term` its names in other languages (code to name; an empty name drops it), as the
    public editions show them; audited with what changed. Refused past 80 characters."""
    if any(len(text) > LABEL_MAX for text in labels.values()):
        raise Refused(f"A name is at most {LABEL_MAX} characters.")
    before = dict(term.labels or {})
    after = {code: text.strip() for code, text in labels.items() if text.strip()}
    if after == before:
        return
    term.labels = after
    db.session.flush()
    changed = [c for c in sorted(set(before) | set(after)) if before.get(c) != after.get(c)]
    record(
        f"{KINDS[type(term)]}.labelled",
        term,
        actor=actor,
        name=term.name,
        changes={code: [before.get(code), after.get(code)] for code in changed},
    )
