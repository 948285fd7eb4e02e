"""Every setting in one table: its name, default and meaning.

The README's settings table and the tests are checked against this table.
Settings come from environment variables prefixed `CHATBOT_` (values are read
as JSON when they parse as JSON, else as strings), and `DATABASE_URL`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str  # the config key; the environment variable is CHATBOT_<name>
    default: object
    help: str

    @property
    def env(self) -> str:
        return f"CHATBOT_{self.name}"


SETTINGS = (
    Setting("SECRET_KEY", None, "Key that signs the chat form's session; when unset, one is made once and kept "
                                "in `instance/secret_key` (set it when several machines serve)."),
    Setting("PROXY_FIX", 0, "Number of reverse proxies in front of the app whose X-Forwarded-For, -Proto and "
                            "-Host headers are trusted (for client addresses in rate limits and https links)."),
    Setting("TRUSTED_HOSTS", None, "Host names the site answers to, separated by spaces (`chat.example`; "
                                   "`.example.org` for all its subdomains); a request naming another host in its "
                                   "`Host` header gets a 400. Any host when unset: set it in production, since links "
                                   "in replies and the widget's snippet are built from that header."),
    Setting("HSTS_SECONDS", 0, "When above 0, https responses tell browsers to use only https for this site for "
                               "that many seconds (`Strict-Transport-Security`); 0 sends nothing."),
    Setting("CONTENT_DIR", None, "Folder of articles, one sub-folder per slug holding `article.md` and, "
                                 "optionally, `rules.toml`; the bundled articles when unset."),
    Setting("CONTENT_RELOAD", 2.0, "Seconds, at most, between two looks at the content folder for new, changed or "
                                   "removed articles, which are then served without a restart; 0 reads the "
                                   "folder at start-up only."),
    Setting("DEFAULT_ARTICLE", None, "Slug of the article a request gets when it names none; "
                                     "the first article in slug order when unset."),
    Setting("MAX_MESSAGE_LENGTH", 1000, "Longest message accepted, in characters."),
    Setting("MAX_BODY_BYTES", 16384, "Largest request body accepted, in bytes."),
    Setting("MAX_TURNS", 200, "Most turns one conversation holds; the next message gets a 409 (the chat page "
                              "asks the reader to start a new conversation)."),
    Setting("DATABASE_TIMEOUT", 2, "Longest wait for a database server, in seconds: to connect, for a statement, "
                                   "for a free pooled connection; a request waiting longer gets a 503 with "
                                   "`Retry-After`."),
    Setting("RETENTION_DAYS", 365, "Days a conversation is kept after its last turn: `flask --app wsgi chatbot "
                                   "purge`, run daily, deletes older ones with their turns; 0 keeps them all."),
    Setting("EMBED_ORIGINS", None, "Sites allowed to embed the chat widget, as origins separated by spaces "
                                   "(`https://news.example https://blog.example`); any site when unset."),
    Setting("COMPRESS", True, "Compress responses (Brotli, zstd or gzip) for the clients that accept it; "
                              "`false` when a proxy in front compresses them already."),
    Setting("RATE_LIMIT", "60 per minute", "Requests allowed per client address to each of `/api/v1/chat`, "
                                           "`/api/v1/parse`, the chat form and the intent tester (e.g. "
                                           "`10 per second; 300 per hour`); empty turns limiting off."),
    Setting("RATE_LIMIT_STORAGE", "memory://", "Where rate-limit counters live: `memory://` counts per process; "
                                               "use `redis://host:6379` when several workers or machines serve."),
)

DATABASE_URL_HELP = ("Database to store conversations in: `postgresql://user@host/db` for PostgreSQL; "
                     "a SQLite file `instance/chatbot.sqlite3` when unset.")


def defaults() -> dict:
    return {s.name: s.default for s in SETTINGS}


def database_url(instance_path: str) -> str:
    """The SQLAlchemy URL from DATABASE_URL, or the SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "chatbot.sqlite3")
    return sqlalchemy_url(url)


def sqlalchemy_url(url: str) -> str:
    """A database URL for SQLAlchemy, PostgreSQL going through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def hosts(value: object) -> list[str] | None:
    """TRUSTED_HOSTS as the list Flask checks, None meaning any host."""
    if value in (None, "", "*"):
        return None
    return value.split() if isinstance(value, str) else [str(host) for host in value]


def origins(value: object) -> list[str] | None:
    """EMBED_ORIGINS as a list of origins, None meaning any site."""
    if value in (None, "", "*"):
        return None
    items = value.split() if isinstance(value, str) else list(value)
    return [str(origin).rstrip("/") for origin in items]


def markdown_table() -> str:
    """The settings as the rows of the README's table."""
    def row(name: str, default: object, text: str) -> str:
        if isinstance(default, bool):
            default = "true" if default else "false"  # as the variable is written (read as JSON)
        shown = "(unset)" if default is None else f"`{default}`"
        return f"| `{name}` | {shown} | {text} |"

    rows = [row(s.env, s.default, s.help) for s in SETTINGS]
    rows.append(row("DATABASE_URL", None, DATABASE_URL_HELP))
    return "\n".join(rows)
