"""Two admins changing the taxonomy at the same moment: one wins, the other is told, nothing is
lost and nobody gets a 500 (issue 20, item 8). Each race runs on SQLite and on PostgreSQL
(EDITORIAL_TEST_DATABASE_URL), where the two requests really run at once.

The audit write is slowed, as in tests/test_races.py, so the first request is certainly between
its read and its commit when the second arrives.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import Article, AuditEvent, Role, Section, SlugHistory, Tag
from editorial.taxonomy import service
from tests.factories import make_article, make_user
from tests.helpers import HX

SLOW_AUDIT_SECONDS = 0.3


@pytest.fixture
def admins(client_as: Any) -> list[Any]:
    return [client_as(make_user(Role.ADMIN)) for _ in range(2)]


@pytest.fixture
def slow_audit(monkeypatch: Any) -> None:
    original = service.record

    def slow_record(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW_AUDIT_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "record", slow_record)


def _at_once(posts: list[Callable[[], Any]]) -> list[Any]:
    """Run each post in its own thread, released together; their responses, in order."""
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    start = threading.Barrier(len(posts))
    answers: list[Any] = [None] * len(posts)

    def run(n: int) -> None:
        start.wait()
        answers[n] = posts[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    return answers


def _tag(name: str) -> Tag | None:
    return db.session.scalar(select(Tag).where(Tag.name == name))


def _merges() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tag.merged")))


def _tag_names(article_id: int) -> list[str]:
    article = db.session.get(Article, article_id)
    assert article is not None
    return sorted(tag.name for tag in article.tags)


def _merge(client: Any, merged: Tag, into: str) -> Callable[[], Any]:
    url = f"/admin/taxonomy/tags/{merged.id}/merge"
    return lambda: client.post(url, data={"into": into})


@pytest.mark.usefixtures("slow_audit")
def test_two_admins_merging_two_tags_into_each_other_keep_one_tag_and_every_story(
    admins: list[Any],
) -> None:
    first = make_article("published", tags=["Truce"])
    second = make_article("published", tags=["Ceasefire"])
    truce, ceasefire = _tag("Truce"), _tag("Ceasefire")
    assert truce is not None and ceasefire is not None
    answers = _at_once(
        [_merge(admins[0], truce, "Ceasefire"), _merge(admins[1], ceasefire, "Truce")]
    )
    assert all(answer.status_code in (302, 404, 409, 422) for answer in answers), answers
    left = [tag.name for tag in db.session.scalars(select(Tag))]
    assert len(left) == 1, left  # both were once deleted, and their stories stripped
    assert _tag_names(first.id) == _tag_names(second.id) == left
    (merge,) = _merges()
    assert db.session.get(Tag, int(merge.object_id or 0)) is not None  # the survivor it names


@pytest.mark.usefixtures("slow_audit")
def test_one_tag_merged_into_two_tags_at_once_is_merged_once(admins: list[Any]) -> None:
    story = make_article("published", tags=["Gaza Strip"])
    make_article("published", tags=["Gaza", "Strip"])
    merged = _tag("Gaza Strip")
    assert merged is not None
    answers = _at_once([_merge(admins[0], merged, "Gaza"), _merge(admins[1], merged, "Strip")])
    assert all(answer.status_code in (302, 404, 409) for answer in answers), answers
    assert len(_merges()) == 1  # both admins were told it worked, and two merges were written
    assert _tag("Gaza Strip") is None
    assert _tag_names(story.id) in (["Gaza"], ["Strip"])


def _seen(client: Any, tag: Tag) -> str:
    return _version_in(client.get(f"/admin/taxonomy/tags/{tag.id}").get_data(as_text=True))


def _version_in(page: str) -> str:
    found = re.search(r'name="seen" type="hidden" value="([^"]*)"', page) or re.search(
        r'type="hidden" name="seen" value="([^"]*)"', page
    )
    assert found, "the rename form carries the version it shows"
    return html.unescape(found.group(1))


@pytest.mark.usefixtures("slow_audit")
def test_two_admins_renaming_the_same_tag_at_once_one_is_told_what_it_is_now(
    admins: list[Any],
) -> None:
    make_article("published", tags=["Ballot"])
    tag = _tag("Ballot")
    assert tag is not None
    url = f"/admin/taxonomy/tags/{tag.id}"
    seen = [_seen(client, tag) for client in admins]
    posts = [
        lambda client=client, name=name, version=version: client.post(
            url, data={"name": name, "slug": name.lower(), "seen": version}
        )
        for client, name, version in zip(admins, ("Votes", "Elections"), seen, strict=True)
    ]
    answers = _at_once(posts)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [302, 409], statuses  # PostgreSQL: a 500; SQLite: the later one won
    db.session.expire_all()
    now = db.session.get(Tag, tag.id)
    assert now is not None
    (refused,) = [a.get_data(as_text=True) for a in answers if a.status_code == 409]
    assert f"it is now {now.name}, at /tag/{now.slug}" in refused
    typed = "Elections" if now.name == "Votes" else "Votes"
    assert f'value="{typed}"' in refused  # what the loser typed is kept
    history = list(
        db.session.scalars(select(SlugHistory.old_slug).where(SlugHistory.kind == "tag"))
    )
    assert history == ["ballot"]


def test_a_rename_over_a_change_made_since_the_page_opened_is_refused(
    admins: list[Any],
) -> None:
    make_article("published", tags=["Ballot"])
    tag = _tag("Ballot")
    assert tag is not None
    url = f"/admin/taxonomy/tags/{tag.id}"
    version = _seen(admins[1], tag)
    assert (
        admins[0].post(url, data={"name": "Votes", "seen": _seen(admins[0], tag)}).status_code
        == 302
    )
    stale = admins[1].post(url, data={"name": "Elections", "slug": "ballot", "seen": version})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Someone else changed this tag meanwhile: it is now Votes, at /tag/ballot." in page
    assert 'value="Elections"' in page
    again = admins[1].post(url, data={"name": "Elections", "seen": _version_in(page)})
    assert again.status_code == 302  # saved again from the refused page, over the change shown
    db.session.expire_all()
    assert db.session.get(Tag, tag.id).name == "Elections"  # type: ignore[union-attr]


def test_an_address_taken_in_the_slug_history_meanwhile_is_the_taken_message(
    app: Flask, admins: list[Any], monkeypatch: Any
) -> None:
    """Whatever a rename's history write runs into, the admin reads "taken", never a 500."""
    from editorial.models import taxonomy

    make_article("published", tags=["Ballot"])
    tag = _tag("Ballot")
    assert tag is not None
    db.session.add(SlugHistory(kind="tag", old_slug="ballot", target_id=tag.id))
    db.session.commit()
    monkeypatch.setattr(taxonomy, "claim_slug", lambda kind, slug: None)  # as if raced
    answer = admins[0].post(
        f"/admin/taxonomy/tags/{tag.id}", data={"name": "Votes", "slug": "votes"}
    )
    assert answer.status_code == 422
    assert "Someone just took that name or address for another tag." in answer.get_data(
        as_text=True
    )


@pytest.mark.usefixtures("slow_audit")
def test_deleting_a_tag_while_another_admin_merges_into_it_keeps_the_stories_tagged(
    admins: list[Any],
) -> None:
    story = make_article("published", tags=["Truce"])
    truce = _tag("Truce")
    admins[1].post("/admin/taxonomy/tags/new", data={"name": "Ceasefire"})
    ceasefire = _tag("Ceasefire")
    assert truce is not None and ceasefire is not None
    delete = f"/admin/taxonomy/tags/{ceasefire.id}/delete"
    answers = _at_once([_merge(admins[0], truce, "Ceasefire"), lambda: admins[1].post(delete)])
    assert all(answer.status_code in (302, 404, 409, 422) for answer in answers), answers
    left = [tag.name for tag in db.session.scalars(select(Tag))]
    assert _tag_names(story.id) == left  # merged and kept, or not merged at all


@pytest.mark.usefixtures("slow_audit")
@pytest.mark.parametrize("headers", [{}, HX])
def test_retiring_a_section_another_admin_deletes_at_once_is_told_not_a_500(
    admins: list[Any], headers: dict[str, str]
) -> None:
    blog = db.session.scalar(select(Section).where(Section.name == "Blog"))
    assert blog is not None
    base = f"/admin/taxonomy/sections/{blog.id}"
    answers = _at_once(
        [
            lambda: admins[0].post(f"{base}/delete"),
            lambda: admins[1].post(f"{base}/retire", headers=headers),
        ]
    )
    assert all(answer.status_code in (200, 302, 404) for answer in answers), answers
    assert db.session.scalar(select(Section).where(Section.name == "Blog")) is None
    if headers and answers[1].status_code == 200:  # retired first, or told it went meanwhile
        told = answers[1].headers["HX-Trigger"]
        assert "Retired Blog" in told or "Blog is no longer there" in told, told
