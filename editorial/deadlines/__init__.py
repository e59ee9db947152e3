"""Deadlines that escalate (issue 22): each active stage of a story (drafting, editing,
fact-checking, ready) can have a deadline, from its plan, set by hand by an editor, or from the
section's default an admin sets; the board, My queue and the article page show the time left and
an overdue mark; the scheduler's pass escalates each deadline once per step (the holder, the desk
owner, the editors on duty). The schema is `models/planning.py`; the rules are in `service.py`
and `escalation.py`."""
