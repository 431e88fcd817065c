"""A chat's own words against its summary's: informal spellings, everyday words, judgements."""

from __future__ import annotations

from service.verify import terms
from service.verify.chat_words import bearing_out
from service.verify.summary_check import check_summary


def failures(document: str, summary: str) -> dict[str, str]:
    report = check_summary(document, summary)
    return {c.name: c.reason for claim in report.claims for c in claim.checks if not c.passed}


def test_informal_spellings_are_read_as_the_words_they_stand_for() -> None:
    assert terms.term("tmrw")[0] == "tomorrow"
    assert terms.term("bday")[0] == "birthday"
    assert terms.term("UR")[0] == "ur"  # initials, not "your"
    chat = "Sam: hey u coming to the party tmrw?\nLiz: yeah! ill bring some wine\nSam: perfect thx"
    assert failures(chat, "Liz will come to Sam's party tomorrow and bring wine.") == {}


def test_a_denial_written_without_its_apostrophe_is_a_denial() -> None:
    chat = "Kate: Have you seen my car keys?\nTom: Nope\nKate: I cant find my car keys anywhere"
    assert failures(chat, "Kate can't find her car keys.") == {}


def test_a_summarys_word_is_borne_out_by_the_chats_everyday_word_for_it() -> None:
    chat = "Jen: can u buy me a gift for Tom's bday?\nDan: sure\nJen: ur the best"
    assert failures(chat, "Jen asks Dan to purchase a gift for Tom's birthday.") == {}
    # Not the reverse of a one-way word: a summary's "calls" is no "contacts" come true.
    assert "contact" in bearing_out(terms.all_stems("I'll call him"))
    assert "call" not in bearing_out(terms.all_stems("I'll contact him"))


def test_an_everyday_word_does_not_bear_out_another_thing() -> None:
    chat = "Jen: can u buy me a gift for Tom's bday?\nDan: sure\nJen: ur the best"
    assert "wording_supported" in failures(chat, "Jen asks Dan to sell a car for Tom's wedding.")


def test_a_judgement_the_chat_does_not_make_fails() -> None:
    chat = "Ovi: Hey I got back from Israel!\nCandice: How was it?\nOvi: Great, way warmer"
    assert failures(chat, "Ovi got back from Israel.") == {}
    reasons = failures(chat, "Ovi got back from his boring holiday in Israel.")
    assert "boring" in reasons["wording_supported"]


def test_a_persons_state_is_no_judgement() -> None:
    chat = (
        "Anna: I have 2 tickets for the concert on Friday, wanna come?\nBeth: omg yes, so excited"
    )
    assert failures(chat, "Beth is excited about the concert.") == {}
    assert "wording_supported" in failures(chat, "Anna has 2 tickets for a boring concert.")


def test_a_time_given_in_a_turn_of_its_own_is_the_time_of_what_the_turns_arrange() -> None:
    chat = (
        "Mark: can u pick up the kids from school today?\nJen: sure, what time?\nMark: 3pm\n"
        "Jen: ok will do"
    )
    assert failures(chat, "Jen will pick up the kids from school at 3 pm.") == {}
    chat = "Mark: can u pick up the kids from school today?\nJen: sure\nMark: the 3pm train is late"
    assert "not_contradicted" in failures(chat, "Jen will pick up the kids from school at 3 pm.")
    # Whom a thing is done for is no part of what a day is said of.
    chat = "Ann: Can you send me the report by Friday?\nBob: Sure, I'll send it Thursday"
    assert failures(chat, "Bob will send Ann the report on Thursday.") == {}


def test_a_turn_may_deny_what_another_turn_names() -> None:
    chat = "Kate: Have you seen my keys?\nTom: Nope\nKate: I can't find them anywhere"
    assert failures(chat, "Kate couldn't find her keys.") == {}
    chat = "Kate: Have you seen my keys?\nTom: Yes, on the table\nKate: Found them"
    assert "not_contradicted" in failures(chat, "Kate couldn't find her keys.")
