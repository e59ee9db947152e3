"""Signals other parts of the app (notifications, caches) subscribe to.

Sent inside the transaction that made the change, so a receiver that writes rows (a notification)
commits or rolls back together with it.
"""

from blinker import Namespace

_signals = Namespace()

#: sent with `article`, `transition` (workflow.Transition), `actor` (User or None), `note`, `record`
article_transitioned = _signals.signal("article-transitioned")
#: sent with `article`, `actor`, `revision` after a content save
article_saved = _signals.signal("article-saved")
