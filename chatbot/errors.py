"""The errors a request can cause on purpose, shared by the API and the pages."""


class ClientError(Exception):
    """The client sent something that cannot be served: a 4xx with a plain explanation.

    The API answers it as a problem+json document, a page as an HTML error page.
    """

    def __init__(self, status: int, detail: str, **extra):
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra


class ConversationFull(ClientError):
    """The conversation holds MAX_TURNS turns already: a 409, the reader starts a new one."""

    def __init__(self, limit: int):
        super().__init__(409, f"This conversation has reached its limit of {limit} turns; "
                              "start a new one by sending no conversation_id.")
        self.limit = limit
