"""The fact-check of a translation: its source's claims located in its text, or marked absent,
before it can be cleared (the `clear` row's guard); the ledger in each text's direction."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import clock, workflow
from editorial.articles.translations.service import translate
from editorial.extensions import db
from editorial.models import Article, AuditEvent, ClaimLocation, Role, User
from editorial.rendering import render_markdown
from tests.factories import make_article, make_claim, make_user
from tests.helpers import HX, fresh

BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
AID = "The ministry sent 27 tonnes of aid to the border crossing."
AR_BODY = (
    "قال مسؤولون يوم الخميس إن المحادثات ستستمر الأسبوع المقبل.\n\n"
    "وأرسلت الوزارة 27 طنا من المساعدات إلى المعبر الحدودي."
)
AR_TALKS = "قال مسؤولون يوم الخميس إن المحادثات ستستمر الأسبوع المقبل."
AR_AID = "وأرسلت الوزارة 27 طنا من المساعدات إلى المعبر الحدودي."


def _translation(checker: User, editor: User, *, cleared: bool = True) -> tuple[Article, list[Any]]:
    """A published English source with two checked claims (cleared through its ledger when
    `cleared`), and its Arabic translation in fact-check assigned to `checker`."""
    source = make_article(workflow.PUBLISHED, body=BODY)
    claims = [make_claim(source, TALKS, "verified"), make_claim(source, AID, "verified")]
    if cleared:
        source.checked_by_id, source.checked_at = checker.id, clock.now()
    translation = translate(source, editor, "ar", "محادثات")
    translation.body, translation.body_html = AR_BODY, render_markdown(AR_BODY)
    translation.state, translation.fact_checker_id = workflow.FACT_CHECK, checker.id
    db.session.commit()
    return translation, claims


def _clear(client: Any, article_id: int) -> Any:
    return client.post(f"/articles/{article_id}/transition/clear", data={"note": "Checked."})


def _locate(client: Any, article: Article, claim: Any, **data: str) -> Any:
    return client.post(f"/articles/{article.id}/claims/{claim.id}/locate", data=data)


def test_clear_waits_until_every_source_claim_is_located_or_marked(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    translation, (talks, aid) = _translation(fact_checker, editor)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{translation.id}").get_data(as_text=True)
    assert "The source’s claims" in page and "0 of 2 located" in page
    assert "2 source claims are neither located" in page  # the disabled Clear says why
    refused = _clear(client, translation.id)
    assert refused.status_code == 422 and "Locate every source claim" in refused.get_data(True)
    assert _locate(client, translation, talks, passage=AR_TALKS).status_code == 302
    assert "1 source claim is neither" in _clear(client, translation.id).get_data(True)
    assert _locate(client, translation, aid, absent="y").status_code == 302
    assert _clear(client, translation.id).status_code == 302
    assert fresh(translation.id).state == workflow.READY
    rows = db.session.scalars(select(ClaimLocation).order_by(ClaimLocation.claim_id)).all()
    assert [(r.passage, r.absent) for r in rows] == [(AR_TALKS, False), ("", True)]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.located"))
    assert [e.details["absent"] for e in events] == [False, True]


def test_a_source_not_cleared_through_its_ledger_asks_for_nothing(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    translation, _ = _translation(fact_checker, editor, cleared=False)
    assert _clear(client_as(fact_checker), translation.id).status_code == 302


def test_a_passage_not_in_the_translation_is_refused_keeping_what_was_typed(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    translation, (talks, _) = _translation(fact_checker, editor)
    client = client_as(fact_checker)
    typed = "قال الوزير شيئا آخر"
    response = _locate(client, translation, talks, passage=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in html  # no JavaScript: the page again
    assert "That passage is not in this translation" in html
    assert 'lang="ar" dir="rtl" aria-invalid="true"' in html
    assert f'aria-describedby="source-claim-{talks.id}-error">{typed}</textarea>' in html
    fragment = client.post(
        f"/articles/{translation.id}/claims/{talks.id}/locate", data={"passage": ""}, headers=HX
    )
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 422 and "<html" not in html
    assert "Paste the passage of this translation" in html
    assert db.session.scalars(select(ClaimLocation)).all() == []


def test_an_htmx_location_answers_the_ledger_in_each_texts_direction(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    translation, (talks, _) = _translation(fact_checker, editor)
    headers = {**HX, "HX-Current-URL": f"http://localhost/articles/{translation.id}"}
    response = client_as(fact_checker).post(
        f"/articles/{translation.id}/claims/{talks.id}/locate",
        data={"passage": f"  {AR_TALKS} "},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<section class="ledger" id="ledger-{translation.id}"')
    assert "1 of 2 located" in html and "Source claim located." in response.headers["HX-Trigger"]
    # The source's quote in English, left to right; the passage in Arabic, right to left.
    assert f'lang="en" dir="ltr" hx-disable>{TALKS}</blockquote>' in html
    assert f'class="claim-passage" lang="ar" dir="rtl" hx-disable>{AR_TALKS}</blockquote>' in html
    assert f'id="article-actions-{translation.id}"' in html  # Clear and Flag follow, out of band


def test_who_may_locate_source_claims(client_as: Any, fact_checker: User, editor: User) -> None:
    translation, (talks, _) = _translation(fact_checker, editor)
    translation.authors = [make_user(Role.EDITOR)]
    db.session.commit()
    expected = {
        "other checker": (make_user(Role.FACT_CHECKER), 403),
        "byline editor": (translation.authors[0], 403),
        "reporter": (make_user(Role.REPORTER), 404),
        "admin": (make_user(Role.ADMIN), 302),
    }
    for who, (person, status) in expected.items():
        response = _locate(client_as(person), translation, talks, passage=AR_TALKS)
        assert response.status_code == status, who
    other = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    stranger = make_claim(other, TALKS)
    assert (
        _locate(client_as(fact_checker), translation, stranger, passage=AR_TALKS).status_code == 404
    )


def test_an_arabic_source_quote_is_isolated_in_an_english_translations_ledger(
    app: Flask, client_as: Any, fact_checker: User, editor: User
) -> None:
    source = make_article(workflow.PUBLISHED, body=AR_BODY, language="ar", headline="محادثات")
    make_claim(source, AR_TALKS, "verified")
    source.checked_by_id, source.checked_at = fact_checker.id, clock.now()
    translation = translate(source, editor, "en", "Talks")
    translation.body, translation.body_html = BODY, render_markdown(BODY)
    translation.state, translation.fact_checker_id = workflow.FACT_CHECK, fact_checker.id
    db.session.commit()
    page = client_as(fact_checker).get(f"/articles/{translation.id}").get_data(as_text=True)
    assert '<bdi lang="ar" dir="rtl">محادثات</bdi>' in page
    assert f'lang="ar" dir="rtl" hx-disable>{AR_TALKS}</blockquote>' in page


def test_a_save_that_drops_a_located_passage_asks_for_it_again(
    app: Flask, client_as: Any, fact_checker: User, editor: User
) -> None:
    from editorial.articles.service import save_article

    translation, (talks, aid) = _translation(fact_checker, editor)
    client = client_as(fact_checker)
    _locate(client, translation, talks, passage=AR_TALKS)
    _locate(client, translation, aid, passage=AR_AID)
    article = fresh(translation.id)
    save_article(article, editor, {"body": AR_TALKS}, article.version)
    db.session.commit()
    rows = db.session.scalars(select(ClaimLocation)).all()
    assert [row.passage for row in rows] == [AR_TALKS]
    assert "1 source claim is neither" in _clear(client, translation.id).get_data(True)
    lost = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.location_lost"))
    assert [event.details["passage"] for event in lost] == [AR_AID]


def test_the_queue_counts_the_source_claims_still_to_locate(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    translation, (talks, _aid) = _translation(fact_checker, editor)
    other, _claims = _translation(fact_checker, editor, cleared=False)
    client = client_as(fact_checker)

    def row(article: Article) -> str:
        answer = client.get("/factcheck")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 200, answer.status_code
        start = page.index(f'id="fq-{article.id}"')
        return page[start : page.index("</tr>", start)]

    first = row(translation)
    assert "0 of 2 source claims located" in first and "2 still to locate" in first
    assert "No claims yet" not in first  # it has work to do: its source's claims
    _locate(client, translation, talks, passage=AR_TALKS)
    assert "1 of 2 source claims located" in row(translation)
    # A source not cleared through its ledger asks for nothing to be located.
    assert "source claims" not in row(other) and "No claims yet" in row(other)
