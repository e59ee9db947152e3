"""The fronts editor's pages: the list of fronts (/fronts/), one front's editor
(/fronts/<lang>/<place>), and the preview of its draft as readers would see it.

`place` is "home" for an edition's front page, else a section's slug. The editor shows the draft
if there is one, else what readers see; every slot has its story, its buttons and a search (a
plain GET form: `?slot=top-1&q=...`), so the page works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from editorial import htmx, languages, newsroom
from editorial.database import read_only
from editorial.extensions import db
from editorial.fronts import layouts, queries
from editorial.fronts.forms import LayoutForm, PublishForm, ScheduleForm, WordsForm
from editorial.models import Article, Section
from editorial.models.fronts import FRONT_PAGE
from editorial.models.taxonomy import sections_in_order
from editorial.permissions import require
from editorial.public import queries as public_queries


def where(lang: str, place: str) -> Section | None:
    """The section at `place` (None: the front page); 404 for an edition or place not there.

    Also makes `lang` this request's edition, so the public reads resolve its stories."""
    if lang not in newsroom.current().languages:
        abort(404)
    g.edition = lang
    if place == FRONT_PAGE:
        return None
    return db.session.scalar(select(Section).where(Section.slug == place)) or abort(404)


def label(lang: str, section: Section | None) -> str:
    """ "Front page (English)", "Politics (العربية)"."""
    name = languages.get(lang).english_name
    return f"{section.name if section else 'Front page'} ({name})"


@require("front.edit")
@read_only
def index() -> str:
    """Every edition's front page and section fronts, with whether each is arranged."""
    rows = []
    for edition in newsroom.current().published_languages:
        for section in [None, *sections_in_order()]:
            found = queries.front(edition.code, section)
            rows.append({
                "label": label(edition.code, section),
                "lang": edition.code,
                "place": section.slug if section else FRONT_PAGE,
                "published": bool(found and found.published_version_id),
                "draft": queries.draft(found) is not None,
            })  # fmt: skip
    return render_template("fronts/index.html", rows=rows)


def editor_context(lang: str, section: Section | None, **extra: Any) -> dict[str, Any]:
    """What the editor page shows for the front of `lang` at `section`."""
    found = queries.front(lang, section)
    draft = queries.draft(found)
    current = queries.version(found.published_version_id) if found else None
    shown = queries.version(draft.id) if draft else current
    resolved = queries.resolve(shown, section, section is None)
    slot_param = request.args.get("slot", "")
    text = request.args.get("q", "")
    schedule = extra.pop("schedule_form", None) or ScheduleForm(formdata=None)
    schedule.at.label.text = f"Publish the draft at ({newsroom.zone()})"
    layout_form = extra.pop("layout_form", None) or LayoutForm(formdata=None)
    layout_form.layout.choices = [(lay.name, lay.label) for lay in layouts.choices(section is None)]
    layout_form.layout.data = resolved.layout.name
    return {
        "lang": lang,
        "place": section.slug if section else FRONT_PAGE,
        "section": section,
        "title": label(lang, section),
        "front": found,
        "draft": draft,
        "current": current,
        "resolved": resolved,
        "search_slot": slot_param,
        "search_text": text,
        "results": queries.search(text, lang) if slot_param else [],
        "plans": queries.plans_matching(text, lang) if slot_param else [],
        "history": queries.history(found),
        "scheduled": queries.scheduled(found),
        "publish_form": extra.pop("publish_form", None) or PublishForm(formdata=None),
        "schedule_form": schedule,
        "layout_form": layout_form,
        "words_form": WordsForm(formdata=None),
        "words_error": extra.pop("words_error", None),
        "problem": extra.pop("problem", None),
        **extra,
    }


def render_editor(lang: str, section: Section | None, status: int = 200, **extra: Any) -> Response:
    """The editor page (or, for htmx, its body) with `extra` (a form with errors, a problem)."""
    context = editor_context(lang, section, **extra)
    return htmx.render("fronts/edit.html", "fronts/_front.html", status=status, **context)


@require("front.edit")
@read_only
def edit(lang: str, place: str) -> Response:
    """One front in its editor: the draft (or what readers see), slot by slot."""
    return render_editor(lang, where(lang, place))


@require("front.edit")
@read_only
def preview(lang: str, place: str) -> Response:
    """The draft (or the published front) as readers would see the whole page."""
    section = where(lang, place)
    found = queries.front(lang, section)
    draft = queries.draft(found)
    chosen = draft or (queries.version(found.published_version_id) if found else None)
    resolved = queries.resolve(queries.version(chosen.id) if chosen else None, section,
                               section is None)  # fmt: skip
    most_read = public_queries.most_read()
    back = url_for("fronts.edit", lang=lang, place=place)
    if section is None:
        lead = resolved.stories("lead")
        page = render_template(
            "public/home.html",
            lead=lead[0] if lead else None,
            latest=resolved.stories("top"),
            also=resolved.stories("also"),
            blocks=public_queries.section_blocks(exclude=resolved.ids()),
            most_read=most_read,
            preview_of=back,
        )
    else:
        listing = public_queries.page_of(
            public_queries.in_section(section).where(Article.id.not_in(resolved.ids())),
            1,
        )
        page = render_template(
            "public/listing.html",
            kind=str(section.group),
            page_kind="Section",
            title=section.name,
            listing=listing,
            most_read=most_read,
            section=section,
            front=resolved,
            preview_of=back,
        )
    response = htmx.respond(page)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response
