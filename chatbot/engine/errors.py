"""The one error the engine raises: a mistake in an article or rule file."""


class ContentError(Exception):
    """A content file is wrong; the message reads `path:line: what is wrong`."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message
