"""The fact-check ledger: claims one by one, the clear guard they make, text changed after a save,
history, who may read and change them, the queue, the board's progress and the public line."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import workflow
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import ArticleRevision, AuditEvent, Claim, ClaimChange, Role, User
from editorial.site_settings.service import save_settings
from tests.factories import make_article, make_claim, make_user
from tests.helpers import HX, form_for, fresh
from tests.parsed import Page

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."


def _checking(checker: User, **fields: Any) -> Any:
    """An article in fact-check assigned to `checker`, with the two-sentence body."""
    return make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=checker.id, **fields)


def _clear(client: Any, article_id: int, note: str = "Checked the figures.") -> Any:
    return client.post(f"/articles/{article_id}/transition/clear", data={"note": note})


def _claims(article_id: int) -> list[Claim]:
    db.session.expire_all()
    return list(db.session.scalars(select(Claim).where(Claim.article_id == article_id)))


# -- The clear guard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "fields", "reason"),
    [
        ("unchecked", {}, "1 claim still unchecked"),
        ("false", {}, "1 false claim"),
        ("verified", {"text_changed": True}, "1 claim whose text changed since its check"),
        ("unverifiable", {}, "1 unverifiable claim without a note"),
    ],
)
def test_clear_is_refused_until_every_claim_is_resolved(
    client_as: Any, fact_checker: User, verdict: str, fields: dict[str, Any], reason: str
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified")
    make_claim(article, AID, verdict, **fields)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert reason in page  # the disabled Clear button says why
    assert "1 of 2 resolved" in page
    response = _clear(client, article.id)  # a hand-made POST gets the same reason
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert fresh(article.id).state == workflow.FACT_CHECK


def test_clear_goes_through_when_every_claim_is_resolved(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified", sources=["https://example.org/talks"])
    make_claim(article, AID, "unverifiable", note="The story attributes it to the ministry.")
    response = _clear(client_as(fact_checker), article.id)
    assert response.status_code == 302
    cleared = fresh(article.id)
    assert cleared.state == workflow.READY
    assert cleared.checked_by_id == fact_checker.id and cleared.checked_at is not None


def test_with_no_claims_clearing_needs_a_note_saying_why(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "No claims recorded yet." in page and "why nothing needed checking" in page
    refused = _clear(client, article.id, note="")
    assert refused.status_code == 422
    assert "why nothing needed checking" in refused.get_data(as_text=True)
    assert _clear(client, article.id, note="An opinion piece: no facts.").status_code == 302
    cleared = fresh(article.id)
    assert cleared.state == workflow.READY
    assert cleared.checked_by_id is None  # not cleared through the ledger: no "Checked by"


@pytest.mark.parametrize("role", [Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN])
def test_nobody_on_the_byline_clears_it_whatever_their_role(client_as: Any, role: Role) -> None:
    author = make_user(role)
    article = make_article(
        workflow.FACT_CHECK,
        body=BODY,
        authors=[author],
        fact_checker_id=author.id if role == Role.FACT_CHECKER else None,
    )
    make_claim(article, TALKS, "verified")
    response = _clear(client_as(author), article.id)
    assert response.status_code == 422  # their role may clear; the four-eyes guard refuses
    assert fresh(article.id).state == workflow.FACT_CHECK


# -- Adding and checking claims ------------------------------------------------------------------


def test_a_fact_checker_adds_and_verifies_a_claim_with_its_history(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    client = client_as(fact_checker)
    added = client.post(f"/articles/{article.id}/claims", data={"text": f"  {AID}\n"})
    (claim,) = _claims(article.id)
    assert added.status_code == 302
    assert added.headers["Location"].endswith(f"/articles/{article.id}#claim-{claim.id}")
    assert (claim.text, claim.verdict) == (AID, "unchecked")
    checked = client.post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={
            "verdict": "verified",
            "sources": "https://example.org/aid\nhttp://un.org/x",
            "note": "",
        },
    )
    assert checked.status_code == 302
    (claim,) = _claims(article.id)
    assert claim.verdict == "verified"
    assert claim.sources == ["https://example.org/aid", "http://un.org/x"]
    assert claim.checked_by_id == fact_checker.id
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "1 of 1 resolved" in page
    assert "checked it: Unchecked → Verified" in page and "Fadi Checker" in page
    assert 'href="https://example.org/aid"' in page
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "claim.added" in actions and "claim.checked" in actions
    kinds = [c.kind for c in db.session.scalars(select(ClaimChange).order_by(ClaimChange.id))]
    assert kinds == ["added", "checked"]


def test_a_claim_must_quote_the_article(client_as: Any, fact_checker: User) -> None:
    article = _checking(fact_checker)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims", data={"text": "The moon is made of cheese."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not in the article as it reads now" in html
    assert "The moon is made of cheese.</textarea>" in html  # what was typed is kept
    assert _claims(article.id) == []


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "ftp://x.org/",
        "example.org",
    ],
)
def test_evidence_addresses_must_be_http_or_https(
    client_as: Any, fact_checker: User, source: str
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "verified", "sources": source, "note": "kept note"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is not a web address" in html
    assert "kept note</textarea>" in html
    assert _claims(article.id)[0].verdict == "unchecked"


def test_removing_a_claim_is_audited(client_as: Any, fact_checker: User) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    response = client_as(fact_checker).post(f"/articles/{article.id}/claims/{claim.id}/remove")
    assert response.status_code == 302
    assert _claims(article.id) == []
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.removed"))


# -- htmx both ways ------------------------------------------------------------------------------


def test_an_htmx_verdict_answers_its_claim_the_tally_and_refreshes_the_clear_button(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    other = make_claim(article, AID)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    client = client_as(fact_checker)
    response = client.post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "verified", "sources": "", "note": ""},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html
    # The claim's own row (its form aims there), not the ledger: the other claim is left as it is.
    assert html.lstrip().startswith(f'<li class="claim claim-verified" id="claim-{claim.id}"')
    assert f'id="claim-{other.id}"' not in html
    assert f'<section class="ledger" id="ledger-{article.id}"' not in html
    progress = html[html.index(f'id="claims-progress-{article.id}"') :]
    assert 'hx-swap-oob="true"' in progress[:200]
    assert "1 of 2 resolved" in progress
    actions = html[html.index(f'id="article-actions-{article.id}"') :]
    assert 'hx-swap-oob="true"' in actions[:200]
    assert "Claim marked verified." in response.headers["HX-Trigger"]
    # The second verdict resolves every claim: Clear is enabled now.
    response = client.post(
        f"/articles/{article.id}/claims/{other.id}",
        data={"verdict": "verified", "sources": "", "note": ""},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert "2 of 2 resolved" in html
    actions = html[html.index(f'id="article-actions-{article.id}"') :]
    assert "Resolve every claim first" not in actions
    # The next page shows both verdicts.
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert page.count('class="claim claim-verified"') == 2 and "2 of 2 resolved" in page


def test_a_claims_check_form_aims_at_its_row_and_a_refusal_at_the_ledger(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    client = client_as(fact_checker)
    form = client.get(f"/articles/{article.id}/claims/{claim.id}/form", headers=HX)
    assert f'hx-target="#claim-{claim.id}"' in form.get_data(as_text=True)
    refused = client.post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "verified", "sources": "javascript:alert(1)", "note": ""},
        headers=HX,
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert refused.headers["HX-Retarget"] == f"#ledger-{article.id}"
    assert refused.headers["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith(f'<section class="ledger" id="ledger-{article.id}"')
    assert "is not a web address" in html and "javascript:alert(1)</textarea>" in html


def test_a_verdict_from_elsewhere_answers_its_row_without_the_other_panels(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "false", "sources": "https://example.org/x", "note": ""},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<li class="claim claim-false" id="claim-{claim.id}"')
    assert f'id="claims-progress-{article.id}"' in html
    assert f'id="article-actions-{article.id}"' not in html


def test_a_claims_check_form_opens_both_ways(client_as: Any, fact_checker: User) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, TALKS)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Save check" not in page  # no form until one is opened
    assert f'href="/articles/{article.id}?check={claim.id}#claim-{claim.id}"' in page
    fragment = client.get(f"/articles/{article.id}/claims/{claim.id}/form", headers=HX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<li class="claim claim-unchecked" id="claim-{claim.id}"')
    assert "Save check" in html
    plain = client.get(f"/articles/{article.id}/claims/{claim.id}/form")
    assert plain.status_code == 302
    opened = client.get(plain.headers["Location"]).get_data(as_text=True)
    assert "Save check" in opened and f'id="claim-{claim.id}-verdict"' in opened


def test_an_htmx_refusal_answers_the_ledger_with_the_reason(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims", data={"text": "Not in it."}, headers=HX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert "not in the article" in html and "Not in it.</textarea>" in html


# -- Text changed ---------------------------------------------------------------------------------


def test_an_edit_that_drops_the_quote_marks_the_claim_text_changed(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified", checked_by=fact_checker)
    make_claim(article, AID, "verified", checked_by=fact_checker)
    edited = BODY.replace("27 tonnes", "30 tonnes")
    saved = client_as(editor).post(
        f"/articles/{article.id}/edit", data=form_for(article, body=edited)
    )
    assert saved.status_code == 302
    talks, aid = sorted(_claims(article.id), key=lambda c: c.id)
    assert (talks.text_changed, aid.text_changed) == (False, True)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Text changed" in page and "1 of 2 resolved" in page
    assert _clear(client, article.id).status_code == 422
    # Re-checked against the new words: resolved again, and the history says so.
    new_quote = AID.replace("27", "30")
    client.post(
        f"/articles/{article.id}/claims/{aid.id}",
        data={"verdict": "verified", "sources": "", "note": "", "text": new_quote},
    )
    aid = db.session.get(Claim, aid.id)
    assert (aid.text, aid.text_changed) == (new_quote, False)
    assert [c.kind for c in aid.changes] == ["text_changed", "checked"]
    assert _clear(client, article.id).status_code == 302


def test_a_stale_claim_is_not_rechecked_on_its_old_quote(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    claim = make_claim(article, "A sentence that is gone.", "verified", text_changed=True)
    response = client_as(fact_checker).post(
        f"/articles/{article.id}/claims/{claim.id}",
        data={"verdict": "verified", "sources": "", "note": ""},
    )
    assert response.status_code == 422
    assert "no longer in the article" in response.get_data(as_text=True)
    assert _claims(article.id)[0].text_changed


def test_restoring_an_old_revision_marks_claims_on_the_newer_text(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = make_article(workflow.EDIT, body="The vote was on Monday.")
    client = client_as(editor)
    client.post(f"/articles/{article.id}/edit", data=form_for(article, body=BODY))
    article = fresh(article.id)
    client.post(
        f"/articles/{article.id}/transition/send_to_fact_check",
        data={"fact_checker_id": str(fact_checker.id)},
    )
    make_claim(article, AID, "verified")
    old = db.session.scalars(
        select(ArticleRevision)
        .where(
            ArticleRevision.article_id == article.id,
            ArticleRevision.body == "The vote was on Monday.",
        )
        .order_by(ArticleRevision.id)
    ).first()
    article = fresh(article.id)
    restored = client.post(
        f"/articles/{article.id}/revisions/{old.id}/restore", data={"version": str(article.version)}
    )
    assert restored.status_code == 302
    assert _claims(article.id)[0].text_changed
    assert _clear(client_as(fact_checker), article.id).status_code == 422


# -- Who may read and change ---------------------------------------------------------------------


def test_a_reporter_reads_the_ledger_of_their_story_without_changing_it(
    client_as: Any, fact_checker: User, reporter: User
) -> None:
    article = _checking(fact_checker, authors=[reporter])
    claim = make_claim(article, AID, "false", sources=["https://example.org/real"])
    client = client_as(reporter)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert AID in page and "False" in page and "https://example.org/real" in page
    assert "Save check" not in page and "Add claim" not in page
    for url, data in [
        (f"/articles/{article.id}/claims", {"text": TALKS}),
        (f"/articles/{article.id}/claims/{claim.id}", {"verdict": "verified"}),
        (f"/articles/{article.id}/claims/{claim.id}/remove", {}),
    ]:
        assert client.post(url, data=data).status_code == 403
    assert [(c.text, c.verdict) for c in _claims(article.id)] == [(AID, "false")]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("assigned checker", 302),
        ("other checker", 403),
        ("editor", 302),
        ("admin", 302),
        ("editor on the byline", 403),
        ("reporter not on it", 404),
    ],
)
def test_who_may_change_claims(client_as: Any, fact_checker: User, who: str, status: int) -> None:
    people = {
        "assigned checker": fact_checker,
        "other checker": make_user(Role.FACT_CHECKER),
        "editor": make_user(Role.EDITOR),
        "admin": make_user(Role.ADMIN),
        "editor on the byline": make_user(Role.EDITOR),
        "reporter not on it": make_user(Role.REPORTER),
    }
    authors = [people["editor on the byline"]]
    article = _checking(fact_checker, authors=authors)
    claim = make_claim(article, TALKS)
    client = client_as(people[who])
    responses = [
        client.post(f"/articles/{article.id}/claims", data={"text": AID}),
        client.post(
            f"/articles/{article.id}/claims/{claim.id}",
            data={"verdict": "verified", "sources": "", "note": ""},
        ),
        client.post(f"/articles/{article.id}/claims/{claim.id}/remove"),
    ]
    assert [r.status_code for r in responses] == [status] * 3
    if status != 302:
        assert [(c.text, c.verdict) for c in _claims(article.id)] == [(TALKS, "unchecked")]


def test_claims_change_only_during_the_check(client_as: Any, editor: User) -> None:
    article = make_article(workflow.READY, body=BODY)
    claim = make_claim(article, TALKS, "verified")
    response = client_as(editor).post(
        f"/articles/{article.id}/claims/{claim.id}", data={"verdict": "false"}
    )
    assert response.status_code == 403
    assert _claims(article.id)[0].verdict == "verified"


def test_a_claim_of_another_article_is_404(client_as: Any, fact_checker: User) -> None:
    article, other = _checking(fact_checker), _checking(fact_checker)
    claim = make_claim(other, TALKS)
    client = client_as(fact_checker)
    assert client.post(f"/articles/{article.id}/claims/{claim.id}", data={}).status_code == 404
    assert client.post(f"/articles/{article.id}/claims/{claim.id}/remove").status_code == 404


def test_claim_posts_need_the_csrf_token(app: Flask, fact_checker: User, client_as: Any) -> None:
    article = _checking(fact_checker)
    client = client_as(fact_checker)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/articles/{article.id}/claims", data={"text": TALKS}).status_code == 400
    assert _claims(article.id) == []


# -- Flag ----------------------------------------------------------------------------------------


def test_the_flag_note_is_prefilled_with_the_false_claims(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified")
    make_claim(article, AID, "false", sources=["https://example.org/only-20"], note="It was 20.")
    page = client_as(fact_checker).get(f"/articles/{article.id}").get_data(as_text=True)
    note = page[page.index(f'id="tr-{article.id}-flag-note"') :]
    note = note[: note.index("</textarea>")]
    assert "False claims:" in note and AID in note
    assert "https://example.org/only-20" in note and "It was 20." in note
    assert TALKS not in note


def test_the_clear_note_starts_with_the_resolved_claims_as_flags_does(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified", sources=["https://example.org/talks"])
    make_claim(article, AID, "unverifiable", note="The story says the ministry claims it.")
    page = client_as(fact_checker).get(f"/articles/{article.id}").get_data(as_text=True)
    note = page[page.index(f'id="tr-{article.id}-clear-note"') :]
    note = note[note.index(">") + 1 : note.index("</textarea>")]
    assert note.startswith("Resolved claims:")
    assert TALKS in note and "https://example.org/talks" in note
    assert AID in note and "The story says the ministry claims it." in note


def test_the_clear_note_is_drafted_from_the_claims_alone_not_their_histories(
    app: Flask, fact_checker: User
) -> None:
    """Every verdict's answer drafts it while Clear is on offer: one read of the claims' words,
    none of their checkers or histories (a ledger of 200 claims spent ~50 ms a verdict on them)."""
    from editorial.articles.claims.queries import clear_note

    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified", sources=["https://example.org/talks"])
    make_claim(article, AID, "unverifiable", checked_by=fact_checker)  # no note: not resolved
    make_claim(article, "Rain fell", "verified", text_changed=True)  # text changed: neither
    db.session.add(ClaimChange(claim_id=1, kind="added", to_verdict="unchecked"))
    db.session.commit()
    db.session.refresh(article)
    with counted_statements(app) as statements:
        note = clear_note(article)
    assert note == f"Resolved claims:\n- “{TALKS}” (Verified)\n  Sources: https://example.org/talks"
    claim_reads = [s for s in statements if "FROM claim" in s]
    assert len(claim_reads) == 1 and "claim_changes" not in claim_reads[0], statements


# -- Why a claim is not resolved -----------------------------------------------------------------


def test_an_unverifiable_claim_without_a_note_says_why_it_does_not_count(
    client_as: Any, fact_checker: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, AID, "unverifiable")
    make_claim(article, TALKS, "unverifiable", note="Attributed to officials.")
    page = client_as(fact_checker).get(f"/articles/{article.id}").get_data(as_text=True)
    assert page.count('class="claim-why"') == 1  # only the one without a note
    why = page[page.index('class="claim-why"') :]
    assert why[: why.index("</p>")].endswith(
        "Not resolved: an unverifiable claim counts only with a note on how the article"
        " qualifies it (“officials say”, “could not be confirmed”). Add the note."
    )


# -- Cost ----------------------------------------------------------------------------------------


def _page_statements(app: Flask, client: Any, article_id: int) -> int:
    with counted_statements(app) as statements:
        assert client.get(f"/articles/{article_id}").status_code == 200
    # The house rules are read by the process's first page only (`checklists.kept`).
    return len([s for s in statements if "FROM checklist_rules" not in s])


def test_the_ledger_page_costs_the_same_queries_for_5_or_200_claims(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    counts = []
    for many in (5, 200):
        article = _checking(fact_checker)
        checker = make_user(Role.FACT_CHECKER)
        db.session.add_all(
            Claim(
                article_id=article.id,
                text=TALKS,
                verdict="verified" if n % 2 else "false",
                sources=["https://example.org/"],
                checked_by_id=checker.id if n % 3 else fact_checker.id,
                checked_at=article.created_at,
                changes=[ClaimChange(kind="added", actor_id=checker.id)],
            )
            for n in range(many)
        )
        db.session.commit()
        counts.append(_page_statements(app, client_as(fact_checker), article.id))
    assert counts[0] == counts[1], counts


# -- Queue and board -----------------------------------------------------------------------------


def test_the_queue_lists_checks_oldest_first_with_progress_and_filters(
    client_as: Any, fact_checker: User
) -> None:
    from datetime import timedelta

    from editorial import clock

    newer = make_article(workflow.FACT_CHECK, body=BODY, headline="Newer story waiting")
    older = _checking(
        fact_checker,
        headline="Older story waiting",
        state_changed_at=clock.now() - timedelta(hours=5),
    )
    make_claim(older, TALKS, "verified")
    make_claim(older, AID)
    client = client_as(fact_checker)
    html = client.get("/factcheck").get_data(as_text=True)
    assert html.index("Older story waiting") < html.index("Newer story waiting")
    assert "1 of 2 claims resolved" in html
    assert "Take it" in html[html.index("Newer story waiting") :]
    mine = client.get("/factcheck", query_string={"assignee": fact_checker.id}).get_data(
        as_text=True
    )
    assert "Older story waiting" in mine and "Newer story waiting" not in mine
    nobody = client.get("/factcheck?assignee=none").get_data(as_text=True)
    assert "Newer story waiting" in nobody and "Older story waiting" not in nobody
    assert client.get("/factcheck?section=abc&assignee=x").status_code == 200
    taken = client.post(f"/factcheck/{newer.id}/take")
    assert taken.status_code == 302
    assert fresh(newer.id).fact_checker_id == fact_checker.id


def test_the_queue_is_for_the_check_desk(client_as: Any, reporter: User) -> None:
    assert client_as(reporter).get("/factcheck").status_code == 403


def test_board_cards_in_fact_check_show_claim_progress(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, TALKS, "verified")
    make_claim(article, AID, "unverifiable", note="")
    make_claim(article, AID, "unverifiable", note="Attributed.")
    html = client_as(editor).get("/desk/").get_data(as_text=True)
    card = html[html.index(f'id="card-{article.id}"') :]
    card = card[: card.index('class="card-foot"') + 2000]
    assert "Claims resolved: </span>2/3" in card


# -- The public page -----------------------------------------------------------------------------


def _shown(html: str) -> str:
    """The page's text as a reader sees it (the name is isolated in a <bdi> of its own)."""
    return "".join(Page(html).all_text)


def test_the_public_page_names_the_checker_but_never_the_claims(
    app: Flask, client: Any, client_as: Any, fact_checker: User, editor: User
) -> None:
    article = _checking(fact_checker)
    make_claim(
        article, AID, "verified", sources=["https://example.org/secret-source"], note="Secret note"
    )
    assert _clear(client_as(fact_checker), article.id).status_code == 302
    assert client_as(editor).post(f"/articles/{article.id}/transition/publish").status_code == 302
    with counted_statements(app) as statements:
        html = client.get(f"/news/{fresh(article.id).slug}").get_data(as_text=True)
    assert "Checked by Fadi Checker" in _shown(html)
    assert "secret-source" not in html and "Secret note" not in html and "Verified" not in html
    assert not [s for s in statements if "claim" in s.lower()], "the public page read claims"


def test_the_admin_setting_turns_the_checked_by_line_off(
    admin: User, client: Any, client_as: Any, fact_checker: User, editor: User
) -> None:
    article = _checking(fact_checker)
    make_claim(article, AID, "verified")
    assert _clear(client_as(fact_checker), article.id).status_code == 302
    assert client_as(editor).post(f"/articles/{article.id}/transition/publish").status_code == 302
    address = f"/news/{fresh(article.id).slug}"
    assert "Checked by Fadi Checker" in _shown(client.get(address).get_data(as_text=True))
    save_settings({"show_checked_by": False}, actor=admin)
    db.session.commit()
    assert "Checked by" not in client.get(address).get_data(as_text=True)


def test_the_queue_answers_htmx_with_its_rows_only(client_as: Any, fact_checker: User) -> None:
    _checking(fact_checker, headline="A story to check")
    client = client_as(fact_checker)
    fragment = client.get("/factcheck", headers=HX).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="factcheck-rows">') and "<html" not in fragment
    assert "A story to check" in fragment
    page = client.get("/factcheck").get_data(as_text=True)
    assert "<html" in page and 'id="factcheck-rows"' in page


def test_a_refused_take_says_why_and_changes_nothing(
    client_as: Any, fact_checker: User, reporter: User
) -> None:
    other = make_user(Role.FACT_CHECKER)
    article = _checking(other)
    client = client_as(fact_checker)
    response = client.post(f"/factcheck/{article.id}/take", follow_redirects=True)
    assert "nothing here for you to take" in response.get_data(as_text=True)
    assert fresh(article.id).fact_checker_id == other.id
    assert client_as(reporter).post(f"/factcheck/{article.id}/take").status_code == 403


def test_a_reporter_who_may_see_a_published_story_reads_its_ledger(
    client_as: Any, fact_checker: User, reporter: User
) -> None:
    article = make_article(workflow.PUBLISHED, body=BODY)
    make_claim(article, AID, "verified", sources=["https://example.org/aid"])
    page = client_as(reporter).get(f"/articles/{article.id}").get_data(as_text=True)
    assert AID in page and "1 of 1 resolved" in page
    assert "Add claim" not in page and "?check=" not in page
    hidden = make_article(workflow.FACT_CHECK, body=BODY)
    claim = make_claim(hidden, AID)
    outsider = client_as(reporter)
    assert (
        outsider.get(f"/articles/{hidden.id}/claims/{claim.id}/form", headers=HX).status_code == 404
    )


def test_the_queue_is_drawn_once_per_desk_version_and_a_change_shows_at_once(
    app: Flask, client_as: Any, fact_checker: User, frozen: Any
) -> None:
    story = make_article(workflow.FACT_CHECK, body=BODY, headline="Dam report waits")
    make_claim(story, TALKS)
    client = client_as(fact_checker)
    assert "Dam report waits" in client.get("/factcheck").text
    with counted_statements(app) as statements:
        again = client.get("/factcheck").text
    assert "Dam report waits" in again and "0 of 1 claims resolved" in again
    # Kept whole (editorial.kept_parts): no story, claim or person is read again.
    read = ("FROM articles", "claims", "article_authors", "FROM users")
    assert not [s for s in statements if any(table in s for table in read)], statements
    make_claim(story, AID, "verified")  # as any process could write it
    assert "1 of 2 claims resolved" in client.get("/factcheck").text
    rows = client.get("/factcheck", headers=HX).text
    assert rows.startswith('<div id="factcheck-rows">') and "1 of 2 claims resolved" in rows
    frozen.tick(minutes=61)
    assert 'Asia/Beirut">1 h</time>' in client.get("/factcheck").text  # the minute's words


def test_each_session_s_kept_queue_carries_its_own_csrf_token(make_app: Any) -> None:
    import re

    from editorial import clock
    from tests.test_desk_cards import _signed_in_with_csrf

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        email = make_user(Role.FACT_CHECKER).email
        make_article(workflow.FACT_CHECK, headline="Unassigned check")
    with clock.frozen(clock.now()):
        pages = [_signed_in_with_csrf(app, email).get("/factcheck").text for _ in range(2)]
    tokens = [set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', p)) for p in pages]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    assert "csrf-hole" not in pages[0] + pages[1]


def test_the_queue_shows_a_page_at_a_time_oldest_first_and_counts_them_all(
    client_as: Any, fact_checker: User, frozen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from editorial import clock
    from editorial.factcheck import queries

    monkeypatch.setattr(queries, "PAGE", 2)
    for n in range(5):
        make_article(
            workflow.FACT_CHECK,
            headline=f"Check number {n}",
            state_changed_at=clock.now() - timedelta(hours=10 - n),
        )
    client = client_as(fact_checker)
    first = client.get("/factcheck").text
    assert "(5)" in first and "Check number 0" in first and "Check number 1" in first
    assert "Check number 2" not in first and 'href="/factcheck?page=2">Next' in first
    assert "Previous" not in first
    second = client.get("/factcheck?page=2").text
    assert "Check number 2" in second and "Check number 3" in second
    assert "Check number 1" not in second and "Check number 4" not in second
    assert (
        'href="/factcheck?page=1">Previous' in second and 'href="/factcheck?page=3">Next' in second
    )
    assert 'name="next" value="/factcheck?page=2"' in second  # "Take it" comes back here
    last = client.get("/factcheck?page=3", headers=HX).text
    assert last.startswith('<div id="factcheck-rows">') and "Check number 4" in last
    assert "Next" not in last and 'href="/factcheck?page=2">Previous' in last
    filtered = client.get("/factcheck?assignee=none&page=2").text
    assert 'href="/factcheck?assignee=none&amp;page=3">Next' in filtered
    # A small queue has no pager at all.
    monkeypatch.setattr(queries, "PAGE", 50)
    frozen.tick(minutes=1)  # the page kept this minute was drawn with two a page
    assert 'class="pager"' not in client.get("/factcheck").text
