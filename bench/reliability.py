"""The reliability suite: what a hostile upstream, a hostile caller and overload do to the service.

Replays the probes of issue 12 and prints one table (probe, expected, observed); exits 1 on any
miss. Fast probes (in-process, seconds) also run in `make test` (tests/test_reliability.py):

  - upstream: a fake OpenAI-compatible endpoint that answers well, hangs, drips bytes, resets,
    500s, 429s with Retry-After, sends garbage, malformed shapes or a huge answer;
  - metrics: /metrics size after requests with made-up methods;
  - chat: Slack and Discord requests with bad, huge or missing signature headers, deep JSON;
  - ssrf: the IPv6 forms that reach loopback, private and metadata IPv4 addresses.

Slow probes (`--slow`, what `make reliability` runs) use real processes on 127.0.0.1:

  - kill: `sourced serve` killed with SIGKILL while summaries are being written, restarted;
    every acknowledged summary must still be there;
  - overload: wrk at 1/8/32/128 clients against a small queue: only 200s and fast 503s that
    carry Retry-After, no socket errors, and throughput that does not collapse.

    .venv/bin/python bench/reliability.py [--slow] [--kill-cycles 5] [--duration 5]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from bench.load import THREADS, fake_upstream, unique_bodies  # noqa: E402
from service.api import create_app  # noqa: E402
from service.chat.links import why_refused  # noqa: E402
from service.config import Settings  # noqa: E402
from service.testing.chat_platform import discord_headers, slack_headers  # noqa: E402
from service.testing.drafts import GOOD_DRAFT  # noqa: E402
from service.testing.openai_server import FakeOpenAI, Reply, draft_reply, error_reply, raw_reply  # noqa: E402
from service.testing.servers import free_port, wait_until_ready  # noqa: E402

SAMPLE = (ROOT / "examples" / "port-strike.txt").read_text(encoding="utf-8")


@dataclass
class Result:
    probe: str
    expected: str
    observed: str
    ok: bool


Probe = Callable[[], list[Result]]


def check(probe: str, expected: str, observed: str, ok: bool) -> Result:
    return Result(probe, expected, observed, ok)


# --- upstream -------------------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
MALFORMED_COMPLETIONS = {
    "null": b"null",
    "list": b"[1, 2]",
    "choices null": b'{"choices": null}',
    "message null": b'{"choices": [{"message": null}]}',
    "string tokens": b'{"choices": [{"message": {"content": "{}"}}], '
    b'"usage": {"prompt_tokens": "12"}}',
    "deep JSON": DEEP,
    "not UTF-8": b'{"choices": "\xff"}',
}


def upstream_modes() -> dict[str, tuple[list[Reply], int, dict[str, Any]]]:
    """Mode -> (replies in order, expected status, settings)."""
    good = draft_reply(GOOD_DRAFT)
    quick = {"request_timeout_s": 0.5, "max_attempts": 2, "max_total_s": 3.0}
    modes: dict[str, tuple[list[Reply], int, dict[str, Any]]] = {
        "good": ([good], 200, {}),
        "hang": ([draft_reply(GOOD_DRAFT, delay=5)] * 2, 504, quick),
        "drip": ([draft_reply(GOOD_DRAFT, drip_s=0.05)] * 2, 504, quick),
        "reset": ([Reply(reset=True)] * 2, 502, quick),
        "500": ([error_reply(500)] * 2, 502, quick),
        "429 + Retry-After": ([error_reply(429, headers={"retry-after": "1"}), good], 200, {}),
        "garbage": ([raw_reply(b"\x00\x01 garbage <html>", content_type="text/html")], 502, {}),
        "huge": (
            [raw_reply(b'{"choices": [{"message": {"content": "' + b"x" * 3_000_000 + b'"}}]}')],
            502,
            {"max_response_bytes": 1_000_000},
        ),
    }
    for name, body in MALFORMED_COMPLETIONS.items():
        modes[f"malformed: {name}"] = ([raw_reply(body)], 502, {})
    return modes


def probe_upstream() -> list[Result]:
    results = []
    for mode, (replies, status, overrides) in upstream_modes().items():
        fake = FakeOpenAI().start()
        try:
            fake.enqueue(*replies)
            fake.default = replies[-1]
            settings = Settings.model_validate(
                {
                    "base_url": fake.base_url,
                    "model": "fake-model",
                    "data_dir": tempfile.mkdtemp(prefix="sourced-rel-"),
                    "backoff_initial_s": 0.01,
                    "backoff_max_s": 0.02,
                    **overrides,
                }
            )
            started = time.monotonic()
            with TestClient(create_app(settings), raise_server_exceptions=False) as client:
                response = client.post("/v1/summaries", json={"text": SAMPLE})
            took = time.monotonic() - started
            shutil.rmtree(settings.data_dir, ignore_errors=True)
        finally:
            fake.stop()
        problem = response.headers.get("content-type", "").startswith(
            "application/problem+json" if status != 200 else "application/json"
        )
        results.append(
            check(
                f"upstream {mode}",
                f"{status} in < 10 s",
                f"{response.status_code} in {took:.1f} s",
                response.status_code == status and problem and took < 10,
            )
        )
    return results


# --- /metrics ------------------------------------------------------------------------------


def probe_metrics() -> list[Result]:
    settings = Settings(data_dir=tempfile.mkdtemp(prefix="sourced-rel-"))
    rng = random.Random(12)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        before = len(client.get("/metrics").content)
        for _ in range(1000):
            method = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 12)))
            client.request(method, rng.choice(["/v1/summaries", f"/x/{rng.random()}", "/"]))
        after = len(client.get("/metrics").content)
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    return [
        check(
            "/metrics after 1,000 made-up methods",
            "grows < 20 KB",
            f"{before:,} -> {after:,} bytes",
            after - before < 20_000,
        )
    ]


# --- chat ----------------------------------------------------------------------------------

SLACK_SECRET = "reliability-signing-secret"


def probe_chat() -> list[Result]:
    from nacl.signing import SigningKey

    key = SigningKey(b"\x05" * 32)
    settings = Settings(
        data_dir=tempfile.mkdtemp(prefix="sourced-rel-"),
        slack_signing_secret=SLACK_SECRET,  # type: ignore[arg-type]
        discord_public_key=key.verify_key.encode().hex(),
        slack_api_base_url="http://127.0.0.1:9/api",
        discord_api_base_url="http://127.0.0.1:9/api",
    )
    now = int(time.time())
    form = b"command=%2Fsummarize&text=hello"
    ping = b'{"type": 1}'

    def slack(timestamp: str, signature: str | None = None) -> dict[str, str]:
        headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature or ""}
        if signature is None and timestamp.isdigit() and len(timestamp) < 4000:
            headers = slack_headers(SLACK_SECRET, int(timestamp), form)
        return headers

    def discord(timestamp: str, body: bytes) -> dict[str, str]:
        signature = key.sign(timestamp.encode() + body).signature.hex()
        return {"X-Signature-Timestamp": timestamp, "X-Signature-Ed25519": signature}

    cases: list[tuple[str, str, bytes, dict[str, str], int]] = [
        ("slack: no headers", "/v1/chat/slack/commands", form, {}, 401),
        ("slack: 400-digit timestamp", "/v1/chat/slack/commands", form, slack("1" * 400), 401),
        ("slack: 5,000-digit timestamp", "/v1/chat/slack/commands", form, slack("1" * 5000), 401),
        ("slack: stale", "/v1/chat/slack/commands", form, slack(str(now - 3600)), 401),
        ("slack: bad signature", "/v1/chat/slack/commands", form, slack(str(now), "v0=00"), 401),
        (
            "slack: signed deep JSON",
            "/v1/chat/slack/events",
            DEEP,
            slack_headers(SLACK_SECRET, now, DEEP),
            400,
        ),
        ("discord: no headers", "/v1/chat/discord/interactions", ping, {}, 401),
        (
            "discord: signed 5,000-digit timestamp",
            "/v1/chat/discord/interactions",
            ping,
            discord("1" * 5000, ping),
            401,
        ),
        (
            "discord: signature not hex",
            "/v1/chat/discord/interactions",
            ping,
            {"X-Signature-Timestamp": str(now), "X-Signature-Ed25519": "zz" * 64},
            401,
        ),
        (
            "discord: signed deep JSON",
            "/v1/chat/discord/interactions",
            DEEP,
            discord_headers(key, now, DEEP),
            400,
        ),
    ]
    results = []
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for name, path, body, headers, status in cases:
            response = client.post(path, content=body, headers=headers)
            results.append(
                check(name, str(status), str(response.status_code), response.status_code == status)
            )
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    return results


# --- SSRF ------------------------------------------------------------------------------------

SSRF_FORMS = {
    "6to4 of 127.0.0.1": "2002:7f00:1::",
    "6to4 of the metadata address": "2002:a9fe:a9fe::",
    "6to4 of 10.0.0.1": "2002:a00:1::",
    "NAT64 of 127.0.0.1": "64:ff9b::7f00:1",
    "local NAT64 of 192.168.1.1": "64:ff9b:1::c0a8:101",
    "IPv4-mapped loopback": "::ffff:127.0.0.1",
    "IPv4-mapped metadata": "::ffff:169.254.169.254",
    "IPv4-compatible loopback": "::127.0.0.1",
    "Teredo": "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "metadata": "169.254.169.254",
    "AWS metadata over IPv6": "fd00:ec2::254",
    "loopback": "127.0.0.1",
    "IPv6 loopback": "::1",
    "unique local": "fd12:3456::1",
}


def probe_ssrf() -> list[Result]:
    results = []
    for name, address in SSRF_FORMS.items():
        reason = why_refused(ipaddress.ip_address(address), [])
        results.append(
            check(f"ssrf {name} [{address}]", "refused", reason or "allowed", bool(reason))
        )
    public = why_refused(ipaddress.ip_address("2002:808:808::"), [])
    results.append(check("ssrf 6to4 of 8.8.8.8", "allowed", public or "allowed", public is None))
    return results


FAST: dict[str, Probe] = {
    "upstream": probe_upstream,
    "metrics": probe_metrics,
    "chat": probe_chat,
    "ssrf": probe_ssrf,
}


# --- slow: real processes ---------------------------------------------------------------------


def start_service(
    base_url: str, data_dir: str, port: int, workers: int = 1, **env: str
) -> subprocess.Popen[bytes]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SOURCED_", "OPENAI_"))},
        "SOURCED_BASE_URL": base_url,
        "SOURCED_MODEL": "fake-model",
        "SOURCED_DATA_DIR": data_dir,
        "SOURCED_RATE_LIMIT": "",
        **env,
    }
    serve = ["serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", *serve],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", process)
    except RuntimeError as exc:
        process.terminate()  # not left serving (and restarting its workers) after the suite
        process.wait(30)
        raise SystemExit(str(exc)) from None
    return process


def probe_kill(cycles: int) -> list[Result]:
    acknowledged: list[str] = []
    data_dir = tempfile.mkdtemp(prefix="sourced-rel-kill-")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(7)
    with fake_upstream(GOOD_DRAFT) as base_url:
        for cycle in range(cycles):
            service = start_service(base_url, data_dir, port)
            stop = threading.Event()

            def writer(worker: int, cycle: int = cycle, stop: threading.Event = stop) -> None:
                n = 0
                with httpx.Client(timeout=10) as client:
                    while not stop.is_set():
                        n += 1
                        text = f"{SAMPLE}\nCycle {cycle}, writer {worker}, summary {n}.\n"
                        try:
                            response = client.post(f"{url}/v1/summaries", json={"text": text})
                        except httpx.HTTPError:
                            continue
                        if response.status_code == 200:
                            acknowledged.append(response.json()["id"])

            writers = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
            for thread in writers:
                thread.start()
            time.sleep(rng.uniform(1.0, 2.5))
            service.send_signal(signal.SIGKILL)
            service.wait(10)
            stop.set()
            for thread in writers:
                thread.join(15)
        service = start_service(base_url, data_dir, port)
        try:
            with httpx.Client(timeout=10) as client:
                lost = [
                    i
                    for i in acknowledged
                    if client.get(f"{url}/v1/summaries/{i}").status_code != 200
                ]
        finally:
            service.terminate()
            service.wait(10)
    shutil.rmtree(data_dir, ignore_errors=True)
    return [
        check(
            f"kill -9 x{cycles} during writes",
            "0 acknowledged lost",
            f"{len(acknowledged):,} acknowledged, {len(lost)} lost",
            bool(acknowledged) and not lost,
        )
    ]


OVERLOAD_LUA = """
function init(args)
  ok = 0
  busy = 0
  busy_without_retry_after = 0
  other = 0
end
function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    busy = busy + 1
    if headers["retry-after"] == nil then
      busy_without_retry_after = busy_without_retry_after + 1
    end
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  local t = {ok = 0, busy = 0, busy_without_retry_after = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("COUNTS ok=%d busy=%d noretry=%d other=%d p99=%d errors=%d\\\\n",
    t.ok, t.busy, t.busy_without_retry_after, t.other, latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def probe_overload(duration: int) -> list[Result]:
    if shutil.which("wrk") is None:
        return [check("overload", "wrk installed", "wrk missing (apt-get install wrk)", False)]
    body = json.dumps({"text": SAMPLE})
    data_dir = tempfile.mkdtemp(prefix="sourced-rel-load-")
    port = free_port()
    results = []
    throughput: dict[int, float] = {}
    # A model that takes 50 ms, 4 at a time, 8 more waiting in each of two worker processes
    # (`--workers 2`: how a 2-core machine is served): 128 clients overload it 5 times.
    with fake_upstream(GOOD_DRAFT, delay=0.05) as base_url:
        service = start_service(
            base_url,
            data_dir,
            port,
            workers=2,
            SOURCED_MODEL_CONCURRENCY="4",
            SOURCED_QUEUE_SIZE="8",
        )
        try:
            for clients in (1, 8, 32, 128):
                script = THREADS + OVERLOAD_LUA + unique_bodies(body, f"{clients}c{time.time_ns()}")
                with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
                    handle.write(script)
                command = [
                    "wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{duration}s",
                    "--timeout", "10s", "-s", handle.name, f"http://127.0.0.1:{port}/v1/summaries",
                ]  # fmt: skip
                output = subprocess.run(command, capture_output=True, text=True).stdout
                os.unlink(handle.name)
                found = re.search(
                    r"COUNTS ok=(\d+) busy=(\d+) noretry=(\d+) other=(\d+) p99=(\d+) errors=(\d+)",
                    output,
                )
                if found is None:
                    results.append(check(f"overload {clients}", "wrk ran", output[-200:], False))
                    continue
                ok, busy, noretry, other, p99_us, errors = map(int, found.groups())
                throughput[clients] = ok / duration
                results.append(
                    check(
                        f"overload {clients} clients",
                        "200/503 only, Retry-After, no errors",
                        f"{ok / duration:.0f} ok/s, {busy} x 503, {other} other, "
                        f"{noretry} without Retry-After, {errors} socket errors, "
                        f"p99 {p99_us / 1000:.0f} ms",
                        ok > 0 and other == 0 and noretry == 0 and errors == 0,
                    )
                )
        finally:
            service.terminate()
            service.wait(10)
    shutil.rmtree(data_dir, ignore_errors=True)
    if 8 in throughput and 128 in throughput:
        kept = throughput[128] / max(throughput[8], 1e-9)
        results.append(
            check(
                "overload: throughput at 128 vs 8 clients",
                ">= 60% kept",
                f"{kept:.0%} ({throughput[128]:.0f} vs {throughput[8]:.0f} ok/s)",
                kept >= 0.6,
            )
        )
    return results


def print_table(results: list[Result]) -> None:
    width = max(len(r.probe) for r in results)
    exp = max(len(r.expected) for r in results)
    print(f"{'probe':<{width}}  {'expected':<{exp}}  observed")
    for r in results:
        mark = "" if r.ok else "   <-- MISS"
        print(f"{r.probe:<{width}}  {r.expected:<{exp}}  {r.observed}{mark}")
    misses = sum(not r.ok for r in results)
    print(f"\n{len(results)} probes, {misses} missed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", action="store_true", help="also kill -9 cycles and wrk overload")
    parser.add_argument("--kill-cycles", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per overload level")
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args()
    results: list[Result] = []
    for probe in FAST.values():
        results += probe()
    if args.slow:
        results += probe_kill(args.kill_cycles)
        results += probe_overload(args.duration)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2) + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
