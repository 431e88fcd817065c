from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import settings as hypothesis_settings

from service.config import Settings
from service.testing.openai_server import FakeOpenAI
from service.testing.servers import PostgresServer, RedisServer, ServiceMissing

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "port-strike.txt"
S = TypeVar("S")

# Property tests check what is true, never how fast: Hypothesis's 200 ms deadline per example
# fails them on a loaded machine (speed belongs in bench/).
hypothesis_settings.register_profile("sourced", deadline=None)
hypothesis_settings.load_profile("sourced")


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read the developer's SOURCED_* or OPENAI_* settings."""
    for name in list(os.environ):
        if name.startswith(("SOURCED_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOURCED_DATA_DIR", str(tmp_path / "data"))
    # A test's draft gives the claims it asserts on; the tests of the fill turn it on.
    monkeypatch.setenv("SOURCED_FILL_CLAIMS", "0")


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def fake_settings(fake: FakeOpenAI, **overrides: object) -> Settings:
    """Settings pointing at the fake server, with budgets small enough for fast tests."""
    values: dict[str, object] = {
        "base_url": fake.base_url,
        "model": "fake-model",
        "api_key": "test-key",
        "request_timeout_s": 5.0,
        "max_attempts": 3,
        "max_total_s": 30.0,
        "backoff_initial_s": 0.01,
        "backoff_max_s": 0.05,
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _started(server: Callable[[], S]) -> S:
    """Fail under CI (where the project installed everything), skip on a developer's machine."""
    try:
        return server()
    except ServiceMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One real redis-server for the session (service/testing/servers.py)."""
    server = _started(RedisServer)
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, emptied for this test."""
    redis_server.flush()
    return redis_server.url()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL cluster for the session (service/testing/servers.py)."""
    server = _started(PostgresServer)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test."""
    with postgres_server.database() as url:
        yield url
