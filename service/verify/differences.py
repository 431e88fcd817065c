"""Ways a claim can depart from its evidence, one function each: numbers and names the evidence
lacks, words out of its order, opposites, a negation moved, a word swapped, a judgement or a
number's meaning the evidence does not give, a number or date said of something else.
`support.assess` gathers them into a `Support`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from itertools import compress, pairwise

from service.verify import terms
from service.verify.lexicon import (
    ABSOLUTES,
    CAUSAL_LINKS,
    CIRCUMSTANCE_WORDS,
    DEMONYM_SUFFIXES,
    DEMONYMS,
    HONORIFICS,
    IMPLICIT_NEGATIONS,
    JUDGEMENTS,
    JUDGING_FORMS,
    MAGNITUDES,
    MODALS,
    NEGATING_PREFIXES,
    OPPOSITE_FAMILIES,
    PAST_BASES,
    PURPOSE_MARKERS,
    QUALIFIERS,
    QUARTERS,
    RELATIVE_DAYS,
    TIME_UNITS,
)
from service.verify.terms import Tokens

_IMPLICIT_NEGATIONS = frozenset(terms.term(w)[1] for w in IMPLICIT_NEGATIONS)
_JUDGEMENTS = frozenset(terms.term(w)[1] for w in JUDGEMENTS | ABSOLUTES)
_QUALIFIERS = frozenset(terms.term(w)[1] for w in QUALIFIERS)
"""The stems of the lexicon's lists, as the claims and evidence compare."""


def _families() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    family: dict[str, set[str]] = {}
    opposite: dict[str, set[str]] = {}
    for family_a, family_b in OPPOSITE_FAMILIES:
        stems_a = {terms.term(w)[1] for w in family_a.split()}
        stems_b = {terms.term(w)[1] for w in family_b.split()}
        for own, other in ((stems_a, stems_b), (stems_b, stems_a)):
            for stemmed in own:
                family.setdefault(stemmed, set()).update(own)
                opposite.setdefault(stemmed, set()).update(other)
    return (
        {k: frozenset(v) for k, v in family.items()},
        {k: frozenset(v) for k, v in opposite.items()},
    )


FAMILY, OPPOSITES = _families()
"""Stem -> the stems of its own forms ('rise' -> 'rose', 'risen'...) and of its opposites."""
_SPELLING = {
    terms.term(w)[1]: w for pair in OPPOSITE_FAMILIES for family in pair for w in family.split()
}


_RELATIVE_DAYS = {
    terms.term(day)[1]: tuple((phrase, terms.content_words(phrase)) for phrase in phrases)
    for day, phrases in RELATIVE_DAYS.items()
}


def shared(
    claim: Tokens, content: frozenset[str], evidence: Tokens, have: frozenset[str]
) -> frozenset[str]:
    """The claim's `content` stems the evidence bears out (`have`: its stems and any counted as
    present): the same stem, or a day named from another day ("the next day" for "tomorrow")."""
    found = content & have
    rest = content - found
    if not rest:
        return found
    extra: set[str] = set()
    for day in evidence.stems & _RELATIVE_DAYS.keys():
        for phrase, words in _RELATIVE_DAYS[day]:
            if words & rest and phrase in claim.text.lower():
                extra |= words & rest
    return found | frozenset(extra) | negated_opposites(claim, evidence, rest)


def negated_opposites(
    claim: Tokens, evidence: Tokens, among: frozenset[str] | None = None
) -> frozenset[str]:
    """The claim's words (of `among`) whose opposite the evidence denies: "Rossi disagrees" from
    "I don't agree" says what the evidence says, its negation in the word."""
    if not evidence.denied or claim.negations:
        return frozenset()
    words = claim.content if among is None else among
    return frozenset(w for w in words & OPPOSITES.keys() if OPPOSITES[w] & evidence.denied)


def spelled(stem: str) -> str:
    return _SPELLING.get(stem, stem)


def affirmed(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """Words the claim denies that the evidence has, never denied: a negation moved. A denial
    the claim only supposes ("contact IT if the website is not working") moves nothing."""
    if not claim.has_negation or evidence.stems & _IMPLICIT_NEGATIONS:
        return ()
    denied = claim.denied - claim.denied_if
    if not denied:
        return ()
    return tuple(sorted(claim.spelling[w] for w in (denied & evidence.stems) - evidence.denied))


def swapped(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    """A claim word where the evidence, between the same two words, has another: "advanced
    cleaning software, smart" against "advanced cleaning system, smart"."""
    stems, contents = claim.sequence, claim.content_flags
    if len(stems) < 3:
        return ()
    slots = evidence.slots
    names = claim.names  # a name the evidence lacks is the names check's
    found = []
    for i in range(1, len(stems) - 1):
        word = stems[i]
        if not contents[i] or word in evidence.stems or word[:1].isdigit() or word in names:
            continue
        before, after = stems[i - 1], stems[i + 1]
        if not (contents[i - 1] or contents[i + 1]):
            continue
        for other in sorted(slots.get((before, after), ())):  # the same one in every process
            if other != word and other not in claim.stems and other in evidence.content:
                found.append((claim.spelling[word], evidence.spelling[other]))
                break
    return tuple(sorted(set(found)))


_UNITS = frozenset(terms.term(w)[1] for w in TIME_UNITS) | frozenset(
    terms.term(w + "s")[1] for w in TIME_UNITS
)
_UNIT_OPENERS = frozenset({"a", "an", "per", "each", "every", "next", "last", "this", "that"})


def time_units(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    """A time unit the evidence has another of after the same words: "run out within a month"
    for "within a week", "two months" for "two weeks", "next year" for "next month"."""
    stems, words = claim.sequence, claim.words
    rates = _rate_units(claim)
    found = []
    for i in range(1, len(stems)):
        unit = stems[i]
        if unit not in _UNITS or unit in evidence.stems or i in rates:
            continue  # a number's rate ("£18 million a week") is `requalified`'s to compare
        before = stems[i - 1]
        opener = words[i - 1] in _UNIT_OPENERS or words[i - 1][:1].isdigit()
        ev = evidence.sequence
        for j in range(1, len(ev)):
            other = ev[j]
            if other not in _UNITS or other in claim.stems or ev[j - 1] != before:
                continue
            if opener or (i >= 2 and j >= 2 and ev[j - 2] == stems[i - 2]):
                found.append((claim.spelling[unit], evidence.spelling[other]))
                break
    return tuple(sorted(set(found)))


def _same_place(a: str, b: str) -> bool:
    """'chinese' and 'china', 'german' and 'germany', 'french' and 'france': one place."""
    for demonym, place in ((a, b), (b, a)):
        if DEMONYMS.get(demonym) == place:
            return True
        for suffix in DEMONYM_SUFFIXES:
            base = demonym[: -len(suffix)]
            if demonym.endswith(suffix) and len(base) >= 3:
                if place != demonym and place.startswith(base) and len(place) - len(base) <= 3:
                    return True
                break
    return False


def _name_present(name: str, have: frozenset[str]) -> bool:
    if name in have:
        return True
    if "-" in name:  # "Smith-Jones" in "Smith Jones"; "Jean-Claude" in "Jean-Claude"
        parts = [terms.stem(p) for p in name.split("-") if p]
        if parts and all(p in have for p in parts):
            return True
    if name in QUARTERS:
        return QUARTERS[name] in have and "quarter" in have
    if name.isalpha() and len(name) >= 4:
        return any(_same_place(name, other) for other in have if other[:2] == name[:2])
    return False


def missing_names(
    claim: Tokens, have: frozenset[str], evidence: Tokens | None = None
) -> tuple[str, ...]:
    """The claim's names the evidence lacks, a name spelled out for its initials or the reverse
    counting as present ("United States" for "U.S.", "IMF" for "International Monetary Fund")."""
    missing = {n for n in claim.names if not _name_present(n, have)}
    if missing and evidence is not None:
        # The evidence's acronyms and initials (a pass over all its words) only when the claim
        # spells out a name of several words, or writes one in capitals: most claims do neither.
        if terms.initials(claim.tokens, claim.phrase_ends):
            missing -= _initialled(claim, _acronyms(evidence))
        if missing & (written_short := _acronyms(claim)):
            spelled_out = _initials(evidence)
            missing = {n for n in missing if not (n in written_short and n in spelled_out)}
    return tuple(sorted(claim.spelling[n] for n in missing))


def _acronyms(tokens: Tokens) -> frozenset[str]:
    """Names written in capitals ("IMF", "U.S."), normalised as the stems are."""
    return frozenset(
        stem
        for token, stem in zip(tokens.tokens, tokens.sequence, strict=True)
        if 2 <= len(token.replace(".", "")) <= 6 and token.replace(".", "").isupper()
    )


def _initials(tokens: Tokens) -> frozenset[str]:
    """Each name's initials as a name is written short: "United States" -> "us"."""
    return frozenset(
        short.lower() for short, _ in terms.initials(tokens.tokens, tokens.phrase_ends)
    )


def _initialled(claim: Tokens, acronyms: frozenset[str]) -> set[str]:
    """The claim's spelled-out names whose initials the evidence writes ("U.S.", "UK")."""
    present: set[str] = set()
    for short, run in terms.initials(claim.tokens, claim.phrase_ends):
        if short.lower() in acronyms:
            present.update(claim.sequence[i] for i in run)
    return present


_CAUSAL = tuple(tuple(terms.term(w)[1] for w in link.split()) for link in CAUSAL_LINKS)
_CAUSAL_FIRST = frozenset(link[0] for link in _CAUSAL)


def _causal_links(tokens: Tokens) -> list[str]:
    """The causal links a text writes, as it writes them."""
    stems = tokens.sequence
    found = []
    for i in compress(range(len(stems)), (s in _CAUSAL_FIRST for s in stems)):
        for link in _CAUSAL:
            if tuple(stems[i : i + len(link)]) == link:
                found.append(" ".join(tokens.tokens[i : i + len(link)]))
                break
    return found


def causal(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """Causal links ("led to", "because") in a claim whose evidence links nothing by cause."""
    if not claim.stems & _CAUSAL_FIRST:
        return ()
    links = _causal_links(claim)
    if not links or _causal_links(evidence):
        return ()
    return tuple(links)


def judgements(claim: Tokens, have: frozenset[str]) -> tuple[str, ...]:
    found = (claim.stems & _JUDGEMENTS) - have
    found |= {s for w, s in zip(claim.words, claim.sequence, strict=True) if w in JUDGING_FORMS}
    found -= have
    if _ONLY in found and have & _BOUNDS and _only_bounds_numbers(claim):
        found -= {_ONLY}  # "only 44 per cent" bounds a figure as "no more than 44" does
    return tuple(sorted(claim.spelling[w] for w in found))


_ONLY = terms.term("only")[1]
_BOUNDS = frozenset(terms.term(w)[1] for w in "just mere merely barely fewer less most no".split())
"""What bounds a figure as "only" does: "just 44", "no more than 44", "fewer than 50"."""


def _only_bounds_numbers(claim: Tokens) -> bool:
    words = claim.words
    return all(
        i + 1 < len(words) and words[i + 1][:1].isdigit()
        for i, stem in enumerate(claim.sequence)
        if stem == _ONLY
    )


_PAST_BASES = {word: terms.term(base)[1] for word, base in PAST_BASES.items()}
_BETWEEN_MODAL = frozenset("be been being have has had not never also still then soon".split())
"""Words between a modal or "to" and its verb: "would be made", "to then sign"."""
PURPOSE_WORDS = 6
"""Most words before a "to" that a `PURPOSE_MARKERS` word may stand: "has until 5pm on 30
December to make"."""


def unrealised(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """Verbs the claim states as done that the evidence gives only as possible, required,
    planned or uncertain: "Halvorsen made a firm offer" where "it has until 5pm on 30 December
    to make a firm offer or walk away" and "there was no certainty an offer would be made". A
    claim that keeps the modality ("has until 30 December to make") or denies ("no offer has
    been made") states nothing done."""
    if claim.has_negation:
        return ()
    found = []
    for i in range(len(claim.words)):
        if not _past(claim, i) or _governed(claim, i) is not None:
            continue
        base = _base(claim, i)
        uses = [
            j
            for j in range(len(evidence.words))
            if evidence.sequence[j] == base or _PAST_BASES.get(evidence.words[j]) == base
        ]
        governed = [_governed(evidence, j) for j in uses]
        done = [j for j, g in zip(uses, governed, strict=True) if g is None and _past(evidence, j)]
        if any(governed) and not done:
            found.append(claim.tokens[i])
    return tuple(dict.fromkeys(found))


_ASKED_WHETHER = re.compile(
    r"\b(?:asked|asking|asks|wondered|wondering|questioned)\b(?:[ \t]+[\w’'-]+){0,3}?[ \t]+"
    r"(?:whether|if)[ \t]+(?P<asked>[^,.;:?!\"“”\n]+)",
    re.IGNORECASE,
)
_ASKING_STEMS = frozenset(terms.term(w)[1] for w in "ask asked whether question wonder".split())
MIN_ASKED_WORDS = 2


def asked_only(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """The claim's words that the evidence has only inside a question put to someone: "Kovalenko
    said Ukraine would accept Turkish inspectors" where "Asked whether Ukraine would accept
    Turkish inspectors at its ports, she said: 'This question is open.'" What was asked is no
    one's statement; a claim that keeps the question ("was asked whether") states nothing."""
    if (
        "sk" not in evidence.text
        and "onder" not in evidence.text
        and "uestion" not in evidence.text
    ):
        return ()
    if claim.stems & _ASKING_STEMS:
        return ()
    clauses = list(_ASKED_WHETHER.finditer(evidence.text))
    if not clauses:
        return ()
    asked = frozenset().union(*(terms.content_words(m.group("asked")) for m in clauses))
    rest = evidence.text
    for m in reversed(clauses):
        rest = rest[: m.start("asked")] + " " + rest[m.end("asked") :]
    elsewhere = terms.content_words(rest)
    only = [
        w
        for w, stem in zip(claim.tokens, claim.sequence, strict=True)
        if stem in claim.content and stem in asked and stem not in elsewhere
    ]
    if len(set(only)) < MIN_ASKED_WORDS or 2 * len(set(only)) < len(claim.content):
        return ()
    return tuple(dict.fromkeys(only))


def _past(tokens: Tokens, position: int) -> bool:
    word = tokens.words[position]
    if terms.is_name(tokens.tokens[position]) and position > 0:
        return False  # "Calder United"
    return word in _PAST_BASES or (word.endswith("ed") and len(word) > 4)


def _base(tokens: Tokens, position: int) -> str:
    return _PAST_BASES.get(tokens.words[position], tokens.sequence[position])


def _governed(tokens: Tokens, position: int) -> str | None:
    """The modal or the planning "to" that governs the verb at `position` ("would be made",
    "until ... to make"), None when nothing does."""
    words, ends = tokens.words, tokens.phrase_ends
    k = position - 1
    while k >= 0 and k not in ends and words[k] in _BETWEEN_MODAL:
        k -= 1
    if k < 0 or k in ends:
        return None
    if words[k] in MODALS:
        return words[k]
    if words[k] != "to":
        return None
    for j in range(k - 1, max(-1, k - 1 - PURPOSE_WORDS), -1):
        if words[j] in PURPOSE_MARKERS:
            return f"{words[j]} ... to"
        if j in tokens.sentence_ends:
            break
    return None


def requalified(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    if not claim.quantities or not evidence.quantities:
        return ()
    found = []
    words, stems = evidence.words, evidence.sequence
    claim_values = {v for _, v in claim.quantities if v is not None}
    claim_rates = _rates(claim)
    for i, word in enumerate(words):
        if not word[:1].isdigit():
            continue
        value = terms.quantity(word, words[i + 1] if i + 1 < len(words) else None)[1]
        if value is None or value not in claim_values:
            continue
        rate = _rate_after(evidence, i)
        if rate is not None and claim_rates.get(value, rate) != rate:
            found.append((word, f"rate per {rate}"))
            continue
        for j in range(i + 1, min(i + 4, len(stems))):  # "$1.8 million deficit", "1.8m of debt"
            if stems[j] in _QUALIFIERS and stems[j] not in claim.stems:
                opposite = OPPOSITES.get(stems[j], frozenset())
                if not FAMILY.get(stems[j], frozenset({stems[j]})) & claim.stems and not (
                    opposite & claim.stems
                ):
                    found.append((word, evidence.spelling.get(stems[j], stems[j])))
                break
    return tuple(sorted(set(found)))


RATE_WINDOW = 4
"""Words after a number in which "a day", "per week" make it a rate ("£18 million a day")."""


def _rate_after(tokens: Tokens, position: int) -> str | None:
    """The time unit that makes the number at `position` a rate: "a day" in "£18 million a
    day", "per week" in "100 per week"; None when another number comes first."""
    words = tokens.words
    for j in range(position + 1, min(position + RATE_WINDOW, len(words) - 1)):
        if words[j][:1].isdigit():
            return None
        if words[j] in _RATE_WORDS and words[j + 1] in TIME_UNITS:
            return words[j + 1]
    return None


def _rate_units(tokens: Tokens) -> frozenset[int]:
    """Positions of the time units that make a number a rate ("week" in "£18 million a week")."""
    words = tokens.words
    return frozenset(
        j + 1
        for i, word in enumerate(words)
        if word[:1].isdigit()
        for j in range(i + 1, min(i + RATE_WINDOW, len(words) - 1))
        if words[j] in _RATE_WORDS and words[j + 1] in TIME_UNITS
    )


def _rates(tokens: Tokens) -> dict[float, str]:
    """Each number's value -> the time unit it is a rate per."""
    found: dict[float, str] = {}
    words = tokens.words
    for i, word in enumerate(words):
        if word[:1].isdigit() and (rate := _rate_after(tokens, i)) is not None:
            value = terms.quantity(word, words[i + 1] if i + 1 < len(words) else None)[1]
            if value is not None:
                found.setdefault(value, rate)
    return found


_RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})


def missing_numbers(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """A bare number matches the same number or value; one with a magnitude ('5 million')
    must match in value, so '5 billion' does not bear it out. A number that counts something
    the evidence counts too must be the evidence's count of it: "three weeks" is not borne out
    by "two weeks" beside "three months"."""
    if not claim.quantities:
        return ()
    values = {v for _, v in evidence.quantities if v is not None}
    plain = evidence.numbers
    bounds = _bounds(claim)
    missing = []
    for word, value in claim.quantities:
        if value is not None and value in values:
            continue
        if " " not in word and word in plain:
            continue
        if _within(bounds, value, values):
            continue  # "more than 2,000 workers" for "about 2,400 workers"
        missing.append(word)
    counted = evidence.counts
    for unit, numbers in claim.counts.items():
        if unit in counted and not numbers & counted[unit]:
            theirs = [v for n in counted[unit] if (v := terms.quantity(n, None)[1]) is not None]
            missing.extend(
                f"{n} {claim.spelling[unit]}"
                for n in numbers
                if n not in missing and not _within(bounds, terms.quantity(n, None)[1], theirs)
            )
    return tuple(sorted(missing))


BOUND_RANGE = 2.0
"""How far past a claim's bound the evidence's number may be: "more than 2,000" holds for
2,400, not for 2 million; "nearly 2,500" for 2,400, not for 1,000."""
_NEAR = 0.8
_BOUND = re.compile(
    r"\b(?P<bound>more than|over|at least|upwards of|nearly|almost|close to|fewer than|less than|"
    r"under|up to|at most)\s+(?P<number>\d[\d,.]*\d|\d)",
    re.IGNORECASE,
)


def _within(
    bounds: dict[float, tuple[float, float]], value: float | None, values: Iterable[float]
) -> bool:
    """Whether a value of `values` lies in the range the claim bounds `value` to."""
    if value is None or value not in bounds:
        return False
    low, high = bounds[value]
    return any(low <= v <= high for v in values)


def _bounds(claim: Tokens) -> dict[float, tuple[float, float]]:
    """Each number the claim bounds ("more than 2,000", "nearly 2,500", "up to 40") -> the
    range of the evidence's values it holds for, ends included."""
    found: dict[float, tuple[float, float]] = {}
    for match in _BOUND.finditer(claim.text):
        value = terms.quantity(terms.term(match["number"])[0], None)[1]
        if value is None or value <= 0:
            continue
        bound = match["bound"].lower()
        above, below = math.nextafter(value, math.inf), math.nextafter(value, 0)
        if bound in ("more than", "over", "upwards of"):
            found[value] = (above, value * BOUND_RANGE)
        elif bound == "at least":
            found[value] = (value, value * BOUND_RANGE)
        elif bound in ("nearly", "almost", "close to"):
            found[value] = (value * _NEAR, below)
        elif bound in ("fewer than", "less than", "under"):
            found[value] = (value / BOUND_RANGE, below)
        else:  # "up to", "at most"
            found[value] = (value / BOUND_RANGE, value)
    return found


def in_order(claim: Tokens, evidence: Tokens) -> float:
    """How much of the claim the evidence says in the same words and order: high for a claim
    that follows its source, low for a paraphrase or for one spliced from unrelated parts."""
    words = claim.sequence
    if len(words) < 3:
        return 1.0
    covered = [False] * len(words)
    for i, trigram in enumerate(zip(words, words[1:], words[2:], strict=False)):
        if trigram in evidence.trigrams:
            covered[i] = covered[i + 1] = covered[i + 2] = True
    return sum(covered) / len(words)


def _prefixed_opposites(claim: Tokens, evidence: Tokens) -> list[tuple[str, str]]:
    """'unreliable' where the evidence says 'reliable', and the reverse."""
    found = []
    for word in claim.content - evidence.stems:
        for prefix, shortest in NEGATING_PREFIXES.items():
            base = word[len(prefix) :]
            if word.startswith(prefix) and len(base) >= shortest and base in evidence.stems:
                if base not in claim.stems:
                    found.append((word, base))
                break
        else:
            for prefix, shortest in NEGATING_PREFIXES.items():
                negated = prefix + word
                if (
                    len(word) >= shortest
                    and negated in evidence.stems
                    and negated not in claim.stems
                ):
                    found.append((word, negated))
                    break
    return found


def opposites(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    found = _prefixed_opposites(claim, evidence)
    for word in claim.stems & OPPOSITES.keys():
        if FAMILY[word] & evidence.stems:
            continue  # the evidence has the word itself, in some form
        for opposite in OPPOSITES[word] & evidence.stems:
            if opposite in evidence.denied and word not in claim.denied:
                continue  # "disagrees" where the evidence says "don't agree": the same
            if word in _EVENT_ORDER and not _same_event(claim, word, evidence, opposite):
                continue  # "saved after a campaign" where "it is loaned before": another event
            if not FAMILY[opposite] & claim.stems:
                found.append((word, opposite))
    return tuple(sorted(set(found)))


_EVENT_ORDER = frozenset(terms.term(w)[1] for w in ("before", "after"))
EVENT_WORDS = 3
"""Words after "before" or "after" that name the event it orders things by."""


def _same_event(claim: Tokens, word: str, evidence: Tokens, opposite: str) -> bool:
    """Whether the claim's "after" and the evidence's "before" (or the reverse) order things
    by the same event: a content word after the one is after the other ("after the match",
    "before the match"). Before one event and after another is no opposite."""
    return bool(_after(claim, word) & _after(evidence, opposite))


def _after(tokens: Tokens, word: str) -> set[str]:
    stems, flags = tokens.sequence, tokens.content_flags
    return {
        stems[k]
        for i, stem in enumerate(stems)
        if stem == word
        for k in range(i + 1, min(len(stems), i + 1 + EVENT_WORDS))
        if flags[k]
    }


REFERENT_WINDOW = 10
"""Words before a run in which the claim's own name still counts as the run's subject ("Obama,
who met Putin, is expected to win")."""


def referents(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    """A name put in front of words the evidence says of another name: "Tindall is now 10" from
    "Tindall's horse Monbeg Dude is now 10", "Bueno are ready to poach him" from "Porto ... are
    ready to poach him". A claim assembled from the document's own words, with the wrong
    referent, both names in the evidence. A word counts as a name when either text capitalises
    it (summaries are often lower-cased)."""
    stems, flags = claim.sequence, claim.content_flags
    if len(stems) < 4 or not evidence.names:
        return ()
    named = claim.names | evidence.names
    positions = _trigram_positions(evidence)
    ev = evidence.sequence
    found = []
    for i in range(len(stems) - 3):
        word = stems[i]
        run = (stems[i + 1], stems[i + 2], stems[i + 3])
        if word not in named or run not in positions or not any(flags[i + 1 : i + 4]):
            continue
        if word not in evidence.stems:
            continue  # a name the evidence lacks is the names check's
        if any(s in named for s in run):
            continue  # the run starts a longer name ("Monbeg Dude") or is one
        others = []
        for j in positions[run]:
            before = ev[max(0, j - REFERENT_WINDOW) : j]
            if word in before or j == 0 or _relative_head(evidence, word, j):
                break  # the evidence says it of the claim's name too, or of no one named
            other = ev[j - 1]  # a pronoun ("I'm") is no other referent
            if other not in evidence.names or not other.isalpha() or other in claim.stems:
                break
            others.append(other)
        else:
            found.append((claim.spelling[word], evidence.spelling[others[0]]))
    return tuple(sorted(set(found)))


RELATIVE_CLAUSE = 25
"""Words before a run in which "<name>, who ...," still makes the name its subject."""


def _relative_head(tokens: Tokens, name: str, position: int) -> bool:
    """Whether `name`, followed by "who" or "which", opens the relative clause that ends before
    `position` in the same sentence: "Frankie, who is an academy player with Dagenham Football
    Club, took to the garden" says Frankie took to it, not the club."""
    stems, ends = tokens.sequence, tokens.sentence_ends
    for k in range(position - 2, max(-1, position - RELATIVE_CLAUSE), -1):
        if k in ends:
            return False
        if stems[k] == name and stems[k + 1] in ("who", "which"):
            return True
    return False


def _trigram_positions(tokens: Tokens) -> dict[tuple[str, str, str], list[int]]:
    found: dict[tuple[str, str, str], list[int]] = {}
    stems = tokens.sequence
    for j, trigram in enumerate(zip(stems, stems[1:], stems[2:], strict=False)):
        found.setdefault(trigram, []).append(j)
    return found


CIRCUMSTANCE_CONTEXT = 2
"""Content words each side of a claim's number, day or month that say what it is about."""
EVIDENCE_CONTEXT = 6
"""Content words each side of the same number in the evidence, among which one of the claim's
must stand. Both chosen on FRANK's validation split (bench/support.py)."""


_AGED = re.compile(r"((?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)\s?,\s+(\d{1,3})\s?,")
"""A name and the age news gives it: "Louis Jordan, 37, took his sailboat out"."""


def _ages(text: str) -> list[tuple[frozenset[str], str]]:
    """Each aged name's words, without an honorific: "Mr Hardy, 89" is "Robert Hardy, 89"."""
    return [
        (frozenset(m.group(1).lower().split()) - HONORIFICS, m.group(2))
        for m in _AGED.finditer(text)
    ]


def misaged(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """Ages the evidence gives to another name only: "Frank Jordan, 37, was fishing" where the
    evidence has "Louis Jordan, 37," and "Frank Jordan" with no age (a wrong referent made of the
    document's words; the surname they share hides it from `misplaced`). One name is the other
    when its words are among the other's ("Jordan, 37" for "Louis Jordan, 37")."""
    found = []
    given = _ages(evidence.text)
    for name, age in _ages(claim.text):
        holders = [other for other, years in given if years == age]
        if holders and not any(name <= other or other <= name for other in holders):
            found.append(age)
    return tuple(found)


_RANGE = re.compile(
    r"(?<![\w.,])(?:between\s+)?(?P<low>\d[\d,]*(?:\.\d+)?)\s*(?:%|per\s?cent)?\s*"
    r"(?:to|and|-|–)\s*(?P<high>\d[\d,]*(?:\.\d+)?)(?![\w,]*\d)",
    re.IGNORECASE,
)
"""Two numbers that bound one range: "10% to 12%", "between 2 and 3", "2019-2025"."""


def _ranges(text: str) -> set[tuple[str, str]]:
    if not any(c.isdigit() for c in text):
        return set()
    return {
        (m.group("low").replace(",", ""), m.group("high").replace(",", ""))
        for m in _RANGE.finditer(text)
    }


def misranged(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """A range whose two ends the evidence has, but not as one range: "revenue growth of 12% to
    14%" where the evidence expects "10% to 12%" and "14%" is what revenue grew by. A range
    assembled from two of the document's numbers; a number the evidence lacks is the numbers
    check's. The claim's second end is named."""
    claimed = _ranges(claim.text)
    if not claimed:
        return ()
    given = _ranges(evidence.text)
    numbers = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", evidence.text)}
    return tuple(
        high
        for low, high in claimed
        if (low, high) not in given and low in numbers and high in numbers
    )


def misplaced(
    claim: Tokens, evidence: Tokens, present: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """Numbers, days and months the evidence has, but said of something else: "Villa beat
    Swansea 2-1" where the evidence's 2-1 is another match's, "scored on Saturday" where the
    evidence's Saturday is another game's, "start at 9" where the evidence's 9 is what "1pm
    instead of 9" gave up. A circumstance assembled from words elsewhere in the document; a
    number the evidence lacks is the numbers check's. In a transcript (`present`: its
    participants and speech words) a turn that is only the circumstance ("Mark: 3pm" after
    "Jen: sure, what time?") says it of what the turns before it arrange, not of nothing."""
    found = []
    for i in _circumstances(claim):
        around = _context(claim, i, CIRCUMSTANCE_CONTEXT, present)  # "send Ann the report on
        # Thursday" is about sending the report, whoever to
        word = claim.words[i]
        spots = [j for j, other in enumerate(evidence.words) if other == word]
        if not spots:
            continue
        given_up = all(_given_up(evidence, j) for j in spots)
        kept = _given_up(claim, i) or _changed_from(claim, i) or claim.stems & _INSTEAD
        if given_up and not kept:
            found.append(claim.tokens[i])  # "start at 9" from "start at 1pm instead of 9"
            continue
        if not around:
            continue
        contexts = [_context(evidence, j, EVIDENCE_CONTEXT, present) for j in spots]
        if present:  # "Eli: what time does the party start?" / "Fin: 9, but people come later"
            contexts = [
                c | _question_before(evidence, j, present) | _agreed_after(evidence, j, present)
                for c, j in zip(contexts, spots, strict=True)
            ]
        if all(contexts) and not any(around & context for context in contexts):
            found.append(claim.tokens[i])  # said of something, and not of what the claim says
    return tuple(dict.fromkeys(found))  # in the claim's order: "2, 1" for "2-1"


_ASKS_WHEN = re.compile(
    r"\b(?:when|what time|which day|what day|what date|how much|how many|how long)\b", re.I
)


def _question_before(tokens: Tokens, position: int, skipped: frozenset[str]) -> set[str]:
    """The content stems of the question just before the sentence at `position` when it asks
    for a time, day or amount, which a chat's answer turn gives ("what time does the party
    start?" / "9, but people come later"); none otherwise ("are you coming to the party?" /
    "yes, the bus leaves at 9" gives the bus's time). `skipped`: stems left out."""
    ends = sorted(e for e in tokens.sentence_ends if e < position)
    if not ends:
        return set()
    last = ends[-1]  # the question's last token
    matches = list(terms.TOKEN.finditer(tokens.text))
    if "?" not in tokens.text[matches[last].end() : matches[last + 1].start()]:
        return set()
    start = ends[-2] + 1 if len(ends) > 1 else 0
    if not _ASKS_WHEN.search(tokens.text, matches[start].start(), matches[last].end()):
        return set()
    asked = {
        tokens.sequence[k]
        for k in range(start, last + 1)
        if tokens.content_flags[k] and tokens.sequence[k] not in skipped
    }
    # "Fay: Sure, what time?" asks the time of the turn before it, not of being sure
    return asked if asked - _BARE_QUESTION else set()


_BARE_QUESTION = frozenset(terms.stem(w) for w in ("time", "day", "date", "sure", "ok", "yes"))


_AGREEING = frozenset({"yes", "sure", "ok", "okay", "definitely", "absolutely"})


def _agreed_after(tokens: Tokens, position: int, skipped: frozenset[str]) -> set[str]:
    """The content stems of the exchange around a question holding the word at `position`,
    when the next turn agrees to it: the day asked about is the day of what is arranged around
    it ("Nina: r u free on saturday?" / "Paul: yes, why?" / "Nina: could u help me move the
    boxes?" is moving the boxes on Saturday; "Kim: I need help moving the sofa" / "Paul: r u
    free on saturday?" / "Kim: yes" too). Each way up to a sentence giving another day, month
    or number, whose own it is. None otherwise. `skipped`: stems left out (the participants)."""
    ends = sorted(tokens.sentence_ends | {len(tokens.words) - 1})
    spans = list(zip([0, *(e + 1 for e in ends[:-1])], [e + 1 for e in ends], strict=True))
    at = next((n for n, (_, stop) in enumerate(spans) if stop > position), None)
    if at is None or at + 1 >= len(spans):
        return set()
    matches = list(terms.TOKEN.finditer(tokens.text))
    last = spans[at][1] - 1
    if "?" not in tokens.text[matches[last].end() : matches[last + 1].start()]:
        return set()
    start, stop = spans[at + 1]
    opening = next(
        (tokens.words[k] for k in range(start, stop) if tokens.sequence[k] not in skipped), None
    )
    if opening not in _AGREEING:
        return set()
    found: set[str] = set()
    for side in (spans[at + 1 :], spans[at - 1 :: -1] if at else []):
        for start, stop in side:
            words = range(start, stop)
            if any(
                tokens.words[k][:1].isdigit() or tokens.words[k] in CIRCUMSTANCE_WORDS
                for k in words
            ):
                break  # "could u help me move the boxes on sunday?": Sunday's plan
            found |= {
                tokens.sequence[k]
                for k in words
                if tokens.content_flags[k] and tokens.sequence[k] not in skipped
            }
    return found


_INSTEAD = frozenset({"instead", "rather"})


def _given_up(tokens: Tokens, position: int) -> bool:
    """Whether the word at `position` follows "instead of", "rather than", "down from", "up
    from", "previously" or a bracket's "(was": what is not so, or no longer ("The default
    session length is now 8 hours (was 24 hours)")."""
    before = tuple(tokens.words[max(0, position - 2) : position])
    if before in _GIVING_UP or before[-1:] in (("previously",), ("formerly",)):
        return True
    if before[-1:] != ("was",):
        return False
    start = list(terms.TOKEN.finditer(tokens.text))[position - 1].start()
    return tokens.text[:start].rstrip().endswith("(")


def _changed_from(tokens: Tokens, position: int) -> bool:
    """Whether the word at `position` is what something changed from: "cut from 24 hours to 8
    hours" says 24 hours was the old value, as the evidence's "(was 24 hours)" does."""
    words = tokens.words
    return position > 0 and words[position - 1] == "from" and "to" in words[position : position + 4]


_GIVING_UP = frozenset({("instead", "of"), ("rather", "than"), ("down", "from"), ("up", "from")})


def _circumstances(tokens: Tokens) -> list[int]:
    """Positions of numbers written in digits ("one" is as often a determiner) and of days and
    months."""
    return [
        i
        for i, (token, word) in enumerate(zip(tokens.tokens, tokens.words, strict=True))
        if token[:1].isdigit() or word in CIRCUMSTANCE_WORDS
    ]


def _context(
    tokens: Tokens, position: int, width: int, skipped: frozenset[str] = frozenset()
) -> set[str]:
    """The stems of up to `width` content words each side of `position` in its sentence, other
    numbers, magnitudes ("million") and `skipped` stems (a chat's participants) left out: what
    the text says the number is about."""
    found: set[str] = set()
    words, flags, ends = tokens.words, tokens.content_flags, tokens.sentence_ends
    for step in (-1, 1):
        k, taken = position + step, 0
        while 0 <= k < len(words) and taken < width:
            if (k - 1 if step > 0 else k) in ends:
                break  # the next sentence says what its own numbers are about
            if (
                flags[k]
                and not words[k][:1].isdigit()
                and words[k] not in MAGNITUDES
                and tokens.sequence[k] not in skipped
            ):
                found.add(tokens.sequence[k])
                taken += 1
            k += step
    return found


ROLE_GAP = 4
"""Words between two names that the verb joining them may take ("beat", "was sued by")."""

_PASSIVE = frozenset({"by"})


def _joined(tokens: Tokens, named: frozenset[str]) -> list[tuple[int, int, int, int]]:
    """(start, end) of two names a few words apart in one sentence, joined by a content word
    and not by "by" (a passive reverses the order itself), as (a0, a1, b0, b1). A name is a run
    of words whose stems are `named`, ended by a sentence's end ("... on Sunday. Apple sued":
    two names, not one)."""
    ends, flags, stems = tokens.sentence_ends, tokens.content_flags, tokens.sequence
    is_named = (s in named and w[:1].isalpha() for s, w in zip(stems, tokens.words, strict=True))
    units = [(run[0], run[-1] + 1) for run in terms.name_runs(tokens.tokens, is_named, ends=ends)]
    found = []
    for (a0, a1), (b0, b1) in pairwise(units):
        if not 1 <= b0 - a1 <= ROLE_GAP or any(k in ends for k in range(a1 - 1, b0)):
            continue
        words = tokens.words[a1:b0]
        joining = any(f and w[:1].isalpha() for f, w in zip(flags[a1:b0], words, strict=True))
        if joining and not _PASSIVE & set(stems[a1:b0]):  # a verb, not "X, 25, and Y"
            found.append((a0, a1, b0, b1))
    return found


def reversed_roles(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    """Two names the claim joins by a verb in one order that the evidence joins by the same verb
    in the other: "Jones beat Smith" from "Smith beat Jones", every word in the evidence. A
    passive ("was beaten by") on either side is left alone."""
    named = claim.names | evidence.names
    if sum(stem in named for stem in claim.sequence) < 2:
        return ()
    # The claim's few words first: most claims join no two names, and then the evidence (a
    # whole summary's, for an overview sentence) need not be searched for pairs at all.
    mine = _joined(claim, named)
    if not mine:
        return ()
    ev = evidence.sequence
    theirs = [
        (set(ev[a0:a1]), set(ev[a1:b0]), set(ev[b0:b1]))
        for a0, a1, b0, b1 in _joined(evidence, named)
    ]
    if not theirs:
        return ()
    stems, flags = claim.sequence, claim.content_flags
    found = []
    for a0, a1, b0, b1 in mine:
        first, second = set(stems[a0:a1]), set(stems[b0:b1])
        verb = {stems[k] for k in range(a1, b0) if flags[k] and claim.words[k][:1].isalpha()}
        same = any(a & first and b & second and v & verb for a, v, b in theirs)
        other = any(a & second and b & first and v & verb for a, v, b in theirs)
        if other and not same:
            found.append((" ".join(claim.tokens[a0:a1]), " ".join(claim.tokens[b0:b1])))
    return tuple(found)
