"""What every template can use: permissions and times in the newsroom's zone.

The public menus and the ticker are template globals too, kept per request by
`editorial.public.chrome`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app
from flask_login import current_user

from editorial import clock, settings, urls, workflow
from editorial.comments.markup import comment_html
from editorial.identity import signed_in_person
from editorial.permissions import can


def local_time(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A UTC time shown in the newsroom's zone ("19 Oct 2023 09:51")."""
    if value is None:
        return ""
    return clock.to_local(value, settings.zone()).strftime(fmt)


def relative_time(value: datetime | None) -> str:
    """ "in 12 min", "3 h ago": how far `value` is from now."""
    if value is None:
        return ""
    seconds = (clock.as_utc(value) - clock.now()).total_seconds()
    future, seconds = seconds > 0, abs(seconds)
    if seconds < 60:
        amount = "less than a minute" if future else "just now"
        return f"in {amount}" if future else amount
    if seconds < 3600:
        amount = f"{int(seconds // 60)} min"
    elif seconds < 86400 * 2:
        amount = f"{int(seconds // 3600)} h"
    else:
        amount = f"{int(seconds // 86400)} days"
    return f"in {amount}" if future else f"{amount} ago"


def atom_date(value: datetime | None) -> str:
    """RFC 3339 in UTC, as Atom wants it (`clock.machine_time`); now if there is no date."""
    return clock.machine_time(value or clock.now())


def zone_name() -> str:
    """The newsroom's zone as forms name it, e.g. "Asia/Beirut"."""
    return settings.zone()


def desk_counts() -> dict[str, Any]:
    """The staff navigation's counts for the signed-in person: unread notifications, my queue."""
    from editorial.inbox.queries import unread_for_page
    from editorial.queue.queries import count_waiting

    person = signed_in_person()
    if person is None:
        return {}
    return {
        "unread": unread_for_page(person.id),
        "queue": count_waiting(person),
        "poll_seconds": current_app.config["POLL_SECONDS"],
    }


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters["relative"] = relative_time
    app.jinja_env.filters["atom_date"] = atom_date
    # Every `<time datetime>` and machine-read time in a template: `{{ at|machine_time }}`.
    app.jinja_env.filters["machine_time"] = clock.machine_time
    app.jinja_env.filters["comment_html"] = comment_html
    app.jinja_env.globals.update(can=can, zone_name=zone_name, desk_counts=desk_counts)
    # The machine's state names, so templates compare with workflow.SCHEDULED, not a string.
    app.jinja_env.globals["workflow"] = workflow
    urls.init_urls(app)

    @app.context_processor
    def newsroom() -> dict[str, Any]:
        return {"newsroom_name": settings.current().newsroom_name, "current_user": current_user}
