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
#: sent with `article`, `duty` ("editor" or "fact_checker"), `person` (User or None), `actor`
article_assigned = _signals.signal("article-assigned")
#: sent with `article`, `comment`, `actor`, `mentioned` (the active people the text names)
comment_posted = _signals.signal("comment-posted")
