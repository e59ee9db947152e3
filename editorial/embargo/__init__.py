"""Embargoes (issue 22): a story held until a source allows it out, lifted early only by two
editors. The rule that refuses a publish is the workflow table's `embargo_lifted` guard; what is
public is `models.publicly_visible()`; this feature sets, moves and lifts the embargo."""
