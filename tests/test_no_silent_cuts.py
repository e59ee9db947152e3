"""Nothing typed vanishes: no field carries a `maxlength` that would silently cut a paste short;
lengths are checked on the server, with a message and the text kept (issue 13)."""

from __future__ import annotations

from typing import Any

from editorial import workflow
from editorial.models import User
from tests.factories import make_article


def test_no_page_has_a_field_that_cuts_text_silently(client_as: Any, admin: User) -> None:
    draft = make_article(workflow.DRAFT, authors=[admin])
    published = make_article(workflow.PUBLISHED)
    client = client_as(admin)
    pages = [
        "/desk/",
        "/articles/new",
        f"/articles/{draft.id}",
        f"/articles/{draft.id}/edit",
        f"/articles/{published.id}/correct",
        "/breaking",
        "/admin/users",
        "/inbox/",
        "/queue/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "maxlength" not in response.get_data(as_text=True), url


def test_a_breaking_headline_over_the_limit_is_refused_with_the_text_kept(
    client_as: Any, editor: User
) -> None:
    text = "Quake " * 40  # 240 characters
    response = client_as(editor).post(
        "/breaking",
        data={"new-text": text, "new-article": "", "new-starts_at": "", "new-ends_at": ""},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "200" in html and text.strip() in html
