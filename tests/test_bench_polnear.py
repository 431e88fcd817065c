"""bench/polnear.py's split (articles halved by the SHA-256 of their id, the same every run) and
its figures."""

from __future__ import annotations

import hashlib

from bench.polnear import _figures, halves


def test_the_articles_are_halved_by_sha256_and_twice_annotated_ones_stay_together() -> None:
    articles = [f"article-{n}" for n in range(9)]
    split = halves([*articles, articles[0]])
    assert sorted(split) == articles
    ordered = sorted(articles, key=lambda a: hashlib.sha256(a.encode()).hexdigest())
    assert [split[a] for a in ordered] == ["dev-a"] * 4 + ["dev-b"] * 5
    assert halves(reversed(articles)) == split


def test_f1_comes_from_the_counts_not_the_rounded_precision_and_recall() -> None:
    keys = ["content_matched_predicted", "content_matched_gold", "speech_gold", "speech_matched"]
    row = {"matched_predicted": 1238, "predicted": 1490, "matched_gold": 1238, "gold": 2319}
    row |= {k: 0 for k in keys} | {"indirect_gold": 0, "indirect_matched": 0}
    figures = _figures([row])
    assert (figures["precision"], figures["recall"]) == (0.831, 0.534)
    assert figures["f1"] == 0.65  # 2 * 1238 / (1490 + 2319); from 0.831 and 0.534 it read 0.651
