"""The core pipeline against a real HTTP fake of an OpenAI-compatible endpoint."""

from __future__ import annotations

import json

import pytest

from service.config import Settings
from service.errors import (
    ModelOutputError,
    UpstreamError,
    UpstreamTimeout,
)
from service.llm.base import ModelReply, ModelRequest
from service.llm.openai_compat import OpenAICompatBackend
from service.progress import Progress, no_progress
from service.prompts import load_prompt
from service.reading import read
from service.schemas import Check, Claim, Summary, SummaryOptions
from service.summarize import summarize
from service.testing.drafts import GOOD_DRAFT, draft_with, draft_with_claim
from service.testing.engines import FakeBackend
from service.testing.openai_server import FakeOpenAI, Reply, draft_reply, error_reply
from tests.conftest import fake_settings


def assert_evidence_exact(summary: Summary, text: str) -> None:
    for claim in summary.claims:
        assert claim.evidence
        for ev in claim.evidence:
            assert text[ev.start : ev.end] == ev.quote


async def run(fake: FakeOpenAI, text: str, sleeps: list[float] | None = None, **settings: object):
    async def record_sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    cfg = fake_settings(fake, **settings)
    backend = OpenAICompatBackend(cfg, sleep=record_sleep)
    try:
        return await summarize(text, backend, cfg)
    finally:
        await backend.aclose()


async def test_valid_draft_becomes_verified_summary(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)

    assert [c.verified for c in summary.claims] == [True, True, True]
    assert_evidence_exact(summary, sample_text)
    assert summary.claims[0].source == "the port authority"
    assert summary.claims[0].status == "attributed"
    assert summary.claims[1].text.startswith("The Harwick Dockers' Union said its members")
    assert summary.claims[2].source is None and summary.claims[2].status == "asserted"
    p = summary.provenance
    assert (p.backend, p.model, p.attempts, p.mode) == ("openai", "fake-model", 1, "model")
    assert p.prompt == load_prompt("summarize").version
    assert p.usage.prompt_tokens == 120 and p.usage.completion_tokens == 80
    assert (summary.document.sentences, summary.document.statements) == (17, 15)
    assert summary.warnings == []
    Summary.model_validate_json(summary.model_dump_json())
    sent = fake_openai.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True


async def test_the_model_reads_who_says_what(fake_openai: FakeOpenAI, sample_text: str):
    """Numbered statements annotated with speaker and cue; the title apart; no caption."""
    fake_openai.enqueue(draft_reply(GOOD_DRAFT))
    await run(fake_openai, sample_text)

    user = fake_openai.requests[0]["messages"][1]["content"]
    assert "Title: Dock workers walk out at Harwick port" in user
    assert (
        "[6] (the company, denied) claims by the union that it planned to replace striking "
        "workers with agency staff" in user
    )
    assert "[14] The last strike at the port, in 2019, lasted nine days." in user
    assert "Photo:" not in user
    schema = fake_openai.requests[0]["response_format"]["json_schema"]["schema"]
    cited = schema["$defs"]["DraftClaim"]["properties"]["ids"]["items"]
    assert cited["enum"] == list(range(1, 16))


async def test_invalid_json_is_reasked_with_the_error(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(content="I think the strike is bad."), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)

    assert len(summary.claims) == 3
    assert summary.provenance.attempts == 2
    assert summary.provenance.usage.prompt_tokens == 240
    reask = fake_openai.requests[1]["messages"][-1]["content"]
    assert "contains no JSON object" in reask
    assert (
        reask
        == load_prompt("summarize").followup("invalid", error="the answer contains no JSON object")[
            "content"
        ]
    )


async def test_schema_violation_is_reasked_with_field_path(
    fake_openai: FakeOpenAI, sample_text: str
):
    bad = draft_with(claims=[{"text": "no statement cited"}])
    fake_openai.enqueue(draft_reply(bad), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)

    assert len(summary.claims) == 3
    assert "claims.0.ids" in fake_openai.requests[1]["messages"][-1]["content"]


# --- the extractive floor: the model answered, but its answer cannot be used -------------------


TITLE = "Dock workers walk out at Harwick port as talks over pay collapse"


def assert_extractive(summary: Summary, text: str) -> None:
    assert summary.provenance.mode == "extractive"
    assert any(w.startswith("extractive summary") for w in summary.warnings)
    assert len(summary.claims) >= 3 and all(c.verified for c in summary.claims)
    assert_evidence_exact(summary, text)
    # The document's title; the walkout it states is the port authority's statement in the body.
    assert summary.headline == TITLE + ", the port authority says"
    assert summary.claims[0].source == "the port authority"


async def test_invalid_beyond_the_reasks_falls_back_to_extractive(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(*[Reply(content="not json at all")] * 3)
    summary = await run(fake_openai, sample_text, max_reasks=2)
    assert_extractive(summary, sample_text)
    assert summary.provenance.attempts == 3
    assert "after 3 attempts and 600 tokens" in summary.warnings[-1]


async def test_require_model_turns_the_floor_into_an_error(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(*[Reply(content="not json at all")] * 3)
    cfg = fake_settings(fake_openai, max_reasks=2)
    backend = OpenAICompatBackend(cfg)
    try:
        with pytest.raises(ModelOutputError) as caught:
            await summarize(sample_text, backend, cfg, options=SummaryOptions(require_model=True))
    finally:
        await backend.aclose()
    assert caught.value.attempts == 3


async def test_refusal_is_not_reasked_and_falls_back(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(refusal="I can't help with that."), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)
    assert_extractive(summary, sample_text)
    assert "I can't help with that" in summary.warnings[-1]
    assert len(fake_openai.requests) == 1


async def test_truncated_before_any_claim_falls_back(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(content='{"headline": "Dock', finish_reason="length"))
    summary = await run(fake_openai, sample_text)
    assert_extractive(summary, sample_text)
    assert "cut off" in summary.warnings[-1]
    assert len(fake_openai.requests) == 1


async def test_token_budget_ends_the_reasks_and_falls_back(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(*[Reply(content="nope", prompt_tokens=900)] * 3)
    summary = await run(fake_openai, sample_text, token_budget=1000)
    assert_extractive(summary, sample_text)
    assert "token budget of 1000" in summary.warnings[-1]
    assert len(fake_openai.requests) == 2


async def test_nothing_verifiable_falls_back(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [99], "text": "Made up."}])))
    summary = await run(fake_openai, sample_text)
    assert_extractive(summary, sample_text)
    assert any("statement 99 does not exist" in w for w in summary.warnings)


async def test_an_endpoint_outage_stays_an_error(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(*[error_reply(500)] * 3)
    with pytest.raises(UpstreamError):
        await run(fake_openai, sample_text, max_attempts=3)


# --- claims come from the chosen statements; the model's words only where they hold -----------


def check(claim: Claim, name: str) -> Check:
    return check_named(claim.checks, name)


def check_named(checks: list[Check], name: str) -> Check:
    return next(c for c in checks if c.name == name)


async def test_unknown_statements_are_left_out_with_a_warning(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(draft_with_claim({"ids": [40], "text": ""})))
    summary = await run(fake_openai, sample_text)
    assert len(summary.claims) == 3
    assert any("statement 40 does not exist (the document has 15)" in w for w in summary.warnings)


async def test_a_rewrite_with_an_invented_number_is_set_aside(
    fake_openai: FakeOpenAI, sample_text: str
):
    wrong = {"ids": [1], "text": "About 3,100 dock workers stopped work, the port authority said."}
    fake_openai.enqueue(draft_reply(draft_with(claims=[wrong])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.verified and "3,100" not in claim.text and "2,400" in claim.text
    reason = check(claim, "rewrite_supported").reason
    assert reason.startswith("repaired:") and "3100" in reason
    assert len(fake_openai.requests) == 1  # no re-ask: the statement's own words stand in


async def test_a_rewrite_naming_another_speaker_is_set_aside(
    fake_openai: FakeOpenAI, sample_text: str
):
    """The minister urged talks; a rewrite that gives it to the union is not used."""
    wrong = {"ids": [11], "text": "The union urged both sides to return to talks."}
    fake_openai.enqueue(draft_reply(draft_with(claims=[wrong])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.source == "Transport Minister David Lindqvist"
    assert claim.text == "Transport Minister David Lindqvist urged both sides to return to talks."
    assert "names 'The union' as the speaker" in check(claim, "rewrite_supported").reason


async def test_an_invented_source_of_an_own_voice_statement_is_set_aside(
    fake_openai: FakeOpenAI, sample_text: str
):
    invented = {"ids": [14], "text": "Reuters reported the last strike lasted nine days."}
    fake_openai.enqueue(draft_reply(draft_with(claims=[invented])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.source is None and claim.status == "asserted" and claim.verified
    assert claim.text == "The last strike at the port, in 2019, lasted nine days."
    assert "Reuters" in check(claim, "rewrite_supported").reason


async def test_a_rewrite_that_drops_the_attribution_gets_it_back(
    fake_openai: FakeOpenAI, sample_text: str
):
    bare = {"ids": [10], "text": "The strike costs the regional economy £18 million a day."}
    fake_openai.enqueue(draft_reply(draft_with(claims=[bare])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.text == (
        "According to the Harwick Chamber of Commerce, the strike costs the regional economy "
        "£18 million a day."
    )
    assert claim.source == "the Harwick Chamber of Commerce" and claim.verified
    assert check(claim, "rewrite_keeps_attribution").reason.startswith("repaired:")


async def test_a_rewrite_of_a_denial_must_keep_the_denial(
    fake_openai: FakeOpenAI, sample_text: str
):
    flipped = {"ids": [6], "text": "The company planned to replace striking workers."}
    fake_openai.enqueue(draft_reply(draft_with(claims=[flipped])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.text.startswith("The company denied claims by the union")
    assert claim.cue == "denied"


async def test_a_pronoun_speaker_is_named_in_the_claim(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [12], "text": ""}])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.text.startswith("Transport Minister David Lindqvist said the government")
    assert {e.role for e in claim.evidence} == {"content", "attribution"}
    assert_evidence_exact(summary, sample_text)


async def test_a_repeated_claim_ends_the_list(fake_openai: FakeOpenAI, sample_text: str):
    looping = draft_with(
        claims=[*GOOD_DRAFT["claims"], {"ids": [1], "text": "again"}, {"ids": [13], "text": ""}]
    )
    fake_openai.enqueue(draft_reply(looping))
    summary = await run(fake_openai, sample_text)
    assert len(summary.claims) == 3  # the repeat and everything after it


# --- the headline and summary say only what the claims support ---------------------------------


async def test_overview_sentences_the_claims_do_not_bear_out_are_dropped(
    fake_openai: FakeOpenAI, sample_text: str
):
    draft = draft_with(
        headline="5,000 dock workers strike at Harwick",
        summary="About 2,400 dock workers stopped work, the port authority said. "
        "The strike was caused by a dispute over pensions. Losses reach £90 million.",
    )
    fake_openai.enqueue(draft_reply(draft))
    summary = await run(fake_openai, sample_text)

    assert summary.headline == TITLE + ", the port authority says"
    first, *rest = summary.summary.split(". ")
    assert first == "About 2,400 dock workers stopped work, the port authority said"
    assert "pensions" not in summary.summary and "£90" not in summary.summary
    assert len(rest) == 2  # completed with two of the claims
    failed = {c.name: c.reason for c in summary.checks if not c.passed}
    assert "5000" in failed["headline_in_document"] and "repaired" in failed["headline_in_document"]
    assert "pensions" in failed["summary_in_document"] and "90" in failed["summary_in_document"]
    # Every claim is a key point; those the summary was completed with come last.
    assert sorted(summary.key_points) == sorted(c.text for c in summary.claims)
    assert summary.key_points[0] not in summary.summary
    assert summary.key_points[-1] in summary.summary


async def test_a_summary_sentence_the_model_repeats_is_said_once(
    fake_openai: FakeOpenAI, sample_text: str
):
    said = "About 2,400 dock workers stopped work, the port authority said."
    fake_openai.enqueue(draft_reply(draft_with(summary=f"{said} {said} {said}")))
    summary = await run(fake_openai, sample_text)

    assert summary.summary.count(said) == 1
    assert len(summary.summary.split(". ")) == 3  # completed with two of the claims
    failed = {c.name: c.reason for c in summary.checks if not c.passed}
    assert failed["summary_in_document"].count("it repeats an earlier sentence") == 2


async def test_a_hedge_names_the_speaker_of_the_claim_it_rests_on(
    fake_openai: FakeOpenAI, sample_text: str
):
    """Not a nearby name: the Chamber's estimate is the Chamber's, whoever else is quoted."""
    draft = draft_with(
        summary="The strike is costing the regional economy £18 million a day.",
        claims=[{"ids": [3], "text": ""}, {"ids": [10], "text": ""}],
    )
    fake_openai.enqueue(draft_reply(draft))
    summary = await run(fake_openai, sample_text)

    assert (
        "According to the Harwick Chamber of Commerce, the strike is costing the regional "
        "economy £18 million a day." in summary.summary
    )
    hedge = next(c for c in summary.checks if c.name == "hedge:summary")
    assert not hedge.passed and "claim c2" in hedge.reason


async def test_an_empty_summary_is_rebuilt_from_the_claims_as_sentences(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(draft_with(summary="")))
    summary = await run(fake_openai, sample_text)
    texts = [c.text for c in summary.claims]
    assert summary.summary == " ".join(texts)
    assert all(t.endswith(".") for t in texts)


async def test_429_honours_retry_after(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(
        error_reply(429, "slow down", headers={"retry-after": "2"}), draft_reply(GOOD_DRAFT)
    )
    sleeps: list[float] = []
    summary = await run(fake_openai, sample_text, sleeps)

    assert sleeps == [2.0]
    assert summary.provenance.attempts == 2


async def test_retry_after_is_capped(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(error_reply(503, headers={"retry-after": "3600"}), draft_reply(GOOD_DRAFT))
    sleeps: list[float] = []
    await run(fake_openai, sample_text, sleeps, retry_after_cap_s=7.0)
    assert sleeps == [7.0]


async def test_repeated_500s_end_with_attempt_count(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(*[error_reply(500)] * 5)
    sleeps: list[float] = []
    with pytest.raises(UpstreamError) as caught:
        await run(fake_openai, sample_text, sleeps, max_attempts=3)
    assert caught.value.attempts == 3
    assert len(fake_openai.requests) == 3 and len(sleeps) == 2
    assert "HTTP 500" in str(caught.value) and "after 3 attempts" in str(caught.value)


async def test_client_errors_are_not_retried(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(error_reply(401, "bad key sk-secret"))
    with pytest.raises(UpstreamError) as caught:
        await run(fake_openai, sample_text)
    assert len(fake_openai.requests) == 1
    assert "SOURCED_API_KEY" in str(caught.value)
    assert "sk-secret" not in str(caught.value)  # no provider payload in our errors


async def test_slow_answer_times_out(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(*[draft_reply(GOOD_DRAFT, delay=1.0)] * 2)
    with pytest.raises(UpstreamTimeout) as caught:
        await run(fake_openai, sample_text, request_timeout_s=0.2, max_attempts=2)
    assert caught.value.attempts == 2
    assert "did not answer within 0.2s" in str(caught.value)


@pytest.mark.parametrize("mode", ["tool", "json_object"])
async def test_other_output_modes(fake_openai: FakeOpenAI, sample_text: str, mode: str):
    fake_openai.enqueue(draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text, output_mode=mode)

    assert len(summary.claims) == 3
    sent = fake_openai.requests[0]
    if mode == "tool":
        assert sent["tool_choice"]["function"]["name"] == "summary_draft"
        assert "response_format" not in sent
    else:
        assert sent["response_format"] == {"type": "json_object"}
        assert '"claims"' in sent["messages"][0]["content"]


async def test_lenient_parse_accepts_fences_and_raw_newlines(
    fake_openai: FakeOpenAI, sample_text: str
):
    raw = json.dumps(GOOD_DRAFT).replace("stopped work after", "stopped\nwork after")
    fake_openai.enqueue(Reply(content=f"```json\n{raw}\n```"))
    summary = await run(fake_openai, sample_text)
    assert len(summary.claims) == 3 and "stopped work after" in summary.summary


async def test_truncated_answer_keeps_its_complete_claims(
    fake_openai: FakeOpenAI, sample_text: str
):
    whole = json.dumps(GOOD_DRAFT)
    cut = whole[: whole.index('"The last strike') + 20]  # inside the third claim
    fake_openai.enqueue(Reply(content=cut, finish_reason="length"))
    summary = await run(fake_openai, sample_text)

    assert len(fake_openai.requests) == 1
    assert len(summary.claims) == 2 and summary.provenance.mode == "model"
    assert any("cut off at 1200 tokens" in w for w in summary.warnings)


# --- a draft with few verified claims is filled up from the reading ------------------------------


async def test_a_short_draft_is_filled_with_the_leading_statements(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [14], "text": ""}])))
    summary = await run(fake_openai, sample_text, fill_claims=6)

    assert len(summary.claims) == 6 and all(c.verified for c in summary.claims)
    assert summary.claims[0].text.startswith("The last strike at the port")  # the model's first
    added = [c for c in summary.claims if any(k.name == "chosen_by_service" for k in c.checks)]
    assert len(added) == 5
    # The company's denial ranks high: the union/company dispute is in the summary.
    assert any(c.cue == "denied" for c in added)
    assert summary.disputes
    assert summary.provenance.claims_drafted == 1 and summary.provenance.claims_dropped == 0
    assert "5 more are the document's leading statements" in " ".join(summary.warnings)
    assert_evidence_exact(summary, sample_text)


async def test_a_draft_with_nothing_verifiable_is_not_filled_but_extractive(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [99], "text": ""}])))
    summary = await run(fake_openai, sample_text, fill_claims=6)
    assert summary.provenance.mode == "extractive"


def test_a_denial_ranks_by_its_sentence_not_the_few_words_it_denies() -> None:
    """'The agency denied that it had ignored the forecast.' reports five words; ranked as a
    fragment it fell behind statements that matter less, and the dispute with it."""
    from service.extractive import rank_statements

    text = (
        "Rescue crews evacuated more than 3,000 people from villages along the river on Sunday, "
        "the emergency agency said. The agency said at least four people had died and nine were "
        "missing. Its director told reporters that crews had reached every village by nightfall. "
        "Residents of the worst-hit town said the warning came too late. "
        "A councillor accused the agency of ignoring a forecast issued on Friday. "
        "The agency denied that it had ignored the forecast. "
        "The weather service said it had issued an amber warning on Friday afternoon. "
        "Insurers estimated the damage at up to 120 million euros on Sunday evening. "
        "More rain is forecast for Tuesday and Wednesday across the whole valley."
    )
    ranked = rank_statements(read(text), 4)
    assert any(s.stance == "denies" for s in ranked), [s.claim_text for s in ranked]


async def test_filling_a_long_document_ranks_only_the_statements_it_needs(
    fake_openai: FakeOpenAI, sample_text: str, monkeypatch: pytest.MonkeyPatch
):
    """Ranking every statement is quadratic (a 100,000-word job spent minutes there); the fill
    takes the ranking lazily, a few passes over the statements for the few it adds."""
    from service import extractive

    weighed: list[int] = []
    speaker = extractive._speaker
    monkeypatch.setattr(extractive, "_speaker", lambda s: weighed.append(1) or speaker(s))
    paragraphs = [
        f"Inspectors counted {n} damaged piers at harbour number {n} on day {n}."
        for n in range(400)
    ]
    text = sample_text + "\n\n" + "\n\n".join(paragraphs)
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [14], "text": ""}])))
    summary = await run(fake_openai, text, fill_claims=6, max_document_chars=100_000)

    assert len(summary.claims) == 6
    statements = summary.document.statements
    assert statements > 400
    assert len(weighed) < 20 * statements  # ranking them all: about statements² / 2


@pytest.mark.parametrize(
    ("number", "rewrite", "expected", "why"),
    [
        (1, "The port authority said so.", "About 2,400 dock workers", "leaves out what"),
        (2, "the Harwick Dockers' Union, said", "The Harwick Dockers' Union said", "label"),
        (
            5,
            "the union of walking away from the table",
            "Coastline Terminals accused the union of walking away from the table.",
            "drops that 'Coastline Terminals' accused it",
        ),
        (
            4,
            "Coastline Terminals, said} the offer was fair and generous",
            'Coastline Terminals said the offer was "fair and generous".',
            "markup '}'",
        ),
    ],
    ids=["names-only-the-speaker", "is-the-label", "bare-accusation", "copies-the-markup"],
)
async def test_a_rewrite_that_does_not_hold_gives_way_to_the_statement(
    fake_openai: FakeOpenAI, sample_text: str, number: int, rewrite: str, expected: str, why: str
):
    fake_openai.enqueue(draft_reply(draft_with(claims=[{"ids": [number], "text": rewrite}])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.text.startswith(expected) and claim.verified
    assert why in check(claim, "rewrite_supported").reason


async def test_an_unfinished_last_summary_sentence_is_dropped(
    fake_openai: FakeOpenAI, sample_text: str
):
    cut = (
        "About 2,400 dock workers at Harwick stopped work after pay talks broke down, the port "
        "authority said. The union's final offer was"
    )
    fake_openai.enqueue(draft_reply(draft_with(summary=cut)))
    summary = await run(fake_openai, sample_text)

    assert "offer was" not in summary.summary
    assert summary.summary.startswith(cut.split(". ")[0])
    assert "an unfinished sentence" in check_named(summary.checks, "summary_in_document").reason


async def test_a_summary_sentence_giving_a_denial_to_the_wrong_speaker_is_dropped(
    fake_openai: FakeOpenAI, sample_text: str
):
    # Every word is in the document; the port authority denied nothing.
    wrong = "The port authority denied plans to replace striking workers with agency staff."
    claims = [*GOOD_DRAFT["claims"], {"ids": [6], "text": ""}]
    fake_openai.enqueue(draft_reply(draft_with(summary=wrong, claims=claims)))
    summary = await run(fake_openai, sample_text)

    assert "port authority denied" not in summary.summary
    reason = check_named(summary.checks, "summary_in_document").reason
    assert "gives to 'The port authority' what claim" in reason and "'the company'" in reason


async def test_a_headline_too_long_once_hedged_gives_way_to_the_title(fake_openai: FakeOpenAI):
    text = (
        "Union says strike at Harwick port will continue\n\n"
        "The union said the strike at the port of Harwick would continue until the company made "
        "a serious offer on pay and pensions for all of its members.\n"
    )
    long_headline = (
        "Strike at the port of Harwick would continue until the company made a serious offer on "
        "pay and pensions for all of its members"
    )
    claims = [{"ids": [1], "text": ""}]
    fake_openai.enqueue(draft_reply(draft_with(headline=long_headline, claims=claims)))
    summary = await run(fake_openai, text)

    assert summary.headline == "Union says strike at Harwick port will continue"
    assert "the document title is used" in check_named(summary.checks, "headline_length").reason


async def test_a_one_sentence_summary_is_completed_with_claims_it_does_not_repeat(
    fake_openai: FakeOpenAI, sample_text: str
):
    one = "The union said its members rejected a final offer of a 4.5% pay rise."
    fake_openai.enqueue(draft_reply(draft_with(summary=one)))
    summary = await run(fake_openai, sample_text)

    sentences = summary.summary.split(". ")
    assert sum(s.startswith("The union said its members rejected") for s in sentences) == 1
    assert len(sentences) == 3
    assert not any("Dockers' Union said its members" in s for s in sentences)  # c2 said it
    assert (
        "2 of the verified claims added" in check_named(summary.checks, "summary_completed").reason
    )


class _Embedded(FakeBackend):
    """A backend that calls itself the embedded model, and keeps what it was asked."""

    name = "embedded"

    def __init__(self, draft: dict[str, object]) -> None:
        super().__init__(draft)
        self.schemas: list[dict[str, object]] = []

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        self.schemas.append(request.schema)
        return await super().complete(request, progress)


async def test_the_embedded_model_writes_the_overview_and_the_service_chooses_the_claims(
    sample_text: str,
):
    """It picks statement numbers by their pattern, not their content: the claims are the
    statements its summary rests on, in the summary's order, then the service's ranking."""
    backend = _Embedded(
        {
            "headline": "Harwick dock workers strike over pay",
            "summary": "Transport Minister David Lindqvist urged both sides to return to talks. "
            "Coastline Terminals said the offer was fair and generous.",
        }
    )
    summary = await summarize(sample_text, backend, Settings(max_claims=5))

    assert list(backend.schemas[0]["properties"]) == ["headline", "summary"]
    assert backend.schemas[0]["required"] == ["headline", "summary"]
    texts = [c.text for c in summary.claims]
    assert texts[0].startswith("Transport Minister David Lindqvist urged both sides")
    assert texts[1] == 'Coastline Terminals said the offer was "fair and generous".'
    assert len(texts) == 5 and texts[2].startswith("About 2,400 dock workers")  # then the lead
    # Its summary gave way to the leading statements, as written, in the document's order.
    text = summary.summary
    assert text.startswith("About 2,400 dock workers")
    assert text.index("About 2,400") < text.index("The Harwick Dockers' Union said its members")
    assert "Transport Minister" not in text
    assert summary.headline.startswith("Harwick dock workers strike over pay")


async def test_a_leading_sentence_that_reports_a_few_words_still_opens_the_summary() -> None:
    """The second sentence reports four words of what fans say: as a summary sentence it is the
    whole sentence, long enough and unlike the first (its reported words alone were neither)."""
    text = (
        "Baseball is loved across the country, and every town has a team of its own to cheer. "
        "And no two teams are greater than the Yankees and the Red Sox, who have the most fans "
        "who claim them as their favorite. "
        "The Rangers and the Braves also make a strong showing across the South this year. "
        "Then there are teams that get less love, like the Mets and the Athletics."
    )
    backend = _Embedded({"headline": "Baseball fans", "summary": "Baseball is loved."})
    summary = await summarize(text, backend, Settings(max_claims=4))

    assert "No two teams are greater" in summary.summary
    assert "Mets" not in summary.summary  # the three leading statements


async def test_key_points_do_not_repeat_the_leading_statements_the_summary_says(
    sample_text: str,
):
    """The embedded model's summary is the document's leading statements; key points that were
    the same three sentences told the reader nothing new."""
    backend = _Embedded({"headline": "Harwick dock workers strike", "summary": "Dock strike."})
    summary = await summarize(sample_text, backend, Settings(max_claims=8))

    assert summary.key_points and len(summary.key_points) == 4
    assert not any(point in summary.summary for point in summary.key_points[:2])


async def test_an_emails_courtesy_does_not_open_its_summary() -> None:
    text = (
        "Subject: Renewal offer\n\nDear John,\n\nI hope this email finds you well. "
        "Halvorsen has sent its renewal offer, a 7% increase for a three-year term. "
        "Our volume with them grew 20% this year, and two carriers quoted lower rates. "
        "I propose we counter at 3% for two years and answer by 15 December."
    )
    backend = _Embedded({"headline": "Renewal offer", "summary": "Halvorsen sent an offer."})
    summary = await summarize(text, backend, Settings(max_claims=4))

    assert summary.summary.startswith("Halvorsen has sent its renewal offer"), summary.summary
    assert "finds you well" not in summary.summary
    following = text.replace(
        "I hope this email finds you well.", "Following up on our call with the carriers last week."
    )
    summary = await summarize(following, backend, Settings(max_claims=4))
    assert summary.summary.startswith("Halvorsen has sent its renewal offer"), summary.summary


async def test_a_conversation_keeps_the_embedded_models_summary() -> None:
    """A chat's first turns are greetings, not what matters: its summary stays the model's."""
    chat = (
        "Priya Raman: Morning all, thanks for joining on short notice today.\n"
        "Marco Rossi: Happy to help, I have about twenty minutes before my next call.\n"
        "Priya Raman: The billing migration failed last night, so I want to move the release.\n"
        "Marco Rossi: I don't agree, we promised Tuesday to Northwind and they are waiting.\n"
    )
    said = "The billing migration failed last night, and Priya Raman wants to move the release."
    backend = _Embedded({"headline": "Release date discussed", "summary": said})
    summary = await summarize(chat, backend, Settings())

    assert said in summary.summary  # completed with turns as before, not replaced by them


async def test_a_conversations_courtesies_are_no_key_points() -> None:
    """'Thanks, Maya. Good to be here.' and 'Tom Adeyemi, thank you.' were two of a podcast's
    four key points, the latter because the model's summary ended with it."""
    transcript = (
        "[00:00] Maya Lin: Welcome back to Work Shift. With me is Tom Adeyemi of Brightline.\n"
        "[00:09] Tom Adeyemi: Thanks, Maya. Good to be here.\n"
        "[00:16] Tom Adeyemi: Output stayed flat, and deliveries per driver were unchanged.\n"
        "[00:27] Tom Adeyemi: Sick days fell by about a third, from 9 days per person to 6.\n"
        "[00:54] Tom Adeyemi: The board voted in October to make it permanent for drivers.\n"
        "[01:03] Maya Lin: Tom Adeyemi, thank you.\n"
    )
    said = "The board voted in October to make it permanent. Tom Adeyemi, thank you."
    backend = _Embedded({"headline": "Four-day week", "summary": said})
    summary = await summarize(transcript, backend, Settings(max_claims=4))

    points = " ".join(summary.key_points or [])
    assert "thank you" not in points and "Good to be here" not in points, points
    assert "Welcome back" not in points, points
    assert "Welcome back" not in summary.summary, summary.summary


async def test_a_podcasts_summary_keeps_no_change_said_of_the_wrong_subject() -> None:
    """The embedded 0.5B model wrote "The trial also fell by about a third." (sick days fell)
    and "Maya Lin, Tom Adeyemi, and Brightline Logistics ran the four-day week trial." (only
    Tom Adeyemi ran it), every word the transcript's own."""
    transcript = (
        "[00:00] Maya Lin: Welcome back to Work Shift. A year ago Brightline Logistics moved "
        "its drivers to a four-day week.\n"
        "[00:07] Maya Lin: Tom Adeyemi ran the trial at Brightline Logistics. Tom, what "
        "happened?\n"
        "[00:16] Tom Adeyemi: Output stayed flat, and deliveries per driver were unchanged.\n"
        "[00:27] Tom Adeyemi: Sick days fell by about a third, from 9 days per person to 6.\n"
    )
    said = (
        "Tom Adeyemi ran the trial at Brightline Logistics. The trial also fell by about a "
        "third. Maya Lin, Tom Adeyemi, and Brightline Logistics ran the four-day week trial."
    )
    backend = _Embedded({"headline": "Four-day week", "summary": said})
    summary = await summarize(transcript, backend, Settings(max_claims=4))

    assert "Tom Adeyemi ran the trial at Brightline Logistics." in summary.summary
    assert "trial also fell" not in summary.summary, summary.summary
    assert "Maya Lin, Tom Adeyemi, and" not in summary.summary, summary.summary


async def test_a_calls_operator_opens_no_summary_and_a_turn_after_thanks_still_counts() -> None:
    """'According to Operator, good morning and welcome to ... call' opened an earnings call's
    summary, and 'Thanks, operator. Revenue for the quarter was $412 million ...' was no claim."""
    call = (
        "Operator: Good morning and welcome to the Harbor Freight third-quarter call.\n"
        "Dana Whitfield: Thanks, operator. Revenue for the quarter was $412 million, up 6%.\n"
        "Operator: Our first question comes from Raj Mehta at Northline Securities.\n"
        "Raj Mehta: Fuel costs rose sharply in September. How much did that hurt margins?\n"
        "Dana Whitfield: About 40 basis points, which our fuel surcharge should recover.\n"
    )
    backend = _Embedded({"headline": "Harbor Freight call", "summary": "Revenue rose 6%."})
    summary = await summarize(call, backend, Settings(max_claims=4))

    assert "Operator" not in summary.summary, summary.summary
    assert not any(c.text.startswith("Operator") for c in summary.claims)
    assert any("$412 million" in c.text for c in summary.claims)


async def test_told_to_the_embedded_model_chooses_the_claims(sample_text: str):
    backend = _Embedded(GOOD_DRAFT)
    summary = await summarize(sample_text, backend, Settings(model_claims=True, fill_claims=0))

    assert list(backend.schemas[0]["properties"]) == ["headline", "summary", "claims"]
    assert len(summary.claims) == len(GOOD_DRAFT["claims"])


async def test_an_endpoint_chooses_and_may_rewrite_the_claims(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(GOOD_DRAFT))
    await run(fake_openai, sample_text)

    schema = fake_openai.requests[0]["response_format"]["json_schema"]["schema"]
    assert list(schema["$defs"]["DraftClaim"]["properties"]) == ["ids", "text"]


async def test_a_statement_as_written_is_verified_against_all_of_its_sentence(
    fake_openai: FakeOpenAI,
):
    """'said on Monday that ...': the day sits outside the reported content and the speaker; the
    claim is the sentence as written, so its evidence holds the rest of the sentence too."""
    text = (
        "The opposition Civic Party said on Monday that Defence Minister Paul Okonjo had used a "
        "military aircraft to fly his family to a beach resort in August. The ministry denied it."
    )
    fake_openai.enqueue(draft_reply(draft_with(summary="", claims=[{"ids": [1], "text": ""}])))
    summary = await run(fake_openai, text)

    claim = summary.claims[0]
    assert claim.verified and claim.text.startswith("The opposition Civic Party said on Monday")
    assert_evidence_exact(summary, text)
    quotes = {(e.role, e.quote) for e in claim.evidence}
    assert ("attribution", "on Monday that") in quotes
    assert summary.warnings == []


async def test_a_quote_whose_speaker_is_named_in_full_elsewhere_is_verified(
    fake_openai: FakeOpenAI,
):
    """The claim names 'Mayor Lucia Ferri' where the quote's sentence says 'Ferri': the earlier
    mention is attribution evidence, and the rest of the sentences ('at City Hall') too."""
    text = (
        "Mayor Lucia Ferri defended the tram extension on Wednesday. "
        '"Every big project meets surprises underground. We found old gas mains that nobody had '
        'mapped," Ferri told reporters at City Hall. "The line will still open in 2027."'
    )
    reading = read(text)
    quote = next(s for s in reading.statements if "gas mains" in s.claim_text)
    fake_openai.enqueue(
        draft_reply(draft_with(summary="", claims=[{"ids": [quote.number], "text": ""}]))
    )
    summary = await run(fake_openai, text, fill_claims=0)

    claim = summary.claims[0]
    assert "Mayor Lucia Ferri told reporters at City Hall" in claim.text and claim.verified
    assert_evidence_exact(summary, text)
    quotes = [e.quote for e in claim.evidence]
    assert "Mayor Lucia Ferri" in quotes and any("City Hall" in q for q in quotes)


async def test_a_short_summary_is_completed_with_the_claims_the_document_puts_first(
    fake_openai: FakeOpenAI, sample_text: str
):
    draft = draft_with(
        summary='Coastline Terminals said the offer was "fair and generous".',
        claims=[{"ids": [12], "text": ""}, {"ids": [4], "text": ""}, {"ids": [1], "text": ""}],
    )
    fake_openai.enqueue(draft_reply(draft))
    summary = await run(fake_openai, sample_text, fill_claims=0)

    assert [c.text[:18] for c in summary.claims] == [
        "Transport Minister",
        "Coastline Terminal",
        "About 2,400 dock w",
    ]
    # In the document's order, the model's sentence where its statement stands.
    text = summary.summary
    assert text.startswith("About 2,400 dock workers")
    assert (
        text.index("About 2,400")
        < text.index("Coastline Terminals said")
        < text.index("Transport Minister")
    )


async def test_a_summary_sentence_joining_two_statements_is_checked_against_both(
    sample_text: str,
):
    """The service chooses the statements a summary rests on: both halves of a joined sentence
    that gives the company's accusation to the union's leader become the first claims; what the
    reader sees is the leading statements, so the wrong pairing is not said."""
    wrong = (
        "Maria Okafor accuses the union of walking away from the table, and the company denies "
        "claims by the union that it planned to replace striking workers with agency staff."
    )
    backend = _Embedded({"headline": "Dock strike at Harwick", "summary": wrong})
    summary = await summarize(sample_text, backend, Settings())
    assert [c.source for c in summary.claims[:2]] == ["the company", "Coastline Terminals"]
    assert "Maria Okafor accuses" not in summary.summary  # the leading statements instead

    # From a model that chooses the claims itself, the sentence is checked and dropped.
    draft = draft_with(summary=wrong, claims=[{"ids": [n], "text": ""} for n in (6, 5, 3)])
    summary = await summarize(sample_text, FakeBackend(draft), Settings(fill_claims=0))
    assert "Maria Okafor accuses" not in summary.summary
    dropped = next(c for c in summary.checks if c.name == "summary_in_document")
    assert not dropped.passed and "'Okafor' where the evidence has 'Terminals'" in dropped.reason


async def test_a_wrapped_quoted_reply_is_evidence_without_its_marks(fake_openai: FakeOpenAI):
    """'> ... delivery on' / '> Wednesday morning.': the claim's evidence is both lines' words;
    the "> " between them is the mail program's, no span of it."""
    text = (
        "From: Rachel Moss <rachel@harwick.example>\nSubject: Re: crane\n\n"
        "Jonas, we can move the inspection to Thursday.\n\n"
        "On Mon, 2 Nov 2026, Jonas Berg wrote:\n"
        "> Rachel, the crane inspection clashes with the steel delivery on\n"
        "> Wednesday morning.\n"
    )
    fake_openai.enqueue(*[Reply(content="not json at all")] * 3)
    summary = await run(fake_openai, text, max_reasks=2)
    assert_evidence_exact(summary, text)
    jonas = next(c for c in summary.claims if c.source == "Jonas Berg")
    assert [e.quote for e in jonas.evidence] == [
        "Jonas Berg",
        "Rachel, the crane inspection clashes with the steel delivery on",
        "Wednesday morning.",
    ]
