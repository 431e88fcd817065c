"""The evidence picked for a claim that cites nothing (`citation.cite`)."""

from __future__ import annotations

from service.verify.citation import cite

PRODUCTS = [
    "Our CloudTrek Solutions package includes three products.",
    "CloudTrek Connect: a platform for video calls and file sharing.",
    "CloudTrek Workspace: a tool to plan and monitor projects.",
    "CloudTrek DataVault: secure storage with encryption.",
    "The Early Bird Bundle costs $100/month.",
]


def test_a_claim_naming_more_than_k_sentences_hold_cites_one_for_each_name():
    claim = (
        "CloudTrek Solutions includes CloudTrek Connect, CloudTrek Workspace and "
        "CloudTrek DataVault."
    )
    assert cite(claim, PRODUCTS, k=2) == [0, 1, 2, 3]


def test_no_sentence_is_cited_for_a_name_the_document_lacks():
    assert cite("CloudTrek Connect and CloudTrek Mail.", PRODUCTS, k=1) == [1]
