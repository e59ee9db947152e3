"""Search: the public site's search over published stories, and the desk's over what each person
may see. Both ask `editorial.search.index` (the database's own full-text engine)."""
