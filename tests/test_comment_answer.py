"""A new comment thread's htmx answer from the desk page: the thread alone (added to the list)
while the page's stamp says nobody else wrote since it was drawn, the whole thread otherwise
(`articles.comments.views._new_thread_alone`, `panels.only_changed`)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from editorial import workflow
from editorial.models import User
from tests.factories import make_article
from tests.helpers import HX


def _stamp(html: str, article_id: int) -> str:
    found = re.search(rf'id="desk-seen-{article_id}" name="desk_seen" value="([^"]*)"', html)
    assert found, "no stamp"
    return found.group(1)


def _unmarked(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def _setup(client_as: Any, editor: User) -> tuple[Any, Any, dict[str, str]]:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    client.post(f"/articles/{article.id}/comments", data={"body": "First: who is the source?"})
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    return article, client, headers


def _post(client: Any, article_id: int, headers: dict[str, str], **data: str) -> Any:
    return client.post(f"/articles/{article_id}/comments", data=data, headers=headers)


def test_a_new_thread_on_a_current_page_comes_back_alone(client_as: Any, editor: User) -> None:
    article, client, headers = _setup(client_as, editor)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    seen = _stamp(page, article.id)
    response = _post(client, article.id, headers, body="Second: check the date.", desk_seen=seen)
    html = response.get_data(as_text=True)
    # Only the new thread, added to the end of the list the page shows.
    assert 'id="comment-thread"' not in html and "First: who is the source?" not in html
    assert "Second: check the date." in html
    assert response.headers["HX-Retarget"] == "#comment-thread .comment-list"
    assert response.headers["HX-Reswap"] == "beforeend"
    # Its line at the top of the activity, the box empty, the panels a comment changes (the
    # checklist's open threads rule, the actions it enables) and the new stamp.
    assert f'hx-swap-oob="afterbegin:#activity-{article.id} .timeline"' in html
    assert f'id="activity-{article.id}"' not in html
    assert 'id="comment-box"' in html
    assert f'id="checklist-{article.id}"' in html and f'id="article-actions-{article.id}"' in html
    board, site = seen.split(".")
    assert _stamp(html, article.id) == f"{int(board) + 1}.{site}"
    # The thread's poll moves on to the new ETag: the poster's next poll is a 304.
    moved = json.loads(response.headers["HX-Trigger"])["commentThread"]["to"]
    poll = client.get(f"/articles/{article.id}/comments", headers={**HX, "If-None-Match": moved})
    assert poll.status_code == 304
    # What was sent is what a reload shows.
    reloaded = _unmarked(client.get(f"/articles/{article.id}").get_data(as_text=True))
    item = _unmarked(html[html.index('<li class="comment-item">') : html.index("</li>") + 5])
    assert item.strip() in reloaded
    line = html[html.index('<li class="timeline-comment">') :]
    line = line[: line.index("</li>") + 5]
    timeline = reloaded[reloaded.index('<ol class="timeline">') :]
    assert timeline[timeline.index("<li") :].startswith(line)


def test_the_next_thread_with_the_new_stamp_is_alone_again(client_as: Any, editor: User) -> None:
    article, client, headers = _setup(client_as, editor)
    seen = _stamp(client.get(f"/articles/{article.id}").get_data(as_text=True), article.id)
    first = _post(client, article.id, headers, body="Second.", desk_seen=seen)
    stamp = _stamp(first.get_data(as_text=True), article.id)
    second = _post(client, article.id, headers, body="Third.", desk_seen=stamp)
    assert 'id="comment-thread"' not in second.get_data(as_text=True)


@pytest.mark.parametrize("stamp", ["stale", "none", "forged"])
def test_a_page_not_current_gets_the_whole_thread(
    stamp: str, client_as: Any, editor: User, reporter: User
) -> None:
    article, client, headers = _setup(client_as, editor)
    seen = _stamp(client.get(f"/articles/{article.id}").get_data(as_text=True), article.id)
    data = {"body": "Second: check the date."}
    if stamp == "stale":  # someone else wrote since the page was drawn
        make_article(workflow.DRAFT, authors=[reporter])
        data["desk_seen"] = seen
    elif stamp == "forged":
        data["desk_seen"] = "99999.0"
    response = _post(client, article.id, headers, **data)
    html = response.get_data(as_text=True)
    assert 'id="comment-thread"' in html and "First: who is the source?" in html
    assert "HX-Retarget" not in response.headers
    # The page's other panels were not drawn again, so its stamp stays as it was.
    assert f'id="desk-seen-{article.id}"' not in html


def test_the_first_thread_replaces_the_empty_list(client_as: Any, editor: User) -> None:
    article = make_article(workflow.EDIT)
    client = client_as(editor)
    seen = _stamp(client.get(f"/articles/{article.id}").get_data(as_text=True), article.id)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    html = _post(client, article.id, headers, body="First.", desk_seen=seen).get_data(as_text=True)
    assert 'id="comment-thread"' in html and "No comments yet" not in html


def test_a_reply_and_another_page_get_the_whole_thread(client_as: Any, editor: User) -> None:
    article, client, headers = _setup(client_as, editor)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    parent = re.search(r'id="comment-(\d+)"', page)
    assert parent
    reply = _post(
        client,
        article.id,
        headers,
        body="Reply.",
        parent_id=parent.group(1),
        desk_seen=_stamp(page, article.id),
    )
    assert 'id="comment-thread"' in reply.get_data(as_text=True)
    seen = _stamp(client.get(f"/articles/{article.id}").get_data(as_text=True), article.id)
    elsewhere = {**HX, "HX-Current-URL": "http://localhost/desk/"}
    html = _post(client, article.id, elsewhere, body="From the board.", desk_seen=seen)
    assert 'id="comment-thread"' in html.get_data(as_text=True)


def test_without_javascript_a_stamped_post_still_redirects(client_as: Any, editor: User) -> None:
    article, client, _headers = _setup(client_as, editor)
    seen = _stamp(client.get(f"/articles/{article.id}").get_data(as_text=True), article.id)
    response = _post(client, article.id, {}, body="Second.", desk_seen=seen)
    assert response.status_code == 302
    assert "#comment-" in response.headers["Location"]


def test_the_comment_box_sends_the_pages_stamp(client_as: Any, editor: User) -> None:
    article, client, _headers = _setup(client_as, editor)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    box = page[page.index('<form id="comment-box"') :]
    assert f'hx-include="#desk-seen-{article.id}"' in box[: box.index(">")]
    assert f'id="desk-seen-{article.id}"' in page
