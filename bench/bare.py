"""A bare Flask app: one JSON endpoint and nothing else, served by bench/http.py under the same
gunicorn settings as the chatbot, so that what the server and the load generator cost alone is
measured beside what a turn costs.
"""
from flask import Flask, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def index():
    """A small JSON answer; a posted JSON body is read, as the chat endpoint reads its own."""
    body = request.get_json(silent=True) or {}
    return {"ok": True, "length": len(str(body.get("message", "")))}
