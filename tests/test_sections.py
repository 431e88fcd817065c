"""Documents longer than the model's context: read whole, drafted in sections, reduced; every
offset still into the original text."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.composition import make_backend
from service.reading import read
from service.sections import section_budget_chars, split_sections, summarize_document
from service.testing.openai_server import FakeOpenAI, Reply, citing_draft
from tests.jobs.test_api import finished, settings_for

TOWNS = ["Ashford", "Bexley", "Carlton", "Dunmore", "Elston", "Fairview", "Glenrock", "Hartley"]


def long_text(paragraphs: int = 48) -> str:
    parts = []
    for i in range(paragraphs):
        town = TOWNS[i % len(TOWNS)]
        parts.append(
            f"The council of {town} approved {i * 3 + 7} new homes on day {i + 1}. "
            f"Officials said the plan for {town} would cost {i + 2} million pounds. "
            f"Residents of {town} asked for {i + 4} more buses."
        )
    return "\n\n".join(parts)


@pytest.fixture
def upstream(fake_openai: FakeOpenAI) -> FakeOpenAI:
    fake_openai.responder = citing_draft
    return fake_openai


def small_context(upstream: FakeOpenAI, **overrides: Any) -> Any:
    # (2_400 - 300 - 700) tokens * 3 = 4_200 characters of statements per section.
    return settings_for(upstream, context_tokens=2_400, max_output_tokens=300, **overrides)


def test_sections_cut_between_paragraphs_within_the_budget(upstream: FakeOpenAI):
    text = long_text()
    reading = read(text, max_chars=100_000)
    budget = section_budget_chars(make_backend(small_context(upstream)), small_context(upstream))
    sections = split_sections(reading, budget)

    assert len(sections) > 2
    assert [s.number for section in sections for s in section] == [
        s.number for s in reading.statements
    ]
    paragraph_starts = {0} | {i + 2 for i in range(len(text)) if text.startswith("\n\n", i)}
    for section in sections:
        assert sum(len(s.prompt_line()) + 1 for s in section) <= budget
        assert section[0].start in paragraph_starts  # each section opens a paragraph


async def test_a_long_document_is_drafted_in_sections_with_exact_offsets(upstream: FakeOpenAI):
    settings = small_context(upstream, long_documents=True, max_document_chars=1_000_000)
    text = long_text()
    events: list[tuple[str, str]] = []
    backend = make_backend(settings)
    summary = await summarize_document(
        text, backend, settings, progress=lambda stage, detail: events.append((stage, detail))
    )
    await backend.aclose()

    sections = sum(1 for stage, detail in events if stage == "sections" and detail[0] != "0")
    assert sections > 2
    assert len(upstream.requests) == sections + 1  # each section, then the reduce step
    assert summary.provenance.mode == "model", summary.warnings
    assert summary.claims
    for claim in summary.claims:
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
    assert any("drafted in" in w and "sections" in w for w in summary.warnings)
    assert summary.document.chars == len(text)


def test_the_sync_endpoint_refuses_a_long_document_before_any_model_call(upstream: FakeOpenAI):
    settings = small_context(upstream)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        refused = client.post("/v1/summaries", json={"text": long_text()})
        assert refused.status_code == 413
        assert "POST /v1/jobs" in refused.json()["detail"]
        assert upstream.requests == []

        response = client.post("/v1/jobs", json={"documents": [{"text": long_text()}]})
        job = finished(client, response.headers["location"], timeout=30)
    document = job["documents"][0]
    assert document["state"] == "done", document["problem"]
    assert document["sections_total"] > 2
    assert document["sections_done"] == document["sections_total"]


def rewriting_draft_or_rating(request: dict[str, Any]) -> Reply:
    """Drafts whose claims are rewrites ("Ashford's council approved ..."), and a judgement
    that rates the first claim it is shown contradicted and the others supported."""
    schema = (request.get("response_format") or {}).get("json_schema") or {}
    if schema.get("name") == "claim_ratings":
        shown = re.findall(r"^Claim (\d+):", request["messages"][-1]["content"], re.MULTILINE)
        return Reply(
            content=json.dumps(
                {n: "contradicted" if i == 0 else "supported" for i, n in enumerate(shown)}
            )
        )
    draft = json.loads(citing_draft(request).content)
    prompt = request["messages"][-1]["content"]
    for claim in draft["claims"]:
        (line,) = re.findall(rf"^\[{claim['ids'][0]}\] (.+)$", prompt, flags=re.MULTILINE)
        claim["text"] = re.sub(r"^The council of (\w+)", r"\1's council", line)
    return Reply(content=json.dumps(draft))


async def test_the_model_judge_rates_the_claims_of_a_sectioned_summary(upstream: FakeOpenAI):
    upstream.responder = rewriting_draft_or_rating
    settings = small_context(
        upstream, long_documents=True, max_document_chars=1_000_000, judge="model"
    )
    backend = make_backend(settings)
    summary = await summarize_document(long_text(), backend, settings)
    await backend.aclose()

    judged = [r for r in upstream.requests if "claim_ratings" in json.dumps(r["response_format"])]
    assert len(judged) == 1  # one judgement of the reduced summary's claims, after the drafts
    assert upstream.requests[-1] is judged[0]
    overall = next(c for c in summary.checks if c.name == "model_judge")
    assert "1 dropped" in overall.reason, overall.reason
    assert any("dropped claim" in w and "model_judge" in w for w in summary.warnings)
    assert all(c.checks[-1].name == "model_judge" for c in summary.claims)
    assert summary.provenance.attempts == len(upstream.requests)
