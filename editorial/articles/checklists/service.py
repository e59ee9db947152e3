"""The checklists' writes: rules added and removed (admins), a waiver, a sign-off, and the end
of a story's waivers when it moves. Each checks, writes and audits in the caller's transaction;
a refusal raises `Refused` before anything is written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from editorial import checklist_rules as rules
from editorial import clock, workflow
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.checklists import (
    ChecklistRule,
    ChecklistSignoff,
    ChecklistWaiver,
    checklist_of,
    forget,
    forget_rules,
    house_rules,
)
from editorial.refusal import Refused
from editorial.signals import article_transitioned
from editorial.workflow_guards import role_of

REASON_MAX = 2000


def add_rule(
    transition: str,
    kind: str,
    params: dict[str, Any],
    *,
    blocking: bool,
    waiver_role: str | None,
    sections: list[int],
    languages: list[str],
    actor: User,
) -> ChecklistRule:
    """A new house rule on one row of the table (audited `checklist.rule_added`)."""
    row = workflow.BY_NAME.get(transition)
    if row is None or not row.house_rules:
        raise Refused("Choose a step a person takes.", field="transition")
    if kind not in rules.KINDS:
        raise Refused("Choose a kind of rule.", field="kind")
    if kind == rules.SIGNOFF and not (params.get("role") and str(params.get("tag", "")).strip()):
        raise Refused("A sign-off rule needs a role and a tag.", field="tag")
    rule = ChecklistRule(
        transition=transition,
        kind=kind,
        params=params,
        blocking=blocking,
        waiver_role=waiver_role if blocking else None,
        sections=sections,
        languages=languages,
    )
    db.session.add(rule)
    db.session.flush()
    forget_rules()
    record("checklist.rule_added", rule, actor=actor, **_described(rule))
    return rule


def remove_rule(rule: ChecklistRule, actor: User) -> None:
    """Take a house rule away, with its sign-offs and waivers (audited `checklist.rule_removed`)."""
    record("checklist.rule_removed", rule, actor=actor, **_described(rule))
    db.session.delete(rule)
    db.session.flush()
    forget_rules()


def _described(rule: ChecklistRule) -> dict[str, Any]:
    return {
        "transition": rule.transition,
        "kind": rule.kind,
        "params": rule.params,
        "blocking": rule.blocking,
        "waiver_role": rule.waiver_role,
        "sections": rule.sections,
        "languages": rule.languages,
    }


def _result(article: Article, rule_id: int, transition: str) -> rules.Result:
    for result in checklist_of(article).results(transition):
        if result.rule.id == rule_id:
            return result
    raise Refused("That rule does not hold for this story now.", status=404)


def waive(article: Article, rule_id: int, transition: str, actor: User, reason: str) -> None:
    """Set a blocking rule aside for this story and this transition, with a reason; it ends when
    the story next moves (audited `checklist.waived`)."""
    row = workflow.BY_NAME.get(transition)
    if row is None or article.state not in row.sources:
        raise Refused("That step is not the story's next one any more. Reload to see.", status=409)
    result = _result(article, rule_id, transition)
    if not result.rule.blocking or result.rule.waiver_role is None:
        raise Refused("This rule can't be waived.", status=403)
    if role_of(actor) != result.rule.waiver_role:
        raise Refused("Your role can't waive this rule.", status=403)
    if not result.blocks:
        raise Refused("This rule is met or waived already: nothing to waive.", status=409)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused("Say why it may go ahead without this rule.", field="reason")
    if len(reason) > REASON_MAX:
        raise Refused(f"Keep the reason under {REASON_MAX} characters.", field="reason")
    db.session.add(
        ChecklistWaiver(
            article_id=article.id,
            rule_id=rule_id,
            transition=transition,
            user_id=actor.id,
            reason=reason,
            at=clock.now(),
        )
    )
    record(
        "checklist.waived",
        article,
        actor=actor,
        rule=rule_id,
        transition=transition,
        unmet=result.message,
        reason=reason,
    )
    forget(article)


def sign_off(article: Article, rule_id: int, actor: User) -> None:
    """Record that `actor`, of the rule's role, signed the story off (audited
    `checklist.signed_off`: who and when)."""
    rule = db.session.get(ChecklistRule, rule_id)
    if rule is None or rule.kind != rules.SIGNOFF:
        raise Refused("There is no such sign-off.", status=404)
    if role_of(actor) != rule.params.get("role"):
        raise Refused("Your role can't give this sign-off.", status=403)
    done = db.session.scalar(
        select(ChecklistSignoff.id).where(
            ChecklistSignoff.article_id == article.id, ChecklistSignoff.rule_id == rule_id
        )
    )
    if done is not None:
        raise Refused("It is signed off already.", status=409)
    db.session.add(
        ChecklistSignoff(article_id=article.id, rule_id=rule_id, user_id=actor.id, at=clock.now())
    )
    record("checklist.signed_off", article, actor=actor, rule=rule_id, tag=rule.params.get("tag"))
    forget(article)


def end_waivers(article: Article, **_: Any) -> None:
    """The story moved: its waivers covered that move only (none carries to the next).

    With no house rule there is no waiver to end (a rule's waivers go with it: the foreign
    key's cascade), so nothing is sent: the rules are kept by the process (`kept`)."""
    forget(article)
    if not house_rules():
        return
    db.session.execute(
        update(ChecklistWaiver)
        .where(ChecklistWaiver.article_id == article.id, ChecklistWaiver.ended_at.is_(None))
        .values(ended_at=clock.now())
        .execution_options(synchronize_session=False)
    )


def init_checklists() -> None:
    """Subscribe `end_waivers` to every transition (once per process)."""
    article_transitioned.connect(end_waivers)
