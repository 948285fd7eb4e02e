"""The editors' area: insights on what readers asked, labels for an evaluation file, exports, the tester.

Every page here is behind the login (auth.py); the same insights go to scripts as JSON at
GET /api/v1/admin/insights with a Bearer token.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select

from ..api.errors import problem
from ..articles import default_slug, get_bot, library
from ..conversations import ID
from ..storage import store
from ..storage.editors import Label
from ..storage.models import Turn, db, iso
from . import charts, insights
from .auth import api_bp, bp
from .insights import Period
from .words import words

DEFAULT_DAYS = 7
MAX_DAYS = 366
EXPORT_BATCH = 1000


class BadQuery(ValueError):
    """An article or a period in the query string that cannot be used: said in English for scripts, and in
    the editor's words on a page (`words()[key]`, formatted with the same values)."""

    def __init__(self, key: str, **values):
        super().__init__(QUERY_PROBLEMS[key].format(**values))
        self.key, self.values = key, values

    def in_words(self) -> str:
        return words()[self.key].format(**self.values)


QUERY_PROBLEMS = {
    "bad_article": "There is no article '{slug}' (the articles are: {slugs}).",
    "bad_period": "A period is `from` and `to` as YYYY-MM-DD, or `days` from 1 to {most}.",
    "period_reversed": "The period's start (`from`) comes after its end (`to`).",
    "period_long": "A period is at most {most} days long.",
}


def _query() -> tuple[str, Period]:
    """The article and period a page or the API is asked about: `article`, and `from`/`to` or `days`."""
    slug = request.args.get("article") or default_slug()
    if get_bot(slug) is None:
        raise BadQuery("bad_article", slug=slug, slugs=", ".join(library().slugs))
    try:
        if request.args.get("from") or request.args.get("to"):
            today = datetime.now(UTC).date()
            end = date.fromisoformat(request.args.get("to") or today.isoformat())
            start = date.fromisoformat(request.args.get("from") or end.isoformat())
        else:
            days = int(request.args.get("days") or DEFAULT_DAYS)
            if not 1 <= days <= MAX_DAYS:
                raise ValueError
            return slug, Period.last(days)
    except ValueError:
        raise BadQuery("bad_period", most=MAX_DAYS) from None
    if start > end:
        raise BadQuery("period_reversed")
    if (end - start).days >= MAX_DAYS:
        raise BadQuery("period_long", most=MAX_DAYS)
    return slug, Period(start, end)


def _page(template: str, **extra) -> str:
    """An insights page, with the article and period it shows (or, when the query is wrong, the default's)."""
    w = words()
    try:
        slug, period = _query()
    except BadQuery as error:
        flash(error.in_words())
        slug, period = default_slug(), Period.last(DEFAULT_DAYS)
    bot = get_bot(slug)
    data = {name: fetch(slug, period) for name, fetch in extra.pop("fetch", {}).items()}
    query_args = {"article": slug, "from": period.start.isoformat(), "to": period.end.isoformat()}
    return render_template(template, w=w, lang=w["lang"], slug=slug, period=period, article=bot.article,
                           articles=library().articles.values(), editor=current_user, query_args=query_args,
                           low_confidence=insights.LOW_CONFIDENCE, **data, **extra)


@bp.get("/")
def overview():
    """Questions per day, the share refused, intents asked most, readers' answers in guided discussions."""
    return _page("editor/overview.html", charts=charts,
                 fetch={"summary": insights.summary, "per_day": insights.per_day, "intents": insights.intents,
                        "stances": insights.stances})


@bp.get("/questions")
def questions():
    """Refused questions grouped by wording, and answers the bot was unsure of: each can be labelled."""
    return _page("editor/questions.html", passages=_passages, labels=insights.labels,
                 fetch={"refused": insights.refused_groups, "unsure": insights.low_confidence})


@bp.get("/feedback")
def feedback():
    """Replies readers found not useful, with their comments: each can be labelled."""
    return _page("editor/feedback.html", passages=_passages, labels=insights.labels,
                 fetch={"summary": insights.summary, "not_useful": insights.not_useful})


@bp.get("/words")
def unexplained():
    """Words readers used that nothing explains: candidates for the article's concepts."""
    return _page("editor/words.html", fetch={"words": insights.unexplained_words})


@bp.get("/export")
def export():
    """Downloads: turns and feedback as CSV or JSON, and the labelled questions as an evaluation file."""
    return _page("editor/export.html", labels=insights.labels, passage_text=_passage_text)


def _passages(slug: str) -> list[tuple[str, list]]:
    """The article's passages by section, for the label menus."""
    bot = get_bot(slug)
    return [(section.title, section.passages) for section in bot.article.sections] if bot else []


def _passage_text(slug: str, passage_id: str) -> str:
    """The words of a labelled passage, or its id when the article no longer holds it."""
    bot = get_bot(slug)
    passage = bot.passage(passage_id) if bot else None
    return passage.text if passage else passage_id


@bp.post("/labels")
def label():
    """Label a reader's question: the passage that should have been quoted, or out of scope (or no label)."""
    w = words()
    slug, question = request.form.get("article", ""), request.form.get("question", "").strip()
    lang, choice = request.form.get("lang", ""), request.form.get("passage", "")
    back = request.form.get("back", "")
    bot = get_bot(slug)
    if bot is None or not question or len(question) > 2000 or lang not in ("fr", "en"):
        flash(w["label_bad"])
        return redirect(_back(back), code=303)
    existing = db.session.execute(select(Label).where(Label.article == slug, Label.question == question)) \
        .scalar_one_or_none()
    if choice == "":
        if existing is not None:
            db.session.delete(existing)
            db.session.commit()
        flash(w["label_removed"])
        return redirect(_back(back), code=303)
    if choice != "out" and bot.passage(choice) is None:
        flash(w["label_bad"])
        return redirect(_back(back), code=303)
    label = existing or Label(article=slug, question=question)
    label.lang, label.passage_id, label.editor_id = lang, None if choice == "out" else choice, current_user.id
    db.session.add(label)
    db.session.commit()
    flash(w["label_saved"])
    return redirect(_back(back), code=303)


def _back(target: str) -> str:
    return target if target.startswith("/admin") and not target.startswith("//") else url_for("editor.questions")


@bp.get("/export/evaluation.jsonl")
def evaluation_file():
    """The labelled questions of an article as a question file `flask --app wsgi chatbot eval` reads."""
    slug = request.args.get("article") or default_slug()
    bot = get_bot(slug)
    if bot is None:
        abort(404)
    lines = []
    for label in sorted(insights.labels(slug).values(), key=lambda item: item.id):
        if label.passage_id is None:
            expect = "fallback"
        elif (passage := bot.passage(label.passage_id)) is not None:
            expect = [passage.text]
        else:
            continue  # the passage is gone from the article since it was labelled
        lines.append(json.dumps({"id": f"{slug}-{label.id}", "lang": label.lang, "text": label.question,
                                 "expect": expect}, ensure_ascii=False))
    return _download("\n".join(lines) + "\n" if lines else "", f"{slug}-evaluation.jsonl", "application/jsonl")


EXPORT_COLUMNS = ("conversation_id", "turn", "created_at", "lang", "message", "reply", "intent", "confidence",
                  "passage_ids", "stance", "useful", "comment", "feedback_at")


def _export_rows(slug: str, period: Period) -> Iterator[dict]:
    query = select(Turn.conversation_id, Turn.number, Turn.created_at, Turn.lang, Turn.user_text, Turn.reply_text,
                   Turn.intent, Turn.confidence, Turn.passage_ids, Turn.stance, Turn.useful, Turn.comment,
                   Turn.feedback_at) \
        .where(Turn.article == slug, Turn.created_at >= period.since, Turn.created_at < period.until) \
        .order_by(Turn.created_at, Turn.id).execution_options(yield_per=EXPORT_BATCH)
    for row in db.session.execute(query):
        values = dict(zip(EXPORT_COLUMNS, row, strict=True))
        values["created_at"] = iso(values["created_at"])
        values["feedback_at"] = iso(values["feedback_at"])
        values["confidence"] = round(values["confidence"], 3)
        yield values


@bp.get("/export/turns.<any(csv, json):kind>")
def export_turns(kind: str):
    """Every turn of the period with its feedback, streamed as CSV (for a spreadsheet) or JSON."""
    try:
        slug, period = _query()
    except BadQuery as error:
        flash(error.in_words())
        return redirect(url_for("editor.export"), code=303)
    name = f"{slug}-{period.start}-{period.end}.{kind}"
    if kind == "csv":
        return _download(stream_with_context(_csv(_export_rows(slug, period))), name, "text/csv; charset=utf-8")
    return _download(stream_with_context(_json(_export_rows(slug, period), slug, period)), name, "application/json")


def _csv(rows: Iterator[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, EXPORT_COLUMNS)
    buffer.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        writer.writerow({**row, "passage_ids": " ".join(row["passage_ids"] or ())})
        if n % EXPORT_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json(rows: Iterator[dict], slug: str, period: Period) -> Iterator[str]:
    yield json.dumps({"article": slug, "from": period.start.isoformat(), "to": period.end.isoformat()},
                     ensure_ascii=False)[:-1] + ', "turns": ['
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _download(body, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/conversations/<conversation_id>")
def conversation(conversation_id: str):
    """A reader's conversation as the editor sees it: each question, how it was understood, the feedback."""
    w = words()
    found = store.get_conversation(conversation_id) if ID.match(conversation_id) else None
    if found is None:
        abort(404)
    bot = get_bot(found.article)
    return render_template("editor/conversation.html", w=w, lang=w["lang"], conversation=found, bot=bot,
                           highlight=request.args.get("turn", type=int), editor=current_user,
                           iso=iso)


@api_bp.get("/insights")
def insights_json():
    """The insights of an article over a period, for scripts."""
    try:
        slug, period = _query()
    except BadQuery as error:
        return problem(422, str(error))
    return insights.everything(slug, period)

