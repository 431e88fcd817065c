"""Hostile chat requests and links: huge timestamps, deep JSON, a token that would steer the
follow-up URL, and IPv6 forms that reach private IPv4 addresses. Refused, never a 500."""

from __future__ import annotations

import ipaddress
from typing import Any

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from service.chat.links import why_refused
from service.chat.signatures import DiscordSignatures, SlackSignatures
from service.testing.chat_platform import FakeChatPlatform, chat_app, discord_headers
from service.testing.engines import FakeEngine
from tests.chat.test_flow import DISCORD_KEY, NOW, SECRET, TEXT, make_chat, signed_json

HUGE = ["9" * 13, "1" * 400, "1" * 5000, "١٢٣"]  # too long, float overflow, int() limit, not ASCII


def slack_signed(timestamp: str, body: bytes) -> dict[str, str]:
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


@pytest.mark.parametrize(
    "timestamp", HUGE, ids=["13-digits", "400-digits", "5000-digits", "arabic"]
)
def test_a_huge_slack_timestamp_is_unauthentic_not_an_error(timestamp: str):
    verifier = SlackSignatures(SECRET, clock=lambda: NOW)
    assert verifier.is_authentic(b"text=hi", slack_signed(timestamp, b"text=hi")) is False


@pytest.mark.parametrize(
    "timestamp", HUGE, ids=["13-digits", "400-digits", "5000-digits", "arabic"]
)
def test_a_huge_signed_discord_timestamp_is_unauthentic_not_an_error(timestamp: str):
    verifier = DiscordSignatures(DISCORD_KEY.verify_key.encode().hex(), clock=lambda: NOW)
    body = b'{"type": 1}'
    signature = DISCORD_KEY.sign(timestamp.encode() + body).signature.hex()
    headers = {"X-Signature-Timestamp": timestamp, "X-Signature-Ed25519": signature}
    assert verifier.is_authentic(body, headers) is False


async def post(platform: FakeChatPlatform, path: str, **kwargs: Any) -> httpx.Response:
    chat = make_chat(platform)
    transport = httpx.ASGITransport(app=chat_app(chat, FakeEngine(claims=1)))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.post(path, **kwargs)


async def test_huge_timestamps_through_the_routes_are_401():
    with FakeChatPlatform() as platform:
        slack = await post(
            platform,
            "/v1/chat/slack/commands",
            content=b"text=hi",
            headers=slack_signed("1" * 400, b"text=hi"),
        )
        body = b'{"type": 1}'
        stamp = "1" * 5000
        signature = DISCORD_KEY.sign(stamp.encode() + body).signature.hex()
        discord = await post(
            platform,
            "/v1/chat/discord/interactions",
            content=body,
            headers={"X-Signature-Timestamp": stamp, "X-Signature-Ed25519": signature},
        )
    assert slack.status_code == 401 and discord.status_code == 401


async def test_signed_json_nested_100k_deep_is_400():
    body = b"[" * 100_000 + b"]" * 100_000
    with FakeChatPlatform() as platform:
        discord = await post(
            platform,
            "/v1/chat/discord/interactions",
            content=body,
            headers=discord_headers(DISCORD_KEY, NOW, body),
        )
        slack = await post(
            platform,
            "/v1/chat/slack/events",
            content=body,
            headers=slack_signed(str(NOW), body),
        )
    assert discord.status_code == 400 and slack.status_code == 400


@pytest.mark.parametrize(
    "token", ["../../../channels/1/messages", "a/b", "tok?wait=true", "..", "tok#x", "tok\n"]
)
async def test_an_interaction_token_cannot_steer_the_follow_up_url(token: str):
    interaction = {
        "type": 2,
        "id": "99",
        "application_id": "1234",
        "token": token,
        "data": {"name": "summarize", "options": [{"name": "text", "type": 3, "value": TEXT}]},
    }
    with FakeChatPlatform() as platform:
        answer = await post(
            platform, "/v1/chat/discord/interactions", **signed_json(interaction, discord=True)
        )
        assert platform.posts() == []
    assert answer.status_code == 400


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::", "metadata"),  # 6to4 of 169.254.169.254
        ("2002:0a00:0001::", "private"),  # 6to4 of 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "metadata"),
        ("64:ff9b:1::c0a8:101", "private"),  # local-use NAT64 of 192.168.1.1
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "metadata"),
        ("::127.0.0.1", ""),  # IPv4-compatible
        ("::a9fe:a9fe", ""),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", ""),  # Teredo
    ],
)
def test_ipv6_forms_of_private_ipv4_addresses_are_refused(address: str, reason: str):
    refused = why_refused(ipaddress.ip_address(address), [])
    assert refused is not None and reason in refused


@pytest.mark.parametrize("address", ["2002:808:808::", "2606:4700::1111"])
def test_public_ipv6_forms_stay_allowed(address: str):
    assert why_refused(ipaddress.ip_address(address), []) is None
