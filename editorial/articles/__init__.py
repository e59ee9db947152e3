"""The article desk: an article's page, the editor, transitions, revisions, corrections.

One blueprint, split by feature into modules that register their views on `bp`: `pages` (the
desk page), `assignment` (the Assignment panel), `editor`, `autosave`, `assist` (preview, tag
suggestions), `transitions`, `revisions`, `corrections` and `presence`; `forms` and `queries`
serve them all. The comment thread on the page is its own package, `editorial.articles.comments`.
"""
