"""Documents longer than the model's context: read whole, drafted in sections, reduced; every
offset still into the original text."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.composition import make_backend
from service.reading import read
from service.sections import section_budget_chars, split_sections, summarize_document
from service.testing.openai_server import FakeOpenAI, citing_draft
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
