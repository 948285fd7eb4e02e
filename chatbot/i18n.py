"""The interface's own words, in French (the default) and English.

The bot's replies follow the language of each message; the page around them
follows the reader's browser (Accept-Language).
"""
from __future__ import annotations

from flask import request

LANGS = ("fr", "en")

STRINGS = {
    "fr": {
        "chat_title": "Discuter de l'article",
        "by": "par",
        "source": "Source",
        "read_article": "Lire l'article",
        "skip": "Aller à la conversation",
        "welcome_topics": "Je peux vous parler de :",
        "starters": "Pour commencer",
        "log": "Conversation",
        "you": "Vous",
        "bot": "Le bot",
        "input_label": "Votre question sur l'article",
        "placeholder": "Posez une question…",
        "send": "Envoyer",
        "new": "Nouvelle conversation",
        "typing": "Le bot cherche dans l'article…",
        "your_turn": "À vous :",
        "suggestions": "Pour continuer",
        "read_in_article": "Lire dans l'article",
        "quote_from": "Extrait de « {section} »",
        "error_rate": "Vous envoyez beaucoup de messages : attendez un instant avant de réessayer.",
        "error_long": "Votre message est trop long ({limit} caractères au plus).",
        "error_empty": "Écrivez d'abord une question.",
        "error_server": "Le serveur ne répond pas pour le moment. Réessayez dans un instant.",
        "error_network": "Connexion impossible. Vérifiez votre réseau et réessayez.",
        "error_gone": "Cette conversation n'existe plus : une nouvelle commence.",
        "error_csrf": "Le formulaire a expiré. Renvoyez votre question.",
        "article_title": "L'article",
        "back_to_chat": "Revenir à la conversation",
        "articles": "Autres articles",
        "footer": "Chaque réponse cite l'article mot pour mot. Rien n'est inventé.",
    },
    "en": {
        "chat_title": "Discuss the article",
        "by": "by",
        "source": "Source",
        "read_article": "Read the article",
        "skip": "Skip to the conversation",
        "welcome_topics": "I can tell you about:",
        "starters": "To start",
        "log": "Conversation",
        "you": "You",
        "bot": "The bot",
        "input_label": "Your question about the article",
        "placeholder": "Ask a question…",
        "send": "Send",
        "new": "New conversation",
        "typing": "The bot is searching the article…",
        "your_turn": "Your turn:",
        "suggestions": "To go on",
        "read_in_article": "Read in the article",
        "quote_from": "From “{section}”",
        "error_rate": "You are sending many messages: please wait a moment before trying again.",
        "error_long": "Your message is too long (at most {limit} characters).",
        "error_empty": "Please write a question first.",
        "error_server": "The server is not answering right now. Please try again in a moment.",
        "error_network": "Cannot connect. Check your network and try again.",
        "error_gone": "This conversation no longer exists: a new one starts.",
        "error_csrf": "The form expired. Please send your question again.",
        "article_title": "The article",
        "back_to_chat": "Back to the conversation",
        "articles": "Other articles",
        "footer": "Every answer quotes the article word for word. Nothing is made up.",
    },
}


def ui_lang() -> str:
    """The interface language the reader's browser prefers; French when it says nothing we have."""
    for tag, _quality in request.accept_languages:  # best first; "en-GB" counts as "en"
        primary = tag.split("-")[0].lower()
        if primary in LANGS:
            return primary
    return LANGS[0]


def strings(lang: str | None = None) -> dict[str, str]:
    return STRINGS[lang or ui_lang()]
