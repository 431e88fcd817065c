"""Verify each drafted claim against the sentences it cites, and repair citations when certain.

The model cites sentence numbers; spans and quotes are computed here, so evidence always agrees
with the document. What the model can still get wrong (the wrong sentence, a number or name that
is not in the source, a source that is not there) is checked, repaired when the repair is
certain, and otherwise reported as a failed check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from service.document import Document, Sentence
from service.schemas import Check, ClaimStatus, Evidence
from service.verify import differences, support, tables, terms
from service.verify.assembled import check_assembled_names
from service.verify.attribution import Frame
from service.verify.chat_words import bearing_out, emoji_stems
from service.verify.claim_speaker import check_claim_speaker, check_speaker_not_subject
from service.verify.descriptions import check_description
from service.verify.dialogue import check_turn_speakers, present_terms
from service.verify.outcomes import check_outcome
from service.verify.possessors import check_possessor
from service.verify.sources import check_claim_source
from service.verify.subjects import check_subject

MIN_WORDING_OVERLAP = 0.5
"""Share of a claim's content words that its evidence must contain (see bench/support.py)."""

SUPPORT_THRESHOLDS = support.Thresholds(min_overlap=MIN_WORDING_OVERLAP)
"""What a claim's evidence must show. On FRANK's validation split (bench/support.py) every
setting from 0.4 to 0.55 overlap, with or without the negation and opposite-word rules, lies
within noise of the best; the rules stay for the errors FRANK rarely has (tests/test_support.py).
Word order is not required: it lifts CNN/DM-style data but fails nearly every paraphrase."""

TRANSCRIPT_THRESHOLDS = support.Thresholds(min_overlap=0.4, causes=False, replacements=True)
"""A conversation is summarised in other words than its turns' ("asks", "agrees to meet"):
less of the wording is demanded, the hard rules stay (SummEdits' samsum evaluation split,
bench/support.py). A causal link is not demanded of the turns: a chat gives its reasons in the
next turn, the answer to "why?" ("I can't come." "I'm sick."), which a summary rightly joins
with "because". A word put in another's place after a shared one ("buy ghee" for "buy some
butter") fails: on so low a share one changed word passes, and it is the usual wrong detail of a
chat's summary (samsum evaluation: 68.6 -> 69.6; on news and email it fails too many rewordings,
FRANK XSum valid 71.0 -> 60.4)."""

SOURCE_WINDOW = 1
"""How many sentences before or after the evidence may name the claim's source."""


class CitedClaim(BaseModel):
    """A claim from any source (another summarizer, a person) that cites sentence numbers."""

    text: str
    sentences: list[int] = Field(min_length=1)
    source: str | None = None
    cue: str | None = None


@dataclass
class ClaimCheck:
    """A drafted claim after verification: where its evidence is and what passed."""

    draft: CitedClaim
    sentences: list[int]
    evidence: list[Evidence]
    checks: list[Check] = field(default_factory=list)
    source: str | None = None
    cue: str | None = None
    status: ClaimStatus = "asserted"

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def evidence_for(doc: Document, numbers: Iterable[int]) -> list[Evidence]:
    """The sentences' spans, and the header row of a table row among them (its column names
    say what the row's numbers are)."""
    numbers = sorted(set(numbers))
    sentences = [s for n in numbers if (s := doc.sentence(n))]
    spans = sorted({(s.start, s.end) for s in sentences} | set(tables.header_spans(doc, numbers)))
    return [Evidence(start=start, end=end, quote=doc.text[start:end]) for start, end in spans]


def check_evidence_offsets(doc: Document, evidence: Sequence[Evidence]) -> Check:
    bad = [e for e in evidence if doc.text[e.start : e.end] != e.quote or e.end <= e.start]
    if not evidence:
        return Check(name="evidence_matches_document", passed=False, reason="no evidence")
    if bad:
        return Check(
            name="evidence_matches_document",
            passed=False,
            reason=f"{len(bad)} span(s) do not match the document at their offsets",
        )
    return Check(
        name="evidence_matches_document",
        passed=True,
        reason=f"{len(evidence)} span(s) match the document exactly",
    )


def content_checks(
    claim_text: str, evidence_text: str, *, present: frozenset[str] = frozenset()
) -> list[Check]:
    """Does the evidence hold the claim's numbers, names and most of its wording, without a
    negation or an opposite word that sets it against the claim? `present`: stems that count as
    in the evidence (a conversation's participants, `dialogue.present_terms`)."""
    thresholds = TRANSCRIPT_THRESHOLDS if present else SUPPORT_THRESHOLDS
    word_order = thresholds.min_in_order > 0
    assessed = support.assess(claim_text, evidence_text, word_order=word_order, present=present)
    return support.checks(assessed, thresholds)


def check_source(
    doc: Document,
    source: str | None,
    sentences: Sequence[int],
    attribution: Sequence[Evidence] = (),
) -> Check:
    """The named source must appear in or next to the evidence, or in an attribution span
    (a "he said" resolved to the minister named three sentences earlier)."""
    if not source:
        return Check(name="source_near_evidence", passed=True, reason="stated by the document")
    wanted = terms.content_words(source) or terms.all_stems(source)
    for span in attribution:
        if span.role == "attribution" and wanted & terms.all_stems(span.quote):
            return Check(
                name="source_near_evidence",
                passed=True,
                reason=f"'{source}' is named in the attribution \"{span.quote}\"",
            )
    lo = max(1, min(sentences) - SOURCE_WINDOW)
    hi = min(len(doc.sentences), max(sentences) + SOURCE_WINDOW)
    window = " ".join(s.text for s in doc.sentences[lo - 1 : hi])
    found = wanted & terms.all_stems(window)
    if found:
        return Check(
            name="source_near_evidence",
            passed=True,
            reason=f"'{source}' is named in sentences {lo}-{hi}",
        )
    return Check(
        name="source_near_evidence",
        passed=False,
        reason=f"'{source}' is not named in or next to the evidence (sentences {lo}-{hi})",
    )


def _text_of(doc: Document, numbers: Iterable[int]) -> str:
    """What the checks read of the sentences: their text, a table row as its cells with
    their column headers (tables.py)."""
    return tables.text_of(doc, numbers)


def _support(doc: Document, claim: CitedClaim, numbers: Sequence[int]) -> float | None:
    """How much of the claim the sentences hold (share of its content words), or None when
    they do not bear it out at all."""
    present = present_terms(doc)
    assessed = support.assess(claim.text, _text_of(doc, numbers), word_order=False, present=present)
    thresholds = TRANSCRIPT_THRESHOLDS if present else SUPPORT_THRESHOLDS
    return assessed.overlap if support.passes(assessed, thresholds) else None


def _may_hold(doc: Document, claim: CitedClaim) -> Callable[[str], bool]:
    """A cheap test that passes every sentence `_support` could find to hold the claim: one
    with too few of the claim's content words fails the overlap it demands, so the scan of the
    whole document scores only the few sentences that share enough of its words."""
    present = present_terms(doc)
    reading = terms.read(claim.text)
    content = reading.content - present
    if not content:
        return lambda _text: True  # overlap is 1.0 for a claim of no content words
    needed = (TRANSCRIPT_THRESHOLDS if present else SUPPORT_THRESHOLDS).min_overlap

    def may_hold(text: str) -> bool:
        # The same share as support.assess computes (`present` is not in `content`).
        evidence = terms.read(text)
        have = bearing_out(evidence.stems | emoji_stems(text)) if present else evidence.stems
        shared = differences.shared(reading, content, evidence, have)
        return len(shared) / len(content) >= needed

    return may_hold


def _repair_citation(doc: Document, claim: CitedClaim, cited: list[int]) -> list[int] | None:
    """A better citation, only when it is certain: the sentences that hold the claim best,
    among the cited sentences' neighbours (alone or added) and every single sentence of the
    document. A neighbour wins a tie (the model's usual slip is by one); a tie between two
    sentences elsewhere is no certain repair."""
    candidates: list[list[int]] = []
    for n in cited:
        for neighbour in (n - 1, n + 1):
            if doc.sentence(neighbour) and neighbour not in cited:
                candidates.append([neighbour])
                candidates.append(sorted({*cited, neighbour}))
    near = [(score, c) for c in candidates if (score := _support(doc, claim, c)) is not None]
    may_hold = _may_hold(doc, claim)
    far = [
        (score, [s.number])
        for s in doc.sentences
        if [s.number] not in candidates
        and may_hold(tables.text(doc, s))
        and (score := _support(doc, claim, [s.number])) is not None
    ]
    best_near = max(near, key=lambda item: item[0], default=None)  # first of equals
    best_far = max((score for score, _ in far), default=None)
    if best_near is not None and (best_far is None or best_near[0] >= best_far):
        return best_near[1]
    leaders = [c for score, c in far if score == best_far]
    if len(leaders) == 1 and (best_near is not None or len(far) == 1):
        return leaders[0]
    return None


def verify_claim(
    doc: Document,
    claim: CitedClaim,
    frames: Sequence[Frame] = (),
    planted: Collection[int] = (),
) -> ClaimCheck:
    """Evidence from the cited (or repaired) sentences, the claim's support in them, and who
    the document says made it, resolved against its reporting structure (`frames`). A claim
    resting on a sentence that addresses the summarizer (`planted`, see planted.py) fails:
    such a sentence is an order to the model, not something the document reports."""
    cited = sorted({n for n in claim.sentences if doc.sentence(n)})
    invalid = sorted(set(claim.sentences) - set(cited))
    present = present_terms(doc)
    content = content_checks(claim.text, _text_of(doc, cited), present=present) if cited else []
    repair: Check | None = None
    if not cited or not all(c.passed for c in content):
        repaired = _repair_citation(doc, claim, cited)
        if repaired is not None:
            repair = Check(
                name="citation_repaired",
                passed=True,
                reason=f"the model cited {_fmt(claim.sentences)}; the claim is in {_fmt(repaired)}",
            )
            cited = repaired
            content = content_checks(claim.text, _text_of(doc, cited), present=present)

    if not cited:
        reason = f"{_fmt(invalid)} not in the document (it has {len(doc.sentences)})"
        exists = Check(name="cited_sentences_exist", passed=False, reason=reason)
        return ClaimCheck(draft=claim, sentences=[], evidence=[], checks=[exists])
    reason = f"cites {_fmt(cited)} of {len(doc.sentences)}"
    if invalid and repair is None:
        reason += f"; ignored {_fmt(invalid)}, which do not exist"
    checks = [Check(name="cited_sentences_exist", passed=True, reason=reason)]
    if repair:
        checks.append(repair)
    who = check_claim_source(
        doc,
        frames,
        claim_text=claim.text,
        draft_source=claim.source,
        draft_cue=claim.cue,
        sentences=cited,
    )
    evidence = evidence_for(doc, cited)
    evidence += [e for e in who.evidence if e not in evidence]
    checks.append(check_evidence_offsets(doc, evidence))
    checks.extend(content)
    if all(c.passed for c in content) and (
        subject := check_subject(
            doc, claim.text, _text_of(doc, cited), present, sentences=cited, frames=frames
        )
    ):
        checks.append(subject)
    if (described := check_description(doc, claim.text)) is not None:
        checks.append(described)  # "Anderson Cooper, a governor of Nevada, ..."
    if all(c.passed for c in content) and (outcome := check_outcome(doc, claim.text)):
        checks.append(outcome)  # "Harwick Rovers beat Calder United" after "a win over"
    if all(c.passed for c in content) and (owner := check_possessor(doc, claim.text, cited)):
        checks.append(owner)  # "Maya Lin's trial" where the trial is Tom Adeyemi's ("our trial")
    if (rows := tables.check_rows(doc, claim.text, cited)) is not None:
        checks.append(rows)  # "UK revenue was £142 million" where 142 is Europe's
    if (assembled := check_assembled_names(doc, claim.text)) is not None:
        checks.append(assembled)
    checks.extend(who.checks)
    checks.append(check_source(doc, who.source, cited, who.evidence))
    if (named := check_claim_speaker(doc, claim.text, who.source, evidence)) is not None:
        checks.append(named)
    elif (subject := check_speaker_not_subject(doc, who.frame, claim.text)) is not None:
        checks.append(subject)
    elif (turn := check_turn_speakers(doc, claim.text, cited)) is not None:
        checks.append(turn)
    if orders := [n for n in cited if n in planted]:
        checks.append(
            Check(
                name="not_planted_instruction",
                passed=False,
                reason=f"{_fmt(orders)} addresses the AI summarizer instead of reporting; "
                "a claim cannot rest on it",
            )
        )
    return ClaimCheck(
        draft=claim,
        sentences=cited,
        evidence=evidence,
        checks=checks,
        source=who.source,
        cue=who.cue,
        status=who.status,
    )


def _fmt(numbers: Sequence[int]) -> str:
    numbers = list(numbers)
    if len(numbers) == 1:
        return f"sentence {numbers[0]}"
    return "sentences " + ", ".join(map(str, numbers))


def sentence_lines(sentences: Sequence[Sentence]) -> str:
    """The numbered form the model reads: one '[n] text' line per sentence."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)
