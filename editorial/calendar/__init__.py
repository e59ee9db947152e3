"""The calendar (issue 22): the desk's times on a week, a month or a day, each kind on its own.

Five kinds of time, never merged into one date: a plan's publish slot (a time or a window), a
deadline (an article's stage, or an unstarted plan's filed/edited/checked by), a scheduled story's
publish time, an embargo's lift while it holds, and a breaking headline's start and end. The
"Unscheduled" tray holds planned stories with no slot. Who sees what follows the desk's own rules
(`queries.visible`); editors and admins move items, each through the service that owns that time
(`service.move`), so a move changes that one time and the owner's guards (the embargo, the
schedule's) still apply. A private `.ics` feed (`feed.py`) carries a person's slots and deadlines.
"""
