"""The ledger's forms. Their rules are the service's (`service`), so the same message
reaches a person whatever way they came in."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField

from editorial.forms import Form


class AddClaimForm(Form):
    """A new claim: a quote from the article, selected or pasted."""

    text = TextAreaField("Claim text (quoted from the article)")


class CheckForm(Form):
    """A claim's check: the verdict, its sources (one address a line), a note, the quote."""

    # The page draws the choices from VERDICT_LABELS; the service refuses anything else.
    verdict = StringField("Verdict")
    sources = TextAreaField("Sources (one web address a line)")
    note = TextAreaField("Note")
    text = TextAreaField("Quote")


class LocateForm(Form):
    """A source claim located in a translation: the passage quoted from it, or marked absent."""

    passage = TextAreaField("Passage in this translation")
    absent = BooleanField("Not in this translation")
