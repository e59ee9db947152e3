"""Featured coverage: editors and admins mark a tag as a coverage hub (`/coverage/`).

A hub gets a public page (`/coverage/<slug>`, in `editorial.public.coverage`) and a banner on
each of its stories. This is the desk's small control for it; the writes are
`editorial.coverage.service`.
"""
