"""What a chat request turns into once acknowledged: read the text or link, summarize, post back.

Runs after the platform got its acknowledgement, so nothing here may raise: every failure ends as
a short message to the person who asked, and the log names only the kind of failure.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import anyio
import httpx
from pydantic import ValidationError

from service.chat import discord_embeds, slack_blocks
from service.chat.delivery import Poster, Sleep
from service.chat.http import async_client
from service.chat.length_limits import fit
from service.chat.links import LinkFetcher, Resolver, parse_allowed, system_resolver
from service.chat.signatures import Clock, DiscordSignatures, ReplayGuard, SlackSignatures
from service.config import Settings
from service.errors import ConfigError, DeliveryFailed, SourcedError
from service.progress import Progress, no_progress
from service.schemas import Summary, SummaryRequest

log = logging.getLogger(__name__)

USAGE = "Give me text or a link to summarize, e.g. `/summarize https://example.org/news/story`."
SLACK_RESULT_VISIBILITY = "in_channel"  # the asker meant to share the summary; errors stay private


class SummaryEngine(Protocol):
    """What chat needs of the service: a Summary for a request (and whether it was cached)."""

    async def summarize(
        self, request: SummaryRequest, progress: Progress = no_progress
    ) -> tuple[Summary, bool]: ...


@dataclass(frozen=True)
class Asked:
    """What the person gave: text to summarize, or a link to read first."""

    text: str | None = None
    url: str | None = None

    @property
    def described(self) -> str:
        return f"<{self.url}>" if self.url else f"your text ({len(self.text or ''):,} characters)"


_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
_SLACK_MENTION = re.compile(r"^\s*(<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+")
_SLACK_MARKUP = re.compile(r"<([@#!]?)([^|>]*)(?:\|([^>]*))?>")  # <url|label>, <#C1|general>


def parse_asked(raw: str, *, slack: bool = True) -> Asked | None:
    """A lone link is fetched; anything else is text.

    Slack's text comes marked up and escaped (`<@U1>`, `<url|label>`, `&amp;`); Discord's as typed.
    """
    text = (_SLACK_MENTION.sub("", raw) if slack else raw).strip()
    if not text:
        return None
    token = text
    if slack:
        match = _SLACK_LINK.match(token)
        token = _unescape(match.group(1) if match else token)
    if " " not in token and "\n" not in token and "://" in token:
        return Asked(url=token)
    return Asked(text=_unescape(_SLACK_MARKUP.sub(_plain_markup, text)) if slack else text)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _plain_markup(match: re.Match[str]) -> str:
    """Slack's markup as a reader sees it: a link's label (or URL), a channel's #name."""
    sigil, target, label = match.groups()
    if sigil == "#":
        return f"#{label or target}"
    if sigil in ("@", "!"):
        return f"@{label or target}"
    return label or target


def message_for(error: BaseException) -> str:
    """The short sentence a chat user sees for a failure: ours to act on, no internals."""
    if isinstance(error, SourcedError):
        return f"Sorry, no summary: {error.message}"
    if isinstance(error, ValidationError):
        return "Sorry, no summary: the text could not be read as a document."
    return "Sorry, no summary: something went wrong on our side. Please try again in a minute."


class ChatService:
    """One per app: signature checkers (with their replay memory), link fetching and replies."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = time.time,
        resolver: Resolver = system_resolver,
        fetch_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self.settings = settings
        secret = settings.slack_signing_secret
        self.slack = SlackSignatures(secret.get_secret_value(), clock) if secret else None
        key = settings.discord_public_key
        try:
            self.discord = DiscordSignatures(key, clock) if key else None
        except ValueError:
            raise ConfigError(
                "SOURCED_DISCORD_PUBLIC_KEY must be the application's public key: 64 hex digits."
            ) from None
        try:
            parse_allowed(settings.chat_allow_hosts)
        except ValueError as exc:
            raise ConfigError(f"SOURCED_CHAT_ALLOW_HOSTS: {exc}") from None
        self.slack_events = ReplayGuard(clock, window_s=3600)  # Slack retries an event for ~1 h
        self.fetcher = LinkFetcher(settings, resolver=resolver, transport=fetch_transport)
        self._sleep = sleep

    async def summarize(self, engine: SummaryEngine, asked: Asked) -> Summary:
        if asked.url:
            article = await self.fetcher.fetch_article(asked.url)
            request = SummaryRequest(
                text=article.text,
                title=fit(article.title, 500) if article.title else None,
                published_at=fit(article.published_at, 64) if article.published_at else None,
            )
        else:
            request = SummaryRequest(text=asked.text or "")
        summary, _cache_hit = await engine.summarize(request)
        return summary

    def review_url(self, base_url: str, summary: Summary) -> str:
        base = (self.settings.public_base_url or base_url).rstrip("/")
        return f"{base}/v1/summaries/{summary.id}/view"

    async def reply_slack_command(
        self, engine: SummaryEngine, asked: Asked, response_url: str, base_url: str
    ) -> None:
        async def send(message: dict[str, Any], *, ephemeral: bool) -> None:
            visibility = "ephemeral" if ephemeral else SLACK_RESULT_VISIBILITY
            await poster.post(
                "slack response", response_url, {"response_type": visibility, **message}
            )

        async with self._poster() as poster:
            await self._run(
                engine,
                asked,
                base_url,
                render=slack_blocks.render_summary,
                send_result=lambda message: send(message, ephemeral=False),
                send_notice=lambda text: send(slack_blocks.render_notice(text), ephemeral=True),
            )

    async def reply_slack_mention(
        self,
        engine: SummaryEngine,
        asked: Asked | None,
        channel: str,
        user: str,
        thread_ts: str,
        base_url: str,
    ) -> None:
        token = self.settings.slack_bot_token
        if token is None:
            log.warning("a Slack mention arrived but SOURCED_SLACK_BOT_TOKEN is not set; no reply")
            return
        api = self.settings.slack_api_base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {token.get_secret_value()}"}
        where = {"channel": channel, "thread_ts": thread_ts}

        async def send_result(message: dict[str, Any]) -> None:
            payload = {**where, **message, "unfurl_links": False}
            await poster.post("slack chat.postMessage", f"{api}/chat.postMessage", payload, headers)

        async def send_notice(text: str) -> None:
            payload = {**where, "user": user, **slack_blocks.render_notice(text)}
            await poster.post(
                "slack chat.postEphemeral", f"{api}/chat.postEphemeral", payload, headers
            )

        async with self._poster() as poster:
            if asked is None:
                await self._try_notice(send_notice, USAGE)
                return
            try:
                await send_notice(f"Working on it: summarizing {asked.described}.")
            except DeliveryFailed as exc:
                log.warning("could not acknowledge a Slack mention: %s", exc)
            await self._run(
                engine, asked, base_url, slack_blocks.render_summary, send_result, send_notice
            )

    async def reply_discord(
        self, engine: SummaryEngine, asked: Asked, application_id: str, token: str, base_url: str
    ) -> None:
        api = self.settings.discord_api_base_url.rstrip("/")
        webhook = f"{api}/webhooks/{application_id}/{token}"

        async with self._poster() as poster:

            async def send_result(message: dict[str, Any]) -> None:
                await poster.post("discord follow-up", webhook, message)

            async def send_notice(text: str) -> None:
                await poster.post("discord follow-up", webhook, discord_embeds.render_notice(text))

            await self._run(
                engine, asked, base_url, discord_embeds.render_summary, send_result, send_notice
            )

    async def _run(
        self,
        engine: SummaryEngine,
        asked: Asked,
        base_url: str,
        render: Callable[[Summary, str], list[dict[str, Any]]],
        send_result: Callable[[dict[str, Any]], Awaitable[None]],
        send_notice: Callable[[str], Awaitable[None]],
    ) -> None:
        try:
            summary = await self.summarize(engine, asked)
        except Exception as exc:  # every failure becomes a message; nothing is left to raise
            if not isinstance(exc, SourcedError | ValidationError):
                log.error("chat summary failed unexpectedly: %s", type(exc).__name__)
            await self._try_notice(send_notice, message_for(exc))
            return
        review_url = self.review_url(base_url, summary)
        try:
            for message in render(summary, review_url):
                await send_result(message)
        except Exception as exc:  # a platform refusing our message, or a rendering bug
            log.warning(
                "could not post a summary: %s",
                exc if isinstance(exc, DeliveryFailed) else type(exc).__name__,
            )
            await self._try_notice(
                send_notice, f"The summary is ready but could not be posted here: {review_url}"
            )

    async def _try_notice(self, send_notice: Callable[[str], Awaitable[None]], text: str) -> None:
        try:
            await send_notice(text)
        except DeliveryFailed as exc:
            log.warning("could not tell the user about a failure: %s", exc)

    @asynccontextmanager
    async def _poster(self) -> AsyncIterator[Poster]:
        # A client per reply: replies are rare next to the model time each one costs.
        async with async_client(timeout=10.0) as client:
            yield Poster(client, self.settings, self._sleep)
