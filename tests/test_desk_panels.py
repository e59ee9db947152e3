"""The article's desk page answers every action whole: one mechanism (`pages.other_panels`)
brings every other panel with the one that answered, when the action came from that page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from editorial import workflow
from editorial.models import Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX


def _from_page(article_id: int) -> dict[str, str]:
    return {**HX, "HX-Current-URL": f"http://localhost/articles/{article_id}"}


def _oob(html: str, element_id: str) -> str:
    """The out-of-band element `element_id` in `html` (its opening tag on), or ""."""
    marker = f'id="{element_id}"'
    if marker not in html:
        return ""
    start = html.index(marker)
    tag_end = html.index(">", start)
    return html[start:] if 'hx-swap-oob="true"' in html[start:tag_end] else ""


def test_send_to_fact_check_refreshes_assignment_activity_and_facts(
    client_as: Any, editor: User, fact_checker: User
) -> None:
    article = make_article(workflow.EDIT)
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/send_to_fact_check",
        data={"fact_checker_id": str(fact_checker.id), "note": ""},
        headers=_from_page(article.id),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="article-actions-{article.id}"' in html  # the panel that answered
    assignment = _oob(html, f"assignment-{article.id}")
    assert fact_checker.display_name in assignment
    assert "moved it from Edit to Fact-check" in _oob(html, f"activity-{article.id}")
    assert "<dt>Version</dt><dd>2</dd>" in _oob(html, f"facts-{article.id}").replace("\n", "")
    assert "is now in Fact-check" in response.headers["HX-Trigger"]


def test_publishing_turns_edit_into_correct_and_offers_the_public_page(
    client_as: Any, editor: User
) -> None:
    article = make_article(workflow.READY)
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/publish", headers=_from_page(article.id)
    )
    tools = _oob(response.get_data(as_text=True), f"article-tools-{article.id}")
    assert ">Correct<" in tools and ">Edit<" not in tools
    assert f'href="/news/{article.slug}">View on site<' in tools


def test_scheduled_stories_offer_a_preview_as_published(client_as: Any, editor: User) -> None:
    article = make_article(workflow.READY)
    client = client_as(editor)
    response = client.post(
        f"/articles/{article.id}/transition/schedule",
        data={"publish_at": "2099-01-01T09:30"},
        headers=_from_page(article.id),
    )
    tools = _oob(response.get_data(as_text=True), f"article-tools-{article.id}")
    assert f"/articles/{article.id}/as-published" in tools and "Preview as published" in tools
    preview = client.get(f"/articles/{article.id}/as-published")
    page = preview.get_data(as_text=True)
    assert (
        preview.status_code == 200 and article.headline in page and "Preview for the desk" in page
    )
    assert preview.headers["X-Robots-Tag"] == "noindex"
    draft = make_article(workflow.DRAFT)
    assert client.get(f"/articles/{draft.id}/as-published").status_code == 404
    # What the public can't see yet stays out of reach of readers.
    assert (
        client_as(make_user(Role.REPORTER)).get(f"/articles/{article.id}/as-published").status_code
        == 404
    )


def test_an_assignment_refreshes_the_rest_of_the_page(client_as: Any, editor: User) -> None:
    article = make_article(workflow.EDIT)
    response = client_as(editor).post(
        f"/articles/{article.id}/assign/editor",
        data={"person_id": str(editor.id), "seen": ""},
        headers=_from_page(article.id),
    )
    html = response.get_data(as_text=True)
    assert f"assigned {editor.display_name} as editor" not in html  # took it themselves:
    assert "took it as editor" in _oob(html, f"activity-{article.id}")


def test_a_card_menu_on_the_board_gets_only_its_panel(client_as: Any, editor: User) -> None:
    article = make_article(workflow.READY)
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/publish",
        data={"next": "/desk/"},
        headers={**HX, "HX-Current-URL": "http://localhost/desk/"},
    )
    html = response.get_data(as_text=True)
    assert "hx-swap-oob" not in html


PANEL_NAMES = "article-tools|article-actions|assignment|facts|ledger|activity"
PANEL_IDS = re.compile(rf'<(?:section|div|dl)[^>]* id="((?:{PANEL_NAMES})-\d+)"([^>]*)>')


def _panels(html: str) -> dict[str, bool]:
    """The desk page's side panels in `html`: id -> whether it is sent out of band."""
    return {found[1]: 'hx-swap-oob="true"' in found[2] for found in PANEL_IDS.finditer(html)}


def test_taking_the_check_brings_the_activity_the_checker_may_now_see(
    client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK)
    client = client_as(fact_checker)
    before = _panels(client.get(f"/articles/{article.id}").get_data(as_text=True))
    response = client.post(f"/articles/{article.id}/take", headers=_from_page(article.id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "took it as fact-checker" in _oob(html, f"activity-{article.id}")
    assert 'id="comment-box"' in _oob(html, "comments")  # let in: the comments come too
    # Every panel of the answer has its place on the page drawn before (no htmx:oobErrorNoTarget).
    assert set(_panels(html)) <= set(before)


def test_an_action_that_lets_nobody_in_leaves_the_comments_alone(
    client_as: Any, editor: User
) -> None:
    """Swapped on every action, the comments would take away a comment being written."""
    article = make_article(workflow.EDIT)
    response = client_as(editor).post(
        f"/articles/{article.id}/take", headers=_from_page(article.id)
    )
    assert "took it as editor" in _oob(response.get_data(as_text=True), f"activity-{article.id}")
    assert 'id="comments"' not in response.get_data(as_text=True)


@pytest.mark.parametrize("state", workflow.BOARD_STATES)
def test_the_page_and_every_answer_hold_the_same_panels(
    client_as: Any, editor: User, fact_checker: User, state: str
) -> None:
    """Whatever the state before and after, an answer's panels are exactly the page's."""
    article = make_article(state, fact_checker_id=fact_checker.id)
    for person in (editor, fact_checker):
        client = client_as(person)
        page = _panels(client.get(f"/articles/{article.id}").get_data(as_text=True))
        assert not any(page.values())  # the page itself swaps nothing
        for name in [t.name for t in workflow.TRANSITIONS if state in t.sources]:
            answer = client.post(
                f"/articles/{article.id}/transition/{name}",
                data={"note": "A note.", "publish_at": "2099-01-01 09:30"},
                headers=_from_page(article.id),
            )
            if answer.status_code != 200:
                continue
            html = answer.get_data(as_text=True)
            after = _panels(client.get(f"/articles/{article.id}").get_data(as_text=True))
            assert set(_panels(html)) == set(page) == set(after), (state, name)
            break
