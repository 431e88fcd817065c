"""The reading's prefiltered patterns answer as the patterns do, and skip the plain sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from service import reading
from service.document import split_sentences
from service.prefilter import Prefiltered, finditer_from
from service.verify.attribution import coreference

ROOT = Path(__file__).resolve().parents[1]
PREFILTERED = {
    "caption": reading._CAPTION,
    "labelled caption": reading._LABELLED_CAPTION,
    "positioned": reading._POSITIONED,
    "boilerplate": reading._BOILERPLATE,
}


def _literal_words(pattern: re.Pattern[str]) -> list[str]:
    """Every run of letters (with spaces, '/', ':' and '©') the pattern's source spells out."""
    return re.findall(r"[a-z©][a-z ©/:]*", pattern.pattern.replace("\\b", " "))


# Pieces a caption or page furniture is made of, beside ordinary words, in any case, and the
# characters Unicode case folding maps onto ASCII letters (the Kelvin sign, the long s).
PIECES = sorted(
    {w for p in PREFILTERED.values() for w in _literal_words(p.pattern) if w.strip()}
    | {"The", "council", "said", "Jane", "Porter", "(", ")", ":", " ", "  ", "\t", ".", ",", "/"}
    | {"(Reuters)", "(AP)", "Getty", "\u212a", "\u017f", "’", "—", "Mr", "A"}
)


PAGE = """Council approves new bus lanes on Mill Road
Share this withEmailFacebookMessengerTwitterPinterestWhatsAppLinkedIn
By Jane Porter
Strictly business: Jane Porter (pictured) opens the lanes.
Photo: Buses queue at the Mill Road junction. (Ian Hart/City Gazette)
Drivers (far left) and the mayor at the opening
Read more: Why buses are late
We use cookies to improve your experience. Accept all cookies to continue.
"""


def _documents() -> list[str]:
    texts = [PAGE, *(p.read_text(encoding="utf-8") for p in (ROOT / "examples").glob("*.txt"))]
    for path in sorted((ROOT / "evals" / "fixtures").glob("*.yaml")):
        fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(fixture, dict) and isinstance(fixture.get("text"), str):
            texts.append(fixture["text"])
    return texts


def _units(texts: list[str]) -> list[str]:
    """What the reading searches: its sentences and their whole lines."""
    found = []
    for text in texts:
        found += [s.text for s in split_sentences(text)]
        found += [line.strip() for line in text.splitlines() if line.strip()]
    return found


def test_the_fixtures_hold_documents() -> None:
    assert len(_documents()) > 10


@pytest.mark.parametrize("name", PREFILTERED)
def test_every_sentence_and_line_of_the_fixtures_gets_the_patterns_answer(name: str) -> None:
    prefiltered = PREFILTERED[name]
    units = _units(_documents())
    for unit in units:
        assert bool(prefiltered.search(unit)) == bool(prefiltered.pattern.search(unit)), unit
    # The fixtures hold captions and furniture: both answers are exercised.
    assert any(prefiltered.pattern.search(u) for u in units)


@pytest.mark.parametrize("name", PREFILTERED)
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=12), upper=st.lists(st.booleans()))
def test_any_text_of_their_pieces_gets_the_patterns_answer(
    name: str, pieces: list[str], upper: list[bool]
) -> None:
    text = "".join(
        p.upper() if u else p for p, u in zip(pieces, upper + [False] * 12, strict=False)
    )
    prefiltered = PREFILTERED[name]
    assert bool(prefiltered.search(text)) == bool(prefiltered.pattern.search(text))


def test_a_plain_sentence_skips_the_patterns() -> None:
    plain = "The city council voted on Tuesday to add bus lanes along Mill Road."
    assert not any(p.may_match(plain) for p in PREFILTERED.values())


def test_non_ascii_text_is_left_to_a_case_insensitive_pattern() -> None:
    # U+212A (Kelvin sign) folds to "k": "LIN\u212aEDIN" is "linkedin" to re.IGNORECASE.
    pattern = re.compile(r"linkedin", re.IGNORECASE)
    prefiltered = Prefiltered(pattern, anywhere=("linkedin",))
    assert prefiltered.search("Share on LIN\u212aEDIN") is not None
    assert prefiltered.search("Share on nothing") is None


# Patterns that open with a lookbehind, scanned only where their first word or letter is.
FROM_FIRST = {
    "names": (coreference.NAME, coreference._CAPITAL),
    "titles": (coreference._GENDERED_TITLE, coreference._TITLE_START),
    "org subjects": (coreference._ORG_SUBJECT, coreference._ORG_SUBJECT_START),
}
NAME_PIECES = [
    *"Mr Mrs Ms Miss Sir Lord Dame Lady The Their Her Its Our".split(),
    *"Hodge Margaret Bank England ministry army has said denied of the de".split(),
    *[" ", "  ", "\n", "\n\n", ".", ",", "-", "’", "'", "“", "x", "MrsHodge", "SirJohn"],
]


@pytest.mark.parametrize("name", FROM_FIRST)
def test_finditer_from_finds_what_finditer_finds(name):
    pattern, first = FROM_FIRST[name]
    text = (
        "Mrs Margaret Hodge said. MrsHodge and Ms. Lady Dame Ann-Lee, Sir John of the Bank of "
        "England.\nThe ministry has said it. Their army denied it; Our group said so.\nLord"
    )
    expected = [(m.span(), m.group()) for m in pattern.finditer(text)]
    assert expected  # each pattern matches this text somewhere
    assert [(m.span(), m.group()) for m in finditer_from(pattern, first, text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=30), st.sampled_from(sorted(FROM_FIRST)))
def test_finditer_from_answers_as_finditer(pieces, name):
    pattern, first = FROM_FIRST[name]
    text = "".join(pieces)
    found = [(m.span(), m.group()) for m in finditer_from(pattern, first, text)]
    assert found == [(m.span(), m.group()) for m in pattern.finditer(text)]
