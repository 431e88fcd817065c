"""Summaries of the conversation itself: a Slack thread or channel, the messages around a Discord
message. Read the history, make it a transcript, summarize it, post claims linked to messages.

Like `jobs.py` this runs after the platform got its acknowledgement, so nothing here may raise:
every failure ends as a short private message to the person who asked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio
from pydantic import ValidationError

from service.chat import discord_embeds, slack_blocks
from service.chat.asking import describe_since, since_time
from service.chat.delivery import Poster, Sleep
from service.chat.discord_history import DiscordHistory
from service.chat.http import async_client
from service.chat.jobs import SummaryEngine, message_for
from service.chat.length_limits import fit
from service.chat.slack_history import SlackDirectory, SlackHistory, ThreadRef
from service.chat.transcript import Transcript
from service.config import Settings
from service.errors import DeliveryFailed, NothingToSummarize, SourcedError
from service.schemas import Summary, SummaryRequest
from service.sections import prompt_budget_chars

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]
Notify = Callable[[str], Awaitable[None]]


def transcript_budget(settings: Settings) -> int:
    """How many characters of statement lines (the transcript as the model is shown it) one
    prompt holds: the same budget the summarizer checks, so a long channel is cut here, to its
    latest messages, rather than refused there as too long."""
    if settings.chat_max_transcript_chars:
        return settings.chat_max_transcript_chars
    return min(settings.max_document_chars, prompt_budget_chars(settings.context_tokens, settings))


@dataclass(frozen=True)
class SlackConversation:
    """A Slack conversation to summarize, and where the summary goes."""

    channel: str
    channel_name: str | None
    user: str  # who asked: private replies and notices go to them
    private: bool
    thread: ThreadRef | None = None  # a thread; else the channel since `since`
    since: str = ""
    response_url: str | None = None  # a command's or shortcut's reply channel, if there is one

    @property
    def where(self) -> str:
        if self.thread is not None:
            return "this thread"
        return f"#{self.channel_name}" if self.channel_name else "this channel"


@dataclass(frozen=True)
class DiscordConversation:
    application_id: str
    token: str  # the interaction's: follow-ups go to its webhook
    channel_id: str
    channel_name: str | None
    guild_id: str | None
    message_id: str  # the message the context menu was opened on
    private: bool


class ConversationService:
    """One per app: the Slack directory (names, cached) and the reply machinery."""

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Sleep = anyio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.slack_directory = SlackDirectory()
        self.max_chars = transcript_budget(settings)
        self._sleep = sleep
        self._clock = clock

    # --- Slack -----------------------------------------------------------------------------------

    def read_slack(self, asked: SlackConversation) -> tuple[Transcript, str]:
        """The transcript and a title for it (blocking: slack_sdk's WebClient is synchronous)."""
        history = SlackHistory(self.settings, self.slack_directory, max_chars=self.max_chars)
        channel = f"#{asked.channel_name}" if asked.channel_name else "a channel"
        if asked.thread is not None:
            return history.thread(asked.thread, where=asked.where), f"Slack thread in {channel}"
        now = datetime.fromtimestamp(self._clock(), UTC)
        offset = history.person(asked.user).utc_offset_s if asked.user else 0
        oldest = since_time(asked.since, now, offset)
        window = describe_since(oldest, now)
        where = f"{asked.where}, {window}"
        return history.channel(asked.channel, oldest=oldest, where=where), f"{channel}, {window}"

    async def reply_slack(
        self, engine: SummaryEngine, asked: SlackConversation, base_url: str, *, acknowledge: bool
    ) -> None:
        """Read, summarize and post; `acknowledge` first tells the asker it started (shortcuts
        and mentions, whose acknowledgement Slack does not show)."""
        async with async_client(timeout=10.0) as client:
            poster = Poster(client, self.settings, self._sleep)
            send_result, send_notice = self._slack_senders(poster, asked)
            if acknowledge:
                await _try(send_notice, f"Reading {asked.where}; the summary will follow.")

            async def read() -> tuple[Transcript, str]:
                return await anyio.to_thread.run_sync(self.read_slack, asked)

            await self._run(
                engine, read, base_url, slack_blocks.render_summary, send_result, send_notice
            )

    def _slack_senders(self, poster: Poster, asked: SlackConversation) -> tuple[Send, Notify]:
        api = self.settings.slack_api_base_url.rstrip("/")
        token = self.settings.slack_bot_token
        headers = {"Authorization": f"Bearer {token.get_secret_value()}"} if token else {}
        where: dict[str, Any] = {"channel": asked.channel}
        if asked.thread is not None:
            where["thread_ts"] = asked.thread.thread_ts

        async def to_response_url(message: dict[str, Any], visibility: str) -> None:
            assert asked.response_url
            payload = {"response_type": visibility, **message}
            await poster.post("slack response", asked.response_url, payload)

        async def ephemeral(message: dict[str, Any]) -> None:
            # In a thread, chat.postEphemeral lands in the thread itself; response_url does not.
            if asked.response_url and (asked.thread is None or not headers):
                await to_response_url(message, "ephemeral")
                return
            payload = {**where, "user": asked.user, **message}
            await poster.post(
                "slack chat.postEphemeral", f"{api}/chat.postEphemeral", payload, headers
            )

        async def send_result(message: dict[str, Any]) -> None:
            if asked.private:
                await ephemeral(message)
            elif asked.thread is None and asked.response_url:
                await to_response_url(message, "in_channel")
            else:
                payload = {**where, **message, "unfurl_links": False}
                await poster.post(
                    "slack chat.postMessage", f"{api}/chat.postMessage", payload, headers
                )

        async def send_notice(text: str) -> None:
            await ephemeral(slack_blocks.render_notice(text))

        return send_result, send_notice

    async def tell_slack(self, asked: SlackConversation, text: str) -> None:
        """Only a notice, to the asker (when no summary can even be started)."""
        async with async_client(timeout=10.0) as client:
            _, send_notice = self._slack_senders(Poster(client, self.settings, self._sleep), asked)
            await _try(send_notice, text)

    # --- Discord ---------------------------------------------------------------------------------

    async def reply_discord(
        self, engine: SummaryEngine, asked: DiscordConversation, base_url: str
    ) -> None:
        api = self.settings.discord_api_base_url.rstrip("/")
        webhook = f"{api}/webhooks/{asked.application_id}/{asked.token}"
        async with async_client(timeout=10.0) as client:
            poster = Poster(client, self.settings, self._sleep)

            async def send_result(message: dict[str, Any]) -> None:
                if asked.private:
                    message = {**message, "flags": discord_embeds.EPHEMERAL}
                await poster.post("discord follow-up", webhook, message)

            async def send_notice(text: str) -> None:
                await poster.post("discord follow-up", webhook, discord_embeds.render_notice(text))

            async def read() -> tuple[Transcript, str]:
                history = DiscordHistory(
                    self.settings, client, self._sleep, max_chars=self.max_chars
                )
                channel = f"#{asked.channel_name}" if asked.channel_name else "this channel"
                transcript = await history.around(
                    asked.channel_id,
                    asked.message_id,
                    guild_id=asked.guild_id,
                    where=f"{channel} around the chosen message",
                )
                return transcript, f"Discord conversation in {channel}"

            await self._run(
                engine, read, base_url, discord_embeds.render_summary, send_result, send_notice
            )

    # --- both ------------------------------------------------------------------------------------

    async def summarize(self, engine: SummaryEngine, transcript: Transcript, title: str) -> Summary:
        if not transcript.lines:
            raise NothingToSummarize(
                f"{transcript.reading.describe()} No message from a person is left to summarize."
            )
        request = SummaryRequest(text=transcript.text, title=fit(title, 500))
        summary, _cache_hit = await engine.summarize(request)
        return summary

    def review_url(self, base_url: str, summary: Summary) -> str:
        base = (self.settings.public_base_url or base_url).rstrip("/")
        return f"{base}/v1/summaries/{summary.id}/view"

    async def _run(
        self,
        engine: SummaryEngine,
        read: Callable[[], Awaitable[tuple[Transcript, str]]],
        base_url: str,
        render: Callable[[Summary, str, Transcript], list[dict[str, Any]]],
        send_result: Send,
        send_notice: Notify,
    ) -> None:
        try:
            transcript, title = await read()
            summary = await self.summarize(engine, transcript, title)
        except Exception as exc:  # every failure becomes a message; nothing is left to raise
            if not isinstance(exc, SourcedError | ValidationError):
                log.exception("conversation summary failed unexpectedly: %s", type(exc).__name__)
            await _try(send_notice, message_for(exc))
            return
        review_url = self.review_url(base_url, summary)
        try:
            for message in render(summary, review_url, transcript):
                await send_result(message)
        except Exception as exc:  # a platform refusing our message, or a rendering bug
            log.warning(
                "could not post a conversation summary: %s",
                exc if isinstance(exc, DeliveryFailed) else type(exc).__name__,
            )
            await _try(send_notice, f"The summary is ready but could not be posted: {review_url}")


async def _try(send_notice: Notify, text: str) -> None:
    try:
        await send_notice(text)
    except DeliveryFailed as exc:
        log.warning("could not tell the user: %s", exc)


def conversations_of(state: Any) -> ConversationService:
    """The app's ConversationService (made with the app, from its settings)."""
    service: ConversationService = state.conversations
    return service
