"""The records hits were served from, kept in memory for a moment (service/store/recent.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.config import Settings
from service.schemas import SummaryRequest
from service.store.recent import RecentJson
from service.testing.engines import FakeBackend, make_engine


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_kept_record_is_served_until_it_is_a_second_old():
    clock = Clock()
    recent = RecentJson(max_age_s=1.0, clock=clock)
    recent.keep("k", "key:a", b'{"id": "1"}')
    clock.now += 0.9
    assert recent.get("k", "key:a") == b'{"id": "1"}'
    assert recent.get("k", "key:b") is None  # another tenant's lookup is its own
    clock.now += 0.1
    assert recent.get("k", "key:a") is None


def test_the_oldest_records_go_first_when_the_bytes_run_out():
    recent = RecentJson(max_bytes=10)
    recent.keep("a", "", b"12345")
    recent.keep("b", "", b"12345")
    recent.keep("c", "", b"123")
    assert recent.get("a", "") is None
    assert (recent.get("b", ""), recent.get("c", "")) == (b"12345", b"123")
    recent.keep("huge", "", b"x" * 11)  # larger than all of it: not kept, nothing dropped
    assert recent.get("huge", "") is None and recent.get("b", "") == b"12345"


async def test_a_hit_within_a_second_is_not_looked_up_again(
    sample_text: str, monkeypatch: pytest.MonkeyPatch
):
    engine = make_engine(Settings(), FakeBackend())
    clock = Clock()
    engine._recent = RecentJson(clock=clock)
    lookups: list[str] = []
    original = engine.store.find_json_or_other

    def counted(key: str, **kw: Any) -> Any:
        lookups.append(key)
        return original(key, **kw)

    monkeypatch.setattr(engine.store, "find_json_or_other", counted)
    request = SummaryRequest(text=sample_text)
    made, _ = await engine.summarize(request, tenant="key:a")
    first = await engine.find_json(request, tenant="key:a")
    again = await engine.find_json(request, tenant="key:a")
    assert first.json == again.json == made.model_dump_json().encode()
    assert len(lookups) == 1
    # A newer record of the same request (another worker's) is served once a second passed.
    newer = made.model_copy(
        update={
            "id": "newer",
            "provenance": made.provenance.model_copy(
                update={"created_at": made.provenance.created_at + timedelta(seconds=5)}
            ),
        }
    )
    engine.store.put(newer, cache_key=first.key, document_text=sample_text, tenant="key:a")
    assert (await engine.find_json(request, tenant="key:a")).json == first.json
    clock.now += 1.0
    assert (
        await engine.find_json(request, tenant="key:a")
    ).json == newer.model_dump_json().encode()
    assert len(lookups) == 2


async def test_a_record_this_engine_writes_replaces_the_one_it_kept(sample_text: str):
    engine = make_engine(Settings(), FakeBackend())
    request = SummaryRequest(text=sample_text)
    made, _ = await engine.summarize(request, tenant="key:a")
    found = await engine.find_json(request, tenant="key:a")
    assert found.json == made.model_dump_json().encode()
    later = made.provenance.model_copy(
        update={"created_at": datetime.now(UTC) + timedelta(seconds=5)}
    )
    newer = made.model_copy(update={"id": "newer", "provenance": later})
    await engine._put(newer, key=found.key, document_text=sample_text, tenant="key:a")
    assert (
        await engine.find_json(request, tenant="key:a")
    ).json == newer.model_dump_json().encode()
