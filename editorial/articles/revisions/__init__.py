"""An article's revisions: every save keeps one (`service.keep_revision`); any two can be
compared word by word, and editors restore an older one as a new revision (`views`)."""
