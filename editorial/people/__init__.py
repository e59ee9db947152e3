"""People and roles (admins, `users.manage`): the list, a person's page, adding someone, and each
access change (role, deactivate, reactivate, reset password, sign out everywhere) behind a
confirmation worked out from the same rules the POST checks again (`actions`). The writes
(`service`) are also the account's own (profile, password) and the CLI's."""
