"""Hedge preservation: the headline, summary and key points must not state as fact what the
document only attributes.

"Insurgents killed 50 soldiers" and "insurgents said they killed 50 soldiers" differ in the one
thing a source-attributed summary is for. A sentence of the overview breaks that when it carries
a number, or two or more key terms, that the document states only inside someone's statement,
and it has no attribution of its own ("says", "according to", "reportedly"). The repair is
deterministic: "<headline>, activists say" or "According to activists, <sentence>".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from service.document import Document, split_sentences, without_dateline
from service.schemas import Check
from service.verify.attribution import Frame, flatten
from service.verify.lexicon import COMMON_OPENERS, HEDGE_WORDS, PLURAL_HEADS
from service.verify.sources import RESTATES, is_caption_or_headline, name_words
from service.verify.topics import coverage, key_terms

MIN_ATTRIBUTED_TERMS = 2
"""Key terms found only in attributed content that make a sentence state an attributed fact."""


@dataclass
class HedgeReport:
    """The overview with repairs applied, one check per part, and what failed before repair."""

    headline: str
    summary: str
    key_points: list[str]
    checks: list[Check] = field(default_factory=list)
    violations: list[Check] = field(default_factory=list)
    """The failed checks as found, before repair: what to tell the model when re-asking."""

    @property
    def repaired(self) -> bool:
        return bool(self.violations)


@dataclass(frozen=True)
class _Basis:
    own: frozenset[str]
    frames: tuple[tuple[Frame, frozenset[str]], ...]


def check_hedges(
    document: Document,
    frames: Sequence[Frame],
    *,
    headline: str,
    summary: str,
    key_points: Sequence[str],
) -> HedgeReport:
    """Check each part of the overview and repair what states an attributed fact bare."""
    basis = _basis(document, frames)
    report = HedgeReport(headline=headline, summary=summary, key_points=list(key_points))

    fixed, check, violation = _check_unit(document, basis, headline, "hedge:headline", True)
    report.headline = fixed
    report.checks.append(check)
    report.violations += violation

    pieces = []
    failures: list[Check] = []
    repairs: list[str] = []
    last = 0
    for sentence in split_sentences(summary):
        fixed, check, violation = _check_unit(
            document, basis, sentence.text, "hedge:summary", False
        )
        pieces.append(summary[last : sentence.start] + fixed)
        last = sentence.end
        failures += violation
        if violation:
            repairs.append(check.reason)
    report.summary = "".join(pieces) + summary[last:]
    report.violations += failures
    report.checks.append(
        Check(name="hedge:summary", passed=False, reason="; ".join(repairs))
        if repairs
        else Check(
            name="hedge:summary",
            passed=True,
            reason="states nothing as fact that the document only attributes",
        )
    )

    for index, point in enumerate(key_points):
        name = f"hedge:key_points[{index}]"
        fixed, check, violation = _check_unit(document, basis, point, name, False)
        report.key_points[index] = fixed
        report.checks.append(check)
        report.violations += violation
    return report


def _basis(document: Document, frames: Sequence[Frame]) -> _Basis:
    """Key terms the document states in its own voice, and those of each attributed content.

    A caption or headline line that restates an attributed body sentence does not count as the
    document's own voice: it is the same statement, shortened.
    """
    text = document.text
    attributed = [(f, key_terms(f.content_quote)) for f in flatten(frames) if f.source]
    quoted = _merged((c.start, c.end) for f, _ in attributed for c in f.content)
    starts = [start for start, _ in quoted]
    own: set[str] = set()
    for sentence in document.sentences:
        pieces, pos = [], sentence.start
        first = max(0, bisect.bisect_right(starts, sentence.start) - 1)
        for start, end in quoted[first : bisect.bisect_left(starts, sentence.end)]:
            pieces.append(text[pos : max(pos, start)])
            pos = max(pos, end)
        pieces.append(text[pos : sentence.end])
        terms = key_terms(" ".join(pieces))
        if is_caption_or_headline(document, sentence) and any(
            coverage(terms, body) >= RESTATES for _, body in attributed
        ):
            continue
        own |= terms
    return _Basis(own=frozenset(own), frames=tuple(attributed))


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _check_unit(
    document: Document, basis: _Basis, unit: str, name: str, is_headline: bool
) -> tuple[str, Check, list[Check]]:
    """(the unit, repaired if needed; its check; the failed check as found, if any)."""
    if not unit.strip():
        return unit, Check(name=name, passed=True, reason="empty"), []
    if (hedge := HEDGE_WORDS.search(unit)) is not None:
        return unit, Check(name=name, passed=True, reason=f"attributed ('{hedge.group()}')"), []
    terms = key_terms(unit)
    only_attributed = {t for t in terms - basis.own if any(t in body for _, body in basis.frames)}
    numbers = {t for t in only_attributed if t[:1].isdigit()}
    if not numbers and len(only_attributed) < MIN_ATTRIBUTED_TERMS:
        return (
            unit,
            Check(name=name, passed=True, reason="states nothing the document only attributes"),
            [],
        )
    # Name the source as the body does: a title line ("Opposition says...") is a shorthand.
    frame = max(
        basis.frames,
        key=lambda fb: (
            len(fb[1] & numbers),
            fb[0].sentences[:1] != (1,),
            len(fb[1] & only_attributed),
            -fb[0].start,
        ),
    )[0]
    source = frame.source or "the source"
    where = f"sentence {frame.sentences[0]}" if frame.sentences else "the document"
    listed = ", ".join(_words_for(unit, only_attributed))
    found = Check(
        name=name,
        passed=False,
        reason=f"states as fact what the document only attributes to '{source}' "
        f"({listed}: {where})",
    )
    fixed = hedge_unit(document, unit, source, headline=is_headline)
    repaired = Check(
        name=name,
        passed=False,
        reason=f"repaired: '{unit.strip()}' -> '{fixed.strip()}'; the document attributes "
        f"{listed} to '{source}' ({where})",
    )
    return fixed, repaired, [found]


def _words_for(unit: str, stems: set[str]) -> list[str]:
    """The unit's own words for a set of stems, in its order, for a reason a person reads."""
    shown: list[str] = []
    for word in re.findall(r"\d[\d,.]*\d|\w[\w’'-]*", unit):
        if key_terms(word) & stems and word not in shown:
            shown.append(word)
    return shown


def hedge_unit(
    document: Document, unit: str, source: str, *, headline: bool, plural: bool = False
) -> str:
    """'<headline>, X says' or 'According to X, <sentence>': the attribution put back.
    `plural`: `source` names several ("Speaker 1 and Speaker 2 say")."""
    is_headline = headline
    lead = unit[: len(unit) - len(unit.lstrip())]
    body = without_dateline(unit.strip())
    language = language_of(document.text)
    if language != "en":
        return lead + _hedged_in(language, body, source, document, headline=is_headline)
    if is_headline:
        verb = "say" if plural or _plural(source) else "says"
        return f"{lead}{body.rstrip(' .')}, {source} {verb}"
    body = _without_the_speaker_again(body, source)
    return f"{lead}According to {source}, {_lowered(document, body)}"


def _lowered(document: Document, body: str) -> str:
    """`body` to follow a hedge's comma: its first word lowered unless the document names it."""
    first = body.split()[0] if body.split() else ""
    if first and not _proper(document, first):
        return body[0].lower() + body[1:]
    return body


def _hedged_in(
    language: Literal["de", "es", "fr"],
    body: str,
    source: str,
    document: Document,
    *,
    headline: bool,
) -> str:
    """The hedge in the document's own language: German puts the speaker after the sentence
    ("..., so das Unternehmen."), as "laut" would decline the name; Spanish opens with "Según",
    French with "Selon"."""
    if language == "de":
        stop = body[-1] if body[-1:] in ".!?" and not headline else ""
        return f"{body.rstrip(' .!?')}, so {source}{stop}"
    word = "según" if language == "es" else "selon"
    if headline:
        return f"{body.rstrip(' .')}, {word} {source}"
    return f"{word.capitalize()} {source}, {_lowered(document, body)}"


_FUNCTION_WORDS = {
    "en": frozenset("the and of to is was that with for are has said".split()),
    "de": frozenset("der die das und ist nicht mit für auf dem den zu sich ein eine".split()),
    "es": frozenset("el la los las y es que del con para por una según".split()),
    "fr": frozenset("le les et est des du une pour dans pas sur avec selon été".split()),
}


@lru_cache(maxsize=64)
def language_of(text: str) -> Literal["en", "de", "es", "fr"]:
    """English, German, Spanish or French, by which language's commonest words the text uses
    most: the hedge a summary gets is written in it. English when in doubt."""
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    counts = {lang: sum(w in common for w in words) for lang, common in _FUNCTION_WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > counts["en"] else "en"  # type: ignore[return-value]


def _without_the_speaker_again(body: str, source: str) -> str:
    """The sentence without its opening mention of the speaker the hedge names: "According to
    the army, it had received ..." rather than "..., the army had received", and "According to
    Nadia Petrova, the trust would ..." rather than "..., Nadia Petrova, the trust would"."""
    speaker = name_words(source)
    opening = ""
    for match in re.finditer(r"[\w’'.&-]+,?", body[:120]):
        words = name_words(body[: match.end()].rstrip(","))
        if not words <= speaker:
            break
        if words:
            opening = body[: match.end()]
        if match.group().endswith(","):
            break
    rest = body[len(opening.rstrip(",")) :]
    if not opening or re.match(r"\s+[A-Z]", rest):
        return body  # no mention, or a longer name ("Voltra Mobility" for "Voltra")
    if re.match(r",\s+(?!who\b|which\b|whose\b)", rest):
        return rest.lstrip(", ")  # a name said to the reader before the sentence proper
    verb = re.match(r"\s+(\w+)", rest)
    if (
        not opening.lower().startswith("the ")
        or name_words(opening) != speaker
        or verb is None
        or not (verb.group(1) in _VERBS_AFTER_A_SUBJECT or verb.group(1).endswith("ed"))
    ):
        return body  # a person ("he" or "she" is not ours to guess), part of a name, no verb
    return ("they" if _plural(source) else "it") + rest


_VERBS_AFTER_A_SUBJECT = frozenset(
    "had has have was were is are would will could can may might must should did does do "
    "said says told plans planned wants wanted expects expected".split()
)


def _plural(source: str) -> bool:
    head = re.split(r"\s+(?:for|of|at|from|in|with)\s+", source.strip())[0].split()[-1]
    return (
        head.lower() in PLURAL_HEADS
        or head.lower() in ("they", "we", "you")
        or (head.islower() and head.endswith("s") and not head.endswith("ss"))
    )


def _mid_sentence(document: Document, offset: int) -> bool:
    """Whether `offset` lies inside the sentence that holds it, not at its opening: a headline
    without a stop ends where its line does, so the next line's first word opens a sentence."""
    sentence = document.sentence_at(offset)
    return sentence is not None and sentence.start < offset


def _proper(document: Document, word: str) -> bool:
    """A capital that stays mid-sentence in the document marks a name: keep it."""
    if word == "A":
        return False  # the article, not an acronym
    if word.isupper() or not word[:1].isupper():
        return word.isupper()
    if word.lower() in COMMON_OPENERS:
        return False
    word = re.sub(r"[’']s$", "", word)  # "Labour's": a name if "Labour" is one
    after_word = re.finditer(r"[a-z,]\s+(" + re.escape(word) + r")\b", document.text)
    if any(_mid_sentence(document, m.start(1)) for m in after_word):
        return True
    # A transcript names its speakers only where their lines begin ("Priya Raman: ...").
    return re.search(r"^" + re.escape(word) + r"\b[^\n:]{0,40}:", document.text, re.M) is not None
