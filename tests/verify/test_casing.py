"""A summary written in lower case is read with the document's capitals (`casing`): its names
are checked as a cased summary's are."""

from __future__ import annotations

from service.verify.casing import document_names, with_document_capitals
from service.verify.summary_check import check_summary

DOCUMENT = (
    "Gordon Brown has warned that the SNP want a second vote. The UK's Bank of England agreed. "
    "Police said the march in Leith was calm. The police thanked IS experts. It is over. "
    "Now Gordon Brown is in Leith."
)


def test_a_word_the_document_writes_only_capitalised_gets_its_capitals_back() -> None:
    claim = "gordon brown said the snp and the uk's bank want police in leith ."
    assert with_document_capitals(claim, DOCUMENT) == (
        "Gordon Brown said the SNP and the UK's Bank want police in Leith ."
    )
    names = document_names(DOCUMENT)
    # "Police" opens a sentence and "police" is written in lower case elsewhere: no name.
    assert "police" not in names and names["snp"] == "SNP"
    # A sentence's first word alone is no name ("It", "Now"), nor is a function word ("is" for
    # "IS").
    assert with_document_capitals("it is over now .", DOCUMENT) == "it is over now ."


def test_a_cased_claim_keeps_its_own_capitals() -> None:
    claim = "Gordon brown said the SNP want a vote."
    assert with_document_capitals(claim, DOCUMENT) == claim


def test_a_wrong_name_in_a_lower_case_claim_is_a_name_the_evidence_lacks() -> None:
    document = " ".join(
        [
            "City signed the defender Ann Cole from Leith on loan.",
            *[f"Fans sang for {n} minutes." for n in range(10, 18)],
            "Mayor Joe Bell opened a stand.",
        ]
    )
    claim = "city signed the defender joe cole from leith on loan ."
    result = check_summary(document, [claim]).claims[0]
    assert result.verdict == "unsupported"
    assert result.missing.names == ["Joe"]
    assert result.text == claim  # the claim as sent
    right = "city signed the defender ann cole from leith on loan ."
    assert check_summary(document, [right]).claims[0].verdict == "supported"
