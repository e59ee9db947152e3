"""The inbox: a person's notifications, the unread count in the staff navigation and its poll.

Notifications are made only by `editorial.inbox.service`, from the workflow's and the
desk's signals; this package reads them and marks them read.
"""
