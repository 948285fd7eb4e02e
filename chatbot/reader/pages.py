"""HTML pages: the chat (which works with and without JavaScript) and the article."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from ..api.validate import clean
from ..articles import default_slug, get_bot
from ..conversations import ID, take_turn
from ..conversations import recap as conversation_recap
from ..errors import ConversationFull
from ..storage import store
from ..web.i18n import STRINGS, strings, ui_lang
from ..web.limits import limiter, rate_limit
from ..web.security import no_store

bp = Blueprint("pages", __name__)
REPLY_CHROME = ("bot", "your_turn", "read_in_article", "quote_from", "suggestions", "recap_link",  # around a reply
                "feedback_question", "useful", "not_useful", "feedback_comment", "feedback_send", "feedback_thanks",
                "feedback_comment_thanks",  # ...the reader's vote on it
                "chat_title", "placeholder", "send", "input_label", "new", "footer",  # ...and the page's own words
                "erase", "erase_what", "erase_button")
VOTES = {"true": True, "false": False}  # the vote buttons' values


def bot_or_404(slug: str):
    bot = get_bot(slug)
    if bot is None:
        abort(404, f"There is no article '{slug}'.")
    return bot


@bp.get("/")
def index():
    """The chat about the default article."""
    return chat(default_slug())


@bp.get("/chat/<slug>")
def chat(slug: str):
    """The chat page; `?c=<id>` shows that conversation again (how the page works without JavaScript)."""
    bot = bot_or_404(slug)
    lang = ui_lang(bot.article.lang)
    conversation = None
    if conversation_id := request.args.get("c"):
        no_store()
        conversation = store.get_conversation(conversation_id) if ID.match(conversation_id) else None
        if conversation is None or conversation.article != slug:
            flash(strings(lang)["error_gone"])
            return redirect(url_for("pages.chat", slug=slug))
        # The page speaks the conversation's language, whatever the browser's.
        lang = (conversation.state or {}).get("lang") or lang
    return chat_page(bot, lang, conversation=conversation)


def chat_page(bot, lang: str, **extra) -> str:
    """The chat template, shared by the chat page and the widget's embedded chat."""
    return render_template("reader/chat.html", bot=bot, article=bot.article, lang=lang, t=strings(lang), chrome=STRINGS,
                           chrome_json={code: {k: s[k] for k in REPLY_CHROME} for code, s in STRINGS.items()},
                           max_length=current_app.config["MAX_MESSAGE_LENGTH"],
                           max_turns=current_app.config["MAX_TURNS"], **extra)


@bp.post("/chat/<slug>")
@limiter.limit(rate_limit)
def send(slug: str):
    """The chat form without JavaScript: take the turn, then show the conversation again (post/redirect/get)."""
    bot_or_404(slug)
    t = strings()
    message = clean(request.form.get("message", ""))
    conversation_id = request.form.get("conversation_id") or None
    limit = current_app.config["MAX_MESSAGE_LENGTH"]
    if not message.strip():
        flash(t["error_empty"])
    elif len(message) > limit:
        flash(t["error_long"].format(limit=limit))
    else:
        if conversation_id and (not ID.match(conversation_id) or store.get_conversation(conversation_id) is None):
            flash(t["error_gone"])
            conversation_id = None
        try:
            mode = "discussion" if request.form.get("mode") == "discussion" else None
            turn = take_turn(message, slug, conversation_id, mode=mode)
        except ConversationFull as full:
            flash(t["error_full"].format(limit=full.limit))
        else:
            return redirect(url_for("pages.chat", slug=slug, c=turn.conversation_id, _anchor=f"turn-{turn.number}"),
                            code=303)
    return redirect(url_for("pages.chat", slug=slug, c=conversation_id), code=303)


def _own_conversation(slug: str):
    """The conversation the form names, when it exists and is about this article; else None."""
    conversation_id = request.form.get("conversation_id", "")
    conversation = store.get_conversation(conversation_id) if ID.match(conversation_id) else None
    return conversation if conversation is not None and conversation.article == slug else None


@bp.post("/chat/<slug>/feedback")
@limiter.limit(rate_limit)
def feedback(slug: str):
    """The vote buttons without JavaScript: store the reader's vote on a reply, then show it (post/redirect/get).
    Voting "not useful" shows the comment field; a comment comes back with the same vote."""
    bot_or_404(slug)
    t = strings()
    conversation = _own_conversation(slug)
    if conversation is None:
        flash(t["error_gone"])
        return redirect(url_for("pages.chat", slug=slug), code=303)
    number = request.form.get("turn", "")
    turn = next((each for each in conversation.turns if str(each.number) == number), None)
    useful = VOTES.get(request.form.get("useful", ""))
    comment = request.form.get("comment")
    limit = current_app.config["MAX_MESSAGE_LENGTH"]
    if turn is None or useful is None:
        flash(t["error_vote"])
    elif comment is not None and len(comment) > limit:
        flash(t["error_long"].format(limit=limit))
    else:
        # The vote buttons carry no comment: voting "not useful" again keeps the one given.
        kept = None if useful else turn.comment
        given = kept if comment is None else clean(comment).strip() or None
        if store.set_feedback(conversation.id, turn.number, useful, given):
            flash(str(turn.number), "commented" if comment is not None and given else "voted")
        else:  # erased meanwhile
            flash(t["error_gone"])
            return redirect(url_for("pages.chat", slug=slug), code=303)
    anchor = f"turn-{turn.number}" if turn else None
    return redirect(url_for("pages.chat", slug=slug, c=conversation.id, _anchor=anchor), code=303)


@bp.post("/chat/<slug>/erase")
@limiter.limit(rate_limit)
def erase(slug: str):
    """Erase the conversation, its turns and votes, from the server; then a fresh chat."""
    bot_or_404(slug)
    t = strings()
    conversation = _own_conversation(slug)
    if conversation is None:
        flash(t["error_gone"])
    else:
        store.delete_conversation(conversation.id)
        flash(t["erased"], "notice")
    return redirect(url_for("pages.chat", slug=slug), code=303)


@bp.get("/conversations/<conversation_id>/recap")
def recap(conversation_id: str):
    """A guided discussion's recap, in the conversation's language: printable, with a copy button."""
    no_store()
    if not ID.match(conversation_id) or store.get_conversation(conversation_id) is None:
        abort(404, "There is no conversation with this id.")
    data = conversation_recap(conversation_id)
    bot = bot_or_404(data["article"])
    lang = (store.get_conversation(conversation_id).state or {}).get("lang") or ui_lang(bot.article.lang)
    return render_template("reader/recap.html", recap=data, article=bot.article, lang=lang, t=strings(lang))


@bp.get("/articles/<slug>")
def article(slug: str):
    """The article, each passage anchored by its id so quotes can link to it."""
    bot = bot_or_404(slug)
    lang = ui_lang(bot.article.lang)
    return render_template("reader/article.html", article=bot.article, lang=lang, t=strings(lang))


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """An expired or missing form token: back to the same conversation, with a word of why."""
    retry = request.endpoint in ("pages.feedback", "pages.erase")  # not a question to send again
    flash(strings()["error_csrf_retry" if retry else "error_csrf"])
    slug = request.view_args.get("slug") if request.view_args else None
    if slug and get_bot(slug):
        conversation_id = request.form.get("conversation_id") or None
        return redirect(url_for("pages.chat", slug=slug, c=conversation_id), code=303)
    return redirect(url_for("pages.index"), code=303)
