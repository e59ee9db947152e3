"""Who has an article's editor open now ("Being edited by ..."): the editor's heartbeat and the
panel it polls (`views`), the rows behind them (`service`, `models.presence`). A person who saves
and leaves, or moves the story on, stops showing at once."""
