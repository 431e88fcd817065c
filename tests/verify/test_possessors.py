"""Whose a thing is (`possessors`): a claim that gives the evidence's thing to another name."""

from __future__ import annotations

from service.verify.summary_check import check_summary

PODCAST = (
    "# The Workweek Podcast, episode 12\n\n"
    "**Maya Lin:** Welcome back. Today Tom Adeyemi joins me to talk about the four-day week.\n\n"
    "**Tom Adeyemi:** Thanks, Maya. We ran the trial at Brightline Logistics for six months. "
    "Our trial ends in June, and sick days fell by about a third.\n"
)


def _verdict(document: str, claim: str) -> tuple[str, str]:
    found = check_summary(document, [claim]).claims[0]
    return found.verdict, found.reason


def test_the_hosts_name_on_a_guests_trial_is_contradicted() -> None:
    """A 0.5B model's headline: the trial is Tom Adeyemi's ("Our trial", in his turn)."""
    verdict, reason = _verdict(PODCAST, "Maya Lin's trial ends in June.")
    assert verdict == "contradicted"
    assert "'trial' is Tom Adeyemi's, not Maya Lin's" in reason
    assert _verdict(PODCAST, "Tom Adeyemi's trial ends in June.")[0] == "supported"
    assert _verdict(PODCAST, "The trial ends in June.")[0] == "supported"


def test_a_possessive_the_evidence_gives_another_is_contradicted() -> None:
    text = "Tom Adeyemi's trial ends in June, the company said. Maya Lin hosts the podcast."
    assert _verdict(text, "Maya Lin's trial ends in June.")[0] == "contradicted"


def test_an_owner_the_evidence_leaves_open_or_names_too_passes() -> None:
    # No owner ("the trial"), or one not ours to guess ("his trial"): perhaps the claim's.
    for text in (
        "The trial ends in June, the company said. Maya Lin hosts the podcast.",
        "Tom said his trial ends in June. Maya Lin hosts the podcast.",
    ):
        assert _verdict(text, "Maya Lin's trial ends in June.")[0] != "contradicted", text
    # An owner the document never names may be its owner in other words ("Britain", "UK").
    text = "The UK's economy grew 2% last year, the statistics office said."
    assert _verdict(text, "Britain's economy grew 2% last year.")[0] != "contradicted"
    # The claim's owner in the evidence too: the trial at Brightline is Brightline's trial.
    text = "Tom Adeyemi's trial at Brightline ends in June, the company said."
    assert _verdict(text, "Brightline's trial ends in June.")[0] == "supported"
