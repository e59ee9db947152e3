"""House checklists: the rules a newsroom attaches to rows of the workflow table, evaluated.

Pure (no Flask, no database), like `editorial.workflow_guards` beside it: a rule (`Rule`) and
what is read of one story (`Facts`) go in, a `Result` with the sentence a person reads comes out.
`editorial.models.checklists` reads the rules (once per request) and the facts (one query per
kind for a whole page of stories) and hands them to `Checklist`; the workflow's `check_guard`
asks the article's checklist through `checklist_met`, so the button, its explanation and the
transition service read the same rules, as every other guard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

WORD_COUNT, HEADLINE, SUMMARY, PICTURE = "word_count", "headline_length", "summary", "picture"
TAGS, PLACED, COMMENTS, CLAIMS, SIGNOFF = "tags", "placed", "comments", "claims", "signoff"

# Each kind, its label on the admin page, and the parameters it takes (names the form reads).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    WORD_COUNT: ("Word count in a range", ("minimum", "maximum")),
    HEADLINE: ("Headline length in a range (characters)", ("minimum", "maximum")),
    SUMMARY: ("Summary present, length in a range (characters)", ("minimum", "maximum")),
    PICTURE: ("A library picture with alt text", ()),
    TAGS: ("At least N tags", ("minimum",)),
    PLACED: ("Section and region set", ()),
    COMMENTS: ("No unresolved comment threads", ()),
    CLAIMS: ("Fact-check claims resolved", ()),
    SIGNOFF: ("A sign-off by a role when the story has a tag", ("role", "tag")),
}


@dataclass(frozen=True)
class Rule:
    """One house rule on one row of the table; `sections`/`languages` empty means every one.

    `waiver_role`: who may waive it when it blocks (None: nobody; the rule must be met)."""

    id: int
    transition: str
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    blocking: bool = True
    waiver_role: str | None = None
    sections: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()

    def applies_to(self, facts: Facts) -> bool:
        """Whether the rule holds for this story's section and language."""
        if self.sections and facts.section_id not in self.sections:
            return False
        return not self.languages or facts.language in self.languages


class TallyLike(Protocol):
    total: int

    def problem(self) -> str | None: ...


@dataclass(frozen=True)
class Signoff:
    """Who signed a sign-off rule off for a story, and when."""

    rule_id: int
    name: str
    at: datetime


@dataclass(frozen=True)
class Waiver:
    """A blocking rule set aside for one story and one transition, until the story next moves."""

    rule_id: int
    transition: str
    name: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Facts:
    """What the rules read of one story."""

    state: str
    headline: str
    summary: str
    word_count: int
    section_id: int | None
    region_id: int | None
    language: str
    picture_alt: str | None  # None: no library picture; "" a picture without alt text
    tags: frozenset[str] = frozenset()  # tag names, lower case
    open_threads: int = 0
    claims: TallyLike | None = None
    signoffs: Mapping[int, Signoff] = field(default_factory=dict)
    waivers: Mapping[tuple[int, str], Waiver] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """One rule for one story: met or not, and why (the sentence the checklist shows)."""

    rule: Rule
    met: bool
    message: str
    signoff: Signoff | None = None
    waiver: Waiver | None = None

    @property
    def blocks(self) -> bool:
        """It holds the transition back: blocking, unmet, not waived."""
        return self.rule.blocking and not self.met and self.waiver is None


def _int(params: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    return int(value) if isinstance(value, int | str) and str(value).strip() else default


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _in_range(n: int, low: int | None, high: int | None, unit: str, what: str) -> tuple[bool, str]:
    if low is not None and n < low:
        return False, f"{what} has {_plural(n, unit)}; it needs at least {low}."
    if high is not None and n > high:
        return False, f"{what} has {_plural(n, unit)}; keep it to {high} at most."
    return True, f"{what} has {_plural(n, unit)}."


def _word_count(rule: Rule, f: Facts) -> tuple[bool, str]:
    p = rule.params
    return _in_range(f.word_count, _int(p, "minimum"), _int(p, "maximum"), "word", "The story")


def _headline(rule: Rule, f: Facts) -> tuple[bool, str]:
    p = rule.params
    n = len(f.headline.strip())
    return _in_range(n, _int(p, "minimum"), _int(p, "maximum"), "character", "The headline")


def _summary(rule: Rule, f: Facts) -> tuple[bool, str]:
    text = f.summary.strip()
    if not text:
        return False, "Add a summary."
    p = rule.params
    return _in_range(len(text), _int(p, "minimum"), _int(p, "maximum"), "character", "The summary")


def _picture(_rule: Rule, f: Facts) -> tuple[bool, str]:
    if f.picture_alt is None:
        return False, "Choose a picture from the library."
    if not f.picture_alt.strip():
        return False, "The picture has no alt text: describe it in the library."
    return True, "A library picture with alt text."


def _tags(rule: Rule, f: Facts) -> tuple[bool, str]:
    wanted = _int(rule.params, "minimum", 1) or 0
    if len(f.tags) < wanted:
        return False, f"The story has {_plural(len(f.tags), 'tag')}; it needs at least {wanted}."
    return True, f"The story has {_plural(len(f.tags), 'tag')}."


def _placed(_rule: Rule, f: Facts) -> tuple[bool, str]:
    missing = [
        name for name, v in (("a section", f.section_id), ("a region", f.region_id)) if not v
    ]
    if missing:
        return False, f"Choose {' and '.join(missing)}."
    return True, "Section and region set."


def _comments(_rule: Rule, f: Facts) -> tuple[bool, str]:
    if f.open_threads:
        return False, f"{_plural(f.open_threads, 'comment thread')} still open: resolve them."
    return True, "Every comment thread resolved."


def _claims(_rule: Rule, f: Facts) -> tuple[bool, str]:
    problem = f.claims.problem() if f.claims is not None else None
    return (False, problem) if problem else (True, "Every fact-check claim resolved.")


def _signoff(rule: Rule, f: Facts) -> tuple[bool, str]:
    tag = str(rule.params.get("tag", "")).strip()
    role = str(rule.params.get("role", "")).replace("_", "-")
    if tag.lower() not in f.tags:
        return True, f"Not tagged {tag}: no {role} sign-off needed."
    done = f.signoffs.get(rule.id)
    if done is None:
        article = "an" if role[:1] in "aeiou" else "a"
        return False, f"Tagged {tag}: {article} {role} must sign it off."
    return True, f"Signed off by {done.name} ({role})."


CHECKS: dict[str, Callable[[Rule, Facts], tuple[bool, str]]] = {
    WORD_COUNT: _word_count,
    HEADLINE: _headline,
    SUMMARY: _summary,
    PICTURE: _picture,
    TAGS: _tags,
    PLACED: _placed,
    COMMENTS: _comments,
    CLAIMS: _claims,
    SIGNOFF: _signoff,
}


def evaluate(rule: Rule, facts: Facts) -> Result:
    """`rule` for the story `facts` describe (a waiver counts only for the rule's own row)."""
    check = CHECKS.get(rule.kind)
    met, message = check(rule, facts) if check else (True, "A rule of an unknown kind.")
    return Result(
        rule,
        met,
        message,
        signoff=facts.signoffs.get(rule.id) if rule.kind == SIGNOFF else None,
        waiver=None if met else facts.waivers.get((rule.id, rule.transition)),
    )


@dataclass(frozen=True)
class Checklist:
    """A story's house rules, by transition (only the rules that apply to it)."""

    rules: tuple[Rule, ...]
    facts: Facts

    def results(self, transition: str) -> list[Result]:
        """Every rule on `transition` for this story, in the admin page's order."""
        return [
            evaluate(r, self.facts)
            for r in self.rules
            if r.transition == transition and r.applies_to(self.facts)
        ]

    def problem(self, transition: str) -> str | None:
        """The first blocking unmet rule's message (None: nothing holds it back)."""
        return next((r.message for r in self.results(transition) if r.blocks), None)


def checklist_met(transition: str, article: object) -> str | None:
    """The guard the workflow adds to every row a person applies: the story's house rules on
    that row (`Article.checklist`), blocking ones met or waived."""
    checklist: Checklist | None = getattr(article, "checklist", None)
    return checklist.problem(transition) if checklist is not None else None
