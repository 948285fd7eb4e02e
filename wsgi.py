"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`.

A mistake in an article or rule file stops the start-up with `path:line: what is wrong`.
"""
import sys

from chatbot import create_app
from chatbot.engine import ContentError

try:
    app = create_app()
except ContentError as error:
    print(f"error: {error}", file=sys.stderr)
    raise SystemExit(1) from None
