"""bench/api.py's cold column: each document once, none sharing a sentence, and a run that
fails loudly when any cold request was not a fresh miss (by its answer and by the server)."""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.api import (
    DRAFT,
    check_cold,
    check_misses_recorded,
    cold_documents,
    document,
    post_each_once,
    start_service,
    stop_service,
)
from bench.load import fake_upstream


def test_cold_documents_share_no_sentence(tmp_path: Path):
    articles = [
        "Alpha one rose. Alpha two fell.\nScroll down for video",
        "Beta one rose. Beta two fell.\nScroll down for video",  # the byline again: left out
        "Gamma one rose. Gamma two fell.",
        "Delta one rose. Alpha two fell.",  # a sentence of the first: left out
        "Epsilon one rose.",
    ]
    folder = tmp_path / "summarization"
    folder.mkdir()
    with (folder / "frank_news_docs_with_reference.jsonl").open("w") as f:
        f.writelines(json.dumps({"document": a}) + "\n" for a in articles)
    documents = cold_documents(tmp_path, words=7)
    assert documents == [articles[0], articles[2] + "\n\n" + articles[4]]


@pytest.fixture
def served() -> Iterator[tuple[int, str]]:
    with fake_upstream(DRAFT) as base_url:
        data_dir = tempfile.mkdtemp(prefix="sourced-test-cold-")
        service = start_service(base_url, data_dir, [2], workers=1)
        try:
            yield service.port, data_dir
        finally:
            stop_service(service)
            shutil.rmtree(data_dir, ignore_errors=True)


def test_each_cold_document_is_sent_once_and_a_hit_voids_the_run(served: tuple[int, str]):
    port, data_dir = served
    url = f"http://127.0.0.1:{port}"
    texts = [f"{document(200)}\n\nReference cold-{i}." for i in range(5)]
    answers, _ = asyncio.run(post_each_once(port, texts, 2))
    check_cold(answers, texts)  # five fresh misses: no complaint
    assert sorted(a.text for a in answers) == sorted(texts)
    assert check_misses_recorded(url, data_dir, 5, workers=1)["cache_hits"] == 0
    # One document the server has summarized already: its answer is a hit.
    again = [*texts[:1], f"{document(200)}\n\nReference cold-new."]
    answers, _ = asyncio.run(post_each_once(port, again, 1))
    with pytest.raises(SystemExit, match="1 wrong answers"):
        check_cold(answers, again)
    with pytest.raises(SystemExit, match="1 cache hits"):
        check_misses_recorded(url, data_dir, 6, workers=1)
    # A document sent twice in one run, or an answer missing, is no cold run either.
    with pytest.raises(SystemExit, match="not one each"):
        check_cold(answers[:1], again)
    assert httpx.get(f"{url}/healthz").status_code == 200
