"""Live coverage (issue 24): an article made live, a stream of short posts written by the desk
as events unfold, followed by readers without reloading.

Who may do what (rules `live.*` in `editorial/permissions.py`):
- editors and admins make a story live and end it, publish, pin, mark key events, delete,
  promote a post to the BREAKING ticker and let named reporters post directly;
- reporters write posts on stories they may see; theirs wait for an editor's "Publish post"
  unless an editor named them as direct posters; editors' posts go out at once;
- a post marked "needs check" goes out only once its check is cleared by the article ledger's
  rules, claim by claim (`checks.py`): fact-checkers, editors and admins record its claims,
  give verdicts and clear it, never on a post they wrote or co-wrote;
- a post's authors are its writer and the co-authors an editor adds from the staff.

The writes are `service.py` (audited as family "live"), the reads `queries.py`; the desk page is
`views.py`, the readers' side (page section, poll, feed, JSON-LD) `public.py`.
"""
