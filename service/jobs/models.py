"""The jobs API's contract: what a caller submits and the Job it reads back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.schemas import SummaryOptions

JobState = Literal["queued", "running", "done", "cancelled"]
DocumentState = Literal["queued", "running", "done", "failed", "cancelled"]


class JobDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        description="The document. One that is empty or binary fails alone; the others run."
    )
    title: str | None = Field(default=None, max_length=500)
    published_at: str | None = Field(default=None, max_length=64)


class JobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[JobDocument] = Field(min_length=1, description="Summarized independently.")
    options: SummaryOptions = Field(default_factory=SummaryOptions)
    webhook_url: str | None = Field(
        default=None,
        max_length=2000,
        description="POSTed the finished job, signed the Standard Webhooks way "
        "(webhook-id, webhook-timestamp, webhook-signature). Public addresses only.",
    )


class JobDocumentStatus(BaseModel):
    index: int
    title: str | None = None
    chars: int
    state: DocumentState
    stage: str | None = Field(default=None, description="e.g. reading, drafting, verifying")
    detail: str | None = None
    sections_done: int = 0
    sections_total: int = 0
    tokens: int = Field(default=0, description="Model tokens spent on this document.")
    attempts: int = Field(default=0, description="Times a worker started this document.")
    cached: bool = False
    summary_id: str | None = None
    summary_url: str | None = None
    review_url: str | None = None
    problem: dict[str, Any] | None = Field(
        default=None, description="Why the document failed, as RFC 9457 problem details."
    )
    queued_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class JobProgress(BaseModel):
    documents: int
    queued: int
    running: int
    done: int
    failed: int
    cancelled: int
    tokens: int
    sections_done: int
    sections_total: int


class JobWebhook(BaseModel):
    url: str
    state: Literal["pending", "sending", "delivered", "failed"]
    attempts: int


class Job(BaseModel):
    id: str
    state: JobState
    created_at: datetime
    finished_at: datetime | None = None
    expires_at: datetime = Field(description="When the job and its results are removed.")
    progress: JobProgress
    documents: list[JobDocumentStatus]
    webhook: JobWebhook | None = None
    links: dict[str, str]


class JobList(BaseModel):
    jobs: list[Job]
