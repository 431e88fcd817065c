"""Chat bots: how fast a slash command is acknowledged, and how soon its summary follows.

Starts the real API app (chat routes included) and Engine (cache, bounded queue, SQLite store)
under uvicorn in a separate process on 127.0.0.1, with the model step faked (it takes
`--engine-delays` seconds per summary), and a fake Slack API on 127.0.0.1 receiving the replies.
Fires N signed slash commands at once with a real HTTP client and reports acknowledgement
latency (Slack allows 3 s) and time to the follow-up message.

    .venv/bin/python bench/chat.py [--commands 50] [--engine-delays 0,2] [--claims 8]
                                   [--engine-concurrency 64]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.chat.fakes import FakeChatPlatform, slack_headers

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


def serve(port: int, engine_delay: float, claims: int, concurrency: int, data_dir: str) -> None:
    """The server process: the real API app and Engine (cache, queue, SQLite store), with the
    model step replaced by one that waits `engine_delay` seconds and returns a sample Summary."""
    import uvicorn

    from service.api.app import create_app
    from service.chat.fakes import sample_summary
    from service.config import Settings
    from service.engine import Engine
    from service.schemas import Summary
    from service.store import SummaryStore

    async def fake_summarize(text: str, *args: object, **kwargs: object) -> Summary:
        await asyncio.sleep(engine_delay)
        title = kwargs.get("title")
        return sample_summary(text, claims, headline=str(title or "Harbour strike ends"))

    settings = Settings(
        slack_signing_secret=SECRET,
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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=50, help="concurrent slash commands")
    parser.add_argument("--engine-delays", default="0,2", help="seconds per fake summary, a list")
    parser.add_argument("--claims", type=int, default=8, help="claims per fake summary")
    parser.add_argument(
        "--engine-concurrency", type=int, default=64, help="model slots (8 for an endpoint)"
    )
    args = parser.parse_args()

    print(f"{args.commands} concurrent signed /summarize commands, real uvicorn on 127.0.0.1,")
    print(f"real Engine with {args.engine_concurrency} model slots, the model step faked")
    print(f"({args.claims} claims), fake Slack API on 127.0.0.1 receiving the follow-ups")
    for delay in (float(d) for d in args.engine_delays.split(",")):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        data_dir = tempfile.mkdtemp(prefix="sourced-bench-chat-")
        command = [sys.executable, __file__, "--serve", str(port), str(delay), str(args.claims)]
        server = subprocess.Popen([*command, str(args.engine_concurrency), data_dir])
        try:
            with FakeChatPlatform() as platform:
                await wait_until_up(base_url, server)
                await run_batch(base_url, platform, 5, "warmup")
                ack_ms, follow_ms = await run_batch(base_url, platform, args.commands, "run")
        finally:
            server.terminate()
            server.wait(10)
            shutil.rmtree(data_dir, ignore_errors=True)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\nengine delay {delay:g} s per summary (machine load average {load})")
        print(describe("acknowledgement", ack_ms))
        print(describe("follow-up message posted", follow_ms))


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--serve":
        port, delay, claims, concurrency, data_dir = sys.argv[2:]
        serve(int(port), float(delay), int(claims), int(concurrency), data_dir)
    else:
        asyncio.run(main())
