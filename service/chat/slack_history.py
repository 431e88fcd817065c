"""Reading a Slack thread or channel through slack_sdk's WebClient, into a transcript.

History comes page by page (`conversations.replies`, `conversations.history`, cursor pagination);
a 429 is waited out by the SDK's own rate-limit handler when Slack asks for a short wait, and ends
the reading (what was read is summarized, and the reply says where it stopped) when it asks for a
long one: apps outside the Slack Marketplace may read 15 messages a minute. Names come from
`users.info`, cached. Bot messages, joins, leaves and deleted messages are left out; files and
links stay as text. The WebClient is synchronous (urllib): callers run this in a worker thread.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from service.chat.transcript import ChatMessage, Reading, Transcript, build_transcript
from service.config import Settings
from service.errors import HistoryUnavailable

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # Slack's advice for conversations.*; apps outside the Marketplace get 15
MAX_THREAD_MESSAGES = 1000
MAX_CHANNEL_MESSAGES = 1000
NAMES_TTL_S = 3600.0
PEOPLE_KEPT = 10_000
"""People remembered, least recently asked about out first: user ids come from the messages
read, so a workspace's size (or a flood of made-up authors) must not decide the memory used."""
# Message kinds people wrote; every other subtype (joins, leaves, topic changes, tombstones of
# deleted messages, bot posts) is an event, not something said.
SPOKEN_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}

_PERMALINK_PATH = re.compile(r"^/archives/([CGD][A-Z0-9]+)/p(\d{10})(\d{6})$")
_MARKUP = re.compile(r"<([@#!]?)([^|>]*)(?:\|([^>]*))?>")


@dataclass(frozen=True)
class ThreadRef:
    channel: str
    thread_ts: str


def thread_from_permalink(url: str, api_base_url: str) -> ThreadRef | None:
    """The thread a Slack message link points to (`Copy link` on any message of it), if it is one.

    Links are recognised on *.slack.com and on the configured API's host (a test's fake Slack).
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    api_host = urlsplit(api_base_url).netloc
    if not (host == "slack.com" or host.endswith(".slack.com") or parts.netloc == api_host):
        return None
    match = _PERMALINK_PATH.match(parts.path)
    if match is None:
        return None
    channel, seconds, micros = match.groups()
    thread_ts = parse_qs(parts.query).get("thread_ts", [f"{seconds}.{micros}"])[0]
    return ThreadRef(channel, thread_ts)


class LongWaitIsACut(RateLimitErrorRetryHandler):
    """The SDK's 429 handler (Retry-After honoured), but only for waits a person would sit out.

    Past `max_wait_s` the 429 reaches us as an error and the reading stops where it got to.
    """

    def __init__(self, max_wait_s: float, max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait_s = max_wait_s

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response.headers)
        return wait is not None and wait <= self.max_wait_s


def _retry_after(headers: dict[str, Any]) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    return None


@dataclass(frozen=True)
class Person:
    name: str  # as people see it
    is_bot: bool = False
    utc_offset_s: int = 0  # their timezone, for "since: yesterday"


class SlackDirectory:
    """People (users.info) and the workspace's address (auth.test), cached: both change rarely."""

    def __init__(
        self,
        clock: Any = time.monotonic,
        ttl_s: float = NAMES_TTL_S,
        max_people: int = PEOPLE_KEPT,
    ) -> None:
        self._clock = clock
        self._ttl_s = ttl_s
        self._max_people = max_people
        self._people: OrderedDict[str, tuple[float, Person]] = OrderedDict()
        self._team_urls: dict[str, str] = {}
        self._lock = threading.Lock()
        self.lookups = 0  # users.info calls made, for tests of the cache

    def person(self, client: WebClient, user_id: str) -> Person:
        """Who `user_id` is; an unknown or deleted user keeps their id as a name."""
        now = self._clock()
        with self._lock:
            cached = self._people.get(user_id)
            if cached is not None:
                self._people.move_to_end(user_id)
        if cached is not None and now - cached[0] < self._ttl_s:
            return cached[1]
        person = Person(user_id)
        try:
            with self._lock:
                self.lookups += 1
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as exc:
            log.info("users.info refused for a user: %s", _error_code(exc))
        except (SlackRequestError, OSError) as exc:
            log.info("users.info failed: %s", type(exc).__name__)
            return person  # not cached: the next message tries again
        else:
            profile = user.get("profile") or {}
            name = (
                profile.get("display_name")
                or profile.get("real_name")
                or user.get("real_name")
                or user.get("name")
                or user_id
            )
            offset = user.get("tz_offset")
            person = Person(
                str(name), bool(user.get("is_bot")), offset if isinstance(offset, int) else 0
            )
        with self._lock:
            self._people[user_id] = (now, person)
            self._people.move_to_end(user_id)
            while len(self._people) > self._max_people:
                self._people.popitem(last=False)
        return person

    def team_url(self, client: WebClient, token: str) -> str:
        """The workspace's web address, e.g. https://acme.slack.com/, for message links."""
        with self._lock:
            known = self._team_urls.get(token)
        if known:
            return known
        url = str(client.auth_test().get("url") or "https://slack.com/")
        url = url if url.endswith("/") else url + "/"
        with self._lock:
            self._team_urls[token] = url
        return url


class SlackHistory:
    """One reading of one conversation; make one per request (it holds a WebClient)."""

    def __init__(
        self,
        settings: Settings,
        directory: SlackDirectory,
        *,
        page_size: int = PAGE_SIZE,
        max_chars: int | None = None,
    ) -> None:
        token = settings.slack_bot_token
        if token is None:
            raise HistoryUnavailable(
                "Reading Slack conversations needs the bot's token: set SOURCED_SLACK_BOT_TOKEN."
            )
        self._token = token.get_secret_value()
        self.client = WebClient(
            token=self._token,
            base_url=settings.slack_api_base_url.rstrip("/") + "/",
            timeout=int(settings.chat_fetch_timeout_s),
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=2),
                LongWaitIsACut(settings.retry_after_cap_s),
            ],
        )
        self._directory = directory
        self._page_size = page_size
        self._max_chars = max_chars

    def person(self, user_id: str) -> Person:
        return self._directory.person(self.client, user_id)

    def thread(
        self, ref: ThreadRef, *, where: str = "this thread", max_messages: int = MAX_THREAD_MESSAGES
    ) -> Transcript:
        """The thread's messages, its first message included, oldest first."""
        reading = Reading(where=where)
        raw: list[dict[str, Any]] = []
        for page, more in self._pages(
            "conversations_replies", reading, channel=ref.channel, ts=ref.thread_ts
        ):
            raw.extend(page)
            if len(raw) >= max_messages:
                if len(raw) > max_messages or more:
                    reading.cuts.append(
                        f"The replies after the first {max_messages:,} messages were not read."
                    )
                raw = raw[:max_messages]
                break
        return self._transcript(raw, ref.channel, reading, thread_ts=ref.thread_ts)

    def channel(
        self,
        channel: str,
        *,
        oldest: datetime,
        where: str,
        max_messages: int = MAX_CHANNEL_MESSAGES,
    ) -> Transcript:
        """The channel's messages since `oldest` (replies inside threads are not read)."""
        reading = Reading(where=where)
        raw: list[dict[str, Any]] = []
        for page, more in self._pages(
            "conversations_history", reading, channel=channel, oldest=f"{oldest.timestamp():.6f}"
        ):
            raw.extend(page)  # newest first
            if len(raw) >= max_messages:
                if len(raw) > max_messages or more:
                    reading.cuts.append(
                        f"Older messages were not read: at most {max_messages:,} are read at once."
                    )
                raw = raw[:max_messages]
                break
        threads = sum(1 for m in raw if int(m.get("reply_count") or 0) > 0)
        if threads:
            noun = "thread" if threads == 1 else "threads"
            reading.cuts.append(f"Replies inside {threads} {noun} were not read.")
        raw.reverse()
        return self._transcript(raw, channel, reading, thread_ts=None)

    # --- pages -----------------------------------------------------------------------------------

    def _pages(
        self, method: str, reading: Reading, **params: Any
    ) -> Iterator[tuple[list[dict[str, Any]], bool]]:
        """Each page's messages and whether Slack has more; a cut after a first page is noted."""
        call = getattr(self.client, method)
        cursor: str | None = None
        read = 0
        while True:
            try:
                response = call(**params, limit=self._page_size, cursor=cursor)
            except SlackApiError as exc:
                wait = _retry_after(dict(exc.response.headers))
                if exc.response.status_code == 429 and read:
                    reading.cuts.append(_rate_limit_cut(read, wait))
                    return
                raise HistoryUnavailable(_refusal(exc, wait)) from None
            except (SlackRequestError, OSError) as exc:
                if read:
                    reading.cuts.append("Slack stopped answering; the rest was not read.")
                    return
                raise HistoryUnavailable(
                    f"Slack could not be reached ({type(exc).__name__}); try again in a minute."
                ) from None
            messages = [m for m in response.get("messages") or [] if isinstance(m, dict)]
            read += len(messages)
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            more = bool(response.get("has_more")) and cursor is not None
            yield messages, more
            if not more:
                return

    # --- messages --------------------------------------------------------------------------------

    def _transcript(
        self, raw: list[dict[str, Any]], channel: str, reading: Reading, *, thread_ts: str | None
    ) -> Transcript:
        team_url = self._directory.team_url(self.client, self._token) if raw else ""
        messages: list[ChatMessage] = []
        for item in raw:
            subtype = item.get("subtype")
            if item.get("bot_id") or subtype == "bot_message":
                reading.bots += 1
                continue
            user = item.get("user")
            if subtype not in SPOKEN_SUBTYPES or not isinstance(user, str):
                reading.other += 1
                continue
            person = self._directory.person(self.client, user)
            if person.is_bot:
                reading.bots += 1
                continue
            ts = str(item.get("ts", "0"))
            messages.append(
                ChatMessage(
                    id=ts,
                    author_id=user,
                    author=person.name,
                    text=self.plain_text(item),
                    posted_at=datetime.fromtimestamp(float(ts), UTC),
                    link=permalink(team_url, channel, ts, thread_ts),
                )
            )
        return build_transcript(
            messages, reading, max_chars=self._max_chars, keep_first=thread_ts is not None
        )

    def plain_text(self, message: dict[str, Any]) -> str:
        """What the message says as a reader sees it: names for mentions, links and files kept."""
        text = _MARKUP.sub(self._plain_markup, str(message.get("text") or ""))
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        files = [
            f"[file: {file.get('name') or file.get('title') or 'attachment'}]"
            for file in message.get("files") or []
            if isinstance(file, dict)
        ]
        return " ".join(part for part in [text, *files] if part.strip())

    def _plain_markup(self, match: re.Match[str]) -> str:
        sigil, target, label = match.groups()
        if sigil == "@":
            return "@" + (label or self._directory.person(self.client, target).name)
        if sigil == "#":
            return f"#{label or target}"
        if sigil == "!":
            return "@" + (label or target.split("^")[0])
        if label and label != target:
            return f"{label} ({target})"
        return target


def permalink(team_url: str, channel: str, ts: str, thread_ts: str | None) -> str:
    """A message's link, as Slack's `Copy link` makes it."""
    link = f"{team_url}archives/{channel}/p{ts.replace('.', '')}"
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel}"
    return link


def _error_code(exc: SlackApiError) -> str:
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    return str(data.get("error") or f"HTTP {exc.response.status_code}")


def _refusal(exc: SlackApiError, wait: float | None) -> str:
    code = _error_code(exc)
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    if code == "not_in_channel":
        return "I'm not in this channel, so I can't read it: add me with /invite @Sourced."
    if code == "channel_not_found":
        return "I can't see this conversation: it is private or gone. Add me to it first."
    if code in ("thread_not_found", "message_not_found"):
        return "That thread no longer exists (its first message may have been deleted)."
    if code == "missing_scope":
        needed = data.get("needed") or "the history scopes"
        return f"The app lacks the permission {needed}: reinstall it with the manifest."
    if code in ("invalid_auth", "not_authed", "token_revoked", "account_inactive"):
        return "The bot's Slack token is not accepted: check SOURCED_SLACK_BOT_TOKEN."
    if code == "ratelimited" or exc.response.status_code == 429:
        after = f" in about {round(wait)} s" if wait is not None else " in a minute"
        return f"Slack asked me to slow down before I read anything; try again{after}."
    return f"Slack refused to share this conversation ({code})."


def _rate_limit_cut(read: int, wait: float | None) -> str:
    asked = f" and asked to wait {round(wait)} s" if wait is not None else ""
    return (
        f"Slack let me read {read} messages{asked} (apps outside the Slack Marketplace may read "
        "15 messages a minute); the rest was not read."
    )
