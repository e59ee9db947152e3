"""What every template can use: permissions and times in the newsroom's zone.

Every template global and filter of the app, and where it is registered (a feature's own in its
blueprint, so this module imports no feature):

- here, app-wide: `can`, `staff_bar` and `staff_chrome` (`editorial.staff_bar`: the staff top
  bar), `page_flashes` (the flashed messages as `_flashes.html` draws them), `workflow`,
  `zone_name`, the filters `|local`, `|relative`, `|atom_date`, `|machine_time` (every
  `<time datetime>`), and `newsroom_name`, `current_user` in every context; `public_url`,
  `absolute` (`urls`);
- `public/blueprint.py`, what public pages draw: `navigation`, `breaking_ticker`, `coverage_hub`,
  `featured_coverage`, `story_image`, `story_image_alt`, `share_links`, `story_updated`,
  `news_article`, `checked_by_shown`, `image_src`, `public_stylesheet_url`, `picture_img`,
  `picture_url`, `picture_absolute_url`, `shown_picture`, and `today` in every context;
- a staff feature's blueprint: `inbox_unread` (inbox), `queue_waiting` and `|waiting_count` (queue),
  `claims_progress` (articles/claims), `|comment_html` (articles/comments), `publish_alarm`
  (alarm: the missed-publish banner as a staff page draws it), `deadline_mark` and `deadline_panel`
  (deadlines: the mark of the stage a story is in, the article page's Deadlines panel),
  `media_state_etag` (media: what a processing picture's poll compares).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, get_flashed_messages, render_template
from flask_login import current_user
from markupsafe import Markup

from editorial import clock, languages, newsroom, urls, workflow
from editorial.permissions import can
from editorial.staff_bar import staff_bar, staff_chrome
from editorial.template_globals import init_flat_globals

# `_flashes.html` with no message, drawn once per app: most pages have none to show.
_NO_FLASHES = "editorial.templating.no_flashes"


def local_time(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A UTC time shown in the newsroom's zone ("19 Oct 2023 09:51")."""
    if value is None:
        return ""
    return clock.to_local(value, newsroom.zone()).strftime(fmt)


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
    return newsroom.zone()


def bdi(value: object) -> Markup:
    """`value` isolated in `<bdi>` (escaped): a name or Latin word inside right-to-left text, or
    the other way round, keeps its own direction and its punctuation at its own end."""
    return Markup("<bdi>{}</bdi>").format(value)


def page_flashes() -> Markup:
    """This request's flashed messages as `{% include "_flashes.html" %}` draws them (template
    global `page_flashes`); with none, what that template draws for none, kept per app."""
    if get_flashed_messages(with_categories=True):
        return Markup(render_template("_flashes.html"))  # noqa: S704  (a template's output)
    kept = current_app.extensions.get(_NO_FLASHES)
    if kept is None:
        kept = current_app.extensions[_NO_FLASHES] = Markup(  # noqa: S704  (as above)
            render_template("_flashes.html")
        )
    return kept


def init_templating(app: Flask) -> None:
    """Register filters and globals."""
    init_flat_globals(app.jinja_env)  # before any template loads: see template_globals.py
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters["relative"] = relative_time
    app.jinja_env.filters["atom_date"] = atom_date
    # Every `<time datetime>` and machine-read time in a template: `{{ at|machine_time }}`.
    app.jinja_env.filters["machine_time"] = clock.machine_time
    # A catalogue code as its entry (name, `lang`, `dir`): `{{ headline.language|language }}`.
    app.jinja_env.filters["language"] = languages.get
    app.jinja_env.filters["bdi"] = bdi
    app.jinja_env.globals.update(can=can, zone_name=zone_name)
    # The staff top bar, kept with holes for this request's values (staff/layout.html).
    app.jinja_env.globals["staff_bar"] = staff_bar
    app.jinja_env.globals["staff_chrome"] = staff_chrome
    app.jinja_env.globals["page_flashes"] = page_flashes
    # The machine's state names, so templates compare with workflow.SCHEDULED, not a string.
    app.jinja_env.globals["workflow"] = workflow
    # The language catalogue, for a text's lang and dir: `languages.get(code).direction`.
    app.jinja_env.globals["languages"] = languages
    urls.init_urls(app)

    @app.context_processor
    def newsroom_name() -> dict[str, Any]:
        """The newsroom's name (settings) and the signed-in person, in every template."""
        return {"newsroom_name": newsroom.current().newsroom_name, "current_user": current_user}
