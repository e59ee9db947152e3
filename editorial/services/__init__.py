"""Domain operations shared by views and the CLI. They add to the session; callers commit."""


class Refused(Exception):
    """An operation was refused for a reason a person can read (`str(error)`).

    `status` is the HTTP answer a view should give: 422 for input a person can fix, 403 when their
    role does not allow it, 409 when someone else changed the thing first. `field` names the form
    field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, *, status: int = 422, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
