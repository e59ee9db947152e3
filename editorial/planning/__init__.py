"""The planning desk's budget (issue 22): stories planned before any draft exists, the day's
budget grouped by section, and "Start the draft" that turns a plan into its article.

Who may do what (`permissions.RULES`, the `plan.*` rules; every view and service asks them):

- editor, admin: see every plan; plan a story; edit, move, reassign, kill and restore any
  plan; accept or decline a proposal; start the draft.
- reporter: see the plans they are on (reporter, desk owner, proposer, or inside its story);
  propose a plan, which waits for an editor; start the draft of a planned story they report.
- fact-checker: see a plan only when on it (inside its started story: assigned to check it).

A reporter may not edit, move, reassign, kill or accept (a hand-made POST is refused, 403 and
audited, as the missing button says); a plan a person may not see answers 404, so ids leak
nothing. Why these: the budget is the desk's promise of what runs, so only the people who own
the desk change it; a reporter knows best what they can write and so may pitch, and may start
the draft they were given (the draft is theirs to write).

The plan's life (`models.planning`): proposed -> planned (accepted; an editor's plan starts
here) -> started (its draft exists, and the plan stays linked to it); any of these -> killed
(with a note; declining a proposal is killing it) -> restored to started when it has a story,
else planned. Killing a started plan takes it off the budget and leaves its draft as it is
(spiking a story is the workflow's move).

Times: a slot is a time or a window, typed in the newsroom's zone; moving it never touches the
deadlines nor the story's publish time. A started plan's deadlines belong to its story (the
deadlines feature): the plan's copies are no longer changed here (`service.move_deadline`
refuses). Every write is audited (family "plan", `audit_log/sentences_plan.py`) and tells the
reporter and desk owner through the inbox (`inbox.service.notify_plan`). Saves carry the version
the page showed (`Plan.version`, SQLAlchemy's version counter): a stale one is refused, 409, the
typed text kept.
"""
