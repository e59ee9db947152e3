"""House checklists on transitions (issue 25): the rules an admin attaches to rows of the
workflow table (`/admin/checklists`), the checklist on a story's page with its waivers and
sign-offs, and the pass/fail mark of a story's next step on the board and the queues.

- The rules are evaluated by `editorial.checklist_rules` (pure, beside `workflow_guards`) and
  read by `editorial.models.checklists` (the rules once per request, the facts once per page).
- The workflow asks the story's checklist in `check_guard` for every row a person applies
  (`Transition.house_rules`), so `available()`, `permitted()`'s button and the transition
  service refuse a blocking unmet rule with its message; advisory rules never block.
- A waiver sets one blocking rule aside for one story and one transition, by a person of the
  rule's `waiver_role` with a reason (audited `checklist.waived`); it ends when the story next
  moves (`article_transitioned`), so it never carries over.
- "No unresolved comment threads": comments have a resolved state (`Comment.resolved_at`), so
  the rule counts top-level comments neither resolved nor deleted.
"""
