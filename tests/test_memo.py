"""Per-text memos: bounded, cleared with every cache, and never changing what is read."""

from __future__ import annotations

import inspect
import random

import pytest

from service import caches, document
from service.evals.fixtures import load_fixtures
from service.memo import TextMemo
from service.reading import Reading, read
from service.verify import support


def test_a_memo_keeps_short_texts_only_and_at_most_maxsize() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    memo = TextMemo(length, maxsize=2, max_chars=5)
    assert [memo("abc"), memo("abc"), memo("abcdef"), memo("abcdef")] == [3, 3, 6, 6]
    assert calls == ["abc", "abcdef", "abcdef"]  # the long text is computed each time
    memo("x"), memo("y"), memo("z")
    assert memo.cache_info().currsize == 2
    memo.cache_clear()
    assert memo.cache_info().currsize == 0


def test_clear_all_clears_the_per_text_memos(sample_text: str) -> None:
    read(sample_text)
    assert document._line_spans.cache_info().currsize > 0
    caches.clear_all()
    assert document._line_spans.cache_info().currsize == 0
    assert caches.entries() == 0


def test_clear_all_finds_memos_by_type_not_by_attribute() -> None:
    """sqlalchemy's `func` (imported by the store) has every attribute, `cache_clear` too."""
    caches.import_all()
    caches.clear_all()
    assert caches.entries() == 0


def test_a_line_seen_before_is_not_split_again(
    sample_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches.clear_all()
    split: list[str] = []
    offsets = document._sentence_offsets

    def counted(chunk: str) -> list[tuple[int, int]]:
        split.append(chunk)
        return offsets(chunk)

    monkeypatch.setattr(document, "_sentence_offsets", counted)
    document.split_sentences(sample_text)
    lines = len(split)
    sentences = document.split_sentences(sample_text + "\n\n" + sample_text + "\nOne more line.")
    assert split[lines:] == ["One more line."]
    assert [s.text for s in sentences[-3:]] == [
        "The last strike at the port, in 2019, lasted nine days.",
        "Talks are due to resume on Friday under a mediator, the union said.",
        "One more line.",
    ]


def _documents(sample_text: str) -> list[str]:
    """Fixtures, the sample, and documents made of their lines in other orders and company:
    each line then stands after other text than where it was first read."""
    texts = [f.text for f in load_fixtures()] + [sample_text]
    shuffler = random.Random(12)
    made = []
    for i, text in enumerate(texts):
        other = texts[(i + 1) % len(texts)]
        lines = text.splitlines()
        shuffler.shuffle(lines)
        made += [
            other + "\n\n" + text,
            "\n".join(lines),
            text.replace("\n\n", "\n"),
            "Preamble: " + text,
            text + " " + other,
        ]
    return texts + made


def _read_cold(text: str) -> Reading:
    caches.clear_all()
    return read(text, max_chars=1_000_000)


def test_memos_never_change_a_reading(sample_text: str) -> None:
    texts = _documents(sample_text)
    cold = [_read_cold(t) for t in texts]
    caches.clear_all()
    warm = [read(t, max_chars=1_000_000) for t in texts]  # each after all before it
    again = [read(t, max_chars=1_000_000) for t in reversed(texts)][::-1]
    for text, c, w, a in zip(texts, cold, warm, again, strict=True):
        assert w == c, text[:80]
        assert a == c, text[:80]


def test_a_sentence_reads_by_what_the_document_around_it_takes() -> None:
    """The same sentence and the same words around it, once closing a quotation that opened
    two sentences back (its "said" is the quote's) and once not: each as when read cold."""
    opened = 'He spoke. "The union has talked to the company for three months now. '
    plain = "He spoke. The union has talked to the company for three months now. "
    tail = 'Nothing has changed at all," she said. Talks go on.\n'
    texts = [opened + tail, plain + tail]
    cold = [_read_cold(t) for t in texts]
    caches.clear_all()
    assert [read(t) for t in texts] == cold
    assert [read(t) for t in reversed(texts)] == cold[::-1]


def test_a_claim_is_compared_with_the_same_evidence_once() -> None:
    claim = "Talks resume on Friday."
    evidence = "Talks are due to resume on Friday, the union said."
    assert support.assess(claim, evidence, word_order=False) is support.assess(
        claim, evidence, word_order=False
    )
    assert support.assess(claim, evidence) != support.assess(claim, evidence, word_order=False)
    long = evidence * (support.MEMO_CHARS // len(evidence) + 1)
    first, second = support.assess(claim, long), support.assess(claim, long)
    assert first == second and first is not second  # too long to keep


def test_every_functools_cache_with_arguments_is_bounded() -> None:
    """A cache keyed by arguments is keyed by what callers send (documents, their statements,
    prompt names): unbounded, it grows with the traffic. Caches of no argument hold one value."""
    caches.import_all()
    unbounded = [
        f"{cached.__module__}.{cached.__qualname__}"
        for cached in caches._caches()
        if cached.cache_info().maxsize is None
        and inspect.signature(getattr(cached, "__wrapped__", cached)).parameters
    ]
    assert unbounded == []
