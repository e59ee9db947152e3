"""The section page's desk owner form (`taxonomy.manage`): a labelled select posted as a plain
form, so it works without JavaScript; the POST checks the person again (`owners.set_owner`)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from editorial.extensions import db
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.models import Section
from editorial.permissions import require
from editorial.refusal import Refused, answer
from editorial.taxonomy import owners


@require("taxonomy.manage")
def owner(term_id: int) -> Response:
    """Set (or clear, with the empty choice) the section's desk owner."""
    section = db.session.get(Section, term_id) or abort(404)
    typed = (request.form.get("owner") or "").strip()
    owner_id = address_int(typed, None) if typed else None
    back = url_for("taxonomy.term", kind="sections", term_id=term_id) + "#owner-heading"
    if typed and owner_id is None:
        flash("Choose an active editor or admin as the desk owner.", "error")
        return redirect(back, 303)
    try:
        changed = owners.set_owner(section, owner_id, actor=current_person())
    except Refused as refused:
        flash(answer(refused, "taxonomy.manage", section).message, "error")
        return redirect(back, 303)
    db.session.commit()
    if not changed:
        flash("Nothing changed.", "success")
    elif section.owner is None:
        flash(f"{section.name} has no desk owner now: nobody gets its weekly summary.", "success")
    else:
        flash(f"{section.owner.display_name} now owns the {section.name} desk.", "success")
    return redirect(back, 303)
