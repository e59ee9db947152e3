"""The taxonomy pages (`taxonomy.manage`): sections in their two menus and regions, in order, and
the tags, each created, renamed, moved, retired or restored, deleted when unused, and tags merged.

One URL, two renderings: the move, retire and restore buttons are plain forms that post and come
back to the list; with htmx they swap only that list (`taxonomy/_terms.html`). A section or region
in use is retired rather than deleted, so its stories keep it; renames keep the public address
unless the admin changes it, and then the old one redirects (`service.rename_term`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, newsroom
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.models import Region, Section, SectionGroup, Tag
from editorial.permissions import require
from editorial.refusal import Refused, answer
from editorial.taxonomy import owners, queries, service
from editorial.taxonomy.forms import MergeForm, NewTermForm, RenameForm

MODELS: dict[str, type[Section | Region | Tag]] = {
    "sections": Section,
    "regions": Region,
    "tags": Tag,
}
LABELS = {"sections": "section", "regions": "region", "tags": "tag"}
TAGS_PER_PAGE = 50
MAX_SEARCH = 80


LISTED = ("sections", "regions")


def _model(kind: str) -> type[Section | Region | Tag]:
    return MODELS.get(kind) or abort(404)


def _term(kind: str, term_id: int) -> Any:
    return db.session.get(_model(kind), term_id) or abort(404)


def _list_of(term: Section | Region) -> str:
    if isinstance(term, Region):
        return "regions"
    return "news" if term.group == SectionGroup.NEWS else "articles"


@require("taxonomy.manage")
@read_only
def taxonomy() -> Response:
    """Sections (News and Articles menus) and regions, in menu order, with a form to add one."""
    return _taxonomy_page()


def _taxonomy_page(
    kind: str | None = None, form: NewTermForm | None = None, status: int = 200
) -> Response:
    forms = {name: NewTermForm(formdata=None) for name in ("sections", "regions")}
    if kind and form is not None:
        forms[kind] = form
    return htmx.render(
        "taxonomy/taxonomy.html", forms=forms, status=status, **queries.lists_context()
    )


def _answer_list(wanted: str, message: str, kind: str = "success") -> Response:
    """The `wanted` list (an htmx swap) or, for a plain form, back to the page with a note."""
    db.session.commit()
    if htmx.wants_fragment():
        context = queries.lists_context()
        key, heading, items = next(entry for entry in context["lists"] if entry[0] == wanted)
        return htmx.fragment(
            "taxonomy/_terms.html",
            key=key,
            heading=heading,
            items=items,
            uses=context["uses"],
            trigger=htmx.toast(message, kind),
        )
    flash(message, kind)
    return redirect(url_for("taxonomy.taxonomy") + f"#list-{wanted}")


def _change_in_list(kind: str, term_id: int, change: Callable[[Section | Region], str]) -> Response:
    """Run `change` on a section or region from its list and answer with the list again: what it
    did, or why not (another admin merged or deleted the term at the same moment)."""
    found = _term(kind, term_id)
    if isinstance(found, Tag):
        abort(404)
    wanted = _list_of(found)  # before a refusal's rollback expires the row
    try:
        message = change(found)
    except Refused as refused:
        return _answer_list(wanted, answer(refused, "taxonomy.manage").message, "error")
    return _answer_list(wanted, message)


@require("taxonomy.manage")
def new_term(kind: str) -> Response:
    """Add a section (last in its menu), a region (last) or a tag."""
    model = _model(kind)
    form = NewTermForm()
    if form.validate_on_submit():
        try:
            term = service.create_term(
                cast(Any, model),  # one of the three kinds; a TypeVar cannot take the union
                form.name.data,
                slug=form.slug.data or "",
                group=SectionGroup(form.group.data) if model is Section else None,
                actor=current_person(),
            )
        except Refused as refused:
            refusal = answer(refused, "taxonomy.manage")
            getattr(form, refusal.field or "name").errors.append(refusal.message)
        else:
            db.session.commit()
            flash(f"Added the {LABELS[kind]} {term.name}.", "success")
            if isinstance(term, Tag):
                return redirect(url_for("taxonomy.tags"))
            return redirect(url_for("taxonomy.taxonomy") + f"#list-{_list_of(term)}")
    if model is Tag:
        return _tags_page(form, status=422)
    return _taxonomy_page(kind, form, status=422)


@require("taxonomy.manage")
@read_only
def term(kind: str, term_id: int) -> Response:
    """One section, region or tag: rename it, and what else can be done to it."""
    found = _term(kind, term_id)
    form = RenameForm(obj=found, formdata=None)
    if isinstance(found, Section):
        form.group.data = found.group.value
    form.seen.data = service.version_of(found)
    return _term_page(kind, found, form)


def _term_page(
    kind: str, found: Any, form: RenameForm, status: int = 200, merge_form: MergeForm | None = None
) -> Response:
    return htmx.render(
        "taxonomy/term.html",
        kind=kind,
        label=LABELS[kind],
        term=found,
        form=form,
        merge_form=merge_form or MergeForm(formdata=None),
        uses=service.stories_using(found),
        other_languages=newsroom.current().published_languages[1:],
        owners=owners.candidates() if kind == "sections" else [],
        status=status,
    )


@require("taxonomy.manage")
def labels(kind: str, term_id: int) -> Response:
    """Save the term's names in the newsroom's other languages (`label-<code>` fields), shown
    in each public edition; an empty one means the name there too."""
    found = _term(kind, term_id)
    codes = [language.code for language in newsroom.current().published_languages[1:]]
    typed = {code: request.form.get(f"label-{code}", "") for code in codes}
    try:
        service.set_labels(found, typed, actor=current_person())
    except Refused as refused:
        flash(answer(refused, "taxonomy.manage", found).message, "error")
        return redirect(url_for("taxonomy.term", kind=kind, term_id=found.id), 303)
    db.session.commit()
    flash(f"Saved the names of {found.name} in other languages.", "success")
    return redirect(url_for("taxonomy.term", kind=kind, term_id=found.id), 303)


@require("taxonomy.manage")
def rename(kind: str, term_id: int) -> Response:
    """Save a new name (and, if changed on purpose, a new address; the old one redirects)."""
    found = _term(kind, term_id)
    form = RenameForm()
    status = 422
    if form.validate_on_submit():
        group = SectionGroup(form.group.data) if isinstance(found, Section) else None
        try:
            changed = service.rename_term(
                found,
                form.name.data,
                form.slug.data or "",
                group=group,
                actor=current_person(),
                seen=form.seen.data or None,
            )
        except Refused as refused:
            refusal = answer(refused, "taxonomy.manage", found)
            getattr(form, refusal.field or "name").errors.append(refusal.message)
            status = refusal.status
        else:
            db.session.commit()
            flash(f"Saved {found.name}." if changed else "Nothing changed.", "success")
            return redirect(url_for("taxonomy.term", kind=kind, term_id=found.id))
    now = _still_there(kind, term_id, form.name.errors)
    if now is None:
        return _back_to_list(kind)
    if status == 409:  # changed meanwhile: the page shows it as it is now, the form what was typed
        form.seen.data = service.version_of(now)
    return _term_page(kind, now, form, status=status)


def _still_there(kind: str, term_id: int, errors: list[str]) -> Any:
    """The term read again after a refusal, or None, with the refusal flashed, when a change
    that ran at the same moment merged or deleted it (its page is gone too)."""
    now = db.session.get(_model(kind), term_id)
    if now is None:
        flash(errors[-1] if errors else "It is no longer there.", "error")
    return now


def _back_to_list(kind: str) -> Response:
    return redirect(url_for("taxonomy.tags" if kind == "tags" else "taxonomy.taxonomy"))


@require("taxonomy.manage")
def move(kind: str, term_id: int) -> Response:
    """Move a section or region one place up or down in its menu."""
    step = -1 if request.form.get("direction") == "up" else 1

    def moved(term: Section | Region) -> str:
        if not service.move_term(term, step, actor=current_person()):
            return "It can't go further."
        return f"Moved {term.name} {'up' if step < 0 else 'down'}."

    return _change_in_list(kind, term_id, moved)


@require("taxonomy.manage")
def retire(kind: str, term_id: int) -> Response:
    """Retire a section or region: hidden from pickers and menus, its stories keep it."""
    return _change_in_list(kind, term_id, lambda term: _set_retired(term, True))


@require("taxonomy.manage")
def restore(kind: str, term_id: int) -> Response:
    """Bring a retired section or region back into menus and pickers."""
    return _change_in_list(kind, term_id, lambda term: _set_retired(term, False))


def _set_retired(term: Section | Region, retired: bool) -> str:
    service.set_retired(term, retired, actor=current_person())
    if retired:
        return f"Retired {term.name}: it no longer shows in menus or pickers."
    return f"Restored {term.name}."


@require("taxonomy.manage")
def delete(kind: str, term_id: int) -> Response:
    """Delete a section, region or tag that no story uses (one in use is refused, with why)."""
    found = _term(kind, term_id)
    name = found.name
    try:
        service.delete_term(found, actor=current_person())
    except Refused as refused:
        flash(answer(refused, "taxonomy.manage", found).message, "error")
        if db.session.get(_model(kind), term_id) is None:  # merged meanwhile
            return _back_to_list(kind)
        return redirect(url_for("taxonomy.term", kind=kind, term_id=term_id))
    db.session.commit()
    flash(f"Deleted {name}.", "success")
    return _back_to_list(kind)


@require("taxonomy.manage")
def merge(term_id: int) -> Response:
    """Merge this tag into another: its stories move over and its address redirects there."""
    found = _term("tags", term_id)
    form = MergeForm()
    status = 422
    if form.validate_on_submit():
        wanted = " ".join(form.into.data.split())
        survivor = queries.tag_named(wanted)
        if survivor is None:
            form.into.errors.append(f"There is no tag called {wanted!r}.")
        else:
            try:
                moved = service.merge_tags(found, survivor, actor=current_person())
            except Refused as refused:
                refusal = answer(refused, "taxonomy.manage", found)
                form.into.errors.append(refusal.message)
                status = refusal.status
            else:
                db.session.commit()
                flash(
                    f"Merged {found.name} into {survivor.name}: {moved} "
                    f"{'story' if moved == 1 else 'stories'} moved.",
                    "success",
                )
                return redirect(url_for("taxonomy.term", kind="tags", term_id=survivor.id))
    now = _still_there("tags", term_id, list(form.into.errors))
    if now is None:
        return _back_to_list("tags")
    rename_form = RenameForm(obj=now, formdata=None)
    rename_form.seen.data = service.version_of(now)
    return _term_page("tags", now, rename_form, status, merge_form=form)


@require("taxonomy.manage")
@read_only
def tags() -> Response:
    """Every tag with its number of stories, searched by name as you type, paged."""
    return _tags_page(NewTermForm(formdata=None))


def _tags_page(form: NewTermForm, status: int = 200) -> Response:
    q = request.args.get("q", "").strip()[:MAX_SEARCH]
    page = max(1, address_int(request.args.get("page"), 1))
    rows = queries.tags_page(q, page, TAGS_PER_PAGE)
    return htmx.render(
        "taxonomy/tags.html",
        "taxonomy/_tags.html",
        form=form,
        q=q,
        page=page,
        rows=rows[:TAGS_PER_PAGE],
        has_more=len(rows) > TAGS_PER_PAGE,
        status=status,
    )
