"""The one error a subcommand raises: a message for the operator and an exit code."""


class CliError(Exception):
    """Exit code 2: the input was wrong (say what is allowed); 1: the system failed."""

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
