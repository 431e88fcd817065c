"""POST /v1/verify latency: a 600-word document and a 10-sentence summary, through the real server.

    flock /tmp/sourced-model.lock .venv/bin/python bench/verify.py [--data ../shared/data]
        [--requests 200] [--out bench/results/verify.json]

The service runs as `sourced serve` would (uvicorn, one process, on 127.0.0.1); one client sends
the requests one after another over a kept-alive connection, so each figure is one request's
whole time: HTTP, JSON, verification. With --data, the document is the FRANK CNN/DM article
closest to 600 words and the summary ten of the sentences its summarizers wrote; without it,
the sample article (padded to 600 words with its own paragraphs) and ten claims of the sample.
Every response is checked (status 200, ten verdicts, spans that match the text); any other
answer fails the run. Also the in-process time of `check_summary` alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.document import split_sentences  # noqa: E402
from service.testing.servers import wait_until_ready  # noqa: E402
from service.verify.summary_check import check_summary  # noqa: E402

SAMPLE = ROOT / "examples" / "port-strike.txt"
WORDS, CLAIMS = 600, 10


def frank_case(data: Path) -> tuple[str, list[str]]:
    rows = [json.loads(line) for line in (data / "faithfulness/frank/frank_joined.jsonl").open()]
    documents: dict[str, list[str]] = {}
    for row in rows:
        if row["source_dataset"] == "cnndm":
            documents.setdefault(row["document"], []).extend(row["summary_sentences"])
    ranked = sorted(
        (d for d, s in documents.items() if len(set(s)) >= CLAIMS),
        key=lambda d: abs(len(d.split()) - WORDS),
    )
    document = ranked[0]
    claims = list(dict.fromkeys(documents[document]))[:CLAIMS]
    return document, claims


def sample_case() -> tuple[str, list[str]]:
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    document = text
    i = 1
    while len(document.split()) < WORDS:
        document += "\n\n" + paragraphs[i % len(paragraphs)]
        i += 1
    claims = [s.text for s in split_sentences(text)][1:][:CLAIMS]
    return document, claims


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def check_response(response: httpx.Response, document: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"POST /v1/verify answered {response.status_code}: {response.text[:300]}")
    body = response.json()
    if len(body["claims"]) != CLAIMS:
        raise SystemExit(f"expected {CLAIMS} verdicts, got {len(body['claims'])}")
    for claim in body["claims"]:
        for ev in claim["evidence"]:
            if document[ev["start"] : ev["end"]] != ev["quote"]:
                raise SystemExit("an evidence span does not match the document")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "verify.json")
    args = parser.parse_args()
    if args.data and not (args.data / "faithfulness/frank/frank_joined.jsonl").exists():
        print(f"data absent under {args.data}; pass --data or leave it out", file=sys.stderr)
        return 2
    document, claims = frank_case(args.data) if args.data else sample_case()

    in_process = []
    for _ in range(50):
        start = time.perf_counter()
        check_summary(document, claims)
        in_process.append(1000 * (time.perf_counter() - start))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data_dir = tempfile.mkdtemp(prefix="sourced-bench-verify-")  # a fresh store, never the repo's
    env = {
        **os.environ,
        # No model is needed to verify; an endpoint that is never called keeps the embedded
        # model from loading.
        "SOURCED_BASE_URL": "http://127.0.0.1:9/v1",
        "SOURCED_MODEL": "unused",
        "SOURCED_DATA_DIR": data_dir,
        "SOURCED_RATE_LIMIT": "100000/minute",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        try:
            wait_until_ready(base, server, path="/healthz")
        except RuntimeError as exc:
            raise SystemExit(str(exc)) from None
        body = {"text": document, "summary": claims}
        wall = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for i in range(args.requests + 10):
                start = time.perf_counter()
                response = client.post("/v1/verify", json=body)
                elapsed = 1000 * (time.perf_counter() - start)
                check_response(response, document)
                if i >= 10:  # the first requests warm the server's caches of words
                    wall.append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "document_words": len(document.split()),
        "claims": len(claims),
        "source": "FRANK CNN/DM article" if args.data else "the sample, padded",
        "requests": len(wall),
        "http_p50_ms": round(statistics.median(wall), 2),
        "http_p90_ms": round(percentile(wall, 0.9), 2),
        "http_p99_ms": round(percentile(wall, 0.99), 2),
        "check_summary_in_process_p50_ms": round(statistics.median(in_process), 2),
        "note": "same document every request; the text caches are warm after the first",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
