"""The audit log (admins, `audit.view`): every event newest first, filtered, paged by keyset, and
the filtered set as a streamed CSV. Reads only: `editorial.audit.record()` writes the rows."""
