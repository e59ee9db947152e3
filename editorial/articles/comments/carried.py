"""A comment's answer drawn from what this process's last answer on the story read, with the
comment just posted added, instead of reading the thread and the activity again (issue 28).

A comment's answer (from anywhere but a desk page its stamp shows current) is the whole thread
list and the whole activity: three statements after the commit (the counts, the threads with
their replies and names, the four kinds of activity) and 50 threads and 60 lines built from
their rows, about a fifth of the request. A run of comments on one story read them again each
time though each answer only added its own comment to what the one before had read.

So the answer keeps what it drew (`Drawn`: the threads shown, how many there are, the thread's
poll state, the activity's lines) in the fragment cache under the desk's version its own
commit moved to (`board_version.moved_by_this_request`; read after that commit, so what was
read is of that version or later). The next new thread whose commit moved the desk's version
on by exactly one from a kept one finds nothing else written between, and adds its comment to
it: its thread to the end of the list (the oldest shown folded behind "Show N earlier" past
`queries.PAGE`), its line to the activity in the order `articles.queries.activity` sorts
lines. A kept read may also already show this comment (it was read after this commit landed):
then it is this version or later and is used as it is. Whenever what was kept cannot say which
(the comment would not be among the lines or threads it shows), or nothing is kept, both are
read as before. Nothing here is per viewer: the thread and the activity are the same for
everyone who may comment. Replies, edits and the rest read afresh (a reply also moves its
thread's `updated_at`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from editorial import clock
from editorial.articles.comments import queries
from editorial.articles.comments.queries import Person, Thread, ThreadComment, ThreadState
from editorial.articles.queries import (
    ACTIVITY_PAGE,
    Entry,
    Named,
    activity,
    activity_entry,
)
from editorial.board_version import moved_by_this_request
from editorial.fragment_cache import fragment_cache
from editorial.models import Article, Comment

KEY = "articles.comments.carried"
_EACH = 400  # bytes a kept thread's or line's columns, names and objects take, about
_ITEM = 1500  # bytes of a thread's drawn item but its words, about
_LINE = 800  # bytes of an activity line as drawn, about
T = TypeVar("T")
# The activity's kinds in the order its read lists them: lines at the same moment keep it.
_KIND_ORDER = {"transition": 0, "assignment": 1, "correction": 2, "comment": 3}


@dataclass(frozen=True)
class Drawn:
    """What a comment's answer drew: the thread list's page (`queries.threads_of`) and the
    activity's lines but the story's "created" line, with the name that line shows."""

    threads: tuple[ThreadComment, ...]
    total: int  # threads, shown or not
    state: ThreadState
    lines: tuple[Entry, ...]
    creator: Named | None

    def __sizeof__(self) -> int:
        """What it holds, for the fragment cache's bound on bytes (`size_of`): each comment's
        and line's words and a few hundred bytes of columns and names each, and each thread's
        item and line as last drawn (`rows._drawn_before`, `activity_rows`); shared with
        the answers before it, so counted more than once: a bound, not a measure."""
        words = sum(2 * sys.getsizeof(thread.body) + _ITEM for thread in self.threads)
        words += sum(sys.getsizeof(getattr(line.item, "body", "")) + _LINE for line in self.lines)
        return object.__sizeof__(self) + words + _EACH * (len(self.threads) + len(self.lines))


def thread_and_activity(article: Article, posted: Comment | None) -> tuple[Thread, list[Entry]]:
    """The thread list's page and the activity's lines after this request's commit: carried
    over from the answer kept at the desk's version just before it when `posted` (a new
    thread's comment) is all that changed since, else read; kept under the version this
    request's commit moved the desk's to (see the module's docstring)."""
    moved = moved_by_this_request()
    cache = fragment_cache()
    kept = None
    if moved is not None and posted is not None and posted.parent_id is None:
        kept = cache.peek((KEY, article.id, moved - 1))
    drawn = _added(kept, posted) if kept is not None and posted is not None else None
    if drawn is None:
        drawn = _read(article)
    if moved is not None:
        cache.get_or_render((KEY, article.id, moved), lambda: drawn)
    threads = list(drawn.threads)
    lines = list(drawn.lines)
    if len(lines) < ACTIVITY_PAGE:
        lines.append(Entry(article.created_at, "created", drawn.creator, article))
    return Thread(threads, drawn.total - len(threads), drawn.state), lines


def _read(article: Article) -> Drawn:
    """Both read as a comment's answer always read them."""
    page = queries.threads_of(article.id)
    entries = activity(article)
    created = [entry for entry in entries if entry.kind == "created"]
    return Drawn(
        tuple(page.threads),
        page.earlier + len(page.threads),
        page.state,
        tuple(entry for entry in entries if entry.kind != "created"),
        created[0].actor if created else None,
    )


def _added(kept: Drawn, comment: Comment) -> Drawn | None:
    """`kept` with new thread `comment` added, `kept` itself when it shows the comment already,
    or None when it cannot tell (the comment would fall outside what it shows)."""
    if any(thread.id == comment.id for thread in kept.threads):
        return kept  # read after this commit landed: this version or a later one
    new = _thread(comment)
    newer = _after(kept.threads, _thread_order(new), _thread_order)
    if newer >= queries.PAGE:
        return None
    line = activity_entry(comment)
    if any(entry.kind == "comment" and entry.item.id == comment.id for entry in kept.lines):
        return None  # the activity read saw it, the thread read did not: read both again
    oldest_first = kept.lines[::-1]
    before = _after(oldest_first, _line_order(line), _line_order)  # lines newer than it
    if before >= ACTIVITY_PAGE:
        return None
    threads = _merged(kept.threads, new, newer)[-queries.PAGE :]
    lines = _merged(oldest_first, line, before)[::-1][:ACTIVITY_PAGE]
    changed = comment.updated_at
    if kept.state.changed is not None and clock.as_utc(kept.state.changed) > changed:
        changed = kept.state.changed
    state = ThreadState(kept.state.count + 1, changed)
    return Drawn(tuple(threads), kept.total + 1, state, tuple(lines), kept.creator)


def _after(ordered: tuple[T, ...], place: Any, order: Callable[[T], Any]) -> int:
    """How many of `ordered` (in `order`'s order, oldest first) sort after `place`: counted
    from the end, where a new comment's thread and line nearly always go."""
    count = 0
    for item in reversed(ordered):
        if order(item) <= place:
            break
        count += 1
    return count


def _merged(ordered: tuple[T, ...], new: T, after: int) -> list[T]:
    """`ordered` (oldest first) with `new` put before the last `after` of them (`_after`)."""
    items = list(ordered)
    items.insert(len(items) - after, new)
    return items


def _thread(comment: Comment) -> ThreadComment:
    """A new thread's comment as the thread list's read gives it (`queries._thread_comment`)."""
    actor = comment.actor
    return ThreadComment(
        id=comment.id,
        parent_id=None,
        body=comment.body,
        at=comment.at,
        edited_at=comment.edited_at,
        deleted_at=comment.deleted_at,
        resolved_at=comment.resolved_at,
        outside_name=comment.outside_name,
        actor_id=comment.actor_id,
        actor=Person(actor.id, actor.display_name) if actor is not None else None,
        resolved_by=None,
    )


def _thread_order(thread: ThreadComment) -> tuple[Any, int]:
    """The list's order, oldest first (`queries._in_order`)."""
    return clock.as_utc(thread.at), thread.id


def _line_order(entry: Entry) -> tuple[Any, int, int]:
    """The activity's order, read newest first (`articles.queries.activity`): by time, then
    by kind as its read lists them, then newest id first."""
    return clock.as_utc(entry.at), -_KIND_ORDER[entry.kind], entry.item.id
