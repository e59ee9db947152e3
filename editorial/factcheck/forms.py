"""The ledger's forms. Their rules are the service's (`services.claims`), so the same message
reaches a person whatever way they came in."""

from __future__ import annotations

from wtforms import SelectField, TextAreaField

from editorial.forms import Form
from editorial.models.claims import VERDICT_LABELS


class AddClaimForm(Form):
    """A new claim: a quote from the article, selected or pasted."""

    text = TextAreaField("Claim text (quoted from the article)")


class CheckForm(Form):
    """A claim's check: the verdict, its sources (one address a line), a note, the quote."""

    verdict = SelectField("Verdict", choices=list(VERDICT_LABELS.items()), validate_choice=False)
    sources = TextAreaField("Sources (one web address a line)")
    note = TextAreaField("Note")
    text = TextAreaField("Quote")
