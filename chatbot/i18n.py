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
        "widget_title": "Le widget : le chatbot sur votre site",
        "widget_intro": "Collez une seule balise dans une page de votre site : un bouton apparaît en bas de l'écran "
                        "et ouvre la discussion sur l'article choisi, avec les mêmes réponses citées que sur ce site.",
        "widget_point_light": "Léger : quelques kilo-octets, et rien d'autre ne se charge avant la première ouverture.",
        "widget_point_private": "Respectueux : aucun cookie de suivi, aucune requête vers un tiers.",
        "widget_point_isolated": "Isolé : vos styles ne le cassent pas, les siens ne débordent pas sur votre page.",
        "widget_snippet": "La balise à coller",
        "widget_paste": "Collez-la avant la fin de </body>. Le bouton de cette page en est l'aperçu en direct.",
        "widget_build": "Composer la balise",
        "widget_article": "Article",
        "widget_color": "Couleur",
        "widget_position": "Position",
        "widget_right": "En bas à droite",
        "widget_left": "En bas à gauche",
        "widget_lang": "Langue de l'interface",
        "widget_update": "Mettre à jour la balise et l'aperçu",
        "widget_options": "Options",
        "widget_attribute": "Attribut",
        "widget_meaning": "Effet",
        "widget_preview": "JavaScript : window.Chatbot.open(), close(), toggle() et ask(texte) ; événements "
                          "chatbot:open, chatbot:close et chatbot:reply sur document.",
        "widget_attributes": [
            ("data-article", "l'article (obligatoire)"),
            ("data-lang", "fr ou en ; sinon la langue du navigateur"),
            ("data-title", "le titre du panneau"),
            ("data-position", "right (par défaut) ou left"),
            ("data-color", "la couleur du bouton, par exemple #0b57a4"),
            ("data-open", "true pour ouvrir le panneau dès le chargement"),
            ("data-greeting", "le message d'accueil du panneau"),
        ],
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
        "widget_title": "The widget: the chatbot on your site",
        "widget_intro": "Paste one tag into a page of your site: a button appears at the bottom of the screen and "
                        "opens the discussion of the chosen article, with the same quoted answers as on this site.",
        "widget_point_light": "Light: a few kilobytes, and nothing else loads before the first open.",
        "widget_point_private": "Respectful: no tracking cookie, no request to any third party.",
        "widget_point_isolated": "Isolated: your styles cannot break it, and its styles stay out of your page.",
        "widget_snippet": "The tag to paste",
        "widget_paste": "Paste it before the end of </body>. The button on this page is its live preview.",
        "widget_build": "Build the tag",
        "widget_article": "Article",
        "widget_color": "Colour",
        "widget_position": "Position",
        "widget_right": "Bottom right",
        "widget_left": "Bottom left",
        "widget_lang": "Interface language",
        "widget_update": "Update the tag and the preview",
        "widget_options": "Options",
        "widget_attribute": "Attribute",
        "widget_meaning": "Effect",
        "widget_preview": "JavaScript: window.Chatbot.open(), close(), toggle() and ask(text); events chatbot:open, "
                          "chatbot:close and chatbot:reply on document.",
        "widget_attributes": [
            ("data-article", "the article (required)"),
            ("data-lang", "fr or en; else the browser's language"),
            ("data-title", "the panel's title"),
            ("data-position", "right (the default) or left"),
            ("data-color", "the button's colour, for example #0b57a4"),
            ("data-open", "true to open the panel as the page loads"),
            ("data-greeting", "the panel's welcome message"),
        ],
    },
}


def ui_lang() -> str:
    """The interface language the reader's browser prefers; French when it says nothing we have."""
    for tag, _quality in request.accept_languages:  # best first; "en-GB" counts as "en"
        primary = tag.split("-")[0].lower()
        if primary in LANGS:
            return primary
    return LANGS[0]


def strings(lang: str | None = None) -> dict:
    return STRINGS[lang or ui_lang()]
