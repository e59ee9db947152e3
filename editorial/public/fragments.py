"""The public pages' parts, rendered once per site version and reused (issue 28).

A reader's page rendered with the page cache off cost 20 to 45 ms at 10,000 stories: the menus,
the ticker and the footer drawn again on every page, the front's and a section's queries (the
newest pictured story, each section's newest, the week's most read), a story's related and
read-next queries and its 20 live posts. None of it changes between two readers unless the
site's version moves, so each part is kept in the app's one fragment cache
(`editorial.fragment_cache`, shared with the board's cards and the calendar's items).

The key is the invalidation, as for the page cache: every part is keyed on the site's version
and the moment the clock alone would next change what readers may see (`public.windows`: a
scheduled story's time, an embargo's lifting, a headline's start or end), so a kill, an edit, a
correction, a live post, a breaking headline or a renamed section (each moves the site's
version on, in its own transaction, in a request or out of one) is a new key in every process
at its next request, and a story due at 10:00 is on every page drawn from 10:00. Until then a
part is drawn once, however many of the page cache's 5-second slots go by (it used to be drawn
again at every one: bench:public-keys). Besides it the key holds the edition's language, whether
the reader is signed in (staff see "Open this story on the desk"), and what the caller names
(the story and its version, the address and page).

The week's most read changes with readers' visits, which move no version, so it is kept apart
(`most_read_box`): a kept part holds `MOST_READ` where the box goes, and the box, kept under
the page cache's key (the version and the slot, as before), is put in when the part is sent.

Templates keep a part with a call block, `{% call kept('name', part, ...) %}...{% endcall %}`:
the block's body is drawn only on a miss. A page opts in with `keep_fragments=True` in its
context; the desk's previews draw the same templates without it and are never kept. What the
body reads from the database is handed to the template as `Deferred` values, computed the first
time the body uses them, so a hit runs none of those queries.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Iterator
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import clock, editions, newsroom, page_cache
from editorial.fragment_cache import fragment_cache
from editorial.public import windows

KEEP = "keep_fragments"  # the template context's switch (a public view sets it)
# Where the most read box goes in a kept part: random per process, so no story's words forge it.
MOST_READ = Markup(f"most-read-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)
MOST_READ_TEMPLATE = "public/_most_read.html"
# A part named with this among its parts is drawn as it stands, never kept: it shows what the
# reader typed (a search's words), which no key should hold (`alternates.page_identity`).
UNKEPT = object()


class Deferred:
    """A value computed the first time a template uses it (once), standing in for it.

    Attributes given as `known` answer without computing (a listing's page number, which the
    page's title reads outside the kept part)."""

    def __init__(self, compute: Callable[[], Any], **known: Any) -> None:
        self._compute = compute
        self._known = known
        self._done = False
        self._value: Any = None

    def value(self) -> Any:
        """The value, computed now if it has not been yet."""
        if not self._done:
            self._value = self._compute()
            self._done = True
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._known:
            return self._known[name]
        return getattr(self.value(), name)

    def __bool__(self) -> bool:
        return bool(self.value())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())

    def __getitem__(self, index: Any) -> Any:
        return self.value()[index]


def deferred(compute: Callable[..., Any], *args: Any) -> Deferred:
    """`compute(*args)`, computed the first time a template uses it: the `deferred` global. An
    argument that is itself deferred (a story's head, `public.heads`) is given as its
    value."""
    return Deferred(lambda: compute(*(a.value() if isinstance(a, Deferred) else a for a in args)))


def site_key() -> Hashable:
    """What every kept public part is keyed on: the site's version and the next moment the clock
    alone changes what readers may see (`public.windows`), the edition's language and whether
    the reader is signed in."""
    version = page_cache.site_version()
    at = (version, windows.until(version, clock.now()))
    return (at, editions.code(), bool(current_user.is_authenticated))


def local_day(value: datetime | None) -> date | None:
    """`value`'s day in the newsroom's zone: what the masthead's date shows (in the edition's
    language, which every part is keyed on), so the masthead's strip is keyed on it."""
    return None if value is None else clock.to_local(value, newsroom.zone()).date()


def slot_key() -> Hashable:
    """The page cache's key now (the site's version and the time slot), the edition's language
    and whether the reader is signed in: what the most read box is kept under."""
    seconds = page_cache.slot_seconds(current_app)
    at = page_cache.page_key(page_cache.site_version(), clock.now(), seconds)
    return (at, editions.code(), bool(current_user.is_authenticated))


def kept_html(name: str, render: Callable[[], str], *parts: Hashable) -> Markup:
    """`render()`'s HTML, drawn once per `site_key()` and `parts` and kept.

    Drawn `alone`: when a part's key moves on (a change, a moment the window names), each
    serving thread used to draw every part again at that instant (eight threads: the home page's
    40 ms eight times over, its slowest reader half a second, the readers' pages' p99;
    BENCHMARKS.md `bench:public-render`). One thread draws a part, the others wait for its HTML
    (at most `fragment_cache.ALONE_WAIT`)."""
    key = ("public", name, site_key(), *parts)
    drawn = fragment_cache().get_or_render(key, lambda: str(render()), alone=True)
    return Markup(drawn)  # noqa: S704  (a template's escaped output)


def kept_value(name: str, compute: Callable[[], Hashable], *parts: Hashable) -> Any:
    """`compute()`'s value (immutable: a tuple, a frozen dataclass), once per `site_key()` and
    `parts`: what a page reads outside its kept parts (a story's language versions)."""
    return fragment_cache().get_or_render(("public-value", name, site_key(), *parts), compute)


@pass_context
def kept(context: Context, name: str, *parts: Hashable, caller: Callable[[], str]) -> Markup:
    """A call block's body, kept under `name` and `parts` when the page opts in (`KEEP`), else
    drawn as it stands (the desk's previews); the most read box put in where it goes."""
    if not context.get(KEEP) or UNKEPT in parts:
        return Markup(caller())  # noqa: S704  (a template's escaped output)
    html = kept_html(name, caller, *parts)
    if MOST_READ not in html:
        return html
    return html.replace(MOST_READ, _most_read(context))


@pass_context
def most_read_box(context: Context) -> Markup:
    """The most read box (`_most_read.html`), or inside a kept part the mark where it goes."""
    if context.get(KEEP):
        return MOST_READ
    return _drawn_box(context)


def _drawn_box(context: Context) -> Markup:
    template = context.environment.get_template(MOST_READ_TEMPLATE)
    return Markup(template.render(context.get_all()))  # noqa: S704  (a template's escaped output)


def _most_read(context: Context) -> Markup:
    """The box, drawn once per `slot_key()` and the story it leaves out (a story's page)."""
    story = context.get("article")
    shown = getattr(story, "id", None)
    key = ("public-most-read", slot_key(), shown)
    drawn = fragment_cache().get_or_render(key, lambda: str(_drawn_box(context)), alone=True)
    return Markup(drawn)  # noqa: S704  (a template's escaped output)
