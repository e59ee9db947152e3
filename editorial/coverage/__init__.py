"""Featured coverage: editors and admins mark a tag as a coverage hub (`/coverage/`).

A hub gets a public page (`/coverage/<slug>`, in `editorial.public.coverage`) and a banner on
each of its stories. This is the desk's small control for it; the writes are
`editorial.services.coverage`.
"""

from flask import Blueprint

bp = Blueprint("coverage", __name__, url_prefix="/coverage")

from editorial.coverage import views  # noqa: E402,F401  (views register on bp)
