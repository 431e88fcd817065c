"""A conversation as a transcript: one line per message, spans that lead back to each message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.chat.asking import (
    ChannelAsk,
    ThreadAsk,
    mention_asks_for_thread,
    parse_conversation,
    since_time,
)
from service.chat.slack_history import ThreadRef, thread_from_permalink
from service.chat.transcript import (
    MESSAGE_CHARS,
    ChatMessage,
    Reading,
    build_transcript,
)
from service.errors import BadRequest
from service.schemas import Check, Claim, Evidence

AT = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
API = "https://slack.com/api"


def message(i: int, author: str, text: str, author_id: str | None = None) -> ChatMessage:
    return ChatMessage(
        id=str(i),
        author_id=author_id or author,
        author=author,
        text=text,
        posted_at=AT,
        link=f"https://chat.example/m/{i}",
    )


def claim_on(start: int, end: int, text: str) -> Claim:
    return Claim(
        id="c1",
        text="x",
        evidence=[Evidence(start=start, end=end, quote=text[start:end])],
        verified=True,
        checks=[Check(name="quote", passed=True, reason="ok")],
    )


def test_one_line_per_message_with_exact_spans() -> None:
    transcript = build_transcript(
        [
            message(1, "Ana Lima", "The release moves to Thursday.\nThe tests failed twice."),
            message(2, "Ben Okafor", "I disagree:   it stays on Tuesday."),
            message(3, "Ana Lima", "[file: plan.pdf]"),
        ],
        Reading("this thread"),
    )
    assert transcript.text.split("\n") == [
        "Ana Lima: The release moves to Thursday. The tests failed twice.",
        "Ben Okafor: I disagree: it stays on Tuesday.",
        "Ana Lima: [file: plan.pdf]",
    ]
    for line in transcript.lines:
        assert transcript.text[line.start : line.end].startswith(line.author + ": ")
        assert transcript.text[line.text_start : line.end] == " ".join(line.message.text.split())
    assert transcript.reading.read == 3


def test_a_claims_evidence_leads_to_the_message_it_quotes() -> None:
    transcript = build_transcript(
        [message(1, "Ana", "The release moves to Thursday."), message(2, "Ben", "No, Tuesday.")],
        Reading("this thread"),
    )
    second = transcript.lines[1]
    quote_start = transcript.text.index("Tuesday")
    claim = claim_on(quote_start, quote_start + len("Tuesday"), transcript.text)
    assert transcript.lines_for(claim) == [second]
    assert transcript.line_at(second.start - 1) is None  # the newline belongs to no message
    spanning = claim_on(0, len(transcript.text), transcript.text)
    assert [line.author for line in transcript.lines_for(spanning)] == ["Ana", "Ben"]


def test_names_cannot_break_the_line_format_and_namesakes_are_told_apart() -> None:
    transcript = build_transcript(
        [
            message(1, "Dr: Who", "hello", "U1"),
            message(2, "Sam", "first Sam", "U2"),
            message(3, "Sam", "second Sam", "U3"),
            message(4, "Sam", "first Sam again", "U2"),
        ],
        Reading("here"),
    )
    assert [line.author for line in transcript.lines] == ["Dr Who", "Sam", "Sam (2)", "Sam"]


def test_empty_messages_are_left_out_and_a_huge_one_is_shortened() -> None:
    huge = "word " * 8000  # 40,000 characters
    reading = Reading("this thread")
    transcript = build_transcript([message(1, "Ana", "   \n "), message(2, "Ben", huge)], reading)
    (line,) = transcript.lines
    assert line.end - line.text_start <= MESSAGE_CHARS
    assert transcript.text.endswith("…")
    assert reading.other == 1 and reading.shortened == 1
    assert "1 long message was read up to 4,000 characters" in reading.describe()


def test_past_the_budget_the_latest_messages_are_kept_and_the_first_of_a_thread() -> None:
    messages = [message(i, "Ana", f"message number {i}") for i in range(100)]
    reading = Reading("this thread")
    transcript = build_transcript(messages, reading, max_chars=500, keep_first=True)
    assert len(transcript.text) <= 500
    kept = [line.message.id for line in transcript.lines]
    assert kept[0] == "0" and kept[-1] == "99"
    assert kept[1:] == [str(i) for i in range(100 - len(kept) + 1, 100)]
    dropped = 100 - len(kept)
    assert f"{dropped} messages after the first were left out" in reading.describe()


def test_the_reading_says_what_was_left_out() -> None:
    reading = Reading("#general, the last 2 hours", read=12, bots=3, other=2)
    reading.cuts.append("Replies inside 1 thread were not read.")
    assert reading.describe() == (
        "Read 12 messages in #general, the last 2 hours (3 from bots and 2 joins, deletions "
        "or other events left out). Replies inside 1 thread were not read."
    )


# --- what people ask -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("channel", ChannelAsk(since="", private=False)),
        ("channel since: 2h", ChannelAsk(since="2h", private=False)),
        ("channel since yesterday private", ChannelAsk(since="yesterday", private=True)),
        ("Channel 2026-11-30", ChannelAsk(since="2026-11-30", private=False)),
        (
            "thread <https://acme.slack.com/archives/C024BE91L/p1700000000000100>",
            ThreadAsk(ThreadRef("C024BE91L", "1700000000.000100"), private=False),
        ),
        (
            "https://acme.slack.com/archives/C024BE91L/p1700000090000200"
            "?thread_ts=1700000000.000100&amp;cid=C024BE91L only me",
            ThreadAsk(ThreadRef("C024BE91L", "1700000000.000100"), private=True),
        ),
        ("https://example.org/news/story", None),
        ("The strike ended on Monday.", None),
    ],
)
def test_conversation_requests(text: str, asked: object) -> None:
    assert parse_conversation(text, api_base_url=API) == asked


@pytest.mark.parametrize("text", ["channel since: soon", "thread https://example.org/x"])
def test_unreadable_conversation_requests_say_how_to_write_them(text: str) -> None:
    with pytest.raises(BadRequest, match=r"since: 2h|Copy link"):
        parse_conversation(text, api_base_url=API)


def test_only_slack_message_links_are_threads() -> None:
    assert thread_from_permalink("https://evil.example/archives/C1/p1700000000000100", API) is None
    assert thread_from_permalink("https://acme.slack.com/archives/C1/p170000", API) is None


@pytest.mark.parametrize(
    ("text", "private"),
    [
        ("", False),
        ("summarize this thread, please", False),
        ("tl;dr please", False),
        ("private", True),
        ("what did the union say", None),
    ],
)
def test_a_mention_in_a_thread_asks_for_the_thread(text: str, private: bool | None) -> None:
    asked = mention_asks_for_thread(text)
    assert (asked.private if asked else None) == private


NOW = datetime(2027, 1, 15, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spec", "offset", "start"),
    [
        ("", 0, datetime(2027, 1, 14, 14, 30, tzinfo=UTC)),
        ("2h", 0, datetime(2027, 1, 15, 12, 30, tzinfo=UTC)),
        ("90 minutes", 0, datetime(2027, 1, 15, 13, 0, tzinfo=UTC)),
        ("yesterday", 0, datetime(2027, 1, 14, 0, 0, tzinfo=UTC)),
        ("yesterday", -5 * 3600, datetime(2027, 1, 14, 5, 0, tzinfo=UTC)),  # New York's day
        ("2027-01-10", 3600, datetime(2027, 1, 9, 23, 0, tzinfo=UTC)),
        ("2020-01-01", 0, datetime(2026, 10, 17, 14, 30, tzinfo=UTC)),  # at most 90 days back
    ],
)
def test_since(spec: str, offset: int, start: datetime) -> None:
    assert since_time(spec, NOW, offset) == start


def test_since_in_the_future_is_refused() -> None:
    with pytest.raises(BadRequest, match="in the future"):
        since_time("2027-02-01", NOW)
