"""Rows written past the unit of work (`editorial.rows_written`): the object made the
session's as if read back holds what was written, as a flushed one does."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Tag
from editorial.rows_written import insert_as_read


def test_a_row_written_so_holds_its_strings_as_cleaned_and_written(app: Flask) -> None:
    """A string the stored-text cleaning changes (a vertical tab between words becomes a space,
    a forbidden control character goes) is on the object as it is in the row, as a flush
    leaves a flushed object's: an answer drawing the object shows what was stored."""
    tag = Tag(name="Fuel\x0bprices\x01", slug="fuel-prices", coverage_hub=False, hub_description="")

    insert_as_read(tag)

    assert tag.name == "Fuel prices"
    assert tag not in db.session.new and tag not in db.session.dirty
    stored = db.session.execute(select(Tag.name).where(Tag.id == tag.id)).scalar_one()
    assert stored == "Fuel prices"
    flushed = Tag(name="Rail\x0bstrikes", slug="rail-strikes")
    db.session.add(flushed)
    db.session.flush()
    assert flushed.name == "Rail strikes"  # what a flush leaves: the same cleaning
