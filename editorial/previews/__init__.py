"""Preview links for reviewers without an account (issue 25): a lawyer, a source checking a
quote, a partner outlet reads a story before it runs, answers Approve or Request changes, and
the answer lands in the desk's conversation.

Who: editors and admins make and revoke links on any story, a writer on the byline on their own
draft (`preview.manage` in `permissions.py`); whoever sees inside the story sees its links, their
state and views. A link names its reviewer, is pinned to the revision of the moment or follows
the latest save, and lasts 48 hours unless told otherwise (at most 14 days).

An outside answer is a `Comment` with no author (`actor_id` None, as the system's own rows are)
and the reviewer's name in `outside_name`, pointing at its link (`preview_link_id`): the thread
and the inbox say "NAME (outside reviewer)", nobody can edit or delete it as theirs, and the
people on the story are told through `inbox.service.notify` (so only those who may see inside).

The promises of security.md this keeps, and how:
- Secret links: 256 bits from `secrets` (`service.TOKEN_BYTES`), stored only as sha256, compared
  with `hmac.compare_digest`, scoped to one story, expiring, revocable at once. A wrong or altered
  token gets the same 404 as a missing page; an ended link 410, since the reviewer must be told.
- Embargo and visibility: the page is not a public surface (no listing, feed, sitemap or search
  links to it, `noindex` in a meta tag and `X-Robots-Tag`); an embargoed story says so in the
  banner (source and lift time) instead of being hidden from the one person invited to read it.
- Nothing of the desk: the page is the public template with none of the comments, claims, notes,
  history or other stories (no related, most read, read next); tests look for each.
- Headers: `Cache-Control: no-store`, `Referrer-Policy: no-referrer` (the token is in the
  address) on every reviewer answer, errors included; the page cache never keeps it
  (`page_cache.NEVER`); the app's CSP and nosniff apply as everywhere.
- Forgery: the answer form carries Flask-WTF's CSRF token (an anonymous session) and is rate
  limited per address (`reviewer.ANSWER_LIMIT`, Flask-Limiter, counted in RATELIMIT_STORAGE_URI).
- GET changes nothing in the request: a view is logged after the response
  (`database.after_response`), with the address only as an HMAC keyed by the app's secret and the
  link (`service.address_hash`).
- Audit: made, revoked, answered (`audit_log/sentences_preview.py`); the answer's row carries the
  request's IP as every audit row does (the audit log is admins' only), never the token.
"""
