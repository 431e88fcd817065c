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
