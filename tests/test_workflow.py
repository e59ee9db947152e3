"""The state machine, table-driven from `editorial.workflow.TRANSITIONS` itself.

No test keeps a copy of the table: they read its rows and check what people see and get (the
buttons on an article's desk page, the answer to a POST, the guard's reason), so the table can
change without these tests being edited to match.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from editorial import clock, workflow, workflow_doc
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.models import Article, ArticleRevision, ArticleTransition, AuditEvent, Role, User
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.signals import article_transitioned
from tests.factories import make_article, make_user
from tests.helpers import HX, refusals_counted, transition_form

ROLES = [role.value for role in Role]
MANUAL = [t for t in workflow.TRANSITIONS if not t.automatic]
# Every (transition, state it starts from) pair in the table.
STEPS = [(t, state) for t in MANUAL for state in t.sources]
STEP_IDS = [f"{t.name}-from-{state}" for t, state in STEPS]
GUARDED = [t for t in MANUAL if t.guard]


def _may(transition: workflow.Transition, state: str, role: str, on_byline: bool) -> bool:
    """What the row says: one of its roles, or a byline author in one of its author states."""
    return role in transition.roles or (on_byline and state in transition.author_sources)


def _state(article_id: int) -> str:
    return db.session.scalar(select(Article.state).where(Article.id == article_id))


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@dataclass
class Button:
    """A `<button>` on a page: its text, whether it is disabled, the form it submits."""

    label: str
    disabled: bool
    action: str | None


class _Buttons(HTMLParser):
    """Every `<button>` in a page, with the action of the form around it, if any."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[Button] = []
        self._action: str | None = None
        self._open: Button | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._action = a.get("action")
        elif tag == "button":
            self._open = Button("", "disabled" in a, self._action)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None
        elif tag == "button" and self._open:
            self._open.label = self._open.label.strip()
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open.label += data


def buttons(html: str, label: str) -> list[Button]:
    """The buttons on the page whose text is exactly `label`."""
    return [b for b in _Buttons(html).found if b.label == label]


def test_the_docs_show_the_table_in_the_code(app) -> None:  # type: ignore[no-untyped-def]
    docs = (Path(__file__).parent.parent / "docs" / "workflow.md").read_text()
    assert workflow_doc.as_markdown() in docs
    printed = app.test_cli_runner().invoke(args=["workflow-doc"]).output
    assert printed == workflow_doc.as_markdown()


def test_every_transition_has_its_own_words() -> None:
    for transition in workflow.TRANSITIONS:
        assert transition.done, transition.name
        if transition.note_required:
            assert transition.note_prompt != "Add a note.", transition.name


def test_every_state_is_reachable_and_every_target_is_a_state() -> None:
    for transition in workflow.TRANSITIONS:
        assert set(transition.sources) <= set(workflow.STATES)
        assert transition.target in workflow.STATES
    reached = {workflow.DRAFT} | {t.target for t in workflow.TRANSITIONS}
    assert reached == set(workflow.STATES)


@pytest.mark.parametrize(("transition", "state"), STEPS, ids=STEP_IDS)
@pytest.mark.parametrize("role", ROLES)
def test_every_transition_for_every_role(
    transition: workflow.Transition,
    state: str,
    role: str,
    client_as,  # type: ignore[no-untyped-def]
    fact_checker: User,
) -> None:
    """Role x state x own/other, as the table says: whom it allows moves the article.

    Anyone else is refused, 404 if they can't see the article and 403 (audited) if they can, and
    nothing moves; someone allowed whose guard fails gets the guard's reason.
    """
    actor = fact_checker if role == "fact_checker" else make_user(role)
    client = client_as(actor)
    for on_byline in (False, True):
        authors = [actor] if on_byline else [make_user(Role.REPORTER)]
        article = make_article(state, authors=authors, fact_checker=fact_checker)
        case = (transition.name, state, role, "own" if on_byline else "someone else's")
        allowed = _may(transition, state, role, on_byline)
        reason = workflow.check_guard(transition, article, actor)
        visible = client.get(f"/articles/{article.id}").status_code == 200
        before = _count(ArticleTransition)
        refused_before = refusals_counted(f"transition:{transition.name}")
        response = client.post(
            f"/articles/{article.id}/transition/{transition.name}",
            data=transition_form(transition, fact_checker, "Because the desk said so."),
        )
        if allowed and reason is None:
            assert response.status_code == 302, (case, response.get_data(as_text=True))
            assert _state(article.id) == transition.target, case
            assert _count(ArticleTransition) == before + 1, case
            continue
        if allowed:
            assert response.status_code == 422, case
            assert str(escape(reason)) in response.get_data(as_text=True), case
        elif visible:
            assert response.status_code == 403, case
            assert refusals_counted(f"transition:{transition.name}") == refused_before + 1, case
        else:
            assert response.status_code == 404, case
        assert _state(article.id) == state, case
        assert _count(ArticleTransition) == before, case


@pytest.mark.parametrize(
    "transition", [t for t in MANUAL if t.author_sources], ids=lambda t: t.name
)
def test_byline_authors_may_do_what_the_table_allows_them(
    transition: workflow.Transition,
    client_as,
    reporter: User,  # type: ignore[no-untyped-def]
) -> None:
    article = make_article(transition.author_sources[0], authors=[reporter])
    response = client_as(reporter).post(
        f"/articles/{article.id}/transition/{transition.name}", data={"note": "Not needed now."}
    )
    assert response.status_code == 302
    assert _state(article.id) == transition.target


def test_a_reporter_cannot_spike_or_submit_someone_elses_draft(
    client_as,
    reporter: User,  # type: ignore[no-untyped-def]
) -> None:
    article = make_article("draft")  # written by another reporter
    for name in ("submit", "spike"):
        response = client_as(reporter).post(
            f"/articles/{article.id}/transition/{name}", data={"note": "x"}
        )
        assert response.status_code == 404  # they can't even see it
    assert _state(article.id) == "draft"


def test_a_reporters_hand_made_publish_is_refused_403_and_audited(
    client_as,
    reporter: User,  # type: ignore[no-untyped-def]
) -> None:
    article = make_article("ready", authors=[reporter])
    response = client_as(reporter).post(f"/articles/{article.id}/transition/publish")
    assert response.status_code == 403
    assert _state(article.id) == "ready"
    denied = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert denied is not None and denied.details["permission"] == "transition:publish"


def test_bad_article_id_and_bad_transition_name_are_404(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    client = client_as(editor)
    assert client.post("/articles/999999/transition/publish").status_code == 404
    article = make_article("ready")
    assert client.post(f"/articles/{article.id}/transition/launch").status_code == 404


@pytest.mark.parametrize("transition", MANUAL, ids=lambda t: t.name)
def test_from_the_wrong_state_is_refused_and_changes_nothing(
    transition: workflow.Transition,
    client_as,
    editor: User,
    fact_checker: User,  # type: ignore[no-untyped-def]
) -> None:
    wrong = next(s for s in workflow.STATES if s not in transition.sources)
    article = make_article(wrong)
    version = article.version
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/{transition.name}",
        data=transition_form(transition, fact_checker, "Because the desk said so."),
    )
    assert response.status_code == 409
    assert "reload" in response.get_data(as_text=True).lower()
    db.session.refresh(article)
    assert (article.state, article.version) == (wrong, version)


@pytest.mark.parametrize("transition", [t for t in MANUAL if t.note_required], ids=lambda t: t.name)
def test_notes_are_required_where_the_table_says(
    transition: workflow.Transition,
    client_as,
    editor: User,  # type: ignore[no-untyped-def]
) -> None:
    article = make_article(transition.sources[0])
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/{transition.name}", data={"note": "   "}
    )
    assert response.status_code == 422
    assert _state(article.id) == transition.sources[0]


def test_a_refused_note_is_kept_in_the_form(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("ready")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/schedule",
        data={"publish_at": "2001-01-01T10:00"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That time has passed" in page
    assert 'value="2001-01-01T10:00"' in page


def test_submit_guard_explains_what_is_missing(reporter: User) -> None:
    article = make_article("draft", authors=[reporter], summary="", section=None)
    option = next(o for o in workflow.available(article, reporter) if o.name == "submit")
    assert option.reason == "Add a summary and a section before submitting."
    with pytest.raises(Refused, match="Add a summary and a section"):
        apply(article, "submit", reporter)


def test_clear_guard_refuses_a_byline_author(editor: User) -> None:
    article = make_article("fact_check", authors=[editor])
    option = next(o for o in workflow.available(article, editor) if o.name == "clear")
    assert option.reason == "You are on the byline, so someone else must clear it."


def test_clear_without_claims_needs_a_note(fact_checker: User) -> None:
    article = make_article("fact_check", fact_checker_id=fact_checker.id)
    with pytest.raises(Refused, match="why nothing needed checking"):
        apply(article, "clear", fact_checker, Request(note=""))
    apply(article, "clear", fact_checker, Request(note="Quotes checked against the recording."))
    assert article.state == "ready"


def test_send_to_fact_check_needs_an_active_fact_checker(
    editor: User, fact_checker: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    with pytest.raises(Refused, match="Assign a fact-checker first"):
        apply(article, "send_to_fact_check", editor)
    with pytest.raises(Refused, match="Rana Reporter is a reporter, so can't be the fact-checker"):
        apply(article, "send_to_fact_check", editor, Request(fact_checker_id=reporter.id))
    fact_checker.active = False
    with pytest.raises(Refused, match="is deactivated, so can't be assigned"):
        apply(article, "send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id))
    fact_checker.active = True
    apply(article, "send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id))
    assert (article.state, article.fact_checker_id) == ("fact_check", fact_checker.id)


def test_a_transition_records_everything_in_one_go(editor: User) -> None:
    article = make_article("ready")
    seen = []
    with article_transitioned.connected_to(lambda sender, **kw: seen.append((sender, kw))):
        step = apply(article, "reopen", editor, Request(note="Needs a better top."))
    db.session.commit()
    assert (step.from_state, step.to_state, step.actor_id, step.note) == (
        "ready", "edit", editor.id, "Needs a better top.",
    )  # fmt: skip
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "article.reopen"))
    assert audit.actor_id == editor.id and audit.details["note"] == "Needs a better top."
    revision = db.session.scalar(
        select(ArticleRevision).where(ArticleRevision.reason == "transition")
    )
    assert revision.article_id == article.id and revision.version == article.version
    assert seen and seen[0][0] is article and seen[0][1]["transition"].name == "reopen"


def test_a_stale_read_loses_at_the_conditional_update(editor: User) -> None:
    """The request read "ready", another published it meanwhile: the UPDATE matches no row."""
    article = make_article("ready")
    article_id = article.id
    db.session.commit()
    with db.engine.begin() as other_request:
        other_request.execute(
            Article.__table__.update().where(Article.id == article_id).values(state="published")
        )
    set_committed_value(article, "state", "ready")  # what this request had read
    with pytest.raises(Refused) as refused:
        apply(article, "publish", editor)
    assert refused.value.status == 409
    assert "Someone else moved this article first" in str(refused.value)
    assert _count(ArticleTransition) == 0


def test_two_simultaneous_publishes_give_exactly_one_success(app, client_as) -> None:  # type: ignore[no-untyped-def]
    article = make_article("ready")
    url = f"/articles/{article.id}/transition/publish"
    clients = [client_as(make_user(Role.EDITOR)), client_as(make_user(Role.EDITOR))]
    db.session.commit()
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def publish(client: FlaskClient) -> None:
        barrier.wait()
        statuses.append(client.post(url).status_code)

    threads = [threading.Thread(target=publish, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409]
    published = db.session.scalars(
        select(ArticleTransition).where(ArticleTransition.article_id == article.id)
    ).all()
    assert [(t.from_state, t.to_state) for t in published] == [("ready", "published")]
    audits = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "article.publish")
    )
    assert audits == 1


@pytest.mark.parametrize(("transition", "state"), STEPS, ids=STEP_IDS)
def test_the_rows_button_is_shown_exactly_to_those_the_row_allows(
    transition: workflow.Transition,
    state: str,
    users: dict[str, User],
    client_as,  # type: ignore[no-untyped-def]
) -> None:
    """The desk page has a button labelled exactly as the row says, for whom the row allows.

    Enabled, in a form posting to the transition, when the guard passes; disabled beside the
    guard's reason when it doesn't. Everyone else sees no button with that label at all.
    """
    for role, actor in users.items():
        client = client_as(actor)
        for on_byline in (False, True):
            authors = [actor] if on_byline else [make_user(Role.REPORTER)]
            article = make_article(state, authors=authors)
            case = (transition.name, state, role, "own" if on_byline else "someone else's")
            response = client.get(f"/articles/{article.id}")
            html = response.get_data(as_text=True)
            shown = buttons(html, transition.label) if response.status_code == 200 else []
            if not _may(transition, state, role, on_byline):
                # Either the page without the button, or no page at all for a story one may not
                # see (404, never 403: ids leak nothing).
                assert response.status_code == (
                    200 if can(actor, "article.view", article) else 404
                ), case
                assert shown == [], case
                continue
            assert response.status_code == 200, case
            assert len(shown) == 1, (case, shown)
            reason = workflow.check_guard(transition, article, actor)
            if reason is None:
                url = f"/articles/{article.id}/transition/{transition.name}"
                assert shown[0] == Button(transition.label, False, url), case
            else:
                assert shown[0].disabled, case
                assert str(escape(reason)) in html, case


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("transition", GUARDED, ids=lambda t: t.name)
def test_a_failed_guard_answers_with_the_guards_own_reason(
    transition: workflow.Transition,
    hx: bool,
    users: dict[str, User],
    client_as,  # type: ignore[no-untyped-def]
    fact_checker: User,
) -> None:
    """A POST the guard refuses answers 422 with the reason the row's guard gives, and no move.

    Each person the row allows tries it on their own article and on someone else's, with the copy
    complete and with it blank; wherever the guard says no, the page (or fragment) says why.
    """
    state = transition.sources[0]
    colleague = make_user(Role.FACT_CHECKER)
    refused_roles = set()
    for role, actor in users.items():
        client = client_as(actor)
        for on_byline, blank, checker, held in itertools.product(
            (False, True), (False, True), (None, colleague.id), (False, True)
        ):
            if not _may(transition, state, role, on_byline):
                continue
            copy = {"headline": "", "summary": "", "body": "", "section": None} if blank else {}
            if held:  # an embargo that holds (issue 22): the publishing rows refuse, naming it
                copy |= {"embargo_until": clock.now() + timedelta(hours=3), "embargo_source": "AP"}
            authors = [actor] if on_byline else [make_user(Role.REPORTER)]
            article = make_article(state, authors=authors, fact_checker_id=checker, **copy)
            reason = workflow.check_guard(transition, article, actor)
            if reason is None:
                continue
            case = (transition.name, role, on_byline, blank)
            version = article.version
            response = client.post(
                f"/articles/{article.id}/transition/{transition.name}",
                data=transition_form(transition, fact_checker, "Because the desk said so."),
                headers=HX if hx else {},
            )
            html = response.get_data(as_text=True)
            assert response.status_code == 422, case
            assert str(escape(reason)) in html, case
            assert ("<html" in html) is not hx, case
            db.session.refresh(article)
            assert (article.state, article.version) == (state, version), case
            refused_roles.add(role)
    assert refused_roles, f"no case here makes {transition.name}'s guard refuse anyone"


def test_buttons_on_the_page_are_exactly_the_available_options(
    client_as,
    users: dict[str, User],  # type: ignore[no-untyped-def]
) -> None:
    for state in workflow.STATES:
        article = make_article(state, authors=[users["reporter"]])
        for user in users.values():
            response = client_as(user).get(f"/articles/{article.id}")
            if response.status_code == 404:
                continue
            page = response.get_data(as_text=True)
            offered = {o.label for o in workflow.available(article, user)}
            for transition in MANUAL:
                shown = f">{transition.label}</" in page
                assert shown == (transition.label in offered), (state, user.role, transition.name)


def test_disabled_option_shows_its_reason(client_as, reporter: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("draft", authors=[reporter], summary="")
    page = client_as(reporter).get(f"/articles/{article.id}").get_data(as_text=True)
    assert "disabled" in page and "Add a summary before submitting." in page


def test_htmx_transition_returns_the_panel_and_an_event(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("ready")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/publish", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<section") and "<html" not in html
    assert "articleTransitioned" in response.headers["HX-Trigger"]
    assert '"to": "published"' in response.headers["HX-Trigger"]


def test_htmx_refusal_swaps_the_panel_with_the_reason(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/return",
        data={"note": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tell the reporter what to fix." in html and "<html" not in html


def test_extra_posted_fields_are_ignored(client_as, reporter: User) -> None:  # type: ignore[no-untyped-def]
    article = make_article("draft", authors=[reporter])
    other = make_user(Role.REPORTER)
    client_as(reporter).post(
        f"/articles/{article.id}/transition/submit",
        data={
            "state": "published",
            "to_state": "published",
            "publish_at": "2030-01-01T10:00",
            "author_id": str(other.id),
            "version": "99",
        },
    )
    db.session.refresh(article)
    assert article.state == "edit"
    assert article.published_at is None
    assert [a.id for a in article.authors] == [reporter.id]
    assert article.version == 2


def test_non_js_transition_redirects_to_a_local_next_only(client_as, editor: User) -> None:  # type: ignore[no-untyped-def]
    first = make_article("ready")
    second = make_article("ready")
    ok = client_as(editor).post(
        f"/articles/{first.id}/transition/reopen", data={"next": "/desk/?section=1"}
    )
    assert ok.headers["Location"] == "/desk/?section=1"
    evil = client_as(editor).post(
        f"/articles/{second.id}/transition/reopen", data={"next": "//evil.example/"}
    )
    assert evil.headers["Location"] == f"/articles/{second.id}"


def test_client_with_no_session_is_sent_to_sign_in(client: FlaskClient) -> None:
    article = make_article("ready")
    response = client.post(f"/articles/{article.id}/transition/publish")
    assert response.status_code == 401


@dataclass
class _Person:
    role: str


@dataclass
class _Story:
    state: str
    authored: bool

    def is_author(self, _user: object) -> bool:
        return self.authored


@pytest.mark.parametrize("role", ROLES)
def test_a_step_a_role_may_never_take_is_permitted_on_no_story(role: str) -> None:
    """`may_ever` (the transition's view holds no row for a role it says no to) never says no
    where `permitted` would say yes: every state, on the byline or not."""
    person = _Person(role)
    for transition in workflow.TRANSITIONS:
        stories = [_Story(s, a) for s in workflow.STATES for a in (False, True)]
        if not workflow.may_ever(transition, person):
            assert not any(workflow.permitted(transition, s, person) for s in stories)
        else:
            assert any(workflow.permitted(transition, s, person) for s in stories), transition
