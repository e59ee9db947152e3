"""One's own profile: the name on bylines, a public bio and the author page's address.

The password has its own page (`/account/password`, the current one required); this page links it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial.auth.forms import ProfileForm
from editorial.extensions import db
from editorial.identity import current_person
from editorial.people.service import update_profile
from editorial.refusal import Refused, answer


def profile() -> str | Response | tuple[str, int]:
    """Show and save one's own profile (readers see it: the site's version moves on)."""
    user = current_person()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        try:
            changed = update_profile(
                user, form.display_name.data, form.bio.data or "", form.slug.data, actor=user
            )
        except Refused as refused:
            refusal = answer(refused, "account.profile", user)
            getattr(form, refusal.field or "slug").errors.append(refusal.message)
        else:
            db.session.commit()
            flash("Your profile is saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("auth.profile"))
    status = 422 if form.errors else 200
    return render_template("auth/profile.html", form=form, person=user), status
