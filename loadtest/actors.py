"""The simulated newsroom: one thread per person, each with its own account and HTTP session.

Every actor signs in once (again only when the server says the session is gone, e.g. never after
a restart since sessions are server-side), reads the pages a person would read, and posts the
forms those pages hold, with the CSRF token and the version taken from the page. Each write's
answer goes into the ledger with what it asked for (ids, versions, texts, transition names), so
`loadtest.verify` can look for it in the database afterwards.

- `Reporter`: creates drafts, saves them (a new body each time, sometimes a new tag), sends the
  editor's presence heartbeat, and sometimes submits its own draft.
- `Editor`: opens articles and applies transitions from the buttons on the page (submit, send to
  fact-check, schedule a few seconds ahead, publish, and now and then return, reopen, spike,
  restore, unschedule, unpublish); sometimes saves a story in edit or ready (which sends a cleared
  one back to fact-check).
- `FactChecker`: clears (with the required note) or flags articles in fact-check.
- `DeskEditor`: schedules BREAKING headlines and polls the desk's lists.
- `Reader`: anonymous; the front page, sections, articles, feeds, the ticker poll with its ETag,
  and the read-count beacon.
- `Poller`: staff pages left open: the board's refresh, the ticker, an article's presence notice.
"""

from __future__ import annotations

import random
import re
import threading
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from editorial import workflow
from loadtest.client import (
    Answer,
    Client,
    Form,
    csrf_token,
    form_with_action,
    forms,
    fragment_of,
    path_of,
)
from loadtest.ledger import ACK, REFUSED, UNKNOWN, Ledger, OutOfBounds, Write, outcome_of

HX = {"HX-Request": "true"}
TAG_POOL = (
    "Water",
    "Elections",
    "Energy",
    "Schools",
    "Transport",
    "Health",
    "Housing",
    "Courts",
    "Weather",
    "Budget",
)
LIVE_STORIES = ("the budget vote", "the storm", "the election count")
PARAGRAPHS = (
    "The council met for three hours before the vote, and the gallery stayed full throughout.",
    "Officials said the figures would be revised once the last districts had reported.",
    "Residents interviewed on Tuesday described queues that began before dawn.",
    "The ministry did not answer written questions sent on Monday morning.",
    "Engineers expect the repairs to take at least two more weeks, weather permitting.",
)


@dataclass(frozen=True)
class Account:
    """A person the load test signs in as."""

    email: str
    password: str
    user_id: int
    role: str


@dataclass
class Known:
    """What the harness last saw of an article (a hint: the page is always read again)."""

    article_id: int
    state: str
    slug: str = ""


class Registry:
    """The articles the actors know of, with the state each was last seen in (thread-safe).

    It stands in for the board: actors pick from it, then read the article's own page, which is
    the truth. Seeded articles are in it from the start; reporters add what they create.
    """

    def __init__(self, known: list[Known]) -> None:
        self._lock = threading.Lock()
        self._articles = {k.article_id: k for k in known}

    def add(self, article_id: int, state: str) -> None:
        """A new article."""
        with self._lock:
            self._articles[article_id] = Known(article_id, state)

    def seen(self, article_id: int, state: str) -> None:
        """An actor saw the article in `state`."""
        with self._lock:
            if article_id in self._articles:
                self._articles[article_id].state = state

    def pick(self, rng: random.Random, weights: dict[str, float]) -> int | None:
        """An article id, chosen by the weight of the state it was last seen in."""
        with self._lock:
            items = [(k.article_id, weights.get(k.state, 0.0)) for k in self._articles.values()]
        items = [(i, w) for i, w in items if w > 0]
        if not items:
            return None
        ids = [i for i, _ in items]
        return rng.choices(ids, [w for _, w in items])[0]

    def ids(self) -> list[int]:
        """Every known article id."""
        with self._lock:
            return list(self._articles)


@dataclass
class World:
    """What every actor shares: the port, the ledger, the registry, the newsroom's zone."""

    port: int
    ledger: Ledger
    registry: Registry
    zone: str
    run_id: str


class Actor(threading.Thread):
    """One person: signs in, then repeats `step()` with a pause until the run's bounds end it."""

    kind = "actor"
    think = (0.1, 0.4)  # seconds between steps

    def __init__(self, world: World, account: Account | None, number: int, seed: int) -> None:
        label = account.email if account else f"reader-{number}"
        super().__init__(name=f"{self.kind}-{number}", daemon=True)
        self.world = world
        self.ledger = world.ledger
        self.account = account
        self.label = label
        self.rng = random.Random(seed)  # noqa: S311 - load patterns, not secrets
        self.client = Client(world.port, agent=f"loadtest/{self.kind}-{number}")
        self.csrf = ""
        self.signed_in = False
        self.counter = 0

    # -- the loop ---------------------------------------------------------------------------

    def run(self) -> None:
        """Step until the deadline or the budget ends the run; a harness bug is recorded."""
        try:
            while self.ledger.running():
                if self.account is not None and not self.signed_in:
                    self.sign_in()
                    continue
                self.step()
                self.pause(*self.think)
        except OutOfBounds:
            pass
        except Exception:  # noqa: BLE001 - reported as a harness error, and the run fails
            self.ledger.harness_error(f"{self.name} ({self.label}):\n{traceback.format_exc()}")
        finally:
            self.client.close()

    def step(self) -> None:
        """One thing this person does."""
        raise NotImplementedError

    def pause(self, low: float, high: float) -> None:
        """Think for a while (cut short when the run stops)."""
        self.ledger.stop.wait(self.rng.uniform(low, high))

    # -- requests ---------------------------------------------------------------------------

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """One request, within the bounds, counted under `kind`."""
        self.ledger.take()
        sent = dict(headers or {})
        if method == "POST" and self.csrf and sent.get("HX-Request"):
            sent["X-CSRFToken"] = self.csrf
        if method == "POST":
            with self.ledger.lock:
                self.ledger.writing += 1
            try:
                answer = self.client.post(path, form or {}, headers=sent)
            finally:
                with self.ledger.lock:
                    self.ledger.writing -= 1
        else:
            answer = self.client.get(path, headers=sent)
        self.ledger.count(kind, method, path, answer, self.label)
        if answer.status == 0:
            # The server may be down (the kill): wait a moment before the next try.
            self.pause(0.2, 0.4)
        elif self.account is not None and (
            answer.status == 401 or path_of(answer.location).startswith("/login")
        ):
            self.signed_in = False
        return answer

    def page(self, kind: str, path: str) -> Answer | None:
        """GET a staff page; None unless it answered 200 (and the CSRF token is refreshed)."""
        answer = self.call(kind, "GET", path)
        if answer.status != 200:
            return None
        token = csrf_token(answer.text)
        if token:
            self.csrf = token
        return answer

    def sign_in(self) -> None:
        """Sign in with the account's password (retried, within the bounds, until it works)."""
        assert self.account is not None  # noqa: S101 - only actors with accounts sign in
        self.client.cookies.clear()
        login = self.call("sign-in", "GET", "/login")
        # The sign-in form posts to its own address (no action attribute).
        form = form_with_action(login.text, r"^(/login.*)?$") if login.status == 200 else None
        if form is None:
            self.pause(0.3, 0.6)
            return
        fields = form.with_values(email=self.account.email, password=self.account.password)
        answer = self.call("sign-in", "POST", "/login", fields)
        if answer.status == 302 and not path_of(answer.location).startswith("/login"):
            self.signed_in = True
            with self.ledger.lock:
                self.ledger.sign_ins.append(answer.finished)
            self.page("desk", "/desk/")
        else:
            self.pause(0.5, 1.0)

    def token(self) -> str:
        """A string found nowhere else: marks one write so the database can be searched for it."""
        self.counter += 1
        return f"lt{self.world.run_id}-{self.name}-{self.counter}"

    def write(self, kind: str, answer: Answer, outcome: str, **what: object) -> Write:
        """Record a write attempt."""
        entry = Write(
            kind=kind,
            actor=self.label,
            user_id=self.account.user_id if self.account else None,
            outcome=outcome,
            status=answer.status_label,
            started=answer.started,
            finished=answer.finished,
            **what,  # type: ignore[arg-type]
        )
        self.ledger.add(entry)
        return entry

    # -- shared moves -----------------------------------------------------------------------

    def article_page(self, article_id: int) -> tuple[str, dict[str, Form]] | None:
        """The article's state and its transition forms, from its desk page (None if not 200)."""
        answer = self.page("article page", f"/articles/{article_id}")
        if answer is None:
            return None
        html = answer.text
        found = re.search(
            rf'id="article-actions-{article_id}".*?class="state state-(\w+)"', html, re.DOTALL
        )
        if found is None:
            self.ledger.harness_error(f"no state on /articles/{article_id}")
            return None
        state = found.group(1)
        self.world.registry.seen(article_id, state)
        buttons = {}
        for form in forms(html):
            hit = re.fullmatch(rf"/articles/{article_id}/transition/(\w+)", form.action)
            if hit:
                buttons[hit.group(1)] = form
        return state, buttons

    def transition(
        self, article_id: int, name: str, form: Form, note: str = "", **more: str
    ) -> Write:
        """Press a transition's button (with a note and whatever else it asks for)."""
        replace: dict[str, str | list[str]] = dict(more)
        if any(key == "note" for key, _ in form.fields):
            replace["note"] = note
        publish_at = None
        if "publish_at" in more:
            local = datetime.fromisoformat(more["publish_at"]).replace(
                tzinfo=ZoneInfo(self.world.zone)
            )
            publish_at = local.astimezone(UTC)
        path = f"/articles/{article_id}/transition/{name}"
        answer = self.call(f"transition {name}", "POST", path, form.with_values(**replace))
        outcome = outcome_of(answer)
        entry = self.write(
            "transition",
            answer,
            outcome,
            article_id=article_id,
            name=name,
            publish_at=publish_at,
        )
        if outcome == ACK:
            self.world.registry.seen(article_id, workflow.BY_NAME[name].target)
        return entry

    def save(self, article_id: int, *, add_tag: bool) -> Write | None:
        """Open the editor, change the body (and maybe add a tag), and save."""
        answer = self.page("editor page", f"/articles/{article_id}/edit")
        if answer is None:
            return None
        form = form_with_action(answer.text, rf"^/articles/{article_id}/edit$")
        if form is None:
            self.ledger.harness_error(f"no editor form on /articles/{article_id}/edit")
            return None
        token = self.token()
        body = "\n\n".join([*self.rng.sample(PARAGRAPHS, 2), f"Updated by the load test: {token}."])
        tags = [t.strip() for t in form.value("tags").split(",") if t.strip()]
        if add_tag and len(tags) < 8:
            tags.append(f"{self.rng.choice(TAG_POOL)} {self.rng.randint(1, 40)}")
        fields = form.with_values(body=body, tags=", ".join(tags), save="Save")
        saved = self.call("save", "POST", f"/articles/{article_id}/edit", fields)
        return self.write(
            "save",
            saved,
            outcome_of(saved),
            article_id=article_id,
            body=body,
            tags=tuple(tags),
            text=token,
        )

    def local_time(self, seconds_ahead: float) -> str:
        """A `datetime-local` value `seconds_ahead` from now in the newsroom's zone."""
        at = datetime.now(ZoneInfo(self.world.zone)) + timedelta(seconds=seconds_ahead)
        return at.replace(tzinfo=None, microsecond=0).isoformat()


class Reporter(Actor):
    """Writes drafts: creates one, saves it several times (tags now and then), moves on."""

    kind = "reporter"
    think = (0.1, 0.5)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.article_id: int | None = None
        self.saves_left = 0

    def step(self) -> None:
        """Save the current draft, or start a new one."""
        if self.article_id is None or self.saves_left <= 0:
            self.create()
            return
        article_id = self.article_id
        if self.rng.random() < 0.3:
            beat = self.call(
                "presence heartbeat", "POST", f"/articles/{article_id}/presence", {}, HX
            )
            self.write("heartbeat", beat, outcome_of(beat, success=(200,)), article_id=article_id)
        entry = self.save(article_id, add_tag=self.rng.random() < 0.4)
        if entry is None or entry.status in ("403", "404"):
            self.article_id = None  # an editor took it out of draft: start another
            return
        if entry.outcome == ACK:
            self.saves_left -= 1
        if self.saves_left <= 0 and self.rng.random() < 0.5:
            seen = self.article_page(article_id)
            if seen is not None and "submit" in seen[1]:
                self.transition(article_id, "submit", seen[1]["submit"], note="Ready for edit.")

    def create(self) -> None:
        """A new draft with a headline, summary, body and section."""
        answer = self.page("editor page", "/articles/new")
        if answer is None:
            return
        form = form_with_action(answer.text, r"^/articles/new$")
        if form is None:
            self.ledger.harness_error("no editor form on /articles/new")
            return
        sections = [v for v in form.options.get("section_id", []) if v]
        token = self.token()
        # Now and then two reporters start the same live story: the same headline, at once.
        if self.rng.random() < 0.2:
            headline = f"Live: {self.rng.choice(LIVE_STORIES)}"
        else:
            headline = f"Load test story {token}"
        body = f"{self.rng.choice(PARAGRAPHS)}\n\nFirst draft: {token}."
        fields = form.with_values(
            headline=headline,
            summary="A story written by the load test.",
            body=body,
            section_id=self.rng.choice(sections),
            tags="Load test",
            save="Save",
        )
        created = self.call("create", "POST", "/articles/new", fields)
        outcome = outcome_of(created)
        found = re.fullmatch(r"/articles/(\d+)/edit", path_of(created.location))
        if outcome == ACK and found is None:
            outcome = REFUSED  # a redirect elsewhere is not a created draft
        article_id = int(found.group(1)) if found else None
        self.write(
            "create",
            created,
            outcome,
            article_id=article_id,
            headline=headline,
            body=body,
            tags=("Load test",),
            text=token,
        )
        if outcome == ACK and article_id is not None:
            self.world.registry.add(article_id, "draft")
            self.article_id = article_id
            self.saves_left = self.rng.randint(2, 5)


# Where editors look, by the state the article was last seen in.
EDITOR_INTEREST = {
    "draft": 1.0,
    "edit": 3.0,
    "fact_check": 0.2,
    "ready": 3.0,
    "scheduled": 0.6,
    "published": 0.3,
    "spiked": 0.3,
}


class Editor(Actor):
    """Moves stories along: mostly forward, now and then back; sometimes edits one."""

    kind = "editor"
    think = (0.1, 0.4)

    def step(self) -> None:
        """Open an article and press one of its buttons (or edit it)."""
        article_id = self.world.registry.pick(self.rng, EDITOR_INTEREST)
        if article_id is None:
            return
        seen = self.article_page(article_id)
        if seen is None:
            return
        state, buttons = seen
        roll = self.rng.random()
        if state in ("edit", "ready", "scheduled") and roll < 0.12:
            self.save(article_id, add_tag=self.rng.random() < 0.3)
            return
        choice = self.choose(state, buttons, roll)
        if choice is None:
            return
        name, extra = choice
        note = f"Load test note for {name}." if name not in ("publish", "schedule") else ""
        self.transition(article_id, name, buttons[name], note=note, **extra)

    def choose(
        self, state: str, buttons: dict[str, Form], roll: float
    ) -> tuple[str, dict[str, str]] | None:
        """Which button to press, with its extra fields; None to leave the article alone."""
        plans: dict[str, list[tuple[float, str]]] = {
            "draft": [(0.5, "submit"), (0.53, "spike")],
            "edit": [(0.8, "send_to_fact_check"), (0.9, "return"), (0.94, "spike")],
            "ready": [(0.55, "schedule"), (0.85, "publish"), (0.95, "reopen")],
            "scheduled": [(0.12, "unschedule")],
            "published": [(0.08, "unpublish")],
            "spiked": [(0.5, "restore")],
        }
        for limit, name in plans.get(state, []):
            if roll < limit:
                if name not in buttons:
                    return None
                extra: dict[str, str] = {}
                if name == "send_to_fact_check":
                    checkers = [v for v in buttons[name].options.get("fact_checker_id", []) if v]
                    if not checkers:
                        return None
                    extra["fact_checker_id"] = self.rng.choice(checkers)
                if name == "schedule":
                    extra["publish_at"] = self.local_time(self.rng.uniform(3, 12))
                return name, extra
        return None


class FactChecker(Actor):
    """Clears (a note is required) or flags what is in fact-check."""

    kind = "checker"
    think = (0.2, 0.6)

    def step(self) -> None:
        """Open an article in fact-check and decide."""
        article_id = self.world.registry.pick(self.rng, {"fact_check": 1.0})
        if article_id is None:
            return
        seen = self.article_page(article_id)
        if seen is None:
            return
        _state, buttons = seen
        if "clear" in buttons and self.rng.random() < 0.85:
            self.transition(article_id, "clear", buttons["clear"], note="Checked names and dates.")
        elif "flag" in buttons:
            self.transition(article_id, "flag", buttons["flag"], note="The figures don't match.")


class DeskEditor(Actor):
    """Runs the BREAKING desk: schedules headlines, presses row buttons, watches the lists."""

    kind = "breaking"
    think = (0.4, 1.2)

    def step(self) -> None:
        """Schedule a headline, press a row's button (extend, pin, end...), or poll the lists."""
        roll = self.rng.random()
        if roll < 0.25:
            self.call("breaking lists", "GET", "/breaking", headers=HX)
            return
        answer = self.page("breaking desk", "/breaking")
        if answer is None:
            return
        if roll < 0.55:
            self.row_action(answer.text)
            return
        form = form_with_action(answer.text, r"^/breaking$")
        if form is None:
            self.ledger.harness_error("no new-headline form on /breaking")
            return
        token = self.token()
        text = f"BREAKING load test {token}"
        replace: dict[str, str | list[str]] = {"new-text": text}
        if self.rng.random() < 0.3:
            replace["new-starts_at"] = self.local_time(self.rng.uniform(60, 600))[:16]
            replace["new-ends_at"] = self.local_time(3600)[:16]
        created = self.call("breaking create", "POST", "/breaking", form.with_values(**replace))
        outcome = outcome_of(created)
        found = re.fullmatch(r"headline-(\d+)", fragment_of(created.location))
        if outcome == ACK and found is None:
            outcome = UNKNOWN
        self.write(
            "breaking",
            created,
            outcome,
            text=text,
            item_id=int(found.group(1)) if found else None,
        )

    def row_action(self, html: str) -> None:
        """Press one of the row buttons on the desk, the way htmx does (200, or 409 if stale)."""
        buttons = []
        for form in forms(html):
            hit = re.fullmatch(r"/breaking/(\d+)/(\w+)", form.action)
            if hit and hit.group(2) in ROW_AUDIT:
                buttons.append((int(hit.group(1)), hit.group(2), form))
        if not buttons:
            return
        item_id, name, form = self.rng.choice(buttons)
        pressed = self.call(f"breaking {name}", "POST", form.action, form.fields, HX)
        choice = form.value("minutes") or form.value("pinned") or form.value("direction")
        self.write(
            "breaking action",
            pressed,
            outcome_of(pressed, success=(200,)),
            item_id=item_id,
            name=name,
            text=choice,
        )


# A row button, and the audit event its success writes (pin: by the value it sends).
ROW_AUDIT = {
    "extend": "breaking.extended",
    "end": "breaking.ended",
    "withdraw": "breaking.withdrawn",
    "restore": "breaking.restored",
    "pin": "breaking.pinned",
    "move": "breaking.moved",
}


class Reader(Actor):
    """An anonymous reader of the public site (no account, no cookie kept by the app)."""

    kind = "reader"
    think = (0.05, 0.3)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.slugs: list[str] = []
        self.sections: list[str] = []
        self.etag = ""

    def step(self) -> None:
        """One public page."""
        roll = self.rng.random()
        if roll < 0.25 or not self.slugs:
            home = self.call("public home", "GET", "/")
            if home.status == 200:
                self.slugs = sorted(set(re.findall(r'href="/news/([\w-]+)"', home.text)))
                self.sections = sorted(set(re.findall(r'href="/section/([\w-]+)"', home.text)))
        elif roll < 0.55:
            slug = self.rng.choice(self.slugs)
            page = self.call("public article", "GET", f"/news/{slug}")
            if page.status == 200 and self.rng.random() < 0.3:
                read = self.call("read beacon", "POST", f"/news/{slug}/read", {})
                self.write("read", read, outcome_of(read, success=(204,)), text=slug)
        elif roll < 0.7 and self.sections:
            self.call("public section", "GET", f"/section/{self.rng.choice(self.sections)}")
        elif roll < 0.85:
            headers = {"If-None-Match": self.etag} if self.etag else {}
            tick = self.call("ticker poll", "GET", "/breaking/ticker", headers=headers)
            self.etag = tick.headers.get("etag", self.etag)
        elif roll < 0.93:
            self.call("public feed", "GET", "/feeds/rss.xml")
        else:
            self.call("breaking api", "GET", "/api/breaking")


class Poller(Actor):
    """Staff pages left open: the board refreshes, the ticker polls, presence notices poll."""

    kind = "poller"
    think = (0.3, 1.0)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.etag = ""

    def step(self) -> None:
        """One poll."""
        roll = self.rng.random()
        if roll < 0.5:
            self.call("desk refresh", "GET", "/desk/refresh", headers=HX)
        elif roll < 0.8:
            headers = {"If-None-Match": self.etag} if self.etag else {}
            tick = self.call("ticker poll", "GET", "/breaking/ticker", headers=headers)
            self.etag = tick.headers.get("etag", self.etag)
        else:
            article_id = self.world.registry.pick(self.rng, dict.fromkeys(EDITOR_INTEREST, 1.0))
            if article_id is not None:
                self.call("presence poll", "GET", f"/articles/{article_id}/presence", headers=HX)


ROLES_OF = {
    Reporter: ("reporter",),
    Editor: ("editor",),
    FactChecker: ("fact_checker",),
    DeskEditor: ("admin", "editor"),
    Poller: ("admin", "editor"),
}
