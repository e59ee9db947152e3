"""A verdict's htmx answer from the desk page: only the panels it changes while the page's stamp
says nobody else wrote since it was drawn, every panel when someone did (`panels.around`)."""

from __future__ import annotations

import re
from typing import Any

from editorial import workflow
from editorial.models import User
from tests.factories import make_article, make_claim
from tests.helpers import HX

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
VERIFIED = {"verdict": "verified", "sources": "", "note": ""}


def _stamp(html: str, article_id: int) -> str:
    found = re.search(rf'id="desk-seen-{article_id}" name="desk_seen" value="([^"]*)"', html)
    assert found, "no stamp"
    return found.group(1)


def _panel(html: str, element: str, panel_id: str) -> str:
    """The element with id `panel_id` (as drawn: out of band or not), its own tags unmarked."""
    start = html.index(f'<{element} class="', html.index(f'id="{panel_id}"') - 200)
    end = html.index(f"</{element}>", start) + len(f"</{element}>")
    found = html[start:end].replace(' hx-swap-oob="true"', "")
    return re.sub(r'name="csrf_token" value="[^"]*"', "", found)


def _setup(client_as: Any, fact_checker: User) -> tuple[Any, Any, Any, Any, dict[str, str]]:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks, aid = make_claim(article, TALKS), make_claim(article, AID)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    return article, talks, aid, client_as(fact_checker), headers


def test_a_verdict_on_a_current_page_answers_only_the_panels_it_changes(
    client_as: Any, fact_checker: User
) -> None:
    article, talks, aid, client, headers = _setup(client_as, fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    seen = _stamp(page, article.id)
    url = f"/articles/{article.id}/claims"
    first = client.post(
        f"{url}/{talks.id}", data={**VERIFIED, "desk_seen": seen}, headers=headers
    ).get_data(as_text=True)
    assert f'id="article-actions-{article.id}"' in first
    assert f'id="checklist-{article.id}"' in first
    for untouched in ("assignment", "activity", "facts"):
        assert f'id="{untouched}-{article.id}"' not in first
    stamp = _stamp(first, article.id)
    board, site = seen.split(".")
    assert stamp == f"{int(board) + 1}.{site}"
    # The next verdict with the new stamp: cheap again, and Clear follows the tally.
    second = client.post(
        f"{url}/{aid.id}", data={**VERIFIED, "desk_seen": stamp}, headers=headers
    ).get_data(as_text=True)
    assert f'id="assignment-{article.id}"' not in second
    assert "2 of 2 resolved" in second
    # What the person sees now is what a reload shows: the panels sent are the page's.
    reloaded = client.get(f"/articles/{article.id}").get_data(as_text=True)
    actions = f"article-actions-{article.id}"
    assert _panel(second, "section", actions) == _panel(reloaded, "section", actions)
    assert "Resolve every claim first" not in _panel(second, "section", actions)
    checklist = f"checklist-{article.id}"
    assert _panel(second, "section", checklist) == _panel(reloaded, "section", checklist)


def test_a_verdict_after_someone_elses_change_answers_every_panel(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article, talks, _aid, client, headers = _setup(client_as, fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    seen = _stamp(page, article.id)
    comment = client_as(editor).post(
        f"/articles/{article.id}/comments", data={"body": "Check the tonnage again."}
    )
    assert comment.status_code in (200, 302)
    answer = client.post(
        f"/articles/{article.id}/claims/{talks.id}",
        data={**VERIFIED, "desk_seen": seen},
        headers=headers,
    ).get_data(as_text=True)
    # The editor's comment reaches the page's activity with this answer.
    assert f'id="assignment-{article.id}"' in answer
    activity = answer[answer.index(f'id="activity-{article.id}"') :]
    assert "Check the tonnage again." in activity or "Elie Editor" in activity
    board, _site = seen.split(".")
    assert int(_stamp(answer, article.id).split(".")[0]) >= int(board) + 2


def test_a_verdict_without_a_stamp_answers_every_panel_and_the_stamp(
    client_as: Any, fact_checker: User
) -> None:
    article, talks, _aid, client, headers = _setup(client_as, fact_checker)
    answer = client.post(
        f"/articles/{article.id}/claims/{talks.id}", data=VERIFIED, headers=headers
    ).get_data(as_text=True)
    assert f'id="assignment-{article.id}"' in answer
    assert f'id="desk-seen-{article.id}"' in answer


def test_the_check_form_sends_the_pages_stamp(client_as: Any, fact_checker: User) -> None:
    article, talks, _aid, client, _headers = _setup(client_as, fact_checker)
    form = client.get(f"/articles/{article.id}/claims/{talks.id}/form", headers=HX)
    assert f'hx-include="#desk-seen-{article.id}"' in form.get_data(as_text=True)
