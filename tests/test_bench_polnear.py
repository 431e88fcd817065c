"""bench/polnear.py's split: articles halved by the SHA-256 of their id, the same every run."""

from __future__ import annotations

import hashlib

from bench.polnear import halves


def test_the_articles_are_halved_by_sha256_and_twice_annotated_ones_stay_together() -> None:
    articles = [f"article-{n}" for n in range(9)]
    split = halves([*articles, articles[0]])
    assert sorted(split) == articles
    ordered = sorted(articles, key=lambda a: hashlib.sha256(a.encode()).hexdigest())
    assert [split[a] for a in ordered] == ["dev-a"] * 4 + ["dev-b"] * 5
    assert halves(reversed(articles)) == split
