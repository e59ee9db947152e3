"""The demo newsroom's house checklist (issue 25): what a desk would write first.

Added after the history is walked (the stories got where they are before the house had rules),
so the desk opens on stories that meet them and some that wait on them: a library picture with
alt text before publishing, 200 to 2,000 words before the edit, and a legal read (an editor's
sign-off; the app has no lawyer's role) for stories tagged Protests, where arrests and charges
come up.
"""

from __future__ import annotations

from editorial import checklist_rules as rules
from editorial.articles.checklists import service
from editorial.models import User

LEGAL_TAG = "Protests"


def add_house_rules(admin: User) -> int:
    """The house set, as an admin adds it on /admin/checklists (audited); how many rules."""
    made = [
        service.add_rule(
            "publish", rules.PICTURE, {}, blocking=True, waiver_role="editor",
            sections=[], languages=[], actor=admin,
        ),
        service.add_rule(
            "submit", rules.WORD_COUNT, {"minimum": 200, "maximum": 2000}, blocking=True,
            waiver_role="editor", sections=[], languages=[], actor=admin,
        ),
        service.add_rule(
            "publish", rules.SIGNOFF, {"role": "editor", "tag": LEGAL_TAG}, blocking=True,
            waiver_role=None, sections=[], languages=[], actor=admin,
        ),
        service.add_rule(
            "send_to_fact_check", rules.HEADLINE, {"maximum": 90}, blocking=False,
            waiver_role=None, sections=[], languages=[], actor=admin,
        ),
    ]  # fmt: skip
    return len(made)
