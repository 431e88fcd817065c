"""The jobs tables and the values the job store takes and gives back (see service.store.jobs).

A job row holds its options and webhook; each of its documents has a row of its own, with its
state, its progress and, once done, its summary's id or its problem.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.store.sql import Base

UNFINISHED = ("queued", "running")
FINISHED = ("done", "failed", "cancelled")


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    caller: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    options_json: Mapped[str] = mapped_column(Text)
    webhook_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    webhook_state: Mapped[str] = mapped_column(String(16))
    webhook_attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobDocumentRow(Base):
    __tablename__ = "job_documents"

    job_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500), nullable=True)
    published_at: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sections_done: Mapped[int] = mapped_column(Integer, default=0)
    sections_total: Mapped[int] = mapped_column(Integer, default=0)
    tokens: Mapped[int] = mapped_column(Integer, default=0)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    summary_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    problem_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different request."""


@dataclass(frozen=True)
class NewDocument:
    text: str
    title: str | None = None
    published_at: str | None = None
    problem: dict[str, Any] | None = None  # known bad at submission: failed at once, never run
    chars: int | None = None  # when `text` is not kept (a failed document's)


@dataclass(frozen=True)
class NewJob:
    id: str
    caller: str
    request_sha256: str
    options: dict[str, Any]
    documents: Sequence[NewDocument]
    retention: timedelta
    idempotency_key: str | None = None
    webhook_url: str | None = None


@dataclass(frozen=True)
class DocumentStatus:
    index: int
    title: str | None
    chars: int
    state: str
    stage: str | None
    detail: str | None
    sections_done: int
    sections_total: int
    tokens: int
    deliveries: int
    summary_id: str | None
    cached: bool
    problem: dict[str, Any] | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class JobStatus:
    id: str
    caller: str
    state: str
    options: dict[str, Any]
    webhook_url: str | None
    webhook_state: str
    webhook_attempts: int
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime
    documents: list[DocumentStatus] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("queued", "running", "done", "failed", "cancelled"), 0)
        for document in self.documents:
            counts[document.state] += 1
        return counts


@dataclass(frozen=True)
class DocumentWork:
    """What a worker needs to summarize one document of a job."""

    job_id: str
    index: int
    text: str
    title: str | None
    published_at: str | None
    options: dict[str, Any]
    deliveries: int


def now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands datetimes back without their zone; they were written in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def job_status(row: JobRow, documents: Sequence[JobDocumentRow]) -> JobStatus:
    return JobStatus(
        id=row.id,
        caller=row.caller,
        state=row.state,
        options=json.loads(row.options_json),
        webhook_url=row.webhook_url,
        webhook_state=row.webhook_state,
        webhook_attempts=row.webhook_attempts,
        created_at=_aware(row.created_at) or row.created_at,
        finished_at=_aware(row.finished_at),
        expires_at=_aware(row.expires_at) or row.expires_at,
        documents=[
            DocumentStatus(
                index=d.index,
                title=d.title,
                chars=d.chars,
                state=d.state,
                stage=d.stage,
                detail=d.detail,
                sections_done=d.sections_done,
                sections_total=d.sections_total,
                tokens=d.tokens,
                deliveries=d.deliveries,
                summary_id=d.summary_id,
                cached=d.cached,
                problem=json.loads(d.problem_json) if d.problem_json else None,
                queued_at=_aware(d.queued_at) or d.queued_at,
                started_at=_aware(d.started_at),
                finished_at=_aware(d.finished_at),
            )
            for d in documents
        ],
    )
