"""A name the claim makes of two of the document's names (`assembled`)."""

from __future__ import annotations

from service.verify.assembled import assembled_names, unknown_first_names
from service.verify.summary_check import check_summary

DOCUMENT = (
    "Ross Kemp will return to the soap for the final episodes of Barbara Windsor. "
    "Kemp said the call from Barbara was a surprise. Former Prime Minister Gordon Brown "
    "praised her. Rovers have named Paul Hale as manager. Hale thanked Paul's family, "
    "and Now Magazine's editor agreed."
)


def test_a_first_name_and_a_surname_of_two_people_are_no_one() -> None:
    assert assembled_names("Barbara Kemp will return to the soap.", DOCUMENT) == ("Barbara Kemp",)
    result = check_summary(DOCUMENT, ["barbara kemp will return to the soap ."]).claims[0]
    assert result.verdict == "unsupported"
    assert {c.name: c.passed for c in result.checks}["names_as_in_document"] is False


def test_a_name_the_document_gives_or_gives_no_one_else_is_not_assembled() -> None:
    for claim in (
        "Ross Kemp will return for Barbara Windsor.",
        "Dame Barbara Windsor's return was praised.",  # a title before the name
        "Former Prime Minister Gordon Brown praised her.",
        "Paul Hale thanked the family.",  # "Paul" alone names no one else
    ):
        assert assembled_names(claim, DOCUMENT) == (), claim
    checks = check_summary(DOCUMENT, ["Ross Kemp will return to the soap."]).claims[0].checks
    assert "names_as_in_document" not in {c.name for c in checks}


BUDGET = "Finance chief Carlos Lopez approved the budget on Tuesday. Mayor Ann Hale agreed."


def test_a_first_name_the_document_never_gives_its_surname_is_no_one() -> None:
    """At a claim's start, where the names check passes over a capitalised first word."""
    assert unknown_first_names("Maria Lopez approved the budget.", BUDGET) == ("Maria Lopez",)
    result = check_summary(BUDGET, ["Maria Lopez approved the budget on Tuesday."]).claims[0]
    assert result.verdict == "unsupported"
    assert "no one 'Maria Lopez'" in result.reason
    for claim in (
        "Carlos Lopez approved the budget.",
        "Lopez approved the budget.",
        "Mayor Lopez approved the budget.",  # a role, not a first name
        "C. Lopez approved the budget.",
    ):
        assert unknown_first_names(claim, BUDGET) == (), claim
    # A surname the document writes only alone may be anyone's: no full name is contradicted.
    assert unknown_first_names("Sam Hale agreed.", "Hale agreed on Tuesday.") == ()
