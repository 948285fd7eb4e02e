"""The intent tester: what POST /api/v1/parse says of a text, laid out for an editor."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..api.validate import clean
from ..articles import default_slug, library
from ..conversations import understand
from ..errors import ClientError
from ..web.i18n import strings, ui_lang
from ..web.limits import limiter, rate_limit
from ..web.security import no_store

bp = Blueprint("tester", __name__)


@bp.get("/tester")
@limiter.limit(rate_limit)
def tester():
    """The intent tester: what POST /api/v1/parse says of a text, laid out for an editor."""
    lang = ui_lang()
    text = request.args.get("text", "")[: current_app.config["MAX_MESSAGE_LENGTH"]]
    slug = request.args.get("article") or default_slug()
    conversation_id = request.args.get("conversation_id", "").strip() or None
    parsed, problem = None, None
    if conversation_id:
        no_store()
    if text.strip():
        try:
            parsed = understand(clean(text), slug, conversation_id)
        except ClientError as error:
            problem = error.detail
    return render_template("editor/tester.html", lang=lang, t=strings(lang), articles=library().articles.values(),
                           slug=slug, text=text, conversation_id=conversation_id or "", parsed=parsed, problem=problem)
