"""Chat request signatures against published examples, plus tampering, staleness and replay.

The Slack example is the one in Slack's documentation ("Verifying requests from Slack", also in
slack_sdk's own tests); the Discord ones are a captured PING and its invalid twin from the
discord-interactions test data. Their values are copied here as facts.
"""

from __future__ import annotations

import httpx
import pytest
from nacl.signing import SigningKey

from service.chat.jobs import ChatService
from service.chat.signatures import DiscordSignatures, ReplayGuard, SlackSignatures
from service.config import Settings
from service.testing.chat_platform import chat_app, discord_headers, slack_headers
from service.testing.engines import FakeEngine

SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_TIMESTAMP = 1531420618
SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
SLACK_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_HEADERS = {
    "X-Slack-Request-Timestamp": str(SLACK_TIMESTAMP),
    "X-Slack-Signature": SLACK_SIGNATURE,
}

DISCORD_PUBLIC_KEY = "c5568d0facd66bddee281dcb9c8ac02e169c5c20741b215b2539a96bb183c5d6"
DISCORD_TIMESTAMP = 1657322078
DISCORD_SIGNATURE = (
    "28b4ab5f09cce30c7f7f4ab4b47c311f0ce83dd8fec06d34e402c44d64223be5"
    "016f95339e64bdabcbd395e9147afe3f8cd024868330ab41014ae51b5573a009"
)
_USER = (
    '"type":1,"user":{"avatar":"27aeb42cc902f7d8712aa64ff15bfb7d","avatar_decoration":null,'
    '"discriminator":"6969","id":"170531778354741248","public_flags":576,"username":"miles"},'
    '"version":1}'
)
DISCORD_BODY = (
    '{"application_id":"827290144020496384","id":"995105663481028770","token":"aW50ZXJhY3Rpb246'
    "OTk1MTA1NjYzNDgxMDI4NzcwOmlReEtWOXNxMTJWYXF4UlRkc2RyVEp0MDdDMlVyem1na0FTT21xNTZQNHR0MUlORDU1"
    "bmNCUTZZdTI5akJkb3FycjBuUDltNVp3VVVJbnA0UUkzMG13cVBGWE5qZFQyb1dkZEpqVVFEdmZEcGE2UHV5dFAyTE5r"
    'S2c2a2lZNDlx",' + _USER
).encode()
DISCORD_HEADERS = {
    "X-Signature-Ed25519": DISCORD_SIGNATURE,
    "X-Signature-Timestamp": str(DISCORD_TIMESTAMP),
}
# The same file's invalid example: a different interaction under a signature that does not match.
DISCORD_INVALID_TIMESTAMP = 1657322079
DISCORD_INVALID_SIGNATURE = (
    "f740b665fd82b37a379626543cb10f9f1cd36b910be2bf3210bb70b5de11e096"
    "878c7e2b60a92931269ed49d58f249f32558853049a38fc6d66a831574ab7408"
)
DISCORD_INVALID_BODY = (
    '{"application_id":"827290144020496384","id":"995105663481028771","token":"aW50ZXJhY3Rpb246'
    "OTk1MTA1NjYzNDgxMDI4NzcxOmhRWEJ1SWlIRWNHTTVaYmFUc2pGRzR5SlZxM1hCSW9wMkxhald2anZ1ZDhaSWhQY3ZI"
    "M1d1NGJTNWRZbWs1SzQ4YzdpajEzd2ZkQVRDWEJuamxVN1A1TFhWRVoxWDVIMGV4MkhKSTRyN0ZyQ3JtWEYyem83UXZE"
    'V001VENiVUhJ",' + _USER
).encode()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# --- Slack -------------------------------------------------------------------------------------


def test_slacks_documented_example_is_authentic() -> None:
    slack = SlackSignatures(SLACK_SECRET, clock=FakeClock(SLACK_TIMESTAMP))
    assert slack.is_authentic(SLACK_BODY, SLACK_HEADERS)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (SLACK_BODY + b"------", SLACK_HEADERS),  # the SDK's own tampering example
        (SLACK_BODY.replace(b"text=", b"text=rm"), SLACK_HEADERS),
        (SLACK_BODY, {**SLACK_HEADERS, "X-Slack-Signature": SLACK_SIGNATURE[:-1] + "4"}),
        (SLACK_BODY, {**SLACK_HEADERS, "X-Slack-Request-Timestamp": str(SLACK_TIMESTAMP + 1)}),
        (SLACK_BODY, {**SLACK_HEADERS, "X-Slack-Request-Timestamp": "not-a-number"}),
        (SLACK_BODY, {"X-Slack-Request-Timestamp": str(SLACK_TIMESTAMP)}),
        (SLACK_BODY, {}),
        (SLACK_BODY + b"\xff", SLACK_HEADERS),
    ],
    ids=[
        "appended",
        "edited",
        "signature",
        "timestamp",
        "garbled-timestamp",
        "unsigned",
        "none",
        "not-utf8",
    ],
)
def test_slack_tampering_is_refused(body: bytes, headers: dict[str, str]) -> None:
    slack = SlackSignatures(SLACK_SECRET, clock=FakeClock(SLACK_TIMESTAMP))
    assert not slack.is_authentic(body, headers)


@pytest.mark.parametrize(("offset", "accepted"), [(300, True), (301, False), (-301, False)])
def test_slack_requests_older_or_newer_than_five_minutes_are_refused(
    offset: int, accepted: bool
) -> None:
    slack = SlackSignatures(SLACK_SECRET, clock=FakeClock(SLACK_TIMESTAMP + offset))
    assert slack.is_authentic(SLACK_BODY, SLACK_HEADERS) is accepted


def test_a_slack_request_is_accepted_once() -> None:
    clock = FakeClock(SLACK_TIMESTAMP)
    slack = SlackSignatures(SLACK_SECRET, clock=clock)
    assert slack.is_authentic(SLACK_BODY, SLACK_HEADERS)
    clock.now += 299
    assert not slack.is_authentic(SLACK_BODY, SLACK_HEADERS)


# --- Discord -----------------------------------------------------------------------------------


def test_discords_captured_ping_is_authentic() -> None:
    discord = DiscordSignatures(DISCORD_PUBLIC_KEY, clock=FakeClock(DISCORD_TIMESTAMP))
    assert discord.is_authentic(DISCORD_BODY, DISCORD_HEADERS)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (
            DISCORD_INVALID_BODY,
            {
                "X-Signature-Ed25519": DISCORD_INVALID_SIGNATURE,
                "X-Signature-Timestamp": str(DISCORD_INVALID_TIMESTAMP),
            },
        ),
        # The valid signature with the invalid example's timestamp: the timestamp is signed too.
        (DISCORD_BODY, {**DISCORD_HEADERS, "X-Signature-Timestamp": str(DISCORD_TIMESTAMP + 1)}),
        (DISCORD_BODY.replace(b'"type":1', b'"type":2'), DISCORD_HEADERS),
        (DISCORD_BODY, {**DISCORD_HEADERS, "X-Signature-Ed25519": "zz" * 64}),
        (DISCORD_BODY, {**DISCORD_HEADERS, "X-Signature-Ed25519": DISCORD_SIGNATURE[:-2]}),
        (DISCORD_BODY, {"X-Signature-Timestamp": str(DISCORD_TIMESTAMP)}),
    ],
    ids=["invalid-example", "timestamp", "body", "not-hex", "short", "unsigned"],
)
def test_discord_tampering_is_refused(body: bytes, headers: dict[str, str]) -> None:
    discord = DiscordSignatures(DISCORD_PUBLIC_KEY, clock=FakeClock(DISCORD_TIMESTAMP))
    assert not discord.is_authentic(body, headers)


def test_discord_stale_and_replayed_requests_are_refused() -> None:
    clock = FakeClock(DISCORD_TIMESTAMP + 301)
    discord = DiscordSignatures(DISCORD_PUBLIC_KEY, clock=clock)
    assert not discord.is_authentic(DISCORD_BODY, DISCORD_HEADERS)
    clock.now = DISCORD_TIMESTAMP + 5
    assert discord.is_authentic(DISCORD_BODY, DISCORD_HEADERS)
    upper = {**DISCORD_HEADERS, "X-Signature-Ed25519": DISCORD_SIGNATURE.upper()}
    assert not discord.is_authentic(DISCORD_BODY, upper)


def test_replay_memory_forgets_only_what_can_no_longer_pass() -> None:
    clock = FakeClock(1000.0)
    guard = ReplayGuard(clock, window_s=300)
    assert guard.first_time("a")
    clock.now += 599
    assert not guard.first_time("a")
    clock.now += 2
    assert guard.first_time("a")  # 601 s on: its timestamp is stale by now anyway


# --- the endpoints answer 401 ------------------------------------------------------------------


def _client(clock: FakeClock, **settings: str) -> httpx.AsyncClient:
    chat = ChatService(Settings(**settings), clock=clock)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=chat_app(chat, FakeEngine()))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_slack_endpoint_accepts_the_example_then_refuses_replay_tamper_and_staleness() -> (
    None
):
    clock = FakeClock(SLACK_TIMESTAMP)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    async with _client(clock, slack_signing_secret=SLACK_SECRET) as client:
        url = "/v1/chat/slack/commands"
        first = await client.post(url, content=SLACK_BODY, headers={**SLACK_HEADERS, **form})
        assert first.status_code == 200
        assert first.json()["response_type"] == "ephemeral"  # empty text: the usage hint

        replay = await client.post(url, content=SLACK_BODY, headers={**SLACK_HEADERS, **form})
        assert replay.status_code == 401
        assert replay.headers["content-type"] == "application/problem+json"
        assert "replayed" in replay.json()["detail"]

        tampered = await client.post(url, content=SLACK_BODY + b"&x=1", headers=SLACK_HEADERS)
        assert tampered.status_code == 401

        clock.now += 301
        fresh_body = SLACK_BODY.replace(b"text=", b"text=hello")
        stale = await client.post(
            url,
            content=fresh_body,
            headers=slack_headers(SLACK_SECRET, SLACK_TIMESTAMP, fresh_body),
        )
        assert stale.status_code == 401

        events = await client.post("/v1/chat/slack/events", content=b"{}", headers=SLACK_HEADERS)
        assert events.status_code == 401


async def test_discord_endpoint_pongs_the_captured_ping_then_refuses_replay_and_tamper() -> None:
    clock = FakeClock(DISCORD_TIMESTAMP)
    async with _client(clock, discord_public_key=DISCORD_PUBLIC_KEY) as client:
        url = "/v1/chat/discord/interactions"
        ping = await client.post(url, content=DISCORD_BODY, headers=DISCORD_HEADERS)
        assert ping.status_code == 200
        assert ping.json() == {"type": 1}

        replay = await client.post(url, content=DISCORD_BODY, headers=DISCORD_HEADERS)
        assert replay.status_code == 401

        invalid = await client.post(
            url,
            content=DISCORD_INVALID_BODY,
            headers={
                "X-Signature-Ed25519": DISCORD_INVALID_SIGNATURE,
                "X-Signature-Timestamp": str(DISCORD_INVALID_TIMESTAMP),
            },
        )
        assert invalid.status_code == 401


async def test_a_stale_but_correctly_signed_discord_request_gets_401() -> None:
    key = SigningKey(b"\x01" * 32)
    clock = FakeClock(2_000_000_000)
    body = b'{"type":1}'
    async with _client(clock, discord_public_key=key.verify_key.encode().hex()) as client:
        url = "/v1/chat/discord/interactions"
        stale = await client.post(
            url, content=body, headers=discord_headers(key, 2_000_000_000 - 400, body)
        )
        assert stale.status_code == 401
        fresh = await client.post(
            url, content=body, headers=discord_headers(key, 2_000_000_000, body)
        )
        assert fresh.json() == {"type": 1}


async def test_unconfigured_platforms_say_which_setting_is_missing() -> None:
    async with _client(FakeClock(0)) as client:
        slack = await client.post("/v1/chat/slack/commands", content=SLACK_BODY)
        discord = await client.post("/v1/chat/discord/interactions", content=DISCORD_BODY)
    assert slack.status_code == discord.status_code == 404
    assert "SOURCED_SLACK_SIGNING_SECRET" in slack.json()["detail"]
    assert "SOURCED_DISCORD_PUBLIC_KEY" in discord.json()["detail"]
