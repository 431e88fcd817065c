"""The claim-support check (service/verify/support.py) on FRANK and the SummaC validation subset.

    .venv/bin/python bench/support.py --data ../shared/data [--out bench/results/support.json]

Setting, as in the pipeline: a claim is one summary sentence; its evidence is the few document
sentences that state it. The model cites them in the service; here they are picked by term
overlap (`cite`: greedily, the sentence adding the most of the claim's uncovered content words,
names and numbers counting twice, up to --k sentences, a further one only if it adds at least
--min-gain). The check then judges claim against evidence; a summary counts as consistent when
every one of its sentences passes. A transcript (SummEdits' chats) is read as the service reads
one: its participants' names and the words for speaking count as present, more turns are cited
(citation.TRANSCRIPT_SENTENCES) and its own thresholds apply (claims.TRANSCRIPT_THRESHOLDS).
Label 1 = consistent. Metric: balanced accuracy (mean of the recall of each class).

Tuning: the thresholds are chosen on FRANK's validation split only, maximising the mean of the
CNN/DM and XSum balanced accuracies (pooled accuracy rewards failing every abstractive XSum
summary, as XSum is 90% inconsistent); FRANK test and the SummaC subset are reported untouched.
SummEdits: rules for conversations and email are looked at on its `evaluation` split only; its
`test` split is reported untouched.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.document import Document, load_document, split_sentences  # noqa: E402
from service.verify import citation, support, terms  # noqa: E402
from service.verify.casing import with_document_capitals  # noqa: E402
from service.verify.citation import TRANSCRIPT_MIN_GAIN, TRANSCRIPT_SENTENCES  # noqa: E402
from service.verify.claims import (  # noqa: E402
    SUPPORT_THRESHOLDS,
    TRANSCRIPT_THRESHOLDS,
    CitedClaim,
    verify_claim,
)
from service.verify.dialogue import present_terms  # noqa: E402
from service.verify.summary_check import check_summary  # noqa: E402
from service.verify.support import Support, Thresholds  # noqa: E402

SUMMAC_CONV = 74.4
"""SummaC-Conv's published balanced accuracy, the mean over the six SummaC test sets."""

SUMMAC_SETS = ("summeval", "xsumfaith", "factcc", "polytope")
SUMMEDITS_SETS = ("samsum", "sales_email")

# BBC articles in FRANK lost the space between sentences ("in Tehran.Her husband"); without it
# a whole article is one sentence.
_GLUED = re.compile(r"(?<=[a-z0-9][.!?])(?=[A-Z])|(?<=[a-z0-9][.!?][\"'])(?=[A-Z])")


@dataclass
class Example:
    dataset: str  # frank-cnndm, frank-xsum, or a SummaC set
    split: str  # FRANK: valid / test; SummaC: val
    document: str
    claims: list[str]
    label: int  # 1 = consistent
    extra: dict[str, int]


# FRANK's CNN/DM summaries are PTB-tokenised: brackets are written -LRB- / -RRB-. (Its UNK, the
# word a pointer-generator could not spell, stays: three in four summaries with one are labelled
# inconsistent.)
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]"}
_PTB_TOKEN = re.compile(r"-[LR][RS]B-")


def detokenise(claim: str) -> str:
    return _PTB_TOKEN.sub(lambda m: _PTB[m.group()], claim)


def load_frank(folder: Path) -> list[Example]:
    with (folder / "frank_joined.jsonl").open() as f:
        rows = [json.loads(line) for line in f]
    return [
        Example(
            dataset=f"frank-{r['source_dataset']}",
            split=r["split"],
            document=_GLUED.sub(" ", r["document"]),
            claims=[detokenise(c) for c in r["summary_sentences"]],
            label=int(r["label_consistent"]),
            extra={},
        )
        for r in rows
    ]


def load_summac(folder: Path) -> list[Example]:
    examples = []
    for name in SUMMAC_SETS:
        records = json.loads((folder / f"{name}.json").read_text())
        for r in records.values():
            extra = {}
            if name == "polytope":  # SummaC counts omissions as inconsistent; no claim shows one
                extra["label_without_omission"] = int(r["addition_label"] and r["inaccuracy_label"])
            examples.append(
                Example(
                    dataset=name,
                    split="val",
                    document=_GLUED.sub(" ", r["document"]),
                    claims=[s.text for s in split_sentences(r["claim"])],
                    label=int(r["label"]),
                    extra=extra,
                )
            )
    return examples


# SummEdits joined SAMSum's chat lines with " . " ("Ann: Hi. . Mike: Ok."); the line breaks a
# chat log has are put back, so that its turns read as turns.
_JOINED_TURNS = re.compile(r"\s+\.\s+(?=[^\s:.]{1,30}(?: [^\s:.]{1,30}){0,3}:\s)")


def load_summedits(folder: Path) -> list[Example]:
    examples = []
    for name in SUMMEDITS_SETS:
        for r in json.loads((folder / f"summedits_{name}.json").read_text()):
            examples.append(
                Example(
                    dataset=name,
                    split=r["split"],
                    document=_JOINED_TURNS.sub("\n", r["doc"]) if name == "samsum" else r["doc"],
                    claims=[s.text for s in split_sentences(r["summary"])],
                    label=int(r["label"]),
                    extra={},
                )
            )
    return examples


def cite(
    claim: str,
    sentences: Sequence[str],
    k: int,
    min_gain: int,
    present: frozenset[str] = frozenset(),
) -> str:
    """The evidence a careful model would cite: sentences covering the claim's words (the
    service's own picker for summaries that cite nothing, `citation.cite`)."""
    return " ".join(
        sentences[i] for i in citation.cite(claim, sentences, k, min_gain, present=present)
    )


@dataclass
class Judged:
    example: Example
    supports: list[Support]
    transcript: bool = False  # judged as the service judges a conversation's claims


def judge_all(examples: Iterable[Example], k: int, min_gain: int) -> tuple[list[Judged], float]:
    """Every claim assessed against its evidence; also the check's time per claim in ms. A
    transcript's claims are read as the service reads them (`claims.content_checks`): its
    participants and speech words present, more turns cited, less wording demanded; a claim in
    lower case has the document's capitals (`casing`)."""
    judged, elapsed, claims = [], 0.0, 0
    sentences_of: dict[str, tuple[list[str], frozenset[str]]] = {}
    for ex in examples:
        if ex.document not in sentences_of:
            sentences_of[ex.document] = (
                [s.text for s in split_sentences(ex.document)],
                present_terms(Document(text=ex.document, sentences=())),
            )
        sentences, present = sentences_of[ex.document]
        cited = (TRANSCRIPT_SENTENCES, TRANSCRIPT_MIN_GAIN) if present else (k, min_gain)
        supports = []
        for claim in ex.claims:
            evidence = cite(claim, sentences, *cited, present=present)
            start = time.perf_counter()
            read_as = with_document_capitals(claim, ex.document)  # as check_summary reads it
            supports.append(support.assess(read_as, evidence, present=present))
            support.checks(supports[-1], TRANSCRIPT_THRESHOLDS if present else SUPPORT_THRESHOLDS)
            elapsed += time.perf_counter() - start
            claims += 1
        judged.append(Judged(ex, supports, transcript=bool(present)))
    return judged, 1000 * elapsed / max(claims, 1)


def passes(item: Judged, thresholds: Thresholds, transcript: Thresholds | None = None) -> bool:
    """`transcript`: the thresholds for a transcript's claims, when not `thresholds`."""
    if item.transcript and transcript is not None:
        thresholds = transcript
    return all(support.passes(s, thresholds) for s in item.supports)


@dataclass
class Score:
    n: int
    consistent: int
    balanced_accuracy: float
    recall_consistent: float
    recall_inconsistent: float


def score(pairs: Sequence[tuple[bool, int]]) -> Score:
    pos = [p for p, label in pairs if label == 1]
    neg = [p for p, label in pairs if label == 0]
    tpr = sum(pos) / len(pos) if pos else 0.0
    tnr = sum(not p for p in neg) / len(neg) if neg else 0.0
    return Score(len(pairs), len(pos), round(100 * (tpr + tnr) / 2, 1), tpr, tnr)


def evaluate(
    judged: Sequence[Judged], thresholds: Thresholds, transcript: Thresholds | None = None
) -> dict[str, Score]:
    return grouped((item.example, passes(item, thresholds, transcript)) for item in judged)


def verify_all(examples: Iterable[Example]) -> tuple[list[tuple[Example, bool]], float]:
    """Each summary through the product's own check (`check_summary`, as POST /v1/verify):
    evidence picked, claims verified, speakers compared; also its time per summary in ms."""
    settings = Settings(max_document_chars=10_000_000)
    verdicts, elapsed, count = [], 0.0, 0
    for ex in examples:
        start = time.perf_counter()
        report = check_summary(ex.document, ex.claims, settings)
        elapsed += time.perf_counter() - start
        count += 1
        verdicts.append((ex, report.verified))
    return verdicts, 1000 * elapsed / max(count, 1)


def grouped(verdicts: Iterable[tuple[Example, bool]]) -> dict[str, Score]:
    groups: dict[str, list[tuple[bool, int]]] = defaultdict(list)
    for ex, verdict in verdicts:
        groups[f"{ex.dataset}/{ex.split}"].append((verdict, ex.label))
        if ex.dataset.startswith("frank"):
            groups[f"frank/{ex.split}"].append((verdict, ex.label))
        if "label_without_omission" in ex.extra:
            groups["polytope-no-omission/val"].append((verdict, ex.extra["label_without_omission"]))
    return {name: score(pairs) for name, pairs in sorted(groups.items())}


def mean_of_sources(scores: dict[str, Score]) -> float:
    """The declared objective: CNN/DM and XSum count alike."""
    return (
        scores["frank-cnndm/valid"].balanced_accuracy + scores["frank-xsum/valid"].balanced_accuracy
    ) / 2


def pooled(scores: dict[str, Score]) -> float:
    """SummaC's convention: FRANK as one set (reported for comparison, not shipped)."""
    return scores["frank/valid"].balanced_accuracy


def tune(
    frank_valid: Sequence[Judged], objective: Callable[[dict[str, Score]], float]
) -> tuple[Thresholds, float]:
    grid = itertools.product(
        [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
        [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        [False, True],
        [0, 1, 2],
        [False, True],
    )
    best: tuple[float, Thresholds] | None = None
    for overlap, in_order, negation, denied, opposites in grid:
        thresholds = Thresholds(
            min_overlap=overlap,
            min_in_order=in_order,
            negation=negation,
            min_denied_words=denied,
            opposites=opposites,
        )
        value = objective(evaluate(frank_valid, thresholds))
        if best is None or value > best[0]:
            best = (value, thresholds)
    assert best is not None
    return best[1], best[0]


def summac_overall(scores: dict[str, Score]) -> float:
    return round(statistics.mean(scores[f"{n}/val"].balanced_accuracy for n in SUMMAC_SETS), 1)


TOKEN_CACHES = ("term", "_token")
"""Per-word caches: warm in a running service, whatever the document."""


def clear_caches(*, tokens: bool) -> None:
    """Forget every text seen (and every word, when `tokens`), as a new document would."""
    for module in (terms, support):
        for name in dir(module):
            if not tokens and name in TOKEN_CACHES:
                continue
            if callable(clear := getattr(getattr(module, name), "cache_clear", None)):
                clear()


def verification_ms(examples: Sequence[Example], words: int, runs: int) -> dict[str, float]:
    """Median time to verify 12 claims of a document of about `words` words, repairs included:
    the article closest in length, or articles joined until long enough; each claim cites what
    `cite` picks."""
    by_document: dict[str, list[str]] = defaultdict(list)
    for ex in examples:  # FRANK has several models' summaries of each document
        by_document[ex.document].extend(ex.claims)
    documents = list(by_document)
    if words < 2_000:
        documents.sort(key=lambda d: abs(len(d.split()) - words))
    parts, claims, count = [], [], 0
    for document in documents:
        parts.append(document)
        claims.extend(by_document[document])
        count += len(document.split())
        if count >= words:
            break
    doc = load_document("\n\n".join(parts), max_chars=10_000_000)
    sentences = [s.text for s in doc.sentences]
    drafts = []
    for claim in claims[:12]:
        evidence = cite(claim, sentences, 3, 2)
        numbers = [s.number for s in doc.sentences if s.text in evidence] or [1]
        drafts.append(CitedClaim(text=claim, sentences=numbers))
    result: dict[str, float] = {
        "words": count,
        "sentences": len(doc.sentences),
        "claims": len(drafts),
        "claims_failing": sum(not verify_claim(doc, d).passed for d in drafts),
    }
    for label, tokens in (("new_document", False), ("new_process", True)):
        wall, cpu = [], []
        for _ in range(runs):
            clear_caches(tokens=tokens)
            start, start_cpu = time.perf_counter(), time.process_time()
            for draft in drafts:
                verify_claim(doc, draft)
            cpu.append(1000 * (time.process_time() - start_cpu))
            wall.append(1000 * (time.perf_counter() - start))
        result[f"{label}_median_ms"] = round(statistics.median(wall), 2)
        result[f"{label}_median_cpu_ms"] = round(statistics.median(cpu), 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "support.json")
    parser.add_argument("--k", type=int, default=3, help="most sentences cited per claim")
    parser.add_argument("--min-gain", type=int, default=2, help="least gain of a further one")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of whole verification")
    parser.add_argument(
        "--no-timing", action="store_true", help="accuracy only: no timing, no report written"
    )
    args = parser.parse_args(argv)

    frank_dir = args.data / "faithfulness" / "frank"
    summac_dir = args.data / "faithfulness" / "summac_val_subset"
    missing = [p for p in (frank_dir / "frank_joined.jsonl", summac_dir) if not p.exists()]
    if missing:
        print(f"data absent: {', '.join(map(str, missing))}; pass --data", file=sys.stderr)
        return 2

    summedits_dir = args.data / "faithfulness" / "summedits_dev"
    examples = load_frank(frank_dir) + load_summac(summac_dir)
    if summedits_dir.exists():
        examples += load_summedits(summedits_dir)
    judged, ms_per_claim = judge_all(examples, args.k, args.min_gain)
    frank_valid = [j for j in judged if j.example.split == "valid"]
    tuned, objective = tune(frank_valid, mean_of_sources)
    tuned_pooled, objective_pooled = tune(frank_valid, pooled)
    variants = {
        "service": SUPPORT_THRESHOLDS,
        "tuned_on_frank_valid": tuned,
        "tuned_pooled": tuned_pooled,
        "before": Thresholds(min_overlap=0.5, negation=False, min_denied_words=0, opposites=False),
    }
    results = {name: evaluate(judged, t) for name, t in variants.items()}
    results["service"] = evaluate(judged, SUPPORT_THRESHOLDS, TRANSCRIPT_THRESHOLDS)
    verdicts, ms_per_summary = verify_all(examples)
    results["verify"] = grouped(verdicts)  # the product: POST /v1/verify's own verdicts

    print(f"claims per summary cited by term overlap: k={args.k}, min gain {args.min_gain}")
    print(f"tuned on FRANK valid, mean of CNN/DM and XSum ({objective:.1f}): {tuned}")
    print(f"tuned on FRANK valid, pooled ({objective_pooled:.1f}): {tuned_pooled}")
    print("before: numbers, names and wording >= 50% only (the check as it was)")
    print(f"service thresholds: {SUPPORT_THRESHOLDS}; transcripts: {TRANSCRIPT_THRESHOLDS}")
    print("verify: whole summaries through check_summary (POST /v1/verify), as shipped")
    columns = [*variants, "verify"]
    header = f"{'set':28} {'n':>5} {'cons':>5} " + " ".join(f"{n[:14]:>14}" for n in columns)
    print(header)
    for group in results["service"]:
        row = results["service"][group]
        cells = " ".join(f"{results[n][group].balanced_accuracy:14.1f}" for n in columns)
        print(f"{group:28} {row.n:5} {row.consistent:5} {cells}")
    overall = {n: summac_overall(r) for n, r in results.items()}
    print(
        f"{'SummaC subset, mean of 4':28} {'':11} "
        + " ".join(f"{overall[n]:14.1f}" for n in columns)
    )
    print(f"published SummaC-Conv: {SUMMAC_CONV} (mean of six SummaC *test* sets; see note)")
    print(f"check speed: {ms_per_claim:.3f} ms per claim (assess + checks, texts read cold)")
    print(f"verify speed: {ms_per_summary:.2f} ms per summary (check_summary, whole document)")
    if args.no_timing:
        return 0
    print(
        "whole verification: new_document = text caches cleared, word caches warm (a running "
        "service); new_process = every cache cleared"
    )
    cnndm = [e for e in examples if e.dataset == "frank-cnndm" and e.split == "test"]
    speed = {f"{w}_words": verification_ms(cnndm, w, args.runs) for w in (600, 10_000)}
    for name, timing in speed.items():
        print(f"whole verification, {name}: {timing}")

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/support.py " + " ".join(argv or sys.argv[1:]),
        "setting": {"k": args.k, "min_gain": args.min_gain, "unit": "summary sentence"},
        "thresholds": {n: asdict(t) for n, t in variants.items()},
        "tuning_objective_frank_valid": {"mean_of_sources": objective, "pooled": objective_pooled},
        "balanced_accuracy": {n: {g: asdict(s) for g, s in r.items()} for n, r in results.items()},
        "summac_subset_mean": overall,
        "published": {"SummaC-Conv, SummaC benchmark test, mean of 6": SUMMAC_CONV},
        "ms_per_claim": round(ms_per_claim, 4),
        "ms_per_summary_verify": round(ms_per_summary, 3),
        "verification": speed,
        "comparability": (
            "Not like for like: SummaC-Conv's 74.4 is the mean over six SummaC test sets "
            "(CoGenSumm, XSumFaith, Polytope, FactCC, SummEval, FRANK), with a threshold tuned "
            "per dataset on its validation cut and whole summaries scored against whole "
            "documents. Here: the SummaC validation cut, one summary per document, four of the "
            "six sets, one threshold tuned on FRANK valid only, and evidence limited to a few "
            "cited sentences per summary sentence."
        ),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
