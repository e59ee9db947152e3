"""Comments: escaping, replies, own edits and deletes, resolving, mentions, the cheap poll."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, template_rendered
from sqlalchemy import select

from editorial import checklist_rules as rules
from editorial import clock, workflow
from editorial.articles.checklists import service as checklists
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Comment, Kind, Notification, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX


def _post(client: Any, article_id: int, body: str, hx: bool = True, **extra: str) -> Any:
    return client.post(
        f"/articles/{article_id}/comments", data={"body": body, **extra}, headers=HX if hx else {}
    )


def _comments() -> list[Comment]:
    return list(db.session.scalars(select(Comment).order_by(Comment.id)))


def _notifications(person: User) -> list[Notification]:
    return list(
        db.session.scalars(select(Notification).where(Notification.recipient_id == person.id))
    )


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_posting_appends_the_comment_and_empties_the_box(
    hx: bool, client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    response = _post(client, article.id, "Who is the second source?", hx)
    (comment,) = _comments()
    if hx:
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in html
        assert 'id="comment-thread"' in html and "Who is the second source?" in html
        assert 'id="comment-box"' in html and 'hx-swap-oob="true"' in html
        box = html[html.index('id="comment-box"') :]
        assert "Who is the second source?" not in box
        # The activity beside the thread is brought up to date with it.
        activity = html[html.index(f'id="activity-{article.id}"') :]
        assert 'hx-swap-oob="true"' in activity[:200] and "commented" in activity
    else:
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/articles/{article.id}#comment-{comment.id}")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in page and "Who is the second source?" in page


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(
    "body, message",
    [("   ", "Write something before posting."), ("x" * 5001, "Keep a comment under 5,000")],
    ids=["empty", "too-long"],
)
def test_a_refused_comment_keeps_the_typed_text(
    hx: bool, body: str, message: str, client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    response = _post(client_as(editor), article.id, body, hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if body.strip():
        assert body in html  # the text is back in the box
    assert ("<html" in html) is not hx
    assert _comments() == []


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<div hx-get="/admin/users" hx-trigger="load">x</div>',
    '<button hx-on:click="alert(1)">go</button>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_hostile_comment_renders_inert(payload: str, client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, payload)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    body = html[html.index('class="comment-body"') :]
    body = body[: body.index("</div>")]
    assert "<" not in body.split(">", 1)[1], body  # every tag the person typed is text
    assert "&lt;" in body
    assert 'class="comment-body" dir="auto" hx-disable' in html


def test_web_addresses_become_safe_links_and_nothing_else_does(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(
        client, article.id, "Source: https://example.org/report?id=4&x=1. Not javascript:alert(1)"
    )
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert (
        '<a href="https://example.org/report?id=4&amp;x=1" rel="nofollow noopener noreferrer"'
        in html
    )
    assert 'href="javascript' not in html


def test_a_comment_quoting_an_arabic_story_keeps_each_text_in_its_direction(
    client_as: Any, editor: User
) -> None:
    article = make_article("edit", language="ar", body="قال مسؤولون إن المحادثات ستستمر.")
    client = client_as(editor)
    _post(
        client,
        article.id,
        "> قال مسؤولون إن المحادثات ستستمر.\nIs the word ستستمر right, per Reuters?",
    )
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    # The quote of the story in its language and direction; Arabic inside English isolated.
    assert (
        '<q class="comment-quote" lang="ar" dir="rtl">قال مسؤولون إن المحادثات ستستمر.</q>' in html
    )
    assert 'Is the word <bdi dir="rtl">ستستمر</bdi> right, per Reuters?' in html
    _post(client, article.id, "المصدر: https://example.org/ar")  # an Arabic line: no <bdi>
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "المصدر: <a href=" in html


def test_replies_are_one_level_deep(client_as: Any, editor: User, reporter: User) -> None:
    article = make_article("edit", authors=[reporter])
    _post(client_as(editor), article.id, "Check the date.")
    (top,) = _comments()
    _post(client_as(reporter), article.id, "Done.", parent_id=str(top.id))
    reply = _comments()[1]
    _post(client_as(editor), article.id, "Thanks.", parent_id=str(reply.id))
    third = _comments()[2]
    assert (reply.parent_id, third.parent_id) == (top.id, top.id)


def test_only_the_author_edits_or_deletes_a_comment(
    client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    _post(client_as(editor), article.id, "Original words.")
    (comment,) = _comments()
    base = f"/articles/{article.id}/comments/{comment.id}"
    other = client_as(reporter)
    assert other.post(f"{base}/edit", data={"body": "Hijacked"}).status_code == 403
    assert other.post(f"{base}/delete").status_code == 403
    db.session.refresh(comment)
    assert (comment.body, comment.deleted_at) == ("Original words.", None)
    mine = client_as(editor)
    assert mine.post(f"{base}/edit", data={"body": "Better words."}, headers=HX).status_code == 200
    html = mine.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Better words." in html and ">edited<" in html


def test_a_comment_is_reached_only_through_its_own_article(
    client_as: Any, editor: User, reporter: User
) -> None:
    article, other_story = make_article("edit", authors=[reporter]), make_article("edit")
    _post(client_as(editor), article.id, "Original words.")
    (comment,) = _comments()
    elsewhere = f"/articles/{other_story.id}/comments/{comment.id}"
    client = client_as(editor)
    assert client.post(f"{elsewhere}/edit", data={"body": "Moved?"}).status_code == 404
    assert client.post(f"{elsewhere}/delete").status_code == 404
    db.session.refresh(comment)
    assert (comment.body, comment.deleted_at) == ("Original words.", None)


def test_a_deleted_comment_with_replies_leaves_a_marker(
    client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    client = client_as(editor)
    _post(client, article.id, "Lonely comment.")
    _post(client, article.id, "Comment with a reply.")
    lonely, busy = _comments()
    _post(client_as(reporter), article.id, "A reply.", parent_id=str(busy.id))
    for comment in (lonely, busy):
        client.post(f"/articles/{article.id}/comments/{comment.id}/delete", headers=HX)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Lonely comment." not in html and "Comment with a reply." not in html
    assert html.count("Comment deleted") == 1 and "A reply." in html


def test_resolving_folds_a_thread_and_records_who(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Is the figure right?")
    (comment,) = _comments()
    response = client.post(f"/articles/{article.id}/comments/{comment.id}/resolve", headers=HX)
    assert response.status_code == 200
    db.session.refresh(comment)
    assert comment.resolved_by_id == editor.id and comment.resolved_at is not None
    html = response.get_data(as_text=True)
    assert '<details class="comment-folded"' in html
    assert f"Resolved by {editor.display_name}" in html
    client.post(f"/articles/{article.id}/comments/{comment.id}/reopen")
    db.session.refresh(comment)
    assert comment.resolved_at is None


def test_a_mention_notifies_the_person_named_typed_by_hand(
    client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    amal = make_user(Role.EDITOR, display_name="Amal Nasser")
    gone = make_user(Role.EDITOR, display_name="Gone Person", active=False)
    outsider = make_user(Role.REPORTER, display_name="Jad Haddad")
    response = _post(
        client_as(editor),
        article.id,
        "@amal nasser can you look? Also @Gone Person, @Jad Haddad and mail@Amal Nasser.org",
    )
    trigger = response.headers["HX-Trigger"]
    assert "Notified Amal Nasser" in trigger
    assert "Jad Haddad can't see this article" in trigger
    assert [n.kind for n in _notifications(amal)] == [Kind.MENTIONED]
    assert _notifications(gone) == [] and _notifications(outsider) == []
    # The byline hears of the comment too, once, and the author of it never does.
    assert [n.kind for n in _notifications(reporter)] == [Kind.COMMENTED]
    assert _notifications(editor) == []


def test_mention_suggestions_offer_active_people_only(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    make_user(Role.REPORTER, display_name="Amal Nasser")
    make_user(Role.REPORTER, display_name="Amalia Gone", active=False)
    make_user(Role.REPORTER, display_name="Maya Rahal")
    html = (
        client_as(editor)
        .get(f"/articles/{article.id}/comments/people?q=am", headers=HX)
        .get_data(as_text=True)
    )
    assert re.findall(r'data-name="([^"]+)"', html) == ["Amal Nasser"]
    html = (
        client_as(editor)
        .get(f"/articles/{article.id}/comments/people?q=rah", headers=HX)
        .get_data(as_text=True)
    )
    assert re.findall(r'data-name="([^"]+)"', html) == ["Maya Rahal"]


def test_comments_are_only_for_the_people_on_the_story(client_as: Any, editor: User) -> None:
    article = make_article(workflow.PUBLISHED)
    _post(client_as(editor), article.id, "Internal: legal signed off.")
    colleague = make_user(Role.REPORTER)
    client = client_as(colleague)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "legal signed off" not in page and 'id="comment-box"' not in page
    assert _post(client, article.id, "Can I comment?").status_code == 403
    assert client.get(f"/articles/{article.id}/comments", headers=HX).status_code == 403
    assert client.get(f"/articles/{article.id}/revisions").status_code == 403


def test_comments_never_reach_the_public_site(client: Any, client_as: Any, editor: User) -> None:
    article = make_article(workflow.PUBLISHED, headline="Budget passes")
    _post(client_as(editor), article.id, "SECRET-DESK-NOTE about the budget")
    for url in [
        "/",
        f"/news/{article.slug}",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/api/breaking",
        "/breaking.rss",
        f"/section/{article.section.slug}",
    ]:
        response = client.get(url)
        assert "SECRET-DESK-NOTE" not in response.get_data(as_text=True), url
    assert client.get(f"/articles/{article.id}/comments", headers=HX).status_code == 401


def _rendered(app: Flask) -> Any:
    names: list[str] = []

    def record(_sender: Any, template: Any, **_: Any) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    return names, lambda: template_rendered.disconnect(record, app)


def test_an_unchanged_poll_is_a_304_that_renders_nothing(
    app: Flask, client_as: Any, editor: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "First.")
    first = client.get(f"/articles/{article.id}/comments", headers=HX)
    assert first.status_code == 200 and "First." in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    names, stop = _rendered(app)
    with counted_statements(app) as statements:
        again = client.get(
            f"/articles/{article.id}/comments", headers={**HX, "If-None-Match": etag}
        )
    stop()
    assert again.status_code == 304 and again.get_data() == b""
    assert names == []
    comment_reads = [s for s in statements if "comments" in s]
    assert len(comment_reads) == 1, comment_reads  # the one "anything changed?" read
    _post(client_as(make_user(Role.EDITOR)), article.id, "Second.")
    changed = client.get(f"/articles/{article.id}/comments", headers={**HX, "If-None-Match": etag})
    assert changed.status_code == 200 and "Second." in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_an_edit_or_resolve_changes_the_poll_too(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    _post(client, article.id, "Draft thought.")
    (comment,) = _comments()
    etags = [client.get(f"/articles/{article.id}/comments", headers=HX).headers["ETag"]]
    for action, data in [("edit", {"body": "Better thought."}), ("resolve", {})]:
        client.post(f"/articles/{article.id}/comments/{comment.id}/{action}", data=data)
        etags.append(client.get(f"/articles/{article.id}/comments", headers=HX).headers["ETag"])
    assert len(set(etags)) == 3


def _thread_statements(app: Flask, client: Any, article_id: int) -> int:
    with counted_statements(app) as statements:
        response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    # The house rules are read by the process's first page only (`checklists.kept`).
    return len([s for s in statements if "FROM checklist_rules" not in s])


def test_the_thread_costs_the_same_queries_for_5_and_200_comments(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    counts = []
    for n in (5, 200):
        article = make_article("edit", authors=[reporter])
        people = [make_user(Role.EDITOR) for _ in range(3)]
        for i in range(n):
            top = Comment(article_id=article.id, actor_id=people[i % 3].id, body=f"Comment {i}")
            db.session.add(top)
            db.session.flush()
            db.session.add(
                Comment(article_id=article.id, actor_id=reporter.id, parent_id=top.id, body="Re")
            )
        db.session.commit()
        counts.append(_thread_statements(app, client_as(editor), article.id))
    assert counts[0] == counts[1], counts


def test_a_kept_thread_shows_each_change_and_each_viewers_own_buttons(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    mine = client_as(editor)
    _post(mine, article.id, "Who confirmed the figure?")
    comment = _comments()[0]
    thread = f"/articles/{article.id}/comments"
    first = mine.get(thread, headers=HX).get_data(as_text=True)
    hits = fragment_cache().hits
    again = mine.get(thread, headers=HX).get_data(as_text=True)
    token = re.compile(r'name="csrf_token" value="[^"]+"')  # signed with the second
    assert token.sub("", again) == token.sub("", first)
    assert fragment_cache().hits > hits  # the thread again, from the cache
    assert f"/comments/{comment.id}/delete" in first  # the writer's own buttons...
    theirs = client_as(reporter).get(thread, headers=HX).get_data(as_text=True)
    assert f"/comments/{comment.id}/delete" not in theirs  # ...never another's
    tokens = [set(re.findall(r'name="csrf_token" value="([^"]+)"', p)) for p in (first, theirs)]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    # Changed past the service, the author renamed, and an hour on: all on the next answer.
    comment.body = "Who confirmed the figure? Asked twice."
    editor.display_name = "Renamed Editor"
    db.session.commit()
    with clock.frozen(clock.now()) as frozen:
        frozen.tick(hours=1)
        page = mine.get(thread, headers=HX).get_data(as_text=True)
    assert "Asked twice." in page and "Renamed Editor" in page and "1 h ago" in page


def test_a_resolve_or_a_new_thread_redraws_the_checklist_and_actions_it_changes(
    client_as: Any, editor: User, admin: User
) -> None:
    """A comment changes the checklist's "no unresolved threads" rule and the buttons it enables:
    the whole thread's answer to the desk page carries both panels too (no stamp: the page's
    other panels were not drawn again)."""
    checklists.add_rule(
        "send_to_fact_check", rules.COMMENTS, {}, blocking=True, waiver_role="admin",
        sections=[], languages=[], actor=admin,
    )  # fmt: skip
    db.session.commit()
    article = make_article("edit")
    client = client_as(editor)
    desk = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    posted = client.post(
        f"/articles/{article.id}/comments", data={"body": "Is the figure right?"}, headers=desk
    ).get_data(as_text=True)
    assert 'id="comment-thread"' in posted
    assert f'id="checklist-{article.id}"' in posted and "1 comment thread still open" in posted
    assert f'id="article-actions-{article.id}"' in posted
    (comment,) = _comments()
    resolve = f"/articles/{article.id}/comments/{comment.id}/resolve"
    html = client.post(resolve, headers=desk).get_data(as_text=True)
    assert f'id="checklist-{article.id}"' in html and "Every comment thread resolved." in html
    assert f'id="article-actions-{article.id}"' in html
    assert f'id="desk-seen-{article.id}"' not in html
    # From any other page the thread comes back alone, as before.
    reopen = f"/articles/{article.id}/comments/{comment.id}/reopen"
    elsewhere = client.post(reopen, headers=HX).get_data(as_text=True)
    assert f'id="checklist-{article.id}"' not in elsewhere
