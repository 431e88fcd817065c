"""Persistence of summaries behind one small interface: SQLite by default, any SQLAlchemy URL."""

from service.store.sql import StoredSummary, StoreUnavailable, SummaryStore, database_url

__all__ = ["StoreUnavailable", "StoredSummary", "SummaryStore", "database_url"]
