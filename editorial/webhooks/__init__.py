"""Webhooks: admins register addresses that hear of what the public can see change (a story
published, unpublished, corrected or scheduled; a breaking headline live, withdrawn or ended).

Admin only (`webhooks.manage`), under /admin/webhooks. Each endpoint has its secret (shown once),
the events it wants and a delivery log. The rules live here: `events.py` what is said and when
(after the change commits, never for anything under embargo), `delivery.py` how it is sent
(signed per Standard Webhooks, retried on a schedule over about a day, paused after repeated
failures), `addresses.py` where it may be sent (no private addresses unless allowed).
"""
