"""Errors a user can read. The CLI maps them to exit codes; the UI shows their message."""

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTEGRITY = 3


class CarePointError(Exception):
    """A problem to tell the user about in their language; nothing was changed."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UserInputError(CarePointError):
    """Bad input or usage: a wrong value, a missing file, a refused action."""


class NeedsConfirmation(CarePointError):
    """The action is allowed but looks like a mistake (a likely duplicate); ask first."""


class IntegrityError(CarePointError):
    """Corrupt, tampered or wrongly keyed data, or a database this version cannot open."""

    exit_code = EXIT_INTEGRITY
