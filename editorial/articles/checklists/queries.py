"""The checklists' reads: a story's checklist for its next steps (the article page's panel), the
compact mark of its next step (board cards, My queue, the fact-check queue), and the rules for
the admin page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from editorial import checklist_rules as rules
from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, ChecklistRule, Section, User
from editorial.models.checklists import attach, checklist_of
from editorial.text import count_words
from editorial.workflow_guards import role_of


@dataclass(frozen=True)
class Step:
    """One next step of the story and its rules, each with what this person may do about it."""

    transition: workflow.Transition
    results: list[rules.Result]
    may_waive: frozenset[int]  # rule ids this person may waive now
    may_sign: frozenset[int]  # sign-off rule ids this person may sign now

    @property
    def blocked(self) -> bool:
        return any(r.blocks for r in self.results)


def next_steps(article: Article) -> list[workflow.Transition]:
    """The rows a person may apply from the story's state, in table order."""
    return [t for t in workflow.TRANSITIONS if t.house_rules and article.state in t.sources]


def steps_for(article: Article, person: User | None) -> list[Step]:
    """The story's checklist for each next step that has rules (the article page's panel)."""
    checklist = checklist_of(article)
    role = role_of(person) if person is not None else None
    steps = []
    for t in next_steps(article):
        results = checklist.results(t.name)
        if not results:
            continue
        waivable = {r.rule.id for r in results if r.blocks and r.rule.waiver_role == role}
        signable = {
            r.rule.id
            for r in results
            if r.rule.kind == rules.SIGNOFF and not r.met and r.rule.params.get("role") == role
        }
        steps.append(Step(t, results, frozenset(waivable), frozenset(signable)))
    return steps


def typed_steps(article: Article, typed: dict[str, str]) -> list[Step]:
    """The next steps' checklist for the text as typed in the editor (not saved yet), so the
    editor shows it live; read-only (waivers and sign-offs are on the story's page)."""
    checklist = checklist_of(article)
    facts = checklist.facts
    tags = frozenset(t.strip().lower() for t in typed.get("tags", "").split(",") if t.strip())
    facts = replace(
        facts,
        headline=typed.get("headline", facts.headline),
        summary=typed.get("summary", facts.summary),
        word_count=count_words(typed["body"]) if "body" in typed else facts.word_count,
        section_id=_int(typed.get("section_id"), facts.section_id),
        region_id=_int(typed.get("region_id"), facts.region_id),
        tags=tags if "tags" in typed else facts.tags,
    )
    typed_list = rules.Checklist(checklist.rules, facts)
    steps = []
    for t in next_steps(article):
        if results := typed_list.results(t.name):
            steps.append(Step(t, results, frozenset(), frozenset()))
    return steps


def _int(value: str | None, default: int | None) -> int | None:
    if value is None:
        return default
    return int(value) if value.strip().isdigit() else None


def panel_context(article: Article, person: User | None, **extra: Any) -> dict[str, Any]:
    """What `checklists/_panel.html` needs."""
    return {
        "article": article,
        "checklist": {"steps": steps_for(article, person), "error": None, **extra},
    }


@dataclass(frozen=True)
class Mark:
    """The compact pass/fail of a story's next step: its label, and the first unmet rule."""

    step: str
    passed: bool
    problem: str | None
    advisories: int


def forward_step(state: str) -> workflow.Transition | None:
    """The way forward from `state` (the row drawn as the primary button)."""
    return next(
        (
            t
            for t in workflow.TRANSITIONS
            if state in t.sources and t.house_rules and t.style == "primary"
        ),
        None,
    )


def attach_marks(articles: Iterable[Article]) -> None:
    """Read every story's checklist for a page at once (one query per kind of fact)."""
    attach(list(articles))


def mark_of(article: Article | None) -> Mark | None:
    """The story's next-step mark (template global `checklist_mark`); None when no rule holds."""
    step = forward_step(article.state) if article is not None else None
    if article is None or step is None:
        return None
    results = checklist_of(article).results(step.name)
    if not results:
        return None
    blocking = next((r for r in results if r.blocks), None)
    advisories = sum(1 for r in results if not r.rule.blocking and not r.met)
    return Mark(step.label, blocking is None, blocking.message if blocking else None, advisories)


def all_rules() -> list[ChecklistRule]:
    """Every house rule, by step in the table's order."""
    order = {t.name: i for i, t in enumerate(workflow.TRANSITIONS)}
    found = db.session.scalars(select(ChecklistRule).order_by(ChecklistRule.id)).all()
    return sorted(found, key=lambda r: order.get(r.transition, len(order)))


def section_names() -> dict[int, str]:
    """Every section's name by id (the rules name theirs)."""
    return dict(db.session.execute(select(Section.id, Section.name)).all())
