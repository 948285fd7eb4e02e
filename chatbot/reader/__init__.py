"""The readers' side: the chat page (with and without JavaScript), the article, a discussion's recap,
and the widget other sites embed."""
