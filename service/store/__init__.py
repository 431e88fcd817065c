"""Persistence of summaries behind one small interface: SQLite by default, any SQLAlchemy URL."""

from service.store.sql import StoredSummary, SummaryStore, database_url

__all__ = ["StoredSummary", "SummaryStore", "database_url"]
