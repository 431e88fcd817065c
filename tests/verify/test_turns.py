"""Speaker turns: which documents read as a conversation, and who speaks."""

from __future__ import annotations

from service.document import Document
from service.verify.turns import speaker_turns


def _turns(text: str) -> list[str]:
    return [t.speaker for t in speaker_turns(Document(text=text, sentences=()))]


def test_a_chat_log_is_turns_by_their_speakers():
    assert _turns("Ann: buy some butter.\nMike: Ok.\n[10:32] Ann: thanks!\n") == [
        "Ann",
        "Mike",
        "Ann",
    ]


def test_an_emails_contact_lines_are_no_speakers():
    email = (
        "Dear John,\n\nOur new plan starts at $30 a month.\n\nBest regards,\nSamantha\n"
        "Phone: 555-0142\nEmail: samantha@example.com\nWebsite: example.com\n"
    )
    assert _turns(email) == []


def test_a_few_labelled_lines_do_not_make_a_letter_a_conversation():
    letter = (
        "Dear residents,\n\nThe spring fair returns this year.\n\nStalls open at ten.\n\n"
        "There will be music, food and a raffle.\n\nAll proceeds go to the school roof.\n\n"
        "Organiser: Maria Lopez\nTickets: five pounds at the door\n\nWe hope to see you there.\n"
    )
    assert _turns(letter) == []


def test_a_transcript_whose_turns_wrap_over_several_lines_is_still_a_conversation():
    transcript = (
        "Priya Raman: I want to move the release to Thursday,\n"
        "because the billing migration failed twice last night\n"
        "and nobody knows why yet.\n"
        "Marco Rossi: I don't agree,\n"
        "we promised Tuesday to Northwind\n"
        "and the contract has a penalty.\n"
        "Priya Raman: Then Tuesday with the flag off.\n"
    )
    assert _turns(transcript) == ["Priya Raman", "Marco Rossi", "Priya Raman"]
