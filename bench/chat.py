"""Chat bots: how fast requests are acknowledged, how soon summaries follow, and conversations.

Starts the real API app (chat routes included) and Engine (cache, bounded queue, SQLite store)
under uvicorn in a separate process on 127.0.0.1, with the model step faked (it takes
`--engine-delays` seconds per summary), a fake Slack API on 127.0.0.1 receiving the replies and
a fake Slack Web API (service/testing/chat_apis.py) holding threads to read. Fires N signed slash
commands, then N signed "Summarize thread" shortcuts (each reads a 20-message thread through
slack_sdk's WebClient), at once, with a real HTTP client; reports acknowledgement latency (Slack
allows 3 s) and time to the follow-up message.

`--conversations` instead summarizes a 200-message thread and a 1,000-message channel held by the
fake Slack Web API, through the real app in this process, with the embedded model (`--model
embedded`, the default; run under `flock /tmp/sourced-model.lock`) or the faked model step
(`--model fake`): seconds to the posted summary, claims, and the share of claims whose message
links open a message the fake holds.

    .venv/bin/python bench/chat.py [--commands 50] [--engine-delays 0,2] [--claims 8]
                                   [--engine-concurrency 64]
    .venv/bin/python bench/chat.py --conversations [--model embedded|fake]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.testing.chat_apis import FakeSlack, conversation
from service.testing.chat_platform import FakeChatPlatform, slack_headers

SECRET = "bench-signing-secret"
TEXT = (
    "The harbour strike ended on Monday after nine days. The union accepted a 6% pay rise, "
    "its leader said. The port authority said the backlog would clear within a week. "
) * 4


class FakeBackend:
    """Never called: the summarize step itself is replaced, below."""

    name = "fake"
    model = "fake"

    async def complete(self, request: object, progress: object = None) -> object:
        raise AssertionError("the bench replaces the model step")

    async def aclose(self) -> None:
        pass


def serve(
    port: int, engine_delay: float, claims: int, concurrency: int, data_dir: str, slack_api: str
) -> None:
    """The server process: the real API app and Engine (cache, queue, SQLite store), with the
    model step replaced by one that waits `engine_delay` seconds and returns a sample Summary."""
    import uvicorn

    from service.api.app import create_app
    from service.config import Settings
    from service.engine import Engine
    from service.schemas import Summary
    from service.store import SummaryStore
    from service.testing.summaries import sample_summary

    async def fake_summarize(text: str, *args: object, **kwargs: object) -> Summary:
        await asyncio.sleep(engine_delay)
        title = kwargs.get("title")
        return sample_summary(text, claims, headline=str(title or "Harbour strike ends"))

    settings = Settings(
        slack_signing_secret=SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_base_url=slack_api,
        data_dir=Path(data_dir),
        model_concurrency=concurrency,
        queue_size=1000,
    )
    store = SummaryStore.from_settings(settings)
    engine = Engine(settings, FakeBackend(), store, summarize_fn=fake_summarize)  # type: ignore[arg-type]
    app = create_app(settings, engine=engine)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if server.poll() is not None:
                raise SystemExit("the server process exited; see its output above")
            try:
                await client.get(base_url + "/healthz")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise SystemExit("the server did not start within 30 s")


async def fire(
    client: httpx.AsyncClient, base_url: str, platform: FakeChatPlatform, tag: str
) -> tuple[float, float, str]:
    path = f"/slack/commands/T1/{tag}/x"
    text = f"{TEXT} (Report {tag}.)"  # a different document each time: no cache hits
    body = urlencode(
        {"command": "/summarize", "text": text, "response_url": platform.url + path}
    ).encode()
    headers = {
        **slack_headers(SECRET, int(time.time()), body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    url = base_url + "/v1/chat/slack/commands"
    response = await client.post(url, content=body, headers=headers)
    acknowledged = time.perf_counter()
    if response.status_code != 200 or "Working on it" not in response.text:
        raise SystemExit(f"unexpected acknowledgement: {response.status_code} {response.text}")
    return started, acknowledged - started, path


async def run_batch(
    base_url: str, platform: FakeChatPlatform, commands: int, label: str
) -> tuple[list[float], list[float]]:
    limits = httpx.Limits(max_connections=commands, max_keepalive_connections=commands)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        results = await asyncio.gather(
            *(fire(client, base_url, platform, f"{label}-{i}") for i in range(commands))
        )
    ack_ms = [ack * 1000 for _, ack, _ in results]
    follow_ms = []
    for started, _, path in results:
        (reply,) = await asyncio.to_thread(platform.wait_for_posts, 1, path, 60.0)
        follow_ms.append((reply.at - started) * 1000)
    return ack_ms, follow_ms


def describe(name: str, values: list[float]) -> str:
    return (
        f"{name:<26} p50 {percentile(values, 50):8.1f} ms   p99 {percentile(values, 99):8.1f} ms"
        f"   max {max(values):8.1f} ms"
    )


async def fire_shortcut(
    client: httpx.AsyncClient, base_url: str, slack: FakeSlack, channel: str, ts: str
) -> tuple[float, float]:
    payload = {
        "type": "message_action",
        "callback_id": "summarize_thread",
        "user": {"id": "U1"},
        "channel": {"id": channel, "name": channel.lower()},
        "message": {"ts": ts},
        "response_url": slack.url + f"/responses/{channel}",
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    headers = {
        **slack_headers(SECRET, int(time.time()), body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    response = await client.post(
        base_url + "/v1/chat/slack/interactions", content=body, headers=headers
    )
    acknowledged = time.perf_counter()
    if response.status_code != 200 or response.content:
        raise SystemExit(f"unexpected shortcut answer: {response.status_code} {response.text}")
    return started, acknowledged - started


async def run_shortcuts(
    base_url: str, slack: FakeSlack, count: int, label: str
) -> tuple[list[float], list[float]]:
    """`count` shortcuts at once, each on its own 20-message thread (no cache hits)."""
    threads = []
    for i in range(count):
        channel = f"C{label.upper()}{i}"
        lines = [(u, f"{t} (thread {label}-{i})") for u, t in conversation(20)]
        threads.append((channel, slack.add_thread(channel, lines)))
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        results = await asyncio.gather(
            *(fire_shortcut(client, base_url, slack, c, ts) for c, ts in threads)
        )
    ack_ms = [ack * 1000 for _, ack in results]
    follow_ms = []
    for (channel, _ts), (started, _) in zip(threads, results, strict=True):
        reply = await asyncio.to_thread(summary_post, slack, channel, 60.0)
        follow_ms.append((reply.at - started) * 1000)
    return ack_ms, follow_ms


def summary_post(slack: FakeSlack, channel: str, timeout: float) -> Any:
    """The chat.postMessage carrying `channel`'s summary (after the ephemeral acknowledgement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in list(slack.posted):
            body = call.body or {}
            if call.method.endswith("chat.postMessage") and body.get("channel") == channel:
                return call
            if body.get("channel") == channel and "Sorry" in str(body.get("text", "")):
                raise SystemExit(f"{channel}: {body['text']}")
        time.sleep(0.02)
    raise SystemExit(f"no summary was posted for {channel} within {timeout:.0f} s")


async def acknowledgements(args: argparse.Namespace) -> None:
    print(f"{args.commands} concurrent signed /summarize commands, then as many signed")
    print("'Summarize thread' shortcuts (each reading a 20-message thread from the fake Slack")
    print("Web API through slack_sdk's WebClient); real uvicorn on 127.0.0.1, real Engine with")
    print(f"{args.engine_concurrency} model slots, the model step faked ({args.claims} claims)")
    for delay in (float(d) for d in args.engine_delays.split(",")):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        data_dir = tempfile.mkdtemp(prefix="sourced-bench-chat-")
        with FakeChatPlatform() as platform, FakeSlack() as slack:
            command = [sys.executable, __file__, "--serve", str(port), str(delay)]
            command += [str(args.claims), str(args.engine_concurrency), data_dir]
            server = subprocess.Popen([*command, slack.url + "/api"])
            try:
                await wait_until_up(base_url, server)
                await run_batch(base_url, platform, 5, "warmup")
                ack_ms, follow_ms = await run_batch(base_url, platform, args.commands, "run")
                await run_shortcuts(base_url, slack, 5, "warm")
                shortcut_ms, thread_ms = await run_shortcuts(base_url, slack, args.commands, "run")
            finally:
                server.terminate()
                server.wait(10)
                shutil.rmtree(data_dir, ignore_errors=True)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\nengine delay {delay:g} s per summary (machine load average {load})")
        print(describe("command acknowledgement", ack_ms))
        print(describe("command follow-up posted", follow_ms))
        print(describe("shortcut acknowledgement", shortcut_ms))
        print(describe("thread summary posted", thread_ms))


# --- conversations -------------------------------------------------------------------------------

SLACK_LINK = re.compile(r"<(http[^|>]+/archives/[^|>]+)\|[^>]+>")


def conversation_app(slack: FakeSlack, model: str, data_dir: str) -> Any:
    from service.api.app import create_app
    from service.config import Settings
    from service.engine import Engine
    from service.schemas import Summary
    from service.store import SummaryStore
    from service.testing.summaries import sample_summary

    settings = Settings(
        slack_signing_secret=SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_base_url=slack.url + "/api",
        data_dir=Path(data_dir),
    )
    if model == "embedded":
        return create_app(settings), settings

    async def fake_summarize(text: str, *args: object, **kwargs: object) -> Summary:
        return sample_summary(text, 8, headline=str(kwargs.get("title") or "Summary"))

    store = SummaryStore.from_settings(settings)
    engine = Engine(settings, FakeBackend(), store, summarize_fn=fake_summarize)  # type: ignore[arg-type]
    return create_app(settings, engine=engine), settings


async def conversations(args: argparse.Namespace) -> dict[str, Any]:
    import uvicorn

    data_dir = tempfile.mkdtemp(prefix="sourced-bench-conversations-")
    figures: dict[str, Any] = {"model": args.model}
    with FakeSlack() as slack:
        thread_ts = slack.add_thread("CTHREAD", conversation(200))
        now = time.time()
        slack.add_channel_messages("CCHAN", conversation(1000), start=now - 1000 * 60, step_s=60)
        app, settings = conversation_app(slack, args.model, data_dir)
        port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        base_url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                for _ in range(600):  # uvicorn starts, then the embedded model loads
                    try:
                        ready = await client.get(base_url + "/readyz")
                    except httpx.TransportError:
                        ready = None
                    if ready is not None and ready.status_code == 200:
                        break
                    await asyncio.sleep(0.5)
                else:
                    raise SystemExit("the app did not become ready within 300 s")
                started = time.perf_counter()
                await fire_shortcut(client, base_url, slack, "CTHREAD", thread_ts)
                reply = await asyncio.to_thread(summary_post, slack, "CTHREAD", 900.0)
                figures["thread_200"] = measured(slack, reply, started)
                body = urlencode(
                    {
                        "command": "/summarize",
                        "text": "channel since: 24h",
                        "user_id": "U1",
                        "channel_id": "CCHAN",
                        "channel_name": "general",
                        "response_url": slack.url + "/responses/CCHAN",
                    }
                ).encode()
                headers = {
                    **slack_headers(SECRET, int(time.time()), body),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                started = time.perf_counter()
                ack = await client.post(
                    base_url + "/v1/chat/slack/commands", content=body, headers=headers
                )
                if "Working on it" not in ack.text:
                    raise SystemExit(f"unexpected acknowledgement: {ack.text}")
                reply = await asyncio.to_thread(channel_post, slack, "/responses/CCHAN", 900.0)
                figures["channel_1000"] = measured(slack, reply, started)
        finally:
            server.should_exit = True
            await task
            shutil.rmtree(data_dir, ignore_errors=True)
    figures["transcript_chars_budget"] = settings.chat_max_transcript_chars or __import__(
        "service.chat.conversations", fromlist=["x"]
    ).transcript_budget(settings)
    return figures


def channel_post(slack: FakeSlack, path: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in list(slack.posted):
            if call.method == path and (call.body or {}).get("blocks"):
                return call
            if call.method == path and "Sorry" in str((call.body or {}).get("text", "")):
                raise SystemExit(f"channel: {call.body['text']}")
        time.sleep(0.05)
    raise SystemExit(f"no channel summary within {timeout:.0f} s")


def measured(slack: FakeSlack, reply: Any, started: float) -> dict[str, Any]:
    blocks = reply.body["blocks"]
    text = json.dumps(blocks)
    claims = [
        b["text"]["text"]
        for b in blocks
        if b["type"] == "section" and "_Said by_" in b["text"]["text"]
    ]
    linked = sum(
        1
        for claim in claims
        if (links := SLACK_LINK.findall(claim)) and all(slack.link_works(link) for link in links)
    )
    reading = re.search(r":speech_balloon: ([^\"]+)", text)
    return {
        "seconds": round(reply.at - started, 2),
        "claims": len(claims),
        "claims_with_working_message_link": linked,
        "share_linked": round(linked / len(claims), 3) if claims else None,
        "reading": reading.group(1) if reading else None,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=50, help="concurrent requests")
    parser.add_argument("--engine-delays", default="0,2", help="seconds per fake summary, a list")
    parser.add_argument("--claims", type=int, default=8, help="claims per fake summary")
    parser.add_argument(
        "--engine-concurrency", type=int, default=64, help="model slots (8 for an endpoint)"
    )
    parser.add_argument("--conversations", action="store_true", help="the conversation figures")
    parser.add_argument("--model", choices=["embedded", "fake"], default="embedded")
    parser.add_argument("--out", type=Path, help="write the conversation figures here (JSON)")
    args = parser.parse_args()
    if not args.conversations:
        await acknowledgements(args)
        return
    figures = await conversations(args)
    figures["load_average"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    for name in ("thread_200", "channel_1000"):
        if figures[name]["claims"] and figures[name]["share_linked"] != 1.0:
            raise SystemExit(f"{name}: not every claim links to a message that exists")


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "--serve":
        port, delay, claims, concurrency, data_dir, slack_api = sys.argv[2:]
        serve(int(port), float(delay), int(claims), int(concurrency), data_dir, slack_api)
    else:
        asyncio.run(main())
