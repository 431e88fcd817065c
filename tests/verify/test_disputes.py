"""Disputes (sources disagree about a claim) and corroboration (independent sources agree)."""

from __future__ import annotations

from service.document import Document, load_document
from service.schemas import Claim, Evidence
from service.verify.attribution import Frame, analyze
from service.verify.disputes import find_disputes
from service.verify.sources import check_claim_source


def summarise(
    text: str, drafted: list[tuple[str, str | None, list[int]]]
) -> tuple[Document, list[Frame], list[Claim]]:
    """What the pipeline does with a draft: source check per claim, evidence from sentences."""
    doc = load_document(text, max_chars=10_000)
    frames = analyze(doc)
    claims = []
    for number, (claim_text, source, sentences) in enumerate(drafted, 1):
        result = check_claim_source(
            doc,
            frames,
            claim_text=claim_text,
            draft_source=source,
            draft_cue=None,
            sentences=sentences,
        )
        content = [
            Evidence(start=s.start, end=s.end, quote=s.text)
            for n in sentences
            if (s := doc.sentence(n)) is not None
        ]
        claims.append(
            Claim(
                id=f"c{number}",
                text=claim_text,
                source=result.source,
                cue=result.cue,
                status=result.status,
                evidence=content + result.evidence,
                verified=all(c.passed for c in result.checks),
                checks=result.checks,
            )
        )
    return doc, frames, claims


def assert_exact(text: str, evidence: list[Evidence]) -> None:
    for item in evidence:
        assert text[item.start : item.end] == item.quote


DENIAL = (
    "Rebels seized an army base in Idlib on Tuesday. "
    "The Syrian Observatory for Human Rights said 50 soldiers were killed in the assault. "
    "The army denied the report."
)


def test_a_denial_that_follows_a_claim_disputes_it() -> None:
    doc, frames, claims = summarise(
        DENIAL, [("50 soldiers were killed in the assault", "Syrian Observatory", [2])]
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    (dispute,) = disputes
    stances = {(p.source, p.stance) for p in dispute.parties}
    assert stances == {
        ("the Syrian Observatory for Human Rights", "asserts"),
        ("the army", "denies"),
    }
    assert dispute.parties[0].claim_id == "c1"
    for party in dispute.parties:
        assert party.evidence
        assert_exact(DENIAL, party.evidence)
    assert any(
        c.name == "disputed" and "'the army' denies it" in c.reason for c in updated[0].checks
    )


def test_denial_drafted_as_its_own_claim_is_a_party_too() -> None:
    doc, frames, claims = summarise(
        DENIAL,
        [
            ("50 soldiers were killed in the assault", "the Observatory", [2]),
            ("The army denied the report", "the army", [3]),
        ],
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert [c.status for c in updated] == ["disputed", "disputed"]
    (dispute,) = disputes
    assert {p.claim_id for p in dispute.parties} == {"c1", "c2"}


def test_own_voice_statement_denied_by_a_source() -> None:
    text = "Forty civilians were killed in the air strike on Aleppo. The Russian defence ministry denied that its jets struck civilians in Aleppo."  # noqa: E501
    doc, frames, claims = summarise(text, [("Forty civilians were killed in Aleppo", None, [1])])
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    assert {p.stance for p in disputes[0].parties} == {"asserts", "denies"}
    assert disputes[0].parties[0].source is None  # the document itself asserts it


def test_conflicting_numbers_from_two_sources_are_a_dispute() -> None:
    text = (
        "Activists said 50 soldiers were killed in the Idlib assault. "
        "State media said three soldiers were killed in the Idlib assault."
    )
    doc, frames, claims = summarise(text, [("50 soldiers were killed in Idlib", "activists", [1])])
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    assert {p.source for p in disputes[0].parties} == {"activists", "State media"}


def test_two_sources_agree_corroborates() -> None:
    text = (
        "Activists said 50 soldiers were killed in the assault on the Idlib base. "
        "A local medic confirmed that 50 soldiers were killed in the assault on the base."
    )
    doc, frames, claims = summarise(
        text, [("50 soldiers were killed in the assault on the Idlib base", "activists", [1])]
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert disputes == []
    assert updated[0].status == "attributed"
    assert updated[0].corroborated_by == ["a local medic"]
    assert any(c.name == "corroborated" for c in updated[0].checks)


def test_short_confirmation_right_after_corroborates() -> None:
    text = (
        "The Syrian Observatory for Human Rights said 50 soldiers were killed. "
        "The UN confirmed the toll."
    )
    doc, frames, claims = summarise(text, [("50 soldiers were killed", "the Observatory", [1])])
    updated, _ = find_disputes(doc, frames, claims)
    assert updated[0].corroborated_by == ["the UN"]


def test_same_source_twice_is_not_corroboration() -> None:
    text = (
        "Activists said 50 soldiers were killed in the Idlib assault.\n"
        "Photo: smoke over the base, where 50 soldiers were killed in the Idlib assault, "
        "activists said\n"
    )
    doc, frames, claims = summarise(text, [("50 soldiers were killed in Idlib", "activists", [1])])
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].corroborated_by == [] and disputes == []


def test_caption_that_restates_the_body_is_neither_a_second_source_nor_a_dispute() -> None:
    text = (
        "Rebels storm Idlib army base\n"
        "Activists said rebels killed 50 soldiers when they stormed the army base in Idlib.\n"
        "Rebels killed 50 soldiers at the Idlib army base\n"
    )
    doc, frames, claims = summarise(
        text,
        [
            ("Rebels killed 50 soldiers at the army base", None, [3]),
            ("Rebels killed 50 soldiers in Idlib", "activists", [2]),
        ],
    )
    assert claims[0].source == "activists"  # the caption carries the body's attribution
    updated, disputes = find_disputes(doc, frames, claims)
    assert disputes == []
    assert all(c.corroborated_by == [] for c in updated)


def test_unrelated_claims_are_left_alone() -> None:
    text = (
        "Rebels seized an army base in Idlib. The army said it shot down a drone near Hama. "
        "Residents denied that the bakery had closed."
    )
    doc, frames, claims = summarise(
        text,
        [
            ("Rebels seized an army base in Idlib", None, [1]),
            ("The army shot down a drone near Hama", "the army", [2]),
        ],
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert disputes == []
    assert [c.status for c in updated] == ["asserted", "attributed"]


def test_the_accused_denying_is_a_dispute() -> None:
    text = (
        "Anglers said a discharge from the Castell Chemicals plant killed thousands of fish. "
        "Castell Chemicals denied that its plant was responsible."
    )
    doc, frames, claims = summarise(
        text, [("A discharge killed thousands of fish", "anglers", [1])]
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    assert ("Castell Chemicals", "denies") in {(p.source, p.stance) for p in disputes[0].parties}


def test_denial_answers_every_statement_of_the_speaker_it_answers() -> None:
    text = (
        "The mayor said the police chief had told him the Eastside station would close. "
        "The mayor said the station's 40 officers would move to headquarters. "
        "The police force said no decision had been taken."
    )
    doc, frames, claims = summarise(text, [("The Eastside station will close", "the mayor", [1])])
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    assert any(p.stance == "denies" and p.source == "the police force" for p in disputes[0].parties)


def test_numbers_of_different_things_are_not_a_dispute() -> None:
    text = (
        "Emergency services said 1,200 homes were evacuated in the Calder valley. "
        "The fire service said crews rescued 76 people from homes and cars in the valley."
    )
    doc, frames, claims = summarise(text, [("1,200 homes were evacuated", None, [1])])
    _, disputes = find_disputes(doc, frames, claims)
    assert disputes == []


def test_a_denial_that_names_its_accuser_disputes_the_accuser_not_a_bystander() -> None:
    """The company denies the union's claim; the union leader's quote that mentions the company
    is about something else and joins no dispute."""
    text = (
        '"We will stay out until the company comes back with a serious offer," said Maria Okafor. '
        "The company denied claims by the union that it planned to replace striking workers "
        "with agency staff."
    )
    doc, frames, claims = summarise(
        text,
        [
            (
                "We will stay out until the company comes back with a serious offer",
                "Maria Okafor",
                [1],
            ),
            ("The company denied it planned to replace striking workers", "the company", [2]),
        ],
    )
    updated, disputes = find_disputes(doc, frames, claims)
    (dispute,) = disputes
    assert [(p.source, p.stance) for p in dispute.parties] == [
        ("the company", "denies"),
        ("the union", "asserts"),
    ]
    union = dispute.parties[1]
    assert all(doc.text[e.start : e.end] == e.quote for e in union.evidence)
    assert updated[0].status == "attributed" and updated[1].status == "disputed"


def test_a_short_denial_answers_the_statement_right_before_it() -> None:
    text = (
        "The Front said its fighters had captured the villages of Armin and Tesk. "
        "The army denied that the villages had fallen. "
        "The army said it had received a new delivery of fuel for its vehicles."
    )
    doc, frames, claims = summarise(
        text, [("The Front said its fighters had captured the villages", "the Front", [1])]
    )
    updated, disputes = find_disputes(doc, frames, claims)
    assert updated[0].status == "disputed"
    (dispute,) = disputes
    assert [(p.source, p.stance) for p in dispute.parties] == [
        ("the Front", "asserts"),
        ("the army", "denies"),
    ]


def test_a_denial_followed_by_its_speakers_reasons_disputes_the_statement_before_it() -> None:
    from service.assembly import build_summary
    from service.draft import Draft
    from service.reading import read
    from service.testing.summaries import fake_provenance

    text = (
        "Rebel commanders said their forces had captured three villages east of the town. "
        "The army denied the claim, saying its troops still held all positions around Kessa."
    )
    draft = Draft.model_validate(
        {"headline": "x", "summary": "Fighting went on.", "claims": [{"ids": [1]}, {"ids": [2]}]}
    )
    made = build_summary(
        read(text), draft, max_claims=8, provenance=fake_provenance(), warnings=[], fill_to=0
    )
    (dispute,) = made.disputes
    assert [(p.source, p.stance) for p in dispute.parties] == [
        ("Rebel commanders", "asserts"),
        ("the army", "denies"),
    ]


def test_only_pairs_that_could_disagree_are_compared(monkeypatch) -> None:
    """A claim is compared with another party only when one of them denies and the other does
    not, or both count something: the statements below neither deny nor count, so no pair is
    compared, and the denial below is compared with the claim it answers."""
    import service.verify.disputes as disputes

    compared: list[tuple[str | None, str | None]] = []
    original = disputes._disagree

    def counted(a, b, nearest):  # type: ignore[no-untyped-def]
        compared.append((a.source, b.source))
        return original(a, b, nearest)

    monkeypatch.setattr(disputes, "_disagree", counted)
    text = (
        "The mayor said the bridge would reopen in spring. "
        "Engineers said the repairs were going well. "
        "Residents said they were glad."
    )
    mayor = ("The bridge would reopen in spring.", "the mayor", [1])
    doc, frames, claims = summarise(text, [mayor])
    find_disputes(doc, frames, claims)
    assert compared == []
    observatory = ("50 soldiers were killed.", "Syrian Observatory", [2])
    doc, frames, claims = summarise(DENIAL, [observatory])
    _, disputes_found = find_disputes(doc, frames, claims)
    assert compared and len(disputes_found) == 1
