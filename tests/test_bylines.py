"""Bylines of former staff are history (issue 20, item 2).

The byline picker listed only active people, so an editor's save silently dropped a deactivated
co-author, and a story whose only author had left could not be saved at all, the message at the
bottom of a long form. Now the picker offers the people already on this byline, marked "former
staff", a save keeps them unless someone unticks them, and a refused save is summarised at the top
of the form with a link to each field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Role, User
from tests.factories import make_article, make_user
from tests.helpers import form_for, fresh
from tests.parsed import Page


def _left(person: User) -> User:
    """`person`, deactivated after their story was written (as an admin does)."""
    person.active = False
    db.session.commit()
    return person


def _as_the_page_posts(client: Any, article: Article, **changes: Any) -> Any:
    """Save the editor form with the byline boxes the page itself ticks (as a browser would)."""
    page = Page(client.get(f"/articles/{article.id}/edit").get_data(as_text=True))
    ticked = [box["value"] for box in page.find("input", name="author_ids") if "checked" in box]
    return client.post(
        f"/articles/{article.id}/edit", data=form_for(article, author_ids=ticked, **changes)
    )


def test_an_editors_save_keeps_a_former_colleague_on_the_byline(
    client_as: Any, editor: User
) -> None:
    stays, leaves = make_user(Role.REPORTER), make_user(Role.REPORTER, display_name="Nour Left")
    article = make_article("edit", authors=[stays, leaves])
    _left(leaves)
    client = client_as(editor)
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Nour Left" in page and "former staff" in page
    response = _as_the_page_posts(client, article, body="A new paragraph.")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert {a.id for a in fresh(article.id).authors} == {stays.id, leaves.id}
    assert fresh(article.id).body == "A new paragraph."


def test_a_story_whose_only_author_left_can_still_be_saved(client_as: Any, editor: User) -> None:
    leaves = make_user(Role.REPORTER)
    article = make_article("edit", authors=[leaves])
    _left(leaves)
    response = _as_the_page_posts(client_as(editor), article, headline="Still on the record")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert fresh(article.id).headline == "Still on the record"
    assert [a.id for a in fresh(article.id).authors] == [leaves.id]


def test_a_former_colleague_is_removed_only_on_purpose_and_not_added_elsewhere(
    client_as: Any, editor: User
) -> None:
    stays, leaves = make_user(Role.REPORTER), make_user(Role.REPORTER)
    theirs = make_article("edit", authors=[stays, leaves])
    other = make_article("edit", authors=[stays])
    _left(leaves)
    client = client_as(editor)
    untick = client.post(
        f"/articles/{theirs.id}/edit", data=form_for(theirs, author_ids=[str(stays.id)])
    )
    assert untick.status_code == 302
    assert [a.id for a in fresh(theirs.id).authors] == [stays.id]
    # Gone from the byline, they are not offered again, there or on another story.
    again = Page(client.get(f"/articles/{theirs.id}/edit").get_data(as_text=True))
    assert str(leaves.id) not in {box["value"] for box in again.find("input", name="author_ids")}
    added = client.post(
        f"/articles/{other.id}/edit",
        data=form_for(other, author_ids=[str(stays.id), str(leaves.id)]),
    )
    assert added.status_code == 422
    assert [a.id for a in fresh(other.id).authors] == [stays.id]


def test_a_reporters_save_never_touches_a_former_co_authors_byline(
    client_as: Any, reporter: User
) -> None:
    leaves = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter, leaves])
    _left(leaves)
    response = client_as(reporter).post(
        f"/articles/{article.id}/edit", data=form_for(article, body="Mine, typed.")
    )
    assert response.status_code == 302
    assert [a.id for a in fresh(article.id).authors] == [reporter.id, leaves.id]


def test_a_refused_save_is_summarised_at_the_top_with_links_to_the_fields(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    data = form_for(article, headline="  ", body="Typed and kept")
    del data["author_ids"]
    response = client_as(editor).post(f"/articles/{article.id}/edit", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    page = Page(html)
    summary = html[html.index('id="form-errors"') :]
    summary = summary[: summary.index("</div>")]
    assert html.index('id="form-errors"') < html.index('id="article-form"')  # before the form
    links = [a["href"] for a in Page(summary + "</div>").find("a")]
    assert links, summary
    for link in links:
        page.by_id(link.removeprefix("#"))  # every link lands on its field
    assert "Give the article a headline." in summary
    assert "Typed and kept" in html


def test_restoring_a_revision_keeps_a_former_colleague_still_on_the_byline(
    client_as: Any, editor: User
) -> None:
    stays, leaves = make_user(Role.REPORTER), make_user(Role.REPORTER)
    article = make_article("edit", authors=[stays, leaves])
    client = client_as(editor)
    client.post(f"/articles/{article.id}/edit", data=form_for(article, body="First take."))
    client.post(f"/articles/{article.id}/edit", data=form_for(fresh(article.id), body="Second."))
    _left(leaves)
    first = db.session.scalars(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.id)
    ).all()[1]
    response = client.post(
        f"/articles/{article.id}/revisions/{first.id}/restore",
        data={"version": str(fresh(article.id).version)},
    )
    assert response.status_code == 302
    assert fresh(article.id).body == "First take."
    assert {a.id for a in fresh(article.id).authors} == {stays.id, leaves.id}


def test_the_picker_is_drawn_once_and_shows_a_new_colleague_a_rename_and_a_leaver_at_once(
    client_as: Any, editor: User, drawn: list[str]
) -> None:
    """The byline's boxes (a hundred and more people) are kept per desk version, byline and
    ticks; any change to a person moves the version, so the next editor page shows it."""
    writer = make_user(Role.REPORTER, display_name="Rana Aziz")
    article = make_article("draft", authors=[writer])
    desk = client_as(editor)
    first = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Rana Aziz" in first and "articles/_byline_choices.html" in drawn
    drawn.clear()
    assert desk.get(f"/articles/{article.id}/edit").status_code == 200
    assert "articles/_byline_choices.html" not in drawn

    newcomer = make_user(Role.REPORTER, display_name="Omar Farouk")
    page = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Omar Farouk" in page
    newcomer.display_name = "Omar Farouk Haddad"
    db.session.commit()
    assert "Omar Farouk Haddad" in desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    _left(newcomer)
    assert "Omar Farouk" not in desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    _left(writer)  # still on this byline: offered, marked former staff
    boxes = Page(desk.get(f"/articles/{article.id}/edit").get_data(as_text=True))
    label = next(
        box for box in boxes.find("input", name="author_ids") if box["value"] == str(writer.id)
    )
    assert "checked" in label
    assert "former staff" in desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
