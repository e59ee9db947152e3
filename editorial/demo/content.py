"""The demo newsroom's content, read from `newsroom.json` beside this module.

The newsroom is data, not code: people and their roles, articles, breaking headlines, how many
articles go to each state and the notes written on the way. It is checked as it is read, so a typo
in the file fails at once with the entry named, not halfway through loading a database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, TypedDict

from editorial.models import Role
from editorial.workflow import BY_NAME, STATES

ARTICLE_KEYS = ("headline", "summary", "body", "section", "region", "tags", "source")


class DemoArticle(TypedDict):
    """One demo story as the data file gives it (section and region by name)."""

    headline: str
    summary: str
    body: str
    section: str
    region: str | None
    tags: list[str]
    source: str


class DemoHeadline(TypedDict):
    """One demo breaking headline: its start and run in minutes from the time the demo loads
    (a negative start is in the past), its pin, and the headline of the published demo story it
    links to, if any."""

    text: str
    starts: int
    runs: int
    pinned: bool
    article: str | None
    language: str  # which edition's ticker shows it (a catalogue code; "en" when not given)


@dataclass(frozen=True)
class Profile:
    """What a demo person's author page shows: its address, a bio and whether it has a portrait
    (drawn at load time, kept in the media library like an upload)."""

    slug: str
    bio: str
    portrait: bool = False
    # Former staff: on a byline of a published story, then deactivated (a byline is history).
    former: bool = False


@dataclass(frozen=True)
class Newsroom:
    """Everything in the data file, checked.

    `people` are (email, display name, role) and `profiles` their author pages by email (every
    person has one: any of them may be on a byline); `state_counts` maps a state to how many
    articles end there, in the order they are dealt out; `notes` maps a transition name to its note;
    `coverage` is the tags featured as coverage hubs, with their descriptions.
    """

    people: list[tuple[str, str, Role]]
    articles: list[DemoArticle]
    breaking: list[DemoHeadline]
    state_counts: dict[str, int]
    notes: dict[str, str]
    conversations: list[Conversation]
    # The footer pages' Markdown ("about", "contact", "privacy"), stored in the site settings.
    footer_pages: dict[str, str]
    coverage: list[tuple[str, str]] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)


class Conversation(TypedDict):
    """A comment thread on the newest demo article in `state`: (who, text) pairs, the first one
    opening the thread and the rest replying. Who is "author", "editor" or "checker" of that
    article; "{author}", "{editor}" and "{checker}" in the text become their names."""

    state: str
    resolved: bool
    thread: list[tuple[str, str]]


SPEAKERS = ("author", "editor", "checker")


def read_newsroom(name: str = "newsroom.json") -> Newsroom:
    """Read and check the data file `name` shipped in this package."""
    raw = json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))
    return Newsroom(
        people=[_person(entry) for entry in raw["people"]],
        articles=[_article(entry) for entry in raw["articles"]],
        breaking=[_headline(entry) for entry in raw["breaking"]],
        state_counts=_state_counts(raw["state_counts"]),
        notes=_notes(raw["notes"]),
        conversations=[_conversation(entry) for entry in raw.get("conversations", [])],
        footer_pages={str(k): str(v) for k, v in raw.get("footer_pages", {}).items()},
        coverage=[(str(e["tag"]), str(e.get("description", ""))) for e in raw.get("coverage", [])],
        profiles={str(entry["email"]): _profile(entry) for entry in raw["people"]},
    )


def _conversation(entry: dict[str, Any]) -> Conversation:
    if entry["state"] not in STATES:
        raise ValueError(f"Demo conversation on an unknown state: {entry['state']!r}")
    thread = [(str(who), str(text)) for who, text in entry["thread"]]
    unknown = [who for who, _ in thread if who not in SPEAKERS]
    if not thread or unknown:
        raise ValueError(f"Demo conversation with no comments or unknown speakers: {unknown}")
    return Conversation(state=entry["state"], resolved=bool(entry["resolved"]), thread=thread)


def _person(entry: dict[str, Any]) -> tuple[str, str, Role]:
    return str(entry["email"]), str(entry["name"]), Role(entry["role"])


def _profile(entry: dict[str, Any]) -> Profile:
    if not entry.get("slug") or not entry.get("bio"):
        raise ValueError(f"Demo person {entry.get('name')!r} needs a slug and a bio.")
    return Profile(
        str(entry["slug"]),
        str(entry["bio"]),
        bool(entry.get("portrait", False)),
        bool(entry.get("former", False)),
    )


def _article(entry: dict[str, Any]) -> DemoArticle:
    missing = [key for key in ARTICLE_KEYS if key not in entry]
    if missing:
        raise ValueError(f"Demo article {entry.get('headline')!r} lacks {', '.join(missing)}.")
    return DemoArticle(
        headline=str(entry["headline"]),
        summary=str(entry["summary"]),
        body=str(entry["body"]),
        section=str(entry["section"]),
        region=str(entry["region"]) if entry["region"] else None,
        tags=[str(tag) for tag in entry["tags"]],
        source=str(entry["source"]),
    )


def _headline(entry: dict[str, Any]) -> DemoHeadline:
    if int(entry["runs"]) <= 0:
        raise ValueError(f"Demo headline {entry.get('text')!r} must run a positive time.")
    return DemoHeadline(
        text=str(entry["text"]),
        starts=int(entry["starts"]),
        runs=int(entry["runs"]),
        pinned=bool(entry.get("pinned", False)),
        article=str(entry["article"]) if entry.get("article") else None,
        language=str(entry.get("language", "en")),
    )


def _state_counts(raw: dict[str, Any]) -> dict[str, int]:
    unknown = sorted(set(raw) - set(STATES))
    if unknown:
        raise ValueError(f"Demo state_counts names unknown states: {', '.join(unknown)}.")
    return {state: int(count) for state, count in raw.items()}


def _notes(raw: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(raw) - set(BY_NAME))
    if unknown:
        raise ValueError(f"Demo notes name unknown transitions: {', '.join(unknown)}.")
    return {name: str(note) for name, note in raw.items()}
