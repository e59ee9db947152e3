"""Each audit event as a sentence a person reads: "Rima Khoury renamed section Sports to Sport".

The log stores codes (`settings.changed`, `user 10`, the details as JSON) so it can be filtered and
exported; the page says what happened in words, and keeps the codes behind a disclosure. Every
event kind the code writes has its sentence here (`tests/test_audit_sentences.py` greps the
`record(...)` calls to hold that): one function per family of kinds, given what the page knows.

Names are read in one query per kind of object for a whole page, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from editorial import languages, workflow
from editorial.audit_log import more_sentences
from editorial.audit_log.said import Names, Said, as_int, listed, names_for, quoted, with_change
from editorial.models import AuditEvent
from editorial.models.claims import VERDICT_LABELS

SETTING_NAMES = {
    "newsroom_name": "the newsroom's name",
    "time_zone": "the time zone",
    "about_md": "the About page",
    "contact_md": "the Contact page",
    "privacy_md": "the Privacy page",
    "show_checked_by": "whether stories show who checked them",
}
USER_FIELDS = {"display_name": "name", "email": "email", "bio": "bio", "slug": "page address"}
PERMISSIONS = {
    "users.manage": "manage people",
    "audit.view": "read the audit log",
    "taxonomy.manage": "change sections, regions and tags",
    "settings.manage": "change the settings",
    "article.create": "write a story",
    "article.view": "see that story",
    "article.history": "see that story's history",
    "article.comment": "comment on that story",
    "article.assign": "assign people to stories",
    "article.edit": "edit that story",
    "article.byline": "change a byline",
    "article.correct": "correct that story",
    "article.restore_revision": "restore an older version",
    "breaking.manage": "manage breaking news",
    "claims.read": "read the claims",
    "claims.change": "check claims",
    "factcheck.queue": "use the fact-check queue",
    "coverage.manage": "manage coverage",
    "media.edit": "change that picture",
} | more_sentences.PERMISSIONS
# A move of the state machine in words ({who}, {story}); one not listed says the table's `done`.
MOVES = {
    "submit": "{who} submitted {story} for edit",
    "return": "{who} returned {story} to the byline",
    "send_to_fact_check": "{who} sent {story} to fact-check",
    "flag": "{who} flagged {story} back to edit",
    "clear": "{who} cleared {story} after its fact-check",
    "reopen": "{who} reopened {story} for edit",
    "publish": "{who} published {story}",
    "schedule": "{who} scheduled {story}",
    "unschedule": "{who} unscheduled {story}",
    "publish_now": "{who} published {story} at once instead of at its scheduled time",
    "reschedule": "{who} moved the publish time of {story}",
    "release": "{story} went out on its schedule",
    "unpublish": "{who} took {story} off the public site",
    "spike": "{who} spiked {story}",
    "restore": "{who} brought {story} back from the spike as a draft",
    "recheck": "{story} went back to fact-check after a change",
}
DUTIES = {"editor": "editor", "fact_checker": "fact-checker", "translator": "translator"}


# -- The sentences, by family ------------------------------------------------------------------


def _auth(s: Said) -> str:
    if s.kind == "sign_in_failed":
        return f"A sign-in as {s.details.get('email') or 'an unknown email'} failed"
    if s.kind == "sign_in_refused":
        return f"{s.subject()} tried to sign in, but the account is deactivated"
    if s.kind in ("sign_in", "sign_out"):
        return f"{s.who} signed {'in' if s.kind == 'sign_in' else 'out'}"
    raise KeyError(s.kind)


def _refused(s: Said) -> str:
    what = PERMISSIONS.get(str(s.details.get("permission")), "do that")
    where = s.details.get("path")
    return f"{s.who} was refused: their role may not {what}" + (f" ({where})" if where else "")


def _settings(s: Said) -> str:
    changes = [
        with_change(label, s.details[name])
        for name, label in SETTING_NAMES.items()
        if name in s.details
    ]
    return f"{s.who} changed {listed(changes) if changes else 'the settings'}"


def _article(s: Said) -> str:
    story, kind, details = s.story(), s.kind, s.details
    fields = details.get("fields") or []
    changed = f" ({listed([str(f) for f in fields])})" if fields else ""
    if kind == "created":
        return f"{s.who} started writing {story}"
    if kind == "saved":
        return f"{s.who} saved {story}{changed}"
    if kind == "autosaved":
        return f"{s.who}'s changes to {story} were saved automatically{changed}"
    if kind == "corrected":
        return f"{s.who} corrected {story} after publication{changed}"
    if kind == "revision_restored":
        return f"{s.who} restored an older version of {story}"
    if kind == "translated":
        language = languages.get(str(details.get("language"))).english_name
        return f"{s.who} started the {language} translation {story}"
    if kind == "translation_up_to_date":
        version = f" (version {details['source_version']})" if details.get("source_version") else ""
        return f"{s.who} marked the translation {story} up to date with its source{version}"
    if kind in EMBARGO:
        return _embargo(s, story)
    if kind == "guard_waived":
        waived = workflow.BY_NAME.get(str(details.get("transition")))
        move = waived.label.lower() if waived else "move"
        reason = f" ({details['reason']})" if details.get("reason") else ""
        why = f", noting {quoted(details['note'], 120)}" if details.get("note") else ""
        return f"{s.who} set a rule aside to {move} {story}{reason}{why}"
    transition = workflow.BY_NAME[kind]
    states = workflow.STATE_LABELS
    source = states.get(details.get("from_state") or "")
    moved = (f"from {source} " if source else "") + f"to {states[transition.target]}"
    note = f", noting {quoted(details['note'], 120)}" if details.get("note") else ""
    default = "{story} was " if transition.automatic else "{who} "
    said = MOVES.get(
        kind, default + transition.done + (" {story}" if not transition.automatic else "")
    )
    return said.format(who=s.who, story=story) + f" ({moved}){note}"


EMBARGO = {
    "embargo_set",
    "embargo_changed",
    "embargo_lift_requested",
    "embargo_lift_withdrawn",
    "embargo_lifted_early",
}


def _embargo(s: Said, story: str) -> str:
    details, kind = s.details, s.kind
    until = f" until {details['until']} UTC" if details.get("until") else ""
    source = f" ({details['source']})" if details.get("source") else ""
    note = f", noting {quoted(details['note'], 120)}" if details.get("note") else ""
    if kind == "embargo_set":
        return f"{s.who} put {story} under embargo{until}{source}"
    if kind == "embargo_changed":
        before = f" from {details['before']} UTC" if details.get("before") else ""
        return f"{s.who} moved the embargo on {story}{before}{until.replace(' until', ' to')}"
    if kind == "embargo_lift_requested":
        return f"{s.who} asked to lift the embargo on {story} early{note}"
    if kind == "embargo_lift_withdrawn":
        return f"{s.who} withdrew the request to lift the embargo on {story} early"
    asked = details.get("requested_by")
    by = f", as {s.names.person(asked)} asked" if asked else ""
    return f"{s.who} confirmed the early lift of the embargo on {story}{by}{note}"


def _alarm(s: Said) -> str:
    details = s.details
    due = f" (due {details['due']} UTC)" if details.get("due") else ""
    if details.get("kind") == "headline" or s.event.object_type == "breaking_headline":
        what = "a breaking headline" + (f" {quoted(s.thing())}" if s.thing() else "")
        late = "is not on the ticker"
    else:
        what, late = s.story(), "missed its publish time"
    if s.kind == "cleared":
        return f"The missed-publish alarm on {what}{due} cleared"
    why = f": {details['why']}" if details.get("why") else ""
    return f"Alarm: {what} {late}{due}{why}"


def _assigned(s: Said) -> str:
    duty = DUTIES.get(s.kind, s.kind)
    before, after = s.details.get("before"), s.details.get("after")
    story = s.story()
    if after is None:
        return f"{s.who} took {s.names.person(before)} off {story} as its {duty}"
    if s.event.actor_id is not None and as_int(after) == s.event.actor_id:
        return f"{s.who} took on {story} as its {duty}"
    was = f" (instead of {s.names.person(before)})" if before is not None else ""
    return f"{s.who} made {s.names.person(after)} the {duty} of {story}{was}"


def _claim(s: Said) -> str:
    story, details = s.story(), s.details
    if s.kind == "added":
        return f"{s.who} added the claim {quoted(details.get('text'))} to {story}"
    if s.kind == "removed":
        return f"{s.who} removed the claim {quoted(details.get('text'))} from {story}"
    if s.kind == "text_changed":
        return f"A claim's quote changed in {story}, so its check must be done again"
    if s.kind == "location_lost":
        return (
            f"A save of the translation {story} took out the passage a source claim was located"
            f" in, {quoted(details.get('passage'))}, so it must be located again"
        )
    if s.kind == "located":
        if details.get("absent"):
            return f"{s.who} marked a source claim as not in the translation {story}"
        return f"{s.who} located a source claim in the translation {story}: " + quoted(
            details.get("passage")
        )
    verdict = VERDICT_LABELS.get(str(details.get("to")))
    return f"{s.who} checked a claim in {story}" + (f": {verdict}" if verdict else "")


def _comment(s: Said) -> str:
    story = s.story()
    if s.kind == "posted":
        how = "replied to a comment on" if s.details.get("reply") else "commented on"
        return f"{s.who} {how} {story}"
    verb = {"edited": "edited a comment on", "deleted": "deleted a comment on"}
    verb |= {"resolved": "resolved a thread on", "reopened": "reopened a thread on"}
    return f"{s.who} {verb.get(s.kind, 'changed a comment on')} {story}"


def _term(s: Said) -> str:
    kind, details = s.event.action.split(".", 1)[0], s.details
    name = details.get("name")
    if isinstance(name, dict):  # a rename: {"old": ..., "new": ...}
        name = name.get("new")
    current = s.thing(str(name or f"#{s.event.object_id}"))
    if s.kind == "renamed":
        parts = []
        if "name" in details:
            old, new = details["name"].get("old"), details["name"].get("new")
            parts.append(f"renamed {kind} {old} to {new}")
        if "group" in details:
            parts.append(f"moved {kind} {current} to the {details['group'].get('new')} menu")
        if "slug" in details:
            slug = details["slug"]
            parts.append(
                f"moved {kind} {current}'s address from /{slug.get('old')} to /{slug.get('new')}"
            )
        return f"{s.who} {listed(parts) if parts else f'changed {kind} {current}'}"
    if s.kind == "moved":
        place = f" to place {details['to']}" if details.get("to") else ""
        return f"{s.who} moved {kind} {current}{place} in the menu"
    if s.kind == "merged":
        merged = (details.get("merged") or {}).get("name") or "another tag"
        moved = details.get("stories_moved") or 0
        stories = "1 story" if moved == 1 else f"{moved} stories"
        return f"{s.who} merged {merged} into tag {current} ({stories} moved)"
    if s.kind == "labelled":  # its names in other languages (the public editions')
        codes = ", ".join(sorted(details.get("changes") or {})) or "no language"
        return f"{s.who} named {kind} {current} in other languages ({codes})"
    verb = {"created": "added", "retired": "retired", "restored": "restored", "deleted": "deleted"}
    return f"{s.who} {verb.get(s.kind, s.kind)} {kind} {current}"


def _user(s: Said) -> str:
    who, person, details = s.who, s.subject(), s.details
    if s.kind == "created":
        email = f" ({details['email']})" if details.get("email") else ""
        return f"{who} added {person} as {_role(details.get('role'))}{email}"
    if s.kind in ("updated", "profile_updated"):
        changes = [
            with_change(USER_FIELDS.get(k, k), v) for k, v in details.items() if k in USER_FIELDS
        ]
        whose = "their own" if s.event.actor_id == as_int(s.event.object_id) else f"{person}'s"
        return f"{who} changed {whose} {listed(changes) if changes else 'details'}"
    if s.kind == "role_changed":
        was = f" (was {_role(details['old'])})" if details.get("old") else ""
        return f"{who} made {person} {_role(details.get('new'))}{was}"
    if s.kind == "photo_changed":
        return f"{who} {'changed' if details.get('new') else 'removed'} {person}'s photo"
    if s.kind == "password_changed":
        return f"{person} changed their password"
    verb = {
        "activated": f"reactivated {person}",
        "deactivated": f"deactivated {person}",
        "password_reset": f"gave {person} a new temporary password",
        "signed_out_everywhere": f"signed {person} out everywhere",
    }
    return f"{who} {verb.get(s.kind, f'changed {person}')}"


def _role(value: Any) -> str:
    words = str(value or "member of staff").replace("_", "-")
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _image(s: Said) -> str:
    caption = s.thing()
    what = f"the picture {quoted(caption)}" if caption else f"picture #{s.event.object_id}"
    if s.kind == "failed":  # its re-encoding job gave up (media/processing.py)
        return f"{what[0].upper()}{what[1:]} could not be prepared: {s.details.get('problem', '')}"
    verb = {"uploaded": "uploaded", "replaced": "replaced the file of", "updated": "edited"}
    return f"{s.who} {verb.get(s.kind, 'changed')} {what}"


def _coverage(s: Said) -> str:
    name = s.details.get("name") or s.thing("a tag")
    if s.kind == "featured":
        return f"{s.who} made {name} a coverage page"
    if s.kind == "unfeatured":
        return f"{s.who} stopped featuring {name} as a coverage page"
    return f"{s.who} updated the coverage page of {name}"


def _breaking(s: Said) -> str:
    text = quoted(s.thing(str(s.details.get("text") or "")) or "a breaking headline")
    details = s.details
    sentences = {
        "created": f"put up the breaking headline {text}",
        "updated": f"edited the breaking headline {text}"
        + (
            f" ({listed([str(k) for k in details.get('changes', {})])})"
            if details.get("changes")
            else ""
        ),
        "extended": f"kept the breaking headline {text} up longer"
        + (f" (by {details['minutes']} minutes)" if details.get("minutes") else ""),
        "ended": f"took down the breaking headline {text}",
        "withdrawn": f"withdrew the breaking headline {text}",
        "restored": f"brought back the breaking headline {text}",
        "pinned": f"pinned the breaking headline {text}",
        "unpinned": f"unpinned the breaking headline {text}",
        "moved": f"moved the breaking headline {text} {details.get('direction') or ''}".rstrip()
        + (f" to place {details['new']} on the ticker" if details.get("new") else ""),
    }
    return f"{s.who} {sentences.get(s.kind, f'changed the breaking headline {text}')}"


def _demo(s: Said) -> str:
    d = s.details
    counts = f" ({d['people']} people, {d['articles']} stories)" if d.get("people") else ""
    return f"{s.who} loaded the demo newsroom{counts}"


def _backup(s: Said) -> str:
    file = s.details.get("file")
    return f"{s.who} restored the newsroom from " + (f"the backup {file}" if file else "a backup")


FAMILIES: dict[str, Callable[[Said], str]] = {
    "auth": _auth,
    "access": _refused,
    "settings": _settings,
    "article": _article,
    "claim": _claim,
    "comment": _comment,
    "section": _term,
    "region": _term,
    "tag": _term,
    "user": _user,
    "image": _image,
    "coverage": _coverage,
    "breaking": _breaking,
    "alarm": _alarm,
    "demo": _demo,
    "backup": _backup,
    **more_sentences.FAMILIES,
}


def sentence(event: AuditEvent, names: Names) -> str | None:
    """`event` in words, or None for a kind no sentence knows (the page then shows its code)."""
    action = event.action
    family = FAMILIES.get(action.split(".", 1)[0])
    said = Said(event, names)
    try:
        if action.startswith("article.assigned."):
            family = _assigned
        elif family is None or (family is _article and said.kind not in _ARTICLE_KINDS):
            return None
        text = family(said)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None  # details of an older shape: the code and the raw data still show
    return text[:1].upper() + text[1:]


# The article.* kinds `_article` words (besides the transitions' and EMBARGO's).
_OWN_KINDS = "created saved autosaved corrected revision_restored translated"
_ARTICLE_KINDS = {*_OWN_KINDS.split(), "translation_up_to_date", "guard_waived"}
_ARTICLE_KINDS |= EMBARGO | set(workflow.BY_NAME)


def sentences(events: list[AuditEvent]) -> dict[int, str | None]:
    """Each event's sentence by id, the names read once for them all."""
    names = names_for(events)
    return {event.id: sentence(event, names) for event in events}
