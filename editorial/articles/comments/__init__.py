"""Editorial comments on an article's desk page: the thread, replies, mentions, its live poll.

Internal only: nothing here is reachable without signing in, and no public page, feed or API
reads the comments table. Writes go through `editorial.articles.comments.service`.
"""
