"""House checklists on transitions (issue 25): each kind's rule and message, advisory rules that
never block, rules for some sections or languages, the guard, the button and a hand-made POST
agreeing, waivers (by role, audited, never carried over), the sign-off rule, the board's and the
queues' marks, and the admin page's permissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import checklist_rules as rules
from editorial import workflow
from editorial.articles.checklists import service
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import (
    Article,
    AuditEvent,
    ChecklistRule,
    ChecklistSignoff,
    ChecklistWaiver,
    Comment,
    Role,
    User,
)
from editorial.models.claims import ClaimTally
from tests.factories import make_article, make_claim, make_user, section
from tests.helpers import fresh

SHORT = "Officials said on Thursday that talks would continue next week."  # 10 words
HX = {"HX-Request": "true"}


def _facts(**changes: Any) -> rules.Facts:
    base: dict[str, Any] = {
        "state": "draft",
        "headline": "Ministers meet over fuel prices",
        "summary": "A short summary of what happened.",
        "word_count": 500,
        "section_id": 1,
        "region_id": 2,
        "language": "en",
        "picture_alt": "Boats at the quay",
        "tags": frozenset({"courts", "economy"}),
    }
    return rules.Facts(**{**base, **changes})


def _rule(kind: str, **params: Any) -> rules.Rule:
    return rules.Rule(1, "submit", kind, params)


CASES = [
    # kind, params, facts that pass, facts that fail, the failing message
    (rules.WORD_COUNT, {"minimum": 200, "maximum": 2000}, {}, {"word_count": 120},
     "The story has 120 words; it needs at least 200."),
    (rules.WORD_COUNT, {"minimum": 200, "maximum": 2000}, {}, {"word_count": 2500},
     "The story has 2500 words; keep it to 2000 at most."),
    (rules.HEADLINE, {"minimum": 10, "maximum": 70}, {}, {"headline": "x" * 90},
     "The headline has 90 characters; keep it to 70 at most."),
    (rules.SUMMARY, {"minimum": 10, "maximum": 300}, {}, {"summary": "  "}, "Add a summary."),
    (rules.SUMMARY, {"minimum": 40}, {"summary": "y" * 40}, {"summary": "Too short."},
     "The summary has 10 characters; it needs at least 40."),
    (rules.PICTURE, {}, {}, {"picture_alt": None}, "Choose a picture from the library."),
    (rules.PICTURE, {}, {}, {"picture_alt": " "},
     "The picture has no alt text: describe it in the library."),
    (rules.TAGS, {"minimum": 2}, {}, {"tags": frozenset({"courts"})},
     "The story has 1 tag; it needs at least 2."),
    (rules.PLACED, {}, {}, {"region_id": None}, "Choose a region."),
    (rules.COMMENTS, {}, {}, {"open_threads": 2}, "2 comment threads still open: resolve them."),
    (rules.CLAIMS, {}, {"claims": ClaimTally(total=2)},
     {"claims": ClaimTally(total=2, unchecked=1)}, None),
    (rules.SIGNOFF, {"role": "editor", "tag": "Courts"}, {"tags": frozenset()}, {},
     "Tagged Courts: an editor must sign it off."),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "params", "good", "bad", "message"), CASES)
def test_each_kind_passes_and_fails_with_its_message(
    kind: str, params: dict[str, Any], good: dict[str, Any], bad: dict[str, Any], message: str
) -> None:
    rule = _rule(kind, **params)
    met = rules.evaluate(rule, _facts(**good))
    assert met.met and not met.blocks and met.message
    unmet = rules.evaluate(rule, _facts(**bad))
    assert not unmet.met and unmet.blocks
    expected = message or ClaimTally(total=2, unchecked=1).problem()
    assert unmet.message == expected


def test_a_signoff_shows_who_signed_it() -> None:
    rule = _rule(rules.SIGNOFF, role="editor", tag="Courts")
    signed = rules.Signoff(1, "Maya Haddad", datetime(2026, 6, 1, tzinfo=UTC))
    result = rules.evaluate(rule, _facts(signoffs={1: signed}))
    assert result.met and result.message == "Signed off by Maya Haddad (editor)."


# --- on the desk ----------------------------------------------------------------------------


def _add(admin: User, transition: str, kind: str, **options: Any) -> ChecklistRule:
    rule = service.add_rule(
        transition,
        kind,
        options.pop("params", {}),
        blocking=options.pop("blocking", True),
        waiver_role=options.pop("waiver_role", "editor"),
        sections=options.pop("sections", []),
        languages=options.pop("languages", []),
        actor=admin,
    )
    db.session.commit()
    return rule


def _words(admin: User, **options: Any) -> ChecklistRule:
    return _add(
        admin, "submit", rules.WORD_COUNT, params={"minimum": 200, "maximum": 2000}, **options
    )


def _submit(client: Any, article: Article, **data: str) -> Any:
    return client.post(f"/articles/{article.id}/transition/submit", data={"note": "", **data})


def test_the_guard_the_button_and_a_hand_made_post_agree(
    app: Flask, admin: User, reporter: User, client_as: Any
) -> None:
    _words(admin)
    article = make_article("draft", authors=[reporter], body=SHORT)
    message = "The story has 10 words; it needs at least 200."
    # The guard
    assert workflow.check_guard(workflow.BY_NAME["submit"], fresh(article.id), reporter) == message
    option = next(o for o in workflow.available(fresh(article.id), reporter) if o.name == "submit")
    assert option.reason == message
    client = client_as(reporter)
    # The button, and its explanation, and the checklist
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert message in page
    assert "Before “Submit for edit”" in page and "Not met" in page
    # The server
    refused = _submit(client, article)
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert fresh(article.id).state == "draft"
    # Met: all three let it through.
    saved = fresh(article.id)
    saved.word_count = 250
    saved.version += 1  # as a save does
    db.session.commit()
    assert workflow.check_guard(workflow.BY_NAME["submit"], fresh(article.id), reporter) is None
    assert _submit(client, article).status_code == 302
    assert fresh(article.id).state == "edit"


def test_an_advisory_rule_never_blocks_but_shows(
    admin: User, reporter: User, client_as: Any
) -> None:
    _words(admin, blocking=False)
    article = make_article("draft", authors=[reporter], body=SHORT)
    client = client_as(reporter)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Advice" in page and "it needs at least 200" in page
    assert _submit(client, article).status_code == 302
    assert fresh(article.id).state == "edit"


def test_rules_limited_to_a_section_or_a_language(
    admin: User, reporter: User, client_as: Any
) -> None:
    _words(admin, sections=[section("Economy").id])
    _add(admin, "submit", rules.TAGS, params={"minimum": 1}, languages=["ar"])
    politics = make_article("draft", authors=[reporter], body=SHORT)  # in English, Politics
    economy = make_article("draft", authors=[reporter], body=SHORT, section=section("Economy"))
    arabic = make_article("draft", authors=[reporter], language="ar")
    client = client_as(reporter)
    assert _submit(client, politics).status_code == 302
    refused = _submit(client, economy)
    assert refused.status_code == 422 and "needs at least 200" in refused.get_data(as_text=True)
    refused = _submit(client, arabic)
    assert refused.status_code == 422
    assert "The story has 0 tags; it needs at least 1." in refused.get_data(as_text=True)


def _waive(client: Any, article: Article, rule: ChecklistRule, reason: str, **kw: Any) -> Any:
    return client.post(
        f"/articles/{article.id}/checklist/{rule.id}/waive/{rule.transition}",
        data={"reason": reason},
        **kw,
    )


def test_a_waiver_by_the_rules_role_lets_one_transition_through_and_is_not_carried_over(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    rule = _words(admin, waiver_role="editor")
    article = make_article("draft", authors=[reporter], body=SHORT)
    # Not the reporter's to waive: refused, and the refusal audited.
    refused = _waive(client_as(reporter), article, rule, "It is a brief.")
    assert refused.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ChecklistWaiver)) == 0
    assert db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "access.denied")
    )
    ed = client_as(editor)
    assert _waive(ed, article, rule, "  ").status_code == 422  # a reason is needed
    assert _waive(ed, article, rule, "A brief: 10 words is the point.").status_code == 302
    page = client_as(reporter).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Waived by" in page and "A brief: 10 words is the point." in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checklist.waived"))
    assert event is not None and event.details["reason"] == "A brief: 10 words is the point."
    assert event.details["transition"] == "submit"
    # The waived rule lets submit through...
    assert _submit(client_as(reporter), article).status_code == 302
    # ...and ends with it: returned to draft, the rule holds again.
    back = ed.post(f"/articles/{article.id}/transition/return", data={"note": "Longer, please."})
    assert back.status_code == 302 and fresh(article.id).state == "draft"
    waiver = db.session.scalar(select(ChecklistWaiver))
    assert waiver is not None and waiver.ended_at is not None
    assert _submit(client_as(reporter), article).status_code == 422


def test_a_rule_nobody_may_waive_and_an_htmx_waiver_refreshes_the_panels(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    fixed = _add(admin, "submit", rules.PLACED, waiver_role=None)
    words = _words(admin)
    article = make_article("draft", authors=[reporter], body=SHORT)
    ed = client_as(editor)
    assert _waive(ed, article, fixed, "Because.").status_code == 403
    page = {"HX-Current-URL": f"http://localhost/articles/{article.id}"}
    answer = _waive(ed, article, words, "A brief.", headers={**HX, **page})
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert 'id="checklist-' in html and 'id="actions-' in html and "hx-swap-oob" in html


def test_the_signoff_rule_records_who_and_when(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    rule = _add(admin, "publish", rules.SIGNOFF, params={"role": "editor", "tag": "Courts"})
    tagged = make_article("ready", authors=[reporter], tags=["Courts"])
    plain = make_article("ready", authors=[reporter])
    ed = client_as(make_user(Role.EDITOR))
    publish = "/articles/{}/transition/publish"
    refused = ed.post(publish.format(tagged.id), data={})
    assert refused.status_code == 422
    assert "Tagged Courts: an editor must sign it off." in refused.get_data(as_text=True)
    assert ed.post(publish.format(plain.id), data={}).status_code == 302
    sign = f"/articles/{tagged.id}/checklist/{rule.id}/sign-off"
    assert client_as(reporter).post(sign).status_code == 403
    assert client_as(editor).post(sign).status_code == 302
    signed = db.session.scalar(select(ChecklistSignoff))
    assert signed is not None and signed.user_id == editor.id and signed.at is not None
    page = ed.get(f"/articles/{tagged.id}").get_data(as_text=True)
    assert f"Signed off by {editor.display_name}" in page
    assert client_as(editor).post(sign).status_code == 409  # once
    assert ed.post(publish.format(tagged.id), data={}).status_code == 302
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "checklist.signed_off")
    )


def test_claims_resolved_shows_in_the_same_list(
    admin: User, reporter: User, fact_checker: User, client_as: Any
) -> None:
    _add(admin, "clear", rules.CLAIMS)
    _add(admin, "clear", rules.COMMENTS, blocking=False)
    article = make_article("fact_check", authors=[reporter], fact_checker=fact_checker)
    make_claim(article, text="talks would continue")
    db.session.add(Comment(article_id=article.id, actor_id=reporter.id, body="Is the date right?"))
    db.session.commit()
    page = client_as(fact_checker).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Before “Clear”" in page
    assert "1 comment thread still open: resolve them." in page
    assert "Every fact-check claim resolved." not in page


def _board_marks(html: str) -> tuple[int, int]:
    return html.count('<span aria-hidden="true">✓</span> Checklist'), html.count(
        '<span aria-hidden="true">✗</span> Checklist'
    )


def test_the_board_and_the_queues_show_the_next_steps_mark_at_a_fixed_cost(
    app: Flask, admin: User, editor: User, reporter: User, fact_checker: User, client_as: Any
) -> None:
    _words(admin)
    _add(admin, "clear", rules.COMMENTS)
    client = client_as(editor)
    client.get("/desk/")
    # Both counts follow a change, so neither board finds its people filter kept.
    for _ in range(2):
        make_article("draft", authors=[reporter], body=SHORT)
    make_article("draft", authors=[reporter], body=" ".join(["word"] * 400))
    checked = make_article("fact_check", authors=[reporter], fact_checker=fact_checker)
    with counted_statements(app) as small:
        html = client.get("/desk/").get_data(as_text=True)
    assert _board_marks(html) == (2, 2)
    for _ in range(5):
        make_article("draft", authors=[reporter], body=SHORT)
    with counted_statements(app) as large:
        html = client.get("/desk/").get_data(as_text=True)
    assert _board_marks(html) == (2, 7)
    # The rules' read is the process's first (kept after it, `checklists.kept`): not the board's.
    small = [s for s in small if "FROM checklist_rules" not in s]
    assert len(small) == len(large), "\n".join(large)
    queue = client_as(fact_checker).get("/factcheck").get_data(as_text=True)
    assert "✓</span> Checklist" in queue
    db.session.add(Comment(article_id=checked.id, actor_id=reporter.id, body="Source?"))
    db.session.commit()
    queue = client_as(fact_checker).get("/factcheck").get_data(as_text=True)
    assert "✗</span> Checklist" in queue and "1 comment thread still open" in queue
    mine = client_as(reporter).get("/queue/").get_data(as_text=True)
    assert "Checklist" in mine


def test_the_admin_page_is_for_admins_and_its_changes_are_audited(
    admin: User, editor: User, client_as: Any
) -> None:
    form = {
        "transition": "publish",
        "kind": rules.PICTURE,
        "blocking": "1",
        "waiver_role": "editor",
        "role": "",
        "languages": "",
    }
    ed = client_as(editor)
    assert ed.get("/admin/checklists").status_code == 403
    assert ed.post("/admin/checklists", data=form).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ChecklistRule)) == 0
    ad = client_as(admin)
    assert ad.get("/admin/checklists").status_code == 200
    assert ad.post("/admin/checklists", data=form).status_code == 302
    rule = db.session.scalar(select(ChecklistRule))
    assert rule is not None and rule.transition == "publish" and rule.blocking
    page = ad.get("/admin/checklists").get_data(as_text=True)
    assert "A library picture with alt text" in page
    refused = ad.post("/admin/checklists", data={**form, "kind": rules.SIGNOFF})
    assert refused.status_code == 422 and "needs a role and a tag" in refused.get_data(as_text=True)
    assert ad.post("/admin/checklists", data={**form, "languages": "xx"}).status_code == 422
    assert ed.post(f"/admin/checklists/{rule.id}/remove").status_code == 403
    assert ad.post(f"/admin/checklists/{rule.id}/remove").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ChecklistRule)) == 0
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"checklist.rule_added", "checklist.rule_removed"} <= actions
    log = ad.get("/admin/audit").get_data(as_text=True)
    assert "added a blocking rule “a library picture with alt text” before “Publish”" in log


def test_the_editor_shows_the_checklist_for_the_text_as_typed(
    admin: User, reporter: User, editor: User, client_as: Any
) -> None:
    _words(admin)
    article = make_article("draft", authors=[reporter], body=SHORT)
    client = client_as(reporter)
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert 'id="checklist-live"' in page and "needs at least 200" in page
    typed = {"body": " ".join(["word"] * 250), "headline": "A headline"}
    answer = client.post(f"/articles/{article.id}/checklist/live", data=typed, headers=HX)
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "The story has 250 words." in html and "· ready" in html
    assert fresh(article.id).word_count == 10  # nothing saved
    other = make_article("edit", body=SHORT)
    assert client.post(f"/articles/{other.id}/checklist/live", data=typed).status_code in (403, 404)
