"""The OpenAPI 3.1 document of API v1, checked against real responses by the tests."""
from __future__ import annotations

from flask import current_app

_STRING = {"type": "string"}
_LANG = {"type": "string", "enum": ["fr", "en"]}
_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}
# What validate.py accepts: a message needs one character that is neither a space nor a control
# character (those are removed); a name must hold no control character and not be blank.
_CONTROLS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f"
_VISIBLE = f"[^\\s{_CONTROLS}]"
_ALLOWED = f"[^{_CONTROLS}]"  # (a lone surrogate, refused too, is no character a regular expression can name)
_PRINTABLE = f"^{_ALLOWED}*[^\\s{_CONTROLS}]{_ALLOWED}*$"  # not blank, no control character

_SECONDS = {"type": "integer", "minimum": 1}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.", "required": True,
                                "schema": _SECONDS}}
_NO_STORE = {"Cache-Control": {"description": "`no-store`: the response shows a conversation, no cache keeps it.",
                               "required": True, "schema": {"type": "string", "const": "no-store"}}}
_HOST = "The Host header names a host that is not among the trusted hosts (CHATBOT_TRUSTED_HOSTS)"
_REASONS = {
    400: "The body cannot be read: not JSON, not UTF-8, too deeply nested, or broken framing (a bad chunked "
         "encoding, a body shorter than announced); or the Host header is not among the trusted hosts",
    401: "No `Authorization: Bearer TOKEN` with a live editor's token",
    404: "Unknown article or conversation",
    409: "The conversation holds CHATBOT_MAX_TURNS turns already: start a new one by sending no conversation_id",
    413: "Body too large",
    415: "Body is not JSON",
    422: "A field is missing, empty, of the wrong type or too long, or the article is not the conversation's",
    429: "Too many requests: wait for Retry-After seconds",
    503: "Database unavailable: try again after Retry-After seconds",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    return {**response, "headers": headers} if headers else response


def _problems(*statuses: int, **reasons: str) -> dict:
    """Problem responses for these statuses; `reasons` (as `s400=...`) says why where it differs."""
    def response(status: int) -> dict:
        described = {"description": reasons.get(f"s{status}", _REASONS[status]),
                     "content": {"application/problem+json": {"schema": _ref("Problem")}}}
        return {**described, "headers": _RETRY_AFTER} if status in (429, 503) else described

    return {str(s): response(s) for s in statuses}


def _query_param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _nullable(schema: dict, description: str) -> dict:
    """An optional field that may also be sent as null, meaning the same as leaving it out."""
    nullable = {**schema, "type": [schema["type"], "null"], "description": description}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def _schemas(max_length: int) -> dict:
    text = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": _VISIBLE}
    name = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": _PRINTABLE}
    return {
        "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
            "type": _STRING, "title": _STRING, "status": {"type": "integer"}, "detail": _STRING,
            "errors": {"type": "array", "items": {"type": "object", "properties": {
                "field": _STRING, "message": _STRING}}}}},
        "ChatRequest": {"type": "object", "required": ["message"], "properties": {
            "message": {**text, "description": "The reader's message."},
            "conversation_id": _nullable(name, "Continue this conversation; omit (or null) to start one."),
            "article": _nullable(name, "Article slug; the default article when omitted (or null)."),
            "lang": _nullable(_LANG, "Language of the reply; detected from the message when omitted (or null)."),
            "mode": _nullable({"type": "string", "enum": ["discussion"]},
                              "`discussion` starts a guided discussion of the article (so does a message such as "
                              "\"Discuss the article\"); its later turns are sent as usual.")}},
        "Discussion": {"type": "object", "required": ["active", "section", "section_title", "step", "of", "stance",
                                                      "summed_up", "recap"],
                       "description": "Where a guided discussion stands.",
                       "properties": {
                           "active": {"type": "boolean", "description": "False once it has ended."},
                           "section": _STRING, "section_title": _STRING,
                           "step": {"type": "integer", "minimum": 1, "description": "The part discussed now."},
                           "of": {"type": "integer", "minimum": 1, "description": "The parts to discuss."},
                           "stance": {"type": ["string", "null"], "enum": ["agree", "disagree", "unsure", "opinion",
                                                                            None],
                                      "description": "How the reader's message answered the last question."},
                           "summed_up": {"type": "boolean", "description": "The reply sums the discussion up: "
                                                                          "its recap is worth showing."},
                           "recap": {"type": "string", "description": "The recap page's path."}}},
        "Recap": {"type": "object", "required": ["conversation_id", "article", "title", "active", "parts"],
                  "properties": {
                      "conversation_id": _STRING, "article": _STRING, "title": _STRING,
                      "active": {"type": "boolean", "description": "Whether the discussion goes on."},
                      "parts": {"type": "array", "items": {
                          "type": "object", "required": ["section", "section_title", "quotes", "reader"],
                          "properties": {
                              "section": _STRING, "section_title": _STRING,
                              "quotes": {"type": "array", "items": _ref("Quote")},
                              "reader": {"type": "array", "items": {
                                  "type": "object", "required": ["text", "stance"],
                                  "properties": {"text": {**_STRING, "description": "The reader's own words."},
                                                 "stance": {"type": ["string", "null"]}}}}}}}}},
        "Intent": {"type": "object", "required": ["name", "confidence"], "properties": {
            "name": _STRING, "confidence": _CONFIDENCE}},
        "Quote": {"type": "object", "required": ["text", "passage_id", "section", "section_title", "url"],
                  "properties": {"text": {**_STRING, "description": "Verbatim text of the article."},
                                 "passage_id": _STRING, "section": _STRING, "section_title": _STRING,
                                 "url": {"type": "string", "format": "uri"}}},
        "Reply": {"type": "object", "required": ["text", "quotes", "prompt", "suggestions", "intent", "lang"],
                  "properties": {
                      "text": {**_STRING, "description": "The bot's framing sentence, in the reader's language."},
                      "quotes": {"type": "array", "maxItems": 2, "items": _ref("Quote")},
                      "prompt": {"type": ["string", "null"], "description": "A discussion question for the reader."},
                      "suggestions": {"type": "array", "items": _STRING},
                      "intent": _ref("Intent"), "lang": _LANG,
                      "discussion": {**_ref("Discussion"), "description": "Present in a guided discussion."}}},
        "ChatResponse": {"type": "object", "required": ["conversation_id", "turn", "article", "reply"], "properties": {
            "conversation_id": _STRING,
            "turn": {"type": "integer", "minimum": 1, "description": "The turn's position in the conversation, "
                                                                      "from 1: where feedback on the reply goes."},
            "article": _STRING, "reply": _ref("Reply")}},
        "FeedbackRequest": {"type": "object", "required": ["useful"], "properties": {
            "useful": {"type": "boolean", "description": "Whether the reply was useful."},
            "comment": {"type": ["string", "null"], "maxLength": max_length,
                        "description": "Why, in the reader's words (the chat asks for it on \"not useful\")."}}},
        "Feedback": {"type": "object", "required": ["conversation_id", "turn", "useful", "comment"], "properties": {
            "conversation_id": _STRING, "turn": {"type": "integer", "minimum": 1},
            "useful": {"type": "boolean"}, "comment": {"type": ["string", "null"]}}},
        "ParseRequest": {"type": "object", "required": ["text"], "properties": {
            "text": text, "article": _nullable(name, "Article slug; the default article when omitted (or null)."),
            "conversation_id": _nullable(name, "Understand the text as the next turn of this conversation.")}},
        "ParseResponse": {"type": "object",
                          "required": ["text", "lang", "intent", "intent_ranking", "passages", "explanation"],
                          "properties": {
                              "text": _STRING, "lang": _LANG, "intent": _ref("Intent"),
                              "intent_ranking": {"type": "array", "items": _ref("Intent")},
                              "passages": {"type": "array", "items": {
                                  "type": "object", "required": ["passage_id", "section", "score", "text"],
                                  "properties": {"passage_id": _STRING, "section": _STRING,
                                                 "score": {"type": "number"}, "text": _STRING}}},
                              "explanation": {"type": "object", "description": "What fired: tokens, typo "
                                              "corrections, concepts, words nothing explains, intent scores and "
                                              "their evidence, the sections searched, and why a question was refused.",
                                              "required": ["tokens", "concepts", "intents", "reason"]}}},
        "ArticleSummary": {"type": "object", "required": ["slug", "title", "author", "lang", "url"], "properties": {
            "slug": _STRING, "title": _STRING, "subtitle": _STRING, "author": _STRING, "source": _STRING,
            "source_url": _STRING, "lang": _STRING, "url": {"type": "string", "format": "uri"}}},
        "ArticleList": {"type": "object", "required": ["articles", "default"], "properties": {
            "articles": {"type": "array", "items": _ref("ArticleSummary")}, "default": _STRING}},
        "Article": {"allOf": [_ref("ArticleSummary"), {"type": "object", "required": ["sections"], "properties": {
            "sections": {"type": "array", "items": {"type": "object", "required": ["id", "title", "passages"],
                         "properties": {"id": _STRING, "title": _STRING, "passages": {"type": "array", "items": {
                             "type": "object", "required": ["passage_id", "text"],
                             "properties": {"passage_id": _STRING, "text": _STRING}}}}}}}}]},
        "Conversation": {"type": "object", "required": ["conversation_id", "article", "created_at", "turns"],
                         "properties": {"conversation_id": _STRING, "article": _STRING,
                                        "created_at": {"type": "string", "format": "date-time"},
                                        "turns": {"type": "array", "items": _ref("StoredTurn")}}},
        "StoredTurn": {"type": "object", "required": ["turn", "message", "reply", "feedback", "created_at"],
                       "properties": {
                           "turn": {"type": "integer", "minimum": 1, "description": "The turn's position in the "
                                                                                     "conversation, from 1."},
                           "message": _STRING, "reply": _ref("Reply"),
                           "feedback": {"oneOf": [_ref("Vote"), {"type": "null"}],
                                        "description": "The reader's vote on the reply; null before any."},
                           "created_at": {"type": "string", "format": "date-time"}}},
        "Vote": {"type": "object", "required": ["useful", "comment"], "properties": {
            "useful": {"type": "boolean"}, "comment": {"type": ["string", "null"]}}},
        "Insights": _insights(),
    }


def _insights() -> dict:
    count = {"type": "integer", "minimum": 0}
    share = {"type": "number", "minimum": 0, "maximum": 1}
    day = {"type": "string", "format": "date"}
    moment = {"type": ["string", "null"], "format": "date-time"}

    def objects(required: dict, **optional) -> dict:
        return {"type": "array", "items": {"type": "object", "required": list(required),
                                           "properties": {**required, **optional}}}

    return {"type": "object", "description": "An article's insights over a period (the editors' area's figures).",
            "required": ["article", "from", "to", "summary", "per_day", "intents", "refused", "low_confidence",
                         "not_useful", "unexplained_words", "stances"],
            "properties": {
                "article": _STRING, "from": day, "to": day,
                "summary": {"type": "object", "required": ["questions", "conversations", "refused", "refused_share",
                                                           "useful", "not_useful"],
                            "properties": {"questions": count, "conversations": count, "refused": count,
                                           "refused_share": share, "useful": count, "not_useful": count}},
                "per_day": objects({"day": day, "questions": count, "refused": count, "refused_share": share}),
                "intents": objects({"intent": _STRING, "count": count}),
                "refused": {"type": "object", "required": ["total", "groups"], "properties": {
                    "total": count,
                    "groups": objects({"text": _STRING, "lang": _LANG, "count": count,
                                       "wordings": objects({"text": _STRING, "count": count}),
                                       "conversation_id": _STRING, "turn": count})}},
                "low_confidence": objects({"text": _STRING, "lang": _LANG, "intent": _STRING,
                                           "confidence": _CONFIDENCE, "passage_ids": {"type": "array"},
                                           "conversation_id": _STRING, "turn": count, "at": moment}),
                "not_useful": objects({"text": _STRING, "lang": _LANG, "reply": _STRING,
                                       "quotes": {"type": "array", "items": _STRING}, "intent": _STRING,
                                       "comment": {"type": ["string", "null"]}, "conversation_id": _STRING,
                                       "turn": count, "at": moment}),
                "unexplained_words": objects({"word": _STRING, "count": count, "refused": count,
                                              "example": {"type": ["string", "null"]}}),
                "stances": objects({"prompt": _STRING, "agree": count, "disagree": count, "unsure": count,
                                    "opinion": count, "total": count})}}


def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


def _path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": _STRING, "description": description}


def document() -> dict:
    conversation_id = _path_param("conversation_id", "The id returned by POST /chat.")
    return {
        "openapi": "3.1.0",
        "info": {"title": "chatbot API", "version": "1.0.0",
                 "description": "Ask questions about an article; every answer quotes it verbatim. Errors are "
                                "problem details (RFC 9457); a method a path does not serve gets a 405 naming "
                                "the allowed ones in Allow, an unknown path a 404."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/chat": {"post": {"summary": "One turn of a conversation (stored)", "operationId": "chat",
                               "requestBody": _body("ChatRequest"),
                               "responses": {"200": _json(_ref("ChatResponse"), "The bot's reply", _NO_STORE),
                                             **_problems(400, 404, 409, 413, 415, 422, 429, 503)}}},
            "/parse": {"post": {"summary": "How a text is understood (nothing stored)", "operationId": "parse",
                                "requestBody": _body("ParseRequest"),
                                "responses": {"200": _json(_ref("ParseResponse"), "Intents, passages, explanation; "
                                                           "with `Cache-Control: no-store` for a conversation's"),
                                              **_problems(400, 404, 413, 415, 422, 429, 503)}}},
            "/articles": {"get": {"summary": "The articles", "operationId": "listArticles",
                                  "responses": {"200": _json(_ref("ArticleList"), "Every article"),
                                                **_problems(400, s400=_HOST)}}},
            "/articles/{slug}": {"get": {"summary": "One article with its sections and passages",
                                         "operationId": "getArticle",
                                         "parameters": [_path_param("slug", "The article's slug.")],
                                         "responses": {"200": _json(_ref("Article"), "The article"),
                                                       **_problems(400, 404, s400=_HOST)}}},
            "/conversations/{conversation_id}": {
                "get": {"summary": "A conversation and its turns", "operationId": "getConversation",
                        "parameters": [conversation_id],
                        "responses": {"200": _json(_ref("Conversation"), "The conversation", _NO_STORE),
                                      **_problems(400, 404, 503, s400=_HOST)}},
                "delete": {"summary": "Erase a conversation", "operationId": "deleteConversation",
                           "parameters": [conversation_id],
                           "responses": {"204": {"description": "Erased", "headers": _NO_STORE},
                                         **_problems(400, 404, 503, s400=_HOST)}}},
            "/conversations/{conversation_id}/turns/{turn}/feedback": {
                "post": {"summary": "The reader's vote on a reply (one per turn; a new vote replaces it)",
                         "operationId": "giveFeedback",
                         "parameters": [conversation_id, {"name": "turn", "in": "path", "required": True,
                                                          "schema": {"type": "integer", "minimum": 1},
                                                          "description": "The turn's number, as POST /chat gives it."}],
                         "requestBody": _body("FeedbackRequest"),
                         "responses": {"200": _json(_ref("Feedback"), "The vote, stored", _NO_STORE),
                                       **_problems(400, 404, 413, 415, 422, 429, 503)}}},
            "/conversations/{conversation_id}/recap": {
                "get": {"summary": "A guided discussion's recap: the article's words and the reader's",
                        "operationId": "getRecap", "parameters": [conversation_id],
                        "responses": {"200": _json(_ref("Recap"), "The recap", _NO_STORE),
                                      **_problems(400, 404, 503, s400=_HOST)}}},
            "/admin/insights": {
                "get": {"summary": "What readers asked an article over a period, for editors' scripts",
                        "operationId": "getInsights", "security": [{"editorToken": []}],
                        "parameters": [
                            _query_param("article", _STRING, "Article slug; the default article when omitted."),
                            _query_param("from", {"type": "string", "format": "date"},
                                         "First day (UTC), with `to`; the last 7 days when no period is given."),
                            _query_param("to", {"type": "string", "format": "date"}, "Last day (UTC), included."),
                            _query_param("days", {"type": "integer", "minimum": 1, "maximum": 366},
                                         "The last N days, today included (instead of `from` and `to`).")],
                        "responses": {"200": _json(_ref("Insights"), "The insights", _NO_STORE),
                                      **_problems(400, 401, 422, 503, s400=_HOST,
                                                  s422="Unknown article, or a period that is not one")}}},
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 document"),
                                                    **_problems(400, s400=_HOST)}}},
        },
        "components": {"schemas": _schemas(current_app.config["MAX_MESSAGE_LENGTH"]),
                       "securitySchemes": {"editorToken": {"type": "http", "scheme": "bearer",
                                                           "description": "An editor's API token."}}},
    }
