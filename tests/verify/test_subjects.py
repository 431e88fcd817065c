"""A change or action said of the wrong subject, every word the document's own (issue 13): the
embedded 0.5B model's summaries of a podcast on a four-day week trial."""

from __future__ import annotations

import pytest

from service.document import load_document
from service.verify.claims import CitedClaim, verify_claim
from service.verify.summary_check import check_summary
from service.verify.support import Thresholds, assess, passes

PODCAST = (
    "[00:00] Maya Lin: Welcome back to Work Shift. A year ago Brightline Logistics moved its "
    "drivers to a four-day week.\n"
    "[00:07] Maya Lin: Tom Adeyemi ran the trial at Brightline Logistics. Tom, what happened?\n"
    "[00:16] Tom Adeyemi: Output stayed flat, and deliveries per driver were unchanged.\n"
    "[00:27] Tom Adeyemi: Sick days fell by about a third, from 9 days per person to 6. "
    "Absences of every kind were down.\n"
    "[00:54] Tom Adeyemi: The board voted in October to make it permanent for drivers.\n"
)


def test_a_change_said_of_another_subject_is_contradicted() -> None:
    """Sick days fell, not the trial; 'trial' is in the turn before."""
    claim = check_summary(PODCAST, ["The trial also fell by about a third."]).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "'fell' of 'Sick days', not of 'trial'" in claim.reason


def test_names_added_to_who_did_it_are_contradicted() -> None:
    """Only Tom Adeyemi ran the trial; Brightline is where, Maya Lin the host."""
    summary = ["Maya Lin, Tom Adeyemi, and Brightline Logistics ran the four-day week trial."]
    claim = check_summary(PODCAST, summary).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "'ran' of 'Tom Adeyemi', not of 'Maya Lin' or 'Brightline Logistics'" in claim.reason


@pytest.mark.parametrize(
    "paraphrase",
    [
        "Sick days fell by about a third.",
        "Sick days dropped by a third.",  # another word for the same change
        "Absences fell by about a third.",  # the document says absences were down
        "Tom Adeyemi ran the trial at Brightline Logistics.",
        "Tom Adeyemi ran the four-day week trial.",
        "Tom Adeyemi says sick days fell by about a third.",
    ],
)
def test_a_paraphrase_that_keeps_the_subject_is_supported(paraphrase: str) -> None:
    claim = check_summary(PODCAST, [paraphrase]).claims[0]

    assert claim.verdict == "supported", claim.reason


DEFAULT = Thresholds()


def subjects(claim: str, evidence: str) -> tuple[tuple[str, str, str], ...]:
    return assess(claim, evidence).subjects


def test_a_coordinated_subject_needs_each_name_to_have_done_it() -> None:
    assert subjects(
        "Smith and Jones won the doubles title.",
        "Smith won the doubles title, beating Jones in the final.",
    ) == (("Jones", "won", "Smith"),)
    # "with Jones": he won it too
    assert (
        subjects(
            "Smith and Jones won the doubles title.", "Smith won the doubles title with Jones."
        )
        == ()
    )


def test_the_same_subject_in_other_words_or_order_passes() -> None:
    assert subjects("Apple shares fell 5% on Monday.", "Shares in Apple fell 5% on Monday.") == ()
    assert subjects("The trial was run by Tom Adeyemi.", "Tom Adeyemi ran the trial.") == ()
    assert subjects("Tom Adeyemi ran the trial.", "The trial was run by Tom Adeyemi.") == ()
    # "a judge in Provo": the judge signed it
    claim = "A judge signed an arrest warrant on Monday."
    assert passes(assess(claim, "A judge in Provo signed an arrest warrant on Monday."), DEFAULT)


def test_a_subject_the_evidence_does_not_read_is_no_evidence_against_a_claim() -> None:
    """A pronoun, a relative clause, a noun ('a tax cut'): perhaps the claim's subject."""
    assert subjects("Profits fell by a third.", "It fell by a third, and profits rose.") == ()
    assert subjects("The board signed the deal.", "The deal, which the board signed, ends.") == ()
    assert (
        subjects(
            "The government announced a tax cut for drivers.", "Ministers cut taxes for drivers."
        )
        == ()
    )


def test_a_number_or_a_relative_between_the_name_and_its_verb_is_read_past() -> None:
    """'Tom Adeyemi, 48, ran' and 'Adrian Teklinski of Poland, who won gold': the name did."""
    evidence = "Tom Adeyemi, 48, ran the trial at Brightline."
    assert subjects("Brightline ran the trial.", evidence) == (
        ("Brightline", "ran", "Tom Adeyemi"),
    )
    evidence = "Latham took bronze behind Adrian Teklinski of Poland, who won gold."
    assert subjects("Latham won gold.", evidence) == (
        ("Latham", "won", "Adrian Teklinski of Poland"),
    )


def test_the_check_can_be_turned_off() -> None:
    support = assess("The trial also fell by about a third.", "Sick days fell by about a third.")
    # 'trial' is not the evidence's word here: a subject the evidence lacks is the wording's
    assert support.subjects == ()
    support = assess(
        "The trial also fell by about a third.",
        "Tom ran the trial. Sick days fell by about a third.",
    )
    assert not passes(support, DEFAULT)
    assert passes(support, Thresholds(subjects=False))


def test_a_passives_name_after_by_is_who_did_it() -> None:
    """'The trial was run by Maya Lin' puts her where Tom Adeyemi ran it; a passive without a
    name after 'by' ("was cut by a third") says nothing of who did it."""
    evidence = "Maya Lin asked how Tom Adeyemi ran the trial at Brightline."
    assert subjects("The trial was run by Maya Lin.", evidence) == (
        ("Maya Lin", "run", "Tom Adeyemi"),
    )
    assert subjects("The trial was run by Tom Adeyemi.", evidence) == ()
    assert subjects("Sick days were cut by a third.", "Sick days fell by a third.") == ()


def test_a_claim_citing_only_the_changes_sentence_still_fails() -> None:
    """The model may cite only 'Sick days fell ...' for 'The trial also fell ...': 'trial' is
    the document's word even where the evidence lacks it (and a repaired citation drops the
    sentence that has it)."""
    doc = load_document(PODCAST, max_chars=10_000)
    sick_days = next(s.number for s in doc.sentences if "Sick days fell" in s.text)
    ran = next(s.number for s in doc.sentences if "ran the trial" in s.text)
    for cited in ([sick_days], [ran, sick_days]):
        claim = CitedClaim(text="The trial also fell by about a third.", sentences=cited)
        checked = verify_claim(doc, claim)
        assert not checked.passed
        assert "'fell' of 'Sick days', not of 'trial'" in checked.failures[0].reason
    said = CitedClaim(text="Sick days fell by about a third.", sentences=[sick_days])
    assert verify_claim(doc, said).passed


def test_a_name_in_apposition_is_the_subject_too() -> None:
    """'Sterling, the England international who will lead Liverpool's line': Sterling will."""
    evidence = (
        "Sterling, the England international who will lead Liverpool's line on Sunday, was "
        "exposed on Monday. Raheem Sterling and Jordon Ibe were told to learn."
    )
    assert subjects("Raheem Sterling will lead Liverpool's line on Sunday.", evidence) == ()


CHAT = (
    "[09:02] Priya Shah: The venue cancelled our booking for Saturday.\n"
    "[09:03] Tom Reid: Did they say why?\n"
    "[09:04] Priya Shah: A burst pipe. They offered us the 14th instead.\n"
    "[09:05] Tom Reid: I can't do the 14th, I'm away.\n"
)


def test_a_plural_they_is_never_one_named_person() -> None:
    """'They' is the venue: Tom Reid, a participant, offered nothing."""
    claim = check_summary(CHAT, ["Tom Reid offered the 14th instead."]).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "'offered' of 'They', not of 'Tom Reid'" in claim.reason
    for paraphrase in ("The venue offered the 14th instead.", "They offered the 14th instead."):
        assert check_summary(CHAT, [paraphrase]).claims[0].verdict == "supported", paraphrase


def test_a_they_may_be_a_body_or_a_list_of_people() -> None:
    """Only one person's name is ruled out: a company, or two people, may be what 'they' is."""
    evidence = "A burst pipe. They offered us the 14th instead."
    assert subjects("Calder Hotels offered us the 14th.", evidence) == ()
    assert subjects("Priya Shah and Tom Reid offered us the 14th.", evidence) == ()


def test_a_club_or_a_law_is_no_one_named_person() -> None:
    """A club of two words is "they" in a match report, a law "it"; neither is a person's name."""
    match = check_summary(
        "Leyton Orient travelled to Bristol on Saturday. They scored twice in the second half.",
        ["Leyton Orient scored twice in the second half."],
    )
    assert match.claims[0].verdict == "supported", match.claims[0].reason
    assert subjects("Aston Villa scored twice.", "They scored twice.") == ()
    assert subjects("Real Madrid won the cup.", "They won the cup.") == ()
    law = check_summary(
        "The Equality Act came into force in 2010. It reduced discrimination against older "
        "workers.",
        ["The Equality Act reduced discrimination against older workers."],
    )
    assert law.claims[0].verdict == "supported", law.claims[0].reason
    assert subjects("The Paris Agreement has cut emissions.", "It has cut emissions.") == ()
    # A person's name still is one.
    assert subjects("Tom Reid scored twice.", "Tom Reid watched. They scored twice.") != ()


MARKET = (
    "Shares in Norvik Energy (LSE: NVK) rose 14% to 312p on Tuesday after the company confirmed "
    "it had received a takeover approach from Halvorsen Group."
)


def test_the_owner_of_the_shares_is_part_of_the_subject() -> None:
    """'Halvorsen shares' are not 'shares in Norvik Energy': the name says whose shares."""
    claim = check_summary(MARKET, ["Halvorsen shares rose 14%."]).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "'rose' of 'Shares in Norvik Energy', not of 'Halvorsen shares'" in claim.reason
    assert subjects("Halvorsen's shares rose 14%.", MARKET)
    assert subjects("Shares of Halvorsen rose 14%.", MARKET)


@pytest.mark.parametrize(
    "paraphrase",
    [
        "Shares in Norvik Energy rose 14%.",
        "Norvik shares rose 14%.",
        "Norvik Energy's shares rose 14% on Tuesday.",
        "NVK shares rose 14%.",  # the ticker in brackets is Norvik's
    ],
)
def test_the_same_owners_shares_pass(paraphrase: str) -> None:
    claim = check_summary(MARKET, [paraphrase]).claims[0]

    assert claim.verdict == "supported", claim.reason


MATCH = (
    "Calder United moved top of League One with a 2-1 win over Harwick Rovers, Jon Okafor "
    "heading the winner in the 89th minute.\n\n"
    "Rovers led at half-time through Sam Price's penalty, awarded after Dean Hollis was fouled."
)


def test_a_name_and_its_participle_after_a_comma_say_who_did_it() -> None:
    """'..., Jon Okafor heading the winner': Okafor scored it, not Sam Price, though the
    evidence picked for the claim's names is the sentence of Price's penalty."""
    claim = check_summary(MATCH, ["Sam Price scored the winner."]).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "'scored' of 'Jon Okafor', not of 'Sam Price'" in claim.reason


@pytest.mark.parametrize(
    "paraphrase",
    [
        "Jon Okafor headed the winner.",
        "Jon Okafor scored the winner in the 89th minute.",
        "Okafor scored the winner.",
        "Sam Price scored a penalty.",  # another goal: the winner's scorer says nothing of it
    ],
)
def test_the_scorer_of_the_winner_passes(paraphrase: str) -> None:
    claim = check_summary(MATCH, [paraphrase]).claims[0]

    assert claim.verdict == "supported", claim.reason


REPORT = (
    "Calder United beat Harwick Rovers 2-1 on Saturday. Jon Okafor, 24, joined the club in May. "
    "He headed the winner in the 89th minute.\n\n"
    "Rovers led at half-time through Sam Price's penalty."
)


def test_a_pronoun_is_read_as_whom_the_document_resolves_it_to() -> None:
    """'He' is Jon Okafor, as the reading resolves a speaker's 'he': Sam Price headed nothing."""
    claim = check_summary(REPORT, ["Sam Price headed the winner."]).claims[0]

    assert claim.verdict == "contradicted", claim.reason
    assert "not of 'Sam Price' (the document's 'He' is Jon Okafor)" in claim.reason
    claim = check_summary(REPORT, ["Sam Price scored the winner."]).claims[0]
    assert claim.verdict == "contradicted", claim.reason
    for paraphrase in ("Jon Okafor headed the winner.", "Okafor scored the winner."):
        claim = check_summary(REPORT, [paraphrase]).claims[0]
        assert claim.verdict == "supported", claim.reason


def test_a_reporting_verb_is_no_part_of_the_subject_nor_a_speakers_it_the_last_name() -> None:
    """ "said coffee could offer": the subject is coffee; and the speaker's "it could offer" in
    a quotation about coffee is not the UK Biobank named in the sentence before. The claim had
    been contradicted, "the evidence says 'offer' of 'UK Biobank', not of 'said coffee'"."""
    document = (
        "The researchers, led by Dr. Oliver Kennedy, followed 495,585 adults in the UK Biobank. "
        '"Coffee is widely accessible and the benefits we see from our study may mean it could '
        'offer a potential preventative treatment," Kennedy said.'
    )
    report = check_summary(
        document,
        ["Oliver Kennedy, who led the study, said coffee could offer a preventative treatment."],
    )
    assert report.claims[0].verdict == "supported"
