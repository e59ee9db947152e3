"""The article's desk page kept whole (`articles.page.kept_page`): drawn once per desk and site
version, viewer, address and minute; a verdict, a comment or a new claim shows on the next
request, nobody gets another person's page or CSRF token, and what moves no version (a
reviewer opening a preview link) is drawn for every request."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask

from editorial import workflow
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Claim, Comment, PreviewLink, Role, User
from editorial.previews import service as previews
from tests.factories import make_article, make_claim, make_user
from tests.helpers import HX

BODY = (
    "Officials said on Thursday that talks would continue next week. "
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."


def _checking(checker: User) -> Any:
    return make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=checker.id)


def _token(html: str) -> str:
    found = re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert found, "no token on the page"
    return found.group(1)


def test_the_page_is_drawn_once_and_a_verdict_a_comment_and_a_claim_show_at_once(
    client_as: Any, editor: User, fact_checker: User, frozen: Any, drawn: list[str]
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    desk = client_as(editor)
    first = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "0 of 1 resolved" in first and "articles/_page.html" in drawn
    drawn.clear()
    again = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "articles/_page.html" not in drawn and "articles/show.html" in drawn
    tokenless = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrf_token" value="[^"]+"')
    assert tokenless.sub("", again) == tokenless.sub("", first)  # a token is signed with the time

    # A verdict from another person's client (htmx from elsewhere): the next page shows it.
    checker = client_as(fact_checker)
    checked = checker.post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "verified", "sources": "", "note": ""},
        headers=HX,
    )
    assert checked.status_code == 200
    page = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "1 of 1 resolved" in page and 'class="claim claim-verified"' in page

    # A comment, then a new claim, each on the next request.
    posted = checker.post(f"/articles/{article.id}/comments", data={"body": "Source called back."})
    assert posted.status_code in (200, 302)
    assert "Source called back." in desk.get(f"/articles/{article.id}").get_data(as_text=True)
    added = checker.post(f"/articles/{article.id}/claims", data={"text": AID})
    assert added.status_code in (200, 302)
    assert db.session.query(Claim).filter_by(article_id=article.id).count() == 2
    page = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "1 of 2 resolved" in page and "27 tonnes of aid" in page


def test_a_change_written_outside_the_app_s_requests_shows_on_the_next_request(
    client_as: Any, editor: User, fact_checker: User, frozen: Any
) -> None:
    article = _checking(fact_checker)
    desk = client_as(editor)
    assert "Source called back." not in desk.get(f"/articles/{article.id}").get_data(as_text=True)
    # As another process would write it: no message to this one, only the desk's version moves.
    db.session.add(
        Comment(article_id=article.id, actor_id=fact_checker.id, body="Source called back.")
    )
    db.session.commit()
    assert "Source called back." in desk.get(f"/articles/{article.id}").get_data(as_text=True)


def test_two_people_never_share_a_page_or_a_token(
    app: Flask, client_as: Any, editor: User, fact_checker: User, frozen: Any
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    db.session.add(Comment(article_id=article.id, actor_id=editor.id, body="Call the ministry."))
    db.session.commit()
    other_editor = make_user(Role.EDITOR, display_name="Nadia Karam")
    pages = {}
    for person in (editor, other_editor, fact_checker):
        # With a comment (its reply and resolve forms) and a claim's check form open.
        address = f"/articles/{article.id}?check={claim.id}"
        html = client_as(person).get(address).get_data(as_text=True)
        assert 'name="verdict"' in html and "Call the ministry." in html
        token = _token(html)
        # Every form on the page carries this session's token, and no other.
        found = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        assert found == {token}
        pages[person.id] = (html, token)
    tokens = {token for _, token in pages.values()}
    assert len(tokens) == 3
    with app.app_context():
        kept = [v for v in fragment_cache()._entries.values() if isinstance(v[0], str)]
    assert kept and not any(token in html for html, _ in kept for token in tokens)
    # The fact-checker's page is not an editor's: only editors get the assignment's choices.
    assert 'name="person_id"' in pages[editor.id][0]
    assert 'name="person_id"' not in pages[fact_checker.id][0]


def test_a_preview_link_s_views_show_at_once(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    article = make_article(workflow.EDIT, authors=[reporter])
    made = previews.create(article, editor, name="Maya Haddad")
    db.session.commit()
    desk = client_as(editor)
    assert "Not opened yet" in desk.get(f"/articles/{article.id}").get_data(as_text=True)
    link = db.session.get(PreviewLink, made.link.id)
    previews.log_view(link.id, "203.0.113.77")  # the reviewer's page writes only this
    db.session.commit()
    assert "1 view from 1 address" in desk.get(f"/articles/{article.id}").get_data(as_text=True)


def test_the_clock_s_words_are_never_those_of_a_minute_gone_by(
    client_as: Any, editor: User, fact_checker: User, frozen: Any
) -> None:
    article = _checking(fact_checker)
    checker = client_as(fact_checker)
    checker.post(f"/articles/{article.id}/comments", data={"body": "Source called back."})
    desk = client_as(editor)
    assert "just now" in desk.get(f"/articles/{article.id}").get_data(as_text=True)
    frozen.tick(minutes=3)
    page = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "3 min ago" in page and "just now" not in page
    frozen.tick(seconds=timedelta(minutes=1).total_seconds())  # a new minute draws it again
    assert "4 min ago" in desk.get(f"/articles/{article.id}").get_data(as_text=True)
