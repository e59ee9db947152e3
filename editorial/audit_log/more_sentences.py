"""The sentences of the features that came after the log's own families, each in a module of its
own (`sentences_<family>.py`), gathered here so `sentences.py` names them in one line.

A new feature's audit family: write `sentences_<family>.py` with one function per family taking a
`Said` and returning the sentence, then add it below (and its permissions' words, if it has any,
to `PERMISSIONS`).
"""

from __future__ import annotations

from collections.abc import Callable

from editorial.audit_log import (
    sentences_calendar,
    sentences_checklist,
    sentences_deadline,
    sentences_desk_owner,
    sentences_front,
    sentences_live,
    sentences_mail,
    sentences_plan,
    sentences_preview,
    sentences_webhook,
)
from editorial.audit_log.said import Said

FAMILIES: dict[str, Callable[[Said], str]] = {
    "calendar": sentences_calendar.said,
    "deadline": sentences_deadline.deadline_sentence,
    "webhook": sentences_webhook.webhook,
    "job": sentences_webhook.job,
    "plan": sentences_plan.plan,
    "preview": sentences_preview.preview,
    "mail": sentences_mail.mail,
    "checklist": sentences_checklist.checklist,
    "live": sentences_live.live,
    "front": sentences_front.front,
    "desk_owner": sentences_desk_owner.desk_owner,
}

# What a refused permission of these features reads as ("may not <words>").
PERMISSIONS: dict[str, str] = {
    **sentences_plan.PLAN_PERMISSIONS,
    **sentences_front.FRONT_PERMISSIONS,
}
