"""The public news site: only what is publicly visible is ever shown here.

Visible means `publicly_visible()`: published, or scheduled and past its time (decided by the
clock, not by a late job). An article that was public once and is no longer answers 410 Gone;
everything else that is not visible answers 404, so a draft's slug tells nobody anything.

Anonymous readers get pages their browser revalidates on every view (a cheap 304 until something
changes) and a shared cache keeps five seconds at most, and never a session cookie.
Reads for "Most read" are counted by a POST beacon from static/js/public.js: a GET never writes.

One blueprint (`blueprint`, with every address and every public template global), split by
feature: `views` (the pages), `feeds` (RSS and Atom), `sitemaps`, `coverage` (a hub's page),
`footer_pages`, `assets` (the one public stylesheet, the favicon), `reads` (the read-count
beacon, the app's one CSRF exemption), `queries` (the SQL
behind them all), `chrome` (the menus and ticker every page's frame shows) and `seo` (JSON-LD,
share links, the story's image).
"""
