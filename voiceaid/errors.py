"""Errors meant for the user: the CLI prints their message, never a traceback."""


class UserError(Exception):
    """A problem the user can fix; `str(error)` says what, where and what to do."""

    exit_code = 2
