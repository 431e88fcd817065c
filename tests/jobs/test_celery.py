"""Jobs at scale: a real Redis broker, a real PostgreSQL store, real `sourced worker` processes.

The API (TestClient) only stores and dispatches; the workers summarize. A killed pool process's
document is redelivered and finished once; two API instances share their rate limits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.config import Settings
from service.testing.openai_server import FakeOpenAI, Reply, citing_draft
from tests.conftest import fake_settings
from tests.jobs.test_api import DOC_A, DOC_B, finished


@pytest.fixture
def cluster(
    fake_openai: FakeOpenAI, redis_url: str, postgres_url: str
) -> Iterator[tuple[Settings, FakeOpenAI]]:
    fake_openai.responder = citing_draft
    settings = fake_settings(
        fake_openai,
        broker_url=redis_url,
        database_url=postgres_url,
        rate_limit="",
        job_heartbeat_s=0.1,
        job_lease_s=1.0,
        job_visibility_timeout_s=5.0,
    )
    yield settings, fake_openai


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOURCED_")}
    for name, value in settings.model_dump().items():
        if value is None or name in ("cache_dir", "data_dir", "threads"):
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        env[f"SOURCED_{name.upper()}"] = str(value)
    return env


class Worker:
    """A `sourced worker` process; its log goes to a file (an unread pipe fills and blocks it)."""

    def __init__(self, settings: Settings, log: Path, concurrency: int = 2) -> None:
        command = [sys.executable, "-m", "service.cli", "worker", f"--concurrency={concurrency}"]
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            command, env=environment(settings), stdout=subprocess.DEVNULL, stderr=self.log
        )

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Until Celery says the worker is ready: a loaded machine starts it slowly, and the
        tests' own deadlines should measure the work, not the start."""
        deadline = time.monotonic() + timeout
        while b" ready." not in self.log_path.read_bytes():
            assert self.process.poll() is None, self.log_path.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)

    def children(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                for child in self.children():
                    child.kill()
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def worker(cluster: tuple[Settings, FakeOpenAI], tmp_path: Path) -> Iterator[Worker]:
    worker = Worker(cluster[0], tmp_path / "worker.log")
    worker.wait_ready()
    yield worker
    worker.stop()


def test_workers_summarize_the_jobs_the_api_stored(cluster: Any, worker: Worker):
    settings, _ = cluster
    documents = [{"text": DOC_A if i % 2 else DOC_B, "title": f"d{i}"} for i in range(6)]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/jobs", json={"documents": documents})
        assert response.status_code == 202, response.text
        job = finished(client, response.headers["location"], timeout=180)
        assert [d["state"] for d in job["documents"]] == ["done"] * 6
        assert [d["attempts"] for d in job["documents"]] == [1] * 6
        for document in job["documents"]:
            summary = client.get(document["summary_url"]).json()  # the shared PostgreSQL
            assert summary["document"]["title"] == document["title"]


def test_a_killed_worker_process_loses_no_document_and_doubles_none(cluster: Any, worker: Worker):
    settings, upstream = cluster

    killed = threading.Event()

    def held_until_the_kill(request: dict[str, Any]) -> Reply:
        # A condition, not a delay: the first documents are mid-call when their processes die,
        # however slowly a loaded machine runs them.
        killed.wait(120)
        return citing_draft(request)

    upstream.responder = held_until_the_kill
    documents = [{"text": DOC_A, "title": f"d{i}"} for i in range(6)]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        location = client.post("/v1/jobs", json={"documents": documents}).headers["location"]
        deadline = time.monotonic() + 120
        while not upstream.requests:  # a pool process is in a model call
            assert time.monotonic() < deadline, "no document reached the model"
            time.sleep(0.05)
        victims = worker.children()
        assert victims
        for child in victims:  # every pool process, mid-document
            child.send_signal(signal.SIGKILL)
        killed.set()
        job = finished(client, location, timeout=180)
    assert [d["state"] for d in job["documents"]] == ["done"] * 6
    assert len({d["summary_id"] for d in job["documents"]}) == 6
    assert max(d["attempts"] for d in job["documents"]) >= 2  # redelivered after the kill


def test_api_replicas_share_rate_limits_through_redis(fake_openai: FakeOpenAI, redis_url: str):
    settings = fake_settings(fake_openai, broker_url=redis_url, rate_limit="3/minute")
    fake_openai.responder = citing_draft
    with (
        TestClient(create_app(settings)) as one,
        TestClient(create_app(settings)) as two,
    ):
        statuses = [c.get("/v1/jobs").status_code for c in (one, two, one, two)]
    assert statuses == [200, 200, 200, 429]
