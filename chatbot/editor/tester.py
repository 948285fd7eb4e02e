"""The intent tester: what POST /api/v1/parse says of a text, laid out for an editor."""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from ..api.validate import clean
from ..articles import default_slug, library
from ..conversations import understand
from ..errors import ClientError
from ..web.i18n import strings
from ..web.limits import limiter, rate_limit
from .auth import bp
from .words import words


@bp.get("/tester")
@limiter.limit(rate_limit)
def tester():
    """The intent tester: what POST /api/v1/parse says of a text, laid out for an editor."""
    w = words()
    text = request.args.get("text", "")[: current_app.config["MAX_MESSAGE_LENGTH"]]
    slug = request.args.get("article") or default_slug()
    conversation_id = request.args.get("conversation_id", "").strip() or None
    parsed, problem = None, None
    if text.strip():
        try:
            parsed = understand(clean(text), slug, conversation_id)
        except ClientError as error:
            problem = error.detail
    return render_template("editor/tester.html", w=w, lang=w["lang"], t=strings(w["lang"]), editor=current_user,
                           articles=library().articles.values(), slug=slug, text=text,
                           conversation_id=conversation_id or "", parsed=parsed, problem=problem)
