"""Who posts directly (`live.service.allow_direct`) shows on every open live desk at its next
stream poll: the reporter's composer button (out of band, never what is typed), without a
reload."""

from __future__ import annotations

from typing import Any

from editorial import clock
from editorial.extensions import db
from editorial.live import service
from editorial.models import Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX


def test_letting_a_reporter_post_directly_shows_at_every_desks_next_poll(
    editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("published", headline="Count night")
    service.start(article, editor, clock.now())
    db.session.commit()
    desk = f"/articles/{article.id}/live"
    stream = f"{desk}/stream"
    other = make_user(Role.EDITOR, display_name="Nadia Karam")
    desks = {who.id: client_as(who) for who in (reporter, other)}
    etags = {}
    for who, client in desks.items():
        page = client.get(desk).get_data(as_text=True)
        etags[who] = client.get(stream, headers=HX).headers["ETag"]
        assert client.get(stream, headers={**HX, "If-None-Match": etags[who]}).status_code == 304
        if who == reporter.id:
            assert "Send for publishing" in page
    chose = client_as(editor).post(f"{desk}/direct", data={"reporters": str(reporter.id)})
    assert chose.status_code == 302
    polled = {
        who: client.get(stream, headers={**HX, "If-None-Match": etags[who]})
        for who, client in desks.items()
    }
    assert {answer.status_code for answer in polled.values()} == {200}
    mine = polled[reporter.id].get_data(as_text=True)
    assert '<span id="live-post-mode" class="live-post-mode" hx-swap-oob="true">' in mine
    assert '<button type="submit">Post</button>' in mine and "Send for publishing" not in mine
    # What the desk then shows on a reload is the same, and the next poll is a 304 again.
    assert '<button type="submit">Post</button>' in desks[reporter.id].get(desk).get_data(
        as_text=True
    )
    again = polled[reporter.id].headers["ETag"]
    assert desks[reporter.id].get(stream, headers={**HX, "If-None-Match": again}).status_code == 304
