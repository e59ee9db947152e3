"""An article's claim ledger: claim by claim, it gates the `clear` transition. The queue of
articles waiting for a check is its own feature, `editorial.factcheck` (`/factcheck`).

- A claim quotes the article (selected in the rendered text with `static/js/factcheck.js`, or
  pasted into the plain form that works without JavaScript); its verdict is `unchecked`,
  `verified`, `false` or `unverifiable`, its evidence source URLs (http/https only) and a note.
  A quote is one claim per story: adding it again (or re-quoting a claim to it) is refused, and
  two people adding it at once take turns on the story's row (`FOR UPDATE`).
- Where the notes live: an unverifiable claim's "how the article qualifies it" is the claim's own
  `note` (an unverifiable claim with an empty note is unresolved). With no claims recorded, the
  reason nothing needed checking is the `clear` transition's note, which the machine requires
  whenever anyone clears, so it is kept with the transition like every other note.
- The rule: `workflow_guards.claims_resolved` in the `clear` row reads `Article.claim_tally` (one
  grouped query, `models.claims.tallies`; list pages attach it for all their articles at once).
- Text changed: every content save (an edit, a correction, a revision restored) compares each
  claim's quote against the body's plain text (`service.plain_text` over `text.html_text`:
  tags stripped, whitespace and curly quotes normalised); a claim whose quote is gone is marked
  `text_changed` and is unresolved until checked again, with a new verdict or the same one saved
  again (re-quoted when the words changed). Together with the `recheck` transition (a save after
  clearance sends the story back to fact-check), a story edited after its check can never be cleared
  on stale verdicts.
- Who: anyone who may see the article reads its ledger (`claims.read`, read-only for reporters,
  so the byline can fix what was flagged); during fact-check its fact-checker (or any
  fact-checker while nobody holds the check), editors and admins change it, never someone on its
  byline (`claims.change`). The `/factcheck` queue is for fact-checkers, editors and admins.
- Translations: a translation of a story cleared through its ledger is checked against that
  source (`locations`): each source claim located in its text (the passage, validated to be in
  it) or marked "not in this translation", which the `clear` row's `source_claims_located` reads.
- Internal only: claims are never read by a public page, feed or API. A clearance through the
  ledger (with claims) stores the checker and time on the article, which the public page shows
  as "Checked by NAME · DATE" while the `show_checked_by` setting says so.
"""
