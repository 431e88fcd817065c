"""`sourced serve --workers N`: N server processes on one socket, sharing the store.

The pipeline's CPU work (reading, attribution, verification) is pure Python: in one process a
thread cannot run it beside the event loop (the GIL), so only more processes use more cores.
uvicorn's supervisor binds the socket once, spawns the workers, restarts one that dies, and
each worker builds its own app (engine, model slots, rate limiter, metrics) from the same
Settings. What several processes must not each do once more:

- migrate the database: the supervisor does it before any worker starts;
- take up unfinished jobs: the supervisor puts the documents a previous run left running back
  in the queue, and one worker (the holder of a lock file beside the database) resumes jobs,
  delivers pending webhooks and sweeps; no worker requeues another's running documents.
"""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fastapi import FastAPI

from service.config import Settings

log = logging.getLogger(__name__)

RESUME_LOCK = "serve-jobs.lock"


def prepare_store(settings: Settings) -> None:
    """Once, before the workers: the schema at its newest, last run's running jobs queued."""
    from service.store import SummaryStore
    from service.store.jobs import JobStore
    from service.store.sql import database_url

    SummaryStore.from_settings(settings).close()  # migrates
    if settings.broker_url:
        return  # Celery workers own running documents: their leases decide
    jobs = JobStore(database_url(settings), lease_s=settings.job_lease_s)
    try:
        requeued = jobs.requeue_running()
    finally:
        jobs.close()
    if requeued:
        log.info("%d job documents left running by the last run are queued again", requeued)


def take_resume_lock(directory: Path) -> IO[bytes] | None:
    """The open lock file if this process is the one to resume jobs, else None. Held until
    the process exits, so a restarted worker takes it over only from a dead holder."""
    directory.mkdir(parents=True, exist_ok=True)
    handle = (directory / RESUME_LOCK).open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


@dataclass(frozen=True)
class WorkerApp:
    """The app factory each worker process calls (picklable: it crosses a process spawn)."""

    settings: Settings

    def __call__(self) -> FastAPI:
        from service.api.app import create_app
        from service.api.server import configure_logging, tune_collector

        configure_logging()  # a spawned process starts with none of the supervisor's
        lock = take_resume_lock(self.settings.data_dir)
        app = create_app(self.settings, resume_jobs=lock is not None, sole_process=False)
        app.state.resume_lock = lock  # kept open for the process's life
        if lock is not None:
            log.info("worker %d resumes unfinished jobs", os.getpid())
        tune_collector()
        return app
