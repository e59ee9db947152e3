"""The house rules kept by each process under the desk's version (issue 28).

Every transition a person applies checks the story's house rules, and a verdict's answer draws
its checklist: each read every rule again (an ORM object a rule) though the rules change only
when an admin adds or removes one. Any committed write to `checklist_rules` moves the desk's
version on (`board_version`: it is not a table boards leave out), in a request, a job or a
command alike, so the rules read at a number hold for every request that reads that number.
A request keys them on the desk's version it has read since its last commit (a verdict's answer
reads it anyway), else reads it (one primary-key read past the ORM). A commit of this process
that moved the version by one and wrote no rule carries the kept rules to the new number, as
`newsroom._carry` carries the settings; a transaction that wrote rules reads its own
(`KeptAtVersion.watch`) and carries nothing.
"""

from __future__ import annotations

from flask import Flask

from editorial.board_version import board_version_known, carried_over
from editorial.models.checklists import KEPT_RULES, RULES_VERSION, ChecklistRule


def init_kept_rules(app: Flask) -> None:
    """Keep `app`'s rules under the desk's version, carried over this process's own moves."""
    app.extensions[RULES_VERSION] = board_version_known
    KEPT_RULES.watch(ChecklistRule)
    carried_over(KEPT_RULES.carry_unless_written)
