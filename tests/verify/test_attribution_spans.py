"""Frames the reporting words alone missed or misread: a statement named by a noun, what
follows "agreed to" or "vowed to", an inverted source after a sentence of two clauses."""

from __future__ import annotations

from service.document import load_document
from service.verify.attribution import Frame, analyze, flatten


def frames_of(text: str) -> list[Frame]:
    return flatten(analyze(load_document(text, max_chars=100_000)))


def said(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(f.source, f.cue_text, f.content_quote) for f in frames_of(text)]


def test_a_statement_named_by_a_noun_is_its_owners() -> None:
    assert said(
        "Politifact checked Donald Trump's claim that there have been thousands of shootings "
        "in Chicago this year."
    ) == [("Donald Trump", "claim", "there have been thousands of shootings in Chicago this year")]
    assert said(
        "Clinton seized upon a New York Times report that Trump had a net loss of $915 million."
    ) == [("New York Times", "report", "Trump had a net loss of $915 million")]
    # To the next comma at most: the sentence goes on in the writer's voice.
    assert said(
        "Contrary to Smith's claim that people would “learn nothing,” there would be a wealth of "
        "records."
    ) == [("Smith", "claim", "people would “learn nothing,”")]
    assert said("Obama's pledge to cut taxes for the middle class was popular.")[0][1:] == (
        "pledge",
        "to cut taxes for the middle class was popular",
    )


def test_a_noun_before_no_statement_is_no_cue() -> None:
    """'that' opening a relative clause ("the claim that he made"), or 'to' before an object."""
    assert said("Smith's claim that came on Sunday was wrong.") == []
    assert said("Obama's pledge to the voters was broken.") == []


def test_what_a_source_agreed_or_vowed_to_do_is_no_frame_closing_before_it() -> None:
    """In 'In the end, Patriot agreed to lend ...' the words before the source are not what it
    said; a clause with a subject of its own after a vow's infinitive is the writer's."""
    assert said("In the end, Patriot agreed to effectively lend Mr. Clarke $5 million.") == []
    assert said(
        "Patriot vowed to lend Mr. Clarke $5 million, and the coal miners' union also stepped "
        "in with money."
    ) == [("Patriot", "vowed", "to lend Mr. Clarke $5 million")]
    assert said("In the end, Patriot vowed to the workers.") == []


def test_an_inverted_source_after_two_clauses() -> None:
    """The opening words are the content's first clause, not a speaker with an appositive."""
    assert said(
        "Kadzik's refusal to answer fully did not go over well with Republicans, and the meeting "
        "deteriorated from there, said one GOP source in the room."
    ) == [
        (
            "one GOP source",
            "said",
            "Kadzik's refusal to answer fully did not go over well with Republicans, and the "
            "meeting deteriorated from there",
        )
    ]
    assert said("Omar Haddad, a spokesman for the group, said the town fell.") == [
        ("Omar Haddad", "said", "the town fell")
    ]


def test_a_word_that_is_also_a_noun_after_a_name_it_qualifies_is_no_verb() -> None:
    """'In the wake of the New York Times report, Trump has portrayed himself ...': the report
    says nothing here; 'A New York Times report that ran on Sunday' reports no statement."""
    assert (
        said(
            "In the wake of the New York Times report, Trump has portrayed himself as a shrewd "
            "manipulator of the tax code."
        )
        == []
    )
    assert said("A New York Times report that ran on Sunday was wrong about the deal.") == []


def test_a_study_and_its_release_find_as_the_study() -> None:
    assert said(
        "A Government Accountability Office report released last year found that the agency "
        "could not be sure the money was spent well."
    ) == [
        (
            "a Government Accountability Office report",
            "found",
            "the agency could not be sure the money was spent well",
        )
    ]
    assert said("A report published in May found that most of the money was never spent.") == [
        ("a report", "found", "most of the money was never spent")
    ]


def test_what_a_source_identifies_as_something_is_its_view() -> None:
    """'identified X as Y' holds a view, as 'sees X as Y' does; without the "as" it names no
    view ('identified three genes')."""
    assert said(
        "Sen. Bernie Sanders, who lost the primaries, identified young voters' exhaustion with "
        "bigotry as one of the reasons to back Clinton."
    ) == [
        (
            "Sen. Bernie Sanders",
            "identified",
            "young voters' exhaustion with bigotry as one of the reasons to back Clinton",
        )
    ]
    assert said("Researchers identified three genes linked to the disease.") == []
