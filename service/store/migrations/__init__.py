"""Alembic migrations of the summaries database; `SummaryStore.migrate` runs them on start."""
