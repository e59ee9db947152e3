"""A text-only save reads its story's other content once (bench:autosave11): the changed fields
are named from the snapshots' texts (`diff.changed_fields`, no word diff), and the content after
the save is the names read before it with the columns read again (`fields_after_text_save`).
Both must say exactly what the longer way says."""

from __future__ import annotations

from typing import Any

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.articles.conflicts import snapshot
from editorial.articles.revisions.service import content_fields, stored_names
from editorial.articles.save_rows import fields_after_text_save
from editorial.articles.service import save_article
from editorial.diff import FIELDS, changed_fields, changed_labels, compare
from editorial.extensions import db
from editorial.models import User
from tests.factories import make_article, make_image, make_user
from tests.helpers import fresh

_TEXT = st.text(alphabet=" \n\t.,'-abcé\u00a0x1", max_size=30)
_VALUE = st.one_of(st.none(), _TEXT, st.lists(_TEXT, max_size=3))
_SNAPSHOT = st.fixed_dictionaries({name: _VALUE for name, _ in FIELDS})


@settings(max_examples=300, deadline=None)
@given(old=_SNAPSHOT, new=_SNAPSHOT)
def test_changed_fields_names_what_the_word_diff_names(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert changed_fields(old, new) == changed_labels(compare(old, new))
    assert changed_fields(old, old) == changed_labels(compare(old, dict(old))) == []


def test_whitespace_and_lists_count_as_changes_as_before() -> None:
    old = {"body": "One  two", "tags": ["a", "b"], "summary": None}
    new = {"body": "One two", "tags": ["a, b"], "summary": ""}
    assert changed_fields(old, new) == changed_labels(compare(old, new)) == ["body"]


def test_the_content_after_a_text_save_is_what_reading_it_again_gives(
    app: Flask, editor: User
) -> None:
    second = make_user()
    picture = make_image(editor)
    article = make_article(
        "draft",
        authors=[editor, second],
        tags=["Fuel", "Harbour"],
        hero_image_id=picture.id,
        source="Agencies",
    )
    db.session.expire_all()
    story = fresh(article.id)
    known = stored_names(story)
    before = snapshot(story, known)
    data = {"body": "A new body.", "source": "Staff", "hero_caption": "Boats at dawn."}
    result = save_article(story, editor, data, story.version, editing_token="page-1")
    assert result.revision is not None
    after = fields_after_text_save(story, before)
    assert after == content_fields(story, known)
    assert list(after) == list(content_fields(story, known))  # the order JSON keeps
    assert after["source"] == "Staff" and after["hero_caption"] == "Boats at dawn."
    assert result.revision.fields == content_fields(story, known)
    assert result.changed == ["body", "source", "image caption"]
    db.session.commit()
