"""The site settings page (`settings.manage`): the newsroom's name, time zone, the footer pages'
text and whether "Checked by" shows on public stories.

Saved in one row and read everywhere through `editorial.newsroom.current()`; the save is a write
request, so the site's version moves on and every process shows the change at its next request.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response

from editorial import htmx, mail, newsroom
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.permissions import require
from editorial.site_settings.service import FIELDS, save_settings
from editorial.taxonomy.forms import SettingsForm


@require("settings.manage")
@read_only
def site_settings() -> Response:
    """The settings as they are now, in a form."""
    now = newsroom.current()
    data = {name: getattr(now, name) for name in FIELDS}
    data["languages"] = " ".join(now.languages)
    form = SettingsForm(formdata=None, data=data)
    return htmx.render("site_settings/settings.html", form=form, email_on=mail.enabled())


@require("settings.manage")
def save_site_settings() -> Response:
    """Save the settings; a problem is shown beside its field with everything typed kept."""
    form = SettingsForm()
    if form.validate_on_submit():
        changed = save_settings(
            {name: getattr(form, name).data for name in FIELDS}, actor=current_person()
        )
        db.session.commit()
        newsroom.forget()
        flash("Settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("site_settings.site_settings"))
    return htmx.render(
        "site_settings/settings.html", form=form, email_on=mail.enabled(), status=422
    )
