"""Readers' feedback on each reply: useful or not, with a comment on "not useful"; one vote per turn,
changeable, stored with the turn; clear errors for a bad body, an unknown conversation or turn. The chat
page's vote forms without JavaScript, the votes shown again after a reload, and erasing a conversation."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from chatbot.storage.models import Turn, db
from conftest import ARTICLE, make_app


@pytest.fixture
def app(tmp_path):
    return make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'feedback.sqlite3'}"})


def _conversation(client) -> str:
    first = client.post("/api/v1/chat", json={"message": "Quel est l'impact environnemental ?"}).get_json()
    second = client.post("/api/v1/chat", json={"message": "Et l'accès ?",
                                               "conversation_id": first["conversation_id"]}).get_json()
    assert (first["turn"], second["turn"]) == (1, 2), "the chat response gives the turn's number"
    return first["conversation_id"]


def _stored(app, conversation_id: str) -> list[tuple]:
    with app.app_context():
        return sorted(db.session.query(Turn.number, Turn.useful, Turn.comment)
                      .filter_by(conversation_id=conversation_id).all())


def test_a_reader_votes_on_a_reply_and_changes_their_mind(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    url = f"/api/v1/conversations/{conversation_id}/turns/2/feedback"
    voted = client.post(url, json={"useful": False, "comment": "  Ça ne répond pas à ma question  "})
    assert voted.status_code == 200 and voted.headers["Cache-Control"] == "no-store"
    assert voted.get_json() == {"conversation_id": conversation_id, "turn": 2, "useful": False,
                                "comment": "Ça ne répond pas à ma question"}
    assert _stored(app, conversation_id) == [(1, None, None), (2, False, "Ça ne répond pas à ma question")]
    assert client.post(url, json={"useful": True}).status_code == 200
    assert _stored(app, conversation_id)[1] == (2, True, None), "one vote per turn: the new one replaces it"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "useful"), ({"useful": "yes"}, "useful"), ({"useful": 1}, "useful"), ({"useful": None}, "useful"),
    ({"useful": False, "comment": 42}, "comment"), ({"useful": False, "comment": "x" * 1001}, "comment"),
])
def test_a_bad_vote_is_a_422_naming_the_field(app, body, field):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = client.post(f"/api/v1/conversations/{conversation_id}/turns/1/feedback", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == field
    assert _stored(app, conversation_id)[0] == (1, None, None), "nothing is stored"


def test_a_vote_on_a_turn_or_conversation_that_does_not_exist_is_a_404(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    for url in (f"/api/v1/conversations/{conversation_id}/turns/3/feedback",
                "/api/v1/conversations/nope/turns/1/feedback"):
        response = client.post(url, json={"useful": True})
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert client.post(f"/api/v1/conversations/{conversation_id}/turns/0/feedback",
                       json={"useful": True}).status_code == 404


# -- the chat page without JavaScript: the vote buttons are forms posting to the server ----------------

SLUG = ARTICLE


def _token(client, conversation_id: str = "") -> str:
    url = f"/chat/{SLUG}" + (f"?c={conversation_id}" if conversation_id else "")
    html = client.get(url, follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _vote(client, conversation_id: str, turn, useful, comment=None, token=True):
    form = {"conversation_id": conversation_id, "turn": str(turn), "useful": useful}
    if comment is not None:
        form["comment"] = comment
    if token:
        form["csrf_token"] = _token(client, conversation_id)
    return client.post(f"/chat/{SLUG}/feedback", data=form, headers={"Referer": f"/chat/{SLUG}"})


def _reply(html: str, turn: int) -> str:
    """The bot's message of that turn, as the page shows it."""
    return html.split(f'id="turn-{turn}"', 1)[1].split('class="msg msg-user"', 1)[0]


def _pressed(reply_html: str) -> list[str]:
    return re.findall(r'aria-pressed="true">([^<]+)<', reply_html)


def _thanks(html: str) -> list[str]:
    """The thank-you statuses the page shows under replies."""
    shown = re.findall(r'<span class="feedback-status" role="status">([^<]*)</span>', html)
    return [unescape(text) for text in shown if text]


def _shown(html: str, element: str) -> str:
    """What the page's error box (`error`) or notice (`notice`) shows; empty when it is hidden."""
    found = re.search(rf'<p class="{element}" id="{element}" role="\w+"( hidden)?>([^<]*)</p>', html)
    return "" if found.group(1) else unescape(found.group(2))


def test_without_javascript_a_vote_is_stored_and_the_page_shows_it_with_thanks(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = _vote(client, conversation_id, 2, "false")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/chat/{SLUG}?c={conversation_id}#turn-2")
    assert _stored(app, conversation_id)[1] == (2, False, None)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    second = _reply(html, 2)
    assert _pressed(second) == ["Pas utile"], "the reader sees their vote"
    assert _thanks(second) == ["Merci pour votre avis."]
    comment_form = re.search(r'<form class="vote-comment"[^>]*>', second).group(0)
    assert "hidden" not in comment_form, "'not useful' shows the comment field"
    assert f'maxlength="{app.config["MAX_MESSAGE_LENGTH"]}"' in second
    first = _reply(html, 1)
    assert _pressed(first) == [] and _thanks(first) == []
    assert "hidden" in re.search(r'<form class="vote-comment"[^>]*>', first).group(0)

    # The comment comes back with the same vote; the thanks say it is saved.
    response = _vote(client, conversation_id, 2, "false", "  Trop vague  ")
    assert _stored(app, conversation_id)[1] == (2, False, "Trop vague")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _thanks(html) == ["Merci, votre commentaire est enregistré."]
    # Voting "not useful" again from the buttons keeps the comment; "useful" replaces the vote.
    _vote(client, conversation_id, 2, "false")
    assert _stored(app, conversation_id)[1] == (2, False, "Trop vague")
    _vote(client, conversation_id, 2, "true")
    assert _stored(app, conversation_id)[1] == (2, True, None)


def test_after_a_reload_the_page_shows_each_turns_vote_and_comment(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    client.post(f"/api/v1/conversations/{conversation_id}/turns/1/feedback", json={"useful": True})
    client.post(f"/api/v1/conversations/{conversation_id}/turns/2/feedback",
                json={"useful": False, "comment": "Il manque les chiffres <b>récents</b>"})
    html = client.get(f"/chat/{SLUG}?c={conversation_id}").get_data(as_text=True)
    assert _pressed(_reply(html, 1)) == ["Utile"]
    second = _reply(html, 2)
    assert _pressed(second) == ["Pas utile"]
    assert ">Il manque les chiffres &lt;b&gt;récents&lt;/b&gt;</textarea>" in second, "the comment, as text"
    assert _thanks(html) == [], "no thanks for votes given before"


def test_the_vote_form_needs_its_csrf_token(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = _vote(client, conversation_id, 1, "true", token=False)
    assert response.status_code == 303
    assert _stored(app, conversation_id)[0] == (1, None, None), "nothing is stored"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _shown(html, "error") == "Le formulaire a expiré. Réessayez."


@pytest.mark.parametrize(("turn", "useful", "comment", "words"), [
    ("3", "true", None, "Ce vote n'a pas pu être enregistré"),
    ("0", "true", None, "Ce vote n'a pas pu être enregistré"),
    ("deux", "true", None, "Ce vote n'a pas pu être enregistré"),
    ("", "true", None, "Ce vote n'a pas pu être enregistré"),
    ("1", "peut-être", None, "Ce vote n'a pas pu être enregistré"),
    ("1", "", None, "Ce vote n'a pas pu être enregistré"),
    ("1", "false", "x" * 1001, "trop long"),
])
def test_a_bad_vote_from_the_form_is_a_message_never_a_500(app, turn, useful, comment, words):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = _vote(client, conversation_id, turn, useful, comment)
    assert response.status_code == 303
    assert _stored(app, conversation_id) == [(1, None, None), (2, None, None)], "nothing is stored"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert words in _shown(html, "error")
    assert _thanks(html) == []


@pytest.mark.parametrize("conversation_id", ["nope", "", "x" * 500, "AAAAAAAAAAAAAAAAAAAAAA"])
def test_a_vote_on_a_conversation_that_does_not_exist_is_a_message_never_a_500(app, conversation_id):
    client = app.test_client()
    response = _vote(client, conversation_id, 1, "true")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/chat/{SLUG}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _shown(html, "error").startswith("Cette conversation n'existe plus")


def test_a_vote_or_erase_from_another_articles_page_changes_nothing(tmp_path):
    app = make_app({"TESTING": True, "CONTENT_DIR": str(Path(__file__).parent / "content"),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'two.sqlite3'}"})
    client = app.test_client()
    conversation_id = client.post("/api/v1/chat", json={"message": "Bonjour", "article": "velo-urbain"}) \
        .get_json()["conversation_id"]
    html = client.get(f"/chat/velo-urbain?c={conversation_id}").get_data(as_text=True)
    form = {"conversation_id": conversation_id, "turn": "1", "useful": "true",
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)}
    for action in ("feedback", "erase"):
        response = client.post(f"/chat/cantines-scolaires/{action}", data=form)
        assert response.status_code == 303 and response.headers["Location"].endswith("/chat/cantines-scolaires")
    assert client.get(f"/api/v1/conversations/{conversation_id}").get_json()["turns"][0]["feedback"] is None


# -- what the API gives back: each turn's number and vote ---------------------------------------------

def test_the_conversation_gives_each_turns_number_and_vote(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    client.post(f"/api/v1/conversations/{conversation_id}/turns/2/feedback",
                json={"useful": False, "comment": "Hors sujet"})
    turns = client.get(f"/api/v1/conversations/{conversation_id}").get_json()["turns"]
    assert [(t["turn"], t["feedback"]) for t in turns] == [
        (1, None), (2, {"useful": False, "comment": "Hors sujet"})]
    client.post(f"/api/v1/conversations/{conversation_id}/turns/1/feedback", json={"useful": True})
    turns = client.get(f"/api/v1/conversations/{conversation_id}").get_json()["turns"]
    assert turns[0]["feedback"] == {"useful": True, "comment": None}


# -- erasing a conversation from the chat page ------------------------------------------------------

def test_erasing_from_the_page_deletes_the_conversation_and_starts_afresh(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    html = client.get(f"/chat/{SLUG}?c={conversation_id}").get_data(as_text=True)
    assert "Effacer la conversation" in html and "supprimées du serveur" in html, "the control says what it does"
    response = client.post(f"/chat/{SLUG}/erase", data={"conversation_id": conversation_id,
                                                        "csrf_token": _token(client, conversation_id)})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/chat/{SLUG}")
    assert client.get(f"/api/v1/conversations/{conversation_id}").status_code == 404
    assert _stored(app, conversation_id) == []
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _shown(html, "notice") == "Conversation effacée." and _shown(html, "error") == ""
    assert 'class="msg msg-user"' not in html.split('<template id="tpl-user">')[0], "the log holds no message"
    assert re.search(r'<details class="erase" id="erase" hidden>', html), "nothing left to erase"


def test_erasing_needs_the_csrf_token_and_an_existing_conversation(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = client.post(f"/chat/{SLUG}/erase", data={"conversation_id": conversation_id},
                           headers={"Referer": f"/chat/{SLUG}"})
    assert response.status_code == 303
    assert client.get(f"/api/v1/conversations/{conversation_id}").status_code == 200, "nothing erased"
    assert _shown(client.get(response.headers["Location"]).get_data(as_text=True), "error").startswith(
        "Le formulaire a expiré")
    for unknown in ("nope", "", "AAAAAAAAAAAAAAAAAAAAAA"):
        response = client.post(f"/chat/{SLUG}/erase", data={"conversation_id": unknown,
                                                            "csrf_token": _token(client)})
        assert response.status_code == 303
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert _shown(html, "error").startswith("Cette conversation n'existe plus")
