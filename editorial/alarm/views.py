"""The alarm banner's poll: every editor's desk page asks it every few seconds (304 while nothing
changed); each poll also raises and clears alarms (`service.sound`), so the alarm does not wait
for a scheduler that may be the very thing that stopped.

Decision (issue 28, the poll at a tenth of hello world): the quiet poll (nothing late, no alarm
open) is answered by the poll gate (`fast_polls`) from one Core read on indexes, kept per desk
version and clock window (`banner_version` through `quiet.quiet_etag`): then `sound` would
write nothing and the banner is empty, so the gate's 304 is the view's. Whenever anything is
late, or an alarm is open (it may need clearing), the gate steps aside and this view sounds as
before: a poll still raises an alarm the scheduler missed, and clears one, within one poll.
While something stays late every poll is the view's (its ETag carries each late thing's reason,
which only the workflow's guards on the loaded story can give); that is the desk in trouble,
not the all-day case.
"""

from __future__ import annotations

from functools import partial

from flask import abort, current_app, g, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import clock, htmx, workflow
from editorial.alarm import quiet, service
from editorial.fast_polls import Ask, cheap_poll
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_identity
from editorial.workflow_guards import role_of


def for_editors() -> list[service.Late]:
    """What the banner shows when a page is drawn (editors only; reads only). Whether anything
    is late is kept per desk version and window of time (`quiet`): while nothing is, a page
    reads nothing for it."""
    person = current_identity()
    if person is None or role_of(person) not in workflow.EDITORS:
        return []
    at = clock.now()
    return service.late_now(at) if quiet.anything_late(at) else []


def page_banner() -> Markup:
    """The banner as a staff page draws it (template global `publish_alarm`, staff/layout.html):
    for editors and admins only, polling with this page's address. While nothing is late it
    shows only where it polls from, so it is drawn once per address and kept."""
    person = current_identity()
    if person is None or role_of(person) not in workflow.EDITORS:
        return Markup("")
    late = for_editors()
    poll_seconds = current_app.config["POLL_SECONDS"]
    next_ = request.path if request.method == "GET" else ""

    def draw() -> str:
        return render_template(
            "alarm/_banner.html", late=late, poll_seconds=poll_seconds, next=next_
        )

    if late:
        return Markup(draw())  # noqa: S704  (a template's escaped output)
    key = ("alarm.quiet", request.script_root, g.get("edition"), next_, poll_seconds)
    return Markup(fragment_cache().get_or_render(key, draw))  # noqa: S704  (as above)


def banner_version(ask: Ask) -> str | None:
    """The banner's ETag for the poll gate while all is quiet (`quiet.quiet_etag`), for an
    editor or admin; None (the view answers: its 403, or it sounds) otherwise."""
    if ask.person is None or role_of(ask.person) not in workflow.EDITORS:
        return None
    return quiet.quiet_etag(ask.app, ask.connection, ask.now, ask.desk_version())


# Not read-only: a poll may write (`sound`); the gate leaves the once-a-minute touch to Flask.
@cheap_poll(banner_version, htmx_only=False, versions=True)  # `htmx.poll` whatever asks
def banner() -> Response:
    """The banner, polled by editors' pages."""
    person = current_identity()
    if person is None or role_of(person) not in workflow.EDITORS:
        abort(403)
    at = clock.now()
    late = service.sound(at)
    return htmx.poll(
        service.etag(late, at),
        partial(
            render_template,
            "alarm/_banner.html",
            late=late,
            poll_seconds=current_app.config["POLL_SECONDS"],
            next=request.args.get("next", ""),
        ),
    )
