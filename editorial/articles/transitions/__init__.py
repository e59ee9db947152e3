"""Moving an article through the state machine: the one endpoint (`views`), the one writer of an
article's state (`service.apply`, which checks `workflow`'s row again) and the scheduler thread
that releases scheduled stories at their time (`scheduler`, `service.release_due`)."""
