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
