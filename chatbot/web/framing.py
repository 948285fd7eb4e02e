"""A body the server cannot de-frame is the client's mistake: a 400, never a 500.

The server hands the app the body through `wsgi.input`, de-chunking it as the app
reads. A bad chunk size, a chunk missing its CRLF terminator or a body cut short
surfaces there as whatever the server's reader raises (gunicorn: `InvalidChunkSize`,
`ChunkMissingTerminator`, `NoMoreData`), in the middle of reading the API's JSON or
the chat form. Wrapping the input stream turns each into one `MalformedBody`, which
the app's error handlers answer like any other 400.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask
from werkzeug.exceptions import BadRequest, HTTPException


class MalformedBody(BadRequest):
    description = ("The request body is malformed or incomplete: a bad chunked encoding, "
                   "or a body that ends before its announced length.")


class _GuardedInput:
    """The server's input stream; failing to read it is a MalformedBody."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, *args) -> bytes:
        return self._guard(self._stream.read, *args)

    def readline(self, *args) -> bytes:
        return self._guard(self._stream.readline, *args)

    def readlines(self, *args) -> list[bytes]:
        return self._guard(self._stream.readlines, *args)

    def __iter__(self):
        return iter(self.readline, b"")

    @staticmethod
    def _guard(method: Callable, *args):
        try:
            return method(*args)
        except HTTPException:
            raise
        except Exception as error:  # the server's own exception types, which the app cannot know
            raise MalformedBody() from error


class _GuardInput:
    """WSGI middleware giving the app the guarded input stream."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        environ["wsgi.input"] = _GuardedInput(environ["wsgi.input"])
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    app.wsgi_app = _GuardInput(app.wsgi_app)
