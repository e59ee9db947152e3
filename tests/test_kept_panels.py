"""The actions and checklist panels kept per what they show (`articles.kept_panels`): drawn again
the same bytes, never stale after a change to anything they show, never another viewer's.

Each test draws both panels kept and afresh in one request and asks for the same bytes (the
token is the request's), then changes one thing the panels show and asks again: a key missing
that thing hands back the panel from before the change."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, render_template, template_rendered
from flask_login import login_user
from sqlalchemy import update

from editorial import checklist_rules as rules
from editorial import workflow
from editorial.articles.checklists import service as checklists
from editorial.articles.kept_panels import kept_panel
from editorial.articles.panels import PANELS, panel_context_for
from editorial.extensions import db
from editorial.models import Article, ChecklistRule, Role, User
from editorial.site_settings.service import save_settings
from tests.factories import make_article, make_claim
from tests.helpers import set_person

pytestmark = pytest.mark.usefixtures("clock_held_still")

NAMES = ("actions", "checklist")
BODY = (
    "Officials said on Thursday that talks would continue next week.\n\n"
    "The ministry sent 27 tonnes of aid to the border crossing."
)
TALKS = "Officials said on Thursday that talks would continue next week."
TONNES = "The ministry sent 27 tonnes of aid to the border crossing."


def _panels(app: Flask, person: User, article_id: int) -> dict[str, str]:
    """Both panels as `person` sees them now, kept; each the same as drawn afresh."""
    person_id = person.id
    # An app context of its own: a session of its own, as a request in another process has.
    with app.app_context(), app.test_request_context(f"/articles/{article_id}"):
        login_user(db.session.get(User, person_id))
        article = db.session.get(Article, article_id)
        assert article is not None
        kept = {
            name: str(kept_panel(PANELS[name], name, article, panel_context_for(article, name)))
            for name in NAMES
        }
        fresh = {
            name: render_template(PANELS[name], oob=True, **panel_context_for(article, name))
            for name in NAMES
        }
    assert kept == fresh
    return kept


def _verdict(client: Any, article: Article, claim: Any, note: str = "Seen.") -> None:
    data = {"verdict": "verified", "sources": "https://example.org/a", "note": note}
    assert client.post(f"/articles/{article.id}/claims/{claim.id}", data=data).status_code in (
        200,
        302,
    )


def _rule(admin: User, transition: str, kind: str, params: dict[str, Any]) -> ChecklistRule:
    rule = checklists.add_rule(
        transition, kind, params, blocking=True, waiver_role="editor", sections=[],
        languages=[], actor=admin,
    )  # fmt: skip
    db.session.commit()
    return rule


def test_kept_panels_are_drawn_once_and_carry_this_requests_token(
    app: Flask, editor: User, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    make_claim(article, TALKS)
    drawn: list[str] = []

    def seen(_app: Flask, template: Any, _context: Any, **_extra: Any) -> None:
        drawn.append(template.name)

    first = _panels(app, editor, article.id)
    template_rendered.connect(seen, app)
    try:
        with app.test_request_context(f"/articles/{article.id}"):
            login_user(db.session.get(User, editor.id))
            story = db.session.get(Article, article.id)
            assert story is not None
            again = kept_panel(
                PANELS["actions"], "actions", story, panel_context_for(story, "actions")
            )
    finally:
        template_rendered.disconnect(seen, app)
    assert drawn == []
    assert 'name="csrf_token" value="csrf-hole' not in again and "csrf-hole-" not in again
    assert "draft-hole-" not in first["actions"] and "draft-hole-" not in again
    assert 'name="csrf_token" value="' in again


def test_a_verdict_that_resolves_the_last_claim_enables_clear(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks, tonnes = make_claim(article, TALKS), make_claim(article, TONNES)
    checker = client_as(fact_checker)
    both = _panels(app, fact_checker, article.id)["actions"]
    assert "Resolve every claim first: 2 claims still unchecked." in both
    _verdict(checker, article, talks)
    before = _panels(app, fact_checker, article.id)["actions"]
    assert "Resolve every claim first: 1 claim still unchecked." in before
    _verdict(checker, article, tonnes)
    after = _panels(app, fact_checker, article.id)["actions"]
    assert "Resolve every claim first" not in after and "Resolved claims:" in after


def test_the_clear_notes_first_draft_is_the_claims_words_now(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    checker = client_as(fact_checker)
    _verdict(checker, article, talks, note="The first <note>.")
    before = _panels(app, fact_checker, article.id)["actions"]
    assert "The first &lt;note&gt;." in before
    _verdict(checker, article, talks, note="The second note & more.")
    after = _panels(app, fact_checker, article.id)["actions"]
    assert "The second note &amp; more." in after and "The first" not in after


def test_a_transition_shows_the_new_state_and_its_buttons(
    app: Flask, client_as: Any, editor: User, fact_checker: User
) -> None:
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    _verdict(client_as(fact_checker), article, talks)
    before = _panels(app, editor, article.id)["actions"]
    assert "state-fact_check" in before and ">Publish</button>" not in before
    moved = client_as(editor).post(
        f"/articles/{article.id}/transition/clear", data={"note": "All checked."}
    )
    assert moved.status_code == 302
    after = _panels(app, editor, article.id)["actions"]
    assert "state-ready" in after and ">Publish</button>" in after


def test_a_state_changed_past_the_version_is_shown(app: Flask, reporter: User) -> None:
    """A person with nothing to do in either state sees the same buttons (none): only the
    state's label tells them apart."""
    article = make_article(workflow.EDIT, body=BODY)
    before = _panels(app, reporter, article.id)["actions"]
    assert "state-edit" in before and "Nothing for you to do here" in before
    db.session.execute(
        update(Article).where(Article.id == article.id).values(state=workflow.FACT_CHECK)
    )
    db.session.commit()
    after = _panels(app, reporter, article.id)["actions"]
    assert "state-fact_check" in after and "Nothing for you to do here" in after


def test_the_fact_checker_choices_follow_a_rename_and_the_assignment(
    app: Flask, editor: User, fact_checker: User
) -> None:
    article = make_article(workflow.EDIT, body=BODY)
    before = _panels(app, editor, article.id)["actions"]
    assert "Fadi Checker" in before and "selected" not in before
    set_person(fact_checker, display_name="Fadia Checker")
    renamed = _panels(app, editor, article.id)["actions"]
    assert "Fadia Checker" in renamed and "Fadi Checker<" not in renamed
    # Assigned past the story's version (as a write that does not move it would).
    db.session.execute(
        update(Article).where(Article.id == article.id).values(fact_checker_id=fact_checker.id)
    )
    db.session.commit()
    assigned = _panels(app, editor, article.id)["actions"]
    assert f'<option value="{fact_checker.id}" selected>' in assigned


def test_the_publish_time_is_asked_in_the_newsrooms_zone_now(app: Flask, editor: User) -> None:
    article = make_article(workflow.READY, body=BODY)
    save_settings({"time_zone": "Asia/Beirut"}, actor=None)
    db.session.commit()
    assert "Publish at (Asia/Beirut)" in _panels(app, editor, article.id)["actions"]
    save_settings({"time_zone": "Europe/Paris"}, actor=None)
    db.session.commit()
    after = _panels(app, editor, article.id)["actions"]
    assert "Publish at (Europe/Paris)" in after and "Asia/Beirut" not in after


def test_each_viewer_sees_their_own_buttons_and_forms(
    app: Flask, admin: User, editor: User, fact_checker: User
) -> None:
    _rule(admin, "clear", rules.WORD_COUNT, {"minimum": 200, "maximum": 2000})
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    as_editor = _panels(app, editor, article.id)
    as_checker = _panels(app, fact_checker, article.id)
    assert ">Spike</summary>" in as_editor["actions"]
    assert ">Spike</summary>" not in as_checker["actions"]
    assert "Waive for" in as_editor["checklist"] and "Waive for" not in as_checker["checklist"]
    # A person whose role changes sees what the new role may do.
    set_person(fact_checker, role=Role.EDITOR)
    promoted = _panels(app, fact_checker, article.id)
    assert ">Spike</summary>" in promoted["actions"] and "Waive for" in promoted["checklist"]


def test_a_signoff_and_a_waiver_show_at_once(
    app: Flask, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    signoff = _rule(admin, "publish", rules.SIGNOFF, {"role": "editor", "tag": "Courts"})
    ready = make_article(workflow.READY, authors=[reporter], tags=["Courts"], body=BODY)
    before = _panels(app, editor, ready.id)["checklist"]
    assert "Sign off" in before and "Signed off by" not in before
    signed = client_as(editor).post(f"/articles/{ready.id}/checklist/{signoff.id}/sign-off")
    assert signed.status_code == 302
    after = _panels(app, editor, ready.id)["checklist"]
    assert "Signed off by Elie Editor" in after
    words = _rule(admin, "submit", rules.WORD_COUNT, {"minimum": 200, "maximum": 2000})
    draft = make_article(workflow.DRAFT, authors=[reporter], body=BODY)
    assert "Waived by" not in _panels(app, reporter, draft.id)["checklist"]
    waived = client_as(editor).post(
        f"/articles/{draft.id}/checklist/{words.id}/waive/submit", data={"reason": "A brief."}
    )
    assert waived.status_code == 302
    assert "Waived by Elie Editor" in _panels(app, reporter, draft.id)["checklist"]


def test_a_comment_and_a_verdict_from_the_desk_page_carry_the_threads_rule_as_it_is(
    app: Flask, admin: User, editor: User, fact_checker: User, client_as: Any
) -> None:
    """Through the answers that draw the kept panels: a verdict's (`panels.around`) and a new
    thread's (`panels.also_changed`), each from the story's desk page."""
    _rule(admin, "clear", rules.COMMENTS, {})
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks = make_claim(article, TALKS)
    page = {"HX-Request": "true", "HX-Current-URL": f"http://localhost/articles/{article.id}"}
    checker = client_as(fact_checker)
    verdict = {"verdict": "verified", "sources": "https://example.org/a", "note": "Seen."}

    def verdicts_answer() -> str:
        answer = checker.post(
            f"/articles/{article.id}/claims/{talks.id}", data=verdict, headers=page
        )
        assert answer.status_code == 200
        return answer.get_data(as_text=True)

    assert "Every comment thread resolved." in verdicts_answer()
    commented = client_as(editor).post(
        f"/articles/{article.id}/comments", data={"body": "Check the tonnage."}, headers=page
    )
    assert commented.status_code == 200
    assert "1 comment thread still open" in commented.get_data(as_text=True)
    again = verdicts_answer()
    assert "1 comment thread still open" in again and "Every comment thread resolved." not in again


def test_a_verdict_that_moves_the_tally_draws_no_actions_panel_again(
    app: Flask, client_as: Any, fact_checker: User
) -> None:
    """The Clear button's reason names the tally, which a verdict moves: a hole filled per
    request, so a run of verdicts through a ledger's first pass keeps one panel; the reason
    (escaped) is this request's."""
    article = make_article(workflow.FACT_CHECK, body=BODY, fact_checker_id=fact_checker.id)
    talks, tonnes = make_claim(article, TALKS), make_claim(article, TONNES)
    make_claim(article, "Officials said")
    checker = client_as(fact_checker)
    assert "3 claims still unchecked." in _panels(app, fact_checker, article.id)["actions"]
    _verdict(checker, article, talks)
    drawn: list[str] = []

    def seen(_app: Flask, **sent: Any) -> None:
        drawn.append(sent["template"].name)

    template_rendered.connect(seen, app)
    try:
        panels = _panels(app, fact_checker, article.id)
        _verdict(checker, article, tonnes)
        after = _panels(app, fact_checker, article.id)
    finally:
        template_rendered.disconnect(seen, app)
    assert "Resolve every claim first: 2 claims still unchecked." in panels["actions"]
    assert "Resolve every claim first: 1 claim still unchecked." in after["actions"]
    assert "reason-hole-" not in after["actions"]
    # Each `_panels` draws both afresh to compare; the kept actions panel is the one kept
    # before the first verdict, at another tally (each was drawn again).
    assert drawn.count(PANELS["actions"]) == 2
