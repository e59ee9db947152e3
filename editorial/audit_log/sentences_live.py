"""Live coverage's audit events in words (family "live"): "Elie Editor published a live post
(#12) on “Summit day”"."""

from __future__ import annotations

from editorial.audit_log.said import Said

DONE = {
    "started": "made {story} a live story",
    "ended": "ended the live coverage of {story}",
    "direct": "chose who posts directly to {story}",
    "posted": "wrote a live post{post} on {story}",
    "published": "published a live post{post} on {story}",
    "edited": "edited a live post{post} on {story}",
    "deleted": "deleted a live post{post} on {story}",
    "pinned": "pinned a live post{post} on {story}",
    "unpinned": "unpinned a live post{post} on {story}",
    "key_marked": "marked a live post{post} on {story} as a key event",
    "key_unmarked": "unmarked a live post{post} on {story} as a key event",
    "check_asked": "asked for a check of a live post{post} on {story}",
    "checked": "cleared the check of a live post{post} on {story}",
    "claim_added": "recorded a claim in a live post{post} on {story}",
    "claim_checked": "gave a verdict on a claim in a live post{post} on {story}",
    "claim_removed": "removed a claim from a live post{post} on {story}",
    "claims_text_changed": "edited a live post{post} on {story}, changing the text of its claims",
    "coauthors": "chose the co-authors of a live post{post} on {story}",
    "promoted": "put a live post{post} of {story} on the BREAKING ticker",
}


def live(s: Said) -> str:
    """One `live.*` event as a sentence."""
    post_id = s.details.get("post_id")
    post = f" (#{post_id})" if post_id else ""
    return f"{s.who} " + DONE[s.kind].format(story=s.story(), post=post)
