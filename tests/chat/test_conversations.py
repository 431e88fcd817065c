"""Summaries of the conversation itself, end to end: signed Slack shortcuts, commands and mentions,
Discord message commands; history read from fake Slack and Discord APIs on 127.0.0.1; replies
posted back with every claim linked to its message.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from nacl.signing import SigningKey

from service.chat.conversations import ConversationService
from service.chat.discord_commands import COMMANDS, register_commands
from service.chat.jobs import ChatService
from service.config import Settings
from service.engine import Engine
from service.reading import read
from service.store import SummaryStore
from service.testing.chat_apis import FakeSlack, conversation
from service.testing.chat_platform import chat_app, discord_headers, slack_headers
from service.testing.discord_api import FakeDiscord
from service.testing.engines import FakeBackend, FakeEngine

NOW = 1_800_000_000
SECRET = "test-signing-secret"
DISCORD_KEY = SigningKey(b"\x09" * 32)
SLACK_LINK = re.compile(r"<(http[^|>]+/archives/[^|>]+)\|([^>]+)>")
DISCORD_LINK = re.compile(r"\]\((http[^)]+/channels/[^)]+)\)")


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def discord() -> Iterator[FakeDiscord]:
    with FakeDiscord() as fake:
        yield fake


def settings_for(slack: FakeSlack, discord: FakeDiscord | None = None, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_signing_secret": SECRET,
        "slack_bot_token": "xoxb-test-token",
        "slack_api_base_url": slack.url + "/api",
        "public_base_url": "https://sourced.example.org",
        "retry_after_cap_s": 5.0,
        "discord_public_key": DISCORD_KEY.verify_key.encode().hex(),
        "discord_application_id": "1234",
        "discord_bot_token": "discord-bot-token",
    }
    if discord is not None:
        values["discord_api_base_url"] = discord.api
    values.update(extra)
    return Settings.model_validate(values)


async def client_for(settings: Settings, engine: Any) -> AsyncIterator[httpx.AsyncClient]:
    sleeps = Sleeps()
    app = chat_app(ChatService(settings, clock=lambda: NOW, sleep=sleeps), engine)
    app.state.conversations = ConversationService(settings, sleep=sleeps, clock=lambda: NOW)
    app.state.sleeps = sleeps
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def signed_form(fields: dict[str, str]) -> dict[str, Any]:
    body = urlencode(fields).encode()
    headers = {
        **slack_headers(SECRET, NOW, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return {"content": body, "headers": headers}


def shortcut(slack: FakeSlack, ts: str, callback: str = "summarize_thread") -> dict[str, Any]:
    payload = {
        "type": "message_action",
        "callback_id": callback,
        "trigger_id": "1.2.3",
        "user": {"id": "U3", "name": "chen"},
        "channel": {"id": "C1", "name": "release"},
        "message": {"type": "message", "ts": ts, "text": "..."},
        "response_url": slack.url + "/responses/shortcut",
    }
    return signed_form({"payload": json.dumps(payload)})


def command(slack: FakeSlack, text: str) -> dict[str, Any]:
    return signed_form(
        {
            "command": "/summarize",
            "text": text,
            "user_id": "U3",
            "channel_id": "C1",
            "channel_name": "release",
            "response_url": slack.url + "/responses/command",
        }
    )


def claim_sections(message: dict[str, Any]) -> list[str]:
    return [
        b["text"]["text"]
        for b in message["blocks"]
        if b["type"] == "section" and "*" in b["text"]["text"] and "Said" in b["text"]["text"]
    ]


# --- Slack ---------------------------------------------------------------------------------------


async def test_the_thread_shortcut_posts_claims_linked_to_their_messages(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(12))
    engine = FakeEngine(claims=5)
    async for client in client_for(settings_for(slack), engine):
        ack = await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    assert ack.status_code == 200 and ack.content == b""

    working, result = slack.replies(2)
    assert working.method.endswith("chat.postEphemeral") and working.body["user"] == "U3"
    assert working.body["thread_ts"] == parent
    assert result.method.endswith("chat.postMessage")
    assert result.body["channel"] == "C1" and result.body["thread_ts"] == parent

    (request,) = engine.requests
    assert request.text.split("\n")[0] == "Ana Lima: " + conversation(1)[0][1]
    assert request.title == "Slack thread in #release"
    blocks = json.dumps(result.body["blocks"])
    assert "Read 12 messages in this thread." in blocks
    sections = claim_sections(result.body)
    assert len(sections) == 5
    for section in sections:  # every claim links to a message of the thread that exists
        links = SLACK_LINK.findall(section)
        assert links and all(slack.link_works(link) for link, _author in links)


async def test_the_private_shortcut_answers_only_the_asker(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(3))
    async for client in client_for(settings_for(slack), FakeEngine()):
        await client.post(
            "/v1/chat/slack/interactions", **shortcut(slack, parent, "summarize_thread_private")
        )
    _working, result = slack.replies(2)
    assert result.method.endswith("chat.postEphemeral")
    assert result.body["user"] == "U3" and result.body["thread_ts"] == parent


async def test_channel_command_since_two_hours(slack: FakeSlack) -> None:
    stamps = slack.add_channel_messages("C1", conversation(30), start=NOW - 3 * 3600, step_s=360)
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        ack = await client.post("/v1/chat/slack/commands", **command(slack, "channel since: 2h"))
    assert ack.json() == {
        "response_type": "ephemeral",
        "text": "Working on it: reading #release (2h). The summary will follow.",
    }
    (history,) = slack.called("conversations.history")
    assert float(history.params["oldest"]) == NOW - 7200
    (result,) = slack.replies(1)
    assert result.method == "/responses/command" and result.body["response_type"] == "in_channel"
    read = len([s for s in stamps if float(s) >= NOW - 7200])
    assert f"Read {read} messages in #release, the last 2 hours." in json.dumps(result.body)
    assert engine.requests[0].title == "#release, the last 2 hours"


async def test_thread_command_with_a_message_link(slack: FakeSlack) -> None:
    parent = slack.add_thread("C7", conversation(4))
    reply_ts = slack.messages["C7"][2]["ts"]
    link = f"<{slack.url}/archives/C7/p{reply_ts.replace('.', '')}?thread_ts={parent}&amp;cid=C7>"
    async for client in client_for(settings_for(slack), FakeEngine()):
        ack = await client.post("/v1/chat/slack/commands", **command(slack, f"thread {link}"))
    assert "reading this thread" in ack.json()["text"]
    (result,) = slack.replies(1)
    assert result.method.endswith("chat.postMessage")
    assert result.body["channel"] == "C7" and result.body["thread_ts"] == parent


async def test_a_mention_in_a_thread_summarizes_the_thread(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(6))
    event = {
        "type": "event_callback",
        "event_id": "Ev9",
        "event": {
            "type": "app_mention",
            "user": "U2",
            "channel": "C1",
            "ts": "1800009999.000100",
            "thread_ts": parent,
            "text": "<@UBOT> summarize this thread please",
        },
    }
    body = json.dumps(event).encode()
    headers = {**slack_headers(SECRET, NOW, body), "Content-Type": "application/json"}
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        answer = await client.post("/v1/chat/slack/events", content=body, headers=headers)
    assert answer.status_code == 200
    _working, result = slack.replies(2)
    assert result.body["thread_ts"] == parent
    assert engine.requests[0].text.count("\n") == 5  # the thread, not the mention's words


async def test_usage_when_nothing_is_asked(slack: FakeSlack) -> None:
    async for client in client_for(settings_for(slack), FakeEngine()):
        ack = await client.post("/v1/chat/slack/commands", **command(slack, ""))
        bad = await client.post("/v1/chat/slack/commands", **command(slack, "channel since: soon"))
    assert "/summarize channel since: 2h" in ack.json()["text"]
    assert "I can't read `since: soon`" in bad.json()["text"]
    assert slack.posted == []


# --- bad conversations get clear, short, private answers -----------------------------------------


async def notice_for(slack: FakeSlack, form: dict[str, Any], path: str) -> str:
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post(path, **form)
    replies = slack.replies(1)
    final = replies[-1]
    text = str(final.body.get("text", ""))
    assert "Traceback" not in text and "Error" not in text
    return text


async def test_an_empty_channel(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", [("U1", "   ")])
    text = await notice_for(slack, command(slack, "channel"), "/v1/chat/slack/commands")
    assert text == (
        "Sorry, no summary: Read 0 messages in #release, the last 24 hours (1 joins, deletions "
        "or other events left out). No message from a person is left to summarize."
    )
    assert parent


async def test_a_thread_of_only_bot_messages(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", [("UBOT", "Summary of yesterday"), ("UBOT", "Another")])
    posted_by_an_integration = slack.messages["C1"][1]
    del posted_by_an_integration["user"]  # what a webhook or integration posts: no user at all
    posted_by_an_integration.update(subtype="bot_message", bot_id="B01CI")
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    _working, notice = slack.replies(2)
    assert notice.method.endswith("chat.postEphemeral")
    assert notice.body["text"] == (
        "Sorry, no summary: Read 0 messages in this thread (2 from bots left out). "
        "No message from a person is left to summarize."
    )
    assert engine.requests == []


async def test_a_channel_the_bot_cannot_read(slack: FakeSlack) -> None:
    slack.add_channel_messages("C1", conversation(3))
    slack.member_of.discard("C1")
    text = await notice_for(slack, command(slack, "channel"), "/v1/chat/slack/commands")
    assert text == (
        "Sorry, no summary: I'm not in this channel, so I can't read it: add me with "
        "/invite @Sourced."
    )


async def test_a_40000_character_message(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", [("U1", "The plan. " * 4000), ("U2", "Agreed.")])
    engine = FakeEngine()
    async for client in client_for(settings_for(slack), engine):
        await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    _working, result = slack.replies(2)
    assert result.method.endswith("chat.postMessage")
    assert len(engine.requests[0].text) < 4200
    assert "1 long message was read up to 4,000 characters" in json.dumps(result.body)


# --- claims map to messages by offset, through the real pipeline ---------------------------------


async def test_claims_of_the_real_pipeline_map_to_their_messages(
    slack: FakeSlack, tmp_path: Any
) -> None:
    lines = conversation(4)
    parent = slack.add_thread("C1", lines)
    settings = settings_for(slack, data_dir=tmp_path)
    transcript_text = "\n".join(
        f"{name}: {text}"
        for (_, text), name in zip(lines, [n for _, n in _people(lines)], strict=True)
    )
    statements = read(transcript_text).statements
    numbers = [next(s.number for s in statements if text in s.text) for _, text in lines]
    draft = {
        "headline": "The release date is disputed",
        "summary": "Ana Lima says the release moves to Thursday; Ben Okafor disagrees.",
        "claims": [
            {"ids": [numbers[0]], "text": ""},
            {"ids": [numbers[2]], "text": ""},
        ],
    }
    engine = Engine(settings, FakeBackend(draft), SummaryStore.from_settings(settings))
    async for client in client_for(settings, engine):
        await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
    _working, result = slack.replies(2)
    sections = claim_sections(result.body)
    assert sections, json.dumps(result.body)
    linked = [SLACK_LINK.findall(section) for section in sections]
    # The draft's two claims come first; the service may fill up with other messages' claims.
    expected = {
        text.split(" (note")[0]: (name, slack.messages["C1"][i]["ts"])
        for i, ((_, text), (_, name)) in enumerate(zip(lines, _people(lines), strict=True))
    }
    assert "The release moves" in sections[0] and "Support tickets" in sections[1]
    for section, links in zip(sections, linked, strict=True):
        (author, ts) = next(v for k, v in expected.items() if k in section)
        assert links[0][1] == author
        assert f"/archives/C1/p{ts.replace('.', '')}" in links[0][0]
        assert slack.link_works(links[0][0])


def _people(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from service.testing.chat_apis import PEOPLE

    names = dict(PEOPLE)
    return [(user, names[user]) for user, _ in lines]


# --- Discord -------------------------------------------------------------------------------------


def message_command(target: str, name: str = "Summarize conversation") -> dict[str, Any]:
    body = json.dumps(
        {
            "type": 2,
            "id": "77",
            "application_id": "1234",
            "token": "interaction-token",
            "guild_id": "555",
            "channel_id": "C100",
            "channel": {"id": "C100", "name": "launch"},
            "data": {
                "type": 3,
                "name": name,
                "target_id": target,
                "resolved": {"messages": {target: {"id": target, "channel_id": "C100"}}},
            },
        }
    ).encode()
    headers = {**discord_headers(DISCORD_KEY, NOW, body), "Content-Type": "application/json"}
    return {"content": body, "headers": headers}


async def test_the_discord_message_command_follows_up_with_jump_links(
    slack: FakeSlack, discord: FakeDiscord
) -> None:
    ids = discord.add_messages("C100", conversation(150))
    engine = FakeEngine(claims=4)
    async for client in client_for(settings_for(slack, discord), engine):
        answer = await client.post("/v1/chat/discord/interactions", **message_command(ids[120]))
    assert answer.json() == {"type": 5}
    (follow_up,) = discord.wait_for("/webhooks/1234/interaction-token")
    reads = discord.called("/channels/C100/messages")
    assert "around" in reads[0].params and "before" in reads[1].params
    assert reads[0].headers["Authorization"] == "Bot discord-bot-token"
    embeds = follow_up.body["embeds"]
    fields = [f for e in embeds for f in e["fields"]]
    assert len(fields) == 4
    for field in fields:
        links = DISCORD_LINK.findall(field["value"])
        assert links and all(discord.link_works(link) for link in links)
        authors = field["name"].split("Said by: ")[1].split(" (source:")[0].split(", ")
        assert set(authors) <= {"Ana Lima", "Ben Okafor", "Chen Wei", "Dana Cohen"}
    assert "Read 150 messages in #launch around the chosen message." in embeds[0]["description"]
    assert engine.requests[0].title == "Discord conversation in #launch"


async def test_discord_private_command_and_rate_limit(
    slack: FakeSlack, discord: FakeDiscord
) -> None:
    ids = discord.add_messages("C100", conversation(20))
    discord.rate_limits = [0.75]
    async for client in client_for(settings_for(slack, discord), FakeEngine()):
        answer = await client.post(
            "/v1/chat/discord/interactions",
            **message_command(ids[5], "Summarize conversation (only me)"),
        )
        sleeps = client._transport.app.state.sleeps  # type: ignore[attr-defined]
    assert answer.json() == {"type": 5, "data": {"flags": 64}}
    (follow_up,) = discord.wait_for("/webhooks/1234/interaction-token")
    assert follow_up.body["flags"] == 64
    assert 0.75 in sleeps  # Discord's retry_after, honoured
    assert len(discord.called("/channels/C100/messages")) >= 2


async def test_discord_channel_the_bot_cannot_read(slack: FakeSlack, discord: FakeDiscord) -> None:
    ids = discord.add_messages("C100", conversation(5))
    discord.forbidden.add("C100")
    engine = FakeEngine()
    async for client in client_for(settings_for(slack, discord), engine):
        await client.post("/v1/chat/discord/interactions", **message_command(ids[2]))
    (follow_up,) = discord.wait_for("/webhooks/1234/interaction-token")
    assert follow_up.body["content"] == (
        "Sorry, no summary: I can't read this channel: give the bot the View Channel and Read "
        "Message History permissions here."
    )
    assert follow_up.body["flags"] == 64 and engine.requests == []


async def test_register_discord_commands(discord: FakeDiscord, slack: FakeSlack) -> None:
    settings = settings_for(slack, discord)
    registered = await register_commands(settings, guild_id="555")
    assert [c["name"] for c in registered] == [c["name"] for c in COMMANDS]
    assert discord.commands["1234/guilds/555"][1] == {
        "name": "Summarize conversation",
        "type": 3,
        "id": "901",
    }


def test_register_discord_from_the_command_line(
    discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    assert main(["chat", "register-discord"]) == 2
    assert "SOURCED_DISCORD_APPLICATION_ID and SOURCED_DISCORD_BOT_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("SOURCED_DISCORD_APPLICATION_ID", "1234")
    monkeypatch.setenv("SOURCED_DISCORD_BOT_TOKEN", "discord-bot-token")
    monkeypatch.setenv("SOURCED_DISCORD_API_BASE_URL", discord.api)
    assert main(["chat", "register-discord"]) == 0
    assert capsys.readouterr().out.startswith("registered 3 Discord commands: summarize, ")
    assert [c["name"] for c in discord.commands["1234"]] == [c["name"] for c in COMMANDS]


async def test_the_slack_manifest_matches_the_routes() -> None:
    import yaml

    from service.api.app import create_app
    from service.chat.shortcuts import SHORTCUTS
    from tests.conftest import ROOT

    manifest = yaml.safe_load((ROOT / "examples" / "slack" / "manifest.yaml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert {s["callback_id"] for s in features["shortcuts"]} == set(SHORTCUTS)
    urls = [
        features["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    app = create_app(Settings(slack_signing_secret=SECRET), engine=FakeEngine())  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for url in urls:  # each is served, and wants Slack's signature
            answer = await client.post(url.removeprefix("https://sourced.example.org"))
            assert answer.status_code == 401, url
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"channels:history", "users:read", "chat:write", "commands"} <= scopes
