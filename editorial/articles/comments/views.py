"""The comment thread's endpoints: the live poll, posting, replying, editing, deleting, resolving.

Every write answers both ways: htmx gets the refreshed thread (and a fresh, empty comment box
after a post; a new thread from a desk page its stamp shows current gets only itself, its
activity line and the panels it changes: `_new_thread_alone`); a plain form post is redirected
back to the comment. A refused post (empty, too
long) comes back with the typed text and the reason beside the box, 422.
"""

from __future__ import annotations

from functools import partial

from flask import abort, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from editorial import htmx, workflow

# The module, not its names: the article page includes the thread, so pages imports this
# package's queries while it loads; its functions are looked up when a request comes.
from editorial.articles import panels
from editorial.articles.comments import carried, queries, service
from editorial.articles.comments.forms import CommentForm
from editorial.articles.comments.queries import box_context, thread_context
from editorial.articles.queries import activity, activity_entry
from editorial.commits import commit_keeping_loaded
from editorial.csrf_holes import HOLE, fill
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import cheap_poll
from editorial.forms import optional_database_int
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.models import Article, Comment, User
from editorial.page_cache import changes_no_page
from editorial.permissions import can, get_article_for, get_part_of
from editorial.refusal import Refused, answer

# What a comment changes beside its thread: the checklist's "no unresolved threads" rule, and
# the actions that rule enables (a new thread, a reply, a delete, a resolve, a reopen).
CHANGED_PANELS = ("actions", "checklist")


def _thread_html(
    article: Article, *, everything: bool = False, posted: Comment | None = None
) -> str:
    """The thread, and the activity beside it swapped out of band (a comment is activity too).
    `posted`: the comment this request just posted, whose answer draws both from what the
    answer before it read when only this comment was written since (`carried`)."""
    if posted is None:
        context, lines = thread_context(article, everything=everything), activity(article)
    else:
        page, lines = carried.thread_and_activity(article, posted)
        context = thread_context(article, page=page)
    thread = render_template("comments/_thread.html", **context)
    side = render_template(
        "articles/_activity.html",
        article=article,
        activity=lines,
        state_labels=workflow.STATE_LABELS,
        oob=True,
    )
    return thread + side


def _article(article_id: int) -> Article:
    return get_article_for(current_person(), "article.comment", article_id)


def _comment(article: Article, comment_id: int) -> Comment:
    return get_part_of(Comment, comment_id, article)


@cheap_poll(queries.thread_version, joined=queries.thread_joined)
@read_only
def thread(article_id: int) -> Response:
    """The thread, for the page's poll: 304 from one indexed read when nothing changed."""
    article = _article(article_id)
    state = queries.thread_state(article.id)
    if not htmx.is_htmx():
        return redirect(url_for("articles.show", article_id=article.id, _anchor="comments"))
    everything = request.args.get("all") == "1"
    return htmx.poll(state.etag, partial(_thread_html, article, everything=everything))


@changes_no_page
def post(article_id: int) -> Response:
    """Post a comment, or a reply when `parent_id` names the thread's comment."""
    person = current_person()
    article = _article(article_id)
    form = CommentForm()
    typed = form.body.data or ""
    try:
        parent_id = optional_database_int(form.parent_id.data)
    except ValueError:
        abort(400, "That reply is out of date. Reload the page.")
    parent = _comment(article, parent_id) if parent_id else None
    try:
        posted = service.post(article, person, typed, parent=parent)
    except Refused as refused:
        return _refused_post(article, refused, typed, parent_id)
    message, back = _posted_message(posted), _at_comment(article, posted.comment)
    # The answer draws the story as this request read it and the comment as it wrote it, so
    # nothing is expired (the story's wide row was read again: bench:writes6). The thread, the
    # activity and the panels are read afresh after the commit, as before.
    commit_keeping_loaded()
    if parent is None and htmx.is_htmx():
        quick = _new_thread_alone(article, posted, message, back)
        if quick is not None:
            return quick

    def thread_and_box() -> str:
        html = _thread_html(article, posted=posted.comment)
        if parent is None:  # a new thread empties the box; a reply's form is in the thread
            html += _empty_box(article)
        return html + panels.also_changed(article, CHANGED_PANELS)

    return htmx.done(
        message, thread_and_box, back, kind="warning" if posted.unreachable else "success"
    )


def _new_thread_alone(
    article: Article, posted: service.Posted, message: str, back: str
) -> Response | None:
    """A new thread's answer from a desk page its stamp shows current but for this post
    (`panels.only_changed`): the thread added to the end of the list, its line added to the top
    of the activity, the box empty again, the panels a comment changes and the new stamp, out of
    band; the thread's poll moved on to the new ETag (`commentThread`). None otherwise (another
    page, someone else wrote since, no stamp, or the first thread, whose list says "No comments
    yet"): the caller answers with the whole thread."""
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return None  # before any read: from another page the answer is the whole thread
    state = queries.thread_state(article.id)
    if state.count < 2:
        return None
    panels_html = panels.only_changed(article, CHANGED_PANELS)
    if panels_html is None:
        return None
    comment, person = posted.comment, current_person()
    parts = [
        render_template(
            "comments/_thread.html", article=article, threads=[comment], items_only=True
        )
    ]
    if can(person, "article.history", article):
        line = activity_entry(comment)
        parts.append(
            render_template(
                "articles/_activity.html",
                article=article,
                activity=[line],
                state_labels=workflow.STATE_LABELS,
                lines_only=True,
            )
        )
    parts += [_empty_box(article), panels_html]
    moved = {"commentThread": {"to": state.etag}}
    return htmx.done(
        message,
        lambda: "".join(parts),
        back,
        kind="warning" if posted.unreachable else "success",
        trigger=moved,
        retarget="#comment-thread .comment-list",
        reswap="beforeend",
    )


def _empty_box(article: Article) -> str:
    """The empty comment box out of band, as a post's answer sends it: drawn once per story and
    address root (all it shows but the CSRF token, which each request puts in), not per post."""

    def render() -> str:
        context = box_context(article)
        return render_template("comments/_box.html", oob=True, csrf_token=lambda: HOLE, **context)

    key = ("comments.empty_box", article.id, request.script_root)
    return str(fill(fragment_cache().get_or_render(key, render), generate_csrf))


def _posted_message(posted: service.Posted) -> str:
    message = "Reply posted." if posted.comment.parent_id else "Comment posted."
    if posted.mentioned:
        message += " Notified " + _names(posted.mentioned) + "."
    if posted.unreachable:
        message += (
            f" {_names(posted.unreachable)} can't see this article, so "
            f"{'was' if len(posted.unreachable) == 1 else 'were'} not notified: assign them first."
        )
    return message


def _names(people: list[User]) -> str:
    names = [person.display_name for person in people]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _refused_post(
    article: Article, refused: Refused, typed: str, parent_id: int | None
) -> Response:
    """The form again, with the typed text and the reason beside it."""
    refusal = answer(refused, "article.comment", article)
    status = refusal.status
    if htmx.wants_fragment():
        if parent_id:
            context = thread_context(article) | {
                "error_for": parent_id,
                "error": refusal.message,
                "typed": typed,
            }
            return htmx.fragment("comments/_thread.html", status=status, **context)
        return htmx.fragment(
            "comments/_box.html",
            status=status,
            **box_context(article, typed=typed, error=refusal.message),
        )
    context = panels.show_context(article)
    if parent_id:
        context |= {"error_for": parent_id, "error": refusal.message, "typed": typed}
    else:
        context["box"] = box_context(article, typed=typed, error=refusal.message)
    return htmx.respond(render_template("articles/show.html", **context), status=status)


def _at_comment(article: Article, comment: Comment) -> str:
    return url_for("articles.show", article_id=article.id, _anchor=f"comment-{comment.id}")


def _changed(article: Article, comment: Comment, message: str) -> Response:
    """After an edit, delete, resolve or reopen: the thread (htmx) or back to the comment."""
    db.session.commit()

    def thread_and_panels() -> str:
        return _thread_html(article) + panels.also_changed(article, CHANGED_PANELS)

    return htmx.done(message, thread_and_panels, _at_comment(article, comment))


def _refused_change(
    article: Article, comment_id: int, refused: Refused, typed: str = ""
) -> Response:
    """The thread again, the comment's form open with the typed text and the reason beside it."""
    refusal = answer(refused, "comment.change", article)
    status = refusal.status
    extra = {
        "error_for": comment_id,
        "error": refusal.message,
        "typed": typed,
        "editing": comment_id,
    }
    if htmx.wants_fragment():
        return htmx.fragment(
            "comments/_thread.html", status=status, **thread_context(article), **extra
        )
    whole = render_template("articles/show.html", **(panels.show_context(article) | extra))
    return htmx.respond(whole, status=status)


@changes_no_page
def edit(article_id: int, comment_id: int) -> Response:
    """Change the text of one's own comment."""
    person = current_person()
    article = _article(article_id)
    comment = _comment(article, comment_id)
    typed = CommentForm().body.data or ""
    try:
        service.edit(comment, person, typed)
    except Refused as refused:
        return _refused_change(article, comment_id, refused, typed)
    return _changed(article, comment, "Comment edited.")


@changes_no_page
def delete(article_id: int, comment_id: int) -> Response:
    """Delete one's own comment."""
    person = current_person()
    article = _article(article_id)
    comment = _comment(article, comment_id)
    try:
        service.delete(comment, person)
    except Refused as refused:
        return _refused_change(article, comment_id, refused)
    return _changed(article, comment, "Comment deleted.")


@changes_no_page
def resolve(article_id: int, comment_id: int) -> Response:
    """Resolve a thread: it folds away, saying who resolved it and when."""
    return _set_resolved(article_id, comment_id, True)


@changes_no_page
def reopen(article_id: int, comment_id: int) -> Response:
    """Reopen a resolved thread."""
    return _set_resolved(article_id, comment_id, False)


def _set_resolved(article_id: int, comment_id: int, resolved: bool) -> Response:
    person = current_person()
    article = _article(article_id)
    comment = _comment(article, comment_id)
    try:
        service.set_resolved(comment, person, resolved)
    except Refused as refused:
        return _refused_change(article, comment_id, refused)
    return _changed(article, comment, "Thread resolved." if resolved else "Thread reopened.")


@read_only
def people(article_id: int) -> Response | str:
    """@mention suggestions: active people whose name starts with `q` (htmx active search)."""
    article = _article(article_id)
    term = (request.args.get("q") or "")[:60]
    found = queries.people_named(term)
    return render_template("comments/_people.html", article=article, people=found, term=term)
