"""Domain operations shared by views and the CLI. They add to the session; callers commit."""


class Refused(Exception):
    """An operation was refused for a reason a person can read (`str(error)`)."""
