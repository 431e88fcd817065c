"""The core pipeline against a real HTTP fake of an OpenAI-compatible endpoint."""

from __future__ import annotations

import json

import pytest

from service.errors import (
    ModelOutputError,
    ModelRefusal,
    OutputTruncated,
    UpstreamError,
    UpstreamTimeout,
)
from service.llm.openai_compat import OpenAICompatBackend
from service.prompts import load_prompt
from service.schemas import Summary
from service.summarize import summarize
from tests.conftest import fake_settings
from tests.drafts import GOOD_DRAFT, draft_with, draft_with_claim
from tests.fake_openai import FakeOpenAI, Reply, draft_reply, error_reply


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
    assert summary.claims[2].source is None and summary.claims[2].status == "asserted"
    p = summary.provenance
    assert (p.backend, p.model, p.attempts) == ("openai", "fake-model", 1)
    assert p.prompt == load_prompt("summarize").version
    assert p.usage.prompt_tokens == 120 and p.usage.completion_tokens == 80
    assert summary.document.sentences == 17
    assert summary.warnings == []
    Summary.model_validate_json(summary.model_dump_json())
    # The model read numbered sentences, under strict structured output.
    sent = fake_openai.requests[0]
    assert "[17] Talks are due to resume" in sent["messages"][1]["content"]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True


async def test_invalid_json_is_reasked_with_the_error(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(content='{"headline": "cut'), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)

    assert len(summary.claims) == 3
    assert summary.provenance.attempts == 2
    assert summary.provenance.usage.prompt_tokens == 240
    reask = fake_openai.requests[1]["messages"][-1]["content"]
    assert "not valid JSON" in reask


async def test_schema_violation_is_reasked_with_field_path(
    fake_openai: FakeOpenAI, sample_text: str
):
    bad = draft_with(claims=[{"text": "no sentences cited"}])
    fake_openai.enqueue(draft_reply(bad), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)

    assert len(summary.claims) == 3
    assert "claims.0.sentences" in fake_openai.requests[1]["messages"][-1]["content"]


async def test_invalid_output_budget_ends_in_error(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(*[Reply(content="not json at all")] * 3)
    with pytest.raises(ModelOutputError) as caught:
        await run(fake_openai, sample_text, max_reasks=2)
    assert caught.value.attempts == 3
    assert "after 3 attempts and 600 tokens" in str(caught.value)


async def test_out_of_range_citation_is_repaired_when_certain(
    fake_openai: FakeOpenAI, sample_text: str
):
    # Sentence 40 does not exist; exactly one sentence (11) holds £18 million and the Chamber.
    claim = {
        "text": "The Harwick Chamber of Commerce estimated the strike costs £18 million a day.",
        "sentences": [40],
        "source": "The Harwick Chamber of Commerce",
        "cue": "estimated",
    }
    fake_openai.enqueue(draft_reply(draft_with_claim(claim)))
    summary = await run(fake_openai, sample_text)

    repaired = summary.claims[3]
    assert repaired.verified
    assert repaired.evidence[0].quote.startswith("The Harwick Chamber of Commerce estimated")
    assert any(c.name == "citation_repaired" for c in repaired.checks)


async def test_off_by_one_citation_is_repaired(fake_openai: FakeOpenAI, sample_text: str):
    claim = {
        "text": "Ships carrying about 610,000 tonnes of cargo were waiting in the bay.",
        "sentences": [10],
        "source": "the port authority",
        "cue": "according to",
    }
    fake_openai.enqueue(draft_reply(draft_with_claim(claim)))
    summary = await run(fake_openai, sample_text)

    claim_out = summary.claims[3]
    assert claim_out.evidence[0].quote.startswith("According to the port authority")
    repair = next(c for c in claim_out.checks if c.name == "citation_repaired")
    assert "cited sentence 10" in repair.reason and "sentence 9" in repair.reason


async def test_number_not_in_evidence_is_reasked_then_dropped(
    fake_openai: FakeOpenAI, sample_text: str
):
    wrong = {
        "text": "About 3,100 dock workers stopped work on Tuesday.",
        "sentences": [2],
        "source": "the port authority",
        "cue": "said",
    }
    fake_openai.enqueue(draft_reply(draft_with_claim(wrong)), draft_reply(draft_with_claim(wrong)))
    summary = await run(fake_openai, sample_text)

    assert len(fake_openai.requests) == 2
    feedback = fake_openai.requests[1]["messages"][-1]["content"]
    assert "numbers_in_evidence: not in the evidence: 3100" in feedback
    assert all("3,100" not in c.text for c in summary.claims)
    assert any("3,100" in w and "numbers_in_evidence" in w for w in summary.warnings)
    assert all(c.verified for c in summary.claims)
    assert (summary.provenance.claims_drafted, summary.provenance.claims_dropped) == (4, 1)


async def test_reask_fixes_a_failed_claim(fake_openai: FakeOpenAI, sample_text: str):
    wrong = {"text": "Talks resume on Monday.", "sentences": [17], "source": "the union"}
    right = {"text": "Talks are due to resume on Friday.", "sentences": [17], "source": "the union"}
    fake_openai.enqueue(draft_reply(draft_with_claim(wrong)), draft_reply({"claims": [right]}))
    summary = await run(fake_openai, sample_text)

    texts = [c.text for c in summary.claims]
    assert "Talks are due to resume on Friday." in texts
    assert "Talks resume on Monday." not in texts
    assert summary.provenance.attempts == 2
    assert (summary.provenance.claims_drafted, summary.provenance.claims_dropped) == (4, 0)
    assert summary.warnings == []
    # Only the failed claim went back, and only its fix was asked for.
    reask = fake_openai.requests[1]
    assert json.loads(reask["messages"][-2]["content"])["claims"][0]["text"] == wrong["text"]
    assert reask["response_format"]["json_schema"]["name"] == "claim_fixes"
    assert (
        reask["response_format"]["json_schema"]["schema"]["properties"]["claims"]["maxItems"] == 1
    )


async def test_invented_source_of_an_own_voice_sentence_is_repaired(
    fake_openai: FakeOpenAI, sample_text: str
):
    invented = {
        "text": "The last strike at the port lasted nine days.",
        "sentences": [16],
        "source": "Reuters",
        "cue": "reported",
    }
    fake_openai.enqueue(draft_reply(draft_with(claims=[invented])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.source is None and claim.status == "asserted" and claim.verified
    assert any("Reuters" in c.reason and "repaired" in c.reason for c in claim.checks)


async def test_wrong_source_is_repaired_from_the_reporting_structure(
    fake_openai: FakeOpenAI, sample_text: str
):
    wrong = {
        "text": "Talks are due to resume on Friday under a mediator.",
        "sentences": [17],
        "source": "the port authority",
        "cue": "said",
    }
    fake_openai.enqueue(draft_reply(draft_with(claims=[wrong])))
    summary = await run(fake_openai, sample_text)

    (claim,) = summary.claims
    assert claim.source is not None and "union" in claim.source.lower()
    assert claim.status == "attributed"
    attribution = [e for e in claim.evidence if e.role == "attribution"]
    assert attribution and all(sample_text[e.start : e.end] == e.quote for e in attribution)
    assert any("port authority" in c.reason and "repaired" in c.reason for c in claim.checks)


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


async def test_refusal_is_not_reasked(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(refusal="I can't help with that."), draft_reply(GOOD_DRAFT))
    with pytest.raises(ModelRefusal, match="I can't help with that"):
        await run(fake_openai, sample_text)
    assert len(fake_openai.requests) == 1


async def test_truncated_answer_is_not_reasked_blindly(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(content='{"headline": "Dock', finish_reason="length"))
    with pytest.raises(OutputTruncated, match="cut off"):
        await run(fake_openai, sample_text)
    assert len(fake_openai.requests) == 1


async def test_token_budget_stops_reasks(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(*[Reply(content="nope", prompt_tokens=900)] * 3)
    with pytest.raises(ModelOutputError, match="token budget of 1000"):
        await run(fake_openai, sample_text, token_budget=1000)
    assert len(fake_openai.requests) == 2


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
    raw = json.dumps(GOOD_DRAFT).replace("About 2,400 dock workers at Harwick", "About 2,400\ndock")
    fake_openai.enqueue(Reply(content=f"```json\n{raw}\n```"))
    summary = await run(fake_openai, sample_text)
    assert "\n" in summary.summary


async def test_invented_numbers_in_the_overview_are_repaired(
    fake_openai: FakeOpenAI, sample_text: str
):
    draft = draft_with(
        headline="5,000 dock workers strike at Harwick",
        key_points=["About 2,400 workers walked out", "Losses reach £90 million"],
    )
    fake_openai.enqueue(draft_reply(draft))
    summary = await run(fake_openai, sample_text)

    assert "5,000" not in summary.headline
    # The invented £90 million is dropped; the attributed 2,400 gains its source.
    assert summary.key_points == ["According to the port authority, about 2,400 workers walked out"]
    failed = {c.name: c.reason for c in summary.checks if not c.passed}
    assert "5000" in failed["headline_in_document"] and "repaired" in failed["headline_in_document"]
    assert "90" in failed["key_point_in_document"]
    assert next(c for c in summary.checks if c.name == "summary_in_document").passed


async def test_truncated_answer_keeps_its_complete_claims(
    fake_openai: FakeOpenAI, sample_text: str
):
    whole = json.dumps(GOOD_DRAFT)
    cut = whole[: whole.index('"The last strike') + 20]  # inside the third claim
    fake_openai.enqueue(Reply(content=cut, finish_reason="length"))
    summary = await run(fake_openai, sample_text)

    assert len(fake_openai.requests) == 1
    assert [c.text[:20] for c in summary.claims] == ["About 2,400 dock wor", "Union members reject"]
    assert any("cut off at 1200 tokens" in w for w in summary.warnings)
