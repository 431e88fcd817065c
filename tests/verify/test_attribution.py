"""Attribution frames (who said what) and the per-claim source check that uses them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.document import load_document
from service.errors import InputError
from service.verify.attribution import Frame, analyze
from service.verify.attribution.frame import Span, touches
from service.verify.sources import SourceCheck, check_claim_source, reported, same_source


def frames_of(text: str) -> list[Frame]:
    return analyze(load_document(text, max_chars=100_000))


def only(frames: list[Frame], source: str) -> Frame:
    found = [f for f in frames if f.source == source]
    assert len(found) == 1, [(f.source, f.content_quote) for f in frames]
    return found[0]


def test_source_said_that_content() -> None:
    frames = frames_of(
        "The Syrian Observatory for Human Rights said that 50 soldiers were killed in Idlib."
    )
    frame = only(frames, "the Syrian Observatory for Human Rights")
    assert frame.cue_text == "said"
    assert frame.content_quote == "50 soldiers were killed in Idlib"
    assert frame.stance == "asserts" and frame.kind == "named" and frame.certain


def test_closing_frame_and_inverted_source() -> None:
    frames = frames_of(
        "Fifty people died in the shelling, activists said on Tuesday. "
        "The border crossing was closed, said Omar Haddad, a customs officer."
    )
    activists = only(frames, "activists")
    assert activists.kind == "unnamed"
    assert activists.content_quote == "Fifty people died in the shelling"
    officer = only(frames, "Omar Haddad")
    assert officer.content_quote == "The border crossing was closed"


def test_according_to_before_and_after() -> None:
    frames = frames_of(
        "According to the United Nations, 2,000 people have fled the town. "
        "The road was cut, according to witnesses."
    )
    assert only(frames, "the United Nations").content_quote == "2,000 people have fled the town"
    assert only(frames, "witnesses").content_quote == "The road was cut"


@pytest.mark.parametrize(("open_mark", "close_mark"), [("“", "”"), ('"', '"')])
def test_quote_spanning_two_sentences(open_mark: str, close_mark: str) -> None:
    text = (
        f"Rebels entered the town at dawn. {open_mark}We will not leave. We will defend every "
        f"street,{close_mark} said Ahmed Said, a rebel commander."
    )
    doc = load_document(text, max_chars=10_000)
    frames = analyze(doc)
    frame = only(frames, "Ahmed Said")
    assert frame.direct_quote
    assert frame.content_quote.startswith(open_mark + "We will not leave.")
    assert frame.content_quote.endswith(f"every street,{close_mark}")
    assert len(frame.sentences) == 2  # the splitter cut the quote in two; the frame spans both


def test_interrupted_quote_joins_both_halves() -> None:
    frames = frames_of("“We are ready,” the commander said. “The attack will come soon.”")
    frame = only(frames, "the commander")
    assert len(frame.content) == 2
    assert "The attack will come soon." in frame.content_quote


def test_pronoun_resolved_to_the_name_two_sentences_back() -> None:
    text = (
        "Defence Minister Ahmed Said visited the front on Monday. The trip was unannounced. "
        "He said only three soldiers had died."
    )
    frame = only(frames_of(text), "Ahmed Said")
    assert frame.source_text == "He"  # the surface form is kept
    assert frame.antecedent is not None
    assert text[frame.antecedent.start : frame.antecedent.end].endswith("Ahmed Said")


def test_a_pronoun_stands_for_a_name_that_ends_a_sentence_without_its_stop() -> None:
    text = (
        '"This is an observational study," said the study\'s lead author, Dr. Judit Simon. '
        "She added that people who already drink coffee need not stop."
    )
    frame = only(frames_of(text), "Judit Simon")
    assert frame.antecedent is not None
    assert text[frame.antecedent.start : frame.antecedent.end] == "Dr. Judit Simon"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ('"We cannot say that coffee causes it," said Dr. Judit Simon.', "Dr. Judit Simon"),
        ('"We cannot say that," said lead author Judit Simon.', "lead author Judit Simon"),
        (
            "The town fell, said senior army spokesman Omar Haddad.",
            "senior army spokesman Omar Haddad",
        ),
        ('"It is over," said John F. Kennedy.', "John F. Kennedy"),
        ("The border was closed, said the U.S. embassy.", "the U.S. embassy"),
    ],
)
def test_an_inverted_source_keeps_its_title_initials_and_role(sentence: str, source: str) -> None:
    assert [f.source_text for f in frames_of(sentence)] == [source]


def test_an_inverted_cue_followed_by_an_adverbial_has_no_source() -> None:
    assert frames_of("The town fell, said in a statement on Monday.") == []


def test_which_stands_for_the_noun_phrase_its_comma_closes_or_for_no_one() -> None:
    frames = frames_of(
        "The ministry, which said on Monday that the town had fallen, gave no figures."
    )
    assert [(f.source, f.content_quote) for f in frames] == [
        ("the ministry", "the town had fallen")
    ]
    # After a clause, "which" is the clause: nobody explains anything.
    assert (
        frames_of("The drinkers were wealthier, which could explain part of the difference.") == []
    )
    assert frames_of("The drinkers earned more, which could explain part of the difference.") == []
    frames = frames_of("It included members of the Saudi government, which denied any role.")
    assert [f.source for f in frames] == ["the Saudi government"]


def test_he_stands_for_the_person_named_before_his_university_not_an_earlier_name() -> None:
    text = (
        '"It is observational," said Dr. Judit Simon. Professor Naveed Sattar of the University '
        'of Glasgow said the drinkers were wealthier. He called the headline figure "likely an '
        'overestimate".'
    )
    frame = only(frames_of(text), "Professor Naveed Sattar")
    assert frame.cue_text == "called"
    assert frame.content_quote == 'the headline figure "likely an overestimate"'


def test_short_reference_resolved_by_its_role() -> None:
    frames = frames_of(
        "Ahmed Said, the defence minister, toured the base. The minister said the toll was low."
    )
    frame = only(frames, "Ahmed Said")
    assert frame.source_text == "The minister"


def test_unnamed_sources_stay_unnamed() -> None:
    frames = frames_of(
        "Activists said the market was hit. A spokesperson for the ministry declined to comment. "
        "Local officials, who asked not to be named, said the town was empty."
    )
    assert only(frames, "activists").kind == "unnamed"
    assert only(frames, "Local officials").kind == "unnamed"
    assert all(f.source != "Ahmed Said" for f in frames)


def test_nested_attribution_keeps_outer_source_and_records_inner() -> None:
    frames = frames_of(
        "Maria Lopez, a nurse at the hospital, said that a doctor told her the wards were full."
    )
    frame = only(frames, "Maria Lopez")
    assert frame.inner is not None
    assert frame.inner.source == "a doctor"
    assert frame.inner.content_quote == "the wards were full"


def test_denial_and_confirmation_stances() -> None:
    frames = frames_of(
        "The army denied the report. A local medic confirmed the toll. "
        "State media reported that the rebels had withdrawn, a claim the rebels rejected."
    )
    assert only(frames, "the army").stance == "denies"
    assert only(frames, "a local medic").stance == "confirms"
    rebels = only(frames, "the rebels")
    assert rebels.stance == "denies"
    assert rebels.inner is not None and rebels.inner.source == "State media"


def test_party_tag_in_a_name_and_abbreviations_after_a_quote() -> None:
    frames = frames_of(
        "Gov. Pat McCrory (R) said the video would be released. "
        '"Are we where we need to be? Probably not," Ms. Moore said.'
    )
    assert only(frames, "Gov. Pat McCrory (R)").content_quote == "the video would be released"
    assert only(frames, "Ms. Moore").direct_quote


def test_plain_narration_has_no_frames() -> None:
    frames = frames_of("Rebels seized the town. The reports of shelling spread quickly.")
    assert frames == []


def test_a_cue_that_is_a_noun_after_a_and_an_adjective_frames_nothing() -> None:
    frames = frames_of("The day began on a sombre note when the champion had to withdraw.")
    assert frames == []
    (frame,) = frames_of("A senior official noted that the roads were shut.")
    assert frame.source_text == "A senior official"


def test_a_speaker_behind_an_appositive_is_who_reports() -> None:
    assert reported("Julia, who is on the cover, explained that hair is a big deal.") == (
        "Julia",
        "hair is a big deal",
    )
    assert reported("Smith, 52, denied the charges.") == ("Smith", "the charges")
    assert reported("Paris, the capital, is large.") is None
    # The name set off by commas before the verb speaks, not the description before it.
    assert reported("The father of the girl, Mr Hussen, admitted taking her to a rally.") == (
        "Mr Hussen",
        "taking her to a rally.",
    )
    assert reported("After the talks, ministers, said no.") is None


def test_same_source_matches_short_and_long_names() -> None:
    assert same_source("Syrian Observatory", "the Syrian Observatory for Human Rights")
    assert same_source("Said", "Ahmed Said")
    assert not same_source("the army", "the ministry")


# --- the per-claim check ----------------------------------------------------------------------

REPORT = (
    "Rebels seize Idlib base, 50 soldiers killed\n"
    "Rebels seized an army base in Idlib on Tuesday. "
    "The Syrian Observatory for Human Rights said 50 soldiers were killed in the assault. "
    "The army denied the report. "
    'Defence Minister Ahmed Said told reporters that the toll was "grossly exaggerated". '
    "He said only three soldiers had died. "
    "Maria Lopez, a nurse, said that a doctor told her the wards were full."
)


def check(
    claim: str, source: str | None, sentences: list[int], cue: str | None = None, text: str = REPORT
) -> SourceCheck:
    doc = load_document(text, max_chars=10_000)
    result = check_claim_source(
        doc,
        analyze(doc),
        claim_text=claim,
        draft_source=source,
        draft_cue=cue,
        sentences=sentences,
    )
    for evidence in result.evidence:
        assert text[evidence.start : evidence.end] == evidence.quote
    return result


def test_wrong_model_source_is_repaired_and_said_so() -> None:
    result = check("50 soldiers were killed in the assault", "the army", [3], cue="said")
    assert result.source == "the Syrian Observatory for Human Rights"
    assert result.status == "attributed" and result.repaired
    (source_check,) = result.checks
    assert source_check.passed
    assert source_check.reason.startswith("repaired: the model said 'the army'")
    assert "the Syrian Observatory for Human Rights" in source_check.reason
    assert [e.role for e in result.evidence] == ["attribution"]
    assert result.evidence[0].quote == "The Syrian Observatory for Human Rights said"


def test_bare_fact_from_attributed_sentence_gets_its_source() -> None:
    result = check("50 soldiers were killed", None, [3])
    assert result.source == "the Syrian Observatory for Human Rights"
    assert result.checks[0].reason.startswith("repaired: the model stated it as the document's")


def test_pronoun_source_claim_names_the_minister_with_both_spans() -> None:
    result = check("Only three soldiers died", "he", [6])
    assert result.source == "Ahmed Said"
    quotes = [e.quote for e in result.evidence]
    assert "He said" in quotes and "Defence Minister Ahmed Said" in quotes


def test_nested_claim_is_the_outer_speakers() -> None:
    result = check("The wards were full", "a doctor", [7])
    assert result.source == "Maria Lopez"
    assert "outermost speaker" in result.checks[0].reason


def test_own_voice_claim_loses_a_made_up_source() -> None:
    result = check("Rebels seized an army base in Idlib", "the rebels", [2])
    assert result.source is None and result.status == "asserted"
    assert result.checks[0].passed and "no reporting verb" in result.checks[0].reason


def test_own_voice_claim_without_source_passes() -> None:
    result = check("Rebels seized an army base in Idlib", None, [2])
    assert result.source is None and result.status == "asserted" and result.checks[0].passed


def test_caption_that_restates_the_body_carries_the_body_attribution() -> None:
    result = check("50 soldiers killed", None, [1])
    assert result.source == "the Syrian Observatory for Human Rights"
    assert "restates" in result.checks[0].reason
    assert {e.role for e in result.evidence} == {"attribution", "content"}


def test_wrong_cue_is_repaired() -> None:
    result = check("The army denied the report", "the army", [4], cue="confirmed")
    assert result.stance == "denies" and result.cue == "denied"
    assert any(c.name == "cue_matches_document" and "repaired" in c.reason for c in result.checks)


def test_unresolvable_attribution_fails_instead_of_guessing() -> None:
    text = "Shelling resumed at night. “It is a lie,” someone said, “and they know it.”"
    result = check("It is a lie", "the army", [2], text=text)
    assert not result.checks[0].passed or result.source != "the army"


def test_it_is_the_organisation_that_opened_the_sentence_before() -> None:
    text = (
        "The Free Highlands Movement said its fighters had shot down a drone near Tarsi. "
        "The Highlands Conflict Monitor confirmed that a drone had been brought down.\n"
        "The army has not commented. It has previously said it lost two drones to faults."
    )
    result = check("The army lost two drones to faults", "the monitor", [4], text=text)
    assert result.source == "the army"
    assert "the army" in result.checks[0].reason


def test_her_ministry_is_the_ministry() -> None:
    text = (
        "Health Minister Ana Duarte urged parents to check vaccination records. "
        "Her ministry will open walk-in clinics in 30 towns. "
        "It said most of the cases were in children under 10."
    )
    result = check("Most cases were in children under 10", None, [3], text=text)
    assert result.source == "the ministry"


def test_a_name_does_not_run_across_a_sentence_end() -> None:
    text = (
        "Fighters downed a drone near Tarsi. The Highlands Conflict Monitor confirmed it. "
        "The movement also said it had killed 11 soldiers, a claim the monitor said it "
        "could not verify."
    )
    doc = load_document(text, max_chars=10_000)
    monitor = next(f for f in analyze(doc) if f.source_text == "the monitor")
    assert monitor.source == "Highlands Conflict Monitor"


def test_a_sentence_in_the_source_field_is_not_a_name() -> None:
    """A small model sometimes copies a whole sentence into `source`; it must not pass as the
    claim's source just because its words appear earlier (here "It" cannot be resolved, so the
    check fails and the claim is not shown)."""
    text = (
        "Health Minister Ana Duarte urged parents to check vaccination records. "
        "Clinics will open in 30 towns. It said most cases were in children under 10."
    )
    sentence = "Health Minister Ana Duarte urged parents to check vaccination records."
    result = check("Most cases were in children under 10", sentence, [3], text=text)
    assert not result.checks[0].passed


# --- every span is exact ----------------------------------------------------------------------

_PIECES = [
    "The army said 50 soldiers were killed.",
    "“We will fight. We will win,” said Ahmed Said, a commander.",
    "He added: “Nobody can stop us.”",
    "Fifty people died, activists said.",
    "According to the UN, 2,000 people fled.",
    "The ministry denied the report.",
    'Ms. Moore said: "It is over."',
    "Rebels seized the town.",
    "Smoke rose over the city",
]
_NOISE = st.sampled_from(["", " ", "\u00a0", "\r\n", "\n\n", " 🙂 ", "e\u0301 ", "  "])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), _NOISE), min_size=1, max_size=8))
def test_every_span_is_exact_on_arbitrary_layouts(parts: list[tuple[str, str]]) -> None:
    text = "".join(noise + piece for piece, noise in parts) + " "
    doc = load_document(text, max_chars=100_000)
    frames = analyze(doc)
    for frame in frames:
        spans = [*frame.content, *frame.attribution_spans()]
        if frame.inner is not None:
            spans += frame.inner.content
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert span.quote(text) == text[span.start : span.end]
            assert span.quote(text).strip() == span.quote(text)
    for sentence in doc.sentences:
        result = check_claim_source(
            doc,
            frames,
            claim_text=sentence.text,
            draft_source="the army",
            draft_cue="said",
            sentences=[sentence.number],
        )
        for evidence in result.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


_WORDS = st.sampled_from(
    ["said", "says", "told", "according to", "denied", "he", "she", "The", "army", "Ahmed",
     "Said", "activists", ",", ".", ":", "“", "”", '"', "''", "(R)", "that", "Mr.", "\n", "—",
     "the minister", "a claim", "adding", "50", "2,000", "é", "🙂", "\u00a0", "\r\n", "?"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), min_size=1, max_size=40))
def test_analyze_never_fails_and_spans_stay_exact(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        doc = load_document(text, max_chars=100_000)
    except InputError:  # empty or binary-looking input never reaches the analyzer
        return
    for frame in analyze(doc):
        for span in [*frame.content, *frame.attribution_spans()]:
            assert 0 <= span.start < span.end <= len(text)
        assert frame.content_quote == frame.content_text(text)


def test_parenthetical_frame_holds_both_sides() -> None:
    frames = frames_of("Nobody was hurt, the trustees said, because the park had been closed.")
    frame = only(frames, "the trustees")
    assert frame.content_quote == "Nobody was hurt … because the park had been closed"


def test_name_in_appositive_beats_a_description() -> None:
    frames = frames_of("Its chair, Helen Moss, said the airport had counted the same jobs twice.")
    assert only(frames, "Helen Moss").content_quote.startswith("the airport had counted")


def test_a_statement_that_denies_without_a_denial_verb() -> None:
    frames = frames_of("The police force said no decision had been taken.")
    assert only(frames, "the police force").stance == "denies"


def test_negated_confirmation_is_not_a_confirmation() -> None:
    frames = frames_of(
        "The movement said it had killed 11 soldiers, a claim the monitor said it could not verify."
    )
    assert all(f.stance != "confirms" for f in frames)
    assert only(frames, "the movement").content_quote == "it had killed 11 soldiers"


def test_spanish_and_german_frames() -> None:
    spanish = frames_of(
        "La ministra de Trabajo, Elena Ruiz, afirmó que la medida beneficiará a 2,4 millones. "
        '"Es una subida justa", dijo Ruiz en rueda de prensa.'
    )
    assert {f.source for f in spanish} == {"Elena Ruiz"}
    german = frames_of(
        "Ein Haushalt zahle rund 96 Euro mehr, teilte das Unternehmen am Montag mit. "
        "Ein Sprecher der Stadtwerke wies das zurück."
    )
    assert only(german, "das Unternehmen").content_quote == "Ein Haushalt zahle rund 96 Euro mehr"
    assert only(german, "ein Sprecher der Stadtwerke").stance == "denies"


def test_he_continues_with_the_speaker_not_a_name_inside_his_report() -> None:
    text = (
        "The mayor, Felix Amadi, said on Tuesday that the station would close. "
        "Amadi said Chief Constable Rachel Dunn gave him the news last week. "
        'He said he was "deeply concerned" about response times.'
    )
    concerned = next(f for f in frames_of(text) if "concerned" in f.content_quote)
    assert concerned.source == "Felix Amadi"


def test_what_a_source_wants_or_calls_for_is_its_statement() -> None:
    frames = frames_of(
        "Hillary Clinton wants to make in-state tuition free for most families. "
        "In July, the senator called on fellow Republicans to withdraw their support."
    )
    wants = only(frames, "Hillary Clinton")
    assert wants.cue_text == "wants"
    assert wants.content_quote == "to make in-state tuition free for most families"
    called = only(frames, "the senator")
    assert called.content_quote == "fellow Republicans to withdraw their support"


def test_wants_inside_a_quotation_or_before_a_verb_is_no_frame() -> None:
    frames = frames_of(
        "“Nobody wants to bus their kids to a magnet school,” Hester said. "
        "What parents want is a quality neighborhood school."
    )
    assert [f.cue_text for f in frames] == ["said"]


def test_two_sources_wanting_two_things_are_two_frames() -> None:
    frames = frames_of(
        "Democrats want policies that create more revenue, and Republicans want policies "
        "that cut rates."
    )
    assert only(frames, "Democrats").content_quote == "policies that create more revenue"
    assert only(frames, "Republicans").content_quote == "policies that cut rates"


def test_coordinated_sources_are_one_source() -> None:
    frames = frames_of(
        "Both the monitor and pro-government outlets reported that 12 soldiers were killed. "
        "Anglers and an environmental group said thousands of fish had died."
    )
    assert [(f.source_text, f.content_quote) for f in frames] == [
        ("Both the monitor and pro-government outlets", "12 soldiers were killed"),
        ("Anglers and an environmental group", "thousands of fish had died"),
    ]


def test_what_a_source_calls_for_is_its_statement() -> None:
    frames = frames_of("In July, the NAACP called for a moratorium on charter schools.")
    assert only(frames, "the NAACP").content_quote == "a moratorium on charter schools"


def test_coordinated_verb_takes_the_clause_subject() -> None:
    frames = frames_of(
        "Donald Trump, her Republican opponent, bemoaned the unrest in Charlotte and said "
        "that drugs were a very big factor in the violence."
    )
    # What he bemoaned is a frame of its own; what he said is the clause after "said".
    said = [f for f in frames if f.source == "Donald Trump" and f.cue_text == "said"]
    assert [f.content_quote for f in said] == ["drugs were a very big factor in the violence"]
    adverb = frames_of("Recently, the town was quiet and said that nothing had happened.")
    assert all(f.source != "Recently" for f in adverb)
    # Not a statement: "reported revenue" is a company's accounts.
    accounts = frames_of(
        "Brightwell Foods employs 1,650 people and reported revenue of £412 million."
    )
    assert accounts == []


def test_plans_as_a_noun_is_no_frame() -> None:
    assert frames_of("The Platinum plans include priority support and a free audit.") == []
    frame = only(frames_of("The company plans to close the plant in Leeds."), "the company")
    assert frame.content_quote == "to close the plant in Leeds"


def test_a_day_word_beside_the_speaker_is_not_part_of_the_source() -> None:
    frames = frames_of(
        "The union today said that the strike would go on. Yesterday Mr Hussen conceded the "
        "rallies might have influenced the youngster."
    )
    assert [f.source for f in frames] == ["the union", "Mr Hussen"]


def test_he_after_an_office_named_without_its_holder_is_that_office() -> None:
    frames = frames_of(
        "The Prime Minister said Labour had left millions trapped on welfare. He said Labour "
        "had left a system where a single mother would lose money."
    )
    assert [f.source for f in frames] == ["the Prime Minister", "the Prime Minister"]


# --- PolNeAR tune-split families (bench/polnear.py) -------------------------------------------


def test_said_about_a_figure_is_a_statement() -> None:
    frames = frames_of(
        "Fighting went on in the north. "
        "The African Union said about 4,000 people had fled the town since Monday."
    )
    union = only(frames, "the African Union")
    assert union.content_quote == "about 4,000 people had fled the town since Monday"
    assert frames_of("The minister said about the plan that it was good.") == []


def test_a_quote_with_its_own_reporting_word_is_not_joined_to_the_previous() -> None:
    frames = frames_of(
        "“We certainly can’t afford to do this anymore,” Trump said, adding later, "
        "“NATO is costing us a fortune.”"
    )
    first, second = frames
    assert first.content_quote == "“We certainly can’t afford to do this anymore,”"
    assert second.cue_text == "adding" and second.source == "Trump" and second.certain
    assert second.content_quote == "“NATO is costing us a fortune.”"
    warren = frames_of(
        "“This just isn’t right,” Warren said. “You squeezed employees to the breaking point” "
        "to drive up the stock price, she said."
    )
    assert warren[0].content_quote == "“This just isn’t right,”"


def test_a_quoted_phrase_inside_a_sentence_does_not_go_on_in_the_last_speaker() -> None:
    frames = frames_of(
        "The rules were clear, Ms. Smith said. The primary requirement is a "
        '"lawful source of investment income for the buyer," as a memo put it.'
    )
    assert [f.content_quote for f in frames] == ["The rules were clear"]
    (_, goes_on) = frames_of(
        'The rules were clear, Ms. Smith said. "We will not change a single line of them."'
    )
    assert goes_on.source == "Ms. Smith" and not goes_on.certain


def test_first_and_second_person_inside_a_quote_are_not_new_speakers() -> None:
    frames = frames_of(
        '"You could dismiss these actions as schoolyard behavior, but this man is running '
        'for president," she said. "To those I say the following: what do you have to lose?" '
        "Smith said."
    )
    assert all(f.inner is None for f in frames)
    assert {f.source_text for f in frames} == {"she", "Smith"}


def test_the_subject_after_an_opening_adverbial_speaks() -> None:
    (frame,) = frames_of(
        "During a speech earlier in the day, Trump attacked Clinton for her support of the war, "
        'saying, "She is trigger-happy and very unstable."'
    )
    assert frame.source == "Trump"
    # "Meanwhile" is no speaker; the paper is, of what it endorsed and what it said.
    endorsed = frames_of(
        "Meanwhile, the paper endorsed Clinton, saying she has the judgment to lead the nation."
    )
    assert [(f.source, f.content_quote) for f in endorsed] == [
        ("the paper", "she has the judgment to lead the nation")
    ]
    (declared,) = frames_of(
        "In a Bloomberg interview Trump declared “I think NATO may be obsolete. Things change.”"
    )
    assert declared.source_text == "Trump"
    (hester,) = frames_of(
        "But Megan Hester, senior associate at the Annenberg Institute, said parents still want "
        "neighborhood schools."
    )
    assert hester.source_text == "Megan Hester"


@pytest.mark.parametrize(
    ("text", "source_text", "content"),
    [
        (
            "Ali Hassan, foreign minister of Qatar, which is a main backer of the rebels, said "
            "the talks had failed.",
            "Ali Hassan",
            "the talks had failed",
        ),
        (
            "The talks had failed, Ali Hassan, foreign minister of Qatar, which is a main backer "
            "of the rebels, said on Monday.",
            "Ali Hassan",
            "The talks had failed",
        ),
        (
            "“We will stay,” Malkia Cyril, the executive director at the Center, who also "
            "appears in the film, told reporters.",
            "Malkia Cyril",
            "“We will stay,”",
        ),
        (
            "The official, who was not authorised to speak publicly, said the company planned "
            "to move production to Poland.",
            "The official",
            "the company planned to move production to Poland",
        ),
        (
            "Omar Haddad, a spokesman for the group, said the town fell.",
            "Omar Haddad",
            "the town fell",
        ),
    ],
)
def test_a_speaker_behind_a_long_appositive_with_its_own_clause(
    text: str, source_text: str, content: str
) -> None:
    """The name before the description speaks; a name and appositive opening the sentence are
    not an inverted content ('Omar Haddad, a spokesman, said the town fell')."""
    frame = frames_of(text)[0]
    assert (frame.source_text, frame.content_quote) == (source_text, content)


def test_a_relative_pronoun_speaks_for_what_it_follows() -> None:
    (listeners,) = frames_of(
        "The Rev. Al Sharpton took calls from black listeners who said they had misgivings "
        "about Mrs. Clinton."
    )
    assert listeners.source_text == "who" and listeners.source == "black listeners"
    (union,) = frames_of(
        "Apple's tax bill, levied by the European Union, which contended that Ireland "
        "undertaxed the company, is a good example."
    )
    assert union.source == "European Union"
    assert union.content_quote == "Ireland undertaxed the company"


def test_a_relative_pronoun_after_a_dash_or_a_sentence_end_stands_for_the_name_only() -> None:
    """The words before 'who' stop at the previous sentence's end ('12. Omar Said' is no name),
    and an en dash before it is a dash like any other."""
    blamed = frames_of(
        "The father admitted taking his son to a rally when he was 12. Omar Said – who blamed "
        "teachers for failing to stop his son – conceded the boy was influenced by it."
    )[-1]
    assert blamed.source == "Omar Said"
    (workers,) = frames_of("The boy was just 12. Aid workers who said the camp was full left.")
    assert workers.source == "Aid workers"


def test_they_is_never_one_person_named_before() -> None:
    """'... because they show that': the results, not the professor who spoke before."""
    frames = frames_of(
        "Prof Ann Lee said the blood test was promising. The results were exciting because "
        "they show that it is possible to spot the disease early."
    )
    assert frames[-1].source_text == "they" and frames[-1].source == "they"


def test_a_double_hyphen_ends_the_content_outside_a_quote_only() -> None:
    (economists,) = frames_of(
        "Some economists argue that corporate taxes should be very low -- assuming that "
        "shareholders then pay more."
    )
    assert economists.content_quote == "corporate taxes should be very low"
    (told,) = [
        f
        for f in frames_of(
            'He told the crowd that the country needs a policy "focused on national interests '
            '-- so important -- promoting stability."'
        )
        if f.cue_text == "told"
    ]
    assert told.content_quote.endswith('promoting stability."')


def test_notes_and_emphasizing_report_statements() -> None:
    (notes,) = frames_of("The report notes that 58 companies would owe $212 billion in taxes.")
    assert notes.source == "the report"
    assert notes.content_quote == "58 companies would owe $212 billion in taxes"
    _, second = frames_of(
        "Lynch said she kept the prosecutors on, emphasizing that they were appointed before "
        "she came to lead the department."
    )
    assert second.cue_text == "emphasizing" and second.source == "Lynch"


def test_no_source_opens_a_quotation_a_parenthesis_or_an_adverbial() -> None:
    assert all(
        f.source_text != "Worse"
        for f in frames_of(
            "Worse, the companies have hidden their havens, in many cases reporting different "
            "numbers to different agencies."
        )
    )
    assert all(
        f.source_text != "(Having"
        for f in frames_of(
            "(Having said that, there are some economists who argue that taxes should be low.)"
        )
    )
    assert (
        frames_of(
            "The finding was stark: ''27 companies reported 16,389 subsidiaries to the Federal "
            "Reserve.''"
        )
        == []
    )


def test_a_first_person_cue_inside_a_quote_of_its_own_is_no_frame() -> None:
    frames = frames_of(
        "Sanders spoke at length on Tuesday, Mr. Jones said. "
        '"I’ve learned that I can’t be quite so passionate in my presentation, and it shows."'
    )
    assert all(f.source_text != "I’ve" for f in frames)


def test_what_a_reported_source_wants_is_part_of_the_report_not_a_frame() -> None:
    (aide,) = frames_of("Clinton plans to visit Charlotte on Sunday, according to a campaign aide.")
    assert aide.source == "a campaign aide" and aide.inner is None
    (told,) = frames_of(
        "He told an invited crowd that he wants a foreign policy focused on national interests."
    )
    assert told.inner is None
    assert told.content_quote == "he wants a foreign policy focused on national interests"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('He called Burma a "good news story in an era of change."', 'Burma a "good news story'),
        ("Trump has called climate change a hoax perpetrated by China.", "climate change a hoax"),
        ("Clinton called half of Trump’s supporters “deplorables.”", "half of Trump’s supporters"),
        ("Residents formed a group called Citizens for Clean Water.", None),
        ("The mayor called a meeting for Monday night.", None),
        ("She called the police after the attack.", None),
    ],
)
def test_what_a_source_calls_something_is_its_statement(text: str, content: str | None) -> None:
    frames = frames_of(text)
    if content is None:
        assert frames == []
    else:
        (frame,) = frames
        assert frame.cue_text == "called" and frame.content_quote.startswith(content)


def test_a_clause_ending_in_a_participle_is_no_source() -> None:
    frames = frames_of(
        "By 9 a.m. Sunday, the Rev. Al Sharpton began taking calls from black listeners to his "
        '"Keepin\' It Real" radio program who said they had misgivings about Mrs. Clinton.'
    )
    assert [f.source_text for f in frames] == ["who"]
    (listeners,) = frames_of(
        "The Rev. Al Sharpton took calls from listeners who said they had misgivings."
    )
    assert listeners.source == "listeners"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Few experts believe the alliance is likely to break up.", "the alliance is likely"),
        ("His advisers have suggested his role was to reassure voters.", "his role was"),
        ("Mr. McKinley expects them to become less available over time.", "them to become"),
        ("The audit revealed a gap of $2 million in the accounts.", "a gap of $2 million"),
    ],
)
def test_a_belief_without_that_is_a_frame(text: str, content: str) -> None:
    (frame,) = frames_of(text)
    assert frame.content_quote.startswith(content)


@pytest.mark.parametrize(
    "text",
    [
        "Investigators found the keys under a seat in the car.",
        "Prices continued to rise through the spring and summer.",
        "She thought about it.",
    ],
)
def test_a_weak_cue_before_a_plain_object_is_no_frame(text: str) -> None:
    assert frames_of(text) == []


def test_a_quote_closing_an_inner_quote_keeps_its_speaker() -> None:
    frame = only(
        frames_of("“You say you ‘accept responsibility for the failures,’” Merkley said."),
        "Merkley",
    )
    assert frame.direct_quote and frame.cue_text == "said"


def test_an_inverted_source_may_open_with_a_number() -> None:
    frame = only(
        frames_of("“The president’s rationales do not hold weight,” said 9/11 widow Terry Strada."),
        "9/11 widow Terry Strada",
    )
    assert frame.content_quote.startswith("“The president’s rationales")


def test_more_participles_continue_a_statement() -> None:
    frames = frames_of(
        "The senator said the program had failed, calling it a gift to developers. "
        "The mayor said the plan was sound, accusing critics of bad faith."
    )
    assert [(f.cue_text, f.content_quote) for f in frames] == [
        ("said", "the program had failed"),
        ("calling", "it a gift to developers"),
        ("said", "the plan was sound"),
        ("accusing", "critics of bad faith"),
    ]


def test_a_source_ending_in_ly_is_not_an_adverb() -> None:
    frame = only(
        frames_of("The relatives watched the video on Thursday, attorneys for the family said."),
        "attorneys for the family",
    )
    assert frame.content_quote == "The relatives watched the video on Thursday"


def test_content_before_as_and_its_source() -> None:
    frame = only(frames_of("Scott was carrying a gun, as police have said."), "police")
    assert frame.content_quote == "Scott was carrying a gun"


def test_a_coordinated_cue_before_a_clause_has_the_clause_subject() -> None:
    frames = frames_of(
        "Hillary Clinton, like Obama, has encouraged allies to spend more but has said she will "
        "hold firm to U.S. commitments."
    )
    frame = only(frames, "Hillary Clinton")
    assert frame.cue_text == "said"
    assert frame.content_quote == "she will hold firm to U.S. commitments"


def test_a_proposal_after_a_weak_cue_is_no_frame() -> None:
    assert (
        frames_of("Pat suggests emailing Jessica from HR, while Cassie suggests telling Chris.")
        == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "The governor said at a rally in Dunmore that the bridge would reopen by spring.",
        "The governor said Friday that the bridge would reopen by spring.",
        "The governor said on Friday morning at the depot that the bridge would reopen by spring.",
    ],
)
def test_an_occasion_or_a_weekday_between_cue_and_that_is_not_content(text: str) -> None:
    frame = only(frames_of(text), "the governor")
    assert frame.content_quote == "the bridge would reopen by spring"


def test_whom_a_quote_was_told_to_is_not_its_speaker() -> None:
    frame = only(
        frames_of(
            "“The records were never kept,” Dana Pike, the director of a records project and "
            "whose team also took part, told The Weekly Ledger."
        ),
        "Dana Pike",
    )
    assert frame.cue_text == "told" and frame.direct_quote


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "In a statement, one of the family’s attorneys, Justin Marsh, said the video shows "
            "him walking away.",
            "Justin Marsh",
        ),
        (
            "The plan “will not survive the winter,” retired Navy admiral Carla Voss said.",
            "retired Navy admiral Carla Voss",
        ),
        (
            "According to conservative radio host Dale Pruitt, the vote was rigged from the start.",
            "conservative radio host Dale Pruitt",
        ),
    ],
)
def test_a_described_name_or_a_plural_head_is_a_source(text: str, source: str) -> None:
    assert only(frames_of(text), source).cue_text in ("said", "According to")


def test_a_function_word_before_a_name_is_no_described_source() -> None:
    assert frames_of("Nobody remembers what Donald Trump said about the wall in the end.") == []


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "“We see no link to the strike,” the mayor said, adding that it would take more "
            "hours before details emerge.",
            "adding",
            "it would take more hours before details emerge",
        ),
        (
            "“The town has changed for the better,” Marlow said in June, citing the release of "
            "the prisoners.",
            "citing",
            "the release of the prisoners",
        ),
        (
            "“What is this debate,” Sanders said, going on to say that the country has moved on.",
            "going on to say",
            "the country has moved on",
        ),
    ],
)
def test_a_participle_after_a_quotes_speaker_is_their_next_statement(
    text: str, cue: str, content: str
) -> None:
    frames = frames_of(text)
    assert [f.cue_text for f in frames] == [frames[0].cue_text, cue]
    assert frames[1].source == frames[0].source
    assert frames[1].content_quote == content and not frames[1].direct_quote


def test_a_parenthetical_frame_followed_by_a_participle_is_two_statements() -> None:
    frames = frames_of(
        "Prices will rise by the summer, the minister said, adding that wages would follow."
    )
    assert [(f.cue_text, f.content_quote) for f in frames] == [
        ("said", "Prices will rise by the summer"),
        ("adding", "wages would follow"),
    ]


def test_a_sibling_frame_may_have_a_plural_subject_and_an_adverb() -> None:
    frames = frames_of(
        "The envoy stressed that the reforms were not complete, and human rights groups warned "
        "that the leverage was gone. She urges him to leave the car and repeatedly says "
        "that he must not move."
    )
    assert [(f.source, f.cue_text, f.content_quote) for f in frames] == [
        ("the envoy", "stressed", "the reforms were not complete"),
        ("human rights groups", "warned", "the leverage was gone"),
        ("She", "urges", "him to leave the car"),
        ("She", "says", "he must not move"),
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Ms. Reyes pledged to push for an amendment on the budget.", "to push for an amendment"),
        ("Marchers said they want justice, but vowed to remain civil.", "to remain civil"),
    ],
)
def test_what_a_source_commits_to_is_a_frame(text: str, content: str) -> None:
    assert any(
        f.cue_text in ("pledged", "vowed") and f.content_quote.startswith(content)
        for f in frames_of(text)
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Though she called for the fees to be paid back by the managers, Clinton kept her "
            "remarks short.",
            "the fees to be paid back by the managers",
        ),
        (
            "While his aides have suggested his role is to reassure the base, Mr. Obama is also "
            "set to campaign in Ohio.",
            "his role is to reassure the base",
        ),
    ],
)
def test_a_frame_in_an_opening_clause_ends_where_the_main_clause_starts(
    text: str, content: str
) -> None:
    (frame,) = frames_of(text)
    assert frame.content_quote == content


def test_a_name_after_mr_is_what_someone_is_called() -> None:
    frame = only(
        frames_of("Ann Moore called Mr. Obama’s remarks on Saturday “a true wake-up call.”"),
        "Ann Moore",
    )
    assert frame.cue_text == "called"


def test_some_and_many_stand_for_people() -> None:
    frames = frames_of("Some believe the vote will be close. Many say the bridge is unsafe.")
    assert [(f.source_text, f.content_quote) for f in frames] == [
        ("Some", "the vote will be close"),
        ("Many", "the bridge is unsafe"),
    ]


@pytest.mark.parametrize("dash", ["―", "—"])
def test_an_aside_between_dashes_stands_after_the_source(dash: str) -> None:
    frame = only(
        frames_of(f"The minister {dash} who has faced calls to resign {dash} said the plan holds."),
        "the minister",
    )
    assert frame.content_quote == "the plan holds"


def test_what_a_source_calls_for_ends_before_in_a_statement() -> None:
    frame = only(
        frames_of("Rosa Blair called for more school investment in a statement on Thursday."),
        "Rosa Blair",
    )
    assert frame.content_quote == "more school investment"


def test_a_gerund_cue_after_a_preposition_has_no_source_before_it() -> None:
    text = (
        "The show was a safe space, a haven shielded from any hard questions or follow-ups, and "
        "offered him a stage for whatever he wanted, from saying that he feels as young as ever "
        "to playing up his stamina."
    )
    assert [f for f in frames_of(text) if f.cue_text == "saying"] == []


def test_a_quote_closing_a_single_quote_keeps_a_speaker_behind_a_long_appositive() -> None:
    frame = only(
        frames_of(
            "“The story is told by the papers, by the networks, by the labels of ‘thug, "
            "predator,’” Rosa Lind, the director of a media project and whose team also took "
            "part in the film, told The Weekly Ledger."
        ),
        "Rosa Lind",
    )
    assert frame.cue_text == "told" and frame.direct_quote


def test_a_plural_head_before_a_preposition_and_a_name_is_a_source() -> None:
    frame = only(
        frames_of("But in recent days, advisers to Mr. Obama say, the president has grown tired."),
        "advisers to Mr. Obama",
    )
    assert frame.content_quote == "But in recent days … the president has grown tired"


def test_still_between_source_and_cue_is_no_part_of_the_source() -> None:
    frame = only(frames_of("She still says the plan will work in the end."), "She")
    assert frame.content_quote == "the plan will work in the end"


def test_a_coordinated_cue_has_the_subject_of_its_own_clause() -> None:
    frames = frames_of(
        "When my aunt mentioned the ghost to me on the road, I laughed and said, “I don’t "
        "believe in ghosts.”"
    )
    assert [(f.source, f.cue_text) for f in frames] == [("I", "said")]


def test_a_question_quoted_before_asked_is_its_speakers() -> None:
    frame = only(frames_of("“Does anybody know what the plan is?” Graham asked."), "Graham")
    assert frame.cue_text == "asked" and frame.direct_quote


def test_asked_after_a_statement_is_no_frame() -> None:
    assert frames_of("“The plan is ready,” Graham asked.") == []


def test_a_quote_opened_after_a_participle_runs_on_whole() -> None:
    frames = frames_of(
        "“What is the debate,” Lena Ortiz said, going on to say that the town has spent “years "
        "fighting this. They are way beyond that. They do not want it.”"
    )
    assert frames[1].cue_text == "going on to say"
    assert frames[1].content_quote.endswith("They do not want it.”")


def test_a_lower_case_pronoun_after_an_opening_adverbial_speaks_by_a_participle() -> None:
    (frame,) = frames_of(
        "Meanwhile, it attacked the mayor, saying he “has failed the town with his plans.”"
    )
    assert frame.source_text == "it" and frame.cue_text == "saying"
    assert frame.content_quote.startswith("he “has failed")


@pytest.mark.parametrize(
    "sentence",
    [
        "The judge denied him bail on Monday.",
        "Magistrates denied the two men bail.",
        "Aritz Aduriz denied Valencia victory with a late equaliser.",
        "Rain denied England a win at Lord's.",
    ],
)
def test_a_deny_that_withholds_something_is_no_denial(sentence: str) -> None:
    assert frames_of(sentence) == []


@pytest.mark.parametrize(
    "sentence, content",
    [
        ("The minister denied that the plan had been approved.", "the plan had been approved"),
        ("He denied the charges.", "the charges"),
        ("She denied stealing the car.", "stealing the car"),
    ],
)
def test_a_deny_of_a_statement_or_charge_is_still_a_denial(sentence: str, content: str) -> None:
    (frame,) = frames_of(sentence)
    assert frame.stance == "denies" and frame.content_text(sentence) == content


def test_said_at_least_a_number_is_a_statement_and_said_at_an_occasion_still_leads_in() -> None:
    text = "Activists said at least 12 civilians were killed in air strikes on a market."
    (frame,) = frames_of(text)
    assert frame.source == "activists"
    assert frame.content_text(text).startswith("at least 12 civilians were killed")
    (rally,) = frames_of("He said at the rally that taxes would fall.")
    assert rally.content_text("He said at the rally that taxes would fall.") == "taxes would fall"


def test_a_participle_after_a_denial_is_its_speakers_next_statement_not_an_inverted_source():
    text = "The army denied the claim, saying its troops still held all positions around Kessa."
    frames = frames_of(text)
    assert [(f.source, f.cue_text, f.stance) for f in frames] == [
        ("the army", "denied", "denies"),
        ("the army", "saying", "asserts"),
    ]
    assert frames[1].content_text(text) == "its troops still held all positions around Kessa"


def test_a_quoted_title_after_a_preposition_or_possessive_is_no_quote() -> None:
    (frame,) = frames_of(
        "On this weekend’s broadcast of “Fox News Sunday,” Gov. Mike Pence said the tweet "
        "was only meant to mock Hillary Clinton."
    )
    assert frame.source == "Gov. Mike Pence"
    assert frame.content_quote == "the tweet was only meant to mock Hillary Clinton"
    (frame,) = frames_of(
        'In an interview on CBS\'s "Face the Nation," Paul Ryan said all Americans must '
        "listen more."
    )
    assert frame.content_quote == "all Americans must listen more"


def test_a_relative_clause_around_a_source_is_what_the_source_says() -> None:
    frames = frames_of(
        "The park is near the stadium, which, Tompkins said, is usually full of activities on "
        "game days. The suspect, who police said was armed, fled the scene. Bamberg said the "
        "videos do not show his hands, which he said were at his side when he was shot."
    )
    assert only(frames, "Tompkins").content_quote == (
        "which … is usually full of activities on game days"
    )
    assert only(frames, "police").content_quote == "who … was armed"
    assert [(f.source_text, f.content_quote) for f in frames[2:]] == [
        ("Bamberg", "the videos do not show his hands"),
        ("he", "which … were at his side when he was shot"),
    ]


def test_a_headline_capitalises_its_reporting_verb() -> None:
    frames = frames_of(
        "Former White House Doctor Says Clinton Hid Health Problems From Public.\n\n"
        "Claims of fraud were made against the firm."
    )
    (frame,) = frames
    assert frame.source == "Former White House Doctor" and frame.stance == "asserts"
    assert frame.content_quote == "Clinton Hid Health Problems From Public"


def test_a_headline_or_a_transcript_turn_names_its_speaker_before_a_colon() -> None:
    frames = frames_of(
        "Pat Caddell: Democrat Voters Worried About Clinton’s Health.\n\n"
        "The pollster Pat Caddell spoke on Sunday.\n\n"
        '"WALLACE: Will Gennifer Flowers be there tomorrow night?\n\n'
        '"PENCE: Gennifer Flowers will not be attending. Donald Trump was mocking them.'
    )
    assert [(f.source, f.cue_text, f.content_quote) for f in frames] == [
        ("Pat Caddell", ":", "Democrat Voters Worried About Clinton’s Health"),
        ("WALLACE", ":", "Will Gennifer Flowers be there tomorrow night"),
        ("PENCE", ":", "Gennifer Flowers will not be attending. Donald Trump was mocking them"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Latest: Trump urges supporters to watch polls.\n\nThe Latest on the race.",
        "Stealth Over Health: Clinton Was Headed to ER.\n\nClinton was ill.",
        "Pence: Flowers Won’t Be at Debate.\n\nThe governor spoke on Sunday.",
        "UPDATE: The road has reopened.\n\nUPDATE: Police have left the scene.",
        "Ann: are you coming tonight?\nBob: yes, at eight.",
    ],
)
def test_a_colon_after_capitals_is_no_speaker_without_a_name_or_a_second_turn(text: str) -> None:
    assert [f for f in frames_of(text) if f.cue_text == ":"] == []


def test_an_occasion_before_that_may_name_a_place_and_its_state() -> None:
    (frame,) = frames_of(
        "Clinton says at a campaign stop in Toledo, Ohio, that it means Trump never paid taxes."
    )
    assert frame.source == "Clinton"
    assert frame.content_quote == "it means Trump never paid taxes"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The White House is saying that the tax history shows the need for reform.",
            "the White House",
        ),
        (
            "Donald Trump is stressing the need to bolster the nation’s cyber defences.",
            "Donald Trump",
        ),
        ("The campaign has been claiming that the polls are wrong.", "the campaign"),
    ],
)
def test_a_form_of_be_before_a_cue_in_ing_is_no_part_of_the_source(text: str, source: str) -> None:
    (frame,) = frames_of(text)
    assert frame.source == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Those close to him say he would have to consider Don Beyer.", "those close to him"),
        (
            "People familiar with the matter said the deal was off.",
            "people familiar with the matter",
        ),
        (
            "Though Scott lacks a signature law, elected officials from both parties say he has "
            "forged a reputation as a hard worker.",
            "elected officials from both parties",
        ),
        (
            "Experts on North Korea and nuclear nonproliferation said the test could change that.",
            "experts on North Korea and nuclear nonproliferation",
        ),
    ],
)
def test_a_word_for_people_with_its_complement_is_a_source(text: str, source: str) -> None:
    (frame,) = frames_of(text)
    assert frame.source == source


def test_an_and_between_two_people_still_joins_two_sources() -> None:
    (frame,) = frames_of("Officials and activists said the town fell.")
    assert frame.source == "officials and activists"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The minister continued to insist that the border would stay open.",
            "the minister",
            "the border would stay open",
        ),
        ("Mr. Lee went on to say that the deal was dead.", "Mr. Lee", "the deal was dead"),
        (
            "Trump appeared to suggest that veterans with PTSD are less strong.",
            "Trump",
            "veterans with PTSD are less strong",
        ),
    ],
)
def test_a_cue_after_continued_to_is_a_statement(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_declined_to_say_stays_no_statement() -> None:
    assert frames_of("A spokesman declined to say whether the talks had stalled.") == []


def test_a_participle_after_a_comma_ends_what_was_called_for() -> None:
    frame = only(
        frames_of(
            "Small groups of protesters continued to call for more information about the "
            "shooting, looping the streets around the stadium."
        ),
        "Small groups of protesters",
    )
    assert frame.content_quote == "more information about the shooting"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Protesters were frustrated that the city released only some of the video.",
            "protesters",
            "the city released only some of the video",
        ),
        ("Many Democrats are afraid that turnout will be low.", "many Democrats", "turnout"),
        (
            "The appeals court ruled that the state's practices could remove eligible voters.",
            "the appeals court",
            "the state's practices could remove eligible voters",
        ),
        (
            "Federal investigators have also discovered that fugitives gained citizenship.",
            "Federal investigators",
            "fugitives gained citizenship",
        ),
        ("The report also points out that the penalties are light.", "the report", "the penalties"),
    ],
)
def test_a_belief_or_finding_before_that_is_a_frame(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote.startswith(content)


@pytest.mark.parametrize(
    "text",
    [
        "He ruled the country for a decade.",
        "Residents heard a loud bang near the station.",
        "They were frustrated by the long delay at the border.",
        "Most of his supporters feel that way, but not all of them.",
    ],
)
def test_a_belief_word_without_that_clause_is_no_frame(text: str) -> None:
    assert frames_of(text) == []


def test_a_belief_word_between_quotes_keeps_one_statement() -> None:
    (frame,) = frames_of(
        "“It’s finished,” she said of the election, in which she was sure he would win. "
        "“In my head, anyway.”"
    )
    assert frame.direct_quote and "In my head" in frame.content_quote


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The latest test, North Korea said, was its biggest yet, although it may take days "
            "to tell how powerful it was.",
            "North Korea",
            "The latest test … was its biggest yet",
        ),
        (
            "The museum, Mr. Bush said, celebrated several of his heroes.",
            "Mr. Bush",
            "The museum … celebrated several of his heroes",
        ),
        (
            "He said witnesses saw a gun and that one was found nearby.",
            "He",
            "witnesses saw a gun and that one was found nearby",
        ),
        (
            "He said he had watched the museum rise and thought of the days to come.",
            "He",
            "he had watched the museum rise and thought of the days to come",
        ),
        (
            "The Security Council condemned the latest missile launch as Pyongyang fired three "
            "missiles into the sea.",
            "the Security Council",
            "the latest missile launch",
        ),
        (
            "Many Democrats are afraid that Mrs. Clinton's lead may be undercut by apathy.",
            "many Democrats",
            "Mrs. Clinton's lead may be undercut by apathy",
        ),
    ],
)
def test_where_a_content_ends(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_a_frame_in_an_opening_clause_ends_at_a_possessive_subject() -> None:
    frames = frames_of(
        "While the judge argued that the law was unconstitutional, his decision was overturned."
    )
    assert only(frames, "the judge").content_quote == "the law was unconstitutional"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Mike Pence echoed statements by Donald Trump that critics of the police stoke "
            "tension.",
            "Mike Pence",
            "statements by Donald Trump that critics of the police stoke tension",
        ),
        (
            "Trump questioned Cruz's eligibility to run for president.",
            "Trump",
            "Cruz's eligibility to run for president",
        ),
        (
            "The senator blasted the administration for its handling of the crisis.",
            "the senator",
            "the administration for its handling of the crisis",
        ),
        (
            "The mayor downplayed the risk of further violence in the city.",
            "the mayor",
            "the risk of further violence in the city",
        ),
    ],
)
def test_what_a_source_echoes_questions_or_criticises_is_its_content(
    text: str, source: str, content: str
) -> None:
    frame = only(frames_of(text), source)
    assert frame.content_quote == content


def test_welcoming_guests_is_no_statement() -> None:
    assert frames_of("At his cookout, he welcomed several hundred guests from the district.") == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Polls show a close contest in the state, where 18 electoral votes are at stake.",
            "polls",
            "a close contest in the state",
        ),
        (
            "A 2014 study by a law professor found 31 incidents of voter impersonation.",
            "a 2014 study by a law professor",
            "31 incidents of voter impersonation",
        ),
        (
            "Trump called him a Democrat, though a review of records indicate he has been a "
            "Republican since 2003.",
            "a review of records",
            "he has been a Republican since 2003",
        ),
    ],
)
def test_what_a_study_or_poll_finds_is_a_frame(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_a_speakers_own_belief_opening_what_was_said_is_one_statement() -> None:
    (frame,) = frames_of(
        "Michael Tanner, an analyst at the Cato Institute, said he thinks the campaign has "
        "stayed vague on purpose."
    )
    assert frame.source == "Michael Tanner" and frame.inner is None
    assert frame.content_quote == "he thinks the campaign has stayed vague on purpose"


def test_what_a_speaker_says_another_believes_stays_nested() -> None:
    (frame,) = frames_of("The mayor said residents believe the plant should close.")
    assert frame.inner is not None and frame.inner.source == "residents"


def test_a_participle_after_an_object_cue_is_the_same_sources_statement() -> None:
    frames = frames_of(
        "Trump blasted the administration over its handling of the crisis, saying it had "
        "failed the country."
    )
    assert [(f.source, f.cue_text, f.content_quote) for f in frames] == [
        ("Trump", "blasted", "the administration over its handling of the crisis"),
        ("Trump", "saying", "it had failed the country"),
    ]


def test_a_relative_clause_inside_a_content_does_not_end_it() -> None:
    frame = only(
        frames_of(
            "Officials said the visa program for investors, which was created in 1990, has "
            "expanded well beyond "
            "its original intent."
        ),
        "officials",
    )
    assert frame.content_quote.endswith("has expanded well beyond its original intent")
    # A relative clause closing the sentence is still the writer's own addition.
    added = only(frames_of("He said the deal was dead, which makes him an outlier."), "He")
    assert added.content_quote == "the deal was dead"


def test_a_speaker_before_a_long_relative_clause_is_found() -> None:
    frames = frames_of(
        "Dr. Connie Mariano, who as a Navy captain was the White House physician in the "
        "administration of former President Bill Clinton and later retired from the service as "
        "a rear admiral, said that the injury had been hidden from the public."
    )
    assert (
        only(frames, "Dr. Connie Mariano").content_quote
        == "the injury had been hidden from the public"
    )


def test_a_ruling_speaks() -> None:
    frame = only(frames_of('The ruling said "A state cannot avoid the conclusion."'), "the ruling")
    assert frame.content_quote == '"A state cannot avoid the conclusion."'


def test_a_frame_in_an_opening_as_clause_ends_at_the_main_clause() -> None:
    frames = frames_of(
        "As Clinton said the country must come together, Trump highlighted his message of law "
        "and order."
    )
    assert only(frames, "Clinton").content_quote == "the country must come together"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Governor Chris Christie described Hillary Clinton as a “disgrace” after she attacked "
            "the police.",
            "Governor Chris Christie",
            "Hillary Clinton as a “disgrace”",
        ),
        (
            "The poll indicates a tightening race as Trump consolidates the support of his party.",
            "the poll",
            "a tightening race",
        ),
    ],
)
def test_an_object_ends_before_a_clause_of_what_happened_meanwhile(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_a_transcript_turn_goes_on_until_the_next_turn() -> None:
    frames = frames_of(
        "WALLACE: Will she be there tomorrow night?\n\n"
        "PENCE: She will not be attending the debate.\n\n"
        "The campaign was only mocking its rival.\n\n"
        "(CROSSTALK.)\n\n"
        "WALLACE: Thank you, governor."
    )
    pence = only(frames, "PENCE")
    assert pence.content_quote == (
        "She will not be attending the debate … The campaign was only mocking its rival."
    )


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The council denounced the harbour plan as reckless.",
            "the council",
            "the harbour plan as reckless",
        ),
        (
            "The mayor has championed cheaper bus fares for pensioners.",
            "the mayor",
            "cheaper bus fares for pensioners",
        ),
        (
            "Several unions opposed the merger of the two hospitals.",
            "several unions",
            "the merger of the two hospitals",
        ),
    ],
)
def test_what_a_source_denounces_champions_or_opposes_is_its_content(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The inspector chastised the company for its safety record but did not recommend a "
            "fine.",
            "the inspector",
            "the company for its safety record",
        ),
        (
            "The ministry promised a review of the contract and attempted to calm the farmers.",
            "the ministry",
            "a review of the contract",
        ),
    ],
)
def test_an_object_ends_where_a_second_verb_of_the_source_starts(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_an_adjective_after_and_stays_in_the_object() -> None:
    frames = frames_of("The union criticized fewer nurses and increased workloads on night shifts.")
    assert only(frames, "the union").content_quote == (
        "fewer nurses and increased workloads on night shifts"
    )


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The coach spoke about the pressure on young players.",
            "the coach",
            "the pressure on young players",
        ),
        ("The minister has also commented on the strike.", "the minister", "the strike"),
        (
            "Ms. Okafor spoke of her years as a nurse while at a fundraiser in Leeds.",
            "Ms. Okafor",
            "her years as a nurse",
        ),
    ],
)
def test_what_a_source_speaks_about_is_its_content(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_spoke_on_an_occasion_is_no_topic() -> None:
    assert frames_of("The official spoke on condition of anonymity.") == []


def test_a_short_question_quoted_is_its_speakers() -> None:
    frames = frames_of("“You awake?” she said, but the baby was already asleep.")
    assert [(f.source_text, f.content_quote) for f in frames] == [("she", "“You awake?”")]


def test_a_short_quoted_phrase_is_no_statement_of_the_next_cue() -> None:
    frames = frames_of('Mocking the "rigged system," Patel accused the board of hiding losses.')
    assert only(frames, "Patel").content_quote == "the board of hiding losses"


def test_a_verb_coordinated_after_a_comma_keeps_the_subject() -> None:
    frames = frames_of("The mayor agreed, but also contended that the budget would not stretch.")
    assert only(frames, "the mayor").content_quote == "the budget would not stretch"


def test_an_aside_between_dashes_stays_in_the_content() -> None:
    frames = frames_of(
        "Roberts spoke of how the fight for justice flowed through -- and was sometimes set back "
        "by -- the courts."
    )
    assert only(frames, "Roberts").content_quote == (
        "how the fight for justice flowed through -- and was sometimes set back by -- the courts"
    )


def test_each_share_of_a_poll_holds_its_choice() -> None:
    frames = frames_of(
        "Among registered voters, 51 percent would back Ortiz and 40 percent would choose Lamb, "
        "while 6 percent prefer the Green candidate."
    )
    found = [(f.source_text, f.cue_text, f.content_quote) for f in frames]
    assert found == [
        ("51 percent", "back", "Ortiz"),
        ("40 percent", "choose", "Lamb"),
        ("6 percent", "prefer", "the Green candidate"),
    ]


def test_a_choice_verb_without_a_share_is_no_frame() -> None:
    assert frames_of("The rangers came back and the beams support the old roof.") == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Rivera has often cited expanding rural broadband as her first priority.",
            "Rivera",
            "expanding rural broadband as her first priority",
        ),
        (
            "The governor has mentioned raising the fuel tax to pay for the bridges.",
            "the governor",
            "raising the fuel tax to pay for the bridges",
        ),
    ],
)
def test_what_a_source_cites_or_mentions_may_open_with_a_gerund(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            'The strikers chanted "No cuts, no closures!"',
            "the strikers",
            '"No cuts, no closures!"',
        ),
        ("The referee asked, “Who threw that bottle?”", "the referee", "“Who threw that bottle?”"),
        (
            "Hundreds of students rallied outside the town hall while chanting, “Fund our schools "
            "now.”",
            "Hundreds of students",
            "“Fund our schools now.”",
        ),
        (
            "Farmers continued to call for lower fuel prices, blocking the bridge while shouting, "
            "“We will not pay more.”",
            "farmers",
            "“We will not pay more.”",
        ),
    ],
)
def test_a_voiced_quotation_is_its_voices(text: str, source: str, content: str) -> None:
    voiced = [f for f in frames_of(text) if f.source == source and f.content_quote == content]
    assert len(voiced) == 1, [(f.source, f.content_quote) for f in frames_of(text)]


def test_shouting_or_asking_without_a_quotation_is_no_frame() -> None:
    assert frames_of("The guard shouted at the driver and asked for help with the barrier.") == []


def test_a_speaker_before_a_participle_phrase_describing_it() -> None:
    frames = frames_of('Protesters marching past the embassy chanted "Free them now" for an hour.')
    assert only(frames, "protesters").content_quote == '"Free them now"'


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The union criticized the new depot manager, who started in May.",
            "the union",
            "the new depot manager",
        ),
        (
            "Patel blasted the council as “reckless” Tuesday on a local radio show.",
            "Patel",
            "the council as “reckless”",
        ),
    ],
)
def test_an_object_ends_before_the_writers_aside(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_a_phrase_ending_in_a_past_tense_is_no_speaker() -> None:
    frames = frames_of("The closure of the Dunmore mill renewed fears across the whole valley.")
    assert frames == []
    frames = frames_of("The three officials involved said the report would be published in May.")
    assert only(frames, "the three officials involved").content_quote == (
        "the report would be published in May"
    )


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The new stadium has been called a white elephant by local traders.",
            "local traders",
            "The new stadium … a white elephant",
        ),
        (
            "Plans to close the ward, which serves three towns, were rejected by the health board "
            "on Monday.",
            "the health board",
            "Plans to close the ward, which serves three towns",
        ),
    ],
)
def test_a_passive_cues_source_is_its_agent(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_a_passive_agent_inside_a_question_clause_is_no_frame() -> None:
    frames = frames_of(
        "She could not explain why the rule is cited on the website or why it was mentioned by "
        "her brother in an interview."
    )
    assert frames == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Okafor said the depot would stay open, but she refused to discuss the job cuts.",
            "the depot would stay open",
        ),
        (
            "Okafor said parents would not be charged, and when pressed on the cost she left.",
            "parents would not be charged",
        ),
        (
            "Okafor said she hopes to win the seat, but she knows that the race is close.",
            "she hopes to win the seat, but she knows that the race is close",
        ),
    ],
)
def test_a_content_ends_where_the_writer_goes_on_after_but(text: str, content: str) -> None:
    assert only(frames_of(text), "Okafor").content_quote == content


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Arguing that the tunnel would cost twice as much, Patel urged the council to wait.",
            "Patel",
            "the tunnel would cost twice as much",
        ),
        (
            "The mayor answered the protesters on Friday by saying the depot would stay open.",
            "the mayor",
            "the depot would stay open",
        ),
    ],
)
def test_a_participle_of_speech_speaks_for_the_clauses_subject(
    text: str, source: str, content: str
) -> None:
    said = [f for f in frames_of(text) if f.source == source and f.content_quote == content]
    assert len(said) == 1, [(f.source, f.content_quote) for f in frames_of(text)]


def test_punished_for_saying_is_no_statement_of_the_subject() -> None:
    assert frames_of("The coach was fined for saying the referee had been bribed.") == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Several nurses have expressed deep concern about the night rota.",
            "several nurses",
            "the night rota",
        ),
        (
            "The board expressed support for Ms. Diaz because of her record.",
            "the board",
            "Ms. Diaz",
        ),
        (
            "The ministers discussed the future of the northern rail link.",
            "the ministers",
            "the future of the northern rail link",
        ),
    ],
)
def test_what_a_view_is_expressed_about_or_discussed_is_the_content(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_expressed_without_a_feeling_is_no_frame() -> None:
    assert frames_of("The courier expressed the parcel to the Leeds office.") == []


def test_an_adverb_before_that_belongs_to_the_cue() -> None:
    frames = frames_of(
        "Landlords complain bitterly that repairs cost too much, but many tenants disagree."
    )
    assert only(frames, "Landlords").content_quote == "repairs cost too much"


def test_a_body_named_with_its_complement_may_be_a_long_source() -> None:
    frames = frames_of(
        "The party’s complaint to the D.C. Court of Appeals’ Board on Professional Conduct says "
        "the lawyer broke the rules."
    )
    frame = only(
        frames,
        "the party’s complaint to the D.C. Court of Appeals’ Board on Professional Conduct",
    )
    assert frame.content_quote == "the lawyer broke the rules"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Local traders see the new bypass as a threat to the high street.",
            "Local traders",
            "the new bypass as a threat to the high street",
        ),
        (
            "The fact-checkers rated the mayor’s claim as mostly false.",
            "the fact-checkers",
            "the mayor’s claim as mostly false",
        ),
    ],
)
def test_what_a_source_sees_as_or_rates_is_its_view(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_seeing_without_as_is_no_view_and_opens_no_statement() -> None:
    assert frames_of("The visitors will see the old harbour from the new bridge.") == []
    frames = frames_of(
        "“It is over,” she said of the vote, in which she was sure people would see the truth. "
        "“For me, anyway.”"
    )
    assert only(frames, "she").content_quote == "“It is over,” … “For me, anyway.”"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "The 1979 Harbour Charter obligates the port to keep the north quay open.",
            "the 1979 Harbour Charter",
            "the port to keep the north quay open",
        ),
        (
            "Though the club rules permit members to bring two guests, it’s rarely allowed.",
            "the club rules",
            "members to bring two guests",
        ),
    ],
)
def test_what_a_rule_lets_or_makes_someone_do_is_its_content(
    text: str, source: str, content: str
) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_what_the_weather_allows_is_no_frame() -> None:
    assert frames_of("The dry weather allowed the crews to finish the roof early.") == []


def test_a_rule_before_a_relative_that_is_the_source() -> None:
    frames = frames_of(
        "They acted under Article 4 of the Harbour Charter that allows for fines on late ships."
    )
    assert only(frames, "Article 4 of the Harbour Charter").content_quote == (
        "for fines on late ships"
    )


def test_an_object_ends_at_but_and_a_second_verb() -> None:
    frames = frames_of(
        "The club rules empower the board to expel members but include few other sanctions."
    )
    assert only(frames, "the club rules").content_quote == "the board to expel members"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Then someone asked how the council could pay for the new bridge.",
            "someone",
            "how the council could pay for the new bridge",
        ),
        (
            "The host asked Patel about her plans for the harbour.",
            "the host",
            "her plans for the harbour",
        ),
    ],
)
def test_an_indirect_question_is_what_was_asked(text: str, source: str, content: str) -> None:
    assert only(frames_of(text), source).content_quote == content


def test_asking_for_something_is_no_question() -> None:
    assert frames_of("The driver asked for help with the broken barrier.") == []


def test_what_a_source_charges_someone_with_is_its_content() -> None:
    frames = frames_of("Prosecutors in May charged two managers with falsifying safety records.")
    assert only(frames, "prosecutors").content_quote == (
        "two managers with falsifying safety records"
    )
    assert frames_of("The shop charged a small fee for the new batteries.") == []


def test_an_object_ends_before_in_large_part() -> None:
    frames = frames_of(
        "Many members of the board echo the mayor’s doubts about it, in large part because of cost."
    )
    assert only(frames, "many members of the board").content_quote == (
        "the mayor’s doubts about it"
    )


def test_a_content_ends_before_the_writers_gloss_on_a_closing_name() -> None:
    frames = frames_of(
        "Critics say the money would be better spent in partnership with Interpol, the "
        "international police body that links 190 countries."
    )
    assert only(frames, "critics").content_quote == (
        "the money would be better spent in partnership with Interpol"
    )
    frames = frames_of("The report also mentions Ada Brook, the nurse who raised the alarm.")
    assert only(frames, "the report").content_quote == "Ada Brook, the nurse who raised the alarm"
    frames = frames_of("The army said fuel had reached the base at Dorval, the first since March.")
    assert only(frames, "the army").content_quote == (
        "fuel had reached the base at Dorval, the first since March"
    )


def test_what_a_source_would_like_is_its_wish() -> None:
    frames = frames_of("The club would like to open a second pitch before the winter.")
    assert only(frames, "the club").content_quote == "to open a second pitch before the winter"
    assert frames_of("The club plays like the champions it hopes to become one day.") == []


def test_asked_after_and_keeps_the_clauses_subject() -> None:
    frames = frames_of("Okafor smiled and asked the crowd to welcome the new coach.")
    assert only(frames, "Okafor").content_quote == "the crowd to welcome the new coach"


def test_a_cue_that_needs_its_own_complement_tags_no_quote() -> None:
    frames = frames_of("“We will win,” the fans like to say before every match.")
    assert [f.cue_text for f in frames if f.cue_text in ("like", "back", "see")] == []


def test_according_to_a_source_with_a_number_keeps_the_number_whole() -> None:
    """'a study of 78,430 adults' was cut at its comma: source 'a study of 78', and '430 adults
    published ...' read as part of what it says."""
    (study,) = frames_of(
        "People who walk 9,800 steps a day were 51% less likely to develop dementia, according "
        "to a study of 78,430 adults published in JAMA Neurology."
    )
    assert study.source == "a study of 78,430 adults published in JAMA Neurology"
    assert study.content_quote == (
        "People who walk 9,800 steps a day were 51% less likely to develop dementia"
    )


def test_a_name_after_someones_role_names_the_speaker() -> None:
    (lawyer,) = frames_of("Tully's lawyer, Marcus Reid, said his client had never received money.")
    assert lawyer.source == "Marcus Reid"


def test_they_finds_a_one_word_company_its_own_clause_calls_its() -> None:
    """'Halvorsen has sent its renewal offer': no "Ltd" says Halvorsen is a company, its "its"
    does; a one-word name with "his" stays a person, whom "they" never stands for."""
    frames = frames_of(
        "Halvorsen has sent its renewal offer. They say the increase reflects steel prices."
    )
    assert only(frames, "Halvorsen").content_quote == "the increase reflects steel prices"
    frames = frames_of("Dunn has sent his renewal offer. They say the increase is fair.")
    assert [f.source for f in frames] == ["They"]
    # Once "its", always a company: the later "Halvorsen" is what "It" stands for.
    frames = frames_of(
        "Halvorsen and its owners sent an offer. The council rejected the offer on Monday. "
        "Halvorsen wants a rise of 7%. It says the cost of steel has doubled."
    )
    assert frames[-1].source == "Halvorsen" and frames[-1].source_text == "It"
    # "said its policy": the report's "its", not Miliband's, whom "they" never stands for.
    frames = frames_of("Miliband said its policy on rail would change. They say fares will rise.")
    assert [f.source for f in frames] == ["Miliband", "They"]


def test_he_is_nobody_the_document_calls_she() -> None:
    """An earlier "She told ..." went back to Margaret Hodge, "Mrs Hodge" is her title: the
    "He" after her is the man named before her, not she."""
    said_she = (
        "Ed Miliband said the tax scheme must end. Margaret Hodge, who chairs the committee, "
        "agreed. She told MPs the scheme was a disgrace. He has also called for an inquiry into "
        "the bank."
    )
    assert [f.source for f in frames_of(said_she)] == [
        "Ed Miliband",
        "Margaret Hodge",
        "Ed Miliband",
    ]
    titled = (
        "Ed Miliband wants the tax scheme to end. Mrs Hodge wrote to the bank on Monday. "
        "Margaret Hodge said the scheme was a disgrace. He has also called for an inquiry into "
        "the bank."
    )
    assert [f.source for f in frames_of(titled)][-1] == "Ed Miliband"


def test_a_title_speaks_for_a_surname_only_where_one_person_bears_it() -> None:
    """ "Mr Pring" is Barry Pring, not his mother Irene Pring; "Alison Wedgwood" said "she"
    is no evidence about Josiah Wedgwood."""
    frames = frames_of(
        "Barry Pring died in Kiev in 2008. Mr Pring was 47. His mother, Irene Pring, flew to "
        "Ukraine. She said the police had told her nothing about the investigation."
    )
    assert [f.source for f in frames] == ["Irene Pring"]


def test_they_are_the_people_the_sentence_before_is_about() -> None:
    """'The researchers, led by ..., used trackers from the UK Biobank. They said ...' was
    'UK Biobank said': the organisation the sentence names, not the people it is about."""
    (said,) = frames_of(
        "The researchers, led by Dr Ann Lee of the University of Leeds, used trackers from the "
        "UK Biobank. They said the benefit levelled off above 10,000 steps."
    )
    assert said.source == "the researchers"
    (far,) = frames_of(
        "The researchers found a link. The study ran for years. The Biobank lent trackers. "
        "They said the benefit levelled off."
    )
    assert far.source != "the researchers"


def test_a_frame_updated_is_the_one_replace_makes_without_its_init(monkeypatch) -> None:
    """`updated` (a frame's fields copied, about 70 times per 600-word article) gives what
    `dataclasses.replace` gives, without calling the frozen `__init__` again."""
    from dataclasses import replace

    from service.verify.attribution.frame import updated

    frame = analyze(load_document("The minister said the plan would work.", max_chars=1000))[0]
    made: list[Frame] = []
    init = Frame.__init__

    def counted(self: Frame, *args: object, **kwargs: object) -> None:
        made.append(self)
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Frame, "__init__", counted)
    changed = updated(frame, source="the premier", sentences=(2,), inner=frame)
    assert made == []
    assert changed == replace(frame, source="the premier", sentences=(2,), inner=frame)
    assert frame.source == "the minister" and frame.sentences == (1,)  # unchanged
    with pytest.raises(TypeError, match="no field sauce"):
        updated(frame, sauce="x")


def test_organisations_opening_a_sentence_are_found_where_their_first_word_is() -> None:
    """The organisation-subject pattern is tried only where "The", "Her", "Its"... begin, and
    finds what a scan of every position finds: at the text's start, after a line break or a
    sentence's end, never mid-sentence ("said The army"), nor twice inside one match."""
    import re

    from service.verify.attribution import coreference

    text = (
        "The army has not commented. Officials said The ministry was wrong.\n"
        "Her ministry will open clinics! Its council denied it. xThe union said no.\n"
        "Their police force later confirmed. Our agency, said the report, has left."
    )
    tried: list[int] = []
    original = coreference._ORG_SUBJECT

    class Counting:
        def match(self, string: str, pos: int) -> re.Match[str] | None:
            tried.append(pos)
            return original.match(string, pos)

    scanned = [m.span() for m in original.finditer(text)]
    try:
        coreference._ORG_SUBJECT = Counting()  # type: ignore[assignment]
        found = [m.span() for m in coreference._org_subject_matches(text)]
    finally:
        coreference._ORG_SUBJECT = original
    assert found == scanned and len(found) == 4
    assert [text[a:b] for a, b in found][:2] == ["The army", "Her ministry"]
    assert tried == [m.start() for m in re.finditer(r"The|Her|His|Its|Their|Our", text)]


def test_a_name_after_according_to_an_office_is_who_says_it() -> None:
    (chief,) = frames_of("Shares fell 3% on Monday, according to the exchange chief, Ann Lee.")
    assert (chief.source, chief.content_quote) == ("Ann Lee", "Shares fell 3% on Monday")
    (which,) = frames_of("Shares fell 3% on Monday, according to the exchange, which blamed it.")
    assert which.source == "the exchange"


def test_laut_and_nach_angaben_name_their_source_before_the_verb() -> None:
    """'Nach Angaben des Unternehmens sind rund 140.000 Haushalte betroffen' was the document's
    own fact: German puts the verb, not a comma, after who says it."""
    (company,) = frames_of("Nach Angaben des Unternehmens sind rund 140.000 Haushalte betroffen.")
    assert company.source == "des Unternehmens"
    assert company.content_quote == "sind rund 140.000 Haushalte betroffen"
    (police,) = frames_of("Laut Polizei wurden drei Menschen verletzt.")
    assert (police.source, police.content_quote) == ("Polizei", "wurden drei Menschen verletzt")


def test_french_frames_name_who_says_it() -> None:
    """A French story's every statement had been the outlet's own: its verbs take an auxiliary
    ("a déclaré"), its "selon" and "D'après" were no cues, and "un chiffre que la direction
    conteste" hid the denial behind a noun."""
    quoted = frames_of(
        "« Nous ne reprendrons pas le travail sans un accord écrit », a déclaré Julien Marchal, "
        "secrétaire général de SUD-Rail."
    )
    assert [f.source for f in quoted] == ["Julien Marchal"]
    (minister,) = frames_of(
        "La ministre des Transports, Claire Vidal, a dénoncé une grève « irresponsable »."
    )
    assert minister.source == "Claire Vidal"
    (management,) = frames_of(
        "Le trafic sera très perturbé jeudi, avec un TGV sur deux, "
        "selon la direction de l’entreprise."
    )
    assert management.source == "la direction de l’entreprise"
    assert management.content_quote == "Le trafic sera très perturbé jeudi, avec un TGV sur deux"
    (disputed,) = frames_of(
        "D’après le syndicat, la participation atteint 38 % chez les conducteurs, un chiffre que "
        "la direction conteste."
    )
    assert (disputed.source, disputed.stance) == ("la direction", "denies")
    assert disputed.inner is not None and disputed.inner.source == "le syndicat"
    assert disputed.inner.content_quote == "la participation atteint 38 % chez les conducteurs"


def test_he_is_never_a_day_a_place_or_a_body_and_a_possessive_names_the_person() -> None:
    """'As Ron Jones prepares to mark Holocaust Memorial Day ..., he says ...' was Holocaust
    Memorial Day's statement, and '"...," he said' after 'the Middle East' the Middle East's."""
    text = (
        "As Ron Jones, from Newport, prepares to mark Holocaust Memorial Day on Friday, he says "
        "there will also be a few memories which will make him smile. He was captured in 1943 "
        'fighting in the Middle East. "I think the Germans let us play to keep us quiet," he '
        "said. Whilst many of Mr Jones's friends died on the march, he believes it is no "
        "coincidence that those who played football fared better."
    )
    assert [f.source for f in frames_of(text)] == ["Ron Jones", "Ron Jones", "Jones"]


def test_it_goes_on_with_a_company_named_by_the_first_word_of_its_name() -> None:
    """'Norvik said ... It said talks were at an early stage' had been Halvorsen Group's, the
    last name with a company word in it."""
    text = (
        "Shares in Norvik Energy rose 14% after the company confirmed an approach from Halvorsen "
        "Group. Norvik said the approach valued the company at about £2.1 billion. It said talks "
        "were at an early stage and an offer was not certain."
    )
    assert [f.source for f in frames_of(text)][-1] == "Norvik"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (5, 15), 5),
        ((5, 15), (0, 10), 5),
        ((0, 10), (10, 20), 0),  # they meet, no character shared
        ((0, 10), (2, 4), 2),
        ((3, 3), (0, 10), 0),  # an empty span overlaps nothing
        ((0, 10), (12, 20), 0),
    ],
)
def test_overlap_and_touches_agree(a, b, expected):
    one, other = Span(*a), Span(*b)
    assert one.overlap(other) == expected
    assert touches([Span(30, 40), one], (Span(50, 60), other)) is (expected > 0)
    assert touches([], (other,)) is False


def test_a_quote_left_open_at_a_paragraphs_end_goes_on_in_the_next() -> None:
    """News style: one quotation over paragraphs, each opening with a mark and only the last
    closing. The second and third paragraphs had been the document's own."""
    text = (
        "Dr Amina Rauf, a hydrologist, gave evidence for three hours.\n\n"
        '"The barrier was designed for a one-in-75-year flood," she said. "We now see floods '
        "of that size every decade.\n\n"
        '"The Environment Agency knew this in 2019. It chose to patch the barrier.\n\n'
        '"Nobody has been held to account."\n\n'
        '"It will not happen again," the agency said.\n'
    )
    by_quote = {f.content[0].quote(text).split(".")[0]: f.source for f in frames_of(text)}
    assert by_quote['"The Environment Agency knew this in 2019'] == "Amina Rauf"
    assert by_quote['"Nobody has been held to account'] == "Amina Rauf"
    assert by_quote['"It will not happen again,"'] == "Environment Agency"


def test_a_citations_year_is_no_part_of_its_source() -> None:
    """A review's "Neal et al. (2021) found that ..." had been the review's own finding."""
    frame = only(
        frames_of("Neal et al. (2021) found that a salt substitute cut stroke by 14% in China."),
        "Neal et al.",
    )
    assert frame.content_quote == "a salt substitute cut stroke by 14% in China"


def test_a_paragraph_that_is_one_quotation_is_the_person_the_one_before_introduces() -> None:
    """An inquiry report's "Dr Amina Rauf, a hydrologist, gave evidence for three hours." then
    a paragraph of her words, no verb of saying: they had been the document's own."""
    text = (
        "Dr Amina Rauf, a hydrologist at the University of Bristol, gave evidence for three "
        'hours.\n\n"The barrier was designed for a one-in-75-year flood. We now see floods '
        'of that size every decade."\n\nThe agency disagreed.\n'
    )
    frame = only(frames_of(text), "Amina Rauf")
    assert frame.content_quote.startswith('"The barrier was designed')
    assert not frame.certain
    # A paragraph of two sentences before it introduces no one in particular.
    two = text.replace("three hours.", "three hours. The chair thanked her.")
    assert [f.source for f in frames_of(two)] == []


def test_a_courts_submits_that_reports_a_partys_case_and_submitted_a_report_does_not() -> None:
    frames = frames_of(
        "The appellant submits that Mr Reeves was dismissed for gross misconduct. "
        "The council submitted its report in March."
    )
    assert [(f.source, f.content_quote) for f in frames] == [
        ("the appellant", "Mr Reeves was dismissed for gross misconduct")
    ]


def test_a_sentence_in_brackets_is_read_as_any_other() -> None:
    frames = frames_of("It would be depreciated. (Trump said the plan would fail.)")
    assert [(f.source, f.content_quote) for f in frames] == [("Trump", "the plan would fail")]


def test_a_television_transcripts_office_after_the_name_ends_the_turn_before_it() -> None:
    """Cooper's turn had run on over Sam Price's, whose label names his office after a comma:
    'Sam Price says officials told him ...' was contradicted as Cooper's."""
    frames = frames_of(
        "COOPER: Sam, what is the administration saying?\n\n"
        "SAM PRICE, CNN CORRESPONDENT: Officials tell me Nevada was consulted in August.\n\n"
        "COOPER: The governor denies that.\n"
    )
    sources = [(f.source, f.content_quote) for f in frames if f.cue_text == ":"]
    assert sources == [
        ("COOPER", "Sam, what is the administration saying"),
        ("SAM PRICE", "Officials tell me Nevada was consulted in August"),
        ("COOPER", "The governor denies that"),
    ]


def test_she_is_the_person_named_before_not_the_institution_beside_her() -> None:
    """ "Professor Mary Chen, a hepatologist at King's College London ..., said ... 'People
    shouldn't ...,' she said": "she" had been King's College London, a college being no
    organisation; "It" after "the Sutton Trust" is the trust."""
    frames = frames_of(
        "Professor Mary Chen, a hepatologist at King's College London who was not involved "
        "in the study, said the findings were interesting. \"People shouldn't start drinking "
        'coffee to protect their liver," she said.'
    )
    assert [f.source for f in frames] == ["Professor Mary Chen", "Professor Mary Chen"]
    (_, it) = frames_of(
        "The Sutton Trust says many apprenticeships are too short. It says thousands more "
        "should be created."
    )
    assert it.source == "Sutton Trust"


def test_the_name_after_an_office_in_according_to_is_who_says_it() -> None:
    """ "According to the transport minister, Paul Martin, a deal ...": "Paul Martin" had been
    part of what the minister says; a place after a report is not a name that speaks."""
    (minister,) = frames_of(
        "According to the transport minister, Paul Martin, a deal is still possible."
    )
    assert minister.source == "Paul Martin"
    assert minister.content_quote == "a deal is still possible"
    (report,) = frames_of(
        "According to the report, New York, Paris and Rome are the most expensive cities."
    )
    assert report.source == "the report"
