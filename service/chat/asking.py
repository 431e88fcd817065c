"""What a person asks of the bot about a conversation: this thread, or this channel since when.

    /summarize channel                      the channel, last 24 hours
    /summarize channel since: 2h            ... since 2 hours ago (also 30m, 3d, 1w)
    /summarize channel since: yesterday     ... since the start of yesterday (the asker's day)
    /summarize channel since: 2026-11-30    ... since the start of that date
    /summarize thread <message link>        the thread of that message (Copy link in Slack)
    /summarize <message link>               the same
    @Sourced  (in a thread)                 the thread
    ... private / only me                   the reply goes to the asker alone

Slack sends no thread with a slash command typed in a thread, so `/summarize` there takes a
message link; a message shortcut or an @mention finds its thread by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from service.chat.slack_history import ThreadRef, thread_from_permalink
from service.errors import BadRequest

DEFAULT_WINDOW = timedelta(hours=24)
LONGEST_WINDOW = timedelta(days=90)
CONVERSATION_USAGE = (
    "Summarize a conversation with `/summarize channel since: 2h` (or `yesterday`, a date like "
    "`2026-11-30`), or `/summarize thread <message link>`; add `private` to see it alone. "
    "In a thread, use the message shortcut *Summarize thread* or mention me."
)

_PRIVATE = re.compile(r"\b(?:private|only me|just me|ephemeral)\b", re.IGNORECASE)
_KIND = re.compile(r"^\s*(channel|thread)\b[:\s]*", re.IGNORECASE)
_SINCE = re.compile(r"^since\b\s*:?\s*", re.IGNORECASE)
_RELATIVE = re.compile(
    r"^(\d{1,4})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$", re.IGNORECASE
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MENTION_ONLY = re.compile(
    r"^(?:please\s+)?(?:summari[sz]e|recap|tl;?dr)?(?:\s+(?:this|the))?(?:\s+thread)?"
    r"(?:,?\s+please)?[\s.!?]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ThreadAsk:
    ref: ThreadRef | None  # None: the thread the request came from
    private: bool


@dataclass(frozen=True)
class ChannelAsk:
    since: str  # as typed; resolved with the asker's clock and timezone (`since_time`)
    private: bool


ConversationAsk = ThreadAsk | ChannelAsk


def parse_conversation(text: str, *, api_base_url: str) -> ConversationAsk | None:
    """The conversation a `/summarize` text asks for, or None when it asks for text or a link.

    Raises BadRequest for `channel`/`thread` followed by something unreadable.
    """
    private = bool(_PRIVATE.search(text))
    rest = _PRIVATE.sub(" ", text).strip()
    kind_match = _KIND.match(rest)
    kind = kind_match.group(1).lower() if kind_match else None
    if kind_match:
        rest = rest[kind_match.end() :].strip()
    link = _slack_link(rest)
    ref = thread_from_permalink(link, api_base_url) if link else None
    if kind == "channel":
        since = _SINCE.sub("", rest).strip()
        if since:
            since_time(since, datetime.now(UTC))  # fails now, with the usage, if unreadable
        return ChannelAsk(since=since, private=private)
    if kind == "thread":
        if rest and ref is None:
            raise BadRequest(
                "That is not a link to a Slack message. Use *Copy link* on a message of the "
                "thread, then `/summarize thread <link>`."
            )
        return ThreadAsk(ref=ref, private=private)
    if ref is not None:
        return ThreadAsk(ref=ref, private=private)
    return None


def mention_asks_for_thread(text: str) -> ThreadAsk | None:
    """An @mention in a thread that asks for nothing else (or for "summarize") means the thread."""
    private = bool(_PRIVATE.search(text))
    rest = _PRIVATE.sub(" ", text).strip()
    return ThreadAsk(ref=None, private=private) if _MENTION_ONLY.match(rest) else None


def since_time(spec: str, now: datetime, utc_offset_s: int = 0) -> datetime:
    """When `since: spec` starts, `now` being the asker's moment and `utc_offset_s` their zone."""
    spec = spec.strip().lower()
    zone = timezone(timedelta(seconds=utc_offset_s))
    local_midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    if not spec:
        start = now - DEFAULT_WINDOW
    elif spec == "today":
        start = local_midnight
    elif spec == "yesterday":
        start = local_midnight - timedelta(days=1)
    elif match := _RELATIVE.match(spec):
        amount, unit = int(match.group(1)), match.group(2)[0]
        minutes = {"m": 1, "h": 60, "d": 60 * 24, "w": 60 * 24 * 7}[unit]
        start = now - timedelta(minutes=amount * minutes)
    elif match := _DATE.match(spec):
        try:
            year, month, day = (int(g) for g in match.groups())
            start = datetime(year, month, day, tzinfo=zone)
        except ValueError:
            raise BadRequest(f"{spec} is not a date. {CONVERSATION_USAGE}") from None
    else:
        raise BadRequest(f"I can't read `since: {spec}`. {CONVERSATION_USAGE}")
    if start > now:
        raise BadRequest(f"`since: {spec}` is in the future. {CONVERSATION_USAGE}")
    return max(start, now - LONGEST_WINDOW).astimezone(UTC)


def describe_since(start: datetime, now: datetime) -> str:
    """ "the last 2 hours", "since 30 Nov 09:00 UTC": how the reply names the window it read."""
    span = now - start
    if span <= timedelta(hours=48):
        hours = span.total_seconds() / 3600
        if hours < 1:
            return f"the last {max(1, round(hours * 60))} minutes"
        return f"the last {round(hours)} hours" if round(hours) != 1 else "the last hour"
    return f"since {start:%d %b %H:%M} UTC"


def _slack_link(text: str) -> str:
    """A lone link as Slack sends it (`<https://...|label>` or bare), else ""."""
    token = text.strip()
    if " " in token:
        return ""
    if token.startswith("<") and token.endswith(">"):
        token = token[1:-1].split("|", 1)[0]
    return token.replace("&amp;", "&") if "://" in token else ""
