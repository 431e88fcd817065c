"""Chat bots: how fast requests are acknowledged, how soon summaries follow, and conversations.

Acknowledgements: starts the real API app (chat routes, Engine with its cache, bounded queue and
SQLite store, the whole summarize pipeline) under uvicorn in a separate process on 127.0.0.1. The
model is a fake OpenAI-compatible upstream on 127.0.0.1 that answers each request with a draft
citing the prompt's statements after `--engine-delays` seconds; a fake Slack API receives the
replies and a fake Slack Web API (service/testing/chat_apis.py) holds the threads to read. Fires N
signed slash commands, then N signed "Summarize thread" shortcuts (each reads a 20-message thread
through slack_sdk's WebClient), at once, with a real HTTP client; reports acknowledgement latency
(Slack allows 3 s) and time to the follow-up message.

Conversations: a 200-message thread (shortcut) and a 1,000-message channel (`/summarize channel`)
held by the fake Slack Web API, summarized through the real app in this process with the same
fake upstream (`--model embedded`: the in-process model instead; run it under
`flock /tmp/sourced-model.lock`): seconds to the posted summary, claims, the share of claims whose
message links open a message the fake holds, and the share whose quote is in the linked message.

    .venv/bin/python bench/chat.py [--commands 50] [--engine-delays 0,2] [--claims 8]
                                   [--engine-concurrency 64] [--model upstream|embedded]
                                   [--out bench/results/chat.json]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
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
from service.testing.openai_server import FakeOpenAI, citing_draft

SECRET = "bench-signing-secret"
TEXT = (
    "The harbour strike ended on Monday after nine days. The union accepted a 6% pay rise, "
    "its leader said. The port authority said the backlog would clear within a week. "
) * 4
ACK_LIMIT_MS = 3000.0  # Slack's: an endpoint that answers later is shown as failed


def fake_upstream(claims: int, delay: float) -> FakeOpenAI:
    """The model: a fake OpenAI-compatible endpoint answering every prompt with a valid draft
    that cites `claims` of its numbered statements, after `delay` seconds."""
    upstream = FakeOpenAI().start()
    upstream.responder = lambda request: dataclasses.replace(
        citing_draft(request, claims), delay=delay
    )
    return upstream


def upstream_settings(upstream_url: str, **values: Any) -> Any:
    from service.config import Settings

    return Settings(
        slack_signing_secret=SECRET,
        slack_bot_token="xoxb-test-token",
        base_url=upstream_url,
        model="fake-model",
        api_key="bench-key",
        **values,
    )


def serve(port: int, concurrency: int, data_dir: str, slack_api: str, upstream_url: str) -> None:
    """The server process: the real API app, Engine and pipeline; the model is the upstream."""
    import uvicorn

    from service.api.app import create_app

    settings = upstream_settings(
        upstream_url,
        slack_api_base_url=slack_api,
        data_dir=Path(data_dir),
        model_concurrency=concurrency,
        queue_size=1000,
    )
    app = create_app(settings)
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
        (reply,) = await asyncio.to_thread(platform.wait_for_posts, 1, path, 120.0)
        body = reply.body if isinstance(reply.body, dict) else {}
        if body.get("response_type") != "in_channel" or not body.get("blocks"):
            raise SystemExit(f"{path}: not a summary: {json.dumps(body)[:300]}")
        follow_ms.append((reply.at - started) * 1000)
    return ack_ms, follow_ms


def figures_of(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 50), 1),
        "p99_ms": round(percentile(values, 99), 1),
        "max_ms": round(max(values), 1),
    }


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
        reply = await asyncio.to_thread(summary_post, slack, channel, 120.0)
        follow_ms.append((reply.at - started) * 1000)
    return ack_ms, follow_ms


def summary_post(slack: FakeSlack, channel: str, timeout: float) -> Any:
    """The chat.postMessage carrying `channel`'s summary (after the ephemeral acknowledgement);
    a notice of failure instead ends the benchmark."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in list(slack.posted):
            body = call.body or {}
            if body.get("channel") == channel and "Sorry" in str(body.get("text", "")):
                raise SystemExit(f"{channel}: {body['text']}")
            if call.method.endswith("chat.postMessage") and body.get("channel") == channel:
                if not any("_Said by_" in json.dumps(b) for b in body.get("blocks") or []):
                    raise SystemExit(f"{channel}: a summary without claims: {json.dumps(body)}")
                return call
        time.sleep(0.02)
    raise SystemExit(f"no summary was posted for {channel} within {timeout:.0f} s")


async def acknowledgements(args: argparse.Namespace) -> dict[str, Any]:
    print(f"{args.commands} concurrent signed /summarize commands, then as many signed")
    print("'Summarize thread' shortcuts (each reading a 20-message thread from the fake Slack")
    print("Web API through slack_sdk's WebClient); real uvicorn on 127.0.0.1, real Engine and")
    print(f"pipeline with {args.engine_concurrency} model slots, the model a fake upstream")
    print(f"answering {args.claims}-claim drafts")
    runs: dict[str, Any] = {}
    for delay in (float(d) for d in args.engine_delays.split(",")):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        data_dir = tempfile.mkdtemp(prefix="sourced-bench-chat-")
        upstream = fake_upstream(args.claims, delay)
        try:
            with FakeChatPlatform() as platform, FakeSlack() as slack:
                command = [sys.executable, __file__, "--serve", str(port)]
                command += [str(args.engine_concurrency), data_dir, slack.url + "/api"]
                server = subprocess.Popen([*command, upstream.base_url])
                try:
                    await wait_until_up(base_url, server)
                    await run_batch(base_url, platform, 5, "warmup")
                    ack_ms, follow_ms = await run_batch(base_url, platform, args.commands, "run")
                    await run_shortcuts(base_url, slack, 5, "warm")
                    shortcut_ms, thread_ms = await run_shortcuts(
                        base_url, slack, args.commands, "run"
                    )
                finally:
                    server.terminate()
                    server.wait(10)
                    shutil.rmtree(data_dir, ignore_errors=True)
        finally:
            upstream.stop()
        load = [round(x, 1) for x in os.getloadavg()]
        print(f"\nupstream delay {delay:g} s per summary (machine load average {load})")
        print(describe("command acknowledgement", ack_ms))
        print(describe("command follow-up posted", follow_ms))
        print(describe("shortcut acknowledgement", shortcut_ms))
        print(describe("thread summary posted", thread_ms))
        runs[f"upstream_delay_{delay:g}s"] = {
            "command_acknowledgement": figures_of(ack_ms),
            "command_follow_up_posted": figures_of(follow_ms),
            "shortcut_acknowledgement": figures_of(shortcut_ms),
            "thread_summary_posted": figures_of(thread_ms),
            "load_average_after": load,
        }
    return {
        "concurrent": args.commands,
        "model_slots": args.engine_concurrency,
        "claims_per_draft": args.claims,
        "limit_ms": ACK_LIMIT_MS,
        "runs": runs,
    }


# --- conversations -------------------------------------------------------------------------------

SLACK_LINK = re.compile(r"<(http[^|>]+/archives/[^|>]+)\|[^>]+>")
QUOTE = re.compile(r"^> “(.*)”$", re.MULTILINE)


async def conversations(args: argparse.Namespace, context_tokens: int) -> dict[str, Any]:
    import uvicorn

    from service.api.app import create_app
    from service.chat.conversations import transcript_budget
    from service.config import Settings

    data_dir = tempfile.mkdtemp(prefix="sourced-bench-conversations-")
    figures: dict[str, Any] = {}
    upstream = fake_upstream(args.claims, 0.0) if args.model == "upstream" else None
    with FakeSlack() as slack:
        thread_ts = slack.add_thread("CTHREAD", conversation(200))
        now = time.time()
        slack.add_channel_messages("CCHAN", conversation(1000), start=now - 1000 * 60, step_s=60)
        values: dict[str, Any] = {
            "slack_api_base_url": slack.url + "/api",
            "data_dir": data_dir,
            "context_tokens": context_tokens,
        }
        if upstream is not None:
            settings = upstream_settings(upstream.base_url, **values)
        else:
            settings = Settings(
                slack_signing_secret=SECRET, slack_bot_token="xoxb-test-token", **values
            )
        app = create_app(settings)
        port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        base_url = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                for _ in range(600):  # uvicorn starts (then the embedded model loads)
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
                if ack.status_code != 200 or "Working on it" not in ack.text:
                    raise SystemExit(f"unexpected acknowledgement: {ack.status_code} {ack.text}")
                reply = await asyncio.to_thread(channel_post, slack, "/responses/CCHAN", 900.0)
                figures["channel_1000"] = measured(slack, reply, started)
        finally:
            server.should_exit = True
            await task
            shutil.rmtree(data_dir, ignore_errors=True)
            if upstream is not None:
                upstream.stop()
    figures["transcript_chars_budget"] = transcript_budget(settings)
    return figures


def conversations_in_a_process(args: argparse.Namespace, context_tokens: int) -> dict[str, Any]:
    """`conversations` in a fresh process: no run is helped by what an earlier one cached."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, "--conversations-in", str(context_tokens), out.name]
        subprocess.run([*command, str(args.claims), args.model], check=True)
        figures: dict[str, Any] = json.loads(Path(out.name).read_text())
    return figures


def channel_post(slack: FakeSlack, path: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in list(slack.posted):
            if call.method == path and "Sorry" in str((call.body or {}).get("text", "")):
                raise SystemExit(f"channel: {call.body['text']}")
            if call.method == path and (call.body or {}).get("blocks"):
                return call
        time.sleep(0.05)
    raise SystemExit(f"no channel summary within {timeout:.0f} s")


def measured(slack: FakeSlack, reply: Any, started: float) -> dict[str, Any]:
    """Seconds to the summary, its claims, and how many of them link to the message they quote."""
    blocks = reply.body["blocks"]
    claims = [
        b["text"]["text"]
        for b in blocks
        if b["type"] == "section" and "_Said by_" in b["text"]["text"]
    ]
    if not claims:
        raise SystemExit(f"a summary without claims: {json.dumps(blocks)[:500]}")
    linked = quoting = 0
    for claim in claims:
        links = SLACK_LINK.findall(claim)
        if links and all(slack.link_works(link) for link in links):
            linked += 1
        quote = QUOTE.search(claim)
        said = [linked_text(slack, link) for link in links]
        if quote and any(unescaped(quote.group(1)).rstrip("…") in text for text in said):
            quoting += 1
    reading = next(
        (
            e["text"]
            for b in blocks
            if b["type"] == "context"
            for e in b["elements"]
            if ":speech_balloon:" in e["text"]
        ),
        None,
    )
    return {
        "seconds": round(reply.at - started, 2),
        "claims": len(claims),
        "claims_with_working_message_link": linked,
        "share_linked": round(linked / len(claims), 3),
        "claims_quoting_the_linked_message": quoting,
        "share_quoting_linked": round(quoting / len(claims), 3),
        "reading": reading,
    }


def linked_text(slack: FakeSlack, link: str) -> str:
    path = link.split("?", 1)[0].removeprefix(slack.url)
    _, _, channel, stamp = path.split("/")
    message = slack.message(channel, f"{stamp[1:11]}.{stamp[11:]}")
    return str(message["text"]) if message else ""


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=50, help="concurrent requests")
    parser.add_argument(
        "--engine-delays", default="0,2", help="seconds the upstream takes per summary, a list"
    )
    parser.add_argument("--claims", type=int, default=8, help="claims per upstream draft")
    parser.add_argument(
        "--engine-concurrency", type=int, default=64, help="model slots (8 for an endpoint)"
    )
    parser.add_argument("--model", choices=["upstream", "embedded"], default="upstream")
    parser.add_argument(
        "--context-tokens",
        default="8192,131072",
        help="model contexts to summarize the conversations with (the default's, a large one's)",
    )
    parser.add_argument("--skip-acknowledgements", action="store_true")
    parser.add_argument("--out", type=Path, help="write the figures here (JSON)")
    args = parser.parse_args()
    figures: dict[str, Any] = {
        "command": "bench/chat.py " + " ".join(sys.argv[1:]),
        "model": "fake OpenAI-compatible upstream on 127.0.0.1 (citing_draft)"
        if args.model == "upstream"
        else "embedded",
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 1) for x in os.getloadavg()],
    }
    if not args.skip_acknowledgements:
        figures["acknowledgements"] = await acknowledgements(args)
    figures["conversations"] = {
        f"context_{tokens}_tokens": conversations_in_a_process(args, int(tokens))
        for tokens in args.context_tokens.split(",")
    }
    figures["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(figures["conversations"], indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    failures = []
    for run, values in figures.get("acknowledgements", {}).get("runs", {}).items():
        for name in ("command_acknowledgement", "shortcut_acknowledgement"):
            if values[name]["p99_ms"] >= ACK_LIMIT_MS:
                failures.append(f"{run}: {name} p99 {values[name]['p99_ms']} ms >= 3 s")
    for context, runs in figures["conversations"].items():
        for name in ("thread_200", "channel_1000"):
            got = runs[name]
            if got["share_linked"] != 1.0 or got["share_quoting_linked"] != 1.0:
                failures.append(f"{context} {name}: not every claim links to the message it quotes")
    if failures:
        raise SystemExit("; ".join(failures))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--conversations-in":
        tokens, out, claims, model = sys.argv[2:]
        given = argparse.Namespace(claims=int(claims), model=model)
        Path(out).write_text(json.dumps(asyncio.run(conversations(given, int(tokens)))))
    elif len(sys.argv) == 7 and sys.argv[1] == "--serve":
        port, concurrency, data_dir, slack_api, upstream_url = sys.argv[2:]
        serve(int(port), int(concurrency), data_dir, slack_api, upstream_url)
    else:
        asyncio.run(main())
