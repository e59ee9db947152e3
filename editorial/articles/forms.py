"""The editor's forms: an article's content, and a correction of a published one.

The forms check what a person can fix while typing (a headline is there, lengths); the service
(`editorial.articles.service`) checks everything again, whoever posted, and its refusals are put
beside the same fields. Neither form has a state, version-bump, publish-time or author-of-record
field: whatever else is posted is never read.
"""

from __future__ import annotations

import secrets
from typing import Any, Self

from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from editorial.articles import validation as service
from editorial.articles.conflicts import StaleVersion
from editorial.forms import MAX_DATABASE_INT, Form, database_int, optional_database_int
from editorial.models import Article
from editorial.refusal import Refused


def optional_id(value: Any) -> int | None:
    """A chosen id, or None for "none chosen" (ValueError for junk, so WTForms says so)."""
    return optional_database_int(value)


def _too_long(what: str, limit: int) -> Length:
    return Length(max=limit, message=f"Keep the {what} under {limit:,} characters.")


def new_editing_token() -> str:
    """A random token naming one editor page (one tab), sent with each of its saves."""
    return secrets.token_urlsafe(16)


class ContentFields(Form):
    """Headline, summary and body, shared by the editor and the correction form."""

    version = IntegerField(
        widget=HiddenInput(),
        validators=[
            InputRequired("This form is out of date. Reload the page."),
            NumberRange(0, MAX_DATABASE_INT, "This form is out of date. Reload the page."),
        ],
    )
    headline = StringField(
        "Headline",
        validators=[
            DataRequired("Give the article a headline."),
            _too_long("headline", service.HEADLINE_MAX),
        ],
    )
    summary = TextAreaField(
        "Summary",
        validators=[_too_long("summary", service.SUMMARY_MAX)],
        description="One or two sentences shown under the headline.",
    )
    body = TextAreaField(
        "Body",
        validators=[_too_long("body", service.BODY_MAX)],
        description="Markdown: **bold**, *italic*, ## Subheading, > quote, [link](https://…).",
    )
    source = StringField(
        "Source",
        validators=[_too_long("source", service.SOURCE_MAX)],
        description="Where the story came from, e.g. “Agencies”.",
    )
    # This page's editing token (a fresh one per editor page loaded): a save is told apart from
    # another tab's or device's by it, never by who is signed in.
    editing = HiddenField(
        validators=[Length(max=64, message="This form is out of date. Reload the page.")]
    )
    preview = SubmitField("Preview")

    @classmethod
    def filled_from(cls, article: Article, **more: Any) -> Self:
        """The form showing `article` as it is now, at its current version, with a new token."""
        data = {
            "editing": new_editing_token(),
            "version": article.version,
            "headline": article.headline,
            "summary": article.summary,
            "body": article.body,
            "source": article.source,
            **more,
        }
        return cls(data=data)

    def show_refusal(self, refused: Refused) -> None:
        """Put a service refusal beside its field (or above the form when it names none).

        A stale save also moves the form to the current version, so saving again (after
        merging) succeeds.
        """
        if isinstance(refused, StaleVersion) and self.version is not None:
            self.version.data = refused.current_version
            self.version.raw_data = [str(refused.current_version)]
        target = getattr(self, refused.field, None) if refused.field else None
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, str(refused)]
        else:
            self.form_errors.append(str(refused))

    def content_data(self) -> dict[str, Any]:
        """The typed content, as the service reads it."""
        return {
            "headline": self.headline.data or "",
            "summary": self.summary.data or "",
            "body": self.body.data or "",
            "source": self.source.data or "",
        }


class ArticleForm(ContentFields):
    """Everything a writer sets on an article."""

    section_id = SelectField("Section", coerce=optional_id, validate_choice=False)
    region_id = SelectField("Region", coerce=optional_id, validate_choice=False)
    tags = StringField(
        "Tags",
        validators=[Length(max=1500, message="That is too many tags.")],
        description="Separate tags with commas. Pick an existing tag or type a new one.",
    )
    hero_image_url = URLField(
        "Image address",
        validators=[Optional(), _too_long("image address", service.URL_MAX)],
        description="Optional: the full https:// address of the main picture.",
    )
    hero_caption = StringField(
        "Image caption", validators=[_too_long("caption", service.CAPTION_MAX)]
    )
    # The picture from the media library (radio buttons in media/_editor_picture.html).
    hero_image_id = SelectField("Picture", coerce=optional_id, validate_choice=False)
    author_ids = SelectMultipleField("Byline", coerce=database_int, validate_choice=False)
    save = SubmitField("Save")

    def data_for_save(self, bylines: bool) -> dict[str, Any]:
        """What the service saves; the byline only for people allowed to change it."""
        data = {
            **self.content_data(),
            "section_id": self.section_id.data,
            "region_id": self.region_id.data,
            "tags": self.tags.data or "",
            "hero_image_url": self.hero_image_url.data or "",
            "hero_caption": self.hero_caption.data or "",
        }
        if self.hero_image_id.raw_data:  # a form without the picture panel keeps the picture
            data["hero_image_id"] = self.hero_image_id.data
        if bylines:
            data["author_ids"] = list(self.author_ids.data or [])
        return data


class CorrectionForm(ContentFields):
    """A published article's text, changed, with the public notice that explains the change."""

    notice = TextAreaField(
        "Correction notice",
        validators=[
            DataRequired("Write the correction notice readers will see."),
            _too_long("notice", service.NOTICE_MAX),
        ],
        description="Shown to readers, dated, under the article. "
        "E.g. “An earlier version of this article gave the wrong date for the vote.”",
    )
    save = SubmitField("Publish correction")


class NewArticleForm(ArticleForm):
    """A new article has no version yet."""

    version = None  # WTForms drops a field set to None
