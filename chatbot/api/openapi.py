"""The OpenAPI 3.1 document of API v1, checked against real responses by the tests."""
from __future__ import annotations

from flask import current_app

_STRING = {"type": "string"}
_LANG = {"type": "string", "enum": ["fr", "en"]}
_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problems(*statuses: int) -> dict:
    reasons = {400: "Malformed JSON", 404: "Unknown article or conversation", 405: "Method not allowed",
               413: "Body too large", 415: "Body is not JSON",
               422: "A field is missing, empty, of the wrong type or too long",
               429: "Too many requests: wait for Retry-After seconds", 503: "Database unavailable"}
    return {str(s): {"description": reasons[s], "content": {"application/problem+json": {"schema": _ref("Problem")}}}
            for s in statuses}


def _schemas(max_length: int) -> dict:
    text = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": "\\S"}
    name = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}
    return {
        "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
            "type": _STRING, "title": _STRING, "status": {"type": "integer"}, "detail": _STRING,
            "errors": {"type": "array", "items": {"type": "object", "properties": {
                "field": _STRING, "message": _STRING}}}}},
        "ChatRequest": {"type": "object", "required": ["message"], "properties": {
            "message": {**text, "description": "The reader's message."},
            "conversation_id": {**name, "description": "Continue this conversation; omit to start one."},
            "article": {**name, "description": "Article slug; the default article when omitted."},
            "lang": {**_LANG, "description": "Language of the reply; detected from the message when omitted."}}},
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
                      "intent": _ref("Intent"), "lang": _LANG}},
        "ChatResponse": {"type": "object", "required": ["conversation_id", "article", "reply"], "properties": {
            "conversation_id": _STRING, "article": _STRING, "reply": _ref("Reply")}},
        "ParseRequest": {"type": "object", "required": ["text"], "properties": {
            "text": text, "article": name,
            "conversation_id": {**name,
                                "description": "Understand the text as the next turn of this conversation."}}},
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
                                        "turns": {"type": "array", "items": {
                                            "type": "object", "required": ["message", "reply", "created_at"],
                                            "properties": {"message": _STRING, "reply": _ref("Reply"),
                                                           "created_at": {"type": "string", "format": "date-time"}}}}}},
    }


def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


def _path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": _STRING, "description": description}


def document() -> dict:
    conversation_id = _path_param("conversation_id", "The id returned by POST /chat.")
    return {
        "openapi": "3.1.0",
        "info": {"title": "chatbot API", "version": "1.0.0",
                 "description": "Ask questions about an article; every answer quotes it verbatim."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/chat": {"post": {"summary": "One turn of a conversation (stored)", "operationId": "chat",
                               "requestBody": _body("ChatRequest"),
                               "responses": {"200": _json(_ref("ChatResponse"), "The bot's reply"),
                                             **_problems(400, 404, 405, 413, 415, 422, 429, 503)}}},
            "/parse": {"post": {"summary": "How a text is understood (nothing stored)", "operationId": "parse",
                                "requestBody": _body("ParseRequest"),
                                "responses": {"200": _json(_ref("ParseResponse"), "Intents, passages, explanation"),
                                              **_problems(400, 404, 405, 413, 415, 422, 429, 503)}}},
            "/articles": {"get": {"summary": "The articles", "operationId": "listArticles",
                                  "responses": {"200": _json(_ref("ArticleList"), "Every article")}}},
            "/articles/{slug}": {"get": {"summary": "One article with its sections and passages",
                                         "operationId": "getArticle",
                                         "parameters": [_path_param("slug", "The article's slug.")],
                                         "responses": {"200": _json(_ref("Article"), "The article"),
                                                       **_problems(404)}}},
            "/conversations/{conversation_id}": {
                "get": {"summary": "A conversation and its turns", "operationId": "getConversation",
                        "parameters": [conversation_id],
                        "responses": {"200": _json(_ref("Conversation"), "The conversation"),
                                      **_problems(404, 503)}},
                "delete": {"summary": "Erase a conversation", "operationId": "deleteConversation",
                           "parameters": [conversation_id],
                           "responses": {"204": {"description": "Erased"}, **_problems(404, 503)}}},
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI 3.1 document"}}}},
        },
        "components": {"schemas": _schemas(current_app.config["MAX_MESSAGE_LENGTH"])},
    }
