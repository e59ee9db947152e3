"""The coverage desk's form: which tag to feature, and what its hub page says about it."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired

from editorial.forms import Form


class HubForm(Form):
    """Feature a tag as a coverage hub, or change a hub's description."""

    tag = StringField(
        "Tag",
        validators=[InputRequired("Write the name of a tag.")],
        description="The tag's name as stories carry it, e.g. “Gaza”.",
        render_kw={"autocomplete": "off", "list": "coverage-tags"},
    )
    description = TextAreaField(
        "Description (optional)",
        description="A line or two shown at the top of the hub's public page.",
        render_kw={"rows": 3},
    )
