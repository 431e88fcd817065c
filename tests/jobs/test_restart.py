"""kill -9 of a real `sourced serve` during a job: nothing accepted is lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.testing.openai_server import FakeOpenAI, Reply, citing_draft
from service.testing.servers import free_port, wait_until_ready
from tests.jobs.test_api import DOC_A, DOC_B


def slow_draft(request: dict[str, Any]) -> Reply:
    return Reply(content=citing_draft(request).content, delay=0.15)


class Server:
    def __init__(self, upstream: FakeOpenAI, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SOURCED_")},
            "SOURCED_BASE_URL": upstream.base_url,
            "SOURCED_MODEL": "fake-model",
            "SOURCED_DATA_DIR": str(data_dir),
            "SOURCED_JOB_HEARTBEAT_S": "0.1",
            "SOURCED_RATE_LIMIT": "",
            "SOURCED_MODEL_CONCURRENCY": "1",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until_ready(self.url, self.process, path="/healthz")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def server(fake_openai: FakeOpenAI, tmp_path: Path) -> Iterator[Server]:
    fake_openai.responder = slow_draft
    server = Server(fake_openai, tmp_path / "data")
    server.start()
    yield server
    server.stop()


def job(server: Server, location: str) -> dict[str, Any]:
    response = httpx.get(server.url + location, timeout=5)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_killed_server_resumes_its_jobs_and_loses_none(server: Server):
    documents = [{"text": DOC_A if i % 2 else DOC_B, "title": f"d{i}"} for i in range(8)]
    first = httpx.post(f"{server.url}/v1/jobs", json={"documents": documents}, timeout=10)
    assert first.status_code == 202
    deadline = time.monotonic() + 20
    while job(server, first.headers["location"])["progress"]["done"] < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # A second job accepted just before the kill: the 202 means it is stored.
    second = httpx.post(f"{server.url}/v1/jobs", json={"documents": documents[:2]}, timeout=10)
    assert second.status_code == 202
    server.kill()

    server.start()
    for location, count in ((first.headers["location"], 8), (second.headers["location"], 2)):
        deadline = time.monotonic() + 30
        while (state := job(server, location))["state"] != "done":
            assert time.monotonic() < deadline, state["progress"]
            time.sleep(0.1)
        assert [d["state"] for d in state["documents"]] == ["done"] * count
        ids = [d["summary_id"] for d in state["documents"]]
        assert len(set(ids)) == count  # one result per document
        for document in state["documents"]:
            summary = httpx.get(server.url + document["summary_url"], timeout=5).json()
            assert summary["document"]["title"] == document["title"]
