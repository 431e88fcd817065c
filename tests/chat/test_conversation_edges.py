"""Conversations read only in part, or not at all, end to end: the reply says how much was read
and why; a private request stays private; disagreements fit the platforms' limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from service.chat import discord_embeds, slack_blocks
from service.chat.conversations import transcript_budget
from service.chat.transcript import ChatMessage, Reading, build_transcript
from service.config import Settings
from service.reading import read
from service.schemas import Dispute, DisputeParty, Evidence
from service.sections import prompt_budget_chars
from service.testing.chat_apis import FakeSlack, SlackThrottle, conversation
from service.testing.engines import FakeEngine
from tests.chat.test_conversations import (
    client_for,
    command,
    notice_for,
    settings_for,
    shortcut,
)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


async def test_a_long_rate_limit_mid_thread_is_said_in_the_posted_summary(slack: FakeSlack) -> None:
    slack.max_limit = 15  # an app outside the Marketplace
    parent = slack.add_thread("C1", conversation(40))
    slack.throttles.append(SlackThrottle("conversations.replies", after_calls=1, retry_after=60))
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    _working, result = slack.replies(2)
    assert result.method.endswith("chat.postMessage")
    assert engine.requests[0].text.count("\n") == 14  # the 15 messages it could read
    blocks = json.dumps(result.body["blocks"])
    assert (
        "Read 15 messages in this thread. Slack let me read 15 messages and asked to wait 60 s"
        in (blocks)
    )


async def test_a_thread_whose_first_message_was_deleted(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(1))
    slack.messages["C1"].clear()  # deleted with no replies: Slack no longer knows the thread
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    _working, notice = slack.replies(2)
    assert notice.method.endswith("chat.postEphemeral") and notice.body["user"] == "U3"
    assert notice.body["text"] == (
        "Sorry, no summary: That thread no longer exists (its first message may have been deleted)."
    )
    assert engine.requests == []


async def test_a_thread_of_one_deleted_message_and_blank_replies_is_empty(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", [("U1", "The plan."), ("U2", "  ")])
    slack.messages["C1"][0].update(subtype="tombstone", text="This message was deleted.")
    text = await notice_for(slack, shortcut(slack, parent), "/v1/chat/slack/interactions")
    assert text == (
        "Sorry, no summary: Read 0 messages in this thread (2 joins, deletions or other events "
        "left out). No message from a person is left to summarize."
    )


async def test_a_private_channel_summary_answers_only_the_asker(slack: FakeSlack) -> None:
    slack.add_channel_messages("C1", conversation(6), start=1_800_000_000 - 3600, step_s=60)
    async for client in client_for(settings_for(slack), FakeEngine()):
        ack = await client.post("/v1/chat/slack/commands", **command(slack, "channel private"))
    assert ack.json()["response_type"] == "ephemeral"
    (result,) = slack.replies(1)
    assert result.method == "/responses/command"
    assert result.body["response_type"] == "ephemeral" and result.body["blocks"]


async def test_a_channel_over_three_pages_is_read_whole(slack: FakeSlack) -> None:
    slack.max_limit = 15
    stamps = slack.add_channel_messages("C1", conversation(40), start=1_800_000_000 - 7200)
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post("/v1/chat/slack/commands", **command(slack, "channel since: 3h"))
    (result,) = slack.replies(1)
    pages = slack.called("conversations.history")
    assert len(pages) == 3 and [bool(p.params.get("cursor")) for p in pages] == [False, True, True]
    assert "Read 40 messages in #release, the last 3 hours." in json.dumps(result.body)
    first_line = engine.requests[0].text.split("\n")[0]
    assert first_line.endswith(conversation(1)[0][1]) and len(stamps) == 40  # oldest first


def test_a_thousand_message_channel_fits_the_prompt_the_summarizer_allows() -> None:
    """The budget is the summarizer's: a long channel is cut to its latest messages here, never
    refused as too long there (an endpoint's default context: 8,192 tokens)."""
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="m", api_key="k")
    start = datetime(2026, 11, 30, tzinfo=UTC)
    messages = [
        ChatMessage(str(i), user, user, text, start + timedelta(minutes=i), f"https://x/{i}")
        for i, (user, text) in enumerate(conversation(1000))
    ]
    budget = transcript_budget(settings)
    transcript = build_transcript(messages, Reading(where="#general"), max_chars=budget)
    assert 100 < len(transcript.lines) < 1000
    assert transcript.lines[-1].message.id == "999"  # the latest are kept
    assert len(read(transcript.text).prompt_lines()) <= prompt_budget_chars(8192, settings)
    assert "earlier messages were left out" in transcript.reading.describe()


def long_dispute(transcript_text: str, parties: int) -> Dispute:
    return Dispute(
        id="d1",
        topic="T" * 600,
        parties=[
            DisputeParty(
                source=("Someone With A Very Long Display Name " * 3) + str(i),
                stance="denies" if i % 2 else "asserts",
                evidence=[Evidence(start=0, end=len(transcript_text), quote=transcript_text)],
            )
            for i in range(parties)
        ],
    )


def test_a_disagreement_fits_a_slack_section_and_a_discord_field() -> None:
    start = datetime(2026, 11, 30, tzinfo=UTC)
    link = "https://acme.slack.com/archives/C0123456789/p1800000000000000?thread_ts=1.2&cid=C01"
    messages = [
        ChatMessage(str(i), f"U{i}", f"Person {i}", "word " * 900, start, link) for i in range(8)
    ]
    transcript = build_transcript(messages, Reading(where="this thread"))
    dispute = long_dispute(transcript.text, 8)
    slack_text = slack_blocks.render_dispute(dispute, transcript)
    assert len(slack_text) <= slack_blocks.SECTION_CHARS
    assert slack_text.count(link) >= 6  # every side shown links whole
    field = discord_embeds.render_dispute(dispute, transcript)
    assert len(field["value"]) <= 1024 and len(field["name"]) <= 256
    assert field["value"].count(f"]({link})") == 4
