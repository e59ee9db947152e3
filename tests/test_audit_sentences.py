"""The audit log in words (issue 20, item 22): every event kind the code writes has a sentence a
person reads, and the page shows it with the raw data behind a disclosure, never the code name
(`settings.changed`, `user 10`) as the sentence."""

from __future__ import annotations

import ast
import html as html_lib
import re
from pathlib import Path
from typing import Any

from editorial import workflow
from editorial.articles.assignment.service import DUTIES
from editorial.audit_log.sentences import names_for, sentence
from editorial.extensions import db
from editorial.models import AuditEvent, Role, Section, User
from editorial.models.taxonomy import KINDS
from tests.factories import make_article, make_audit_event, make_user

SOURCE = Path(__file__).resolve().parents[1] / "editorial"

# The kinds behind an audit call whose name is computed: each such call, by its source text,
# with the names it can produce. A new computed call fails the test until it is listed here.
COMPUTED: dict[str, set[str]] = {
    "f'article.{transition.name}'": {f"article.{t.name}" for t in workflow.TRANSITIONS},
    "f'article.assigned.{duty.name}'": {f"article.assigned.{name}" for name in DUTIES},
    "f'{KINDS[model]}.created'": {f"{kind}.created" for kind in KINDS.values()},
    "f'{KINDS[model]}.renamed'": {f"{kind}.renamed" for kind in KINDS.values()},
    "f'{KINDS[type(term)]}.moved'": {"section.moved", "region.moved"},
    "f'{KINDS[type(term)]}.labelled'": {f"{kind}.labelled" for kind in KINDS.values()},
    "f'{KINDS[type(term)]}.{action}'": {
        f"{kind}.{done}" for kind in ("section", "region") for done in ("retired", "restored")
    },
    "f'{kind}.deleted'": {f"{kind}.deleted" for kind in KINDS.values()},
    # articles/service.py: the one writer of saves passes its action in (`action=...` callers).
    "action": {
        "article.saved",
        "article.autosaved",
        "article.corrected",
        "article.revision_restored",
    },
}


def _strings(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    source = ast.unparse(node)
    assert source in COMPUTED, f"an audit call names its kind as {source}: list its kinds"
    return COMPUTED[source]


def written_kinds() -> set[str]:
    """Every event kind an `audit.record(...)`, `audit.record_written(...)` or
    `audit.record_written_after(...)` call in the code can write."""
    kinds: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            if name in ("record", "record_written"):  # the second: a row past the unit of work
                kinds |= _strings(node.args[0])
            elif name == "record_written_after" and len(node.args) > 2:  # after its CTEs
                kinds |= _strings(node.args[2])
    return kinds


def test_the_kinds_are_found() -> None:
    kinds = written_kinds()
    assert {"settings.changed", "user.deactivated", "section.renamed", "tag.merged"} <= kinds
    assert {"article.publish", "article.assigned.editor", "breaking.moved"} <= kinds
    assert len(kinds) > 70, len(kinds)


def _event(kind: str, actor: User, **details: Any) -> AuditEvent:
    family = kind.split(".", 1)[0]
    object_type = {"settings": "site_setting", "breaking": "breaking_headline"}.get(family, family)
    return make_audit_event(kind, actor=actor, object_type=object_type, object_id=1, **details)


def test_every_kind_the_code_writes_has_a_sentence(app: Any) -> None:
    rima = make_user(Role.ADMIN, display_name="Rima Khoury")
    said = {}
    events = [_event(kind, rima) for kind in sorted(written_kinds())]
    names = names_for(events)
    for event in events:
        text = sentence(event, names)
        said[event.action] = text
        assert text, f"{event.action} has no sentence"
        assert event.action not in text and not re.search(r"\b[a-z]+\.[a-z_]+\b", text), text
        assert "None" not in text and "?" not in text, text
    assert not [kind for kind, text in said.items() if text == kind]


def test_the_sentences_the_issue_asks_for(client_as: Any, app: Any) -> None:
    rima = make_user(Role.ADMIN, display_name="Rima Khoury")
    omar = make_user(Role.REPORTER, display_name="Omar Haddad")
    story = make_article("edit", headline="Port reopens")
    sport = db.session.query(Section).first()
    assert sport is not None
    events = [
        make_audit_event(
            "settings.changed",
            actor=rima,
            object_type="site_setting",
            object_id=1,
            newsroom_name={"old": "The Ledger", "new": "The Daily Ledger"},
        ),
        make_audit_event(
            "section.renamed",
            actor=rima,
            object_type="section",
            object_id=sport.id,
            name={"old": "Sports", "new": "Sport"},
        ),
        make_audit_event("user.deactivated", actor=rima, object_type="user", object_id=omar.id),
        make_audit_event(
            "article.send_to_fact_check",
            actor=rima,
            object_type="article",
            object_id=story.id,
            from_state="edit",
            to_state="fact_check",
            note="",
        ),
        make_audit_event(
            "article.assigned.editor",
            actor=rima,
            object_type="article",
            object_id=story.id,
            before=None,
            after=omar.id,
        ),
    ]
    names = names_for(events)
    assert [sentence(e, names) for e in events] == [
        "Rima Khoury changed the newsroom's name from “The Ledger” to “The Daily Ledger”",
        "Rima Khoury renamed section Sports to Sport",
        "Rima Khoury deactivated Omar Haddad",
        "Rima Khoury sent “Port reopens” to fact-check (from Edit to Fact-check)",
        "Rima Khoury made Omar Haddad the editor of “Port reopens”",
    ]

    page = client_as(rima).get("/admin/audit").get_data(as_text=True)
    shown = [
        html_lib.unescape(text)
        for text in re.findall(r'<p class="audit-sentence">([^<]*)</p>', page)
    ]
    assert "Rima Khoury deactivated Omar Haddad" in shown
    assert "Rima Khoury signed in" in shown  # the page's own sign-in, in words too
    for text in shown:
        assert not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", text), f"a code name as a sentence: {text}"
    # The raw data is one disclosure away, with the links that filter by it.
    assert page.count('<details class="audit-raw">') == len(shown)
    assert '<code class="action">settings.changed</code>' in page
    assert "The Daily Ledger" in page and '<th scope="col">From</th>' not in page
