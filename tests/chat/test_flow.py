"""Slash commands, mentions and Discord interactions end to end, replies landing on a fake platform.

The fake Slack/Discord API is a real HTTP server on 127.0.0.1; the engine is a fake that needs no
model. Requests are signed with test secrets and checked against an injected clock.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from nacl.signing import SigningKey

from service.chat.jobs import Asked, ChatService, parse_asked
from service.config import Settings
from service.errors import ConfigError, UpstreamTimeout
from service.testing.chat_platform import (
    FakeChatPlatform,
    Page,
    chat_app,
    discord_headers,
    slack_headers,
)
from service.testing.engines import FakeEngine
from service.testing.http import serve_in_thread

NOW = 1_800_000_000
SECRET = "test-signing-secret"
DISCORD_KEY = SigningKey(b"\x07" * 32)
TEXT = (
    "The harbour strike ended on Monday. The union accepted a 6% pay rise, its leader said. "
    "The port authority said the backlog would clear within a week."
)
ARTICLE = (
    b"<html><head><title>Harbour strike ends</title></head><body><article>"
    b"<h1>Harbour strike ends</h1>"
    + b"<p>Dock workers returned on Monday after the union accepted a 6% pay rise.</p>" * 6
    + b"</article></body></html>"
)


@pytest.fixture
def platform() -> Iterator[FakeChatPlatform]:
    with FakeChatPlatform() as fake:
        fake.pages["/news/strike"] = Page(body=ARTICLE)
        yield fake


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_chat(
    platform: FakeChatPlatform, sleeps: Sleeps | None = None, **extra: Any
) -> ChatService:
    settings = Settings(
        slack_signing_secret=SECRET,  # type: ignore[arg-type]
        slack_bot_token="xoxb-test-token",  # type: ignore[arg-type]
        slack_api_base_url=platform.url + "/slack/api",
        discord_public_key=DISCORD_KEY.verify_key.encode().hex(),
        discord_application_id="1234",
        discord_api_base_url=platform.url + "/discord/api/v10",
        public_base_url="https://sourced.example.org",
        **extra,
    )
    return ChatService(settings, clock=lambda: NOW, sleep=Sleeps() if sleeps is None else sleeps)


@pytest.fixture
async def engine() -> FakeEngine:
    return FakeEngine(claims=3)


async def _client(chat: ChatService, engine: FakeEngine) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=chat_app(chat, engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def slash_command(platform: FakeChatPlatform, text: str, timestamp: int = NOW) -> dict[str, Any]:
    body = urlencode(
        {
            "command": "/summarize",
            "text": text,
            "user_id": "U1",
            "channel_id": "C1",
            "response_url": platform.url + "/slack/commands/T1/42/abc",
        }
    ).encode()
    headers = {
        **slack_headers(SECRET, timestamp, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return {"content": body, "headers": headers}


def signed_json(
    payload: dict[str, Any], timestamp: int = NOW, *, discord: bool = False
) -> dict[str, Any]:
    body = json.dumps(payload).encode()
    if discord:
        headers = discord_headers(DISCORD_KEY, timestamp, body)
    else:
        headers = slack_headers(SECRET, timestamp, body)
    return {"content": body, "headers": {**headers, "Content-Type": "application/json"}}


# --- Slack slash command -----------------------------------------------------------------------


async def test_slash_command_is_acknowledged_then_answered_at_the_response_url(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    async for client in _client(make_chat(platform), engine):
        ack = await client.post("/v1/chat/slack/commands", **slash_command(platform, TEXT))
    assert ack.status_code == 200
    assert ack.json()["response_type"] == "ephemeral"
    assert ack.json()["text"].startswith("Working on it")

    assert [r.text for r in engine.requests] == [TEXT]
    (reply,) = platform.wait_for_posts(1, "/slack/commands/T1/42/abc")
    assert reply.body["response_type"] == "in_channel"
    blocks = reply.body["blocks"]
    assert blocks[0]["type"] == "header"
    review = "<https://sourced.example.org/v1/summaries/"
    assert any(
        review in str(block) and "/view|Review the evidence>" in str(block) for block in blocks
    )
    claims = [b for b in blocks if b["type"] == "section" and "> “" in b["text"]["text"]]
    assert len(claims) == 3
    assert "The harbour strike ended" in claims[0]["text"]["text"]  # the evidence, quoted


async def test_a_pasted_link_is_read_and_its_article_summarized(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    chat = make_chat(platform, chat_allow_hosts="127.0.0.1")
    link = f"<{platform.url}/news/strike>"  # Slack's escaped form of a pasted link
    async for client in _client(chat, engine):
        ack = await client.post("/v1/chat/slack/commands", **slash_command(platform, link))
    assert f"summarizing <{platform.url}/news/strike>" in ack.json()["text"]
    (request,) = engine.requests
    assert request.title == "Harbour strike ends"
    assert "accepted a 6% pay rise" in request.text
    (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert reply.body["blocks"][0]["text"]["text"] == "Harbour strike ends"


async def test_a_link_to_a_private_address_gets_a_clear_private_refusal(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    link = platform.url.replace("127.0.0.1", "localhost") + "/news/strike"
    async for client in _client(make_chat(platform), engine):
        await client.post("/v1/chat/slack/commands", **slash_command(platform, link))
    assert engine.requests == []
    assert [r.path for r in platform.received if r.method == "GET"] == []  # never fetched
    (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert reply.body["response_type"] == "ephemeral"
    assert "Links to localhost are refused: it points to a loopback address" in reply.body["text"]


async def test_an_engine_failure_reaches_the_user_as_a_short_ephemeral_message(
    platform: FakeChatPlatform,
) -> None:
    engine = FakeEngine(error=UpstreamTimeout("The model did not answer within 60 s", attempts=4))
    async for client in _client(make_chat(platform), engine):
        ack = await client.post("/v1/chat/slack/commands", **slash_command(platform, TEXT))
    assert ack.status_code == 200
    (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert reply.body == {
        "response_type": "ephemeral",
        "text": "Sorry, no summary: The model did not answer within 60 s",
    }


async def test_an_unexpected_failure_says_nothing_of_its_internals(
    platform: FakeChatPlatform,
) -> None:
    engine = FakeEngine(error=KeyError("secret document words"))
    async for client in _client(make_chat(platform), engine):
        await client.post("/v1/chat/slack/commands", **slash_command(platform, TEXT))
    (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert "secret" not in reply.body["text"]
    assert "something went wrong on our side" in reply.body["text"]


async def test_empty_command_gets_usage_and_starts_nothing(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    async for client in _client(make_chat(platform), engine):
        ack = await client.post("/v1/chat/slack/commands", **slash_command(platform, "   "))
    assert "/summarize https://" in ack.json()["text"]
    assert engine.requests == [] and platform.posts() == []


async def test_rate_limited_reply_is_retried_after_the_time_slack_asks(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    platform.statuses = [(429, {"Retry-After": "3"}), (503, {})]
    sleeps = Sleeps()
    async for client in _client(make_chat(platform, sleeps), engine):
        await client.post("/v1/chat/slack/commands", **slash_command(platform, TEXT))
    posts = platform.wait_for_posts(3, "/slack/commands/")
    assert posts[0].body == posts[2].body  # the same message, delivered on the third try
    assert sleeps[0] == 3.0 and len(sleeps) == 2


# --- Slack events ------------------------------------------------------------------------------


async def test_url_verification_echoes_the_challenge(platform: FakeChatPlatform) -> None:
    payload = {
        "type": "url_verification",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    }
    async for client in _client(make_chat(platform), FakeEngine()):
        answer = await client.post("/v1/chat/slack/events", **signed_json(payload))
    assert answer.json() == {"challenge": payload["challenge"]}


def mention(event_id: str, text: str) -> dict[str, Any]:
    return {
        "type": "event_callback",
        "event_id": event_id,
        "event": {
            "type": "app_mention",
            "user": "U2",
            "channel": "C9",
            "ts": "171.0001",
            "text": text,
        },
    }


async def test_a_mention_is_answered_in_its_thread_with_the_bot_token_once(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    async for client in _client(make_chat(platform), engine):
        first = await client.post(
            "/v1/chat/slack/events", **signed_json(mention("Ev1", f"<@U0BOT> {TEXT}"))
        )
        # Slack retries an event it thinks we missed, with a fresh signature.
        retry = await client.post(
            "/v1/chat/slack/events", **signed_json(mention("Ev1", f"<@U0BOT> {TEXT}"), NOW + 1)
        )
    assert first.status_code == retry.status_code == 200
    assert [r.text for r in engine.requests] == [TEXT]  # the mention itself is not summarized
    working, result = platform.wait_for_posts(2, "/slack/api/")
    assert working.path == "/slack/api/chat.postEphemeral"
    assert working.body["user"] == "U2" and working.body["text"].startswith("Working on it")
    assert result.path == "/slack/api/chat.postMessage"
    assert result.headers["Authorization"] == "Bearer xoxb-test-token"
    assert result.body["channel"] == "C9" and result.body["thread_ts"] == "171.0001"
    assert result.body["blocks"][0]["type"] == "header"


async def test_a_bots_own_message_is_never_answered(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    payload = mention("Ev2", "<@U0BOT> hello")
    payload["event"]["bot_id"] = "B1"
    async for client in _client(make_chat(platform), engine):
        await client.post("/v1/chat/slack/events", **signed_json(payload))
    assert engine.requests == [] and platform.posts() == []


# --- Discord -----------------------------------------------------------------------------------


def summarize_interaction(text: str, name: str = "summarize") -> dict[str, Any]:
    return {
        "type": 2,
        "id": "99",
        "application_id": "1234",
        "token": "interaction-token",
        "data": {"name": name, "options": [{"name": "text", "type": 3, "value": text}]},
    }


async def test_discord_command_is_deferred_then_followed_up_through_the_webhook(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    async for client in _client(make_chat(platform), engine):
        answer = await client.post(
            "/v1/chat/discord/interactions",
            **signed_json(summarize_interaction(TEXT), discord=True),
        )
    assert answer.json() == {"type": 5}
    (follow_up,) = platform.wait_for_posts(1, "/discord/api/v10/webhooks/1234/interaction-token")
    embed = follow_up.body["embeds"][0]
    assert embed["title"] == "Summary"
    assert embed["url"].startswith("https://sourced.example.org/v1/summaries/")
    assert len(embed["fields"]) == 3
    assert follow_up.body["allowed_mentions"] == {"parse": []}


async def test_discord_errors_and_unknown_commands_are_short_messages(
    platform: FakeChatPlatform,
) -> None:
    engine = FakeEngine(error=UpstreamTimeout("The model did not answer within 60 s"))
    async for client in _client(make_chat(platform), engine):
        unknown = await client.post(
            "/v1/chat/discord/interactions",
            **signed_json(summarize_interaction(TEXT, "other"), discord=True),
        )
        await client.post(
            "/v1/chat/discord/interactions",
            **signed_json(summarize_interaction(TEXT), discord=True),
        )
    assert unknown.json()["type"] == 4 and unknown.json()["data"]["flags"] == 64
    (follow_up,) = platform.wait_for_posts(1, "/discord/api/v10/webhooks/")
    assert follow_up.body["content"] == "Sorry, no summary: The model did not answer within 60 s"


# --- a real server: the acknowledgement does not wait for the summary ---------------------------


def test_the_acknowledgement_arrives_while_the_summary_is_still_being_made(
    platform: FakeChatPlatform,
) -> None:
    gate = threading.Event()
    engine = FakeEngine(gate=gate)
    with serve_in_thread(chat_app(make_chat(platform), engine)) as base_url:
        # The answer arrives while the engine is held at its gate: it cannot have waited for the
        # summary. (How fast it arrives is bench/chat.py's figure, not a timed test's.)
        ack = httpx.post(base_url + "/v1/chat/slack/commands", **slash_command(platform, TEXT))
        assert ack.json()["text"].startswith("Working on it")
        assert platform.posts() == []
        gate.set()
        (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert reply.body["response_type"] == "in_channel"


@pytest.mark.parametrize(
    ("raw", "text", "url"),
    [
        ("https://a.example/x?y=1&amp;z=2", None, "https://a.example/x?y=1&z=2"),
        ("<https://a.example/x|a.example/x>", None, "https://a.example/x"),
        ("<@U0BOT>  <http://a.example/>", None, "http://a.example/"),
        ("ftp://files.example/a", None, "ftp://files.example/a"),  # refused later, by name
        ("Read https://a.example/ please", "Read https://a.example/ please", None),
        ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3", None),
        (
            "See <https://a.example/x|a.example/x> in <#C1|general>",
            "See a.example/x in #general",
            None,
        ),
    ],
)
def test_what_counts_as_a_link(raw: str, text: str | None, url: str | None) -> None:
    asked = parse_asked(raw)
    assert asked is not None
    assert (asked.text, asked.url) == (text, url)


def test_discord_text_is_taken_as_typed() -> None:
    assert parse_asked("if x < y > z &amp; <@1>", slack=False) == Asked(
        text="if x < y > z &amp; <@1>"
    )
    assert parse_asked(" https://a.example/x?y=1&z=2 ", slack=False) == Asked(
        url="https://a.example/x?y=1&z=2"
    )


async def test_the_api_app_serves_the_chat_routes_without_an_api_key(
    platform: FakeChatPlatform, engine: FakeEngine
) -> None:
    from service.api.app import create_app

    settings = make_chat(platform).settings.model_copy(
        update={"api_keys": "a-key-chat-never-sends"}
    )
    app = create_app(settings, engine=engine)  # type: ignore[arg-type]
    app.state.chat = ChatService(settings, clock=lambda: NOW, sleep=Sleeps())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        ack = await client.post("/v1/chat/slack/commands", **slash_command(platform, TEXT))
        refused = await client.post("/v1/summaries", json={"text": TEXT})
    assert ack.status_code == 200 and ack.json()["text"].startswith("Working on it")
    assert refused.status_code == 401  # the rest of the API still wants its key
    (reply,) = platform.wait_for_posts(1, "/slack/commands/")
    assert reply.body["response_type"] == "in_channel"


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("discord_public_key", "not-hex", "SOURCED_DISCORD_PUBLIC_KEY"),
        ("chat_allow_hosts", "127.0.0.1,intranet", "SOURCED_CHAT_ALLOW_HOSTS"),
    ],
)
def test_a_misconfigured_bot_names_the_setting_to_fix(setting: str, value: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        ChatService(Settings(**{setting: value}))
