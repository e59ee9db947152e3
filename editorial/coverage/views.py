"""The coverage desk (`/coverage/`): the hubs, a form to feature a tag, a button to stop.

A small page of plain forms (no htmx needed): each POST answers with a redirect and a flash, or,
for a problem, the page again with the message beside the field and what was typed kept.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial.coverage import queries, service
from editorial.coverage.forms import HubForm
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Tag
from editorial.permissions import require
from editorial.refusal import Refused, answer


def _page(form: HubForm, status: int = 200) -> tuple[str, int]:
    return (
        render_template(
            "coverage/index.html",
            form=form,
            hubs=queries.hubs_with_counts(),
            suggestions=queries.tag_names(),
        ),
        status,
    )


@require("coverage.manage")
@read_only
def index() -> tuple[str, int]:
    """The hubs, each with its public page and stories, and the form to feature another."""
    return _page(HubForm())


@require("coverage.manage")
def feature() -> Response | tuple[str, int]:
    """Feature the named tag (or change a hub's description); back to the list."""
    form = HubForm()
    if not form.validate():
        return _page(form, 422)
    try:
        tag = service.find_tag(form.tag.data or "")
        changed = service.feature(tag, form.description.data or "", actor=current_person())
    except Refused as refused:
        refusal = answer(refused, "coverage.manage")
        form[refusal.field or "tag"].errors = [refusal.message]
        return _page(form, refusal.status)
    db.session.commit()
    flash(f"“{tag.name}” is featured coverage." if changed else "Nothing changed.", "success")
    return redirect(url_for("coverage.index"))


@require("coverage.manage")
def unfeature(tag_id: int) -> Response:
    """Stop featuring a hub: its page and its stories' banner go."""
    tag = db.session.get(Tag, tag_id) or abort(404)
    changed = service.unfeature(tag, actor=current_person())
    db.session.commit()
    flash(f"“{tag.name}” is no longer featured." if changed else "It was not featured.", "success")
    return redirect(url_for("coverage.index"))
