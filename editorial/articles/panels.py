"""The panels of an article's desk page, and what each shows: actions (the transitions one may
take), assignment, the house checklist, the claim ledger, activity and the comments.

`show_context` is the whole page's; every action that changes a panel answers with it and, when
the request came from that page, the other panels out of band (`refreshed`).

The page carries a stamp (`desk_seen`: the desk's and the site's versions it was drawn at, a
hidden input the claim check form and the comment box include). An action whose own change
touches only a few panels (a verdict: the actions' Clear and Flag, the checklist's claims rule;
a new comment thread: the checklist's open threads rule, `only_changed`) answers with those
alone when the stamp shows that nothing else was written since the page was drawn but this
request's own change (the desk's version moved by one, the site's not at all); otherwise, or with
no stamp, every panel comes back as before (`around`; a comment's whole thread, without a new
stamp). Either way a verdict's answer carries the new stamp out of band, so a run of verdicts
stays cheap while other people's changes (a version that moved by more) still reach the page
with the next action. Words the clock alone changes in the
panels not sent ("3 min ago", "due in 2 h") wait for that next full draw or a reload, as they
always did between actions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import inspect

from editorial import htmx, workflow
from editorial.articles.assignment import service
from editorial.articles.checklists import queries as checklists
from editorial.articles.claims import queries as claims
from editorial.articles.comments.queries import box_context, thread_context
from editorial.articles.kept_panels import KEYS as KEPT
from editorial.articles.kept_panels import kept_panel
from editorial.articles.queries import activity
from editorial.articles.translations import queries as translations
from editorial.board_version import board_version_now, moved_by_this_request
from editorial.csrf_holes import HOLE, fill
from editorial.forms import address_int
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.kept_parts import part_key
from editorial.models import Article, User
from editorial.page_cache import site_version
from editorial.people.service import active_fact_checkers
from editorial.permissions import can


def fact_checkers_for(article: Article) -> list[Any]:
    """Active fact-checkers who could be assigned to `article` (not its authors), as rows of
    `id` and `display_name` (`people.service.active_fact_checkers`): its byline
    left out by the read itself when the byline is not loaded (a transition's answer), rather
    than loaded for it."""
    state = inspect(article)
    if "authors" in state.unloaded and state.persistent:
        return active_fact_checkers(not_on_byline_of=article.id)
    return [person for person in active_fact_checkers() if not article.is_author(person)]


def actions_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `articles/_actions.html` needs: the options for this user and form state."""
    options = workflow.available(article, current_person())
    if extra.get("error_for") not in {option.name for option in options}:
        # The refused action is no longer on offer (the article moved): say it above the buttons.
        extra["error_for"] = None
    needs_checkers = any(option.transition.needs_fact_checker for option in options)
    # The flag note's first draft lists the false claims and their evidence, the clear note's
    # the resolved ones (editable).
    enabled = {option.name for option in options if option.enabled}
    drafts = {"flag": claims.flag_note, "clear": claims.clear_note}
    prefill = {name: draft(article) for name, draft in drafts.items() if name in enabled}
    return {
        "article": article,
        "options": options,
        "fact_checkers": fact_checkers_for(article) if needs_checkers else [],
        "state_labels": workflow.STATE_LABELS,
        "error_for": extra.pop("error_for", None),
        "error": None,
        "error_field": None,
        "typed": {},
        "prefill": prefill,
        **extra,
    }


@dataclass
class Row:
    """One duty in the panel: who holds it, and the people to choose from (None: read-only)."""

    duty: service.Duty
    holder: User | None
    choices: list[service.Candidate] | None


def assignment_context(article: Article, error: str | None = None) -> dict[str, Any]:
    """What `articles/_assignment.html` needs, for the signed-in person."""
    person = current_person()
    assigning = can(person, "article.assign", article)
    rows = [
        Row(
            duty,
            getattr(article, duty.name),
            service.candidates(article, duty) if assigning else None,
        )
        for duty in service.duties_of(article)
    ]
    return {
        "article": article,
        "assignment": {"rows": rows, "take": service.takeable(article, person), "error": error},
    }


def show_context(
    article: Article, *, ledger: bool = True, discussion: bool = True, **extra: Any
) -> dict[str, Any]:
    """Everything the article's desk page shows: actions, assignment, activity and comments.

    The inside of the story (activity, comments) only for those who may see it: the byline, the
    people assigned, editors and admins. `ledger=False`: not the claim ledger (every claim with
    its history), for an answer that carries its own part of it; `discussion=False`: not the
    comments, for an answer that does not draw them (`_panels.html` only when they changed).
    """
    person = current_person()
    inside = can(person, "article.history", article)
    everything = request.args.get("all_comments") == "1"
    context = actions_context(article, **extra)
    context |= assignment_context(article)
    checking = address_int(request.args.get("check"), None)  # the claim whose form is open (no JS)
    if ledger:
        context |= claims.ledger_context(article, person, editing=checking)
    context |= translations.panel_context(article, person)
    context["source_changed"] = translations.lag_context(article)
    context |= checklists.panel_context(article, person)
    context["inside"] = inside
    context["activity"] = activity(article) if inside else None  # None: its panel's empty slot
    if inside and discussion:
        context["thread"] = thread_context(article, everything=everything)
        context["box"] = box_context(article)
    return context


# The panels an action can answer with: its template, and the part of `show_context` it reads.
PANELS: dict[str, str] = {
    "actions": "articles/_actions.html",
    "assignment": "articles/_assignment.html",
    "ledger": "claims/_ledger.html",
    "checklist": "checklists/_panel.html",
}


def panel_context_for(article: Article, answered: str) -> dict[str, Any]:
    """What panel `answered` alone needs (no other panel's queries run)."""
    if answered == "actions":
        return actions_context(article)
    if answered == "assignment":
        return assignment_context(article)
    if answered == "checklist":
        return checklists.panel_context(article, current_person())
    return {"article": article, **claims.ledger_context(article, current_person())}


def refreshed(article: Article, answered: str, was_inside: bool | None = None) -> str:
    """The panel that answered an action, and every other panel out of band when the request
    came from the desk page.

    The one mechanism that keeps the page current after an action: whatever answered (the
    actions after a transition, the assignment after a change, the ledger after a new claim), every
    other panel (tools, actions, assignment, facts, ledger, activity) comes back with it, all drawn
    from one `show_context`. From anywhere else (the board's card menus, the editor), whose pages
    hold none of these panels, only the answering panel, from its own context. An answer smaller
    than its panel (a verdict's one claim) adds the others with `around`.

    `was_inside`: whether the person could see inside the story before the action (`inside`),
    given by actions that can change it (taking the check); when it changed, the comments come
    too (shown, or taken away).
    """
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return render_template(PANELS[answered], **panel_context_for(article, answered))
    context = show_context(article, discussion=was_inside is not None)
    context["discussion_changed"] = was_inside is not None and was_inside != context["inside"]
    return render_template(PANELS[answered], **context) + render_template(
        "articles/_panels.html", answered=answered, **context
    )


STAMP_FIELD = "desk_seen"  # the page's stamp, as the claim check form includes it


def desk_stamp(board: int) -> str:
    """The stamp of a page drawn at desk version `board` (and the site's version now)."""
    return f"{board}.{site_version()}"


def stamp_html(article: Article, stamp: str, *, oob: bool) -> str:
    """The page's stamp: a hidden input the claim check form includes (`hx-include`)."""
    return render_template("articles/_stamp.html", article=article, stamp=stamp, oob=oob)


def around(
    article: Article, answered: str, changed: tuple[str, ...] = (), board: int | None = None
) -> str:
    """The other panels out of band, when the request came from the desk page (else ""): for an
    answer smaller than its panel, such as a verdict's one claim and the progress line, where
    redrawing the ledger of 200 claims was most of the answer's cost.

    Only the panels `changed` (keys of `PANELS`) when the page's stamp says nothing but this
    request's own committed write happened since it was drawn (see the module's docstring), else
    every panel but `answered` (those nothing but `changed` could have moved kept: `_others`);
    with the new stamp either way. Call it after the commit; `board`: the desk's version as the
    caller read it after the commit, before drawing anything (`board_version_now`).
    """
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return ""
    if board is None:
        board = board_version_now()  # after the commit, before anything is drawn
    if changed and _current_but_own_write(board):
        return _alone(article, board, changed)
    stamp = stamp_html(article, desk_stamp(board), oob=True)
    holes = [name for name in KEPT_HOLES if name in changed and name != answered]
    if changed and len(holes) == len(changed):
        return stamp + _others(article, answered, board, holes)
    context = show_context(article, ledger=answered != "ledger", discussion=False)
    return stamp + render_template("articles/_panels.html", answered=answered, **context)


# The panels `around` may leave as holes in the kept others, in the order `_panels.html` draws
# them (each hole is filled in that order), and the marker it draws for each: random per
# process, as `csrf_holes.HOLE`, so no text a person types can forge one.
KEPT_HOLES = ("actions", "assignment", "checklist")
_MARK = Markup(f"panel-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


def _others(article: Article, answered: str, board: int, holes: list[str]) -> str:
    """Every panel but `answered` as `_panels.html` draws them, those in `holes` drawn afresh and
    the others kept (issue 28: redrawing them was ~13 ms of a verdict's 30 under load).

    Kept as a staff page's part is (`kept_parts.part_key`: the desk's version, the viewer, the
    address, the zone and the minute, whose clock words they show), with the site's version and
    the story, and with holes for the CSRF token, the panels `holes` and the preview links
    (whose views move no version). A part kept at the version just before this request's own
    write is carried over to the version that write moved it to (`moved_by_this_request`, read
    again after the commit): nothing else was written between, and what this request's write
    changed is in `holes`, so a run of verdicts draws the rest once a minute.
    """
    person = current_person()

    def key(version: int) -> Any:
        return part_key(
            "articles.panels.others", person, version, site_version(), article.id, answered,
            tuple(holes),
        )  # fmt: skip

    def render() -> tuple[str, ...]:
        if moved_by_this_request() == board:
            earlier = fragment_cache().peek(key(board - 1))
            if earlier is not None:
                return tuple(earlier)
        context = show_context(article, ledger=answered != "ledger", discussion=False)
        html = render_template(
            "articles/_panels.html",
            answered=answered,
            holes=dict.fromkeys(holes, _MARK),
            previews_hole=_MARK,
            csrf_token=lambda: HOLE,
            **context,
        )
        return tuple(html.split(_MARK))

    kept: tuple[str, ...] = fragment_cache().get_or_render(key(board), render)
    fresh = [_oob_panel(article, name) for name in holes]
    fresh.append(render_template("articles/_previews_slot.html", article=article, oob=True))
    if len(kept) != len(fresh) + 1:
        raise LookupError("the kept panels do not have a hole for each fresh one")
    token = generate_csrf
    parts: list[str] = [fill(kept[0], token)]
    for value, stretch in zip(fresh, kept[1:], strict=True):
        parts += [value, fill(stretch, token)]
    return "".join(parts)


def only_changed(article: Article, changed: tuple[str, ...]) -> str | None:
    """The panels `changed` out of band with the new stamp, when the request came from the desk
    page and its stamp says nothing but this request's own committed write happened since it was
    drawn; else None, and the caller answers as it would without a stamp (a new comment: the
    whole thread and activity). Call it after the commit."""
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return None
    board = board_version_now()
    return _alone(article, board, changed) if _current_but_own_write(board) else None


def also_changed(article: Article, changed: tuple[str, ...]) -> str:
    """The panels `changed` out of band, without a stamp, when the request came from the desk
    page (else ""): for an answer that redraws its own part whole but changes a rule other panels
    show (a comment's thread and the checklist's "no unresolved threads", the actions it enables).
    The page's stamp stays as it was, since its other panels were not drawn again."""
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return ""
    return _drawn(article, changed)


def _current_but_own_write(board: int) -> bool:
    """Whether the page's stamp is the desk's version just before this request's own write (at
    `board` now), with the site's version unchanged."""
    return request.form.get(STAMP_FIELD) == desk_stamp(board - 1)


def _alone(article: Article, board: int, changed: tuple[str, ...]) -> str:
    return stamp_html(article, desk_stamp(board), oob=True) + _drawn(article, changed)


def _drawn(article: Article, changed: tuple[str, ...]) -> str:
    """The panels `changed`, each alone and out of band."""
    return "".join(_oob_panel(article, name) for name in changed)


def _oob_panel(article: Article, name: str) -> str:
    """Panel `name` alone and out of band: the actions and the checklist kept per what they
    show (`kept_panels`), the others drawn."""
    context = panel_context_for(article, name)
    if name in KEPT:
        return kept_panel(PANELS[name], name, article, context)
    return render_template(PANELS[name], oob=True, **context)
