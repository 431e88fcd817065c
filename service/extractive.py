"""The extractive floor: a summary built from the reading alone, when the model's answer cannot be
used (cut off, invalid beyond the re-asks, refused, or nothing in it verifiable).

It picks the document's statements the way news is written: the opening ones first, those with
numbers and named speakers preferred, none that repeats another. The result goes through the same
assembly and checks as a model's draft; `provenance.mode` says "extractive".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice

from service.document import split_sentences
from service.draft import Draft, DraftClaim
from service.reading import Reading, Statement, courtesy
from service.verify import tables, terms
from service.verify.lexicon import PERSON_ROLES
from service.verify.topics import SAYS_THE_SAME, key_terms, similarity

SUMMARY_STATEMENTS = 3


_LABEL = re.compile(r"[A-Z][\w ]{0,30}:\s")
SAME_SPEAKER = 0.2
"""Taken off a statement's score for each chosen statement by the same speaker: a summary of
news should say what each side says, not five things one side says."""


def _score(statement: Statement, position: int) -> float:
    # The claim's words, its attribution with them: "The agency denied that it had ignored the
    # forecast." is a sentence, though the words it reports are five.
    words = len(statement.claim_text.split())
    score = 1.0 / (1.0 + 0.2 * position)  # news puts what matters first
    if terms.numbers(statement.text):
        score += 0.15
    if statement.kind != "own" and statement.certain:
        score += 0.1
    if _official(statement.source):
        score += 0.2  # what a named official says is news
    if statement.stance == "denies":
        score += 0.4  # a denial is what a reader must not miss
    if words < 6 or words > 60:
        score -= 0.3
    if statement.text.rstrip().endswith("?"):
        score -= 0.3
    if _LABEL.match(statement.text):
        score -= 0.4  # "Present: ...", "Date of next meeting: ...": a form's field, not news
    return score


def _table_header(reading: Reading, statement: Statement) -> bool:
    """Whether a statement is a table's header row ("| Region | Revenue (£m) | Change |"): the
    model reads it to know the columns, a summary says nothing by it."""
    sentence = reading.document.sentence(statement.sentences[0])
    return sentence is not None and tables.tables_of(reading.document).is_header(sentence)


def _official(source: str | None) -> bool:
    words = (source or "").split()
    named = sum(1 for w in words if w[:1].isupper()) >= 2
    return named and any(w.lower() in PERSON_ROLES for w in words)


def _speaker(statement: Statement) -> str:
    return statement.source.lower() if statement.kind != "own" and statement.source else ""


def ranked_statements(
    reading: Reading,
    *,
    among: Sequence[Statement] | None = None,
    first: Sequence[Statement] = (),
) -> Iterator[Statement]:
    """Statements (of `among`, default all), most important first, none saying what an earlier
    one said, none a courtesy, each speaker's weighed down by those of theirs already given;
    `first` come before any other. Lazy: a caller that needs a few pays for a few (ranking all
    of a 100,000-word document's statements is quadratic)."""
    statements = reading.statements if among is None else among
    candidates = [
        (_score(s, i), s, key_terms(s.text))
        for i, s in enumerate(statements)
        if s not in first
        and not courtesy(s.claim_text)  # "Thanks, Maya. Good to be here."
        and not _table_header(reading, s)
    ]
    chosen_terms: list[frozenset[str]] = []
    spoken: dict[str, int] = {}
    for statement in first:
        chosen_terms.append(key_terms(statement.text))
        if speaker := _speaker(statement):
            spoken[speaker] = spoken.get(speaker, 0) + 1
        yield statement

    def weighed(candidate: tuple[float, Statement, frozenset[str]]) -> float:
        speaker = _speaker(candidate[1])
        return candidate[0] - (SAME_SPEAKER * spoken.get(speaker, 0) if speaker else 0.0)

    while candidates:
        best = max(candidates, key=weighed)
        candidates.remove(best)
        _, statement, held = best
        if any(similarity(held, other) >= SAYS_THE_SAME for other in chosen_terms):
            continue
        chosen_terms.append(held)
        if speaker := _speaker(statement):
            spoken[speaker] = spoken.get(speaker, 0) + 1
        yield statement


def rank_statements(
    reading: Reading,
    limit: int,
    *,
    among: Sequence[Statement] | None = None,
    first: Sequence[Statement] = (),
) -> list[Statement]:
    """The first `limit` of `ranked_statements`."""
    return list(islice(ranked_statements(reading, among=among, first=first), limit))


REST_ON_SHARE = 0.25
"""Share of an overview sentence's key terms a statement must hold for the sentence to rest on
it (at least two terms)."""


def statements_behind(overview: str, statements: Sequence[Statement]) -> list[Statement]:
    """The statements a headline or summary rests on, in its order: for each sentence, the
    statement holding most of its key terms, then the one holding most of the rest (a sentence
    joining two statements, each of which the overview checks must then see)."""
    found: list[Statement] = []
    held = [(s, key_terms(s.text)) for s in statements]
    for sentence in split_sentences(overview):
        wanted = key_terms(sentence.text)
        for _ in range(2):
            need = max(2, REST_ON_SHARE * len(wanted))
            best = max(held, key=lambda h: len(wanted & h[1]), default=None)
            if best is None or len(wanted & best[1]) < need:
                break
            if best[0] not in found:
                found.append(best[0])
            wanted = wanted - best[1]
    return found


def chosen_by_service(
    reading: Reading, draft: Draft, statements: Sequence[Statement], limit: int
) -> Draft:
    """A draft of headline and summary only, with claims the service chooses: the statements the
    summary and headline rest on first, then the document's leading statements, then the ranked
    others (a model too small to choose statements by their content writes no claims; see
    `Settings.model_claims`).

    Such a model's summary paragraph gives way to the leading statements, as written, in the
    document's order (news says what matters first); its summary still chooses the claims. On
    bench/news.py's CNN/DM development split (--skip 25, 0.5B, the same recorded drafts) the
    model's sentences, checked and completed from the claims, scored ROUGE-1/2/L
    0.403/0.186/0.265, the leading statements 0.429/0.189/0.268 (Lead-3 0.427/0.187/0.264); on
    the test split 0.372/0.153/0.242 against 0.411/0.190/0.270 (Lead-3 0.407/0.192/0.278), and on
    XSum, whose one-sentence references are no lead, 0.191 against 0.180 (Lead-3 0.187). A
    conversation keeps the model's paraphrase: its first turns are greetings, not what matters."""
    behind = [
        s
        for s in statements_behind(f"{draft.summary} {draft.headline}", statements)
        if not courtesy(s.claim_text)
    ]
    leading = [] if reading.turns else _leading(reading, statements)
    first = behind + [s for s in leading if s not in behind]
    ranked = rank_statements(reading, limit, among=statements, first=first)
    update: dict[str, object] = {"claims": [DraftClaim(ids=[s.number], text="") for s in ranked]}
    if leading:
        update["summary"] = " ".join(s.claim_text for s in leading)
    return draft.model_copy(update=update)


LEADING_MIN_WORDS = 6
"""A leading statement says something: "Advertisement", "Updated: 10:02" or a one-word label
in the body does not open a summary."""


def _leading(reading: Reading, statements: Sequence[Statement]) -> list[Statement]:
    """The first SUMMARY_STATEMENTS statements worth a summary sentence: whole sentences of some
    length, none a question or a form's field, none repeating an earlier one."""
    chosen: list[Statement] = []
    held: list[frozenset[str]] = []
    for statement in statements:
        if len(chosen) >= SUMMARY_STATEMENTS:
            break
        # What the summary would say: the sentence with its attribution, not the reported words
        # alone ("fans who claim them as their favorite" is no four-word statement).
        text = statement.claim_text.rstrip()
        if len(text.split()) < LEADING_MIN_WORDS or text.endswith("?") or _LABEL.match(text):
            continue
        if _table_header(reading, statement):
            continue  # a table's column names say nothing; its rows do
        if courtesy(statement.claim_text):
            continue
        terms_of = key_terms(text)
        if any(similarity(terms_of, other) >= SAYS_THE_SAME for other in held):
            continue
        chosen.append(statement)
        held.append(terms_of)
    return chosen


def extractive_draft(reading: Reading, max_claims: int) -> Draft:
    """A draft the service writes itself: the ranked statements in their own words, the title (or
    the first statement) as headline, the leading ranked statements as summary."""
    ranked = rank_statements(reading, max_claims)
    leading = sorted(ranked[:SUMMARY_STATEMENTS], key=lambda s: s.number)
    first = reading.statements[0].claim_text if reading.statements else ""
    return Draft(
        headline=reading.title or (ranked[0].claim_text if ranked else first),
        summary=" ".join(s.claim_text for s in leading),
        claims=[DraftClaim(ids=[s.number], text="") for s in ranked],
    )
