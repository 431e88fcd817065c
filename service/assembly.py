"""From a draft that picked statements to a Summary: claims whose source, cue, status and evidence
come from the reading, and whose text is the model's rewrite only where the rewrite holds.

A chosen statement is already tied to exact spans and to its speaker, so a claim built from it
verifies unless the model's words fail: a rewrite that adds what the statement lacks, names
another speaker, or drops the attribution or the denial is set aside (a visible check says why)
and the statement's own words stand in. Then disputes are found among the claims and the
document's other statements, and the headline and summary are checked against the claims.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from service.document import standing_alone
from service.draft import Draft, DraftClaim
from service.extractive import ranked_statements
from service.reading import Reading, Statement
from service.schemas import Check, Claim, DocumentInfo, Evidence, Provenance, Summary
from service.verify import support
from service.verify.claims import SUPPORT_THRESHOLDS, check_evidence_offsets, check_source
from service.verify.disagreements import find_disagreements
from service.verify.disputes import find_disputes
from service.verify.hedges import HEDGE_WORDS, hedge_unit
from service.verify.overview import check_overview
from service.verify.sources import named_speaker, same_source
from service.verify.topics import SAYS_THE_SAME, coverage, key_terms, similarity

_DENIAL_WORDS = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed)|"
    r"disput(?:e|es|ed)|contradict(?:s|ed)?|rebut(?:s|ted)?|not|no|never|n't|false|untrue)\b",
    re.IGNORECASE,
)


_OBJECT_CUES = re.compile(
    r"(?:accus|urg|blam|call|ask|prais|critici[sz]|condemn|thank|invit|order|warn|press|appeal)"
    r"\w*(?: on| for)?",
    re.IGNORECASE,
)
"""Cues whose content is an object, not a clause: "According to X, <content>" would not read as
English after "accused" or "urged" ("According to X, the union of walking away")."""


@dataclass
class Assembled:
    claims: list[Claim]
    dropped: list[str]
    """Why chosen items made no claim, for the warnings."""
    used: set[int]
    """The numbers of the statements the claims rest on."""


def assemble_claims(reading: Reading, draft: Draft, max_claims: int) -> Assembled:
    """Claims from the draft's chosen statements, in its order; repeats and unknown numbers out."""
    claims: list[Claim] = []
    dropped: list[str] = []
    used: set[int] = set()
    for item in draft.claims:
        if len(claims) >= max_claims:
            break
        chosen = [s for n in dict.fromkeys(item.ids) if (s := reading.statement(n))]
        unknown = [n for n in item.ids if reading.statement(n) is None]
        if unknown:
            dropped.append(
                f"statement {', '.join(map(str, unknown))} does not exist "
                f"(the document has {len(reading.statements)})"
            )
        chosen = [s for s in chosen if s.number not in used]
        if not chosen:
            continue
        # One claim, one speaker: statements by someone else are not folded into it.
        chosen = [s for s in chosen if _same_speaker(s, chosen[0])]
        used.update(s.number for s in chosen)
        claims.append(claim_from_statements(reading, chosen, item, f"c{len(claims) + 1}"))
    return Assembled(claims, dropped, used)


def _same_speaker(a: Statement, b: Statement) -> bool:
    if a.kind == "own" or b.kind == "own":
        return a.kind == b.kind
    return same_source(a.source, b.source)


def statement_evidence(
    reading: Reading, statements: Sequence[Statement], *, whole: tuple[int, int] | None = None
) -> list[Evidence]:
    """Content spans, then the spans that name who says it, each once, in document order. With
    `whole` (a claim that is its sentence as written), the rest of that span too ("on Monday"),
    as attribution: every word of the claim is then in its evidence."""
    text = reading.text
    content = {(span.start, span.end) for s in statements for span in s.content}
    attribution = {
        (span.start, span.end)
        for s in statements
        for span in s.attribution
        if not any(lo <= span.start and span.end <= hi for lo, hi in content)
    }
    if whole is not None:
        attribution |= _gaps(text, whole, sorted(content | attribution))
    spans = [(lo, hi, "content") for lo, hi in content] + [
        (lo, hi, "attribution") for lo, hi in attribution
    ]
    return [
        Evidence(start=lo, end=hi, quote=text[lo:hi], role=role)
        for lo, hi, role in sorted(spans)
        if hi > lo
    ]


_GAP_NOISE = " \t\n,;:.—–-\"“”'‘’()>"
"""Spaces and punctuation; and an email's quote marks, between the lines of a wrapped reply."""


def _gaps(text: str, whole: tuple[int, int], spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pieces of `whole` no span covers, trimmed of spaces and punctuation."""
    found: set[tuple[int, int]] = set()
    at = whole[0]
    for lo, hi in [*spans, (whole[1], whole[1])]:
        lo, hi = max(lo, whole[0]), min(hi, whole[1])
        if lo > at:
            piece = text[at:lo]
            start = at + len(piece) - len(piece.lstrip(_GAP_NOISE))
            end = lo - (len(piece) - len(piece.rstrip(_GAP_NOISE)))
            if end > start:
                found.add((start, end))
        at = max(at, hi)
    return found


def _as_written(reading: Reading, statement: Statement, text: str) -> tuple[int, int] | None:
    """Where the claim text stands in the statement's sentences, when it is them as written (or
    the reading's own text of them: without the dateline, a pronoun or short name replaced by
    the name it stands for, whose mention is in the attribution evidence)."""
    first = reading.document.sentence(statement.sentences[0])
    last = reading.document.sentence(statement.sentences[-1])
    if first is None or last is None:
        return None
    at = reading.text.find(text, first.start, last.end)
    if at >= 0:
        return (at, at + len(text))
    if text != statement.claim_text or not reading.stands_alone(statement):
        return None
    return (first.start + len(first.text) - len(standing_alone(first.text)), last.end)


def claim_from_statements(
    reading: Reading, statements: Sequence[Statement], item: DraftClaim, claim_id: str
) -> Claim:
    primary = statements[0]
    evidence = statement_evidence(reading, statements)
    evidence_text = " ".join(e.quote for e in evidence)
    fallback = " ".join(s.claim_text for s in statements)
    text, rewrite_check = _choose_text(reading, statements, item.text, fallback, evidence_text)
    whole = _as_written(reading, primary, text) if len(statements) == 1 else None
    if whole is not None:
        evidence = statement_evidence(reading, statements, whole=whole)
        evidence_text = " ".join(e.quote for e in evidence)
    numbers = ", ".join(str(s.number) for s in statements)
    sentences = sorted({n for s in statements for n in s.sentences})
    checks = [
        Check(
            name="statements_exist",
            passed=True,
            reason=f"rests on statement {numbers} (sentence {', '.join(map(str, sentences))})",
        ),
        check_evidence_offsets(reading.document, evidence),
        *support.checks(support.assess(text, evidence_text, word_order=False), SUPPORT_THRESHOLDS),
        _source_check(reading, primary),
    ]
    if rewrite_check is not None:
        checks.append(rewrite_check)
    return Claim(
        id=claim_id,
        text=text,
        source=primary.source if primary.kind != "own" else None,
        cue=primary.cue,
        status=primary.status,
        evidence=evidence,
        verified=all(c.passed for c in checks),
        checks=checks,
    )


def _source_check(reading: Reading, statement: Statement) -> Check:
    where = f"sentence {statement.sentences[0]}"
    if statement.kind == "own":
        return Check(
            name="source_matches_document",
            passed=True,
            reason=f"stated in the document's own voice ({where} attributes it to no one)",
        )
    if statement.kind == "turn":
        return Check(
            name="source_matches_document",
            passed=True,
            reason=f"'{statement.source}' speaks this line ({where})",
        )
    phrase = " ".join(reading.text[s.start : s.end] for s in statement.attribution[:1])
    certainty = "" if statement.certain else "likely "
    return Check(
        name="source_matches_document",
        passed=True,
        reason=f"the document {certainty}attributes it to '{statement.source}' "
        f'({where}: "{phrase}")',
    )


def _choose_text(
    reading: Reading,
    statements: Sequence[Statement],
    rewrite: str,
    fallback: str,
    evidence_text: str,
) -> tuple[str, Check | None]:
    """The model's rewrite if it holds against the statement, else the statement's own words."""
    rewrite = rewrite.strip()
    if not rewrite:
        return fallback, None
    primary = statements[0]
    problem = _rewrite_problem(reading, primary, rewrite, evidence_text)
    if problem is None and primary.kind != "own" and not _attributes(rewrite, primary):
        if primary.stance == "asserts" and not _OBJECT_CUES.fullmatch(primary.cue or "said"):
            body = rewrite.rstrip(" ,;:")
            body += "" if body.endswith((".", "!", "?", '"', "”")) else "."
            hedged = hedge_unit(reading.document, body, primary.source or "", headline=False)
            return hedged, Check(
                name="rewrite_keeps_attribution",
                passed=True,
                reason=f"repaired: the model's rewrite stated '{primary.source}''s statement "
                "as fact; 'According to ...' added",
            )
        problem = f"it drops that '{primary.source}' {primary.cue or 'says'} it"
    if problem is None and primary.stance == "denies" and not _DENIAL_WORDS.search(rewrite):
        problem = "it drops the denial"
    if problem is not None:
        return fallback, Check(
            name="rewrite_supported",
            passed=True,
            reason=f'repaired: the model\'s rewrite "{rewrite}" was set aside ({problem}); '
            "the statement's own words are used",
        )
    return rewrite, Check(
        name="rewrite_supported",
        passed=True,
        reason="the model's rewrite holds against the statement",
    )


_MARKUP = re.compile(r"[{}\[\]]")
"""Characters of the prompt's statement labels and of JSON, which a rewrite copies by mistake."""

REWRITE_KEEPS = 0.3
"""Share of a statement's key words (its speaker's aside) that a rewrite must keep: a rewrite
that names the speaker and little else ("the port authority, said") says nothing."""


def _rewrite_problem(
    reading: Reading, statement: Statement, rewrite: str, evidence_text: str
) -> str | None:
    if (markup := _MARKUP.search(rewrite)) and markup.group() not in evidence_text:
        return f"it carries the prompt's markup '{markup.group()}'"
    label = f"{statement.source}, {statement.cue}".lower() if statement.source else ""
    if label and rewrite.lstrip("( ").lower().startswith(label):
        return "it copies the statement's label"
    assessed = support.assess(rewrite, evidence_text, word_order=False)
    if not support.passes(assessed, SUPPORT_THRESHOLDS):
        failed = [c for c in support.checks(assessed, SUPPORT_THRESHOLDS) if not c.passed]
        return "; ".join(f"{c.name}: {c.reason}" for c in failed)
    speaker_terms = key_terms(statement.source or "")
    content = key_terms(statement.text) - speaker_terms
    kept = content & (key_terms(rewrite) - speaker_terms)
    if len(content) >= 3 and (len(kept) < 2 or coverage(content, kept) < REWRITE_KEEPS):
        return (
            f"it leaves out what the statement says: it keeps {len(kept)} of the "
            f"{len(content)} key words"
        )
    speaker = named_speaker(rewrite)
    if speaker is None:
        return None
    if statement.kind == "own":
        # The model may name a source only where the reading found none, if the document names
        # that source at the statement.
        found = check_source(reading.document, speaker, list(statement.sentences))
        return None if found.passed else f"it names '{speaker}' as the speaker: {found.reason}"
    frame_source = statement.frame.source_text if statement.frame else None
    if same_source(speaker, statement.source) or same_source(speaker, frame_source):
        return None
    return (
        f"it names '{speaker}' as the speaker; the document attributes it to '{statement.source}'"
    )


def _attributes(rewrite: str, statement: Statement) -> bool:
    """Does the rewrite say who makes the statement (a reporting word, or the speaker's name)?"""
    if HEDGE_WORDS.search(rewrite):
        return True
    if not statement.source:
        return False
    if statement.source.lower() in rewrite.lower():
        return True
    speaker = named_speaker(rewrite)
    return speaker is not None and same_source(speaker, statement.source)


@dataclass
class ChosenClaims:
    """The verified claims a Summary will carry, before disputes and the overview."""

    claims: list[Claim]
    warnings: list[str]
    drafted: int
    """Claims the draft chose."""
    drafted_verified: int
    """Of those, how many verified (the rest were dropped)."""


def choose_claims(
    reading: Reading,
    draft: Draft,
    *,
    max_claims: int,
    warnings: list[str],
    fill_to: int = 0,
) -> ChosenClaims:
    """Only verified claims are chosen; each keeps the checks that verified it. When fewer
    than `fill_to` verified claims come from the draft, the document's leading statements that
    no claim covers yet are added (a check on each says so)."""
    assembled = assemble_claims(reading, draft, max_claims)
    warnings = [*warnings, *(f"a chosen claim was left out: {why}" for why in assembled.dropped)]
    verified = [c for c in assembled.claims if c.verified]
    for claim in assembled.claims:
        if not claim.verified:
            failed = "; ".join(f"{c.name}: {c.reason}" for c in claim.checks if not c.passed)
            warnings.append(f'dropped claim "{claim.text}": {failed}')
    drafted_verified = len(verified)
    if verified and len(verified) < min(fill_to, max_claims):  # none: the extractive floor
        added = _fill(reading, assembled.used, verified, min(fill_to, max_claims))
        if added:
            warnings.append(
                f"the draft gave {len(verified)} verified claims; {len(added)} more are the "
                "document's leading statements, chosen by the service"
            )
            verified += added
    return ChosenClaims(verified, warnings, len(assembled.claims), drafted_verified)


def finish_summary(
    reading: Reading,
    draft: Draft,
    chosen: ChosenClaims,
    *,
    provenance: Provenance,
    title: str | None = None,
    published_at: str | None = None,
    checks: Sequence[Check] = (),
) -> Summary:
    """Disputes found among the chosen claims and the document's other statements, and the
    headline and summary checked (and repaired) so that they say only what the claims support.
    `checks`: of the whole summary, beside the overview's (the model judge's)."""
    claims, disputes = find_disputes(reading.document, reading.frames, chosen.claims)
    claims, disputes = find_disagreements(reading.document, reading.turns, claims, disputes)
    overview = check_overview(reading, draft.headline, draft.summary, claims)
    document = reading.document
    return Summary(
        id=uuid.uuid4().hex,
        headline=overview.headline,
        summary=overview.summary,
        key_points=overview.key_points,
        claims=claims,
        disputes=disputes,
        checks=[*overview.checks, *checks],
        document=DocumentInfo(
            sha256=document.sha256,
            chars=len(document.text),
            sentences=len(document.sentences),
            statements=len(reading.statements),
            title=title,
            published_at=published_at,
            planted=_spans(reading, reading.planted_numbers),
            boilerplate=_spans(reading, reading.line_kinds("boilerplate")),
        ),
        provenance=provenance.model_copy(
            update={
                "claims_drafted": chosen.drafted,
                "claims_dropped": chosen.drafted - chosen.drafted_verified,
            }
        ),
        warnings=chosen.warnings,
    )


def build_summary(
    reading: Reading,
    draft: Draft,
    *,
    max_claims: int,
    provenance: Provenance,
    warnings: list[str],
    title: str | None = None,
    published_at: str | None = None,
    fill_to: int = 0,
) -> Summary:
    """`choose_claims`, then `finish_summary`: a Summary whose every claim verified."""
    chosen = choose_claims(
        reading, draft, max_claims=max_claims, warnings=warnings, fill_to=fill_to
    )
    return finish_summary(
        reading, draft, chosen, provenance=provenance, title=title, published_at=published_at
    )


def _fill(reading: Reading, used: set[int], verified: Sequence[Claim], target: int) -> list[Claim]:
    """Verified claims from the ranked statements that no drafted claim rests on or repeats."""
    held = [key_terms(c.text) for c in verified]
    added: list[Claim] = []
    for statement in ranked_statements(reading):
        if len(verified) + len(added) >= target:
            break
        terms_of = key_terms(statement.text)
        if statement.number in used or any(similarity(terms_of, h) >= SAYS_THE_SAME for h in held):
            continue
        claim = claim_from_statements(
            reading,
            [statement],
            DraftClaim(ids=[statement.number], text=""),
            f"c{len(verified) + len(added) + 1}",
        )
        if not claim.verified:
            continue
        claim.checks.append(
            Check(
                name="chosen_by_service",
                passed=True,
                reason="the draft chose too few statements; this one ranks high in the document",
            )
        )
        added.append(claim)
        held.append(terms_of)
    return added


def _spans(reading: Reading, numbers: Sequence[int] | frozenset[int]) -> list[Evidence]:
    found = []
    for n in sorted(numbers):
        if (s := reading.document.sentence(n)) is not None:
            found.append(Evidence(start=s.start, end=s.end, quote=s.text))
    return found
