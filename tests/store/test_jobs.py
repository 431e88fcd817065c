"""The job store's guarantees, on SQLite and on a real PostgreSQL: idempotent submissions and
results, leases, one settle and one webhook per job, the retention sweep."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from service.store.job_rows import IdempotencyConflict, NewDocument, NewJob, now
from service.store.jobs import JobStore

DAY = timedelta(days=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JobStore]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jobs.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = JobStore(url)  # a long lease: "held by a live worker" must not depend on the load
    yield store
    store.close()


def new_job(job_id: str, *texts: str, key: str | None = None, sha: str = "s") -> NewJob:
    return NewJob(
        id=job_id,
        caller="alice",
        request_sha256=sha,
        options={"length": "short", "max_claims": 3},
        documents=[NewDocument(text=t) for t in texts],
        retention=DAY,
        idempotency_key=key,
    )


def test_a_job_is_stored_with_its_documents_queued(store: JobStore):
    status, created = store.create(new_job("j1", "one", "two"))
    assert created and status.state == "queued"
    assert [(d.index, d.state, d.chars) for d in status.documents] == [
        (0, "queued", 3),
        (1, "queued", 3),
    ]
    assert store.unfinished() == [("j1", 0), ("j1", 1)]
    assert store.get("nope") is None


def test_an_idempotency_key_is_one_job_per_caller(store: JobStore):
    first, created = store.create(new_job("j1", "a", key="k"))
    again, created_again = store.create(new_job("j2", "a", key="k"))
    assert created and not created_again and again.id == first.id == "j1"
    with pytest.raises(IdempotencyConflict):
        store.create(new_job("j3", "other", key="k", sha="different"))
    assert store.get("j2") is None and store.get("j3") is None


def test_a_result_is_written_once_per_document(store: JobStore):
    store.create(new_job("j1", "a"))
    work = store.claim("j1", 0)
    assert work is not None and work.text == "a" and work.deliveries == 1
    assert store.claim("j1", 0) is None  # held by a live worker
    assert store.finish("j1", 0, summary_id="s1", cached=False, tokens=7)
    assert not store.finish("j1", 0, summary_id="s2", cached=False, tokens=7)
    assert not store.fail("j1", 0, problem={"status": 500})
    assert store.claim("j1", 0) is None  # a redelivered task finds it done
    document = store.get("j1").documents[0]  # type: ignore[union-attr]
    assert (document.state, document.summary_id, document.tokens) == ("done", "s1", 7)


def test_a_document_whose_worker_stopped_heartbeating_can_be_claimed_again(store: JobStore):
    store.create(new_job("j1", "a"))
    assert store.claim("j1", 0) is not None
    assert store.heartbeat("j1", 0, stage="drafting", detail="9 tokens") == "running"
    assert store.claim("j1", 0) is None
    store.lease = timedelta(seconds=0.3)
    time.sleep(0.4)  # past a 0.3 s lease
    again = store.claim("j1", 0)
    assert again is not None and again.deliveries == 2


def test_the_job_settles_once_when_its_last_document_ends(store: JobStore):
    store.create(new_job("j1", "a", "b"))
    store.claim("j1", 0)
    store.finish("j1", 0, summary_id="s1", cached=False, tokens=1)
    assert not store.settle("j1", DAY)  # document 1 is still queued
    store.claim("j1", 1)
    store.fail("j1", 1, problem={"status": 422, "detail": "empty"})
    assert store.settle("j1", DAY)
    assert not store.settle("j1", DAY)
    status = store.get("j1")
    assert status is not None and status.state == "done" and status.finished_at is not None
    assert status.counts == {"queued": 0, "running": 0, "done": 1, "failed": 1, "cancelled": 0}


def test_cancel_ends_unfinished_documents_and_keeps_results(store: JobStore):
    store.create(new_job("j1", "a", "b", "c"))
    store.claim("j1", 0)
    store.finish("j1", 0, summary_id="s1", cached=False, tokens=1)
    store.claim("j1", 1)
    assert store.cancel("j1", DAY)
    assert not store.cancel("j1", DAY)
    assert store.heartbeat("j1", 1, stage="drafting", detail="") == "cancelled"
    assert not store.finish("j1", 1, summary_id="late", cached=False, tokens=1)
    states = [d.state for d in store.get("j1").documents]  # type: ignore[union-attr]
    assert states == ["done", "cancelled", "cancelled"]
    assert store.unfinished() == []


def test_a_restart_requeues_what_was_running(store: JobStore):
    store.create(new_job("j1", "a", "b"))
    store.claim("j1", 0)
    assert store.requeue_running() == 1
    assert store.unfinished(states=("queued",)) == [("j1", 0), ("j1", 1)]


def test_one_caller_claims_the_webhook(store: JobStore):
    job = new_job("j1", "a")
    store.create(NewJob(**{**job.__dict__, "webhook_url": "https://example.org/h"}))
    assert store.claim_webhook("j1") and not store.claim_webhook("j1")
    store.webhook_done("j1", state="delivered", attempts=2)
    status = store.get("j1")
    assert status is not None and (status.webhook_state, status.webhook_attempts) == (
        "delivered",
        2,
    )


def test_the_sweep_removes_finished_jobs_past_retention_only(store: JobStore):
    store.create(new_job("old", "a"))
    store.create(new_job("running", "b"))
    store.claim("old", 0)
    store.finish("old", 0, summary_id="s", cached=False, tokens=0)
    assert store.settle("old", timedelta(seconds=0))
    later = now() + timedelta(days=2)
    assert store.sweep(later) == 1  # the unfinished one stays, however old
    assert store.get("old") is None and store.get("running") is not None
