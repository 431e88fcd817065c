"""Check any summary against its document: each sentence or claim supported, contradicted or
unsupported, with its evidence spans, what the evidence lacks, and who the document says said it.

The summary may come from any system, so nothing cites sentences: the evidence is picked by term
overlap (`citation.cite`) and then judged by the same checks the summarizer's own claims pass
(`claims.verify_claim`), so one improvement to the checker serves both. With
`SOURCED_JUDGE=model`, `check_summary_judged` also asks a model to rate every claim against the
same evidence, under the rules' veto (`judge.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import anyio.to_thread

from service.config import JudgeMode, Settings
from service.document import Document, load_document, split_sentences
from service.errors import InvalidSummary
from service.llm.base import Backend
from service.schemas import (
    AttributionCheck,
    Check,
    ClaimVerification,
    DocumentInfo,
    MissingTerms,
    Verdict,
    VerificationCounts,
    VerificationReport,
)
from service.verify import attribution, judge, support, tables, terms
from service.verify.attribution import cue_stance
from service.verify.casing import with_document_capitals
from service.verify.citation import TRANSCRIPT_MIN_GAIN, TRANSCRIPT_SENTENCES, cite
from service.verify.claim_speaker import ClaimSpeaker, claim_speaker, speaker_matches
from service.verify.claims import (
    SUPPORT_THRESHOLDS,
    TRANSCRIPT_THRESHOLDS,
    CitedClaim,
    ClaimCheck,
    content_checks,
    verify_claim,
)
from service.verify.dialogue import present_terms, speaker_at
from service.verify.disputes import denial_of
from service.verify.emails import EmailVoices, email_voices
from service.verify.lexicon import ASKING_VERBS, CIRCUMSTANCE_WORDS
from service.verify.planted import instruction_sentences
from service.verify.sources import claimant, same_source

MAX_CLAIMS = 200
"""Most claims one summary may have: a longer list is a document, not a summary."""

CONTRADICTION_CHECKS = frozenset(
    {
        "not_contradicted",
        "speaker_matches_claim",
        "subject_as_in_evidence",
        "outcome_as_in_document",
        "possessor_as_in_evidence",
        "table_rows_match",
    }
)
"""Failed checks that mean the document says otherwise, not merely that it does not say so."""


def summary_claims(summary: str | Sequence[str]) -> list[str]:
    """A text summary is checked sentence by sentence; a list item by item, blank ones left out."""
    if isinstance(summary, str):
        return [s.text for s in split_sentences(summary)]
    return [c.strip() for c in summary if c.strip()]


def parse_summary(text: str) -> str | list[str]:
    """A summary as a file holds it: a JSON list of claims, or plain text."""
    stripped = text.strip()
    if stripped.startswith("[") and stripped.endswith("]"):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InvalidSummary(
                f"The summary looks like a JSON list but does not parse ({exc.msg} at line "
                f"{exc.lineno}); send a JSON list of strings or plain text."
            ) from None
        if not isinstance(parsed, list) or not all(isinstance(c, str) for c in parsed):
            raise InvalidSummary("A JSON summary must be a list of strings, one claim each.")
        return parsed
    return text


@dataclass(frozen=True, slots=True)
class _Judgeable:
    """What the model judge needs of a claim the rules checked."""

    evidence: str
    liftable: bool  # unsupported only for its wording overlap: the judge may lift it


def check_summary(
    document_text: str, summary: str | list[str], settings: Settings | None = None
) -> VerificationReport:
    """Every claim of `summary` checked against `document_text` by the rules. Raises an
    `InputError` for a document that cannot be read (empty, too long, binary) and
    `InvalidSummary` (an `InputError`) for an empty summary or one with more than MAX_CLAIMS
    claims."""
    return _rules_check(document_text, summary, settings or Settings())[0]


async def check_summary_judged(
    document_text: str,
    summary: str | list[str],
    settings: Settings,
    backend: Backend,
) -> VerificationReport:
    """`check_summary`, then, with `SOURCED_JUDGE=model`, every claim rated by `backend` in one
    call and the ratings combined with the rules' verdicts (`judge.combine`). A failed judgement
    leaves the rules' verdicts with a warning; input errors are raised as by `check_summary`."""
    report, judgeable = await anyio.to_thread.run_sync(
        _rules_check, document_text, summary, settings
    )
    if settings.judge is not JudgeMode.MODEL:
        return report
    claims = [
        judge.ClaimToJudge(c.text, j.evidence)
        for c, j in zip(report.claims, judgeable, strict=True)
    ]
    outcome = await judge.rate_claims(claims, backend, settings)
    return with_ratings(report, judgeable, outcome)


def with_ratings(
    report: VerificationReport, judgeable: Sequence[_Judgeable], outcome: judge.JudgeOutcome
) -> VerificationReport:
    """The report with the judge's ratings combined into each claim's verdict, or, when the
    judge gave none, the rules' report with the judge's warning."""
    if outcome.ratings is None:
        return report.model_copy(
            update={
                "judge_provenance": outcome.provenance,
                "warnings": [*report.warnings, outcome.warning],
            }
        )
    model = outcome.provenance.model
    claims = []
    for claim, judged, rating in zip(report.claims, judgeable, outcome.ratings, strict=True):
        verdict = judge.combine(claim.verdict, judged.liftable, rating)
        check = judge.judge_check(claim.verdict, judged.liftable, rating, model)
        claims.append(
            claim.model_copy(
                update={
                    "verdict": verdict,
                    "reason": claim.reason if verdict == claim.verdict else check.reason,
                    "checks": [*claim.checks, check],
                    "rules_verdict": claim.verdict,
                }
            )
        )
    counts = _counts(claims)
    return report.model_copy(
        update={
            "verified": counts.supported == len(claims),
            "counts": counts,
            "claims": claims,
            "judge": "model",
            "judge_provenance": outcome.provenance,
        }
    )


def _counts(claims: Sequence[ClaimVerification]) -> VerificationCounts:
    counts = VerificationCounts()
    for claim in claims:
        setattr(counts, claim.verdict, getattr(counts, claim.verdict) + 1)
    return counts


def _rules_check(
    document_text: str, summary: str | list[str], settings: Settings
) -> tuple[VerificationReport, list[_Judgeable]]:
    doc = load_document(document_text, max_chars=settings.max_document_chars)
    claims = summary_claims(summary)
    if not claims:
        raise InvalidSummary("The summary is empty; send its text or a list of claims.")
    if len(claims) > MAX_CLAIMS:
        raise InvalidSummary(
            f"The summary has {len(claims)} claims; the limit is {MAX_CLAIMS}. "
            "Send a shorter summary."
        )
    voices = email_voices(doc)
    # "On Mon, 2 Nov 2026, Jonas Berg wrote:" frames no one line: each line below it is his.
    frames = [
        f
        for f in attribution.flatten(attribution.analyze(doc))
        if f.source_span is None or not voices.in_header(f.source_span.start)
    ]
    planted_sentences = instruction_sentences(doc)
    planted = {s.number for s in planted_sentences}
    sentence_texts = [tables.text(doc, s) for s in doc.sentences]  # a row with its headers
    checked = [
        _check_claim(doc, i, text, frames, voices, planted, sentence_texts)
        for i, text in enumerate(claims, 1)
    ]
    results = [result for result, _ in checked]
    counts = _counts(results)
    warnings = [
        f"sentence {s.number} addresses an AI reader instead of reporting; no claim may rest "
        f'on it: "{_short(s.text)}"'
        for s in planted_sentences
    ]
    report = VerificationReport(
        verified=counts.supported == len(results),
        counts=counts,
        claims=results,
        document=DocumentInfo(sha256=doc.sha256, chars=len(doc.text), sentences=len(doc.sentences)),
        judge="rules",
        warnings=warnings,
    )
    return report, [judged for _, judged in checked]


def _check_claim(
    doc: Document,
    index: int,
    text: str,
    frames: Sequence[attribution.Frame],
    voices: EmailVoices,
    planted: set[int],
    sentence_texts: Sequence[str],
) -> tuple[ClaimVerification, _Judgeable]:
    claim = text
    text = with_document_capitals(text, doc.text)  # "gordon brown" read as "Gordon Brown"
    speaker = claim_speaker(text)
    present = present_terms(doc)
    if present:
        picked = cite(
            claim,
            sentence_texts,
            TRANSCRIPT_SENTENCES,
            TRANSCRIPT_MIN_GAIN,
            present=present,
        )
        picked = _with_answers(picked, sentence_texts)
    else:
        picked = cite(claim, sentence_texts)  # as written: capitals weigh on what is picked
    cited = [i + 1 for i in picked] or [1]
    draft = CitedClaim(
        text=text,
        sentences=cited,
        source=speaker.source if speaker else None,
        cue=speaker.cue if speaker else None,
    )
    checked = verify_claim(doc, draft, frames, planted)
    checked = _contradiction_kept(doc, checked, cited if picked else [], present)
    evidence_text = tables.text_of(doc, checked.sentences)
    assessed = support.assess(text, evidence_text, word_order=False, present=present)
    missing = _missing(text, evidence_text, assessed, present)
    who = _attribution(doc, checked, voices, speaker, text)
    if who.verdict == "stated_as_fact" and (disputed := _disputed(checked, frames)) is not None:
        who = disputed
    checks = list(checked.checks)
    if speaker is not None and (said := _said_check(speaker, evidence_text, present)) is not None:
        checks.append(said)
        checked = replace(checked, checks=checks)
    verdict, reason = _verdict(checked, who, missing)
    liftable = verdict == "unsupported" and _only_wording(checked, who, assessed)
    verification = ClaimVerification(
        index=index,
        text=claim,
        verdict=verdict,
        reason=reason,
        sentences=checked.sentences,
        evidence=checked.evidence,
        missing=missing,
        attribution=who,
        checks=checks,
    )
    return verification, _Judgeable(evidence=evidence_text, liftable=liftable)


def _with_answers(picked: list[int], sentence_texts: Sequence[str]) -> list[int]:
    """A chat's question about a day cited with the turn after it, which answers it: what
    "Nina: r u free on saturday?" arranges for Saturday rests on "Paul: yes, why?"
    (`differences._agreed_after`), which shares no word with the claim. Only a day's or
    month's: with every question's answer, "Jen: sure, what time?" became the question "Mark:
    3pm" answers, and its time was said of asking."""
    answers = [
        i + 1
        for i in picked
        if i + 1 < len(sentence_texts)
        and sentence_texts[i].rstrip().endswith("?")
        and CIRCUMSTANCE_WORDS & set(re.findall(r"[a-z]+", sentence_texts[i].lower()))
    ]
    return sorted({*picked, *answers}) if answers else picked


def _contradiction_kept(
    doc: Document, checked: ClaimCheck, picked: list[int], present: frozenset[str]
) -> ClaimCheck:
    """A claim the sentences holding most of its words contradict stays contradicted when the
    citation repair finds another sentence it passes against: that one merely lacks the word
    that sets it against the claim ("he" where the picked sentence has "she"). None picked, no
    such sentence: the first one, cited for want of any, holds none of its words ("Marco Rossi
    does not agree" was contradicted by a chat's greeting, which has no negation)."""
    if not picked or not any(c.name == "citation_repaired" for c in checked.checks):
        return checked
    picked_text = tables.text_of(doc, picked)
    original = content_checks(checked.draft.text, picked_text, present=present)
    against = next((c for c in original if c.name == "not_contradicted" and not c.passed), None)
    if against is None:
        return checked
    where = ", ".join(map(str, picked))
    against = against.model_copy(
        update={"reason": f"{against.reason} (in sentence {where}, which holds most of its words)"}
    )
    checks = [against if c.name == "not_contradicted" else c for c in checked.checks]
    return replace(checked, checks=checks)


def _said_check(speaker: ClaimSpeaker, evidence_text: str, present: frozenset[str]) -> Check | None:
    """What a claim says its speaker said must be borne out by the evidence on its own: in
    "Maria Okafor said the union will return to work" the speaker's words are in the evidence
    and make up the share of wording the claim needs, while what she said ("We will stay out")
    is not. A failing check, or None when the said part has the wording the claim would need.
    On FRANK valid it fails 18 wrong summaries (most failing already) and 2 correct XSum ones,
    pooled 73.7 -> 73.5; FRANK test 69.9 -> 70.0; SummEdits' chat evaluation 73.7 -> 75.1."""
    needed = (TRANSCRIPT_THRESHOLDS if present else SUPPORT_THRESHOLDS).min_overlap
    said = support.assess(speaker.content, evidence_text, word_order=False, present=present)
    if said.overlap >= needed:
        return None
    return Check(
        name="said_in_evidence",
        passed=False,
        reason=f"of what the claim says '{speaker.source}' said, {said.overlap:.0%} of the "
        f"content words are in the evidence (needs {needed:.0%})",
    )


def _only_wording(checked: ClaimCheck, who: AttributionCheck, assessed: support.Support) -> bool:
    """Whether the one rule the claim fails is its wording overlap (no judgement word in it):
    a paraphrase the rules cannot tell from an addition, which the model judge may lift."""
    failed = [
        c.name
        for c in checked.failures
        if c.name not in ("source_matches_document", "source_near_evidence")
    ]
    return (
        failed == ["wording_supported"]
        and not assessed.judgements
        and who.verdict not in ("wrong_speaker", "speaker_not_found")
    )


def _missing(
    claim: str, evidence: str, assessed: support.Support, present: frozenset[str]
) -> MissingTerms:
    claim_reading, evidence_reading = terms.read(claim), terms.read(evidence)
    absent = claim_reading.content - evidence_reading.stems - claim_reading.names - present
    words = sorted(claim_reading.spelling[s] for s in absent if not s[:1].isdigit())
    return MissingTerms(
        numbers=list(assessed.missing_numbers), names=list(assessed.missing_names), words=words
    )


def _attribution(
    doc: Document, checked: ClaimCheck, voices: EmailVoices, speaker: ClaimSpeaker | None, text: str
) -> AttributionCheck:
    claimed = speaker.source if speaker else None
    speakers = sorted(
        {
            who
            for n in checked.sentences
            if (s := doc.sentence(n)) and (who := speaker_at(doc, s.start))
        }
    )
    if speakers:
        if speaker is not None and (other := _said_by_another(doc, checked, speaker)):
            return other
        return _turn_attribution(speakers, claimed)
    found = checked.source
    unframed = (
        checked.status == "asserted"
        or found is None
        or any(c.name == "source_matches_document" and not c.passed for c in checked.checks)
    )
    if unframed and (writers := _writers(doc, checked, voices)):
        # An email's own sentence is its writer's: its sender's, or a quoted reply's writer's.
        return _turn_attribution(writers, claimed, where="the email")
    if (denied := _denied(checked, claimed, text)) is not None:
        return denied
    if claimed is None:
        if checked.status == "asserted" or found is None:
            return AttributionCheck(
                verdict="stated_by_document",
                reason="the document states it in its own voice, as the claim does",
            )
        return AttributionCheck(
            verdict="stated_as_fact",
            document_source=found,
            cue=checked.cue,
            reason=f"the claim states it as fact; the document attributes it to '{found}'",
        )
    if checked.status == "asserted" or found is None:
        return AttributionCheck(
            verdict="speaker_not_found",
            claimed_source=claimed,
            reason=f"the claim says '{claimed}' said it; the evidence attributes it to no one",
        )
    if speaker_matches(doc, checked.evidence, claimed, found):
        return AttributionCheck(
            verdict="matches_document",
            claimed_source=claimed,
            document_source=found,
            cue=checked.cue,
            reason=f"the document attributes it to '{found}', as the claim does",
        )
    return AttributionCheck(
        verdict="wrong_speaker",
        claimed_source=claimed,
        document_source=found,
        cue=checked.cue,
        reason=f"the claim says '{claimed}'; the document attributes it to '{found}'",
    )


def _disputed(checked: ClaimCheck, frames: Sequence[attribution.Frame]) -> AttributionCheck | None:
    """A claim stating as fact what one source said and another denies ("Rebels captured three
    villages" where "Rebel commanders said their forces had captured three villages. The army
    denied the claim."): an allegation made a fact, unsupported. None when no frame denies the
    statement the claim rests on."""
    cited = set(checked.sentences)
    for frame in frames:
        if frame.stance == "denies" or not same_source(frame.source, checked.source):
            continue
        if not cited.intersection(frame.sentences):
            continue
        if (denial := denial_of(frames, frame)) is not None:
            return AttributionCheck(
                verdict="disputed_in_document",
                document_source=checked.source,
                cue=checked.cue,
                reason=f"the claim states as fact what '{checked.source}' said and "
                f"'{denial.source}' {denial.cue_text or 'denied'}",
            )
    return None


def _denied(checked: ClaimCheck, claimed: str | None, text: str) -> AttributionCheck | None:
    """A claim that affirms what the document reports only as denied ("Coastline plans to
    replace striking workers" where "The company denied claims by the union that it planned to
    replace striking workers"): contradicted, whoever it names, unless it names the claimant
    the denial answers ("The union said the company planned ...": the union did claim it). None
    when the evidence is no denial, or the claim denies it too, or reports the denial."""
    if checked.source is None or checked.cue is None or cue_stance(checked.cue) != "denies":
        return None
    reading = terms.read(text)
    if reading.has_negation or reading.stems & support.DENIAL_STEMS:
        return None
    accuser = claimant(checked.evidence)
    if claimed is not None and accuser is not None and _names_the_same(claimed, accuser):
        return AttributionCheck(
            verdict="matches_document",
            claimed_source=claimed,
            document_source=accuser,
            cue=checked.cue,
            reason=f"the document reports it as a claim by '{accuser}', which "
            f"'{checked.source}' {checked.cue}",
        )
    claim = f", a claim by '{accuser}'" if accuser else ""
    return AttributionCheck(
        verdict="denied_in_document",
        claimed_source=claimed,
        document_source=checked.source,
        cue=checked.cue,
        reason=f"the document reports it only as denied: '{checked.source}' {checked.cue} "
        f"it{claim}",
    )


def _names_the_same(a: str, b: str) -> bool:
    return same_source(a, b) or bool(terms.content_words(a) & terms.content_words(b))


def _writers(doc: Document, checked: ClaimCheck, voices: EmailVoices) -> list[str]:
    return sorted(
        {
            voice.speaker
            for n in checked.sentences
            if (s := doc.sentence(n)) and (voice := voices.at(s.start))
        }
    )


MIN_WORDS_ELSEWHERE = 3
"""Content words of a claim that only another speaker's turn holds: "According to Speaker 2,
the checkout redesign shipped on Tuesday ..., and conversion is up 3.1 percent" takes
"checkout", "redesign", "shipped" and "Tuesday" from Speaker 1's turn. One number will do:
"Tom Reid said twelve invoices failed" where Tom asked and Priya answered "Twelve"."""


def _said_by_another(
    doc: Document, checked: ClaimCheck, speaker: ClaimSpeaker
) -> AttributionCheck | None:
    """A claim that puts in one speaker's mouth ("According to Speaker 2, ...", "Tom Reid
    said ...") what the evidence shows partly in another's turn: the claimed speaker's turns
    hold some of it, another's `MIN_WORDS_ELSEWHERE` content words (or a number) that no turn
    of the claimed speaker's holds. None when nothing is taken from another, or the claim does
    not make the speaker the source of all it says: "Tom agrees to meet at five", "Tom asks
    whether ..." take their content from another's turn, as a reply or a question does."""
    cue = (speaker.cue or "").lower()
    if not cue or cue in ASKING_VERBS or cue_stance(cue) != "asserts":
        return None
    claimed, claim = speaker.source, speaker.content
    by_speaker: dict[str, set[str]] = {}
    for n in checked.sentences:
        if (s := doc.sentence(n)) is not None and (who := speaker_at(doc, s.start)):
            by_speaker.setdefault(who, set()).update(terms.all_stems(s.text))
    theirs = [w for w in by_speaker if same_source(claimed, w)]
    if not theirs or len(theirs) == len(by_speaker):
        return None
    own = set().union(*(by_speaker[w] for w in theirs))
    wanted = terms.content_words(claim) - terms.all_stems(claimed) - own
    spelling = terms.read(claim).spelling
    for who, stems in by_speaker.items():
        if who in theirs:
            continue
        taken = wanted & stems
        if len(taken) >= MIN_WORDS_ELSEWHERE or any(t[:1].isdigit() for t in taken):
            words = ", ".join(sorted(spelling.get(t, t) for t in taken))
            return AttributionCheck(
                verdict="wrong_speaker",
                claimed_source=claimed,
                document_source=who,
                reason=f"the claim has '{claimed}' say what a turn by {who} says ({words})",
            )
    return None


def _turn_attribution(
    speakers: list[str], claimed: str | None, *, where: str = "the transcript"
) -> AttributionCheck:
    """In a transcript, the evidence's speakers are those whose turns hold it; in an email,
    those who write its lines."""
    said_by = ", ".join(speakers)
    turns = "turns" if where == "the transcript" else "lines"
    if claimed is None:
        return AttributionCheck(
            verdict="stated_as_fact",
            document_source=said_by,
            reason=f"the claim states it as fact; in {where} it is said by {said_by}",
        )
    if any(same_source(claimed, s) for s in speakers):
        return AttributionCheck(
            verdict="matches_document",
            claimed_source=claimed,
            document_source=said_by,
            reason=f"said in {turns} by {said_by}, as the claim says",
        )
    return AttributionCheck(
        verdict="wrong_speaker",
        claimed_source=claimed,
        document_source=said_by,
        reason=f"the claim says '{claimed}' said it; the {turns} that hold it are by {said_by}",
    )


def _verdict(
    checked: ClaimCheck, who: AttributionCheck, missing: MissingTerms
) -> tuple[Verdict, str]:
    failures: list[Check] = [
        c
        for c in checked.failures
        # The claim's speaker is judged below, by the attribution check.
        if c.name not in ("source_matches_document", "source_near_evidence")
    ]
    if who.verdict in ("wrong_speaker", "denied_in_document"):
        return "contradicted", who.reason
    contradiction = [c for c in failures if c.name in CONTRADICTION_CHECKS]
    if contradiction:
        return "contradicted", contradiction[0].reason
    numbers_differ = any(c.name == "numbers_in_evidence" for c in failures) and _has_numbers(
        checked
    )
    if numbers_differ and not [
        c for c in failures if c.name not in ("numbers_in_evidence", "names_in_evidence")
    ]:
        return "contradicted", f"the evidence gives other numbers; {missing.numbers} not in it"
    if (dates := _other_dates(checked, missing)) and all(
        c.name == "names_in_evidence" for c in failures
    ):
        return "contradicted", dates
    if failures:
        return "unsupported", "; ".join(f"{c.name}: {c.reason}" for c in failures)
    if who.verdict in ("speaker_not_found", "disputed_in_document"):
        return "unsupported", who.reason
    return "supported", "every check passed against the evidence"


def _other_dates(checked: ClaimCheck, missing: MissingTerms) -> str | None:
    """The day or month the evidence gives where the claim gives another ("The board voted in
    November" against "voted in October"), when every name the evidence lacks is such a date."""
    wanted = [n for n in missing.names if n.lower() in CIRCUMSTANCE_WORDS]
    if not wanted or len(wanted) < len(missing.names):
        return None
    evidence = " ".join(e.quote for e in checked.evidence if e.role == "content")
    given = sorted(
        {w for w in re.findall(r"[A-Z][a-z]+", evidence) if w.lower() in CIRCUMSTANCE_WORDS}
    )
    if not given:
        return None
    return f"the evidence gives {', '.join(given)}, not {', '.join(wanted)}"


def _has_numbers(checked: ClaimCheck) -> bool:
    return any(terms.read(e.quote).quantities for e in checked.evidence if e.role == "content")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "MAX_CLAIMS",
    "SUPPORT_THRESHOLDS",
    "InvalidSummary",
    "check_summary",
    "check_summary_judged",
    "parse_summary",
    "summary_claims",
]
