"""The site's own error pages: styled like the rest, in the reader's language, saying how long
to wait (and sending Retry-After) when waiting helps."""
from __future__ import annotations

from flask import Response, make_response, render_template

from .i18n import strings, ui_lang


def error_page(status: int, headers: dict | None = None, detail: str | None = None,
               lang: str | None = None) -> Response:
    """The HTML page for an error `status`; `detail`, already in the reader's language, says more."""
    lang = lang or ui_lang()
    t = strings(lang)
    title, text = t["http_errors"].get(status) or t["http_error_other"]
    retry = (headers or {}).get("Retry-After")
    response = make_response(render_template("error.html", status=status, title=title, text=text, detail=detail,
                                             retry_after=retry, lang=lang, t=t), status)
    response.headers.update(headers or {})
    return response
