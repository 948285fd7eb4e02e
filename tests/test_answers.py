"""What readers get: answers from every section, refusals, small talk, dialogue moves
and the opinion turn, through the engine alone."""
from __future__ import annotations

import pytest

from chatbot.engine.dialogue import MAX_QUOTES
from conftest import quoted


@pytest.mark.parametrize("question, section, phrase", [
    ("Qui a écrit cette tribune ?", "introduction", "Raphaël Maurel"),
    ("C'est quoi l'IA générative ?", "contexte", "crée des modèles à partir de données"),
    ("L'IA peut-elle servir à créer des médicaments ?", "contexte", "nouveaux médicaments"),
    ("Combien de CO2 pour entraîner un modèle ?", "environnement", "284 tonnes"),
    ("Les entreprises sont-elles responsables de la pollution ?", "environnement", "tenues responsables"),
    ("Les petites entreprises sont-elles exclues ?", "acces", "exclusion des individus"),
    ("Faut-il financer la recherche avec de l'argent public ?", "acces", "fonds publics"),
    ("Comment se termine l'article ?", "conclusion", "En somme"),
    ("How much CO2 does training a model emit?", "environnement", "284 tonnes"),
    ("Should AI research be publicly funded?", "acces", "fonds publics"),
    ("What is the article's conclusion?", "conclusion", "prometteuse"),
])
def test_every_section_answers_with_a_verbatim_quote(bot, question, section, phrase):
    reply, _ = bot.reply(question, _fresh())
    assert reply.quotes, reply
    assert reply.quotes[0].section == section
    assert phrase in quoted(reply)
    assert len(reply.quotes) <= MAX_QUOTES
    for quote in reply.quotes:
        assert quote.text in bot.article.text


@pytest.mark.parametrize("question", [
    "Quel est le meilleur restaurant de Lyon ?",
    "Combien font 12 fois 7 ?",
    "Quelle est la météo demain ?",
    "Recommend a good book",
    "Where was Raphael Maurel born?",
    "Where does Maurel teach?",
    "Quand la tribune a-t-elle été publiée ?",
    "In what year was the op-ed published?",
    "Qu'a étudié Maurel à l'université ?",
    "Combien d'énergie consomme une seule requête à ChatGPT ?",
    "How much energy does one question to a chatbot use?",
])
def test_questions_the_article_does_not_answer_are_refused(bot, question):
    reply, _ = bot.reply(question, _fresh())
    assert reply.intent == "fallback"
    assert reply.quotes == ()
    assert reply.suggestions, "a refusal shows what the bot can answer"


@pytest.mark.parametrize("message, intent, lang", [
    ("Bonjour !", "greeting", "fr"),
    ("hello", "greeting", "en"),
    ("merci beaucoup", "thanks", "fr"),
    ("thanks a lot", "thanks", "en"),
    ("good article", "thanks", "en"),  # a compliment is thanked, not answered with the article's theme
    ("super article !", "thanks", "fr"),
    ("au revoir", "goodbye", "fr"),
    ("bye", "goodbye", "en"),
    ("Que sais-tu faire ?", "help", "fr"),
    ("What can you do?", "help", "en"),
])
def test_small_talk_replies_in_the_readers_language_without_quotes(bot, message, intent, lang):
    reply, _ = bot.reply(message, _fresh())
    assert (reply.intent, reply.lang) == (intent, lang)
    assert reply.quotes == () and reply.text


def test_a_greeting_with_a_question_answers_the_question(bot):
    reply, _ = bot.reply("Bonjour, quel est l'impact environnemental de l'IA ?", _fresh())
    assert reply.intent == "environment" and reply.quotes


@pytest.mark.parametrize("question, lang, framing", [
    ("Qui a accès à l'IA générative ?", "fr", "l'article"),
    ("Who has access to generative AI?", "en", "the article"),
])
def test_framing_text_is_in_the_readers_language(bot, question, lang, framing):
    reply, _ = bot.reply(question, _fresh())
    assert reply.lang == lang
    assert framing in reply.text


def test_every_answer_ends_with_a_discussion_prompt(dialogue):
    for question in ("Quel est l'impact environnemental ?", "Qui a accès à l'IA ?", "Que propose l'auteur ?"):
        reply = dialogue.send(question)
        assert reply.prompt and reply.prompt.endswith("?")


def test_prompts_are_not_repeated_within_a_conversation(dialogue):
    prompts = [dialogue.send(q).prompt for q in ("Quel est l'impact environnemental ?", "continue", "la suite")]
    assert len(set(prompts)) == len(prompts)


@pytest.mark.parametrize("more", ["continue", "vas-y", "go on", "tell me more", "encore"])
def test_going_on_quotes_something_new_on_the_same_topic(dialogue, more):
    first = dialogue.send("Quel est l'impact environnemental de l'IA ?")
    second = dialogue.send(more)
    assert second.intent == "more"
    assert second.quotes
    assert {q.passage_id for q in second.quotes}.isdisjoint({q.passage_id for q in first.quotes})
    assert {q.section for q in second.quotes} == {"environnement"}


def test_going_on_until_the_topic_is_exhausted_says_so(dialogue):
    dialogue.send("Quelle est la conclusion de l'article ?")
    replies = [dialogue.send("la suite") for _ in range(12)]  # the topic's part, then what else speaks of it
    assert replies[-1].quotes == ()
    quoted_ids = [q.passage_id for r in replies for q in r.quotes]
    assert len(quoted_ids) == len(set(quoted_ids)), "nothing quoted twice on the way"
    assert "tout" in replies[-1].text
    assert replies[-1].suggestions, "other topics are offered"


@pytest.mark.parametrize("why, lang", [("pourquoi ?", "fr"), ("why?", "en")])
def test_why_quotes_the_reason_behind_the_last_answer(dialogue, why, lang):
    dialogue.send("Quel est l'impact environnemental de l'IA ?", lang)
    reply = dialogue.send(why)
    assert reply.intent == "why"
    assert reply.quotes and reply.quotes[0].section == "environnement"
    assert any(word in quoted(reply) for word in ("énergie", "CO2"))


def test_a_bare_new_topic_switches_topic(dialogue):
    dialogue.send("Quel est l'impact environnemental ?")
    reply = dialogue.send("Et la conclusion ?")
    assert reply.intent == "conclusion"
    assert reply.quotes[0].section == "conclusion"


@pytest.mark.parametrize("topic, proposals, section, phrase", [
    ("Quel est l'impact environnemental de l'IA ?", "Que propose l'auteur ?", "environnement", "incitations"),
    ("What is the environmental impact of AI?", "So what should be done about it?", "environnement", "incitations"),
    ("Pourquoi l'accès à l'IA est-il inégal ?", "Que propose l'auteur ?", "acces", "fonds publics"),
])
def test_proposals_after_a_topic_are_narrowed_to_that_topic(dialogue, topic, proposals, section, phrase):
    dialogue.send(topic)
    reply = dialogue.send(proposals)
    assert reply.intent == "proposals"
    assert {q.section for q in reply.quotes} == {section}
    assert phrase in quoted(reply)


def test_proposals_without_a_topic_come_from_every_proposal_section(bot):
    reply, state = bot.reply("Que propose l'auteur ?", _fresh())
    assert reply.intent == "proposals" and reply.quotes
    assert set(state.sections) == {"environnement", "acces"}


@pytest.mark.parametrize("opinion, stance, lang", [
    ("oui, je suis d'accord", "agree", "fr"),
    ("non, pas du tout", "disagree", "fr"),
    ("je pense que l'État devrait payer", "opinion", "fr"),
    ("no, governments should stay out of it", "disagree", "en"),
    ("yes, I agree", "agree", "en"),
])
def test_an_opinion_is_set_against_the_article_with_a_quote_and_a_new_question(dialogue, opinion, stance, lang):
    first = dialogue.send("Que propose l'auteur pour la recherche ?", lang)
    reply = dialogue.send(opinion)
    assert reply.intent == "opinion"
    assert reply.lang == lang
    assert len(reply.quotes) == 1 and reply.quotes[0].text in dialogue.bot.article.text
    assert reply.prompt and reply.prompt != first.prompt
    texts = dialogue.bot.rules.texts
    assert reply.text == texts[stance][lang]


def test_the_bot_never_claims_an_opinion_of_its_own(bot):
    for stance in ("agree", "disagree", "opinion"):
        for text in bot.rules.texts[stance].values():
            assert not any(claim in text.lower() for claim in ("je pense", "à mon avis", "i think", "in my view"))


def test_an_opinion_without_a_pending_question_is_understood_as_a_question(bot):
    reply, _ = bot.reply("oui", _fresh())
    assert reply.intent != "opinion"


@pytest.mark.parametrize("question", [
    "consomation d'energie de l'ia",
    "propositons de l'auteur",
    "impact de l'ia sur l'enviromnement",
    "c koi l'ia generative",
    "inegalite acces ia",
])
def test_typos_missing_accents_and_sms_style_are_understood(bot, question):
    reply, _ = bot.reply(question, _fresh())
    assert reply.intent != "fallback" and reply.quotes


def test_every_suggestion_is_a_question_the_bot_answers(bot):
    suggestions = {s for i in bot.intents for texts in i.suggestions.values() for s in texts}
    suggestions |= {s for texts in bot.rules.starters.values() for s in texts}
    for suggestion in sorted(suggestions):
        reply, _ = bot.reply(suggestion, _fresh())
        assert reply.quotes, f"suggestion not answered: {suggestion!r}"


def _fresh():
    from chatbot.engine import ConversationState

    return ConversationState()


@pytest.mark.parametrize("question, passage", [
    ("Does the article mention OpenAI?", "environnement-3"),
    ("Est-ce qu'OpenAI est mentionnée ?", "environnement-3"),
    ("Is David Bowie mentioned?", "contexte-2"),
])
def test_asking_whether_something_is_mentioned_quotes_where_it_is(bot, question, passage):
    reply, _ = bot.reply(question, _fresh())
    assert reply.intent == "mention" and reply.quotes[0].passage_id == passage


@pytest.mark.parametrize("question", ["Is Google mentioned?", "Does the article mention Bitcoin?"])
def test_asking_whether_something_absent_is_mentioned_is_refused(bot, question):
    reply, _ = bot.reply(question, _fresh())
    assert reply.intent == "fallback" and reply.quotes == ()


@pytest.mark.parametrize("question", ["Qeul est l'impact de l'IA sur l'environnement ?", "waht is generative AI?"])
def test_a_swapped_pair_in_a_function_word_is_understood(bot, question):
    reply, _ = bot.reply(question, _fresh())
    assert reply.quotes
