"""Insights (/insights): where the newsroom's time goes, from the transition records.

Time in each stage (median and 90th percentile, by section, language and person, week by week),
the flow of stories per day, the desk now and its overdue stages, the fact-check desk, breaking
news to story, corrections and translations, over a period and filters kept in the address.
Editors and admins see the whole newsroom ("insights.everyone"); anyone else sees the figures of
the stories they are on. The arithmetic is pure (`figures`, `report`, `flow`, `tables`); the
reads are `queries`; `reading.compute` puts them together; live stories and posts per day are
`live_figures`; the desk owners' weekly summary is `weekly`.
"""
