"""Reading Slack history with slack_sdk's real WebClient against a fake Slack Web API."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from service.chat.slack_history import SlackDirectory, SlackHistory, ThreadRef
from service.config import Settings
from service.errors import HistoryUnavailable
from service.testing.chat_apis import FakeSlack, SlackThrottle, conversation


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def settings_for(slack: FakeSlack, **extra: object) -> Settings:
    values: dict[str, object] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_api_base_url": slack.url + "/api",
        "retry_after_cap_s": 5.0,
    }
    values.update(extra)
    return Settings.model_validate(values)


def history(
    slack: FakeSlack, directory: SlackDirectory | None = None, **extra: object
) -> SlackHistory:
    return SlackHistory(settings_for(slack, **extra), directory or SlackDirectory())


def test_a_thread_over_three_pages_is_read_whole_with_working_links(slack: FakeSlack) -> None:
    slack.max_limit = 15  # what Slack gives apps outside its Marketplace per call
    parent = slack.add_thread("C1", conversation(45))
    transcript = history(slack).thread(ThreadRef("C1", parent))

    calls = slack.called("conversations.replies")
    assert len(calls) == 3
    assert [bool(c.params.get("cursor")) for c in calls] == [False, True, True]
    assert all(c.headers["Authorization"] == "Bearer xoxb-test-token" for c in calls)
    assert len(transcript.lines) == 45
    assert transcript.lines[0].message.id == parent
    assert transcript.lines[0].author == "Ana Lima" and transcript.lines[1].author == "Ben Okafor"
    assert all(slack.link_works(line.message.link) for line in transcript.lines)
    assert "?thread_ts=" in transcript.lines[1].message.link  # a reply links inside its thread
    assert transcript.reading.describe() == "Read 45 messages in this thread."


def test_a_200_message_thread_resolves_each_name_once(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(200))
    directory = SlackDirectory()
    transcript = history(slack, directory).thread(ThreadRef("C1", parent))
    assert len(transcript.lines) == 200
    assert directory.lookups == 4 and len(slack.called("users.info")) == 4
    history(slack, directory).thread(ThreadRef("C1", parent))
    assert len(slack.called("users.info")) == 4  # cached across readings


def test_a_short_429_is_waited_out_as_slack_asks(slack: FakeSlack) -> None:
    slack.max_limit = 15
    parent = slack.add_thread("C1", conversation(30))
    slack.throttles.append(SlackThrottle("conversations.replies", after_calls=1, retry_after=1))
    started = time.monotonic()
    transcript = history(slack).thread(ThreadRef("C1", parent))
    assert time.monotonic() - started >= 1.0  # slack_sdk's handler slept Retry-After
    assert len(slack.called("conversations.replies")) == 3  # page 1, the 429, page 2 again
    assert len(transcript.lines) == 30 and transcript.reading.cuts == []


def test_a_long_wait_ends_the_reading_and_the_summary_says_so(slack: FakeSlack) -> None:
    slack.max_limit = 15
    parent = slack.add_thread("C1", conversation(40))
    slack.throttles.append(SlackThrottle("conversations.replies", after_calls=1, retry_after=60))
    transcript = history(slack).thread(ThreadRef("C1", parent))
    assert len(transcript.lines) == 15
    assert (
        "Slack let me read 15 messages and asked to wait 60 s (apps outside the Slack "
        "Marketplace may read 15 messages a minute); the rest was not read."
    ) in transcript.reading.describe()


def test_a_rate_limit_before_anything_was_read_is_a_clear_refusal(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(5))
    slack.throttles.append(SlackThrottle("conversations.replies", after_calls=0, retry_after=60))
    with pytest.raises(HistoryUnavailable, match=r"slow down.*try again in about 60 s"):
        history(slack).thread(ThreadRef("C1", parent))


def test_a_channel_the_bot_is_not_in(slack: FakeSlack) -> None:
    slack.add_channel_messages("C2", conversation(3))
    slack.member_of.discard("C2")
    with pytest.raises(HistoryUnavailable, match=r"not in this channel.*/invite @Sourced"):
        history(slack).channel("C2", oldest=datetime(2020, 1, 1, tzinfo=UTC), where="#x")


def test_a_wrong_token_names_the_setting(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(3))
    with pytest.raises(HistoryUnavailable, match="SOURCED_SLACK_BOT_TOKEN"):
        history(slack, slack_bot_token="xoxb-other").thread(ThreadRef("C1", parent))


def test_deleted_bot_and_join_messages_are_left_out_and_counted(slack: FakeSlack) -> None:
    parent = slack.add_thread("C1", conversation(4))
    thread = slack.messages["C1"]
    thread[0].update(subtype="tombstone", text="This message was deleted.", user="USLACKBOT")
    thread.append(
        {"type": "message", "subtype": "bot_message", "bot_id": "B1", "text": "Summary…",
         "ts": "1800000500.000000", "thread_ts": parent}
    )  # fmt: skip
    thread.append(
        {"type": "message", "user": "UBOT", "text": "I am a bot user", "ts": "1800000600.000000",
         "thread_ts": parent}
    )  # fmt: skip
    transcript = history(slack).thread(ThreadRef("C1", parent))
    assert [line.author for line in transcript.lines] == ["Ben Okafor", "Chen Wei", "Dana Cohen"]
    reading = transcript.reading
    assert (reading.bots, reading.other) == (2, 1)
    assert "(2 from bots and 1 joins, deletions or other events left out)" in reading.describe()


def test_markup_files_and_links_become_plain_text(slack: FakeSlack) -> None:
    parent = slack.add_thread(
        "C1",
        [
            ("U1", "Hey <@U2>, see <https://example.org/plan|the plan> in <#C9|ops> &amp; <!here>"),
            ("U2", "Attached."),
        ],
    )
    slack.messages["C1"][1]["files"] = [{"name": "report.pdf"}]
    transcript = history(slack).thread(ThreadRef("C1", parent))
    assert transcript.text.split("\n") == [
        "Ana Lima: Hey @Ben Okafor, see the plan (https://example.org/plan) in #ops & @here",
        "Ben Okafor: Attached. [file: report.pdf]",
    ]


def test_a_channel_since_a_time_oldest_first_noting_threads(slack: FakeSlack) -> None:
    stamps = slack.add_channel_messages("C3", conversation(30), start=1_800_000_000, step_s=600)
    slack.messages["C3"][-1]["reply_count"] = 4
    oldest = datetime.fromtimestamp(float(stamps[10]), UTC)
    transcript = history(slack).channel("C3", oldest=oldest, where="#general")
    assert [line.message.id for line in transcript.lines] == stamps[10:]
    assert "Replies inside 1 thread were not read." in transcript.reading.describe()


def test_a_channel_longer_than_the_limit_keeps_the_latest(slack: FakeSlack) -> None:
    stamps = slack.add_channel_messages("C4", conversation(120))
    transcript = history(slack).channel(
        "C4", oldest=datetime(2020, 1, 1, tzinfo=UTC), where="#big", max_messages=100
    )
    assert [line.message.id for line in transcript.lines] == stamps[20:]
    assert "Older messages were not read: at most 100 are read at once." in (
        transcript.reading.describe()
    )


def test_the_directory_keeps_a_bounded_number_of_people(slack: FakeSlack) -> None:
    """User ids come from the messages read: a flood of authors must not grow the memory."""
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-test-token", base_url=slack.url + "/api/")
    directory = SlackDirectory(max_people=3)
    for user in ("U1", "U2", "U3", "U1", "U4", "U5"):  # U1 asked again: the most recent then
        directory.person(client, user)
    assert directory.lookups == 5
    directory.person(client, "U1")
    assert directory.lookups == 5  # still kept
    directory.person(client, "U2")
    assert directory.lookups == 6  # the least recently asked about was let go
    assert len(directory._people) == 3
