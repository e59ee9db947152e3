"""Signing in and out, changing one's password, and the rule that every page needs a sign-in.

Sessions live on the server (`UserSession`): the cookie carries only a random token, so signing
out, deactivation, a role change or a password change end it for good, whoever kept a copy.
`blueprint` has the addresses, `views` and `profile` the pages, `forms` their forms, `sessions`
the session loader and the sign-in rule (views open to everyone are marked `permissions.public`).
"""
