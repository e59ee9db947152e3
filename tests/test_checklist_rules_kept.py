"""The house rules kept by each process under the desk's version (issue 28): a run of transitions
reads them once, and every change of them, an admin's through the page or a write made anywhere
else, is seen by the next transition; with no rule, a transition ends no waivers (there are
none) and sends nothing for them."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from editorial import checklist_rules as rules
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, ChecklistRule, ChecklistWaiver, User
from tests.factories import make_article
from tests.helpers import fresh

SHORT = "Officials said on Thursday that talks would continue next week."  # 10 words
WORDS = {
    "transition": "submit",
    "kind": rules.WORD_COUNT,
    "blocking": "1",
    "waiver_role": "editor",
    "role": "",
    "languages": "",
    "minimum": "200",
    "maximum": "2000",
}


def _move(client: Any, article: Article, name: str) -> Any:
    note = "Longer, please." if name == "return" else ""
    return client.post(f"/articles/{article.id}/transition/{name}", data={"note": note})


def _sent(app: Flask, client: Any, article: Article, name: str) -> list[str]:
    with counted_statements(app) as statements:
        assert _move(client, article, name).status_code == 302
    return statements


def test_a_run_of_transitions_reads_the_rules_once(
    app: Flask, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    assert client_as(admin).post("/admin/checklists", data=WORDS).status_code == 302
    article = make_article("draft", authors=[reporter], body=" ".join([SHORT] * 25))
    ed = client_as(editor)
    moves = ["submit", "return", "submit", "return"]
    read = [
        sum("FROM checklist_rules" in s for s in _sent(app, ed, article, name)) for name in moves
    ]
    assert read[1:] == [0, 0, 0]  # the first may read them; the rest keep them


def test_an_admins_rule_change_is_seen_by_the_next_transition(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter], body=SHORT)
    ed, ad = client_as(editor), client_as(admin)
    assert _move(ed, article, "submit").status_code == 302  # no rule: through, rules kept
    assert _move(ed, article, "return").status_code == 302
    assert ad.post("/admin/checklists", data=WORDS).status_code == 302
    refused = _move(ed, article, "submit")
    assert refused.status_code == 422 and "needs at least 200" in refused.get_data(as_text=True)
    assert fresh(article.id).state == "draft"
    rule = db.session.scalar(select(ChecklistRule))
    assert rule is not None
    assert ad.post(f"/admin/checklists/{rule.id}/remove").status_code == 302
    assert _move(ed, article, "submit").status_code == 302


def test_a_rule_written_elsewhere_is_seen_by_the_next_transition(
    editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter], body=SHORT)
    ed = client_as(editor)
    assert _move(ed, article, "submit").status_code == 302
    assert _move(ed, article, "return").status_code == 302
    # As another process (a command, a job) would write it: no request of this one saw it.
    rule = ChecklistRule(
        transition="submit", kind=rules.WORD_COUNT, params={"minimum": 200}, blocking=True
    )
    db.session.add(rule)
    db.session.commit()
    refused = _move(ed, article, "submit")
    assert refused.status_code == 422
    db.session.delete(db.session.get(ChecklistRule, rule.id))
    db.session.commit()
    assert _move(ed, article, "submit").status_code == 302


def test_a_rule_rolled_back_is_not_kept(
    app: Flask, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter], body=SHORT)
    ed = client_as(editor)
    assert _move(ed, article, "submit").status_code == 302
    assert _move(ed, article, "return").status_code == 302
    with app.test_request_context():
        db.session.add(
            ChecklistRule(transition="submit", kind=rules.PLACED, params={}, blocking=True)
        )
        db.session.flush()
        from editorial.models.checklists import house_rules

        assert [r.kind for r in house_rules()] == [rules.PLACED]  # its own, not the kept ones
        db.session.rollback()
    assert _move(ed, article, "submit").status_code == 302


def test_with_no_rule_a_transition_sends_nothing_for_waivers(
    app: Flask, editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter], body=SHORT)
    ed = client_as(editor)
    _sent(app, ed, article, "submit")
    sent = _sent(app, ed, article, "return")
    assert not [s for s in sent if "checklist_waivers" in s]


def test_with_a_rule_a_transition_still_ends_the_waivers(
    admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    article = make_article("draft", authors=[reporter], body=SHORT)
    ad, ed = client_as(admin), client_as(editor)
    assert ad.post("/admin/checklists", data=WORDS).status_code == 302
    rule = db.session.scalar(select(ChecklistRule))
    assert rule is not None
    waived = ed.post(
        f"/articles/{article.id}/checklist/{rule.id}/waive/submit", data={"reason": "A brief."}
    )
    assert waived.status_code == 302
    assert _move(ed, article, "submit").status_code == 302
    waiver = db.session.scalar(select(ChecklistWaiver))
    assert waiver is not None and waiver.ended_at is not None
