"""The desk board: one column per workflow state, filtered, paged, and current after a transition.

Columns come from the workflow table (every state but spiked, which is a link at the end; the
published column only holds the last 24 hours). Reporters see the articles they are on the byline
of; everyone else sees what `visible_articles` lets them see. The queries live in `queries.py`, the
filter form in `forms.py`, and the views with their two renderings in `views.py`.
"""
