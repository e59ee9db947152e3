"""The fact-check queue (`/factcheck`): the articles waiting for their check, for fact-checkers,
editors and admins. Each article's claim ledger is a panel of its desk page,
`editorial.articles.claims`."""
