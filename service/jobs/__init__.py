"""Jobs: many documents summarized in the background, by the same use case as POST /v1/summaries.

POST /v1/jobs -> stored (JobStore) -> dispatched: in this process (InProcessRunner), or to
Celery workers through a broker (service.jobs.worker) -> each document: claim -> Engine ->
result -> the last one settles the job -> signed webhook
"""
