"""Speaker attribution on PolNeAR dev: precision and recall of (source, content span) pairs;
with --fixtures, the deterministic source/status/dispute/hedge layer on the project's fixtures.

    .venv/bin/python bench/polnear.py \
        --data ../shared/data/quotes/polnear/polnear_dev_attributions.jsonl

Matching rule (one-to-one, greedy by overlap): a predicted frame matches a gold attribution when
their content spans overlap by at least half of the gold content AND half of the predicted
content (characters, spans united), AND the sources agree: the predicted source mention overlaps
the gold source span, or their head words (last word, lower-cased) are equal. Gold attributions
without a source span are matched on content alone. Sources are compared as written (PolNeAR
annotates the mention, "he" included), not as resolved. Inner (nested) frames count as
predictions, as PolNeAR annotates them separately.

Split: the dev file's articles, sorted by the SHA-256 of their id, are halved; the first half
(rounded down) is `dev-a`, where rules are tuned by looking at its misses, the rest `dev-b`,
held out; `all` is the whole dev file. Twice-annotated articles count once per annotation, both
in the same half. (Until session 10 the rules were tuned on another part, the articles whose
SHA-1 starts with an even hex digit: dev-b holds 14 of those 94 annotations.)
PolNeAR annotates far more than speech ("the accord committing
countries to...", "the ad features..."), so recall is also given for the gold attributions whose
cue is a reporting word this analyzer knows (`speech_cues`), and for those of them whose content
is not a direct quotation (`indirect_speech`: reported speech and paraphrase).

--fixtures evals/fixtures: no model. Each expected claim is drafted as the sentence holding its
terms (the body's, not the title's), its source either left out ("blank", as a small model often
does) or set wrong ("wrong": "the government"); the draft goes through `check_claim_source` and
`find_disputes`. Counted: source accuracy and status accuracy against the expectations,
expected disputes found (every expected party present with its stance), hedges caught (a
headline made of the attributed content, stated bare), and false alarms (an own-voice sentence
as the headline flagged anyway).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from service.document import Document, load_document
from service.evals.fixtures import Fixture, load_fixture
from service.evals.matching import contains_term, missing_terms
from service.schemas import Claim, Evidence
from service.verify import attribution
from service.verify.attribution import Frame, analyze, cue_stance
from service.verify.disputes import find_disputes
from service.verify.hedges import check_hedges
from service.verify.sources import check_claim_source

MIN_OVERLAP = 0.5
REPEATS = 3


def _chars(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _head(text: str | None) -> str:
    words = (text or "").replace("’s", "").split()
    return words[-1].strip(".,:;“”\"'()").lower() if words else ""


def halves(articles: Iterable[str]) -> dict[str, str]:
    """Each article id -> "dev-a" or "dev-b": the ids sorted by SHA-256, the first half dev-a."""
    ordered = sorted(set(articles), key=lambda a: hashlib.sha256(a.encode()).hexdigest())
    return {a: "dev-a" if i < len(ordered) // 2 else "dev-b" for i, a in enumerate(ordered)}


def score_article(row: dict, split: str) -> dict:
    text = row["text"]
    document = load_document(text, max_chars=10_000_000)
    # Best of a few cold runs: the machine is shared, and the best run is the analyzer's own cost.
    timings = []
    for _ in range(REPEATS):
        attribution.clear_caches()
        started = time.perf_counter()
        frames = analyze(document)
        timings.append(time.perf_counter() - started)
    elapsed = min(timings)
    predicted = attribution.flatten(frames)
    gold = [a for a in row["attributions"] if a["content"]]
    pred_chars = [_chars((s.start, s.end) for s in f.content) for f in predicted]
    candidates = []
    for gi, g in enumerate(gold):
        g_chars = _chars(map(tuple, g["content"]["spans"]))
        g_source = g["source"]
        for pi, f in enumerate(predicted):
            shared = len(g_chars & pred_chars[pi])
            if not g_chars or not pred_chars[pi]:
                continue
            if shared < MIN_OVERLAP * len(g_chars) or shared < MIN_OVERLAP * len(pred_chars[pi]):
                continue
            content_only = True
            source_ok = g_source is None
            if g_source is not None and f.source_span is not None:
                gs = _chars(map(tuple, g_source["spans"]))
                span_overlap = bool(gs & set(range(f.source_span.start, f.source_span.end)))
                source_ok = span_overlap or _head(g_source["text"]) == _head(f.source_text)
            candidates.append((shared, gi, pi, source_ok, content_only))
    candidates.sort(reverse=True)
    matched_g: set[int] = set()
    matched_p: set[int] = set()
    content_g: set[int] = set()
    content_p: set[int] = set()
    for _, gi, pi, _source_ok, _content in candidates:
        if gi not in content_g and pi not in content_p:
            content_g.add(gi)
            content_p.add(pi)
    for _, gi, pi, source_ok, _content in candidates:
        if source_ok and gi not in matched_g and pi not in matched_p:
            matched_g.add(gi)
            matched_p.add(pi)
    speech = [
        gi for gi, g in enumerate(gold) if g["cue"] and cue_stance(g["cue"]["text"]) is not None
    ]
    indirect = [gi for gi in speech if not gold[gi].get("direct_quote")]
    return {
        "id": row["id"],
        "split": split,
        "words": len(text.split()),
        "ms": elapsed * 1000,
        "gold": len(gold),
        "predicted": len(predicted),
        "matched_gold": len(matched_g),
        "matched_predicted": len(matched_p),
        "content_matched_gold": len(content_g),
        "content_matched_predicted": len(content_p),
        "speech_gold": len(speech),
        "speech_matched": len(matched_g & set(speech)),
        "indirect_gold": len(indirect),
        "indirect_matched": len(matched_g & set(indirect)),
    }


def _figures(rows: list[dict]) -> dict:
    def total(key: str) -> int:
        return sum(r[key] for r in rows)

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    precision = ratio(total("matched_predicted"), total("predicted"))
    recall = ratio(total("matched_gold"), total("gold"))
    # F1 from the counts, not from the rounded precision and recall (which made 0.6500 "0.651").
    exact_p = total("matched_predicted") / total("predicted") if total("predicted") else 0.0
    exact_r = total("matched_gold") / total("gold") if total("gold") else 0.0
    f1 = 2 * exact_p * exact_r / (exact_p + exact_r) if exact_p + exact_r else 0.0
    return {
        "annotations": len(rows),
        "gold": total("gold"),
        "predicted": total("predicted"),
        "precision": precision,
        "recall": recall,
        "f1": round(f1, 4),
        "content_only_precision": ratio(total("content_matched_predicted"), total("predicted")),
        "content_only_recall": ratio(total("content_matched_gold"), total("gold")),
        "speech_cues_gold": total("speech_gold"),
        "speech_cues_recall": ratio(total("speech_matched"), total("speech_gold")),
        "indirect_speech_gold": total("indirect_gold"),
        "indirect_speech_recall": ratio(total("indirect_matched"), total("indirect_gold")),
    }


def _claims(
    doc: Document, frames: list[Frame], fixture: Fixture, source: str | None
) -> list[Claim]:
    drafted = []
    for expected in fixture.expect.claims:
        holders = [s for s in doc.sentences if not missing_terms(s.text, expected.terms)]
        if not holders:
            continue
        sentence = holders[1] if len(holders) > 1 and holders[0].number == 1 else holders[0]
        result = check_claim_source(
            doc,
            frames,
            claim_text=sentence.text,
            draft_source=source,
            draft_cue=None,
            sentences=[sentence.number],
        )
        evidence = [Evidence(start=sentence.start, end=sentence.end, quote=sentence.text)]
        drafted.append(
            Claim(
                id=expected.id,
                text=sentence.text,
                source=result.source,
                cue=result.cue,
                status=result.status,
                evidence=evidence + result.evidence,
                verified=all(c.passed for c in result.checks),
                checks=result.checks,
            )
        )
    return drafted


def score_fixtures(folder: Path, source: str | None) -> dict[str, int]:
    counts = dict.fromkeys(
        ["sources", "sources_right", "statuses", "statuses_right", "disputes", "disputes_found",
         "hedges", "hedges_caught", "own_voice_headlines", "false_alarms"],
        0,
    )  # fmt: skip
    for path in sorted(folder.glob("*.yaml")):
        fixture = load_fixture(path)
        doc = load_document(fixture.text, max_chars=1_000_000)
        frames = analyze(doc)
        claims, disputes = find_disputes(doc, frames, _claims(doc, frames, fixture, source))
        expected = {c.id: c for c in fixture.expect.claims}
        for claim in claims:
            want = expected[claim.id]
            if want.checks_source:
                counts["sources"] += 1
                counts["sources_right"] += (
                    claim.source is None
                    if want.source is None
                    else contains_term(claim.source, want.source)
                )
            if want.status:
                counts["statuses"] += 1
                counts["statuses_right"] += claim.status in want.status
        for dispute in fixture.expect.disputes:
            counts["disputes"] += 1
            counts["disputes_found"] += any(
                all(
                    any(
                        contains_term(p.source, party.source)
                        and (party.stance is None or p.stance == party.stance)
                        for p in found.parties
                    )
                    for party in dispute.parties
                )
                for found in disputes
            )
        for hedge in fixture.expect.hedges:
            counts["hedges"] += 1
            holding = [f for f in frames if not missing_terms(f.content_quote, hedge.terms)]
            if holding:
                bare = holding[-1].content_quote.strip("“”\"' ,.")
                report = check_hedges(doc, frames, headline=bare, summary="", key_points=[])
                counts["hedges_caught"] += bool(report.violations)
        own = [
            s
            for s in doc.sentences[1:]
            if len(s.text.split()) > 5 and not any(s.number in f.sentences for f in frames)
        ]
        if own:
            report = check_hedges(doc, frames, headline=own[0].text, summary="", key_points=[])
            counts["own_voice_headlines"] += 1
            counts["false_alarms"] += bool(report.violations)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="polnear_dev_attributions.jsonl")
    parser.add_argument("--out", type=Path, default=Path("bench/results/polnear.json"))
    parser.add_argument("--fixtures", type=Path, help="also score evals/fixtures (no model)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"PolNeAR data not found at {args.data}; nothing measured.", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line]
    split = halves(r["article"] for r in rows)
    scored = [score_article(r, split[r["article"]]) for r in rows]
    per_600 = [r["ms"] * 600 / max(r["words"], 1) for r in scored]
    result = {
        "data": str(args.data),
        "rule": "content overlap >= 50% of gold and of predicted; source span overlap or same head",
        "dev-a": _figures([r for r in scored if r["split"] == "dev-a"]),
        "dev-b": _figures([r for r in scored if r["split"] == "dev-b"]),
        "all": _figures(scored),
        "analyze_ms_median": round(statistics.median(r["ms"] for r in scored), 2),
        "analyze_ms_per_600_words_median": round(statistics.median(per_600), 2),
        "articles": scored,
    }
    if args.fixtures is not None:
        result["fixtures"] = {
            "blank_sources": score_fixtures(args.fixtures, None),
            "wrong_sources": score_fixtures(args.fixtures, "the government"),
        }
        for mode, c in result["fixtures"].items():
            print(
                f"fixtures ({mode}): source {c['sources_right']}/{c['sources']}, status "
                f"{c['statuses_right']}/{c['statuses']}, disputes {c['disputes_found']}/"
                f"{c['disputes']}, hedges caught {c['hedges_caught']}/{c['hedges']}, "
                f"false hedge alarms {c['false_alarms']}/{c['own_voice_headlines']}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    for part in ("dev-a", "dev-b", "all"):
        f = result[part]
        print(
            f"{part:9} n={f['annotations']:3} gold={f['gold']:5} pred={f['predicted']:5} "
            f"P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.4f} | content-only "
            f"P={f['content_only_precision']:.3f} R={f['content_only_recall']:.3f} | "
            f"speech-cue recall={f['speech_cues_recall']:.3f} (of {f['speech_cues_gold']}) | "
            f"indirect speech recall={f['indirect_speech_recall']:.3f} "
            f"(of {f['indirect_speech_gold']})"
        )
    print(
        f"analyze() (best of {REPEATS} cold runs): median {result['analyze_ms_median']} ms "
        "per article, "
        f"{result['analyze_ms_per_600_words_median']} ms per 600 words; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
