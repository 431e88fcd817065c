"""The speaker a claim names in its own words (`claim_speaker`) and whether it is the document's
(`speaker_matches`): the false alarms each rule below answers were correct claims read as
contradicted."""

from __future__ import annotations

import pytest

from service.verify.claim_speaker import claim_speaker
from service.verify.summary_check import check_summary


def speaker_check(document: str, claim: str) -> tuple[str, bool | None]:
    result = check_summary(document, [claim]).claims[0]
    checks = {c.name: c.passed for c in result.checks}
    return result.verdict, checks.get("speaker_matches_claim")


def test_a_count_before_a_participle_is_no_speaker() -> None:
    claim = "30 new confirmed cases were reported in the port city last week."
    assert claim_speaker(claim) is None
    document = (
        "Health officials said 30 new confirmed cases were reported in the port city last week."
    )
    assert speaker_check(document, claim)[0] == "supported"
    # Counted people who confirm something still speak.
    speaker = claim_speaker("Two officials confirmed the port would close.")
    assert speaker is not None and speaker.source.lower() == "two officials"


@pytest.mark.parametrize(
    "claim",
    [
        "Reed felt Cole was fouled before the defender conceded the penalty that let Hull draw.",
        "reed has warned that the dockers want a strike before the election.",
    ],
)
def test_a_speaker_inside_a_clause_of_the_claim_is_not_its_speaker(claim: str) -> None:
    # Lower case, "Reed" is not read as a speaker; the clause's own is not the claim's.
    assert claim_speaker(claim) is None


def test_a_description_the_document_gives_the_speaker_beside_their_name_is_that_speaker() -> None:
    document = (
        "Former prime minister Tom Hale has warned that the party wants a second vote. "
        "Ann Cole, the Rovers defender, admitted the team had played badly. "
        "Prime Minister Joan Vale announced a plan to cut taxes for small firms."
    )
    for claim in (
        "The former prime minister has warned that the party wants a second vote.",
        "The Rovers defender admitted the team had played badly.",
        "PM announces a plan to cut taxes for small firms.",
    ):
        assert speaker_check(document, claim) == ("supported", True), claim
    # A description the document does not give the name is still another speaker.
    claim = "The goalkeeper admitted the team had played badly."
    assert speaker_check(document, claim) == ("contradicted", False)
    # And a name is no description.
    claim = "Ann Lee admitted the team had played badly."
    assert speaker_check(document, claim)[1] is False


def test_what_a_thing_adds_is_no_speech() -> None:
    """ "Postgres 19 adds incremental backups": the release, no speaker; "He added that ..."
    and "He adds the plan would fail" still report."""
    assert claim_speaker("Postgres 19 adds incremental backups without extensions.") is None
    added = claim_speaker("Kennedy added that the findings were interesting.")
    assert added is not None and added.source == "Kennedy"
    adds = claim_speaker("Kennedy adds the plan would fail within a year.")
    assert adds is not None and adds.source == "Kennedy"
