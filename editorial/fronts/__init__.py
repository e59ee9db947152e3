"""Fronts (issue 23): editors arrange each edition's front page and section fronts.

Who may: editors and admins fill and publish fronts (`front.edit`); admins pick a front's layout
(`front.layout`), from the few the app ships (`layouts.py`). Slots are resolved when a reader asks
(`queries.resolve`), through the public site's `visible()`, so a story unpublished or killed
leaves every slot at once and an automatic or emptied slot falls back to the newest-first rule.
Changes are a draft until "Publish front"; a draft can be scheduled and is then released by the
scheduler's pass exactly once (`service.release_due`). Every published version is kept and can
be restored; every change of what readers see is audited (family "front").
"""
