"""Translations: a story told in several languages, one family with one source.

- **Translate** (`service.translate`) makes a draft in another language in the source's family,
  carrying section, region, tags, source line and picture, and recording the source revision it
  was made from. From then on each language is an article of its own: its own state, workflow,
  byline, schedule and publish time, through the one workflow table.
- **Out of date** (`Article.source_changed`, the stored mark, and how it lags,
  `Article.source_lag`; the rule is `models.families`', kept by `models.translation_marks`): the
  source changed since that revision. The translation's page and editor show the change word by
  word; "Mark up to date" records the source's newest revision. The `publish` and `schedule`
  rows of the workflow table carry the guard that refuses an out-of-date translation, which an
  editor may waive with a note (audited): see docs/workflow.md.
"""
