"""Where a chat request turns out to be about the conversation itself, it is taken from here.

The chat routes ask these first: a `/summarize channel ...` or `/summarize <message link>`
command, an @mention inside a thread, a Discord message command. Each returns the answer to give
the platform at once (the summary follows in the background), or None when the request is for
text or a link, which the routes handle as before.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import BackgroundTasks

from service.chat.asking import (
    CONVERSATION_USAGE,
    ChannelAsk,
    mention_asks_for_thread,
    parse_conversation,
)
from service.chat.conversations import (
    ConversationService,
    DiscordConversation,
    SlackConversation,
)
from service.chat.discord_commands import MESSAGE, MESSAGE_COMMANDS
from service.chat.discord_embeds import EPHEMERAL, NO_MENTIONS
from service.chat.jobs import USAGE, SummaryEngine
from service.chat.slack_history import ThreadRef
from service.errors import BadRequest

CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE = 4, 5  # Discord response types
UNAVAILABLE = "Summaries are not available right now, sorry."
_MENTION = re.compile(r"^\s*(<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+")


def _slack_notice(text: str) -> dict[str, str]:
    return {"response_type": "ephemeral", "text": text}


def from_slack_command(
    form: dict[str, list[str]],
    *,
    conversations: ConversationService,
    engine: SummaryEngine | None,
    background: BackgroundTasks,
    base_url: str,
) -> dict[str, str] | None:
    """The acknowledgement of a conversation command, or None for text and links."""
    settings = conversations.settings

    def field(name: str) -> str:
        return form.get(name, [""])[0]

    text = field("text")
    channel = field("channel_id")
    thread_ts = field("thread_ts")  # not sent by Slack today; honoured if it ever is
    try:
        ask = parse_conversation(text, api_base_url=settings.slack_api_base_url)
    except BadRequest as exc:
        return _slack_notice(exc.message)
    if ask is None and thread_ts and (mention := mention_asks_for_thread(text)) is not None:
        ask = mention
    if ask is None:
        return _slack_notice(f"{USAGE} {CONVERSATION_USAGE}") if not text.strip() else None
    if settings.slack_bot_token is None:
        return _slack_notice(
            "Reading conversations needs the bot's token: set SOURCED_SLACK_BOT_TOKEN."
        )
    if engine is None:
        return _slack_notice(UNAVAILABLE)
    if isinstance(ask, ChannelAsk):
        asked = SlackConversation(
            channel=channel,
            channel_name=field("channel_name") or None,
            user=field("user_id"),
            private=ask.private,
            since=ask.since,
            response_url=field("response_url") or None,
        )
    else:
        thread = ask.ref or ThreadRef(channel, thread_ts)
        asked = SlackConversation(
            channel=thread.channel,
            channel_name=(field("channel_name") or None) if thread.channel == channel else None,
            user=field("user_id"),
            private=ask.private,
            thread=thread,
            response_url=field("response_url") or None,
        )
    background.add_task(conversations.reply_slack, engine, asked, base_url, acknowledge=False)
    window = f" ({ask.since})" if isinstance(ask, ChannelAsk) and ask.since else ""
    return _slack_notice(f"Working on it: reading {asked.where}{window}. The summary will follow.")


def from_slack_mention(
    event: dict[str, Any],
    *,
    conversations: ConversationService,
    engine: SummaryEngine | None,
    background: BackgroundTasks,
    base_url: str,
) -> bool:
    """Whether an app mention asks for its thread or channel (and was taken care of)."""
    text = _MENTION.sub("", str(event.get("text", ""))).strip()
    channel = str(event.get("channel", ""))
    thread_ts = event.get("thread_ts")
    try:
        ask = parse_conversation(text, api_base_url=conversations.settings.slack_api_base_url)
    except BadRequest:
        return False  # read as text to summarize, as before
    if ask is None and thread_ts:
        ask = mention_asks_for_thread(text)
    if ask is None or engine is None:
        return False
    if isinstance(ask, ChannelAsk):
        asked = SlackConversation(
            channel=channel,
            channel_name=None,
            user=str(event.get("user", "")),
            private=ask.private,
            since=ask.since,
        )
    else:
        asked = SlackConversation(
            channel=channel,
            channel_name=None,
            user=str(event.get("user", "")),
            private=ask.private,
            thread=ask.ref or ThreadRef(channel, str(thread_ts)),
        )
    background.add_task(conversations.reply_slack, engine, asked, base_url, acknowledge=True)
    return True


def from_discord_interaction(
    payload: dict[str, Any],
    *,
    conversations: ConversationService,
    engine: SummaryEngine | None,
    background: BackgroundTasks,
    base_url: str,
) -> dict[str, Any] | None:
    """The answer to a message command ("Summarize conversation"), or None for other commands."""
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    assert isinstance(data, dict)
    if data.get("type") != MESSAGE:
        return None
    name = str(data.get("name", ""))
    if name not in MESSAGE_COMMANDS:
        return _discord_notice(
            f"Unknown command {name!r}: re-register with sourced chat register-discord."
        )
    settings = conversations.settings
    target = str(data.get("target_id", ""))
    channel = payload.get("channel") if isinstance(payload.get("channel"), dict) else {}
    assert isinstance(channel, dict)
    channel_id = str(payload.get("channel_id") or channel.get("id") or "")
    resolved = ((data.get("resolved") or {}).get("messages") or {}).get(target) or {}
    channel_id = channel_id or str(resolved.get("channel_id", ""))
    application_id = settings.discord_application_id or str(payload.get("application_id", ""))
    token = str(payload.get("token", ""))
    if settings.discord_bot_token is None:
        return _discord_notice(
            "Reading conversations needs the bot's token: set SOURCED_DISCORD_BOT_TOKEN."
        )
    if engine is None or not application_id or not token or not target or not channel_id:
        return _discord_notice(UNAVAILABLE)
    private = MESSAGE_COMMANDS[name]
    asked = DiscordConversation(
        application_id=application_id,
        token=token,
        channel_id=channel_id,
        channel_name=str(channel.get("name")) if channel.get("name") else None,
        guild_id=str(payload["guild_id"]) if payload.get("guild_id") else None,
        message_id=target,
        private=private,
    )
    background.add_task(conversations.reply_discord, engine, asked, base_url)
    if private:
        return {"type": DEFERRED_CHANNEL_MESSAGE, "data": {"flags": EPHEMERAL}}
    return {"type": DEFERRED_CHANNEL_MESSAGE}


def _discord_notice(text: str) -> dict[str, Any]:
    data = {"content": text, "flags": EPHEMERAL, "allowed_mentions": NO_MENTIONS}
    return {"type": CHANNEL_MESSAGE, "data": data}
