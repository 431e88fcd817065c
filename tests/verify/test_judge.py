"""The model judge (SOURCED_JUDGE=model) against the fake OpenAI-compatible server: its ratings
applied, the rules' veto kept, a failed judgement falling back to the rules with a warning, and
no call at all when the setting is off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.cli import main
from service.composition import make_backend
from service.config import JudgeMode, Settings
from service.llm.openai_compat import OpenAICompatBackend
from service.prompts import load_prompt
from service.summarize import summarize
from service.testing.drafts import GOOD_DRAFT, draft_with
from service.testing.openai_server import FakeOpenAI, Reply, draft_reply, error_reply
from service.verify.judge import (
    JudgeAnswerInvalid,
    combine,
    judge_schema,
    parse_ratings,
)
from service.verify.summary_check import check_summary, check_summary_judged
from tests.conftest import fake_settings

SUPPORTED = "About 2,400 dock workers at the port of Harwick stopped work on Tuesday."
WRONG_NUMBER = "About 3,100 dock workers at the port of Harwick stopped work on Tuesday."
PARAPHRASE = "Shipping was left stranded as the harbour staff halted their labour."
"""Unsupported by the rules only for its wording overlap: the judge may lift it."""
ADDED_PLACE = "Dock workers at the port of Felixstowe stopped work on Tuesday."
CLAIMS = [SUPPORTED, WRONG_NUMBER, PARAPHRASE, ADDED_PLACE]


def ratings(*values: str) -> Reply:
    return Reply(content=json.dumps({str(i): v for i, v in enumerate(values, 1)}))


def judged_settings(fake: FakeOpenAI, **overrides: object) -> Settings:
    return fake_settings(fake, judge="model", **overrides)


async def judged(sample_text: str, settings: Settings, claims: list[str] = CLAIMS):
    backend = make_backend(settings)
    try:
        return await check_summary_judged(sample_text, claims, settings, backend)
    finally:
        await backend.aclose()


def test_the_rules_alone_give_the_verdicts_these_tests_rest_on(sample_text: str):
    verdicts = [c.verdict for c in check_summary(sample_text, CLAIMS).claims]
    assert verdicts == ["supported", "contradicted", "unsupported", "unsupported"]


async def test_the_judges_ratings_are_applied_under_the_rules_veto(
    fake_openai: FakeOpenAI, sample_text: str
):
    # The judge says the opposite of the rules on every claim.
    fake_openai.enqueue(ratings("contradicted", "supported", "supported", "supported"))

    report = await judged(sample_text, judged_settings(fake_openai))

    assert len(fake_openai.requests) == 1  # one call for the whole summary
    assert report.judge == "model"
    assert [c.verdict for c in report.claims] == [
        "contradicted",  # lowered: the judge may always say no
        "contradicted",  # a number the evidence does not have: the rules' veto
        "supported",  # lifted: the rules failed only its wording overlap
        "unsupported",  # a name the evidence does not have: the rules' veto
    ]
    assert [c.rules_verdict for c in report.claims] == [
        "supported",
        "contradicted",
        "unsupported",
        "unsupported",
    ]
    assert report.counts.supported == 1 and not report.verified
    checks = [next(k for k in c.checks if k.name == "model_judge") for c in report.claims]
    assert [k.passed for k in checks] == [False, True, True, True]
    assert "fake-model rated it contradicted" in report.claims[0].reason
    assert "rules' contradicted verdict stands" in checks[1].reason
    assert "lifted" in checks[2].reason
    assert report.judge_provenance is not None
    assert report.judge_provenance.prompt == load_prompt("judge").version
    assert report.judge_provenance.model == "fake-model" and report.judge_provenance.attempts == 1


async def test_the_request_is_constrained_and_shows_each_claim_with_its_evidence(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(ratings("supported", "supported"))

    report = await judged(sample_text, judged_settings(fake_openai), [SUPPORTED, PARAPHRASE])

    sent = fake_openai.requests[0]
    assert sent["response_format"]["json_schema"]["schema"] == judge_schema(2)
    assert sent["response_format"]["json_schema"]["strict"] is True
    user = sent["messages"][-1]["content"]
    assert f"Claim 1: {SUPPORTED}" in user and f"Claim 2: {PARAPHRASE}" in user
    assert "Evidence 1: " in user and "Evidence 2: " in user and "Evidence 3" not in user
    assert report.claims[0].evidence[0].quote in user  # the evidence the report shows
    assert report.verified


@pytest.mark.parametrize(
    "answer",
    [
        Reply(content="the claims look fine to me"),
        Reply(content='{"1": "supported"}'),  # a claim left out
        Reply(content='{"1": "true", "2": "supported", "3": "supported", "4": "supported"}'),
        Reply(content='{"1": "supported", "2": "supp'),
    ],
)
async def test_a_malformed_answer_falls_back_to_the_rules_with_a_warning(
    fake_openai: FakeOpenAI, sample_text: str, answer: Reply
):
    fake_openai.default = answer

    report = await judged(sample_text, judged_settings(fake_openai, max_reasks=1))

    assert len(fake_openai.requests) == 2  # the answer, and one re-ask with its error
    assert "invalid" in fake_openai.requests[1]["messages"][-1]["content"]
    assert report.judge == "rules"
    assert [c.verdict for c in report.claims] == [
        c.verdict for c in check_summary(sample_text, CLAIMS).claims
    ]
    assert all(c.rules_verdict is None for c in report.claims)
    assert any(
        "model judge gave no ratings" in w and "rules' verdicts stand" in w for w in report.warnings
    )


async def test_a_reask_that_answers_well_is_used(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(Reply(content="{}"), ratings("supported", "unsupported"))

    report = await judged(sample_text, judged_settings(fake_openai), [SUPPORTED, PARAPHRASE])

    assert report.judge == "model" and report.judge_provenance is not None
    assert report.judge_provenance.attempts == 2
    assert [c.verdict for c in report.claims] == ["supported", "unsupported"]


@pytest.mark.parametrize(
    ("reply", "overrides", "words"),
    [
        (error_reply(500), {"max_attempts": 2}, "HTTP 500"),
        (Reply(content=json.dumps({"1": "supported"}), delay=2.0), {"max_total_s": 0.5}, "0.5s"),
        (Reply(refusal="no"), {}, "refused"),
    ],
)
async def test_an_upstream_failure_or_timeout_does_not_fail_the_check(
    fake_openai: FakeOpenAI, sample_text: str, reply: Reply, overrides: dict, words: str
):
    fake_openai.default = reply

    report = await judged(sample_text, judged_settings(fake_openai, **overrides))

    assert report.judge == "rules"
    assert [c.verdict for c in report.claims] == [
        "supported",
        "contradicted",
        "unsupported",
        "unsupported",
    ]
    warning = next(w for w in report.warnings if "model judge" in w)
    assert words in warning


async def test_the_setting_off_makes_no_call(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.default = ratings("contradicted")
    settings = fake_settings(fake_openai)
    assert settings.judge is JudgeMode.RULES  # the default

    report = await judged(sample_text, settings)

    assert fake_openai.requests == []
    assert report.judge == "rules" and report.judge_provenance is None
    assert not any("judge" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("rules", "liftable", "rating", "verdict"),
    [
        ("supported", False, "supported", "supported"),
        ("supported", False, "unsupported", "unsupported"),
        ("supported", False, "contradicted", "contradicted"),
        ("unsupported", True, "supported", "supported"),
        ("unsupported", True, "unsupported", "unsupported"),
        ("unsupported", True, "contradicted", "contradicted"),
        ("unsupported", False, "supported", "unsupported"),
        ("unsupported", False, "contradicted", "contradicted"),
        ("contradicted", False, "supported", "contradicted"),
        ("contradicted", False, "unsupported", "contradicted"),
    ],
)
def test_the_combination_table(rules, liftable, rating, verdict):
    assert combine(rules, liftable, rating) == verdict


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "empty"),
        ("[]", "no JSON object"),
        ('{"1": "supported", "2": "supported", "3": "maybe"}', "'maybe'"),
        ('{"1": "supported", "2": "supported", "3": "supported", "4": "x"}', "no claim 4"),
        ('{"2": "supported", "3": "supported"}', "claim 1"),
    ],
)
def test_invalid_ratings_say_what_is_wrong(content, words):
    with pytest.raises(JudgeAnswerInvalid, match=words):
        parse_ratings(content, 3)


def test_parse_ratings_reads_an_answer_wrapped_in_prose():
    assert parse_ratings('Here: {"1": "supported", "2": "contradicted"} done', 2) == [
        "supported",
        "contradicted",
    ]


# --- POST /v1/verify and `sourced verify` -------------------------------------------------------


def test_post_verify_runs_the_judge_and_says_so(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(ratings("supported", "unsupported"))
    settings = judged_settings(fake_openai)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post(
            "/v1/verify", json={"text": sample_text, "summary": [SUPPORTED, SUPPORTED]}
        )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["judge"] == "model"
    assert body["judge_provenance"]["model"] == "fake-model"
    assert [c["verdict"] for c in body["claims"]] == ["supported", "unsupported"]
    assert [c["rules_verdict"] for c in body["claims"]] == ["supported", "supported"]


def test_post_verify_answers_with_the_rules_when_the_judge_fails(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.default = error_reply(503)
    settings = judged_settings(fake_openai, max_attempts=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/verify", json={"text": sample_text, "summary": CLAIMS})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["judge"] == "rules"
    assert [c["verdict"] for c in body["claims"]][:2] == ["supported", "contradicted"]
    assert any("model judge" in w and "HTTP 503" in w for w in body["warnings"])


def test_cli_verify_with_the_judge(fake_openai: FakeOpenAI, tmp_path: Path, capsys):
    fake_openai.enqueue(ratings("unsupported"))
    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps([SUPPORTED]))
    base = ["--base-url", fake_openai.base_url, "--model", "fake-model", "--api-key", "k"]

    code = main(["verify", "examples/port-strike.txt", str(summary), "--judge", "model", *base])
    out = capsys.readouterr().out

    assert code == 1  # the judge's "unsupported" fails the summary
    assert "rated by the model judge fake-model" in out and "? unsupported" in out
    assert len(fake_openai.requests) == 1


def test_the_judge_uses_the_endpoint_when_one_is_configured(fake_openai: FakeOpenAI):
    assert isinstance(make_backend(judged_settings(fake_openai)), OpenAICompatBackend)


# --- the summarizer ---------------------------------------------------------------------------


async def summarized(fake: FakeOpenAI, text: str, **overrides: object):
    settings = fake_settings(fake, **overrides)
    backend = make_backend(settings)
    try:
        return await summarize(text, backend, settings)
    finally:
        await backend.aclose()


REWRITTEN = draft_with(
    claims=[
        GOOD_DRAFT["claims"][0],
        {"ids": [2], "text": "The union said its members rejected a final offer of a 4.5% rise."},
        {"ids": [14], "text": "The port's last strike, in 2019, lasted nine days."},
    ]
)
"""A draft whose three claims are all the model's rewrites (none the document's own words)."""


async def test_the_summarizer_drops_what_the_judge_rejects(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(REWRITTEN), ratings("supported", "contradicted", "supported"))

    summary = await summarized(fake_openai, sample_text, judge="model")

    assert len(fake_openai.requests) == 2  # the draft, then one judgement of its claims
    judged = fake_openai.requests[1]
    assert judged["response_format"]["json_schema"]["name"] == "claim_ratings"
    assert len(summary.claims) == 2
    assert not any(c.text.startswith("The union said") for c in summary.claims)
    for claim in summary.claims:
        assert claim.checks[-1].name == "model_judge" and claim.checks[-1].passed
    assert any("dropped claim" in w and "model_judge" in w for w in summary.warnings)
    overall = next(c for c in summary.checks if c.name == "model_judge")
    assert "rated 3 claims: 2 supported, 1 dropped" in overall.reason
    assert load_prompt("judge").version in overall.reason
    p = summary.provenance
    assert p.attempts == 2 and p.claims_drafted == 3 and p.claims_dropped == 1
    assert p.usage.prompt_tokens == 240  # the fake's 120 per call, both calls


async def test_the_summarizer_keeps_its_claims_when_the_judge_fails(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(REWRITTEN), Reply(content="not json"))

    summary = await summarized(fake_openai, sample_text, judge="model", max_reasks=0)

    assert len(fake_openai.requests) == 2
    assert len(summary.claims) == 3
    assert any("model judge gave no ratings" in w for w in summary.warnings)
    overall = next(c for c in summary.checks if c.name == "model_judge")
    assert not overall.passed


async def test_the_summarizer_makes_no_judge_call_when_off(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(draft_reply(GOOD_DRAFT))

    summary = await summarized(fake_openai, sample_text)

    assert len(fake_openai.requests) == 1
    assert not any(c.name == "model_judge" for c in summary.checks)
    assert not any(k.name == "model_judge" for c in summary.claims for k in c.checks)


def test_the_judge_counts_in_the_summary_cache_key(fake_openai: FakeOpenAI, tmp_path: Path):
    from service.engine import Engine
    from service.schemas import SummaryRequest
    from service.store import SummaryStore

    request = SummaryRequest(text="A document to summarize.")
    keys = []
    for judge in ("rules", "model"):
        settings = fake_settings(fake_openai, judge=judge, data_dir=tmp_path / judge)
        engine = Engine(
            settings,
            make_backend(settings),
            SummaryStore.from_settings(settings),
            pipeline_thread=False,
        )
        keys.append(engine.cache_key(request))
        engine.store.close()
    assert keys[0] != keys[1]


async def test_a_full_model_queue_leaves_the_rules_with_a_warning(
    fake_openai: FakeOpenAI, sample_text: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from service.errors import QueueFull
    from service.testing.engines import make_engine

    settings = judged_settings(fake_openai, data_dir=tmp_path / "data")
    engine = make_engine(settings, make_backend(settings))
    busy = QueueFull("The model is busy: 17 summaries are running or waiting", retry_after_s=5)
    monkeypatch.setattr(engine, "queue_full", lambda: busy)
    try:
        report = await engine.verify(sample_text, CLAIMS)
    finally:
        await engine.aclose()

    assert fake_openai.requests == []
    assert report.judge == "rules"
    assert [c.verdict for c in report.claims][:2] == ["supported", "contradicted"]
    assert any("model judge did not run" in w and "busy" in w for w in report.warnings)


async def test_a_judge_that_rejects_every_claim_leaves_none(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(
        draft_reply(REWRITTEN), ratings("unsupported", "unsupported", "contradicted")
    )

    summary = await summarized(fake_openai, sample_text, judge="model")

    # Not the extractive floor: its statements passed the same rules the rejected claims did.
    assert summary.claims == [] and summary.provenance.mode == "model"
    assert len(fake_openai.requests) == 2
    assert any("rejected every verified claim" in w for w in summary.warnings)
    assert summary.provenance.attempts == 2


async def test_claims_in_the_documents_own_words_are_not_asked_about(
    fake_openai: FakeOpenAI, sample_text: str
):
    # GOOD_DRAFT: claim 1 is a rewrite; 2 and 3 are the statements as the document writes them.
    fake_openai.enqueue(draft_reply(GOOD_DRAFT), ratings("supported"))

    summary = await summarized(fake_openai, sample_text, judge="model")

    asked = fake_openai.requests[1]["messages"][-1]["content"]
    assert "Claim 1: About 2,400 dock workers" in asked and "Claim 2" not in asked
    assert len(summary.claims) == 3
    overall = next(c for c in summary.checks if c.name == "model_judge")
    assert "rated 1 claims: 1 supported, 0 dropped; 2 not asked" in overall.reason


async def test_no_judge_call_when_every_claim_is_the_documents_own_words(
    fake_openai: FakeOpenAI, sample_text: str
):
    own_words = draft_with(claims=[{"ids": [2], "text": ""}, {"ids": [14], "text": ""}])
    fake_openai.enqueue(draft_reply(own_words))

    summary = await summarized(fake_openai, sample_text, judge="model")

    assert len(fake_openai.requests) == 1
    assert len(summary.claims) == 2
    assert any(c.name == "model_judge" and "not asked" in c.reason for c in summary.checks)
