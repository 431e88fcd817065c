"""Reading the messages around a Discord message through the REST API, into a transcript.

`GET /channels/{id}/messages?around=` gives the target message with what came just before and
after; `before=` pages reach further back. A 429 is waited out (its `retry_after`) when short and
ends the reading when long; the reply says how much was read. Bot messages, joins, pins and other
system messages are left out; attachments stay as `[file: name]`.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import tenacity

from service.chat.delivery import Sleep
from service.chat.transcript import ChatMessage, Reading, Transcript, build_transcript
from service.config import Settings
from service.errors import DiscordUnreadable

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # Discord's most per call
MAX_MESSAGES = 300
SPOKEN_TYPES = {0, 19}  # DEFAULT and REPLY; every other type is a system message
_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_EMOJI = re.compile(r"<a?(:\w+:)\d+>")
_TIME = re.compile(r"<t:(\d+)(?::\w)?>")


class _RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.2f}s")
        self.retry_after = retry_after


class _Transient(Exception):
    pass


def web_base(api_base_url: str) -> str:
    """https://discord.com for https://discord.com/api/v10: where jump links point."""
    return re.sub(r"/api(?:/v\d+)?/?$", "", api_base_url.rstrip("/"))


def jump_link(api_base_url: str, guild_id: str | None, channel_id: str, message_id: str) -> str:
    return f"{web_base(api_base_url)}/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


class DiscordHistory:
    """Reads one channel's messages around one message, with the bot's token."""

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient,
        sleep: Sleep,
        *,
        max_chars: int | None = None,
    ) -> None:
        token = settings.discord_bot_token
        if token is None:
            raise DiscordUnreadable(
                "Reading Discord conversations needs the bot's token: set "
                "SOURCED_DISCORD_BOT_TOKEN."
            )
        self._settings = settings
        self._api = settings.discord_api_base_url.rstrip("/")
        self._headers = {"Authorization": f"Bot {token.get_secret_value()}"}
        self._client = client
        self._sleep = sleep
        self._max_chars = max_chars
        self._backoff = tenacity.wait_random_exponential(
            multiplier=settings.backoff_initial_s, max=settings.backoff_max_s
        )

    async def around(
        self,
        channel_id: str,
        message_id: str,
        *,
        guild_id: str | None,
        where: str,
        max_messages: int = MAX_MESSAGES,
    ) -> Transcript:
        """The messages around `message_id` and before them, oldest first, up to `max_messages`."""
        reading = Reading(where=where)
        by_id: dict[int, dict[str, Any]] = {}
        params: dict[str, str | int] = {"around": message_id, "limit": PAGE_SIZE}
        while len(by_id) < max_messages:
            try:
                page = await self._page(channel_id, params)
            except _RateLimited as exc:
                if not by_id:
                    raise DiscordUnreadable(
                        f"Discord asked me to wait {exc.retry_after:.0f} s before reading; "
                        "try again then."
                    ) from None
                reading.cuts.append(
                    f"Discord asked me to wait {exc.retry_after:.0f} s; earlier messages were "
                    "not read."
                )
                break
            fresh = [m for m in page if int(m["id"]) not in by_id]
            for message in fresh:
                by_id[int(message["id"])] = message
            if not fresh or ("before" in params and len(page) < PAGE_SIZE):
                break  # the start of the channel
            params = {"before": str(min(by_id)), "limit": PAGE_SIZE}
        else:
            reading.cuts.append(
                f"Earlier messages were not read: at most {max_messages:,} are read at once."
            )
        ordered = [by_id[key] for key in sorted(by_id)][-max_messages:]
        return self._transcript(ordered, guild_id, reading)

    async def _page(self, channel_id: str, params: dict[str, str | int]) -> list[dict[str, Any]]:
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception(
                lambda e: (
                    isinstance(e, _Transient)
                    or (
                        isinstance(e, _RateLimited)
                        and e.retry_after <= self._settings.retry_after_cap_s
                    )
                )
            ),
            stop=tenacity.stop_after_attempt(4) | tenacity.stop_after_delay(60),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=lambda state: log.warning(
                "reading Discord messages failed (%s); retrying",
                state.outcome and state.outcome.exception(),
            ),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._page_once(channel_id, params)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RateLimited):
            return error.retry_after
        return float(self._backoff(state))

    async def _page_once(
        self, channel_id: str, params: dict[str, str | int]
    ) -> list[dict[str, Any]]:
        url = f"{self._api}/channels/{channel_id}/messages"
        try:
            response = await self._client.get(url, params=params, headers=self._headers)
        except httpx.TransportError as exc:
            raise _Transient(type(exc).__name__) from None
        body = _json(response)
        if response.status_code == 429:
            retry_after = body.get("retry_after") if isinstance(body, dict) else None
            if not isinstance(retry_after, int | float):
                retry_after = float(response.headers.get("retry-after") or 1)
            raise _RateLimited(float(retry_after))
        if response.status_code >= 500:
            raise _Transient(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise DiscordUnreadable(_refusal(response.status_code, body))
        if not isinstance(body, list):
            raise DiscordUnreadable("Discord answered with something that is not a message list.")
        return [m for m in body if isinstance(m, dict) and str(m.get("id", "")).isdigit()]

    def _transcript(
        self, raw: list[dict[str, Any]], guild_id: str | None, reading: Reading
    ) -> Transcript:
        messages: list[ChatMessage] = []
        empty_content = 0
        for item in raw:
            author = item.get("author") if isinstance(item.get("author"), dict) else {}
            assert isinstance(author, dict)
            if author.get("bot") or item.get("webhook_id"):
                reading.bots += 1
                continue
            if item.get("type", 0) not in SPOKEN_TYPES:
                reading.other += 1
                continue
            text = plain_text(item)
            if not str(item.get("content") or "") and not item.get("attachments"):
                empty_content += 1
            messages.append(
                ChatMessage(
                    id=str(item["id"]),
                    author_id=str(author.get("id", "")),
                    author=str(
                        (item.get("member") or {}).get("nick")
                        or author.get("global_name")
                        or author.get("username")
                        or "someone"
                    ),
                    text=text,
                    posted_at=_timestamp(item.get("timestamp")),
                    link=jump_link(
                        self._api, guild_id, str(item.get("channel_id", "")), item["id"]
                    ),
                )
            )
        if messages and empty_content == len(messages):
            reading.cuts.append(
                "Discord gave me no message text: the bot needs the Message Content intent "
                "(Developer Portal, Bot, Privileged Gateway Intents)."
            )
        return build_transcript(messages, reading, max_chars=self._max_chars)


def plain_text(message: dict[str, Any]) -> str:
    """The message as a reader sees it: names for mentions, files and links kept as text."""
    names = {
        str(user.get("id")): str(user.get("global_name") or user.get("username") or "someone")
        for user in message.get("mentions") or []
        if isinstance(user, dict)
    }
    text = str(message.get("content") or "")
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), "someone"), text)
    text = _ROLE.sub("@role", text)
    text = _CHANNEL.sub("#channel", text)
    text = _EMOJI.sub(r"\1", text)
    text = _TIME.sub(
        lambda m: f"{datetime.fromtimestamp(int(m.group(1)), UTC):%Y-%m-%d %H:%M} UTC", text
    )
    files = [
        f"[file: {attachment.get('filename') or 'attachment'}]"
        for attachment in message.get("attachments") or []
        if isinstance(attachment, dict)
    ]
    return " ".join(part for part in [text, *files] if part.strip())


def _timestamp(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.now(UTC)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _refusal(status: int, body: Any) -> str:
    code = body.get("code") if isinstance(body, dict) else None
    if status == 401:
        return "Discord does not accept the bot's token: check SOURCED_DISCORD_BOT_TOKEN."
    if status == 403 or code in (50001, 50013):
        return (
            "I can't read this channel: give the bot the View Channel and Read Message History "
            "permissions here."
        )
    if status == 404:
        return "That channel or message no longer exists."
    return f"Discord refused to share this conversation (HTTP {status})."
