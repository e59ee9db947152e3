"""A live post marked "needs check" is checked claim by claim by the article ledger's rules: it
cannot go out with an unchecked, false or unqualified claim, or after its claims changed, and
can once they are resolved and a fact-checker cleared it; only fact-checkers, editors and
admins (never the post's own authors) give verdicts, by hand-made POSTs too; a claim's text is
inert on the desk."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.live import checks, service
from editorial.models import AuditEvent, LivePost, LivePostClaim, LiveStory, Role, User
from editorial.refusal import Refused
from tests.factories import make_article, make_user
from tests.helpers import HX

pytestmark = pytest.mark.usefixtures("frozen")
BODY = "Forty people were hurt in the blast. The bridge is closed until Monday."
CLAIM = "Forty people were hurt in the blast."


def _held(editor: User) -> tuple[LiveStory, LivePost]:
    article = make_article("published", headline="Harbour blast")
    story = service.start(article, editor, clock.now())
    post = service.create_post(story, editor, body=BODY, at=clock.now(), needs_check=True)
    db.session.commit()
    return story, post


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_post_goes_out_only_once_every_claim_is_resolved_and_cleared(
    app: Flask, editor: User, fact_checker: User
) -> None:
    _, post = _held(editor)
    claim = checks.add(post, fact_checker, CLAIM, clock.now())
    checks.add(post, fact_checker, "The bridge is closed until Monday.", clock.now())
    with pytest.raises(Refused, match="2 claims still unchecked"):
        checks.clear(post, fact_checker, clock.now())
    with pytest.raises(Refused, match="fact-checker"):
        service.publish(post, editor, clock.now())
    checks.verdict(claim, fact_checker, verdict="false", sources="", note="", at=clock.now())
    other = post.claims[1]
    checks.verdict(other, fact_checker, verdict="unverifiable", sources="", note="", at=clock.now())
    with pytest.raises(Refused, match="1 false claim and 1 unverifiable claim without a note"):
        checks.clear(post, fact_checker, clock.now())
    source = "https://example.org/hospital"
    checks.verdict(claim, fact_checker, verdict="verified", sources=source, note="", at=clock.now())
    checks.verdict(
        other, fact_checker, verdict="unverifiable", sources="", note="Police say", at=clock.now()
    )
    checks.clear(post, fact_checker, clock.now())
    service.publish(post, editor, clock.now())
    db.session.commit()
    assert post.is_public and post.checked_by_id == fact_checker.id
    assert len(_audited("live.claim_added")) == 2 and len(_audited("live.claim_checked")) == 4
    assert _audited("live.checked")[0].details["claims"] == 2


def test_a_verdict_after_the_clearance_takes_it_back(
    app: Flask, editor: User, fact_checker: User
) -> None:
    _, post = _held(editor)
    claim = checks.add(post, fact_checker, CLAIM, clock.now())
    checks.verdict(claim, fact_checker, verdict="verified", sources="", note="", at=clock.now())
    checks.clear(post, fact_checker, clock.now())
    checks.verdict(claim, fact_checker, verdict="false", sources="", note="", at=clock.now())
    with pytest.raises(Refused):
        service.publish(post, editor, clock.now())
    assert post.waits_for_check


def test_an_edit_that_takes_a_quote_out_holds_the_post_again(
    app: Flask, editor: User, fact_checker: User
) -> None:
    _, post = _held(editor)
    claim = checks.add(post, fact_checker, CLAIM, clock.now())
    checks.verdict(claim, fact_checker, verdict="verified", sources="", note="", at=clock.now())
    checks.clear(post, fact_checker, clock.now())
    service.publish(post, editor, clock.now())
    service.edit(post, editor, headline="", body="Thirty people were hurt.", at=clock.now())
    db.session.commit()
    assert claim.text_changed and post.waits_for_check and not post.is_public
    with pytest.raises(Refused, match="text changed"):
        checks.clear(post, fact_checker, clock.now())


def test_a_claim_must_quote_the_post_once_and_sources_are_web_addresses(
    app: Flask, editor: User, fact_checker: User
) -> None:
    _, post = _held(editor)
    with pytest.raises(Refused, match="not in the post"):
        checks.add(post, fact_checker, "Nobody was hurt.", clock.now())
    claim = checks.add(post, fact_checker, CLAIM, clock.now())
    with pytest.raises(Refused, match="already a claim"):
        checks.add(post, fact_checker, "  Forty people  were hurt in the blast. ", clock.now())
    with pytest.raises(Refused, match="not a web address"):
        checks.verdict(
            claim, fact_checker, verdict="verified", sources="javascript:x", note="", at=clock.now()
        )


# -- Who gives verdicts: every role, by hand-made POSTs -------------------------------------

ALLOWED = {"fact_checker": 302, "editor": 302, "admin": 302, "reporter": 403, "author": 403}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_verdicts_by_hand_made_posts_for_every_role(
    app: Flask, users: dict[str, User], client_as: Any, role: str
) -> None:
    writer = make_user(Role.EDITOR)
    _, post = _held(writer)
    claim = checks.add(post, users["fact_checker"], CLAIM, clock.now())
    db.session.commit()
    person = writer if role == "author" else users[role]
    base = f"/articles/{post.article_id}/live/posts/{post.id}/claims"
    browser = client_as(person)
    verdict = browser.post(f"{base}/{claim.id}", data={"verdict": "verified", "note": "x"})
    added = browser.post(base, data={"text": "The bridge is closed until Monday."})
    removed = browser.post(f"{base}/{claim.id}/remove")
    cleared = browser.post(f"/articles/{post.article_id}/live/posts/{post.id}/clear")
    db.session.expire_all()
    if ALLOWED[role] == 403:
        assert (verdict.status_code, added.status_code, removed.status_code) == (403, 403, 403)
        assert cleared.status_code == 403
        claims = list(db.session.scalars(select(LivePostClaim)))
        assert [(c.id, c.verdict) for c in claims] == [(claim.id, "unchecked")]
        assert db.session.get(LivePost, post.id).checked_at is None
    else:
        assert (verdict.status_code, added.status_code, removed.status_code) == (302, 302, 302)
        texts = [c.text for c in db.session.scalars(select(LivePostClaim))]
        assert texts == ["The bridge is closed until Monday."]
        assert cleared.status_code == 422  # its one claim is still unchecked


XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


def test_xss_in_a_claims_text_is_inert_on_the_desk(
    app: Flask, editor: User, fact_checker: User, client_as: Any
) -> None:
    article = make_article("published", headline="Harbour blast")
    story = service.start(article, editor, clock.now())
    post = service.create_post(
        story, editor, headline=XSS, body="Words", at=clock.now(), needs_check=True
    )
    db.session.commit()
    desk = client_as(fact_checker)
    answer = desk.post(
        f"/articles/{article.id}/live/posts/{post.id}/claims",
        data={"text": XSS},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert db.session.scalar(select(LivePostClaim.text)) is not None
    for html in (answer.get_data(as_text=True), desk.get(f"/articles/{article.id}/live").text):
        assert "<script>alert" not in html
        assert not re.search(r"<img[^>]*onerror", html)
        assert not re.search(r"<svg", html, re.IGNORECASE)
        assert "&lt;script&gt;alert(1)" in html


def test_the_desk_shows_each_claim_and_the_checkers_forms_only_to_checkers(
    app: Flask, editor: User, fact_checker: User, reporter: User, client_as: Any
) -> None:
    _, post = _held(editor)
    checks.add(post, fact_checker, CLAIM, clock.now())
    db.session.commit()
    url = f"/articles/{post.article_id}/live"
    seen_by_checker = client_as(fact_checker).get(url).get_data(as_text=True)
    assert CLAIM in seen_by_checker and "Save verdict" in seen_by_checker
    assert "0 of 1 claims resolved" in seen_by_checker
    seen_by_author = client_as(editor).get(url).get_data(as_text=True)
    assert CLAIM in seen_by_author and "Save verdict" not in seen_by_author
    assert "Save verdict" not in client_as(reporter).get(url).get_data(as_text=True)


def test_a_refused_claim_without_javascript_gets_the_desk_with_why(
    app: Flask, users: dict[str, User], client_as: Any
) -> None:
    """Without JavaScript a refusal is a page of the desk, not a bare line of text."""
    _, post = _held(make_user(Role.EDITOR))
    base = f"/articles/{post.article_id}/live/posts/{post.id}/claims"
    answer = client_as(users["fact_checker"]).post(base, data={"text": "Not in the post at all."})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and answer.mimetype == "text/html"
    assert "<html" in page and 'id="live-desk"' in page
    assert "quote" in page.lower()  # why: a claim quotes the post
    assert ">Not in the post at all.</textarea>" in page  # and what was typed stays


def test_a_refused_claim_in_place_keeps_what_was_typed(
    app: Flask, users: dict[str, User], client_as: Any
) -> None:
    _, post = _held(make_user(Role.EDITOR))
    base = f"/articles/{post.article_id}/live/posts/{post.id}/claims"
    answer = client_as(users["fact_checker"]).post(
        base, data={"text": "Not in the post at all."}, headers=HX
    )
    assert answer.status_code == 422
    assert ">Not in the post at all.</textarea>" in answer.get_data(as_text=True)
