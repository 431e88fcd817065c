"""Jobs: throughput on Celery workers, kill -9 of workers and of the API, long documents, bad input.

Real parts on 127.0.0.1: redis-server and PostgreSQL (service/testing/servers.py starts them
from the Debian packages), `sourced serve` and `sourced worker` as subprocesses, and a
zero-latency fake OpenAI-compatible upstream (service/testing/openai_server.py) that drafts from
whatever statements it is sent. Documents are the shared news articles (distinct texts: no cache
hits).

  scale      200 one-document jobs with 1, 2 and 4 worker processes: documents/s, the ratio to
             1 worker, p50/p99 queue wait (queued -> a worker started it)
  kill       one 200-document job; `kill -9` of the whole worker (process group) 5 times, and
             separately of the API (in-process execution, SQLite) 5 times: documents lost,
             documents with more than one result, whether the job completes
  long       50,000- and 100,000-word documents (articles joined) as jobs: time, sections,
             every evidence span exact, the 100k/50k time ratio
  bad        a job with an empty and a binary document among good ones; an unknown job id;
             a webhook URL to a private address

    .venv/bin/python bench/jobs.py --data ../shared/data [--only scale,kill,long,bad]
        [--json bench/results/jobs.json]

Every response is checked (status, shape); any failure ends the run with a message. All
processes share this machine's cores.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.testing.servers import (  # noqa: E402
    PostgresServer,
    RedisServer,
    free_port,
    wait_until_ready,
)

PRIVATE_WEBHOOKS = ("http://10.0.0.8/hook", "http://169.254.169.254/latest", "http://[::1]:80/")
ARTICLES = "summarization/frank_news_docs_with_reference.jsonl"
FAKE_UPSTREAM = """
from service.testing.openai_server import FakeOpenAI, citing_draft
import threading
fake = FakeOpenAI()
fake.responder = citing_draft
fake.requests = type("Discard", (list,), {"append": lambda self, item: None})()  # keep no bodies
fake._server.RequestHandlerClass.disable_nagle_algorithm = True
fake.start()
print(fake.base_url, flush=True)
threading.Event().wait()
"""


def fail(message: str) -> None:
    raise SystemExit(f"bench/jobs.py: {message}")


def articles(data: Path) -> list[str]:
    path = data / ARTICLES
    if not path.is_file():
        fail(f"{path} not found: pass --data (the shared data folder)")
    texts = [json.loads(line)["document"] for line in path.read_text().splitlines() if line]
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def words(texts: list[str], count: int) -> str:
    """Articles joined, paragraph after paragraph, up to `count` words."""
    out: list[str] = []
    total = 0
    for text in texts * 10:
        out.append(text)
        total += len(text.split())
        if total >= count:
            break
    return "\n\n".join(out)


class Process:
    """A subprocess in its own process group, so a kill -9 takes its children too."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.popen = subprocess.Popen(
            args, env=env, stdout=self.log, stderr=self.log, start_new_session=True, cwd=ROOT
        )

    def kill9(self) -> None:
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.kill9()
        self.log.close()


class Stack:
    """Upstream, API and (optionally) workers, with their environment."""

    def __init__(self, base: dict[str, str], tmp: Path) -> None:
        self.base = base
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api: Process | None = None
        self.workers: list[Process] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SOURCED_", "OPENAI_"))}
        env.update(self.base)
        env["PYTHONPATH"] = str(ROOT)
        env["PYTHONUNBUFFERED"] = "1"  # logs survive a kill -9
        return env

    def start_api(self) -> None:
        args = [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)]
        self.api = Process(args, self.env(), self.tmp / "api.log")
        try:  # a loaded machine starts Python slowly
            wait_until_ready(self.url, self.api.popen, timeout_s=180)
        except RuntimeError as exc:
            fail(f"{exc}; see {self.tmp / 'api.log'}")

    def start_worker(self, concurrency: int) -> Process:
        args = [sys.executable, "-m", "service.cli", "worker", f"--concurrency={concurrency}"]
        worker = Process(args, self.env(), self.tmp / "worker.log")
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self.api:
            self.api.stop()


def post_job(stack: Stack, documents: list[dict[str, Any]], **extra: Any) -> str:
    response = httpx.post(
        f"{stack.url}/v1/jobs", json={"documents": documents, **extra}, timeout=60
    )
    if response.status_code != 202 or "location" not in response.headers:
        fail(f"POST /v1/jobs answered {response.status_code}: {response.text[:300]}")
    return str(response.headers["location"])


def get_job(stack: Stack, location: str) -> dict[str, Any]:
    response = httpx.get(stack.url + location, timeout=30)
    if response.status_code != 200:
        fail(f"GET {location} answered {response.status_code}: {response.text[:300]}")
    job: dict[str, Any] = response.json()
    if "documents" not in job or "progress" not in job:
        fail(f"GET {location}: not a job: {response.text[:300]}")
    return job


def wait_done(stack: Stack, locations: list[str], timeout: float) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    pending = list(locations)
    done: dict[str, dict[str, Any]] = {}
    while pending:
        for location in list(pending):
            try:
                job = get_job(stack, location)
            except (httpx.HTTPError, SystemExit):
                break  # the API is restarting
            if job["state"] in ("done", "cancelled"):
                done[location] = job
                pending.remove(location)
        if pending and time.monotonic() > deadline:
            fail(f"{len(pending)} jobs not finished within {timeout:.0f}s")
        time.sleep(0.2)
    return [done[location] for location in locations]


def moment(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# The scenarios.


def bench_scale(
    texts: list[str],
    redis: RedisServer,
    pg: PostgresServer,
    tmp: Path,
    n: int,
    pools: list[int],
) -> dict:
    results: dict[str, Any] = {}
    for workers in pools:
        redis.flush()
        with pg.database() as url, stack_for(tmp, broker=redis.url(), database=url) as stack:
            stack.start_worker(workers)
            warm = post_job(stack, [{"text": texts[-1]}])  # workers import and connect
            wait_done(stack, [warm], 120)
            started = time.perf_counter()
            locations = [post_job(stack, [{"text": text}]) for text in texts[:n]]
            jobs = wait_done(stack, locations, 900)
            elapsed = time.perf_counter() - started
        documents = [job["documents"][0] for job in jobs]
        bad = [d for d in documents if d["state"] != "done"]
        if bad:
            fail(f"{len(bad)} documents not done with {workers} workers: {bad[0]['problem']}")
        waits = [moment(d["started_at"]) - moment(d["queued_at"]) for d in documents]
        results[str(workers)] = {
            "documents": len(documents),
            "seconds": round(elapsed, 2),
            "documents_per_s": round(len(documents) / elapsed, 2),
            "queue_wait_p50_s": round(percentile(waits, 0.5), 3),
            "queue_wait_p99_s": round(percentile(waits, 0.99), 3),
        }
        print(f"scale: {workers} workers: {results[str(workers)]}", flush=True)
    return results


def stored_summaries(url: str) -> dict[str, int]:
    """Summary rows in the store per document: a document run twice that wrote twice shows."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    query = "SELECT document_sha256, count(*) FROM summaries GROUP BY document_sha256"
    with engine.connect() as conn:
        counts = {row[0]: int(row[1]) for row in conn.execute(sqlalchemy.text(query))}
    engine.dispose()
    return counts


def check_complete(job: dict[str, Any], count: int, summaries: dict[str, int]) -> dict:
    states = [d["state"] for d in job["documents"]]
    ids = [d["summary_id"] for d in job["documents"] if d["summary_id"]]
    result = {
        "job_state": job["state"],
        "documents": len(states),
        "done": states.count("done"),
        "lost": count - states.count("done"),
        "documents_with_two_results": len(ids) - len(set(ids)),
        "summary_rows": sum(summaries.values()),
        "documents_with_two_summary_rows": sum(1 for n in summaries.values() if n > 1),
        "redelivered": sum(1 for d in job["documents"] if d["attempts"] > 1),
        "max_attempts": max(d["attempts"] for d in job["documents"]),
    }
    duplicated = result["documents_with_two_results"] + result["documents_with_two_summary_rows"]
    if result["lost"] or duplicated or job["state"] != "done":
        fail(f"lost or duplicated documents: {result}")
    return result


def wait_progress(stack: Stack, location: str, done: int, timeout: float = 300) -> None:
    """Until at least `done` documents of the job are done (the API may be restarting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if get_job(stack, location)["progress"]["done"] >= done:
                return
        except (httpx.HTTPError, SystemExit):
            pass
        if time.monotonic() > deadline:
            fail(f"fewer than {done} documents done within {timeout:.0f}s")
        time.sleep(0.1)


def bench_kill(
    texts: list[str],
    redis: RedisServer,
    pg: PostgresServer,
    tmp: Path,
    n: int,
    targets: list[str],
) -> dict:
    results: dict[str, Any] = {}
    documents = [{"text": text} for text in texts[n : 2 * n]]
    step = n // 10  # a kill after every tenth of the job is done, five times
    if "worker" in targets:
        # The whole worker (main process and its pool of 2) killed 5 times while the job runs:
        # its unacknowledged tasks come back after the broker's visibility timeout.
        redis.flush()
        with pg.database() as url, stack_for(tmp, broker=redis.url(), database=url) as stack:
            worker = stack.start_worker(2)
            location = post_job(stack, documents)
            started = time.perf_counter()
            for kill in range(5):
                wait_progress(stack, location, step * (kill + 1))
                done = get_job(stack, location)["progress"]["done"]
                worker.kill9()
                print(f"kill: worker killed with {done} documents done", flush=True)
                worker = stack.start_worker(2)
            job = wait_done(stack, [location], 900)[0]
            elapsed = time.perf_counter() - started
            summaries = stored_summaries(url)
        results["worker"] = {
            "kills": 5,
            "seconds": round(elapsed, 2),
            **check_complete(job, len(documents), summaries),
        }
        print(f"kill: worker: {results['worker']}", flush=True)
    if "api" in targets:
        # The API running the job itself (the default: no broker, SQLite), killed 5 times.
        data_dir = tempfile.mkdtemp(dir=tmp)
        with stack_for(tmp, data_dir=data_dir) as stack:
            location = post_job(stack, documents)
            started = time.perf_counter()
            for kill in range(5):
                wait_progress(stack, location, step * (kill + 1))
                done = get_job(stack, location)["progress"]["done"]
                assert stack.api is not None
                stack.api.kill9()
                print(f"kill: API killed with {done} documents done", flush=True)
                stack.start_api()
            job = wait_done(stack, [location], 900)[0]
            elapsed = time.perf_counter() - started
        summaries = stored_summaries(f"sqlite:///{data_dir}/sourced.db")
        results["api"] = {
            "kills": 5,
            "seconds": round(elapsed, 2),
            **check_complete(job, len(documents), summaries),
        }
        print(f"kill: api: {results['api']}", flush=True)
    return results


def follow(stack: Stack, location: str, timeout: float) -> tuple[dict[str, Any], list[dict]]:
    """Wait for a one-document job, keeping each change of its progress (seconds, stage,
    sections done of total) as a client polling GET /v1/jobs/{id} saw it."""
    started = time.perf_counter()
    seen: list[dict[str, Any]] = []
    while True:
        job = get_job(stack, location)
        document = job["documents"][0]
        point = {
            "stage": document["stage"],
            "sections_done": document["sections_done"],
            "sections_total": document["sections_total"],
        }
        if not seen or {k: seen[-1][k] for k in point} != point:
            seen.append({"s": round(time.perf_counter() - started, 1), **point})
        if job["state"] in ("done", "cancelled"):
            return job, seen
        if time.perf_counter() - started > timeout:
            fail(f"the job did not finish within {timeout:.0f}s; last progress {seen[-1]}")
        time.sleep(0.5)


def summarize_long(stack: Stack, text: str, timeout: float) -> dict[str, Any]:
    """One long document as a job: it completes and every evidence span is exact."""
    count = len(text.split())
    started = time.perf_counter()
    location = post_job(stack, [{"text": text}])
    job, progress = follow(stack, location, timeout)
    elapsed = time.perf_counter() - started
    document = job["documents"][0]
    if document["state"] != "done":
        fail(f"the {count}-word document ended {document['state']}: {document['problem']}")
    response = httpx.get(stack.url + document["summary_url"], timeout=60)
    if response.status_code != 200:
        fail(f"GET {document['summary_url']} answered {response.status_code}")
    summary = response.json()
    spans = [e for c in summary["claims"] for e in c["evidence"]]
    spans += [e for d in summary["disputes"] for p in d["parties"] for e in p["evidence"]]
    exact = sum(1 for e in spans if text[e["start"] : e["end"]] == e["quote"])
    if not summary["claims"] or exact != len(spans):
        fail(f"{count} words: {exact} of {len(spans)} spans exact, {summary['warnings']}")
    return {
        "words": count,
        "chars": len(text),
        "seconds": round(elapsed, 2),
        "seconds_per_1000_words": round(elapsed / count * 1000, 2),
        "sections": document["sections_total"],
        "sections_done": document["sections_done"],
        "claims": len(summary["claims"]),
        "evidence_spans": len(spans),
        "spans_exact": exact,
        "lowest_span_start": min(e["start"] for e in spans),
        "highest_span_end": max(e["end"] for e in spans),
        "mode": summary["provenance"]["mode"],
        "model": summary["provenance"]["model"],
        "tokens": document["tokens"],
        "progress_seen": progress,
    }


def bench_long(texts: list[str], tmp: Path, counts: list[int]) -> dict:
    results: dict[str, Any] = {}
    with stack_for(tmp, data_dir=tempfile.mkdtemp(dir=tmp)) as stack:
        # A first small job: the API's first document pays imports and connections.
        wait_done(stack, [post_job(stack, [{"text": texts[-1]}])], 120)
        for count in counts:
            result = summarize_long(stack, words(texts, count), 1800)
            results[str(count)] = result
            print(f"long: { ({k: v for k, v in result.items() if k != 'progress_seen'}) }")
    return results


def bench_embedded(texts: list[str], tmp: Path, count: int) -> dict:
    """The embedded model (nothing configured) on one long document as a job."""
    with stack_for(tmp, data_dir=tempfile.mkdtemp(dir=tmp), embedded=True) as stack:
        result = summarize_long(stack, words(texts, count), 3600)
    print(f"embedded: { ({k: v for k, v in result.items() if k != 'progress_seen'}) }")
    return result


def bench_bad(texts: list[str], tmp: Path) -> dict:
    base = {
        "SOURCED_WEBHOOK_SECRET": "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }
    with stack_for(tmp, data_dir=tempfile.mkdtemp(dir=tmp), extra=base) as stack:
        documents = [
            {"text": texts[0]},
            {"text": ""},
            {"text": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"},
            {"text": texts[1]},
        ]
        job = wait_done(stack, [post_job(stack, documents)], 120)[0]
        states = [d["state"] for d in job["documents"]]
        problems = [d["problem"] for d in job["documents"]]
        unknown = httpx.get(f"{stack.url}/v1/jobs/0123456789abcdef", timeout=10)
        refused = {}
        for hook in PRIVATE_WEBHOOKS:
            answer = httpx.post(
                f"{stack.url}/v1/jobs",
                json={"documents": [{"text": texts[2]}], "webhook_url": hook},
                timeout=10,
            )
            refused[hook] = {"status": answer.status_code, "detail": answer.json().get("detail")}
            if answer.status_code != 422 or "problem+json" not in answer.headers["content-type"]:
                fail(f"a webhook to {hook} answered {answer.status_code}: {answer.text[:300]}")
        jobs_listed = httpx.get(f"{stack.url}/v1/jobs", timeout=10).json()
    result = {
        "states": states,
        "problems": [p and {k: p[k] for k in ("status", "title", "detail")} for p in problems],
        "unknown_job": {"status": unknown.status_code, "detail": unknown.json().get("detail")},
        "private_webhooks": refused,
        "jobs_stored": len(jobs_listed["jobs"]),
    }
    if states != ["done", "failed", "failed", "done"] or unknown.status_code != 404:
        fail(f"bad input: {result}")
    if "problem+json" not in unknown.headers["content-type"] or result["jobs_stored"] != 1:
        fail(f"bad input: {result}")
    print(f"bad: {result}", flush=True)
    return result


_UPSTREAM: str | None = None


@contextmanager
def stack_for(
    tmp: Path,
    *,
    broker: str | None = None,
    database: str | None = None,
    data_dir: str | None = None,
    extra: dict[str, str] | None = None,
    embedded: bool = False,
) -> Iterator[Stack]:
    base = {
        "SOURCED_RATE_LIMIT": "",
        "SOURCED_MAX_JOB_DOCUMENTS": "1000",
        "SOURCED_JOB_LEASE_S": "5",
        "SOURCED_JOB_VISIBILITY_TIMEOUT_S": "10",
        "SOURCED_DATA_DIR": data_dir or tempfile.mkdtemp(dir=tmp),
        **(extra or {}),
    }
    if not embedded:  # the embedded model keeps its weights in the default cache
        assert _UPSTREAM is not None
        base.update(
            SOURCED_BASE_URL=_UPSTREAM,
            SOURCED_MODEL="fake-model",
            SOURCED_CACHE_DIR=str(tmp / "cache"),
        )
    if broker:
        base["SOURCED_BROKER_URL"] = broker
    if database:
        base["SOURCED_DATABASE_URL"] = database
    stack = Stack(base, tmp)
    try:
        stack.start_api()
        yield stack
    finally:
        stack.stop()


def with_ratios(scale: dict[str, Any]) -> dict[str, Any]:
    """Throughput of each pool size against 1 worker (runs may be split: --workers)."""
    if "1" in scale:
        one = scale["1"]["documents_per_s"]
        for workers, result in scale.items():
            if workers != "1" and isinstance(result, dict):
                result["throughput_ratio_to_1"] = round(result["documents_per_s"] / one, 2)
    return scale


def measured(result: dict[str, Any], command: str) -> dict[str, Any]:
    """A figure with how it was made: the command, when, and how loaded the machine was."""
    return {
        "command": command,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "load_average_1min_before": os.getloadavg()[0],
        **result,
    }


def main() -> None:
    global _UPSTREAM
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", default="scale,kill,long,bad")
    parser.add_argument("--documents", type=int, default=200, help="per scale and kill run")
    parser.add_argument("--workers", default="1,2,4", help="worker processes per scale run")
    parser.add_argument("--kill", default="worker,api", help="what the kill scenario kills")
    parser.add_argument("--long-words", default="50000,100000")
    parser.add_argument("--embedded-words", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "jobs.json")
    args = parser.parse_args()
    texts = articles(args.data)
    if len(texts) < 2 * args.documents + 1:
        fail(f"need {2 * args.documents + 1} distinct articles, found {len(texts)}")
    wanted = set(args.only.split(","))
    if unknown := wanted - {"scale", "kill", "long", "bad", "embedded"}:
        fail(f"unknown scenarios {sorted(unknown)}")
    command = "flock /tmp/sourced-model.lock .venv/bin/python bench/jobs.py " + " ".join(
        sys.argv[1:]
    )
    tmp = Path(tempfile.mkdtemp(prefix="sourced-bench-jobs-"))
    upstream = subprocess.Popen(
        [sys.executable, "-c", FAKE_UPSTREAM],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert upstream.stdout is not None
    _UPSTREAM = upstream.stdout.readline().decode().strip()
    redis = RedisServer() if wanted & {"scale", "kill"} else None
    pg = PostgresServer() if wanted & {"scale", "kill"} else None
    results = json.loads(args.json.read_text()) if args.json.is_file() else {}
    results["machine"] = f"{os.cpu_count()} cores, shared with other agents' work"
    try:
        if "bad" in wanted:
            results["bad_input"] = measured(bench_bad(texts, tmp), command)
        if "scale" in wanted and redis and pg:
            pools = [int(w) for w in args.workers.split(",")]
            for workers, result in bench_scale(
                texts, redis, pg, tmp, args.documents, pools
            ).items():
                results.setdefault("scale", {})[workers] = measured(result, command)
            with_ratios(results["scale"])
        if "kill" in wanted and redis and pg:
            targets = args.kill.split(",")
            for target, result in bench_kill(
                texts, redis, pg, tmp, args.documents, targets
            ).items():
                results.setdefault("kill", {})[target] = measured(result, command)
        if "long" in wanted:
            counts = [int(c) for c in args.long_words.split(",")]
            for count, result in bench_long(texts, tmp, counts).items():
                results.setdefault("long", {})[count] = measured(result, command)
            long = results["long"]
            if "50000" in long and "100000" in long:
                ratio = long["100000"]["seconds"] / long["50000"]["seconds"]
                long["time_ratio_100k_to_50k_words"] = round(ratio, 2)
        if "embedded" in wanted:
            results["embedded"] = measured(bench_embedded(texts, tmp, args.embedded_words), command)
    finally:
        upstream.terminate()
        if redis:
            redis.stop()
        if pg:
            pg.stop()
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
