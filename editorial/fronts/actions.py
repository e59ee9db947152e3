"""The fronts editor's POSTs: fill, clear, move, swap and reword slots; the layout; publish,
schedule, call off, restore.

Each answers through `htmx.done` (for a plain form: a flash and back to the editor, at the slot
it concerned) or, refused, the editor again with the reason and what was typed, and the status.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.extensions import db
from editorial.fronts import service
from editorial.fronts.forms import LayoutForm, PublishForm, ScheduleForm, WordsForm
from editorial.fronts.views import editor_context, render_editor, where
from editorial.identity import current_person
from editorial.models import Section
from editorial.permissions import require
from editorial.refusal import Refused, answer


def _done(lang: str, place: str, message: str, anchor: str = "") -> Response:
    section = where(lang, place)
    back = url_for("fronts.edit", lang=lang, place=place) + (f"#{anchor}" if anchor else "")

    def fragment() -> str:
        from flask import render_template

        return render_template("fronts/_front.html", **editor_context(lang, section))

    return htmx.done(message, fragment, back)


def _refused(lang: str, section: Section | None, refused: Refused, action: str = "front.edit",
             **extra: object) -> Response:  # fmt: skip
    said = answer(refused, action)
    return render_editor(lang, section, status=said.status, problem=said.message, **extra)


def _act(
    lang: str, place: str, change: Callable[[Section | None], str], anchor: str = ""
) -> Response:
    section = where(lang, place)
    try:
        message = change(section)
    except Refused as refused:
        return _refused(lang, section, refused)
    db.session.commit()
    return _done(lang, place, message, anchor)


def _number(name: str) -> int:
    raw = request.form.get(name, "").strip()
    if not raw.isdigit() or len(raw) > 12:
        raise Refused("Choose a story from the search.", field=name)
    return int(raw)


@require("front.edit")
def put(lang: str, place: str, slot: str) -> Response:
    """Put a public story (`article_id`) or a planned one (`plan_id`) in a slot."""
    container, position = _slot_of(slot)
    person = current_person()

    def change(section: Section | None) -> str:
        front = service.front_of(lang, section)
        if request.form.get("plan_id"):
            plan = service.put_plan(front, container, position, _number("plan_id"), person)
            title = plan.working_title
            return f"The plan “{title}” holds the slot; it fills itself when the story runs."
        article = service.put_story(front, container, position, _number("article_id"), person)
        return f"“{article.headline}” is in the draft."

    return _act(lang, place, change, f"slot-{container}-{position}")


@require("front.edit")
def clear(lang: str, place: str, slot: str) -> Response:
    """Make a slot automatic again."""
    container, position = _slot_of(slot)
    person = current_person()

    def change(section: Section | None) -> str:
        service.clear(service.front_of(lang, section), container, position, person)
        return "The slot is automatic: the newest story fills it."

    return _act(lang, place, change, f"slot-{container}-{position}")


@require("front.edit")
def move(lang: str, place: str, slot: str) -> Response:
    """Move a slot's story up or down one place (the keyboard's way to arrange the front)."""
    container, position = _slot_of(slot)
    person = current_person()
    direction = request.form.get("direction", "")

    def change(section: Section | None) -> str:
        service.move(service.front_of(lang, section), container, position, direction, person)
        return "Moved up." if direction == "up" else "Moved down."

    return _act(lang, place, change)


def _slot_of(text: str) -> tuple[str, int]:
    """A slot's address ("top-2") as (container, position); 404 for anything else."""
    container, _, position = text.rpartition("-")
    if not container or not position.isdigit() or len(position) > 3:
        abort(404)
    return container, int(position)


def _place(text: str) -> tuple[str, int]:
    container, _, position = text.rpartition("-")
    if not container or not position.isdigit() or len(position) > 3:
        raise Refused("Drop the story on a slot.", status=422)
    return container, int(position)


@require("front.edit")
def swap(lang: str, place: str) -> Response:
    """Swap two slots (`source`, `target` as "top-2"): what drag and drop sends."""
    person = current_person()

    def change(section: Section | None) -> str:
        source, target = (
            _place(request.form.get("source", "")),
            _place(request.form.get("target", "")),
        )
        service.move_to(service.front_of(lang, section), source, target, person)
        return "Moved."

    return _act(lang, place, change)


@require("front.edit")
def words(lang: str, place: str, slot: str) -> Response:
    """This front's own headline, summary and picture for a slot's story."""
    container, position = _slot_of(slot)
    section = where(lang, place)
    form = WordsForm()
    anchor = f"slot-{container}-{position}"
    if not form.validate():
        problem = " ".join(e for errors in form.errors.values() for e in errors)
        return render_editor(lang, section, status=422, problem=problem)
    try:
        front = service.front_of(lang, section)
        service.override(front, container, position, current_person(),
                         headline=form.headline.data or "", summary=form.summary.data or "",
                         image_id=form.image_id.data)  # fmt: skip
    except Refused as refused:
        return _refused(lang, section, refused, words_error=(anchor, str(refused)))
    db.session.commit()
    return _done(lang, place, "This front's words for the story are in the draft.", anchor)


@require("front.layout")
def layout(lang: str, place: str) -> Response:
    """An admin picks the draft's layout."""
    form = LayoutForm()
    person = current_person()

    def change(section: Section | None) -> str:
        service.set_layout(service.front_of(lang, section), form.layout.data or "", person)
        return "The draft has the new layout."

    return _act(lang, place, change)


@require("front.edit")
def publish(lang: str, place: str) -> Response:
    """Publish the draft: readers see it at their next request."""
    section = where(lang, place)
    form = PublishForm()
    try:
        version = service.publish(service.front_of(lang, section), current_person(),
                                  form.note.data or "")  # fmt: skip
    except Refused as refused:
        return _refused(lang, section, refused, publish_form=form)
    db.session.commit()
    return _done(lang, place, f"Version {version.number} is published.")


@require("front.edit")
def schedule(lang: str, place: str) -> Response:
    """Schedule the draft to be published at a time."""
    section = where(lang, place)
    form = ScheduleForm()
    if not form.validate() or form.at.data is None:
        return render_editor(lang, section, status=422, schedule_form=form)
    try:
        service.schedule(service.front_of(lang, section), form.at.data, current_person())
    except Refused as refused:
        said = answer(refused, "front.edit")
        form.at.errors = [said.message]
        return render_editor(lang, section, status=said.status, schedule_form=form)
    db.session.commit()
    return _done(lang, place, "The draft is scheduled.")


@require("front.edit")
def cancel(lang: str, place: str, version_id: int) -> Response:
    """Call off a scheduled change."""
    person = current_person()

    def change(section: Section | None) -> str:
        service.cancel(service.front_of(lang, section), version_id, person)
        return "The scheduled change is called off."

    return _act(lang, place, change)


@require("front.edit")
def restore(lang: str, place: str, version_id: int) -> Response:
    """Make an earlier version the draft again."""
    person = current_person()

    def change(section: Section | None) -> str:
        made = service.restore(service.front_of(lang, section), version_id, person)
        del made
        return "That version is the draft now: preview it, then publish."

    return _act(lang, place, change)
