"""The headline and summary of a conversation: a sentence that says who is not hedged again."""

from __future__ import annotations

from service.assembly import build_summary
from service.document import load_document
from service.draft import Draft
from service.reading import read
from service.schemas import Summary
from service.testing.summaries import fake_provenance
from service.verify.hedges import hedge_unit

CHAT = (
    "Priya Raman: I want to move the 3.2 release to Thursday, the billing migration failed.\n"
    "Marco Rossi: I don't agree, we promised Tuesday to Northwind.\n"
    "Sam Taylor: The full-size migration run stopped at 61% after four hours.\n"
    "Marco Rossi: Proposal: ship 3.2 on Tuesday with billing behind a flag.\n"
    "Priya Raman: Then I agree: Tuesday with the flag off, the migration on Thursday."
)


def summary_of(text: str, summary: str, ids: list[int]) -> Summary:
    reading = read(text)
    draft = Draft.model_validate(
        {"headline": "x", "summary": summary, "claims": [{"ids": [n]} for n in ids]}
    )
    return build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )


def summary_of_every_statement(text: str) -> tuple[str, Summary]:
    """Every statement a claim, the summary their texts one after another."""
    statements = read(text).statements
    said = " ".join(s.claim_text for s in statements)
    return said, summary_of(text, said, [s.number for s in statements])


def test_a_sentence_naming_the_participant_is_not_hedged_with_their_name() -> None:
    made = summary_of(CHAT, "Priya Raman wanted to move the 3.2 release to Thursday.", [1, 2])
    assert made.summary.startswith("Priya Raman wanted to move the 3.2 release to Thursday")
    assert "According to" not in made.summary


def test_they_in_a_chat_summary_are_its_participants() -> None:
    made = summary_of(
        CHAT,
        "The full-size migration run stopped at 61%, and they agreed to ship 3.2 on Tuesday with "
        "billing behind a flag.",
        [3, 4, 5],
    )
    assert made.summary.startswith("The full-size migration run stopped at 61%, and they agreed")
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert check.passed, check.reason


def test_a_chat_summary_sentence_giving_a_turn_to_another_participant_is_dropped() -> None:
    chat = (
        "Ann: OK, 2pm it is. Bob, can you bring the slides?\nBob: Sure, I'll bring them.\n"
        "Carla: I'll order lunch for everyone."
    )
    made = summary_of(chat, "Ann will bring the slides. Carla will order lunch.", [1, 2, 3])
    assert "Ann will bring" not in made.summary, made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "Bob says it of themself" in check.reason, check.reason


def test_a_chats_failed_headline_gives_way_to_who_talks_not_to_one_turn() -> None:
    reading = read(CHAT)
    draft = Draft.model_validate(
        {"headline": "Release Reminder", "summary": "x", "claims": [{"ids": [1]}, {"ids": [3]}]}
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert made.headline == "Conversation between Priya Raman, Marco Rossi and Sam Taylor"
    check = next(c for c in made.checks if c.name == "headline_in_document")
    assert check.reason.endswith("replaced by who talks"), check.reason


def test_a_transcripts_own_title_as_headline_is_no_speakers_words() -> None:
    """'Episode 41: The four-day week, one year on, Tom Adeyemi says' hedged a podcast's title."""
    transcript = (
        "Episode 41: The four-day week, one year on\n\n"
        "[00:00] Maya Lin: A year on, what happened to the four-day week at Brightline?\n"
        "[00:16] Tom Adeyemi: One year on, the four-day week kept output flat.\n"
    )
    reading = read(transcript)
    draft = Draft.model_validate(
        {"headline": reading.title, "summary": "x", "claims": [{"ids": [2]}]}
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert made.headline == "Episode 41: The four-day week, one year on"


def test_an_opinion_pieces_title_as_headline_is_its_writers_not_the_councils() -> None:
    """'Opinion: The city is wrong to close the night buses, the council says': the council
    says closing them saves money; the writer says it is wrong."""
    column = (
        "Opinion | The city is wrong to close the night buses\n\n"
        "By Helen Okafor\n\n"
        "The council says closing the three night bus routes will save £1.2 million a year. "
        "That is true, but it is the wrong question.\n\n"
        "I finish my shift at 2am. Without the N41, my journey home takes an hour and a half.\n"
    )
    reading = read(column)
    draft = Draft.model_validate(
        {
            "headline": "Opinion: The city is wrong to close the night buses",
            "summary": "x",
            "claims": [{"ids": [1]}, {"ids": [3]}],
        }
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert made.headline == "Opinion: The city is wrong to close the night buses"


def test_a_headline_giving_it_to_the_same_kind_of_source_is_borne_out() -> None:
    """'..., large study suggests' gives it to the study 'according to a study of 78,430 adults'
    names: it was 'not borne out' and replaced by the document title, the same words."""
    text = (
        "Daily walks may cut dementia risk\n\n"
        "People who walk 9,800 steps a day were 51% less likely to develop dementia, according "
        "to a study of 78,430 adults published on Monday in JAMA Neurology.\n"
    )
    reading = read(text)
    draft = Draft.model_validate(
        {
            "headline": "Daily walks may cut dementia risk, large study suggests",
            "summary": "x",
            "claims": [{"ids": [1]}],
        }
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    check = next(c for c in made.checks if c.name == "headline_in_document")
    assert check.passed, check.reason
    assert made.headline == "Daily walks may cut dementia risk, large study suggests"


def test_a_bare_fact_of_a_chat_is_still_hedged_with_who_said_it() -> None:
    made = summary_of(CHAT, "A full-size migration run stopped at 61% after four hours.", [3])
    assert made.summary.startswith(
        "According to Sam Taylor, a full-size migration run stopped at 61%"
    )


def test_after_according_to_the_article_a_is_lowered_and_a_speakers_name_kept() -> None:
    article = load_document("A fire broke out, the fire brigade said.", max_chars=1000)
    assert hedge_unit(article, "A fire broke out.", "the fire brigade", headline=False) == (
        "According to the fire brigade, a fire broke out."
    )
    chat = load_document(CHAT, max_chars=10_000)
    assert hedge_unit(chat, "Priya wants Thursday.", "Sam Taylor", headline=False) == (
        "According to Sam Taylor, Priya wants Thursday."
    )


def test_a_word_opening_the_line_after_a_headline_is_lowered_after_according_to() -> None:
    # The headline has no stop, so "People" opens a sentence; "people" is lower-case later on.
    article = load_document(
        "Coffee drinkers may live longer, study suggests\n\nPeople who drink coffee were 12% "
        "less likely to die, according to research. She said people need not stop.",
        max_chars=1000,
    )
    assert (
        hedge_unit(
            article,
            "People who drink coffee were 12% less likely to die.",
            "research",
            headline=False,
        )
        == "According to research, people who drink coffee were 12% less likely to die."
    )


ARTICLE = (
    "Julia, who is on the cover of the magazine, explained that hair is a really big deal in "
    "politics. The magazine, which is featured in the May issue of the glossy monthly sold "
    "across the country and online, interviewed the actress about her work and her life. "
    "Julia said the show ends next year."
)


def test_a_summary_sentence_whose_speaker_stands_behind_an_appositive_is_not_hedged_again() -> None:
    made = summary_of(
        ARTICLE, "Julia, who is on the cover, explained that hair is a really big deal.", [1]
    )
    assert made.summary.startswith("Julia, who is on the cover, explained that hair")
    assert "According to" not in made.summary


def test_a_failed_headline_gives_way_to_a_claim_short_enough_to_be_one() -> None:
    reading = read(ARTICLE)
    draft = Draft.model_validate(
        {"headline": "Julia wins an award", "summary": "Julia said the show ends next year.",
         "claims": [{"ids": [2]}, {"ids": [3]}]}
    )  # fmt: skip
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert len(made.claims[0].text) > 120
    assert made.headline == made.claims[1].text


def test_a_hedge_does_not_name_its_speaker_twice() -> None:
    article = load_document("The army said it had fuel. Nadia Petrova said so.", max_chars=1000)
    assert hedge_unit(article, "The army had received fuel.", "the army", headline=False) == (
        "According to the army, it had received fuel."
    )
    assert hedge_unit(
        article, "Nadia Petrova, the trust would plant an oak.", "gardener Nadia Petrova",
        headline=False,
    ) == "According to gardener Nadia Petrova, the trust would plant an oak."  # fmt: skip
    assert hedge_unit(article, "The fire spread.", "the fire brigade", headline=False) == (
        "According to the fire brigade, the fire spread."
    )
    assert hedge_unit(article, "The army force grew.", "the army", headline=False) == (
        "According to the army, the army force grew."
    )


COURT = (
    "The girl texted him hours before the killing, court papers said. 'Just do it,' the "
    "affidavit said. The car was found submerged in a pond nearby, police said. The plan "
    "was attacked by Labour politicians. The father of a runaway schoolgirl yesterday admitted "
    "taking his daughter to an extremist rally when she was 13. Abase Hussen spoke to MPs."
)


def test_a_summary_sentence_that_says_who_spoke_but_not_what_is_dropped() -> None:
    made = summary_of(COURT, "The girl wrote to him: 'Just do it.' The affidavit said.", [1, 2])
    assert "The affidavit said." not in made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "names a speaker but not what was said" in check.reason


def test_a_hedge_keeps_the_capital_of_a_name_with_a_possessive() -> None:
    article = load_document(COURT, max_chars=10_000)
    assert hedge_unit(article, "Labour's plan failed.", "the minister", headline=False) == (
        "According to the minister, Labour's plan failed."
    )


SHOPS = (
    "Homes with a Waitrose nearby carry price premiums of 12 per cent over those in surrounding "
    "areas, a study found. Lloyds Bank compared average house prices in postal districts with "
    "chain supermarkets nearby."
)


def test_a_summary_sentence_of_the_models_own_words_needs_most_of_them_in_the_claims() -> None:
    invented = "Waitrose's price premiums have been a subject of debate for decades."
    made = summary_of(SHOPS, f"{invented} Lloyds Bank compared average house prices.", [1, 2])
    assert invented not in made.summary  # half its words (subject, debate, decades) are not there
    assert "Lloyds Bank compared average house prices." in made.summary


NEWS = (
    "Gary Locke will be confirmed as Kilmarnock's permanent manager on Friday, eight weeks "
    "after he was asked to take charge until the end of the season. "
    "An announcement will be made by the Rugby Park club on Friday morning, with the former "
    "Hearts boss given a three-year deal. "
    "On Thursday the 39-year-old paid tribute to the players who helped him win favour with "
    "chairman Jim Mann. "
    "Kilmarnock sit ninth in the table with four games left."
)


def test_a_sentence_the_others_say_together_gives_way_to_one_that_adds_something() -> None:
    """The model's sentence stitches two statements the summary is completed with: no two of the
    three are a repeat, but it adds nothing; the next claim takes its place."""
    made = summary_of(
        NEWS,
        "Gary Locke will be confirmed as Kilmarnock's permanent manager on Friday, and an "
        "announcement will be made by the Rugby Park club on Friday morning.",
        [1, 2, 3, 4],
    )
    assert "permanent manager on Friday, and an announcement" not in made.summary
    assert made.summary.startswith("Gary Locke will be confirmed as Kilmarnock's permanent")
    assert "with the former Hearts boss given a three-year deal" in made.summary
    assert "paid tribute to the players" in made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "the other sentences say all it says" in check.reason


def test_a_summary_sentence_that_is_a_verified_claim_is_kept_as_it_stands() -> None:
    """The claim verified with its speaker; the overview's speaker check read this sentence as
    said by "came to his girlfriend's defence and" and dropped it."""
    text = (
        "Rory Fowler won the Scottish Open by two shots on Sunday. It was not long before Fowler "
        "came to his girlfriend's defence and told the troll to get his facts straight, reports "
        "the Golf Channel. The couple have been together for a year."
    )
    said, made = summary_of_every_statement(text)

    assert made.claims[1].source == "the Golf Channel" and made.claims[1].verified
    assert made.summary == said
    assert next(c for c in made.checks if c.name == "summary_in_document").passed


def test_a_verified_quote_of_two_sentences_stays_one_summary_sentence() -> None:
    """Split into its sentences, the quote's first half was hedged ('According to Ellen Ruiz,
    "We know where to look.') and its second dropped as a repeat."""
    text = (
        "Scientists may be close to finding evidence of life on other planets, a NASA official "
        'says. "We know where to look. We know how to look," Ellen Ruiz said on Tuesday. '
        "The agency released a map of the places where water has been found."
    )
    _, made = summary_of_every_statement(text)

    assert '"We know where to look. We know how to look," Ellen Ruiz said' in made.summary
    assert "According to" not in made.summary, made.summary


def test_a_claim_does_not_open_with_the_but_that_ties_its_sentence_to_the_last() -> None:
    text = (
        "Crews reached every village by nightfall, the agency said. "
        "But residents of the worst-hit town said the warning came too late."
    )
    reading = read(text)
    made = summary_of(text, "Crews reached every village by nightfall.", [1, 2])

    residents = made.claims[1]
    assert residents.text == "Residents of the worst-hit town said the warning came too late."
    assert residents.verified and residents.source == "residents of the worst-hit town"
    assert all(text[e.start : e.end] == e.quote for c in made.claims for e in c.evidence)
    assert reading.statements[1].claim_text == residents.text


def test_a_summary_sentence_in_a_speakers_first_person_is_dropped_not_hedged() -> None:
    """Hedged, it read "According to Priya Raman, i want to move ..."; quoted words are kept."""
    made = summary_of(
        CHAT,
        'I want to move the 3.2 release to Thursday. Marco Rossi said "we promised Tuesday to '
        'Northwind".',
        [1, 2],
    )
    assert not made.summary.startswith("I want") and "According to" not in made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "a speaker's own words" in check.reason, check.reason
    assert '"we promised Tuesday to Northwind"' in made.summary


def test_a_question_is_no_sentence_to_complete_a_summary_with() -> None:
    chat = (
        "Dana Wu: Can we fix the crash before the 14th?\n"
        "Luis Ortega: Not safely, so I would move the launch to the 21st.\n"
        "Priya Nair: Marketing booked the ads for the 14th already."
    )
    made = summary_of(chat, "Marketing booked the ads for the 14th.", [1, 2, 3])
    assert "?" not in made.summary, made.summary
    assert made.key_points[-1].endswith("?")  # and the last of the key points


def test_what_a_participant_relays_from_a_third_party_is_hedged_with_them_not_dropped() -> None:
    chat = (
        "Dana Wu: Where are we with the launch?\n"
        "Luis Ortega: QA found a crash on older Android phones yesterday.\n"
        "Priya Nair: Marketing booked the ads for the 14th already."
    )
    made = summary_of(chat, "QA found a crash on older Android phones.", [2, 3])
    assert made.summary.startswith("According to Luis Ortega, QA found a crash"), made.summary


def test_a_chat_handle_in_lower_case_is_named_by_a_summary_that_capitalises_it() -> None:
    """'Maria and Ken are ...' names them: hedged, it read 'According to maria, maria and ...'."""
    chat = (
        "maria: the staging db ran out of disk again last night\n"
        "ken: I can bump the volume to 500gb today\n"
        "sofia: sure, I'll look at the cleanup job tomorrow morning"
    )
    made = summary_of(
        chat,
        "Maria said the staging db ran out of disk again last night. Is it fixed yet?",
        [1, 2, 3],
    )
    assert made.summary.startswith("Maria said the staging db ran out of disk"), made.summary
    assert "According to" not in made.summary and "?" not in made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "a question" in check.reason, check.reason


def test_a_hedge_never_names_a_pronoun_nobody_was_found_for() -> None:
    """'They say fuel costs rose' with no name for 'they': the headline read '..., They says'."""
    text = (
        "Halvorsen has sent a renewal offer with a 7% increase on the current rates. "
        "They say fuel and driver costs have gone up by more than that since 2023."
    )
    reading = read(text)
    draft = Draft.model_validate(
        {
            "headline": "Fuel and driver costs have gone up since 2023",
            "summary": "Halvorsen has sent a renewal offer with a 7% increase on current rates.",
            "claims": [{"ids": [1]}, {"ids": [2]}],
        }
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert "They says" not in made.headline and "they say" not in made.headline.lower()


def test_a_courtesy_in_a_models_summary_is_dropped_not_hedged() -> None:
    """'According to Dr Lena Ortiz, good afternoon.' opened a press briefing's summary."""
    briefing = (
        "SPOKESPERSON (Dr Lena Ortiz): Good afternoon. 312 people are in hospital with H5.\n"
        "REPORTER (Calder Herald): Is the vaccine rollout on schedule?\n"
        "SPOKESPERSON: We have delivered 1.2 million doses of the vaccine.\n"
    )
    made = summary_of(briefing, "Good afternoon. 312 people are in hospital with H5.", [1, 3])
    assert "afternoon" not in made.summary, made.summary


def test_a_sentence_resting_on_two_speakers_turns_is_hedged_with_both() -> None:
    """'According to Speaker 2, the checkout redesign shipped on Tuesday ..., and conversion is
    up 3.1 percent ...': the shipping was Speaker 1's, and the hedge named only Speaker 2."""
    sync = (
        "Speaker 1: The checkout redesign shipped on Tuesday to ten percent of users.\n"
        "Speaker 2: And conversion is up 3.1 percent in that group so far.\n"
        "Speaker 3: Refunds look flat this week.\n"
    )
    made = summary_of(
        sync,
        "The checkout redesign shipped on Tuesday to ten percent of users, and conversion is up "
        "3.1 percent in that group.",
        [1, 2],
    )
    assert made.summary.startswith(
        "According to Speaker 1 and Speaker 2, the checkout redesign shipped on Tuesday"
    )


def test_a_question_is_no_claim_a_summary_sentence_is_hedged_with() -> None:
    """'According to Mr David Harcourt, the Secretary of State will give way once': his turn
    asked it; hers said it."""
    debate = (
        "Mr David Harcourt: Will the Secretary of State give way?\n"
        "Ms Nandakumar: I will give way once.\n"
        "Mr Harcourt: The levy would raise only £1.1 billion.\n"
    )
    made = summary_of(debate, "The Secretary of State will give way once.", [1, 2, 3])
    assert made.summary.startswith("According to Ms Nandakumar,"), made.summary


def test_a_summary_giving_one_participant_what_another_wrote_word_for_word_drops_it() -> None:
    """A support ticket's summary read "Marcus says the label was definitely in the box": Dana
    wrote it, and Marcus's "the box was missing the returns label" shares two of its words."""
    ticket = (
        "Customer (Dana Whitfield), 2 Dec 2026 09:14:\nMy refund of £89.99 has not arrived.\n\n"
        "Agent (Marcus, Support), 2 Dec 2026 10:02:\n"
        "It was held because the box was missing the returns label.\n\n"
        "Customer (Dana Whitfield), 2 Dec 2026 10:20:\n"
        "The label was definitely in the box though.\n"
    )
    made = summary_of(
        ticket,
        "Marcus says the refund was held. Marcus says the label was definitely in the box.",
        [1, 2, 3],
    )
    assert "Marcus says the refund was held." in made.summary
    assert "definitely" not in made.summary.split("Dana Whitfield:")[0], made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "what Dana Whitfield says" in check.reason, check.reason


def test_an_emails_subject_as_headline_is_nobodys_words() -> None:
    """'Warehouse move date, Rachel Kim says': a subject line is no one's statement."""
    email = (
        "From: Rachel Kim <rachel.kim@brightline.example>\n"
        "Sent: Wednesday, December 2, 2026 4:12 PM\nTo: Operations Team\n"
        "Subject: RE: Warehouse move date\n\nAll,\n\n"
        "The move to the Dartford warehouse is now confirmed for 18 January, not 11 January. "
        "The landlord needs an extra week to finish the loading bays.\n\nRachel\n"
    )
    reading = read(email)
    draft = Draft.model_validate(
        {"headline": "Warehouse move date", "summary": "x", "claims": [{"ids": [1]}]}
    )
    made = build_summary(
        reading, draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    assert made.headline == "Warehouse move date"


def test_a_summary_giving_a_theys_offer_to_a_participant_drops_it() -> None:
    """'Ana cancelled the booking for the 10th, but Ben offered the 14th instead': the venue
    offered it ("They offered us the 14th"), and Ben is one person, named in one word."""
    chat = (
        "[03.12.26 09:02] Ana: The venue cancelled our booking for the 10th.\n"
        "[03.12.26 09:03] Ben: Why?\n"
        "[03.12.26 09:04] Ana: A burst pipe. They offered us the 14th instead.\n"
        "[03.12.26 09:05] Ben: The 14th works for me.\n"
    )
    made = summary_of(chat, "Ben offered the 14th instead. The 14th works for Ben.", [1, 3, 4])
    assert "Ben offered" not in made.summary, made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert "not of 'Ben'" in check.reason, check.reason


def test_a_summary_copying_a_transcripts_one_word_turns_drops_them() -> None:
    """A court transcript's summary read "Mr. Holt, you may continue. David Ellison, Yes.
    Leading. The Court, Overruled."."""
    transcript = (
        "THE COURT: Please be seated. Mr. Holt, you may continue.\n\n"
        "MR. HOLT: Were the brakes repaired?\n\n"
        "THE WITNESS: Yes. They were adjusted in February.\n\n"
        "MS. CARTER: Objection. Leading.\n\n"
        "THE COURT: Overruled.\n"
    )
    made = summary_of(
        transcript,
        "Mr. Holt, you may continue. The Witness, Yes. They were adjusted in February. Leading. "
        "The Court, Overruled.",
        [1, 3],
    )
    assert made.summary == "According to The Witness, they were adjusted in February."


def test_a_summary_sentence_saying_only_who_is_dropped_and_a_copied_turn_is_a_turn() -> None:
    """A television transcript's summary read "Sam does."; a court's "David Ellison, They were
    adjusted."."""
    transcript = (
        "COOPER: The governor denies that.\n\nSAM: She does. Her office denies it.\n\n"
        "DAVID ELLISON: They were adjusted in February.\n"
    )
    made = summary_of(
        transcript, "Sam does. David Ellison, They were adjusted in February.", [1, 2, 3]
    )
    assert made.summary.endswith(" David Ellison: They were adjusted in February."), made.summary
    check = next(c for c in made.checks if c.name == "summary_in_document")
    assert '"Sam does." (it says nothing but who)' in check.reason, check.reason


def test_the_claim_as_a_noun_attributes_nothing_and_a_copied_speaker_mark_is_a_turn() -> None:
    """A decision letter's summary stated a reviewer's "The field trial covers only one season,
    which is not enough to support the claim of stability." as fact; a ticket's read "(Marco
    Rossi) Fix is merged ...", the prompt's mark copied."""
    letter = (
        "Reviewer #1 (Remarks to the Author):\nThe field trial covers only one season, which is "
        "not enough to support the claim of stability.\n\n"
        "Reviewer #2 (Remarks to the Author):\nFix the statistics in Figure 3.\n"
    )
    made = summary_of(
        letter,
        "The field trial covers only one season, which is not enough to support the claim of "
        "stability. (Reviewer #2) Fix the statistics in Figure 3.",
        [1, 2],
    )
    assert made.summary.startswith("According to Reviewer #1, the field trial covers only one")
    assert "Reviewer #2: Fix the statistics in Figure 3." in made.summary, made.summary
