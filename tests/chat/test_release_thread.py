"""A realistic thread read as its reader would: forty messages in #release where two people
dispute a release date, through the fake Slack, the real pipeline and a fake upstream that answers
like a model that read it. Are claims given to the right people, is the disagreement shown with
each side's stance, does every link open the message it quotes?
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.composition import make_engine
from service.testing.chat_apis import FakeSlack
from service.testing.chat_threads import RELEASE_PEOPLE, add_release_thread, sensible_draft
from service.testing.openai_server import FakeOpenAI, Reply
from tests.chat.test_conversations import claim_sections, client_for, settings_for, shortcut

SLACK_LINK = re.compile(r"<(http[^|>]+/archives/[^|>]+)\|([^>]+)>")
QUOTE = re.compile(r"^> “(.*)”$", re.MULTILINE)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def linked_message(slack: FakeSlack, link: str) -> dict[str, Any]:
    path = link.split("?", 1)[0].removeprefix(slack.url)
    _, _, channel, stamp = path.split("/")
    message = slack.message(channel, f"{stamp[1:11]}.{stamp[11:]}")
    assert message is not None, link
    return message


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def summarized(slack: FakeSlack, fake_openai: FakeOpenAI, tmp_path: Path) -> dict[str, Any]:
    parent = add_release_thread(slack)
    fake_openai.responder = lambda request: Reply(content=json.dumps(sensible_draft(request)))
    settings = settings_for(
        slack, base_url=fake_openai.base_url, model="fake-model", api_key="k", data_dir=tmp_path
    )
    engine = make_engine(settings)
    try:
        async for client in client_for(settings, engine):
            await client.post("/v1/chat/slack/interactions", **shortcut(slack, parent))
        _working, result = slack.replies(2)
    finally:
        await engine.aclose()
    assert result.method.endswith("chat.postMessage"), result.body
    body: dict[str, Any] = result.body
    return body


async def test_each_claim_names_the_author_of_the_message_it_quotes_and_links_to_it(
    slack: FakeSlack, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    body = await summarized(slack, fake_openai, tmp_path)
    sections = claim_sections(body)
    assert len(sections) == 8
    for section in sections:
        (link, author), *_ = SLACK_LINK.findall(section)
        message = linked_message(slack, link)
        assert RELEASE_PEOPLE[message["user"]] == author
        quote = QUOTE.search(section)
        assert quote and unescaped(quote.group(1)).rstrip("…") in message["text"]
    first = sections[0]
    assert "Priya Raman" in first and "move the 3.2 release" in first
    blocks = json.dumps(body["blocks"])
    assert "Read 36 messages in this thread (3 from bots and 1 joins, deletions or other " in blocks
    assert "CI: build" not in blocks and "has joined" not in blocks


async def test_the_dispute_shows_each_side_with_their_stance_and_messages(
    slack: FakeSlack, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    body = await summarized(slack, fake_openai, tmp_path)
    texts = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    (dispute,) = [t for t in texts if t.startswith(":scales: *Disagreement:*")]
    _topic, priya, marco = dispute.split("\n")
    assert "|Priya Raman> says: “Heads up: I want to move the 3.2 release" in priya
    assert "|Marco Rossi> disagrees: “I don't agree. We promised Tuesday" in marco
    for side, user in ((priya, "U10"), (marco, "U11")):
        links = [link for link, _ in SLACK_LINK.findall(side)]
        assert len(links) == 2  # the first exchange and the second, after the test run
        assert all(linked_message(slack, link)["user"] == user for link in links)
    disputed = [s for s in claim_sections(body) if ":scales: _disputed_" in s]
    assert [("Priya Raman" in s, "Marco Rossi" in s) for s in disputed] == [
        (True, False),
        (False, True),
        (False, True),
    ]


async def test_the_summary_names_people_without_a_hedge_that_mangles_them(
    slack: FakeSlack, fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    body = await summarized(slack, fake_openai, tmp_path)
    summary = body["blocks"][1]["text"]["text"]
    assert summary.startswith("Priya Raman wanted to move the 3.2 release to Thursday")
    assert "According to" not in summary and "priya" not in summary
    assert "and they agreed to ship Tuesday" in summary
