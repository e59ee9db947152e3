"""Who may do what: `can(user, action, obj)` is the single answer, used by views and templates.

Deny by default: an action not in RULES is refused, and so is everything for a signed-out or
deactivated user. Article visibility is also expressed as SQL (`visible_articles`) so lists and
single pages agree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, NoReturn, Protocol, TypeVar, cast

from flask import abort, request
from flask_login import current_user
from sqlalchemy import and_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from editorial import loaded_rows, workflow
from editorial.audit import record
from editorial.bounded import Bounded
from editorial.database import writing
from editorial.extensions import db
from editorial.models import Article, Plan, Role, User, on_byline, publicly_visible

F = TypeVar("F", bound=Callable[..., Any])
P = TypeVar("P", bound=Any)  # a row with an `article_id` (get_part_of)

EDITORS = (Role.EDITOR, Role.ADMIN)
WRITERS = (Role.REPORTER, Role.EDITOR, Role.ADMIN)
LIVE_DESK = (Role.REPORTER, Role.FACT_CHECKER, *EDITORS)  # "live.desk" (and the stream's gate)


def _writes(user: User, article: Article) -> bool:
    """On the byline, or the translation's translator: who writes this text (a translator not on
    the byline sees, reads inside and edits the translation as its authors do)."""
    return article.is_author(user) or (
        article.translator_id is not None and article.translator_id == user.id
    )


def _see_article(user: User, article: Article) -> bool:
    if user.has_role(*EDITORS) or _writes(user, article):
        return True
    if user.has_role(Role.FACT_CHECKER) and (
        article.state in workflow.CHECKED_STATES or article.fact_checker_id == user.id
    ):
        return True
    return article.state == workflow.PUBLIC_STATE


def _see_inside(user: User, article: Article) -> bool:
    """The article's inside (revisions, notes, activity, comments): byline, assignees, editors."""
    if user.has_role(*EDITORS) or _writes(user, article):
        return True
    return user.id in (article.editor_id, article.fact_checker_id)


def _edit_article(user: User, article: Article) -> bool:
    if article.state not in workflow.EDITABLE_STATES:
        return False
    if user.has_role(*EDITORS):
        return True
    return article.state in workflow.AUTHOR_EDITABLE_STATES and _writes(user, article)


def _change_byline(user: User, article: Article | None) -> bool:
    """Who is on a byline: editors and admins choose it, in the editor (so only while they may
    edit the story; `None`: a story not yet written)."""
    return user.has_role(*EDITORS) and (article is None or _edit_article(user, article))


def _correct_article(user: User, article: Article) -> bool:
    return user.has_role(*EDITORS) and article.state in workflow.CORRECTABLE_STATES


def _read_claims(user: User, article: Article) -> bool:
    """The claim ledger: anyone who may see the article (issue 9: so the byline can fix what was
    flagged); changing it is `_change_claims`."""
    return _see_article(user, article)


def _change_claims(user: User, article: Article) -> bool:
    """Verdicts and evidence: during the check, by the assigned fact-checker (or an unassigned
    check's taker-to-be), editors and admins; never by someone on the byline."""
    if article.state != workflow.FACT_CHECK or article.is_author(user):
        return False
    if user.has_role(*EDITORS):
        return True
    return user.has_role(Role.FACT_CHECKER) and article.fact_checker_id in (None, user.id)


def _on_plan(user: User, plan: Plan) -> bool:
    """A planned story's people: its reporter, desk owner and proposer, and (once started)
    whoever may see inside its story. Editors and admins see every plan."""
    if user.has_role(*EDITORS):
        return True
    if user.id in (plan.reporter_id, plan.owner_id, plan.created_by_id):
        return True
    return plan.article is not None and _see_inside(user, plan.article)


def _start_plan(user: User, plan: Plan) -> bool:
    """ "Start the draft": editors and admins, and the plan's own reporter (who writes it)."""
    return user.has_role(*EDITORS) or (user.has_role(Role.REPORTER) and plan.reporter_id == user.id)


def _share_preview(user: User, article: Article) -> bool:
    """Preview links for outside reviewers (editorial/previews): editors and admins on any story,
    a writer on the byline for their own draft only (once it moves on, the desk decides)."""
    if user.has_role(*EDITORS):
        return True
    return (
        user.has_role(*WRITERS)
        and article.state in workflow.AUTHOR_EDITABLE_STATES
        and article.is_author(user)
    )


def _live_post(user: User, article: Article | None) -> bool:
    """Writing live posts (editorial/live): editors and admins, and reporters who may see the
    story (their posts wait for an editor unless one lets them post directly)."""
    if user.has_role(*EDITORS):
        return True
    return user.has_role(Role.REPORTER) and (article is None or _see_article(user, article))


def _live_check(user: User, article: Article | None) -> bool:
    """A live post's check (its claims, their verdicts, clearing it): fact-checkers, and whom
    the article ledger allows, editors and admins; never on a post they wrote or co-wrote
    (`live.checks`, which has the post)."""
    return user.has_role(Role.FACT_CHECKER, *EDITORS)


RULES: dict[str, Callable[[User, Any], bool]] = {
    "desk.use": lambda user, _: True,
    "users.manage": lambda user, _: user.has_role(Role.ADMIN),
    "audit.view": lambda user, _: user.has_role(Role.ADMIN),
    "taxonomy.manage": lambda user, _: user.has_role(Role.ADMIN),
    "settings.manage": lambda user, _: user.has_role(Role.ADMIN),
    "webhooks.manage": lambda user, _: user.has_role(Role.ADMIN),
    "checklists.manage": lambda user, _: user.has_role(Role.ADMIN),
    "article.create": lambda user, _: user.has_role(*WRITERS),
    "article.view": _see_article,
    "article.history": _see_inside,
    "article.comment": _see_inside,
    "article.assign": lambda user, _: user.has_role(*EDITORS),
    "article.edit": _edit_article,
    "article.byline": _change_byline,
    "article.correct": _correct_article,
    # Whoever may change its text now: by a save, or (published) by a correction.
    "article.mark_up_to_date": lambda user, a: _edit_article(user, a) or _correct_article(user, a),
    # Editors, and a writer on the byline of the story being translated (its source).
    "article.translate": lambda user, a: (
        user.has_role(*EDITORS) or (user.has_role(*WRITERS) and a is not None and a.is_author(user))
    ),
    "article.restore_revision": lambda user, a: user.has_role(*EDITORS) and _edit_article(user, a),
    "preview.manage": _share_preview,
    "breaking.manage": lambda user, _: user.has_role(*EDITORS),
    "claims.read": _read_claims,
    "claims.change": _change_claims,
    "factcheck.queue": lambda user, _: user.has_role(Role.FACT_CHECKER, *EDITORS),
    "coverage.manage": lambda user, _: user.has_role(*EDITORS),
    # The calendar: editors and admins see every item and move them; others see their own.
    "calendar.everything": lambda user, _: user.has_role(*EDITORS),
    "calendar.move": lambda user, _: user.has_role(*EDITORS),
    "deadline.set": lambda user, _: user.has_role(*EDITORS),
    # The planning desk (editorial/planning: its docstring says why each rule is so).
    "plan.manage": lambda user, _: user.has_role(*EDITORS),
    "plan.propose": lambda user, _: user.has_role(Role.REPORTER),
    "plan.view": _on_plan,
    "plan.start": _start_plan,
    # Insights (editorial/insights): the whole newsroom's figures for editors and admins; anyone
    # else signed in sees only the figures of the stories they are on ("insights.own").
    "insights.everyone": lambda user, _: user.has_role(*EDITORS),
    "insights.own": lambda user, _: True,
    # Live coverage (editorial/live: its docstring says why each rule is so).
    "live.manage": lambda user, _: user.has_role(*EDITORS),
    "live.post": _live_post,
    "live.check": _live_check,
    "live.desk": lambda user, _: user.has_role(*LIVE_DESK),
    # Fronts (editorial/fronts): editors and admins arrange and publish; admins pick layouts.
    "front.edit": lambda user, _: user.has_role(*EDITORS),
    "front.layout": lambda user, _: user.has_role(Role.ADMIN),
}


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether `user` may do `action` (on `obj`). Unknown actions and anonymous users: no."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rule = RULES.get(action)
    return bool(rule and rule(user, obj))


def public(view: F) -> F:
    """Mark a view as open to everyone; every other view needs a signed-in user (deny by
    default: `auth.sessions` refuses a request for an unmarked view without one)."""
    view._public = True  # type: ignore[attr-defined]  # a marker on the function object
    return view


def require(action: str) -> Callable[[F], F]:
    """View decorator: 403 unless the signed-in user `can(action)` (no object)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not can(current_user, action):
                deny(action)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def record_denial(action: str, obj: Any = None) -> None:
    """Write a refused access to the audit log (`access.denied`), in a transaction of its own.

    Its own write: a refused GET reads, and must not upgrade its read into a write; and nothing
    else the request changed is committed with it.
    """
    with writing():
        record("access.denied", obj, permission=action, path=request.path, method=request.method)
        db.session.commit()


class Viewer(Protocol):
    """Who the SQL conditions below need: an id and a role (a `User`, or the poll gate's
    `fast_sessions.Person`, which checks a poll's access from columns without loading anyone)."""

    @property
    def id(self) -> int: ...

    def has_role(self, *roles: Role) -> bool: ...


def deny(action: str, obj: Any = None, *, status: int = 403) -> NoReturn:
    """Record a refused access in the audit log and abort with `status` (403, or 404 to hide)."""
    record_denial(action, obj)
    abort(status)


def visible_articles(user: Viewer) -> ColumnElement[bool]:
    """SQL condition matching exactly the articles `_see_article` lets `user` see."""
    if user.has_role(*EDITORS):
        return true()
    conditions = [on_byline(user.id), Article.translator_id == user.id]
    conditions.append(Article.state == workflow.PUBLIC_STATE)
    if user.has_role(Role.FACT_CHECKER):
        conditions += [
            Article.state.in_(workflow.CHECKED_STATES),
            Article.fact_checker_id == user.id,
        ]
    return or_(*conditions)


def inside_articles(user: Viewer) -> ColumnElement[bool]:
    """SQL condition matching exactly the articles whose inside `_see_inside` lets `user` see."""
    if user.has_role(*EDITORS):
        return true()
    return or_(
        on_byline(user.id),
        Article.translator_id == user.id,
        Article.editor_id == user.id,
        Article.fact_checker_id == user.id,
    )


# The same two rules for the person of a statement's `users` row, their id and role read as
# columns: a poll's join onto the poll gate's session check (`cheap_poll(joined=...)`), one
# statement for every role where the rules above give one per person (bench:pgpolls).
_ROW_IS_EDITOR = User.role.in_(EDITORS)
_ROW_WRITES = or_(on_byline(User.id), Article.translator_id == User.id)


def visible_to_row() -> ColumnElement[bool]:
    """SQL condition: `_see_article` for the person of the statement's `users` row (as
    `visible_articles` for that person)."""
    return or_(
        _ROW_IS_EDITOR,
        _ROW_WRITES,
        and_(
            User.role == Role.FACT_CHECKER,
            or_(
                Article.state.in_(workflow.CHECKED_STATES),
                Article.fact_checker_id == User.id,
            ),
        ),
        Article.state == workflow.PUBLIC_STATE,
    )


def inside_to_row() -> ColumnElement[bool]:
    """SQL condition: `_see_inside` for the person of the statement's `users` row (as
    `inside_articles` for that person)."""
    return or_(
        _ROW_IS_EDITOR,
        _ROW_WRITES,
        Article.editor_id == User.id,
        Article.fact_checker_id == User.id,
    )


T = TypeVar("T")
VIEWER_STATEMENTS_KEPT = 512
_VIEWER_STATEMENTS: Bounded[tuple[Any, ...], Any] = Bounded(VIEWER_STATEMENTS_KEPT)


def per_viewer(user: Viewer, what: Hashable, build: Callable[[], T]) -> T:
    """`build()`'s statement carrying `user`'s `visible_articles` / `inside_articles` rule, kept
    per (person, whether a fact-checker, `what`): all those rules read of a person who is not an
    editor. Built per poll, a statement cost a reporter's poll its SQLAlchemy cache key and a
    compile lookup (`raw_reads` finds a kept one by identity: bench:presence-poll)."""
    key = (user.id, user.has_role(Role.FACT_CHECKER), user.has_role(*EDITORS), what)
    found: T | None = _VIEWER_STATEMENTS.get(key)
    if found is None:
        found = build()
        _VIEWER_STATEMENTS.put(key, found)
    return found


def get_visible_article(user: User, article_id: int) -> Article:
    """The article if `user` may see it, else 404 (never 403: ids must leak nothing)."""
    article = loaded_rows.get(Article, article_id)
    if article is None or not can(user, "article.view", article):
        abort(404)
    return article


def get_article_for(user: User, action: str, article_id: int) -> Article:
    """The article if `user` may `action` it: 404 when they can't even see it, 403 when they can."""
    article = get_visible_article(user, article_id)
    if not can(user, action, article):
        deny(action, article)
    return article


def get_part_of(model: type[P], part_id: int, article: Article) -> P:
    """Row `part_id` of `model` (a comment, claim, revision...) if it belongs to `article`; 404
    otherwise, so an id from another story (one the person may not see) reveals nothing."""
    part = loaded_rows.get(model, part_id)
    if part is None or part.article_id != article.id:
        abort(404)
    return part


__all__ = [
    "can",
    "deny",
    "record_denial",
    "get_article_for",
    "get_part_of",
    "get_visible_article",
    "inside_articles",
    "inside_to_row",
    "public",
    "publicly_visible",
    "require",
    "visible_articles",
    "visible_to_row",
]
