"""How a command ends: its exit code, or a ``UsageError`` the command line prints as one line."""

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for: printed as one line, exit 2."""
