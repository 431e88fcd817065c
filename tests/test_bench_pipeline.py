"""bench/pipeline.py: it measures bench/api.py's miss document, and a run whose result changes
shape from one run to the next (work skipped, a cache answering for another text) fails loudly."""

from __future__ import annotations

import itertools
import json

import pytest

from bench import api
from bench.pipeline import api_miss, measure, new_sentences, timed


def test_the_api_miss_document_is_the_one_bench_api_sends():
    text, raw = api_miss()
    assert text == api.document()
    assert json.loads(raw) == api.DRAFT


def test_a_run_of_another_shape_voids_the_figure():
    shapes = iter([(3,), (3,), (2,)])
    stage = (str, len, lambda _: next(shapes))
    with pytest.raises(SystemExit, match="void"):
        timed(stage, itertools.repeat("text"), 3, cold=False)


def test_each_seen_run_has_a_sentence_no_run_had():
    texts = list(itertools.islice(new_sentences("Base.", "read"), 3))
    assert len(set(texts)) == 3
    assert all(t.startswith("Base.\nReference read-") for t in texts)


def test_every_stage_is_measured_cold_and_seen():
    text, raw = api_miss()
    figures = measure(text, 1, raw)
    for stage in ("split", "attribution", "read", "prompt", "parse", "assemble"):
        assert figures[f"{stage}_ms"] > 0
        assert figures[f"seen_{stage}_ms"] > 0
    assert figures["end_to_end_ms"] > 0 and figures["seen_sentences_ms"] > 0
    assert figures["frames"] > 20  # the sample's many frames: what made its misses dear
