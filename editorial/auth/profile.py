"""One's own profile: the name on bylines, a public bio, the author page's address and photo.

The password has its own page (`/account/password`, the current one required); this page links it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial.auth.forms import PhotoForm, ProfileForm
from editorial.extensions import db
from editorial.identity import current_person
from editorial.media.service import photo_of
from editorial.models import Image
from editorial.people.service import set_photo, update_profile
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
    return render_template(
        "auth/profile.html",
        form=form,
        person=user,
        photo=photo_of(user),
        photo_form=PhotoForm(formdata=None),
    ), status


def profile_photo() -> Response:
    """Put a library picture on one's author page (the picture's page in the media library has
    the button) or, with no picture named, take the photo off. Back to the profile either way."""
    user = current_person()
    form = PhotoForm()
    if not form.validate():
        abort(400)
    image = None
    if form.image_id.data is not None:
        image = db.session.get(Image, form.image_id.data) or abort(404)
    changed = set_photo(user, image, actor=user)
    db.session.commit()
    if not changed:
        flash("Nothing changed.", "success")
    else:
        flash("Your author page shows this photo." if image else "Your photo is off.", "success")
    return redirect(url_for("auth.profile"))
