"""The one error the engine raises: a mistake in an article or rule file."""


class ContentError(Exception):
    """A content file is wrong; the message reads `path:line: what is wrong`."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def read_text(path) -> str:
    """A content file's text; a file that is not UTF-8 is a mistake with its place, like any other."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise ContentError(str(path), line, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
