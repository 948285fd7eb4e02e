"""The chatbot engine: pure Python, no web framework, no database.

    library = Library.load()                  # every article of the content folder
    bot = library.get("some-article")
    reply, state = bot.reply("Que dit l'article ?", ConversationState())
"""
from .article import Article, Passage, Section
from .bot import Bot
from .dialogue import ConversationState, Quote, Reply
from .errors import ContentError
from .library import Library, load_bot

__all__ = ["Article", "Bot", "ContentError", "ConversationState", "Library", "Passage", "Quote", "Reply",
           "Section", "load_bot"]
