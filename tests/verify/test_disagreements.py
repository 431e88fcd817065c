"""Disagreement between the participants of a conversation: who disputes whom, and on what."""

from __future__ import annotations

import pytest

from service.document import Document, load_document
from service.schemas import Claim, Evidence
from service.verify.disagreements import answered, disagreeing, find_disagreements
from service.verify.turns import Turn, speaker_turns


def turns_of(text: str) -> tuple[Document, list[Turn]]:
    document = load_document(text, max_chars=10_000)
    return document, speaker_turns(document)


def claim_on(document: Document, turn: Turn, number: int) -> Claim:
    quote = turn.content.quote(document.text)
    return Claim(
        id=f"c{number}",
        text=f"{turn.speaker}: {quote}",
        source=turn.speaker,
        status="attributed",
        evidence=[Evidence(start=turn.content.start, end=turn.content.end, quote=quote)],
        verified=True,
        checks=[],
    )


@pytest.mark.parametrize(
    ("reply", "disagrees"),
    [
        ("I don't agree. We promised Tuesday.", True),
        ("I don’t agree, the tests are flaky.", True),
        ("I still disagree with moving the release.", True),
        ("No, the migration is fine.", True),
        ("That's not right, it failed once.", True),
        ("@Priya I disagree, staging is too small.", True),
        ("Disagree: the webinar matters more.", True),
        ("Nobody saw the logs yet.", False),  # "No" only as a word of its own
        ("I agree, Thursday is safer.", False),
        ("Not sure, let me check the logs.", False),
        ("I know that you disagree.", False),  # disagreement is read where a turn opens
    ],
)
def test_a_turn_disagrees_when_it_opens_so(reply: str, disagrees: bool) -> None:
    document, turns = turns_of(f"Priya: The release moves to Thursday.\nMarco: {reply}")
    assert disagreeing(document, turns[1]) is disagrees


def test_it_answers_the_recent_turn_by_someone_else_that_shares_its_terms() -> None:
    document, turns = turns_of(
        "Priya: The release moves to Thursday because the migration failed.\n"
        "Sam: I will rerun the tests tonight.\n"
        "Marco: No, the release stays on Tuesday, the migration is fine.\n"
        "Marco: And the webinar is booked."
    )
    assert answered(document, turns, 2) == 0  # not Sam's, the latest: Priya's shares the terms


def test_a_mention_says_whom_it_answers_and_a_question_is_never_disputed() -> None:
    document, turns = turns_of(
        "Dev: Northwind has no penalty for a slip.\n"
        "Lena: Can we ship the invoices on Thursday?\n"
        "Priya: We ship on Thursday.\n"
        "Marco: @Dev I disagree, the penalty is not the problem."
    )
    assert answered(document, turns, 3) == 0
    document, turns = turns_of("Lena: Can we ship on Thursday?\nMarco: No, we can't.")
    assert answered(document, turns, 1) is None


def test_the_same_two_people_on_the_same_matter_are_one_dispute_with_each_side() -> None:
    document, turns = turns_of(
        "Priya: I want to move the release to Thursday, the migration failed.\n"
        "Marco: I don't agree, the release was promised for Tuesday.\n"
        "Sam: The full-size migration run stopped at 61%.\n"
        "Priya: So we move the release to Thursday.\n"
        "Marco: I still disagree with moving the whole release.\n"
        "Lena: Support can live with either date."
    )
    claims = [claim_on(document, turns[0], 1), claim_on(document, turns[4], 2)]
    updated, disputes = find_disagreements(document, turns, claims, [])
    (dispute,) = disputes
    assert dispute.topic == claims[0].text
    assert [(p.source, p.stance, p.claim_id) for p in dispute.parties] == [
        ("Priya", "asserts", "c1"),
        ("Marco", "denies", None),
        ("Priya", "asserts", None),
        ("Marco", "denies", "c2"),
    ]
    for party, turn in zip(dispute.parties, [turns[0], turns[1], turns[3], turns[4]], strict=True):
        content = next(e for e in party.evidence if e.role == "content")
        assert document.text[content.start : content.end] == content.quote
        assert (content.start, content.end) == (turn.content.start, turn.content.end)
    assert [c.status for c in updated] == ["disputed", "disputed"]
    assert updated[0].checks[-1].reason.startswith("'Marco' disagrees")
    assert updated[1].checks[-1].reason.startswith("disagrees with 'Priya'")


def test_a_disagreement_no_claim_holds_and_an_ordinary_document_change_nothing() -> None:
    document, turns = turns_of(
        "Priya: The release moves to Thursday.\n"
        "Marco: I disagree, Tuesday was promised.\n"
        "Lena: Support tickets doubled last week."
    )
    claims = [claim_on(document, turns[2], 1)]
    assert find_disagreements(document, turns, claims, []) == (claims, [])
    article = load_document(
        "The union said the strike would end. The company disagreed.", max_chars=1000
    )
    assert find_disagreements(article, speaker_turns(article), claims, []) == (claims, [])
