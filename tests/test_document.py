"""Sentence offsets always index the text exactly as sent, whatever Unicode it holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.document import (
    Document,
    decode_document,
    load_document,
    split_sentences,
    standing_alone,
    without_dateline,
)
from service.errors import DocumentTooLong, EmptyDocument, UndecodableDocument
from service.verify.claims import check_evidence_offsets, evidence_for

TRICKY = [
    "\r\n", "\n\n", "\u00a0", "\u200b", "e\u0301", "👍🏽", "“", "”", "‘", "’", "—", "…",
    "Dr. ", "U.S. ", "3.5%", "£18", "!", "?", ". ", "ﬁ", "\u2028", "\t", "İ", "ß",
]  # fmt: skip

text_strategy = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=12)), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_sentences_index_the_original_text(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for number, sentence in enumerate(sentences, 1):
        assert sentence.number == number
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


@settings(max_examples=200, deadline=None)
@given(text_strategy.filter(lambda t: t.strip()))
def test_evidence_quotes_equal_their_spans(text: str) -> None:
    doc = Document(text, split_sentences(text))
    evidence = evidence_for(doc, range(1, len(doc.sentences) + 1))
    assert all(text[e.start : e.end] == e.quote for e in evidence)
    if evidence:
        assert check_evidence_offsets(doc, evidence).passed


def test_lines_are_sentences_and_crlf_is_kept() -> None:
    text = (
        "Headline here\r\n\r\nLONDON — Prices rose 5%. “We’re worried,” she said.\r\nPhoto: a dock"
    )
    doc = load_document(text, max_chars=1000)
    assert [s.text for s in doc.sentences] == [
        "Headline here",
        "LONDON — Prices rose 5%.",
        "“We’re worried,” she said.",
        "Photo: a dock",
    ]
    assert doc.text is text  # the caller's text, not a normalised copy


def test_sha256_is_of_the_text_as_sent() -> None:
    a = load_document("Same words.\n", max_chars=100)
    b = load_document("Same words.\r\n", max_chars=100)
    assert a.sha256 != b.sha256 and len(a.sha256) == 64


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\u00a0\u2003"])
def test_empty_documents_are_refused(text: str) -> None:
    with pytest.raises(EmptyDocument, match="empty"):
        load_document(text, max_chars=100)


def test_too_long_says_the_limit() -> None:
    with pytest.raises(DocumentTooLong, match="limit is 10"):
        load_document("x" * 11, max_chars=10)


def test_binary_and_non_utf8_are_refused() -> None:
    with pytest.raises(UndecodableDocument, match="NUL"):
        decode_document(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UndecodableDocument, match="position 3"):
        decode_document(b"abc\xff\xfe")
    with pytest.raises(UndecodableDocument, match="binary data"):
        load_document("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f ok", max_chars=100)


@settings(max_examples=300, deadline=None)
@given(text_strategy.filter(lambda t: "\n" not in t and "\r" not in t))
def test_fast_offsets_agree_with_blingfires_own_wrapper(text: str) -> None:
    import blingfire

    from service.document import _sentence_offsets

    try:
        found, spans = blingfire.text_to_sentences_and_offsets(text)
    except AssertionError:  # blingfire's own wrapper trips on some inputs; ours must not
        _sentence_offsets(text)
        return
    if found:  # where blingfire finds no sentence, its wrapper's offsets are arbitrary
        assert _sentence_offsets(text) == [tuple(span) for span in spans]
    else:
        assert _sentence_offsets(text) == [(0, len(text))]


def test_unpaired_surrogates_are_refused() -> None:
    with pytest.raises(UndecodableDocument, match="surrogate"):
        load_document("A claim \ud800 here.", max_chars=100)


def test_sentences_glued_without_a_space_are_split() -> None:
    text = (
        "The money is part of a £330m investment across England.Once built, it will have 30 beds."
        ' Matron Sue Taylor said: "It is very old."Sometimes it lifts you. Mr.Smith and the'
        " U.S.Army stay whole."
    )
    doc = load_document(text, max_chars=1_000)
    assert [s.text for s in doc.sentences] == [
        "The money is part of a £330m investment across England.",
        "Once built, it will have 30 beds.",
        'Matron Sue Taylor said: "It is very old."',
        "Sometimes it lifts you.",
        "Mr.Smith and the U.S.Army stay whole.",
    ]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_a_sentence_glued_after_a_word_in_capitals_is_split() -> None:
    """'... they pay in the UK.Last week, ...': a word of capitals ends a sentence as a
    lowercase one does; a dotted abbreviation ('the U.K.Army') stays whole."""
    text = (
        "Google pays little tax in the UK.Last week, EU leaders agreed to act. The APOE.But"
        " markers differ. He joined the U.K.Army in 2001."
    )
    doc = load_document(text, max_chars=1_000)
    assert [s.text for s in doc.sentences] == [
        "Google pays little tax in the UK.",
        "Last week, EU leaders agreed to act.",
        "The APOE.",
        "But markers differ.",
        "He joined the U.K.Army in 2001.",
    ]


def test_scroll_down_for_video_run_into_a_caption_is_a_unit_of_its_own() -> None:
    text = "Julia spoke out. Scroll down for video Strictly business: Julia covers the issue."
    doc = load_document(text, max_chars=1_000)
    assert [s.text for s in doc.sentences] == [
        "Julia spoke out.",
        "Scroll down for video",
        "Strictly business: Julia covers the issue.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("HARWICK, March 14 — About 2,400 dock workers", "About 2,400 dock workers"),
        ("Lowbury — More than 8,000 people", "More than 8,000 people"),
        ("EASTMOOR, Sept. 24 — The government", "The government"),
        (
            "The strike — which began Tuesday — continues",
            "The strike — which began Tuesday — continues",
        ),
        ("Officials — including the mayor — said", "Officials — including the mayor — said"),
        ("(CNN)They may not be extraterrestrials", "They may not be extraterrestrials"),
        ("LONDON, England (CNN) -- The rain", "The rain"),
        ("NEW YORK (AP) — Stocks fell", "Stocks fell"),
        ("The (CNN) poll and (AP) reports", "The (CNN) poll and (AP) reports"),
        ("LEEDS, March 4 (Sourced Wire) - The former mayor", "The former mayor"),
        ("TEESSIDE, UK, 12 May 2026 - Norvik Energy today", "Norvik Energy today"),
        ("WASHINGTON, March 4, 2026 -- The Senate", "The Senate"),
        ("BERLIN, 3. Dezember (Sourced) - Ein Streik", "Ein Streik"),
        ("PARIS, 3 déc. (Sourced) - Le trafic", "Le trafic"),
        ("Ann Lee - the mayor - said", "Ann Lee - the mayor - said"),
    ],
)
def test_a_claim_reads_without_the_dateline(sentence: str, expected: str) -> None:
    assert without_dateline(sentence) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n!é", max_size=80), st.integers(min_value=-2, max_value=90))
def test_sentence_at_is_the_sentence_whose_span_holds_the_offset(text: str, offset: int) -> None:
    doc = Document(text=text, sentences=split_sentences(text))
    holding = [s for s in doc.sentences if s.start <= offset < s.end]
    before = [s for s in doc.sentences if s.start <= offset]
    assert doc.sentence_at(offset) == (holding[0] if holding else None)
    assert doc.sentence_at(offset, or_before=True) == (before[-1] if before else None)


def test_an_offset_between_sentences_belongs_to_the_one_before_only_when_asked() -> None:
    doc = load_document("One here.  Two there.", max_chars=100)
    gap = doc.text.index("  ") + 1
    assert doc.sentence_at(gap) is None
    assert doc.sentence_at(gap, or_before=True) == doc.sentences[0]
    assert doc.sentence_at(doc.text.index("Two")) == doc.sentences[1]
    assert doc.sentence_at(0, or_before=True) == doc.sentences[0]


def test_a_caption_without_its_full_stop_is_cut_from_the_sentence_after_it() -> None:
    text = (
        "But having a budget shop nearby means your house could sell for less In a study "
        "published today, Lloyds Bank compared prices. She told The Guardian it was over."
    )
    assert [s.text for s in split_sentences(text)] == [
        "But having a budget shop nearby means your house could sell for less",
        "In a study published today, Lloyds Bank compared prices.",
        "She told The Guardian it was over.",
    ]


def test_a_german_dates_ordinal_does_not_end_a_sentence() -> None:
    text = (
        "Die Stadtwerke erhöhen zum 1. Mai den Strompreis. Er kam am 12. März an. He came 1. Then"
    )
    assert [s.text for s in split_sentences(text)] == [
        "Die Stadtwerke erhöhen zum 1. Mai den Strompreis.",
        "Er kam am 12. März an.",
        "He came 1.",
        "Then",
    ]


def _texts_at_their_offsets(text: str) -> list[str]:
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    return [s.text for s in sentences]


def test_a_caption_runs_into_a_sentence_that_opens_with_with_his_this_or_after() -> None:
    text = (
        "Roger Wright (above) dismissed claims that the station was dumbing down With just two "
        "million listeners, Radio 3 is the least listened-to station. Gullit managed the club "
        "between 1998 and 1999 His memories of the club remind him of this. Spieth leads the "
        "field with Woods This was his second day in a row. The boy was stolen with the car "
        "After the incident, police searched the town."
    )
    assert _texts_at_their_offsets(text) == [
        "Roger Wright (above) dismissed claims that the station was dumbing down",
        "With just two million listeners, Radio 3 is the least listened-to station.",
        "Gullit managed the club between 1998 and 1999",
        "His memories of the club remind him of this.",
        "Spieth leads the field with Woods",
        "This was his second day in a row.",
        "The boy was stolen with the car",
        "After the incident, police searched the town.",
    ]


def test_a_caption_that_ends_with_a_bracket_or_a_quote_is_cut_from_the_next_sentence() -> None:
    text = (
        "Pest reports rose in Tyneside (file image) The figures were released on Monday. The "
        "worker was 'immediately terminated this morning' The spokesperson said staff were told."
    )
    assert _texts_at_their_offsets(text) == [
        "Pest reports rose in Tyneside (file image)",
        "The figures were released on Monday.",
        "The worker was 'immediately terminated this morning'",
        "The spokesperson said staff were told.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "She played Scarlett in the 1939 film Gone With the Wind and won an Oscar.",
        "The band closed with With or Without You and left the stage.",
        "He read the Last of the Mohicans as a boy.",
        "He sang the song After the Gold Rush and then left.",
        "He was jailed for supplying class A drugs in Leeds.",
        "Mr Smith said I was wrong about the vote.",
        "He told BBC Radio 4's Today programme that prices would rise.",
        "She told The Guardian it was over, said Maria Okafor of the union in New York.",
        "The president Barack Obama met the Prime Minister in The Hague on Friday.",
        "West Mercia Police last night said it was investigating.",
        "She appeared on ITV's This Morning show with her sister.",
    ],
)
def test_sentences_with_capitalised_names_and_titles_inside_stay_whole(sentence: str) -> None:
    assert _texts_at_their_offsets(sentence) == [sentence]


def test_page_menus_glued_to_the_next_sentence_without_a_space_are_cut() -> None:
    text = (
        "Share this withEmailFacebookMessengerTwitterCopy this linkThe charity said it had "
        "raised £5,000. Media playback is not supported on this deviceVaughan said the team "
        "played well.\n18 March 2014 Last updated at 09:22 GMTRichard Blake-Smith won the race."
        " Findings at-a-glanceThe campaign group aimed to raise £50,000."
    )
    assert _texts_at_their_offsets(text) == [
        "Share this withEmailFacebookMessengerTwitterCopy this link",
        "The charity said it had raised £5,000.",
        "Media playback is not supported on this device",
        "Vaughan said the team played well.",
        "18 March 2014",
        "Last updated at 09:22 GMT",
        "Richard Blake-Smith won the race.",
        "Findings at-a-glance",
        "The campaign group aimed to raise £50,000.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "He has a LinkedIn profile and a YouTube channel for his EastEnders clips.",
        "She banks with NatWest and pays with PayPal at McDonald's on her iPhone.",
        "Share this with your friends if you liked it.",
    ],
)
def test_words_written_in_camel_case_stay_whole(sentence: str) -> None:
    assert _texts_at_their_offsets(sentence) == [sentence]


def test_a_caption_ending_with_a_name_said_again_by_the_next_sentence_is_cut() -> None:
    text = "The ruling concerns the rapper Suge Knight Knight was ordered to stand trial."
    assert _texts_at_their_offsets(text) == [
        "The ruling concerns the rapper Suge Knight",
        "Knight was ordered to stand trial.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Afghan deputy leader Abdullah Abdullah also condemned the attack.",
        "In July Bidi Bidi was a village, now it is a camp.",
        "The talks were led by Dr Abdullah Abdullah who flew in.",
        "The show starred Honey Boo Boo with her mother.",
        "They visited the spa town of Baden Baden last year.",
    ],
)
def test_a_name_said_twice_stays_whole(sentence: str) -> None:
    assert _texts_at_their_offsets(sentence) == [sentence]


def test_a_photo_marker_in_brackets_ends_its_caption() -> None:
    text = (
        "The guards work at the detention centre on Nauru (pictured) Former Immigration Minister "
        "Tony Burke toured it in 2013. Janner (pictured) would escape prosecution. Yaya Toure "
        "(left) and Samir Nasri (right) trained. The Swedish cops (pictured left to right) Erik "
        "and Samuel are tourists."
    )
    assert _texts_at_their_offsets(text) == [
        "The guards work at the detention centre on Nauru (pictured)",
        "Former Immigration Minister Tony Burke toured it in 2013.",
        "Janner (pictured) would escape prosecution.",
        "Yaya Toure (left) and Samir Nasri (right) trained.",
        "The Swedish cops (pictured left to right) Erik and Samuel are tourists.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "But residents said the warning came too late.",
            "Residents said the warning came too late.",
        ),
        ("And no two teams are greater.", "No two teams are greater."),
        ("However, the agency denied it.", "The agency denied it."),
        ('But "we will stay out," she said.', '"we will stay out," she said.'),
        ("HARWICK — But the union said no.", "The union said no."),
        ("So far, nine people are missing.", "So far, nine people are missing."),
        ("Yet another storm is coming.", "Yet another storm is coming."),
        ("Butter prices rose.", "Butter prices rose."),
    ],
)
def test_a_claim_reads_without_a_word_tying_it_to_the_sentence_before(
    sentence: str, expected: str
) -> None:
    assert standing_alone(sentence) == expected
    assert sentence.endswith(expected[1:])  # its offset: where the lengths differ


def test_a_list_items_or_headings_mark_is_no_part_of_its_sentence() -> None:
    text = "## Results\n\n- Moved 180 repos.\n2. Replaced 95 pipelines.\nCosts rose - a bit.\n"
    assert [s.text for s in split_sentences(text)] == [
        "Results",
        "Moved 180 repos.",
        "2.",
        "Replaced 95 pipelines.",
        "Costs rose - a bit.",
    ]


def test_a_name_opening_with_initials_is_not_split_from_its_sentence() -> None:
    text = "M. Evans asked about the grant. J. Okafor will find the deadline. Plan A. It failed."
    assert [s.text for s in split_sentences(text)] == [
        "M. Evans asked about the grant.",
        "J. Okafor will find the deadline.",
        "Plan A.",
        "It failed.",
    ]


def test_a_titles_stop_in_capitals_or_parliaments_hon_does_not_end_a_sentence() -> None:
    text = "MR. HOLT: Objection, hearsay. The right hon. Lady voted against it. It passed."
    assert [s.text for s in split_sentences(text)] == [
        "MR. HOLT: Objection, hearsay.",
        "The right hon. Lady voted against it.",
        "It passed.",
    ]


def test_a_claim_standing_alone_keeps_its_length_when_a_capital_would_be_two_letters() -> None:
    """'ß'.upper() is 'SS': the claim's offset in the document is where the lengths differ."""
    assert standing_alone("ßtraße ist neu") == "ßtraße ist neu"
    assert standing_alone("and the port reopened") == "And the port reopened"


def test_a_datelines_abbreviated_month_does_not_end_its_sentence() -> None:
    text = "MADRID, 3 Dic. (Sourced) - El Consejo de Ministros aprobó la subida."
    assert [s.text for s in split_sentences(text)] == [text]
    assert without_dateline(text) == "El Consejo de Ministros aprobó la subida."


def test_a_french_datelines_month_does_not_end_its_sentence() -> None:
    text = "PARIS, 3 déc. (Sourced) - Le trafic sera très perturbé jeudi."
    assert [s.text for s in split_sentences(text)] == [text]


def test_an_encyclopedias_reference_marks_are_no_part_of_a_sentence() -> None:
    """ "[2] It covers ... 61 metres.[1]": a bracketed number beside the prompt's own statement
    numbers, and in every quote of the sentence."""
    text = (
        "It has a maximum depth of 61 metres.[1] It drains into the Varna Gorge.[2][3]\n"
        "Residents were moved to Novi Dol.[citation needed] The plan [4] was dropped."
    )
    assert [s.text for s in split_sentences(text)] == [
        "It has a maximum depth of 61 metres.",
        "It drains into the Varna Gorge.",
        "Residents were moved to Novi Dol.",
        "The plan [4] was dropped.",
    ]


def test_a_title_the_splitter_cut_off_opens_the_next_sentence() -> None:
    """Blingfire ends "... in his office. Mr." and "... depreciated. (Mr." at the title."""
    text = (
        "My supervisor kept them in his office. Mr. Ellison told me it was fine. "
        "It would be depreciated. (Mr. Trump has also called for it.)"
    )
    assert [s.text for s in split_sentences(text)] == [
        "My supervisor kept them in his office.",
        "Mr. Ellison told me it was fine.",
        "It would be depreciated.",
        "(Mr. Trump has also called for it.)",
    ]


def test_a_paragraph_wrapped_at_a_fixed_width_is_read_as_one_line() -> None:
    """Text taken from a PDF: each line break inside a paragraph had ended a sentence, so
    "Revenue grew 14% to £2.1 billion, driven by strong de-" was a title and "mand for our
    cloud services." a statement of its own."""
    text = (
        "Chief Executive's review\n\n"
        "Revenue grew 14% to £2.1 billion, driven by strong de-\n"
        "mand for our cloud services. Operating profit rose to £310\n"
        "million.\n\n"
        "We expect revenue growth of 10% to 12% in 2027. The board\n"
        "proposes a final dividend of 8.2p per share.\n"
    )
    sentences = split_sentences(text)
    assert [s.text.replace("\n", "|") for s in sentences] == [
        "Chief Executive's review",
        "Revenue grew 14% to £2.1 billion, driven by strong de-|mand for our cloud services.",
        "Operating profit rose to £310|million.",
        "We expect revenue growth of 10% to 12% in 2027.",
        "The board|proposes a final dividend of 8.2p per share.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_lines_that_end_their_own_way_are_not_joined() -> None:
    """A chat's unpunctuated message before a lower-case header, a title before its paragraph,
    a short line ending mid-sentence and an email's quoted lines stay lines of their own."""
    text = (
        "v2.3 is blocked on the payments migration, I don't think we can ship Friday\n"
        "marco — Today at 9:04 AM\n"
        "how long does the migration need?\n"
        "Thanks,\n"
        "rachel\n"
        "> the crane inspection clashes with the steel delivery on Wednesday and\n"
        "> we cannot move it.\n"
    )
    assert len(split_sentences(text)) == 7


def test_a_lower_cased_texts_lines_are_not_joined() -> None:
    """A corpus in lower case (CNN/DailyMail as SummaC prints it): a caption with no stop over
    a sentence is two sentences, as a lower-case next line says nothing there."""
    text = (
        "witness robert kushner lost his coaching job after testifying this week about his past\n"
        "he told jurors tuesday that officers had stolen $ 81,000 in cash from him .\n"
    )
    assert len(split_sentences(text)) == 2
