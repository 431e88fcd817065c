"""The MCP server through the SDK's own client: over stdio (`sourced mcp` as a subprocess, the
model a fake OpenAI endpoint) and over streamable HTTP (/mcp on the API, behind its keys)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import httpx
import httpx2
import mcp.types as types
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from service.api.app import create_app
from service.config import Settings
from service.schemas import Summary
from service.testing.chat_platform import FakeChatPlatform, Page
from service.testing.drafts import GOOD_DRAFT
from service.testing.engines import FakeBackend, make_engine
from service.testing.http import serve_in_thread
from service.testing.openai_server import FakeOpenAI, draft_reply
from tests.conftest import ROOT

KEY = "mcp-test-key-0123456789"
ARTICLE = (
    "<html><body><article><h1>Harbour strike ends</h1>"
    + "<p>Dock workers returned on Monday after the union accepted a 6% pay rise.</p>" * 3
    + "<p>The port authority said the backlog would clear within a week.</p>"
    + "</article></body></html>"
)
HAS_CHECKER = importlib.util.find_spec("service.verify.summary_check") is not None


def _text(result: types.CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, types.TextContent))


async def exercise(session: ClientSession, document: str) -> Summary:
    """What every transport must do: list both tools, call them, read the summary back."""
    await session.initialize()
    tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert "summarize" in tools
    assert ("verify" in tools) == HAS_CHECKER
    assert tools["summarize"].output_schema is not None
    assert "claims" in tools["summarize"].output_schema["properties"]

    result = await session.call_tool("summarize", {"text": document, "max_claims": 5})
    assert not result.is_error, _text(result)
    summary = Summary.model_validate(result.structured_content)
    assert summary.claims
    for claim in summary.claims:
        for evidence in claim.evidence:
            assert document[evidence.start : evidence.end] == evidence.quote
    readable = _text(result)
    assert readable.startswith(f"# {summary.headline}")
    assert "[1] " in readable and "(characters " in readable

    stored = await session.read_resource(f"sourced://summaries/{summary.id}")
    (content,) = stored.contents
    assert isinstance(content, types.TextResourceContents)
    assert Summary.model_validate_json(content.text) == summary
    source = await session.read_resource(f"sourced://summaries/{summary.id}/document")
    assert isinstance(source.contents[0], types.TextResourceContents)
    assert source.contents[0].text == document

    refused = await session.call_tool("summarize", {})
    assert refused.is_error and "exactly one of `text`" in _text(refused)
    private = await session.call_tool("summarize", {"url": "http://10.0.0.1/report"})
    assert private.is_error and "private network" in _text(private), _text(private)
    assert "Traceback" not in _text(private)

    if HAS_CHECKER:
        claims = [claim.text for claim in summary.claims]
        checked = await session.call_tool("verify", {"document": document, "summary": claims})
        assert not checked.is_error, _text(checked)
        assert checked.structured_content is not None
        assert len(checked.structured_content["claims"]) == len(claims)
        assert _text(checked).startswith("Verification: ")
    return summary


async def test_stdio(fake_openai: FakeOpenAI, sample_text: str, tmp_path: Path) -> None:
    fake_openai.default = draft_reply(GOOD_DRAFT)
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "service.cli", "mcp"],
        cwd=ROOT,
        env={
            "SOURCED_BASE_URL": fake_openai.base_url,
            "SOURCED_MODEL": "fake-model",
            "SOURCED_API_KEY": "test-key",
            "SOURCED_DATA_DIR": str(tmp_path),
        },
    )
    with (tmp_path / "stderr.log").open("w") as errlog:
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write) as session,
        ):
            summary = await exercise(session, sample_text)
            listed = await session.list_resources()
    assert f"sourced://summaries/{summary.id}" in [str(r.uri) for r in listed.resources]
    assert fake_openai.requests  # the model endpoint was asked


async def test_streamable_http_behind_the_api_keys(sample_text: str, tmp_path: Path) -> None:
    settings = Settings(api_keys=KEY, data_dir=tmp_path, chat_allow_hosts="127.0.0.1")
    app = create_app(settings, engine=make_engine(settings, FakeBackend()))
    with FakeChatPlatform() as site, serve_in_thread(app, lifespan="on") as base_url:
        site.pages["/news/strike"] = Page(body=ARTICLE.encode())
        anonymous = httpx.post(base_url + "/mcp", json={"jsonrpc": "2.0", "id": 1})
        assert anonymous.status_code == 401
        assert anonymous.headers["content-type"] == "application/problem+json"
        wrong = httpx.post(
            base_url + "/mcp", json={}, headers={"Authorization": "Bearer not-a-key-at-all"}
        )
        assert wrong.status_code == 403

        headers = {"Authorization": f"Bearer {KEY}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as client,
            streamable_http_client(base_url + "/mcp", http_client=client) as (read, write),
            ClientSession(read, write) as session,
        ):
            await exercise(session, sample_text)
            listed = await session.list_resources()
            read_link = await session.call_tool("summarize", {"url": site.url + "/news/strike"})
    assert listed.resources == []  # over HTTP ids are the read permission: never listed
    assert not read_link.is_error, _text(read_link)
    from_link = Summary.model_validate(read_link.structured_content)
    assert from_link.document.title == "Harbour strike ends"
    assert from_link.claims and all(
        e.quote in ARTICLE for claim in from_link.claims for e in claim.evidence
    )


def test_the_summary_json_is_the_api_contract() -> None:
    from service.mcp_server import readable_summary
    from service.testing.summaries import sample_summary

    summary = sample_summary("Ana said the release moves. Ben denied it.", 2)
    text = readable_summary(summary, Settings(public_base_url="https://s.example.org"))
    assert f"https://s.example.org/v1/summaries/{summary.id}/view" in text
    assert json.loads(summary.model_dump_json())["claims"][0]["evidence"][0]["quote"]
