"""HTTP API throughput and latency against a zero-latency fake model endpoint, with wrk.

Three processes on 127.0.0.1: the fake OpenAI-compatible upstream
(service/testing/openai_server.py, which answers at once with a valid draft), the real service
(`sourced serve [--workers N]`, uvicorn, SQLite store) and wrk (Debian's package) as the load
generator. Reports for POST /v1/summaries with a 600-word document, at each concurrency:

  - requests/s and p50/p99 latency with a different document every request (cache misses):
    the sample repeated to 600 words with a sentence of its own appended, so the summary cache
    misses but every other sentence is one the server's per-sentence memos have seen before;
  - the same for a direct `openai` client call to the same fake upstream (what the service adds);
  - with `--data`, cold misses: the shared news articles joined into 600-word documents that
    share no sentence, each sent exactly once to a server started afresh for each client count
    (empty store, every in-process cache empty), beside the direct call with those documents'
    own prompts. Every answer must be a fresh miss of its own document (status, X-Cache, shape,
    document hash, a new id) and the server must say so (store rows, cache and model counters),
    or the run fails;
  - the fake upstream alone under wrk (the floor of this machine's HTTP round trip);
  - cache hits (the same document again: no model call).

    .venv/bin/python bench/api.py [--duration 10] [--concurrency 1,8,32] [--workers 1]
        [--data ../shared/data] [--json out.json]

Needs wrk (`apt-get install wrk`). All processes share this machine's cores, so figures are
for comparison on one machine, not absolute capacity.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import THREADS, fake_upstream, lua_string, unique_bodies  # noqa: E402
from bench.pipeline import corpus  # noqa: E402
from service.document import load_document, split_sentences  # noqa: E402
from service.testing.drafts import GOOD_DRAFT  # noqa: E402
from service.testing.servers import free_port, wait_until_ready  # noqa: E402

SAMPLE = ROOT / "examples" / "port-strike.txt"
# A draft of the sample that verifies: the service does its full work (spans, checks) per request.
DRAFT = GOOD_DRAFT

# Every response wrk times is checked here: its status, its X-Cache and that it is a Summary
# (or, for the fake upstream, a chat completion). `done` prints the counts; a bad one fails the run.
CHECKS = """
function init(args)
  good = 0
  bad = 0
end
function response(status, headers, body)
  local ok = status == 200
  for _, needle in ipairs(EXPECT) do
    ok = ok and string.find(body, needle, 1, true) ~= nil
  end
  if CACHE ~= nil then
    ok = ok and headers["x-cache"] == CACHE
  end
  if ok then
    good = good + 1
  else
    bad = bad + 1
    example = status .. " x-cache=" .. tostring(headers["x-cache"]) .. " "
      .. string.sub(body, 1, 200)
  end
end
function done(summary, latency, requests)
  local g, b = 0, 0
  for _, t in ipairs(threads) do
    g = g + t:get("good")
    b = b + t:get("bad")
    if t:get("example") ~= nil then
      io.write("BAD EXAMPLE: " .. t:get("example") .. "\\n")
    end
  end
  io.write(string.format("CHECKED good=%d bad=%d\\n", g, b))
end
"""

FIXED_BODY = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = BODY
"""

SUMMARY_SHAPE = ['"claims":', '"provenance":', '"document":']
COMPLETION_SHAPE = ['"choices":', '"message":']


def checks(expect: list[str], cache: str | None) -> str:
    needles = ", ".join(lua_string(n) for n in expect)
    cached = lua_string(cache) if cache else "nil"
    return f"EXPECT = {{{needles}}}\nCACHE = {cached}\n{THREADS}{CHECKS}"


def document(words: int = 600) -> str:
    """The sample repeated to `words` words; its sentence numbers (cited by DRAFT) stay put."""
    sample = SAMPLE.read_text(encoding="utf-8").strip()
    text = sample
    while len(text.split()) < words:
        text += "\n\n" + sample
    return text


def cold_documents(data: Path, words: int = 600) -> list[str]:
    """The shared news articles joined, in order, into documents of at least `words` words,
    none sharing a sentence with another: an article with a sentence (or a line) an earlier
    one had (a wire byline, "Scroll down for video") is left out, so no per-sentence memo of
    the server can have seen any part of a document before."""
    documents, parts, count, seen = [], [], 0, set()
    for article in corpus(data):
        pieces = {" ".join(s.text.split()) for s in split_sentences(article)}
        pieces |= {" ".join(line.split()) for line in article.splitlines() if line.strip()}
        if pieces & seen:
            continue
        seen |= pieces
        parts.append(article)
        count += len(article.split())
        if count >= words:
            documents.append("\n\n".join(parts))
            parts, count = [], 0
    return documents


@dataclass
class Answer:
    text: str
    seconds: float
    status: int
    headers: dict[str, str]
    body: bytes


async def post_each_once(
    port: int, texts: list[str], concurrency: int
) -> tuple[list[Answer], float]:
    """POST /v1/summaries with each of `texts` exactly once, over `concurrency` kept-alive
    connections (each takes the next text not yet sent); the answers and the seconds taken.

    A plain HTTP/1.1 client on asyncio's streams: wrk runs for a duration, so it re-sent
    documents once it had sent them all; this sends a fixed list and stops."""
    requests = [
        (
            f"POST /v1/summaries HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body
        for body in (json.dumps({"text": t}).encode() for t in texts)
    ]
    pending = iter(range(len(texts)))  # shared by the connections: each index is taken once
    answers: list[Answer] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in pending:
                started = time.perf_counter()
                writer.write(requests[i])
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                seconds = time.perf_counter() - started
                status = int(lines[0].split()[1])
                answers.append(Answer(texts[i], seconds, status, headers, body))
        finally:
            writer.close()
            await writer.wait_closed()

    began = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return answers, time.perf_counter() - began


def check_cold(answers: list[Answer], texts: list[str]) -> None:
    """Every document answered once, each with a fresh Summary of its own text; SystemExit
    (the measurement is void) otherwise."""
    wrong = []
    if sorted(a.text for a in answers) != sorted(texts):
        wrong.append(f"{len(answers)} answers for {len(texts)} documents, not one each")
    ids = set()
    for answer in answers:
        try:
            summary = json.loads(answer.body)
            sha256 = summary["document"]["sha256"]
            fresh = (
                isinstance(summary["claims"], list)
                and summary["provenance"]["model"] == "fake-model"
                and sha256 == load_document(answer.text, max_chars=10**7).sha256
            )
            ids.add(summary["id"])
        except (ValueError, KeyError, TypeError):
            fresh = False
        if answer.status != 200 or answer.headers.get("x-cache") != "miss" or not fresh:
            wrong.append(
                f"{answer.status} x-cache={answer.headers.get('x-cache')}: {answer.body[:200]!r}"
            )
    if len(ids) != len(answers):
        wrong.append(f"{len(answers)} answers carry {len(ids)} summary ids")
    if wrong:
        raise SystemExit(
            f"the cold measurement is void: {len(wrong)} wrong answers (a cold request must be "
            "a fresh miss of a document never sent before), e.g.\n" + "\n".join(wrong[:5])
        )


def metric(text: str, name: str) -> float:
    """The value of one Prometheus sample (`name` with its labels) in `text`; 0 if absent."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def check_misses_recorded(url: str, data_dir: str, misses: int, workers: int) -> dict[str, Any]:
    """What the server says it did: `misses` summaries made and stored, none found in the
    cache. The store (shared by workers) always; the counters when one process kept them all
    (with several workers, /metrics is one worker's). SystemExit when they disagree."""
    with sqlite3.connect(f"file:{data_dir}/sourced.db?mode=ro", uri=True) as db:
        stored, keys = db.execute(
            "SELECT count(*), count(DISTINCT cache_key) FROM summaries"
        ).fetchone()
    seen = {"stored": stored, "stored_cache_keys": keys}
    problems = (
        []
        if stored == keys == misses
        else [f"the store holds {stored} summaries under {keys} keys, not {misses}"]
    )
    if workers == 1:
        text = httpx.get(f"{url}/metrics", timeout=30).text
        seen |= {
            "cache_misses": metric(text, 'sourced_cache_lookups_total{result="miss"}'),
            "cache_hits": metric(text, 'sourced_cache_lookups_total{result="hit"}'),
            "made": metric(text, 'sourced_summaries_total{outcome="made"}'),
            "cached": metric(text, 'sourced_summaries_total{outcome="cached"}'),
            "model_calls": metric(text, "sourced_model_attempts_total"),
        }
        if (seen["cache_misses"], seen["made"]) != (misses, misses):
            problems.append(
                f"{seen['cache_misses']:g} misses and {seen['made']:g} summaries made, not {misses}"
            )
        if seen["cache_hits"] or seen["cached"]:
            problems.append(
                f"{seen['cache_hits']:g} cache hits, {seen['cached']:g} summaries from the cache"
            )
        if seen["model_calls"] < misses:
            problems.append(f"{seen['model_calls']:g} model calls for {misses} misses")
    if problems:
        raise SystemExit("the cold measurement is void: " + "; ".join(problems))
    return seen


def parse_wrk(output: str) -> dict[str, Any]:
    def seconds(value: str, unit: str) -> float:
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    percentiles = {
        p: seconds(v, u)
        for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:(.*)", output)
    checked = re.search(r"CHECKED good=(\d+) bad=(\d+)", output)
    if not (rps and total and percentiles and checked):
        raise SystemExit(f"could not read wrk's output:\n{output}")
    good, bad = int(checked.group(1)), int(checked.group(2))
    if bad or not good or errors:
        raise SystemExit(
            f"the measurement is void: {bad} of {good + bad} responses were wrong "
            f"(status, X-Cache or shape); socket errors: {errors.group(1) if errors else 'none'}"
            f"\n{output}"
        )
    return {
        "rps": float(rps.group(1)),
        "requests": int(total.group(1)),
        "p50_ms": percentiles["50"] * 1000,
        "p90_ms": percentiles["90"] * 1000,
        "p99_ms": percentiles["99"] * 1000,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "checked": good,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def run_wrk(url: str, script: str, concurrency: int, duration: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        threads = min(concurrency, 2)
        command = [
            "wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s",
            "--timeout", "30s", "--latency", "-s", path, url,
        ]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    return parse_wrk(output)


async def direct_openai(
    base_url: str, texts: list[str], concurrency: int, duration: float
) -> dict[str, Any]:
    """The same chat completion the service makes, by the openai client with no service: each
    call with the prompt of the next of `texts` (read beforehand, untimed)."""
    import openai

    from service.config import Settings
    from service.draft import draft_json_schema
    from service.prompts import load_prompt
    from service.reading import read
    from service.schemas import SummaryOptions
    from service.summarize import draft_messages

    settings = Settings()
    prompt = load_prompt("summarize")

    def call(text: str) -> dict[str, Any]:
        reading = read(text)
        statements = tuple(s.number for s in reading.statements)
        return {
            "model": "fake-model",
            "messages": draft_messages(reading, SummaryOptions(max_claims=8), prompt),
            "max_tokens": settings.max_output_tokens,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "summary_draft",
                    "schema": draft_json_schema(8, statements),
                    "strict": True,
                },
            },
        }

    calls = [call(t) for t in texts]
    client = openai.AsyncOpenAI(base_url=base_url, api_key="bench", max_retries=0)
    await client.chat.completions.create(**calls[0])  # warm up: connection, SDK imports
    latencies: list[float] = []
    stop = time.perf_counter() + duration

    async def worker() -> None:
        while time.perf_counter() < stop:
            kwargs = calls[len(latencies) % len(calls)]
            started = time.perf_counter()
            answer = await client.chat.completions.create(**kwargs)
            latencies.append(time.perf_counter() - started)
            if not (answer.choices and answer.choices[0].message.content):
                raise SystemExit("the direct openai call got no draft: the measurement is void")

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    await client.close()
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "requests": len(ordered),
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    port: int


def start_service(base_url: str, data_dir: str, levels: list[int], workers: int) -> Service:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SOURCED_", "OPENAI_"))},
        "SOURCED_BASE_URL": base_url,
        "SOURCED_MODEL": "fake-model",
        "SOURCED_API_KEY": "bench",
        "SOURCED_DATA_DIR": data_dir,
        "SOURCED_RATE_LIMIT": "",
        # Room for every client: this measures the service, not its queue's refusals.
        "SOURCED_MODEL_CONCURRENCY": str(max(levels)),
        "SOURCED_QUEUE_SIZE": str(max(levels)),
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # uvicorn's access log: one line per request
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", process, timeout_s=120)
    except RuntimeError as exc:
        stop_service(Service(process, port))
        raise SystemExit(str(exc)) from None
    return Service(process, port)


def stop_service(service: Service) -> None:
    service.process.terminate()
    service.process.wait(30)


def measure(
    results: dict[str, Any],
    url: str,
    base_url: str,
    text: str,
    levels: list[int],
    args: argparse.Namespace,
) -> None:
    body = json.dumps({"text": text})
    check = httpx.post(f"{url}/v1/summaries", json={"text": text}, timeout=30)
    check.raise_for_status()
    if check.headers["x-cache"] != "miss" or not check.json()["claims"]:
        raise SystemExit(f"the first summary is no fresh Summary with claims: {check.text[:300]}")
    upstream_body = json.dumps(
        {"model": "fake-model", "messages": [{"role": "user", "content": text}]}
    )
    for c in levels:
        # RUN: a document never sent before, in this run or an earlier level's.
        misses = checks(SUMMARY_SHAPE, "miss") + unique_bodies(body, f"{c}c{time.time_ns()}")
        results["miss"][c] = run_wrk(f"{url}/v1/summaries", misses, c, args.duration)
        results["direct_openai"][c] = asyncio.run(direct_openai(base_url, [text], c, args.duration))
        fixed = f"BODY = {lua_string(upstream_body)}\n" + checks(COMPLETION_SHAPE, None)
        results["upstream_wrk"][c] = run_wrk(
            f"{base_url}/chat/completions", fixed + FIXED_BODY, c, args.duration
        )
        # The hit body goes to the summaries route (it once went to "/": 100% 404s).
        hit = f"BODY = {lua_string(body)}\n" + checks(SUMMARY_SHAPE, "hit") + FIXED_BODY
        results["hit"][c] = run_wrk(f"{url}/v1/summaries", hit, c, args.duration)
        print(f"measured {c} concurrent clients", file=sys.stderr, flush=True)


def measure_cold(
    results: dict[str, Any], base_url: str, levels: list[int], args: argparse.Namespace
) -> None:
    """Misses of documents no server process has read: for each client count a server started
    afresh (empty store, every in-process cache empty) is sent each document exactly once."""
    texts = cold_documents(args.data)
    results["cold_documents"] = len(texts)
    for c in levels:
        data_dir = tempfile.mkdtemp(prefix="sourced-bench-cold-")
        service = start_service(base_url, data_dir, levels, args.workers)
        url = f"http://127.0.0.1:{service.port}"
        try:
            # Warm-up with the sample (imports, connections): none of the news articles.
            check = httpx.post(f"{url}/v1/summaries", json={"text": document()}, timeout=30)
            check.raise_for_status()
            answers, elapsed = asyncio.run(post_each_once(service.port, texts, c))
            check_cold(answers, texts)
            recorded = check_misses_recorded(url, data_dir, len(texts) + 1, args.workers)
        finally:
            stop_service(service)
            shutil.rmtree(data_dir, ignore_errors=True)
        latencies = sorted(a.seconds for a in answers)
        results["miss_cold"][c] = {
            "rps": len(answers) / elapsed,
            "requests": len(answers),
            "p50_ms": statistics.median(latencies) * 1000,
            "p90_ms": latencies[int(len(latencies) * 0.9)] * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "checked": len(answers),
            "documents_sent_twice": 0,  # check_cold: each document answered once
            "server_recorded": recorded,  # the warm-up's miss included
        }
        results["direct_openai_cold"][c] = asyncio.run(
            direct_openai(base_url, texts, c, args.duration)
        )
        print(f"measured cold misses at {c} concurrent clients", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated client counts")
    parser.add_argument("--workers", type=int, default=1, help="sourced serve --workers")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--data", type=Path, help="the shared data folder (../shared/data): also cold misses"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    levels = [int(c) for c in args.concurrency.split(",")]
    text = document()
    results: dict[str, Any] = {
        "command": " ".join(["bench/api.py", *sys.argv[1:]]),
        "workers": args.workers,
        "document_words": len(text.split()),
        "document_chars": len(text),
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "miss": {},
        "direct_openai": {},
        "upstream_wrk": {},
        "hit": {},
        "miss_cold": {},
        "direct_openai_cold": {},
    }
    if args.data and not (args.data / "summarization").is_dir():
        raise SystemExit(f"{args.data} holds no summarization/ articles: check --data")
    with fake_upstream(DRAFT) as base_url:
        data_dir = tempfile.mkdtemp(prefix="sourced-bench-")
        service = start_service(base_url, data_dir, levels, args.workers)
        try:
            measure(results, f"http://127.0.0.1:{service.port}", base_url, text, levels, args)
        finally:
            stop_service(service)
            shutil.rmtree(data_dir, ignore_errors=True)
        if args.data:
            measure_cold(results, base_url, levels, args)

    print(
        f"POST /v1/summaries, {results['document_words']}-word document, "
        f"{args.duration}s per cell, {results['cpus']} CPUs shared by every process\n"
    )
    print(
        f"{'clients':>7} | {'miss req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non2xx':>6} | "
        f"{'openai req/s':>12} {'p50 ms':>8} {'p99 ms':>8} | {'ratio p50':>9} | "
        f"{'fake req/s':>10} {'p50 ms':>7} | {'hit req/s':>9} {'p50 ms':>7} {'p99 ms':>7}"
    )
    for c in levels:
        m, d, u, h = (results[k][c] for k in ("miss", "direct_openai", "upstream_wrk", "hit"))
        ratio = m["p50_ms"] / d["p50_ms"]
        results["miss"][c]["ratio_p50_to_direct_openai"] = ratio
        print(
            f"{c:>7} | {m['rps']:>10.1f} {m['p50_ms']:>8.2f} {m['p99_ms']:>8.2f} "
            f"{m['non_2xx']:>6} | {d['rps']:>12.1f} {d['p50_ms']:>8.2f} {d['p99_ms']:>8.2f} | "
            f"{ratio:>9.2f} | {u['rps']:>10.1f} {u['p50_ms']:>7.2f} | "
            f"{h['rps']:>9.1f} {h['p50_ms']:>7.2f} {h['p99_ms']:>7.2f}"
        )
    for c in results["miss_cold"]:
        m, d = results["miss_cold"][c], results["direct_openai_cold"][c]
        m["ratio_p50_to_direct_openai"] = ratio = m["p50_ms"] / d["p50_ms"]
        print(
            f"cold {c:>2} | miss {m['rps']:>6.1f} req/s p50 {m['p50_ms']:>8.2f} ms | "
            f"openai p50 {d['p50_ms']:>7.2f} ms | ratio p50 {ratio:>6.2f} | "
            f"documents sent twice {m['documents_sent_twice']}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
