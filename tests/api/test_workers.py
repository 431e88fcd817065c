"""`sourced serve --workers N`: processes sharing one port and one store."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

from service.api.workers import take_resume_lock
from service.testing.openai_server import FakeOpenAI, citing_draft
from service.testing.servers import free_port
from tests.jobs.test_api import DOC_A, DOC_B


def test_one_process_at_a_time_holds_the_resume_lock(tmp_path: Path):
    first = take_resume_lock(tmp_path / "data")
    assert first is not None
    assert take_resume_lock(tmp_path / "data") is None  # another worker: not the one
    first.close()  # its holder died
    again = take_resume_lock(tmp_path / "data")
    assert again is not None
    again.close()


def worker_pids(parent: int) -> set[int]:
    """The supervisor's worker processes (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return {
        int(pid)
        for pid in children
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    }


@pytest.fixture
def two_workers(fake_openai: FakeOpenAI, tmp_path: Path) -> Iterator[tuple[str, int]]:
    with workers(fake_openai, tmp_path, SOURCED_RATE_LIMIT="") as started:
        yield started


@contextmanager
def workers(
    fake_openai: FakeOpenAI, tmp_path: Path, count: int = 2, **settings: str
) -> Iterator[tuple[str, int]]:
    """`sourced serve --workers count` with these SOURCED_* settings: its URL and pid, once
    every worker is up; its stderr in tmp_path/serve.log."""
    fake_openai.responder = citing_draft
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SOURCED_")},
        "SOURCED_BASE_URL": fake_openai.base_url,
        "SOURCED_MODEL": "fake-model",
        "SOURCED_DATA_DIR": str(tmp_path / "data"),
        **settings,
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    command += ["--workers", str(count)]
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a start, not a timing: generous on a loaded machine
    try:
        while len(worker_pids(process.pid)) < count or not _ready(url):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"sourced serve --workers {count} did not start"
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_workers_share_the_store_and_run_each_job_document_once(
    two_workers: tuple[str, int], fake_openai: FakeOpenAI, sample_text: str
):
    url, parent = two_workers
    assert len(worker_pids(parent)) == 2
    made = httpx.post(f"{url}/v1/summaries", json={"text": sample_text}, timeout=30)
    assert made.status_code == 200, made.text
    # New connections land on either worker: each finds the summary in the shared store.
    for _ in range(6):
        with httpx.Client(base_url=url, timeout=10) as client:
            again = client.post("/v1/summaries", json={"text": sample_text})
            assert again.headers["x-cache"] == "hit" and again.json() == made.json()
            assert client.get(f"/v1/summaries/{made.json()['id']}").status_code == 200
    job = httpx.post(
        f"{url}/v1/jobs", json={"documents": [{"text": DOC_A}, {"text": DOC_B}]}, timeout=30
    )
    assert job.status_code == 202, job.text
    deadline = time.monotonic() + 30
    while (state := httpx.get(f"{url}{job.headers['location']}").json())["state"] != "done":
        assert time.monotonic() < deadline, state
        time.sleep(0.1)
    assert len(fake_openai.requests) == 3  # the summary and each document once


def _holds(pid: int, port: int) -> bool:
    """Whether process `pid` holds the server end of the connection from `port`. A process gone
    meanwhile holds none (on a loaded machine a spawned child that is no worker may be listed
    as it exits)."""
    try:
        connections = psutil.Process(pid).net_connections()
    except psutil.NoSuchProcess:
        return False
    return any(c.raddr and c.raddr.port == port for c in connections)


def connection_to_each_worker(url: str, parent: int) -> list[http.client.HTTPConnection]:
    """A kept-alive connection to each worker: the kernel hands a new connection to either,
    so connections are opened until each worker holds one (found by its socket's peer port)."""
    host, port = url.removeprefix("http://").split(":")
    pids = worker_pids(parent)
    held: dict[int, http.client.HTTPConnection] = {}
    for _ in range(200):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().read()
        ours = connection.sock.getsockname()[1]
        owner = next(pid for pid in pids if _holds(pid, ours))
        if owner in held:
            connection.close()
        else:
            held[owner] = connection
        if len(held) == len({pid for pid in pids if psutil.pid_exists(pid)}):
            return list(held.values())
    raise AssertionError(f"200 connections reached only {len(held)} of {len(pids)} workers")


def test_workers_share_the_rate_limit_through_redis(
    fake_openai: FakeOpenAI, redis_url: str, tmp_path: Path
):
    settings = {"SOURCED_RATE_LIMIT": "3/minute", "SOURCED_RATE_LIMIT_STORAGE": redis_url}
    with workers(fake_openai, tmp_path, **settings) as (url, parent):
        connections = connection_to_each_worker(url, parent)
        statuses = []
        for i in range(8):  # each worker in turn
            connection = connections[i % 2]
            connection.request("GET", "/v1/summaries/nope")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        for connection in connections:
            connection.close()
    assert statuses == [404] * 3 + [429] * 5  # one count for the port, not one per worker
    assert "counts SOURCED_RATE_LIMIT" not in (tmp_path / "serve.log").read_text()


def test_workers_with_memory_limits_say_each_counts_its_own(
    fake_openai: FakeOpenAI, tmp_path: Path
):
    with workers(fake_openai, tmp_path, SOURCED_RATE_LIMIT="3/minute"):
        pass
    log = (tmp_path / "serve.log").read_text()
    assert "each of the 2 workers counts SOURCED_RATE_LIMIT=3/minute in its own memory" in log
