"""Reading request bodies: JSON objects with typed, bounded fields, or a clear 4xx."""
from __future__ import annotations

import json
import re

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from ..errors import ClientError
from ..web.framing import MalformedBody

# Lone surrogates cannot be stored or encoded; control characters (C0, DEL and C1,
# U+0080 to U+009F) are never part of a question. Tabs and line breaks stay.
_UNSTORABLE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def json_object() -> dict:
    """The request body as a JSON object: 415 if not JSON, 400 if malformed, 422 if not an object."""
    if not request.mimetype or not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        raise ClientError(415, "Send the body as JSON with 'Content-Type: application/json'.")
    raw = _body()
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
    except UnicodeDecodeError:
        raise ClientError(400, "The body is not valid UTF-8.") from None
    except json.JSONDecodeError as e:
        raise ClientError(400, f"The body is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}.") from None
    except (RecursionError, ValueError):  # nesting too deep, a number too long to read
        raise ClientError(400, "The body is not JSON this API can read (too deeply nested, or a number too long).") \
            from None
    if not isinstance(data, dict):
        raise ClientError(422, "The body must be a JSON object.",
                          errors=[{"field": "", "message": "expected an object"}])
    return data


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")


def _body() -> bytes:
    """The raw body; 413 when it is over the limit, with or without Content-Length; 400 when cut short.

    With a Content-Length, Werkzeug refuses a large body before reading it, and reads a
    shorter one as it comes: the length read tells. A chunked body would only be cut off
    at the limit, silently: reading one byte more tells.
    """
    limit = current_app.config["MAX_BODY_BYTES"]
    if request.content_length is not None:
        raw = request.get_data(cache=True)  # Werkzeug raises the 413 itself
        if len(raw) < request.content_length:
            raise MalformedBody()
        return raw
    raw = get_input_stream(request.environ, max_content_length=limit + 1).read()
    if len(raw) > limit:
        raise RequestEntityTooLarge()
    return raw


def _invalid(field: str, message: str) -> ClientError:
    return ClientError(422, f"'{field}' {message}.", errors=[{"field": field, "message": message}])


def clean(text: str) -> str:
    return _CONTROL.sub("", _UNSTORABLE.sub("\ufffd", text))


def message(data: dict, field: str) -> str:
    """A required, non-blank text of bounded length, cleaned of unstorable characters."""
    if field not in data or data[field] is None:
        raise _invalid(field, "is required")
    value = data[field]
    if not isinstance(value, str):
        raise _invalid(field, "must be a string")
    limit = current_app.config["MAX_MESSAGE_LENGTH"]
    if len(value) > limit:
        raise _invalid(field, f"must be at most {limit} characters long")
    value = clean(value)
    if not value.strip():
        raise _invalid(field, "must not be empty")
    return value


def optional(data: dict, field: str, choices: tuple[str, ...] | None = None, max_length: int = 100) -> str | None:
    """An optional short string, absent or null meaning None."""
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(field, "must be a string")
    if choices is not None and value not in choices:
        raise _invalid(field, f"must be one of {', '.join(choices)}")
    if not value.strip() or len(value) > max_length or clean(value) != value:
        raise _invalid(field, f"must be a non-empty string of at most {max_length} printable characters")
    return value


_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")  # printable ASCII, as a header carries it


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header: one key per message, so a retried turn is not stored twice."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _KEY.match(key):
        raise ClientError(422, "The Idempotency-Key header must be 1 to 100 printable ASCII characters.",
                          errors=[{"field": "Idempotency-Key", "message": "1 to 100 printable ASCII characters"}])
    return key


def flag(data: dict, field: str) -> bool:
    """A required true or false."""
    value = data.get(field)
    if not isinstance(value, bool):
        raise _invalid(field, "is required, true or false")
    return value


def comment(data: dict, field: str) -> str | None:
    """An optional text of bounded length, cleaned of unstorable characters; blank means none."""
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(field, "must be a string")
    limit = current_app.config["MAX_MESSAGE_LENGTH"]
    if len(value) > limit:
        raise _invalid(field, f"must be at most {limit} characters long")
    value = clean(value).strip()
    return value or None
