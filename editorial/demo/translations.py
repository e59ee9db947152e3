"""The demo's translations: Arabic and Spanish versions of a few published stories, read from
`translations.json` beside this module and made as the desk makes them (Translate, then a save,
then the workflow's own rows), so their families, revisions and audit rows are the app's.

One source is corrected after its Arabic version was made, so that translation shows "The source
changed since this translation"; one Spanish version is still a draft (work in progress). One
translation is in fact-check against its source (`check_against_source`): the source's claims, as
a clearance through its ledger would have left them, and the passages of the translation the
fact-checker has located them in (or none: "not in this translation").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from importlib.resources import files
from itertools import cycle
from typing import Any

from sqlalchemy import select

from editorial.articles.claims.locations import locate
from editorial.articles.service import correct_article, save_article
from editorial.articles.translations.service import translate
from editorial.clock import FrozenClock
from editorial.demo.history import Desk, StatePath, walk
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimChange, Role, User

STEP = timedelta(minutes=4)  # between one translation's start and the next one's


def read_translations(name: str = "translations.json") -> list[dict[str, Any]]:
    """The data file's translations, checked: each names a source, a language, a state and text."""
    raw = json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = raw["translations"]
    for entry in entries:
        missing = {"source", "language", "state", "headline", "summary", "body"} - set(entry)
        if missing:
            raise ValueError(f"Demo translation of {entry.get('source')!r} lacks {missing}.")
    return entries


def add_translations(
    staff: Mapping[Role, list[User]],
    paths: Mapping[str, StatePath],
    notes: Mapping[str, str],
    start: datetime,
    frozen: FrozenClock,
) -> int:
    """Make every demo translation from `start` on (in the past), each walked to its state;
    returns how many. The caller commits."""
    editors, checkers = cycle(staff[Role.EDITOR]), cycle(staff[Role.FACT_CHECKER])
    made = 0
    for number, entry in enumerate(read_translations()):
        begins = start + STEP * number
        frozen.set(begins)
        source = db.session.scalar(select(Article).where(Article.headline == entry["source"]))
        if source is None:
            raise RuntimeError(f"No demo story {entry['source']!r} to translate.")
        translator, checker = next(editors), next(checkers)
        check = entry.get("check_against_source")
        if check:
            _cleared_with_claims(source, checker, [pair[0] for pair in check], begins)
        translation = translate(source, translator, entry["language"], entry["headline"])
        db.session.flush()
        frozen.set(begins + timedelta(seconds=40))
        text = {"summary": entry["summary"], "body": entry["body"]}
        save_article(translation, translator, text, translation.version)
        db.session.flush()
        desk = Desk(
            authors=list(translation.authors),
            editor=translator,
            fact_checker=checker,
            admin=staff[Role.ADMIN][0],
        )
        end = begins + STEP - timedelta(seconds=30)
        walk(
            translation,
            paths[entry["state"]],
            desk,
            start=begins + timedelta(minutes=1),
            end=end,
            clock=frozen,
            notes=notes,
        )
        for (quote, passage), claim in zip(check or [], _claims_of(source), strict=True):
            if claim.text != quote:
                raise RuntimeError(f"Demo claim {quote!r} is not the source's.")
            frozen.set(end + timedelta(seconds=5))
            locate(translation, claim.id, checker, passage=passage or "", absent=not passage)
        correction = entry.get("then_correct_source")
        if correction:
            frozen.set(end + timedelta(seconds=10))
            old, new = correction["replace"]
            correct_article(
                source,
                translator,
                {"body": source.body.replace(old, new)},
                source.version,
                correction["notice"],
            )
            db.session.flush()
        made += 1
    return made


def _cleared_with_claims(source: Article, checker: User, quotes: list[str], at: datetime) -> None:
    """The source's claims verified by `checker`, and the source naming them as its checker, as a
    clearance through its ledger leaves them (its story was cleared long before `at`)."""
    checked = at - timedelta(days=1)
    for quote in quotes:
        claim = Claim(
            article_id=source.id,
            text=quote,
            verdict="verified",
            created_by_id=checker.id,
            created_at=checked,
            checked_by_id=checker.id,
            checked_at=checked,
        )
        claim.changes.append(ClaimChange(kind="added", actor_id=checker.id, at=checked))
        claim.changes.append(
            ClaimChange(
                kind="checked",
                actor_id=checker.id,
                at=checked,
                from_verdict="unchecked",
                to_verdict="verified",
            )
        )
        db.session.add(claim)
    source.checked_by_id, source.checked_at = checker.id, checked
    db.session.flush()


def _claims_of(source: Article) -> list[Claim]:
    return list(
        db.session.scalars(select(Claim).where(Claim.article_id == source.id).order_by(Claim.id))
    )
