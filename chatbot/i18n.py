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
        "error_full": "Cette conversation a atteint {limit} échanges : commencez-en une nouvelle pour continuer.",
        "error_no_article": "Il n'y a pas d'article « {slug} ». Les articles sont : {slugs}.",
        "error_retry": "Réessayez dans {seconds} s.",
        "error_code": "Erreur {status}",
        "http_errors": {
            400: ("Requête illisible", "Le navigateur a envoyé une requête que le site ne sait pas lire. "
                                       "Rechargez la page, puis réessayez."),
            404: ("Page introuvable", "Cette page n'existe pas, ou plus : l'adresse est peut-être mal recopiée."),
            405: ("Action impossible ici", "Cette adresse ne s'utilise pas de cette façon. "
                                           "Revenez à la conversation pour poser votre question."),
            413: ("Envoi trop volumineux", "Ce que vous avez envoyé dépasse la taille permise : "
                                           "raccourcissez votre message."),
            429: ("Trop de messages", "Vous envoyez beaucoup de messages : attendez un instant avant de réessayer."),
            500: ("Erreur du serveur", "Le site a rencontré un problème inattendu. Réessayez dans un instant ; "
                                       "si cela continue, revenez plus tard."),
            503: ("Service momentanément indisponible", "Le site ne peut pas répondre pour le moment. "
                                                         "Réessayez dans un instant."),
        },
        "http_error_other": ("Requête impossible", "Le site n'a pas pu répondre à cette requête."),
        "article_title": "L'article",
        "back_to_chat": "Revenir à la conversation",
        "articles": "Autres articles",
        "footer": "Chaque réponse cite l'article mot pour mot. Rien n'est inventé.",
        "tester_title": "Testeur d'intentions",
        "tester_intro": "Tapez une question pour voir comment le bot la comprend : ce que répond POST /api/v1/parse, "
                        "sans rien enregistrer.",
        "tester_text": "Question à tester",
        "tester_conversation": "Suite d'une conversation (identifiant, facultatif)",
        "tester_submit": "Analyser",
        "tester_understood": "Compréhension",
        "tester_confidence": "confiance",
        "tester_lang": "langue",
        "tester_intents": "Intentions classées",
        "tester_intent": "Intention",
        "tester_evidence": "Ce qui a joué",
        "tester_score": "score",
        "tester_pattern": "motif",
        "tester_example": "ressemblance à un exemple",
        "tester_none": "Aucune intention n'a reconnu la question.",
        "tester_words": "Mots et concepts",
        "tester_tokens": "Mots retenus",
        "tester_corrections": "Fautes corrigées",
        "tester_concepts": "Concepts reconnus",
        "tester_unknown": "Mots inexpliqués",
        "tester_coverage": "couverture",
        "tester_sections": "Sections cherchées",
        "tester_passages": "Passages considérés",
        "tester_json": "Réponse JSON complète",
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
        "error_full": "This conversation has reached {limit} turns: start a new one to go on.",
        "error_no_article": "There is no article '{slug}'. The articles are: {slugs}.",
        "error_retry": "Try again in {seconds} s.",
        "error_code": "Error {status}",
        "http_errors": {
            400: ("Unreadable request", "Your browser sent a request this site cannot read. "
                                        "Reload the page, then try again."),
            404: ("Page not found", "This page does not exist, or no longer does: the address may be mistyped."),
            405: ("Not possible here", "This address is not used that way. "
                                       "Go back to the conversation to ask your question."),
            413: ("Too much sent", "What you sent is larger than allowed: please shorten your message."),
            429: ("Too many messages", "You are sending many messages: please wait a moment before trying again."),
            500: ("Server error", "The site ran into an unexpected problem. Please try again in a moment; "
                                  "if it goes on, come back later."),
            503: ("Temporarily unavailable", "The site cannot answer right now. Please try again in a moment."),
        },
        "http_error_other": ("Request not possible", "The site could not answer this request."),
        "article_title": "The article",
        "back_to_chat": "Back to the conversation",
        "articles": "Other articles",
        "footer": "Every answer quotes the article word for word. Nothing is made up.",
        "tester_title": "Intent tester",
        "tester_intro": "Type a question to see how the bot understands it: what POST /api/v1/parse answers, "
                        "storing nothing.",
        "tester_text": "Question to test",
        "tester_conversation": "Continuing a conversation (its id, optional)",
        "tester_submit": "Analyse",
        "tester_understood": "Understanding",
        "tester_confidence": "confidence",
        "tester_lang": "language",
        "tester_intents": "Ranked intents",
        "tester_intent": "Intent",
        "tester_evidence": "What fired",
        "tester_score": "score",
        "tester_pattern": "pattern",
        "tester_example": "likeness to an example",
        "tester_none": "No intent recognised the question.",
        "tester_words": "Words and concepts",
        "tester_tokens": "Words kept",
        "tester_corrections": "Typos corrected",
        "tester_concepts": "Concepts found",
        "tester_unknown": "Unexplained words",
        "tester_coverage": "coverage",
        "tester_sections": "Sections searched",
        "tester_passages": "Passages considered",
        "tester_json": "Full JSON response",
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


def ui_lang(fallback: str | None = None) -> str:
    """The interface language the reader's browser prefers; when it names none we have, `fallback` (the
    language of the article on the page), else French."""
    for tag, _quality in request.accept_languages:  # best first; "en-GB" counts as "en"
        primary = tag.split("-")[0].lower()
        if primary in LANGS:
            return primary
    return fallback if fallback in LANGS else LANGS[0]


def strings(lang: str | None = None) -> dict:
    return STRINGS[lang or ui_lang()]
