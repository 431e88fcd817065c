from __future__ import annotations

from service.document import load_document
from service.verify.descriptions import check_description

TRANSCRIPT = (
    "ANDERSON COOPER, CNN HOST: Good evening. The governor of Nevada says the state will sue.\n\n"
    "GOV. MARIA LOPEZ (D), NEVADA: We were given 48 hours' notice.\n\n"
    "COOPER: The governor denies that.\n"
)


def test_a_person_called_what_no_sentence_naming_them_calls_them_fails() -> None:
    """Every word is in the transcript; the governor is not Cooper."""
    doc = load_document(TRANSCRIPT, max_chars=10_000)
    claim = "Anderson Cooper, a governor of Nevada, says the state will sue."
    check = check_description(doc, claim)
    assert check is not None and not check.passed
    assert "Anderson Cooper" in check.reason and "governor of Nevada" in check.reason


def test_a_description_the_document_gives_passes_abbreviated_or_plural() -> None:
    doc = load_document(TRANSCRIPT, max_chars=10_000)
    assert check_description(doc, "Maria Lopez, the governor of Nevada, was given notice.") is None
    assert check_description(doc, "Anderson Cooper, the CNN host, opened the show.") is None
    assert check_description(doc, "Sam Price, a reporter, called.") is None  # no Price in it
    assert check_description(doc, "The state will sue, the governor says.") is None


def test_the_office_under_a_signatures_name_describes_them() -> None:
    """An email's "Michael Smith" / "Account Executive" / "SwiftHealthcare": a correct summary's
    "Michael Smith, an account executive at SwiftHealthcare," had failed."""
    email = (
        "Dear James,\n\nCall me to book a demo.\n\nBest,\n\n"
        "Michael Smith\nAccount Executive\nSwiftHealthcare\n"
    )
    doc = load_document(email, max_chars=10_000)
    claim = "Michael Smith, an account executive at SwiftHealthcare, offers a demo."
    assert check_description(doc, claim) is None


STUDY = (
    "The researchers, led by Dr. Oliver Kennedy of the University of Southampton, followed "
    "495,585 adults for 10.7 years. Professor Mary Chen, a hepatologist who was not involved "
    "in the study, said the findings were interesting."
)


def test_what_a_claim_says_a_person_did_must_be_said_of_them() -> None:
    """ "Mary Chen, who led the study," where Kennedy led it and she was not involved."""
    doc = load_document(STUDY, max_chars=10_000)
    check = check_description(doc, "Mary Chen, who led the study, said the findings were good.")
    assert check is not None and not check.passed and "'led the study'" in check.reason
    assert check_description(doc, "Oliver Kennedy, who led the study, said it was big.") is None
    assert (
        check_description(doc, "Mary Chen, who was not involved in the study, praised it.") is None
    )
