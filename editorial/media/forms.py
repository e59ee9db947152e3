"""The library's forms: a picture's words, a new file for it, and the editor's upload fields.

The service checks everything again (`media.service`); these say what is missing beside the
field. The editor's upload fields carry the `image_` prefix so they can sit inside the article
form (without JavaScript the Upload button posts the whole editor, so nothing typed is lost).
"""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from editorial.forms import Form
from editorial.media import service
from editorial.refusal import Refused

ACCEPT = "image/jpeg,image/png,image/webp"


class DetailsForm(Form):
    """Caption, credit and alt text: all three are needed wherever the picture appears."""

    caption = StringField(
        "Caption",
        validators=[
            DataRequired("Write a caption: what is happening, where and when."),
            Length(max=service.CAPTION_MAX, message="Keep the caption under 300 characters."),
        ],
        description="Shown under the picture, e.g. “Smoke rises over Gaza City on 8 October”.",
    )
    credit = StringField(
        "Credit",
        validators=[
            DataRequired("Give the credit, e.g. AFP or the photographer's name."),
            Length(max=service.CREDIT_MAX, message="Keep the credit under 120 characters."),
        ],
        description="Who took or supplied it; shown in brackets, e.g. (AFP).",
    )
    alt = StringField(
        "Alt text",
        validators=[
            DataRequired("Describe the picture for people who can't see it (alt text)."),
            Length(max=service.ALT_MAX, message="Keep the alt text under 300 characters."),
        ],
        description="What the picture shows, for screen readers; not the caption again.",
    )

    def details(self) -> service.Details:
        """The typed words, for the service."""
        return service.Details(
            caption=self.caption.data or "", credit=self.credit.data or "", alt=self.alt.data or ""
        )

    def show_refusal(self, refused: Refused) -> None:
        """Put a service refusal beside its field, else above the form."""
        target = getattr(self, refused.field or "", None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, str(refused)]
        else:
            self.form_errors.append(str(refused))


class UploadForm(DetailsForm):
    """A new picture: the file and its words."""

    file = FileField(
        "Picture file",
        description="JPEG, PNG or WebP, up to 10 MB. Location and camera data are removed.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "image_")
        super().__init__(*args, **kwargs)

    class Meta(DetailsForm.Meta):
        """The editor's form around it (or CSRFProtect) carries the CSRF token."""

        csrf = False

    def validate_file(self, field: Any) -> None:
        """A file must be chosen."""
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choose a picture to upload (JPEG, PNG or WebP, up to 10 MB).")


class ReplaceForm(Form):
    """A new file for a picture already in the library."""

    file = FileField(
        "New file",
        description="JPEG, PNG or WebP, up to 10 MB. Every article using it shows the new one.",
    )

    def validate_file(self, field: Any) -> None:
        """A file must be chosen."""
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choose the new file (JPEG, PNG or WebP, up to 10 MB).")
