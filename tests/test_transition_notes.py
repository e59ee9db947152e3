"""The note rule is the table row's: the form, the docs and the server say the same thing.

Read from `workflow.TRANSITIONS`, never from a hand copy: a row whose note is optional accepts an
empty note through the real endpoint, a required one is refused with the row's own prompt, and
the button's form labels the field the way the row says.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, User
from tests.factories import make_article, make_user
from tests.helpers import transition_form

MANUAL = [t for t in workflow.TRANSITIONS if not t.automatic]


def _state(article_id: int) -> str:
    return db.session.scalar(select(Article.state).where(Article.id == article_id))


@pytest.mark.parametrize(
    "transition", [t for t in MANUAL if t.note != "required"], ids=lambda t: t.name
)
def test_a_row_whose_note_is_not_required_accepts_an_empty_note(
    transition: workflow.Transition,
    client_as,  # type: ignore[no-untyped-def]
    editor: User,
    fact_checker: User,
) -> None:
    article = make_article(transition.sources[0], fact_checker=fact_checker)
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/{transition.name}",
        data=transition_form(transition, fact_checker, ""),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _state(article.id) == transition.target


@pytest.mark.parametrize("transition", [t for t in MANUAL if t.note_required], ids=lambda t: t.name)
def test_a_row_whose_note_is_required_refuses_an_empty_one_with_its_prompt(
    transition: workflow.Transition,
    client_as,  # type: ignore[no-untyped-def]
    fact_checker: User,
) -> None:
    article = make_article(transition.sources[0], fact_checker=fact_checker)
    response = client_as(make_user("editor")).post(
        f"/articles/{article.id}/transition/{transition.name}",
        data=transition_form(transition, fact_checker, ""),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert transition.note_prompt in html
    assert _state(article.id) == transition.sources[0]
    # The app's own message, tied to the field; no `required` for the browser to stop it first.
    form = html[html.index(f"/transition/{transition.name}") :]
    textarea = form.split("<textarea", 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in textarea and "-error" in textarea
    assert not re.search(r"\srequired(\s|$|=)", textarea)


@pytest.mark.parametrize(
    "transition", [t for t in MANUAL if t.note != "none"], ids=lambda t: t.name
)
def test_the_buttons_form_labels_the_note_as_the_row_says(
    transition: workflow.Transition,
    client_as,  # type: ignore[no-untyped-def]
    editor: User,
) -> None:
    article = make_article(transition.sources[0])
    page = client_as(editor).get(f"/articles/{article.id}").get_data(as_text=True)
    form = page[page.index(f"/transition/{transition.name}") :]
    form = form[: form.index("</form>")]
    label = re.search(r"<label[^>]*-note\">([^<]*)</label>", form)
    assert label is not None, form
    expected = "Note (required)" if transition.note_required else "Note (optional)"
    assert label.group(1) == expected
    assert ("required" in form.split("<textarea", 1)[1].split(">", 1)[0]) == (
        transition.note_required
    )
