"""Preview links for reviewers without an account (issue 25): made on the story by those who may,
pinned or following, expiring and revocable (410), never showing the desk, answered into the
desk's conversation, each view logged without the address."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import (
    AuditEvent,
    Comment,
    Kind,
    Notification,
    PreviewLink,
    PreviewView,
    Role,
    User,
)
from editorial.previews import queries, service
from tests.factories import make_article, make_claim, make_user
from tests.helpers import calls_counted, form_for, fresh, page_csrf_token

ADDRESS = "203.0.113.77"


def _make_link(client: FlaskClient, article_id: int, **fields: Any) -> tuple[Any, str]:
    data = {"reviewer_name": "Maya Haddad", "reviewer_email": "maya@law.example",
            "note": "legal read", "follows": "pinned", "hours": "48"} | fields  # fmt: skip
    response = client.post(f"/articles/{article_id}/previews", data=data)
    page = response.get_data(as_text=True)
    found = re.search(r'value="http://localhost(/preview/[^"]+)"', page)
    return response, found.group(1) if found else ""


def _reviewer(app: Flask) -> FlaskClient:
    return app.test_client()


def test_an_editor_makes_a_pinned_link_shown_once_and_stored_as_a_hash(
    app: Flask, editor: User, client_as: Any
) -> None:
    article = make_article("edit", headline="Port deal signed")
    desk = client_as(editor)
    response, path = _make_link(desk, article.id)
    assert response.status_code == 201
    assert "it is not shown again" in response.get_data(as_text=True)
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits, url-safe
    link = db.session.scalar(select(PreviewLink))
    assert link is not None and token not in link.token_hash
    assert link.token_hash == service.token_hash(token)
    assert link.expires_at - link.created_at == timedelta(hours=48)
    # The story's page lists it with its state; the address is not there again.
    page = desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Maya Haddad" in page and "Active" in page and token not in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "preview.created"))


def test_pinned_keeps_its_revision_and_following_shows_the_latest(
    app: Flask, editor: User, client_as: Any
) -> None:
    article = make_article("edit", headline="Harbour plan", body="First words of the story.")
    desk = client_as(editor)
    desk.post(f"/articles/{article.id}/edit", data=form_for(article, body="Saved once."))
    _, pinned = _make_link(desk, article.id)
    _, following = _make_link(desk, article.id, follows="latest", reviewer_name="Omar")
    saved = desk.post(
        f"/articles/{article.id}/edit",
        data=form_for(fresh(article.id), body="Rewritten later.", headline="Harbour plan, v2"),
    )
    assert saved.status_code in (200, 302)
    reviewer = _reviewer(app)
    pinned_page = reviewer.get(pinned).get_data(as_text=True)
    assert "Saved once." in pinned_page and "Rewritten later." not in pinned_page
    assert "Harbour plan, v2" not in pinned_page
    following_page = reviewer.get(following).get_data(as_text=True)
    assert "Rewritten later." in following_page and "Harbour plan, v2" in following_page


def test_the_page_banner_headers_and_language(app: Flask, editor: User, client_as: Any) -> None:
    article = make_article("draft", headline="خطة الميناء", language="ar", authors=[editor])
    _, path = _make_link(client_as(editor), article.id)
    response = _reviewer(app).get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<html lang="ar" dir="rtl">' in page
    assert "Preview for <bdi>Maya Haddad</bdi></strong> · not published · expires" in page
    assert "data-read-beacon" not in page  # a reviewer's reading is not a reader's


def test_an_embargoed_story_says_so_in_the_banner(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    from editorial import clock

    article = make_article(
        "ready",
        embargo_until=clock.now() + timedelta(days=1),
        embargo_source="The Lancet",
        embargo_reason="an internal reason the desk keeps",
    )
    _, path = _make_link(client_as(editor), article.id)
    page = _reviewer(app).get(path).get_data(as_text=True)
    assert "Embargoed (The Lancet) until" in page
    assert "an internal reason the desk keeps" not in page


def test_nothing_of_the_desk_leaks(app: Flask, editor: User, client_as: Any) -> None:
    article = make_article("fact_check", headline="Port deal", authors=[editor])
    make_article("draft", headline="Another secret draft about tariffs")
    make_claim(article, "Officials said on Thursday", note="CLAIM-NOTE-SECRET")
    desk = client_as(editor)
    desk.post(f"/articles/{article.id}/comments", data={"body": "DESK-COMMENT-SECRET"})
    _, path = _make_link(desk, article.id, note="LINK-NOTE-SECRET")
    page = _reviewer(app).get(path).get_data(as_text=True)
    assert "Port deal" in page
    for secret in (
        "DESK-COMMENT-SECRET",
        "CLAIM-NOTE-SECRET",
        "LINK-NOTE-SECRET",
        "Another secret draft",
        "maya@law.example",
        "Fact-check",
        "/articles/",
    ):
        assert secret not in page, secret


def test_expired_and_revoked_answer_410_and_guesses_404(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    article = make_article("edit")
    desk = client_as(editor)
    _, expiring = _make_link(desk, article.id, hours="2")
    _, revoked = _make_link(desk, article.id, reviewer_name="Omar")
    reviewer = _reviewer(app)
    assert reviewer.get(expiring).status_code == 200
    frozen.tick(hours=2, seconds=1)
    gone = reviewer.get(expiring)
    assert gone.status_code == 410 and "has expired" in gone.get_data(as_text=True)
    assert gone.headers["Cache-Control"] == "no-store"
    link = db.session.scalar(select(PreviewLink).where(PreviewLink.reviewer_name == "Omar"))
    assert link is not None
    answer = desk.post(f"/articles/{article.id}/previews/{link.id}/revoke")
    assert answer.status_code == 302
    assert reviewer.get(revoked).status_code == 410
    assert "Revoked" in desk.get(f"/articles/{article.id}").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "preview.revoked"))
    # A guess, an altered token and a missing one: one and the same 404.
    token = revoked.rsplit("/", 1)[1]
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    answers = [reviewer.get(f"/preview/{t}") for t in ("nothing-here", altered, "x" * 43)]
    assert {a.status_code for a in answers} == {404}
    assert len({a.get_data() for a in answers}) == 1


def test_answers_land_as_outside_comments_and_notify(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("edit", authors=[reporter])
    _, path = _make_link(client_as(editor), article.id)
    reviewer = _reviewer(app)
    reviewer.get(path)
    approved = reviewer.post(path, data={"verdict": "approve", "comment": "Fine by us."})
    assert approved.status_code == 200 and "Thank you" in approved.get_data(as_text=True)
    refused = reviewer.post(path, data={"verdict": "changes", "comment": ""})
    assert refused.status_code == 422 and "Say what should change" in refused.get_data(as_text=True)
    changes = reviewer.post(path, data={"verdict": "changes", "comment": "Drop the second quote."})
    assert changes.status_code == 200
    comments = list(db.session.scalars(select(Comment).order_by(Comment.id)))
    assert [(c.actor_id, c.outside_name, c.body) for c in comments] == [
        (None, "Maya Haddad", "Approved: Fine by us."),
        (None, "Maya Haddad", "Requested changes: Drop the second quote."),
    ]
    told = list(
        db.session.scalars(select(Notification).where(Notification.recipient_id == reporter.id))
    )
    assert [n.kind for n in told] == [Kind.COMMENTED, Kind.COMMENTED]
    thread = client_as(reporter).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "(outside reviewer, by preview link)" in thread and "Drop the second quote." in thread
    inbox = client_as(reporter).get("/inbox/").get_data(as_text=True)
    assert "An outside reviewer" in inbox
    answered = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "preview.answered"))
    assert len(list(answered)) == 2


def test_views_are_logged_without_the_address(app: Flask, editor: User, client_as: Any) -> None:
    article = make_article("edit")
    desk = client_as(editor)
    _, path = _make_link(desk, article.id)
    reviewer = _reviewer(app)
    for address in (ADDRESS, ADDRESS, "198.51.100.4"):
        assert reviewer.get(path, environ_base={"REMOTE_ADDR": address}).status_code == 200
    views = list(db.session.scalars(select(PreviewView)))
    assert len(views) == 3
    assert len({v.address_hash for v in views}) == 2
    assert all(ADDRESS not in v.address_hash for v in views)
    assert "3 views from 2 addresses" in desk.get(f"/articles/{article.id}").get_data(as_text=True)


def test_the_answer_is_rate_limited(make_app: Any, editor: User) -> None:
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        writer = make_user(Role.EDITOR)
        article = make_article("edit")
        made = service.create(article, writer, name="Maya")
        db.session.commit()
        reviewer = app.test_client()
        statuses = [
            reviewer.post(f"/preview/{made.token}", data={"verdict": "nonsense"}).status_code
            for _ in range(11)
        ]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429


def test_the_answer_needs_its_csrf_token(make_app: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        made = service.create(make_article("edit"), make_user(Role.EDITOR), name="Maya")
        db.session.commit()
        reviewer = app.test_client()
        bare = reviewer.post(f"/preview/{made.token}", data={"verdict": "approve"})
        assert bare.status_code == 400
        page = reviewer.get(f"/preview/{made.token}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        sent = reviewer.post(
            f"/preview/{made.token}", data={"verdict": "approve", "csrf_token": token.group(1)}
        )
        assert sent.status_code == 200
        assert db.session.scalar(select(Comment.outside_name)) == "Maya"


def test_who_may_make_and_revoke_a_link(
    app: Flask, reporter: User, fact_checker: User, editor: User, client_as: Any
) -> None:
    own = make_article("draft", authors=[reporter])
    colleague = make_article("draft", authors=[make_user(Role.REPORTER)])
    checking = make_article(
        "fact_check", authors=[make_user(Role.REPORTER)], fact_checker=fact_checker
    )
    as_reporter, as_checker = client_as(reporter), client_as(fact_checker)
    assert _make_link(as_reporter, own.id)[0].status_code == 201
    assert _make_link(as_reporter, colleague.id)[0].status_code == 404  # not even visible
    assert _make_link(as_checker, checking.id)[0].status_code == 403
    assert _make_link(client_as(editor), colleague.id)[0].status_code == 201
    links = {link.article_id: link for link in db.session.scalars(select(PreviewLink))}
    assert set(links) == {own.id, colleague.id}
    # Revoking: a hand-made POST by someone who may not is refused and changes nothing.
    revoke = f"/articles/{colleague.id}/previews/{links[colleague.id].id}/revoke"
    assert as_reporter.post(revoke).status_code == 404
    elsewhere = f"/articles/{own.id}/previews/{links[colleague.id].id}/revoke"
    assert as_reporter.post(elsewhere).status_code == 404  # the link belongs to another story
    db.session.expire_all()
    assert db.session.get(PreviewLink, links[colleague.id].id).revoked_at is None
    # The checker sees the story's links (inside it) but gets no form.
    page = as_checker.get(f"/articles/{checking.id}").get_data(as_text=True)
    assert "Preview links" in page and "Make the link" not in page


def test_expiry_is_at_most_fourteen_days(app: Flask, editor: User, client_as: Any) -> None:
    article = make_article("edit")
    response, _ = _make_link(client_as(editor), article.id, hours=str(14 * 24 + 1))
    assert response.status_code == 422
    assert "14 days" in response.get_data(as_text=True)
    assert db.session.scalar(select(PreviewLink)) is None


def test_a_preview_is_never_kept_by_the_page_cache(make_app: Any) -> None:
    app = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context():
        made = service.create(make_article("edit"), make_user(Role.EDITOR), name="Maya")
        db.session.commit()
        reviewer = app.test_client()
        assert reviewer.get(f"/preview/{made.token}").status_code == 200
        service.revoke(db.session.get(PreviewLink, made.link.id), make_user(Role.EDITOR))
        db.session.commit()
        assert reviewer.get(f"/preview/{made.token}").status_code == 410


def test_the_kept_panel_follows_who_may_make_a_link_and_the_links_made(
    app: Flask, editor: User, fact_checker: User, client_as: Any
) -> None:
    """A story with no links shows one panel to all who may do the same with it (kept: its form
    was a tenth of a verdict's CPU); whoever may not make a link never gets the kept form, each
    gets their own CSRF token in it, and the first link made shows at once."""
    story = make_article("fact_check", fact_checker=fact_checker)
    desk, checker = client_as(editor), client_as(fact_checker)
    first = desk.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "Make the link" in first and "No preview links yet." in first
    checking = checker.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "No preview links yet." in checking and "Make the link" not in checking
    again = desk.get(f"/articles/{story.id}").get_data(as_text=True)
    form = again[again.index('class="preview-form"') :]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token and token.group(1) == page_csrf_token(again)  # this request's, not a hole
    assert _make_link(desk, story.id)[0].status_code == 201
    after = desk.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "Maya Haddad" in after and "No preview links yet." not in after


def test_a_story_with_no_links_is_not_listed_and_one_made_shows_at_once(
    app: Flask, editor: User, client_as: Any, monkeypatch: Any
) -> None:
    """The panel asks whether a story has any link (one indexed read) before listing its links
    with their views (the ORM's SELECT was ~8 % of a verdict's CPU, for a story with none)."""
    story = make_article("fact_check")
    desk = client_as(editor)
    listed = calls_counted(monkeypatch, queries, "links_of")
    first = desk.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "No preview links yet." in first and listed == []
    assert _make_link(desk, story.id)[0].status_code == 201
    service.revoke(db.session.scalar(select(PreviewLink)), editor)  # revoked links are listed too
    db.session.commit()
    after = desk.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "Maya Haddad" in after and "No preview links yet." not in after and listed
