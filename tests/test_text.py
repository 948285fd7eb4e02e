"""Text processing as a reader meets it: folding, tokenising, language, stems and typos."""
from __future__ import annotations

import pytest

from chatbot.engine import dictionary
from chatbot.engine.dictionary import verb_form
from chatbot.engine.spelling import Speller
from chatbot.engine.text import fold, literal_words, stems, tokenize


@pytest.mark.parametrize(("text", "folded"), [
    ("ÉNERGIE", "energie"),
    ("Écologique, économe, à, où, ça", "ecologique, econome, a, ou, ca"),
    ("naïve, Noël, août", "naive, noel, aout"),
    ("Œuvre d'art", "oeuvre d'art"),
    ("cœur", "coeur"),
    ("Ægis", "aegis"),
    ("Straße", "strasse"),
    ("ﬁn", "fin"),  # the "fi" ligature of typeset text
    ("l’IA", "l'ia"),
    ("l‘IA", "l'ia"),
    ("lʼIA", "l'ia"),
    ("l`IA", "l'ia"),
    ("ChatGPT", "chatgpt"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("text", "tokens"), [
    ("L'IA consomme-t-elle beaucoup ?", ["ia", "consomme", "elle", "beaucoup"]),
    ("Pollue-t-elle ?", ["pollue", "elle"]),
    ("Y a-t-il une solution ?", ["y", "a", "il", "une", "solution"]),
    ("Qu'est-ce que l'IA ?", ["est", "ce", "que", "ia"]),
    ("d'énergie", ["energie"]),
    ("J'aime", ["aime"]),
    ("n'est", ["est"]),
    ("s'il", ["il"]),
    ("c'est", ["est"]),
    ("Il faut qu'elle l'explique", ["il", "faut", "elle", "explique"]),
    ("jusqu'ici, lorsqu'on", ["ici", "on"]),
    ("L’impact", ["impact"]),
    ("D’où vient l’étude ?", ["ou", "vient", "etude"]),
    ("plates-formes ouvertes", ["plates", "formes", "ouvertes"]),
    ("state-of-the-art AI", ["state", "of", "the", "art", "ai"]),
    ("284 tonnes de CO2", ["284", "tonnes", "de", "co2"]),
    ("284t, 50kg, GPT-4", ["284", "t", "50", "kg", "gpt", "4"]),  # a number glued to its unit
    ("le 2e défi, the 3rd one", ["le", "2e", "defi", "the", "3rd", "one"]),  # ordinals stay whole
    ("aujourd'hui", ["aujourd", "hui"]),  # not an elision: nothing is dropped
    # a number written in groups is the number a reader types; a decimal or a list of numbers is not
    ("9 000 habitants, 41,000 workers", ["9000", "habitants", "41000", "workers"]),
    ("4,10 euros en 2021 300 fois", ["4", "10", "euros", "en", "2021", "300", "fois"]),
    ("  ?!…  ", []),
])
def test_tokenize(text, tokens):
    assert tokenize(text) == tokens


def test_tokenize_keeps_accents_when_asked():
    assert tokenize("L'Évolution d'œuvres évoquées", keep_accents=True) == ["évolution", "oeuvres", "évoquées"]


@pytest.mark.parametrize("question", [
    "Quel est l'impact environnemental de l'IA ?",
    "quel est l impact environnemental de l ia",
    "Que propose l'auteur ?",
    "Qui a écrit ?",
    "qui a ecrit ca",
    "ca consomme combien",
    "Et les étudiants ?",
    "et les etudiants",
    "Pourquoi ?",
    "C'est quoi ?",
    "Merci beaucoup",
    "L'IA pollue-t-elle ?",
    "ChatGPT est-il gratuit ?",
    "La fracture numérique",
    "climat",
])
def test_french_questions_are_french(bot, question):
    assert bot.analyse(question, default_lang="en").lang == "fr"


@pytest.mark.parametrize("question", [
    "What is the environmental impact of AI?",
    "what is the environmental impact of ai",
    "What does the author propose?",
    "Who wrote it?",
    "how much energy does it use",
    "Is access fair?",
    "Why?",
    "Thanks",
    "Does it pollute a lot?",
    "Is ChatGPT free?",
    "The digital divide",
    "climate",
])
def test_english_questions_are_english(bot, question):
    assert bot.analyse(question, default_lang="fr").lang == "en"


@pytest.mark.parametrize("text", ["ChatGPT", "Maurel ?", "OpenAI"])
def test_a_text_without_language_evidence_keeps_the_default(bot, text):
    assert bot.analyse(text).lang == bot.article.lang == "fr"
    assert bot.analyse(text, default_lang="en").lang == "en"


def test_a_forced_language_wins_over_detection(bot):
    assert bot.analyse("Quel est l'impact environnemental ?", lang="en").lang == "en"


@pytest.mark.parametrize(("a", "b"), [
    ("évoquées", "evoquees"),  # accents or not, the same word
    ("évoquées", "évoqué"),
    ("consomme", "consommer"),
    ("propositions", "proposition"),
    ("inégalités", "inegalite"),
    ("financées", "financement"),
    ("émissions", "emission"),
    ("environnement", "environnemental"),
    ("trained", "training"),
    ("studies", "study"),
])
def test_inflected_forms_share_a_key(a, b):
    assert stems(a) & stems(b)


def test_a_french_word_gets_no_english_stem_in_a_french_article():
    assert "access" in stems("accessible", "en")
    assert "access" not in stems("accessible", "fr")


# -- typos -----------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "meant"), [
    ("consomation", "consommation"),  # a letter dropped
    ("consommmation", "consommation"),  # a letter added
    ("consommaiton", "consommation"),  # two letters swapped
    ("consommazion", "consommation"),  # a letter replaced
])
def test_speller_corrects_one_typo(typed, meant):
    assert Speller(["consommation", "environnement", "solution"]).correct(typed) == meant


@pytest.mark.parametrize(("typed", "meant"), [
    ("consomasion", "consommation"),  # a letter dropped, another replaced
    ("emmisions", "emissions"),  # a letter doubled, another undoubled
    ("envirronement", "environnement"),
])
def test_speller_corrects_two_typos_in_long_words(typed, meant):
    assert Speller(["consommation", "environnement", "emissions", "solution"]).correct(typed) == meant


@pytest.mark.parametrize("typed", [
    "consommation",  # known already
    "solusiom",  # two typos in a word under eight letters: too far to guess
    "daat",  # too short: "data" has too many neighbours
    "vleo",
    "co2xx",  # not a word
])
def test_speller_leaves_alone(typed):
    assert Speller(["consommation", "data", "velo", "co2xy"]).correct(typed) is None


def test_speller_prefers_the_likelier_typo_then_the_more_frequent_word():
    words = ["pollution", "solution"]
    for frequency in ({"pollution": 3, "solution": 1}, {"pollution": 1, "solution": 3}):
        assert Speller(words, frequency).correct("polution") == "pollution", "a missing double letter is likelier"
    words = ["carpe", "caste"]
    assert Speller(words, {"carpe": 3, "caste": 1}).correct("carte") == "carpe"
    assert Speller(words, {"carpe": 1, "caste": 3}).correct("carte") == "caste"


@pytest.mark.parametrize(("question", "typed", "meant", "concept"), [
    ("Quelle est la consomation d'énergie ?", "consomation", "consommation", "energy"),
    ("Quelles sont les propositons de l'auteur ?", "propositons", "propositions", "proposals"),
    ("What about the enviromnement?", "enviromnement", "environnement", "environment"),
    ("Quel est l'impact enviromnemental ?", "enviromnemental", "environnemental", "environment"),
    ("Quel est l'impact environnemnetal ?", "environnemnetal", "environnemental", "environment"),  # swap
    ("Quelle consommmation ?", "consommmation", "consommation", "energy"),  # extra letter
    ("Quelle energiie ?", "energiie", "energie", "energy"),  # extra letter
    ("Quelles emmisions de CO2 ?", "emmisions", "emissions", "emissions"),
    ("Les entrepises sont-elles responsables ?", "entrepises", "entreprises", "companies"),
    ("Is acess to AI fair?", "acess", "access", "access"),
    ("How much enrgy?", "enrgy", "energy", "energy"),
    ("Quel est l'impact de la polution ?", "polution", "pollution", "environment"),
])
def test_questions_with_a_typo_are_understood(bot, question, typed, meant, concept):
    analysis = bot.analyse(question)
    assert analysis.corrections.get(typed) == meant
    assert concept in analysis.concepts


@pytest.mark.parametrize("question", [
    "When was the company founded?",  # a real word, not a misspelt "funded"
    "What are the places?",  # not "plates"
    "Il faut rendre des compte",
    "Ça va mieux ?",
    "Et la santé publique ?",
    "Quelle IA ?",  # short words are never corrected
    "Et le daat ?",
])
def test_real_and_short_words_are_not_corrected(bot, question):
    assert bot.analyse(question).corrections == {}


def test_plural_verbs_snowball_leaves_whole_share_their_infinitive_stem():
    from chatbot.engine.text import stems

    assert stems("développent", "fr") & stems("développer", "fr")


@pytest.mark.parametrize(("word", "verb"), [
    ("captees", True), ("reflechir", True), ("confirme", True), ("manquent", True), ("balancer", True),
    ("picked", True), ("printed", True), ("bashing", True), ("stopping", True),
    ("voitures", False), ("boulangerie", False), ("monsieur", False), ("montant", False), ("enfants", False),
    ("water", False), ("morning", False), ("year", False),
])
def test_forms_of_verbs_are_told_from_other_words(word, verb):
    assert verb_form(word) is verb


@pytest.mark.parametrize(("typed", "meant"), [
    ("etiqe", "ethique"), ("artical", "article"), ("figaro", None), ("lyons", None),
])
def test_a_word_spelt_by_ear_is_taken_for_the_known_word_it_sounds_like(typed, meant):
    speller = Speller(["ethique", "article", "liens", "figure"])
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(("word", "lang", "rather"), [
    ("pays", "fr", True), ("place", "fr", False), ("data", "fr", False), ("impact", "en", False),
])
def test_a_word_written_alike_in_both_languages_is_read_in_the_text_s_when_far_commoner_there(word, lang, rather):
    assert dictionary.rather(word, lang) is rather


@pytest.mark.parametrize(("pattern", "spelt"), [
    (r"\b(what is|what s) (a|an) (?P<thing>\w+)", {"what", "is", "s", "a", "an"}),
    # A word a pattern must not see is no word it spells: a text without it may still match.
    (r"\b(what is) (a|an) (?!(good|great)\b)(?P<thing>\w+)", {"what", "is", "a", "an"}),
    (r"(?<!rendre )(?<!etre )gratuit", {"gratuit"}),
])
def test_the_words_a_pattern_spells_leave_out_what_it_must_not_see(pattern, spelt):
    assert literal_words(pattern) == spelt
