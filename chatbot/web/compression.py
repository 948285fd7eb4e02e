"""Compressed responses for the clients that accept them (Brotli, zstd or gzip), by Flask-Compress.

Pages, scripts, styles and JSON then travel at a third of their size or less, with gunicorn
facing the reader as with a proxy in front. Turn it off (CHATBOT_COMPRESS=false) when that
proxy compresses already.
"""
from __future__ import annotations

from flask import Flask
from flask_compress import Compress

# Brotli first: at the levels used, our pages and scripts come out smallest with it.
ALGORITHMS = ["br", "zstd", "gzip", "deflate"]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_REGISTER", bool(app.config["COMPRESS"]))
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    # Static files are streamed, and Flask-Compress leaves gzip out for streams by default:
    # a client that only speaks gzip would get widget.js uncompressed.
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ALGORITHMS)
    app.extensions["chatbot.compress"] = Compress(app)
