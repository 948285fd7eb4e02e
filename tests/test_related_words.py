"""A reader's own words for what an article says: synonyms in the article's language, translations
from the other one, and irregular forms. The word lists are the engine's own (engine/data)."""
from __future__ import annotations

import pytest

from chatbot.engine import ConversationState, Library, thesaurus
from chatbot.engine.text import LANGS, stems
from chatbot.engine.understand import _kin
from conftest import TESTS


@pytest.fixture(scope="module")
def content() -> Library:
    return Library.load(TESTS / "content")


@pytest.mark.parametrize(("slug", "question", "section", "quoted"), [
    # the reader's everyday word, the article's formal one: "chefs" are its managers, "boulot" its work
    ("travail-a-distance", "Pourquoi les chefs fliquent-ils leurs équipes ?", "managers", "encadrer"),
    ("travail-a-distance", "Le boulot à la maison, ça rend plus productif ?", "productivite", "plus vite"),
    # a French reader of an English article, an English reader of a French one
    ("four-day-week", "Les hôpitaux ont-ils quitté l'essai ?", "where-it-fails", "quit the trial"),
    ("eau-potable-secheresse", "Why are the pipes leaking?", "fuites", "canalisations"),
    ("school-phones-ban", "Les parents étaient-ils contre l'interdiction ?", "parents-safety", "opposed the ban"),
    # "paid" is a form of "pay"
    ("four-day-week", "Were workers paid less?", "the-trial", "no loss of pay"),
    # "hours" is translated as "hour" is ("heures"), not only as "horaires"
    ("boulangeries-village", "how many hours a week do village bakers work", "causes", "soixante heures"),
])
def test_a_readers_own_words_find_the_articles(content, slug, question, section, quoted):
    reply, _ = content.get(slug).reply(question, ConversationState())
    assert reply.quotes, f"{question!r} was refused"
    assert reply.quotes[0].section == section
    assert quoted in " ".join(q.text for q in reply.quotes)


def test_a_word_of_the_shared_lexicon_keeps_its_sense(bot):
    """"exemple" may mean "modèle" elsewhere, but in a question about examples it asks for examples."""
    analysis = bot.analyse("Quels exemples d'usage de l'IA générative sont cités ?")
    assert not {"model", "modele"} & next(t.keys for t in analysis.tokens if t.word == "exemples")


def test_the_word_lists_are_well_formed_and_both_ways():
    for lang in LANGS:
        table = thesaurus.synonyms(lang)
        assert len(table) > 1000
        assert all(w and " " not in w and w == w.lower() for words in table.values() for w in words)
    assert len(thesaurus.translations("fr")) > 4000 and len(thesaurus.translations("en")) > 4000
    assert "water" in thesaurus.related("eau", "fr", "en") and "eau" in thesaurus.related("water", "en", "fr")
    assert "canalisation" in thesaurus.related("tuyaux", "fr", "fr")  # a plural in -aux finds its word
    assert "pay" in stems("paid", "en")


@pytest.mark.parametrize(("a", "b", "kin"), [
    ("chauffag", "chauff", True),  # chauffage, chauffer
    ("productiv", "product", True),
    ("communiqu", "commun", False),  # communiquer is no family of commune: too little of it is shared
    ("nag", "nageur", False),  # too short to tell
])
def test_a_word_of_the_same_family_is_one_that_begins_it_and_is_most_of_it(a, b, kin):
    assert _kin(a, b) is kin


def test_a_word_of_the_family_of_the_articles_explains_all_of_itself(content):
    """"alimentaire" is said by the article's "aliments": not a synonym, which says a word only partly."""
    token = next(t for t in content.get("cantines-scolaires").analyse("le gaspillage alimentaire").tokens
                 if t.word == "alimentaire")
    assert "aliment" in token.related and not token.loose
