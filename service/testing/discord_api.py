"""Fake Discord REST API on 127.0.0.1 (the Slack one and the shared server: `chat_apis`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from service.testing.chat_apis import PEOPLE, Call, JsonServer

DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake(at: datetime, sequence: int = 0) -> str:
    return str(((int(at.timestamp() * 1000) - DISCORD_EPOCH_MS) << 22) | (sequence & 0xFFF))


@dataclass
class FakeDiscord(JsonServer):
    """Discord's REST API: channel messages (around/before/after), webhooks, command registration.

    `messages[channel]` holds Discord's message JSON, oldest first. `forbidden` channels answer
    403 Missing Access; `rate_limits` scripts 429s (seconds to wait) for the next message reads.
    """

    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    forbidden: set[str] = field(default_factory=set)
    rate_limits: list[float] = field(default_factory=list)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    bot_token: str = "discord-bot-token"

    def __post_init__(self) -> None:
        super().__init__()

    def __enter__(self) -> FakeDiscord:
        super().__enter__()
        return self

    @property
    def api(self) -> str:
        return self.url + "/api/v10"

    def add_messages(
        self,
        channel: str,
        lines: list[tuple[str, str]],
        *,
        start: datetime | None = None,
        step: timedelta = timedelta(seconds=45),
    ) -> list[str]:
        start = start or datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
        names = dict(PEOPLE)
        store = self.messages.setdefault(channel, [])
        ids = []
        for i, (user, text) in enumerate(lines):
            at = start + i * step
            message_id = snowflake(at, len(store))
            store.append(
                {
                    "id": message_id,
                    "channel_id": channel,
                    "type": 0,
                    "content": text,
                    "timestamp": at.isoformat(),
                    "author": {
                        "id": user,
                        "username": names.get(user, user).split()[0].lower(),
                        "global_name": names.get(user, user),
                    },
                    "attachments": [],
                    "mentions": [],
                }
            )
            ids.append(message_id)
        return ids

    def link_works(self, link: str) -> bool:
        prefix = self.url + "/channels/"
        if not link.startswith(prefix):
            return False
        _guild, channel, message_id = link[len(prefix) :].split("/")
        return any(m["id"] == message_id for m in self.messages.get(channel, []))

    def _answer(self, verb: str, call: Call) -> tuple[int, Any, dict[str, str]]:
        path = call.method
        if path.startswith("/channels/") and verb == "GET":  # a jump link, opened in a browser
            found = self.link_works(self.url + path)
            return (200 if found else 404), b"message" if found else b"no such message", {}
        if not path.startswith("/api/v10/"):
            return 404, {"message": "404: Not Found", "code": 0}, {}
        route = path[len("/api/v10/") :].split("/")
        if route[0] == "webhooks":
            return 200, {"id": "1", "content": ""}, {}
        if call.headers.get("Authorization") != f"Bot {self.bot_token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        if route[0] == "channels" and len(route) == 3 and route[2] == "messages":
            return self._read(route[1], call.params)
        if route[0] == "applications" and route[-1] == "commands" and verb == "PUT":
            key = "/".join(route[1:-1])
            registered = [{**c, "id": str(900 + i)} for i, c in enumerate(call.body or [])]
            self.commands[key] = registered
            return 200, registered, {}
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _read(self, channel: str, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        with self._changed:
            wait = self.rate_limits.pop(0) if self.rate_limits else None
        if wait is not None:
            body = {"message": "You are being rate limited.", "retry_after": wait, "global": False}
            return 429, body, {"Retry-After": str(max(1, round(wait)))}
        if channel in self.forbidden:
            return 403, {"message": "Missing Access", "code": 50001}, {}
        if channel not in self.messages:
            return 404, {"message": "Unknown Channel", "code": 10003}, {}
        store = self.messages[channel]  # oldest first
        limit = max(1, min(100, int(params.get("limit") or 50)))
        if "around" in params:
            ids = [int(m["id"]) for m in store]
            target = int(params["around"])
            index = next((i for i, x in enumerate(ids) if x >= target), len(ids))
            lo = max(0, index - limit // 2)
            page = store[lo : lo + limit]
        elif "before" in params:
            before = int(params["before"])
            page = [m for m in store if int(m["id"]) < before][-limit:]
        elif "after" in params:
            after = int(params["after"])
            page = [m for m in store if int(m["id"]) > after][:limit]
        else:
            page = store[-limit:]
        return 200, list(reversed(page)), {}  # Discord answers newest first
