"""Jobs and their documents, in the same database as the summaries (SQLite or PostgreSQL).

A job is written, documents and all, before its 202 is sent, so a process that dies loses
none. Every change of a document's state is one conditional UPDATE, which makes the results
idempotent per (job id, document index): a redelivered task that finds its document done
changes nothing, and of two runs racing for a document only one records a result.

    queued -> running -> done | failed          (cancelled from queued or running)

A running document's worker heartbeats; one whose heartbeat is older than the lease may be
claimed again (its worker was lost). Calls are synchronous, like SummaryStore's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.dml import Update

from service.store.job_rows import (
    FINISHED,
    UNFINISHED,
    DocumentWork,
    IdempotencyConflict,
    JobDocumentRow,
    JobRow,
    JobStatus,
    NewJob,
    job_status,
    now,
)
from service.store.sql import _database_errors, connect, migrate


def _count(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched."""
    return int(cast(CursorResult[Any], result).rowcount)


def _while_running(job_id: str, index: int) -> Update:
    """An UPDATE of one document that changes nothing unless it is still running."""
    return update(JobDocumentRow).where(
        JobDocumentRow.job_id == job_id,
        JobDocumentRow.index == index,
        JobDocumentRow.state == "running",
    )


class JobStore:
    def __init__(self, url: str, *, lease_s: float = 30.0, migrate_schema: bool = True) -> None:
        self._engine = connect(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self.lease = timedelta(seconds=lease_s)
        if migrate_schema:
            migrate(self._engine)

    def close(self) -> None:
        self._engine.dispose()

    # Submission and reading.

    def create(self, job: NewJob) -> tuple[JobStatus, bool]:
        """Store the job; with an Idempotency-Key already used, the first job and False."""
        created = now()
        row = JobRow(
            id=job.id,
            caller=job.caller,
            idempotency_key=job.idempotency_key,
            request_sha256=job.request_sha256,
            state="queued",
            options_json=json.dumps(job.options),
            webhook_url=job.webhook_url,
            webhook_state="pending" if job.webhook_url else "none",
            webhook_attempts=0,
            created_at=created,
            expires_at=created + job.retention,
        )
        documents = [
            JobDocumentRow(
                job_id=job.id,
                index=i,
                title=d.title,
                published_at=d.published_at,
                text=d.text,
                chars=len(d.text) if d.chars is None else d.chars,
                state="failed" if d.problem else "queued",
                problem_json=json.dumps(d.problem) if d.problem else None,
                sections_done=0,
                sections_total=0,
                tokens=0,
                deliveries=0,
                cached=False,
                queued_at=created,
                finished_at=created if d.problem else None,
            )
            for i, d in enumerate(job.documents)
        ]
        with _database_errors():
            try:
                with self._sessions.begin() as session:
                    session.add(row)
                    session.flush()
                    session.add_all(documents)
                duplicate = False
            except IntegrityError:
                if job.idempotency_key is None:
                    raise
                duplicate = True
        if duplicate:
            assert job.idempotency_key is not None
            existing = self._by_key(job.caller, job.idempotency_key)
            if existing is None:
                raise
            if existing[1] != job.request_sha256:
                raise IdempotencyConflict(job.idempotency_key) from None
            status = self.get(existing[0])
            assert status is not None
            return status, False
        status = self.get(job.id)
        assert status is not None
        return status, True

    def _by_key(self, caller: str, key: str) -> tuple[str, str] | None:
        query = select(JobRow.id, JobRow.request_sha256).where(
            JobRow.caller == caller, JobRow.idempotency_key == key
        )
        with _database_errors(), self._sessions() as session:
            found = session.execute(query).first()
        return (found[0], found[1]) if found else None

    def get(self, job_id: str) -> JobStatus | None:
        with _database_errors(), self._sessions() as session:
            row = session.get(JobRow, job_id)
            if row is None:
                return None
            documents = session.scalars(
                select(JobDocumentRow)
                .where(JobDocumentRow.job_id == job_id)
                .order_by(JobDocumentRow.index)
            ).all()
            return job_status(row, documents)

    def recent(self, caller: str | None, *, limit: int = 50) -> list[JobStatus]:
        """The caller's newest jobs first (every caller's for None)."""
        query = select(JobRow.id).order_by(JobRow.created_at.desc()).limit(limit)
        if caller is not None:
            query = query.where(JobRow.caller == caller)
        with _database_errors(), self._sessions() as session:
            ids = session.scalars(query).all()
        return [status for job_id in ids if (status := self.get(job_id))]

    # The work on one document.

    def claim(self, job_id: str, index: int) -> DocumentWork | None:
        """Mark the document running for this worker; None if it is finished or another
        worker holds it (its heartbeat is within the lease)."""
        moment = now()
        stale = moment - self.lease
        claimable = or_(
            JobDocumentRow.state == "queued",
            and_(
                JobDocumentRow.state == "running",
                or_(JobDocumentRow.heartbeat_at.is_(None), JobDocumentRow.heartbeat_at < stale),
            ),
        )
        with _database_errors(), self._sessions.begin() as session:
            claimed = session.execute(
                update(JobDocumentRow)
                .where(JobDocumentRow.job_id == job_id, JobDocumentRow.index == index, claimable)
                .values(
                    state="running",
                    started_at=moment,
                    heartbeat_at=moment,
                    deliveries=JobDocumentRow.deliveries + 1,
                    stage="starting",
                    detail=None,
                )
            )
            if _count(claimed) != 1:
                return None
            session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "queued")
                .values(state="running")
            )
            document = session.get(JobDocumentRow, (job_id, index))
            job = session.get(JobRow, job_id)
            assert document is not None and job is not None
            return DocumentWork(
                job_id=job_id,
                index=index,
                text=document.text,
                title=document.title,
                published_at=document.published_at,
                options=json.loads(job.options_json),
                deliveries=document.deliveries,
            )

    def document_state(self, job_id: str, index: int) -> str | None:
        query = select(JobDocumentRow.state).where(
            JobDocumentRow.job_id == job_id, JobDocumentRow.index == index
        )
        with _database_errors(), self._sessions() as session:
            state: str | None = session.scalar(query)
            return state

    def heartbeat(
        self,
        job_id: str,
        index: int,
        *,
        stage: str | None,
        detail: str | None,
        sections: tuple[int, int] | None = None,
    ) -> str | None:
        """Record that its worker is alive, and progress if any (a None stage: unchanged);
        the document's state ("cancelled", or no longer "running": stop working on it)."""
        values: dict[str, Any] = {"heartbeat_at": now()}
        if stage is not None:
            values.update(stage=stage, detail=detail)
        if sections is not None:
            values["sections_done"], values["sections_total"] = sections
        with _database_errors(), self._sessions.begin() as session:
            session.execute(_while_running(job_id, index).values(**values))
            state: str | None = session.scalar(
                select(JobDocumentRow.state).where(
                    JobDocumentRow.job_id == job_id, JobDocumentRow.index == index
                )
            )
            return state

    def finish(
        self, job_id: str, index: int, *, summary_id: str, cached: bool, tokens: int
    ) -> bool:
        """Record the document's Summary; False if a result was recorded already."""
        return self._end(
            job_id,
            index,
            state="done",
            summary_id=summary_id,
            cached=cached,
            tokens=tokens,
            stage="done",
        )

    def fail(self, job_id: str, index: int, *, problem: dict[str, Any], tokens: int = 0) -> bool:
        return self._end(
            job_id,
            index,
            state="failed",
            problem_json=json.dumps(problem),
            tokens=tokens,
            stage="failed",
        )

    def release(self, job_id: str, index: int) -> None:
        """Put a running document back in the queue (its worker is stopping, not failing)."""
        with _database_errors(), self._sessions.begin() as session:
            session.execute(
                _while_running(job_id, index).values(
                    state="queued", heartbeat_at=None, stage=None, detail=None
                )
            )

    def _end(self, job_id: str, index: int, **values: Any) -> bool:
        with _database_errors(), self._sessions.begin() as session:
            ended = session.execute(
                update(JobDocumentRow)
                .where(
                    JobDocumentRow.job_id == job_id,
                    JobDocumentRow.index == index,
                    JobDocumentRow.state.in_(UNFINISHED),
                )
                .values(finished_at=now(), detail=None, **values)
            )
            return bool(_count(ended) == 1)

    def settle(self, job_id: str, retention: timedelta) -> bool:
        """Mark the job done once no document is left to run. True for the one call that did
        (it sends the webhook); False while work remains or when it was settled before."""
        moment = now()
        pending = (
            select(func.count())
            .select_from(JobDocumentRow)
            .where(JobDocumentRow.job_id == job_id, JobDocumentRow.state.in_(UNFINISHED))
            .scalar_subquery()
        )
        with _database_errors(), self._sessions.begin() as session:
            settled = session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state.in_(UNFINISHED), pending == 0)
                .values(state="done", finished_at=moment, expires_at=moment + retention)
            )
            return bool(_count(settled) == 1)

    def cancel(self, job_id: str, retention: timedelta) -> bool:
        """Cancel the documents not yet finished; True if the job was still unfinished."""
        moment = now()
        with _database_errors(), self._sessions.begin() as session:
            cancelled = session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state.in_(UNFINISHED))
                .values(state="cancelled", finished_at=moment, expires_at=moment + retention)
            )
            session.execute(
                update(JobDocumentRow)
                .where(JobDocumentRow.job_id == job_id, JobDocumentRow.state.in_(UNFINISHED))
                .values(state="cancelled", finished_at=moment, stage="cancelled", detail=None)
            )
            return bool(_count(cancelled) == 1)

    def unfinished(self, *, states: Sequence[str] = UNFINISHED) -> list[tuple[str, int]]:
        """(job id, index) of every document still to run, oldest job first."""
        query = (
            select(JobDocumentRow.job_id, JobDocumentRow.index)
            .join(JobRow, JobRow.id == JobDocumentRow.job_id)
            .where(JobDocumentRow.state.in_(states), JobRow.state.in_(UNFINISHED))
            .order_by(JobRow.created_at, JobDocumentRow.job_id, JobDocumentRow.index)
        )
        with _database_errors(), self._sessions() as session:
            return [(job_id, index) for job_id, index in session.execute(query)]

    def requeue_running(self) -> int:
        """Every running document back to queued: for a single process restarting, whose
        previous life held them all."""
        with _database_errors(), self._sessions.begin() as session:
            moved = session.execute(
                update(JobDocumentRow)
                .where(JobDocumentRow.state == "running")
                .values(state="queued", heartbeat_at=None, stage=None, detail=None)
            )
            return int(_count(moved))

    def unsettled(self) -> list[str]:
        """Jobs with every document finished but not marked done (their settler died)."""
        pending = (
            select(JobDocumentRow.job_id)
            .where(JobDocumentRow.state.in_(UNFINISHED))
            .where(JobDocumentRow.job_id == JobRow.id)
            .exists()
        )
        query = select(JobRow.id).where(JobRow.state.in_(UNFINISHED), ~pending)
        with _database_errors(), self._sessions() as session:
            return list(session.scalars(query).all())

    # Webhooks and retention.

    def claim_webhook(self, job_id: str) -> bool:
        """True for the one caller that is to deliver the job's webhook."""
        with _database_errors(), self._sessions.begin() as session:
            claimed = session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.webhook_state == "pending")
                .values(webhook_state="sending")
            )
            return bool(_count(claimed) == 1)

    def webhook_done(self, job_id: str, *, state: str, attempts: int) -> None:
        with _database_errors(), self._sessions.begin() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(webhook_state=state, webhook_attempts=attempts)
            )

    def pending_webhooks(self) -> list[str]:
        """Finished jobs whose webhook was never sent, or whose sender died while sending."""
        query = select(JobRow.id).where(
            JobRow.state.in_(FINISHED), JobRow.webhook_state.in_(("pending", "sending"))
        )
        with _database_errors(), self._sessions() as session:
            return list(session.scalars(query).all())

    def reset_webhook(self, job_id: str) -> None:
        with _database_errors(), self._sessions.begin() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.webhook_state == "sending")
                .values(webhook_state="pending")
            )

    def sweep(self, moment: datetime | None = None) -> int:
        """Delete the finished jobs past their expiry, documents included; how many."""
        moment = moment or now()
        with _database_errors(), self._sessions.begin() as session:
            # Only finished jobs: one still running is kept however old (it will be resumed).
            expired = and_(JobRow.expires_at < moment, JobRow.state.in_(FINISHED))
            expired_ids = select(JobRow.id).where(expired)
            session.execute(delete(JobDocumentRow).where(JobDocumentRow.job_id.in_(expired_ids)))
            removed = session.execute(delete(JobRow).where(expired))
            return int(_count(removed))

    def ping(self) -> bool:
        try:
            with self._sessions() as session:
                session.execute(select(1))
        except Exception:
            return False
        return True
