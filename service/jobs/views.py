"""A stored job as the API shows it: per-document state, progress and links to each Summary."""

from __future__ import annotations

from dataclasses import asdict

from service.jobs.models import Job, JobDocumentStatus, JobProgress, JobWebhook
from service.store.job_rows import JobStatus


def job_view(status: JobStatus, base_url: str | None = None) -> Job:
    """Links are absolute under `base_url` (SOURCED_PUBLIC_BASE_URL), else paths."""
    base = (base_url or "").rstrip("/")
    documents = []
    for d in status.documents:
        stored = asdict(d)
        stored["attempts"] = stored.pop("deliveries")  # deliveries of its task to a worker
        link = f"{base}/v1/summaries/{d.summary_id}" if d.summary_id else None
        documents.append(
            JobDocumentStatus(
                **stored, summary_url=link, review_url=f"{link}/view" if link else None
            )
        )
    counts = status.counts
    progress = JobProgress(
        documents=len(documents),
        tokens=sum(d.tokens for d in documents),
        sections_done=sum(d.sections_done for d in documents),
        sections_total=sum(d.sections_total for d in documents),
        **counts,
    )
    webhook = (
        JobWebhook(
            url=status.webhook_url,
            state=status.webhook_state,
            attempts=status.webhook_attempts,
        )
        if status.webhook_url
        else None
    )
    path = f"{base}/v1/jobs/{status.id}"
    return Job(
        id=status.id,
        state=status.state,
        created_at=status.created_at,
        finished_at=status.finished_at,
        expires_at=status.expires_at,
        progress=progress,
        documents=documents,
        webhook=webhook,
        links={"self": path, "events": f"{path}/events"},
    )
