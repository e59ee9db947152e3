"""The editor's GET kept whole (`articles.editor_kept`): its content drawn once per desk and
site version, viewer, story, address and minute; another person's save, comment or tag shows on
the next request; every page load gets its own editing token, every session its own CSRF token;
who else is editing (which moves no version) is drawn for every request."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from editorial import workflow
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Comment, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, form_for

# Each page's tokens: a CSRF token is signed with the second, an editing token is the page's.
TOKENS = re.compile(
    r'"X-CSRFToken": "[^"]+"|<input id="(?:csrf_token|editing)"[^>]+>'
    r'|name="csrf_token" value="[^"]+"'
)


def _editing(html: str) -> str:
    found = re.search(r'<input id="editing" name="editing" type="hidden" value="([^"]+)">', html)
    assert found, "no editing token on the page"
    return found.group(1)


def test_the_content_is_drawn_once_and_the_page_is_the_same(
    client_as: Any, editor: User, reporter: User, frozen: Any, drawn: list[str]
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter], tags=["fuel", "prices"])
    desk = client_as(editor)
    first = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "articles/_editor.html" in drawn
    drawn.clear()
    again = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "articles/_editor.html" not in drawn and "articles/_byline_choices.html" not in drawn
    assert "articles/edit.html" in drawn
    assert TOKENS.sub("", again) == TOKENS.sub("", first)
    assert 'value="fuel, prices"' in again


def test_each_page_load_gets_its_own_editing_token_and_nobody_another_s_csrf_token(
    app: Flask, client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    pages = [client_as(person).get(f"/articles/{article.id}/edit") for person in (editor, editor)]
    htmls = [page.get_data(as_text=True) for page in pages]
    assert _editing(htmls[0]) != _editing(htmls[1])
    tokens = set()
    for html in htmls:
        found = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html))
        found |= set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        header = re.search(r'"X-CSRFToken": "([^"]+)"', html)
        assert header and found == {header.group(1)}
        tokens.add(header.group(1))
    assert len(tokens) == 2
    with app.app_context():
        kept = [v for v in fragment_cache()._entries.values() if isinstance(v[0], str)]
    assert kept
    assert not any(secret in html for html, _ in kept for secret in tokens)
    assert not any(_editing(page) in html for html, _ in kept for page in htmls)
    # The token sent back with a save is this page's: the save is told apart by it.
    saved = client_as(editor).post(
        f"/articles/{article.id}/edit",
        data=form_for(article, headline="Fuel prices rise again", editing=_editing(htmls[1])),
    )
    assert saved.status_code == 302


def test_another_person_s_save_and_comment_show_on_the_next_request(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    desk, writer = client_as(editor), client_as(reporter)
    before = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Fuel prices rise again" not in before
    saved = writer.post(
        f"/articles/{article.id}/edit",
        data=form_for(article, headline="Fuel prices rise again", tags="fuel"),
    )
    assert saved.status_code == 302
    page = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert 'value="Fuel prices rise again"' in page and 'value="fuel"' in page
    assert f'value="{article.version + 1}"' in page
    # As another process would write it: only the desk's version moves.
    db.session.add(Comment(article_id=article.id, actor_id=reporter.id, body="Check the figure."))
    db.session.commit()
    assert "Check the figure." in desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)


def test_who_else_is_editing_shows_at_once(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    desk, writer = client_as(editor), client_as(reporter)
    assert "Being edited by" not in desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert writer.post(f"/articles/{article.id}/presence", headers=HX).status_code == 200
    page = desk.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert "Being edited by Rana Reporter" in page
    assert "Being edited by" not in writer.get(f"/articles/{article.id}/edit").get_data(
        as_text=True
    )


def test_two_people_never_share_a_page(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    other = make_user(Role.EDITOR, display_name="Nadia Karam")
    for person in (reporter, editor, other, reporter):
        html = client_as(person).get(f"/articles/{article.id}/edit").get_data(as_text=True)
        # Only editors choose the byline; a reporter sees it fixed.
        chooses = 'class="byline-choices"' in html
        assert chooses == (person.role != Role.REPORTER)
        assert ("Editors choose who else is on the byline." in html) == (not chooses)


def test_the_saved_mark_follows_the_message(client_as: Any, reporter: User, frozen: Any) -> None:
    article = make_article(workflow.DRAFT, authors=[reporter])
    writer = client_as(reporter)
    assert " data-saved" not in writer.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    writer.post(f"/articles/{article.id}/edit", data=form_for(article, summary="New summary."))
    after_save = writer.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert " data-saved" in after_save and "Saved at" in after_save
    again = writer.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert " data-saved" not in again and "Saved at" not in again
