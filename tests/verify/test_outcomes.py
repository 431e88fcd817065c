"""Who beat whom: a claim that turns a stated outcome round is contradicted."""

from __future__ import annotations

import pytest

from service.verify.summary_check import check_summary

REPORT = (
    "Calder United 2-1 Harwick Rovers: late Okafor header sends United top\n\n"
    "Calder United moved top of League One with a 2-1 win over Harwick Rovers, Jon Okafor "
    "heading the winner in the 89th minute.\n\n"
    "Rovers led at half-time through Sam Price's penalty.\n"
)


@pytest.mark.parametrize(
    "claim",
    [
        "Harwick Rovers beat Calder United 2-1.",
        "Harwick Rovers defeated Calder United.",
        "Calder United lost 2-1 to Harwick Rovers.",
    ],
)
def test_the_loser_said_to_win_is_contradicted(claim: str) -> None:
    (checked,) = check_summary(REPORT, [claim]).claims
    assert checked.verdict == "contradicted", checked.reason
    assert "win over Harwick Rovers" in checked.reason or "2-1 Harwick" in checked.reason


@pytest.mark.parametrize(
    "claim",
    [
        "Calder United beat Harwick Rovers 2-1 and moved top of League One.",
        "Harwick Rovers lost 2-1 to Calder United.",
    ],
)
def test_the_outcome_as_stated_passes(claim: str) -> None:
    (checked,) = check_summary(REPORT, [claim]).claims
    assert checked.verdict == "supported", checked.reason
