"""How well the service spots text that addresses the summarizer (service/verify/planted.py).

    python bench/injection.py --data ../shared/data [--out bench/results/injection.json]

- Recall on BIPIA's text attacks, each one a sentence: the train split (75) is what the cues were
  tuned on, the test split (75) is reported.
- Recall in place: the 225 BIPIA test attacks inserted at the start, middle or end of a CNN/DM
  article: is a sentence overlapping the attack flagged after the service's own sentence split?
- False alarms: every sentence of the clean FRANK news articles (CNN/DM and XSum; looked at
  while the cues were written) and, held out, of the PolNeAR dev articles and the SummaC subset's
  source documents; also the project's own fixtures that carry no planted instruction.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.document import load_document  # noqa: E402
from service.verify.planted import addresses_summarizer, instruction_sentences  # noqa: E402

BIPIA = Path("prompt_injection") / "bipia"
NEWS = Path("summarization") / "frank_news_docs_with_reference.jsonl"
POLNEAR = Path("quotes") / "polnear" / "polnear_dev_attributions.jsonl"
SUMMAC = Path("faithfulness") / "summac_val_subset"


def held_out_documents(data: Path) -> dict[str, list[tuple[str, str]]]:
    polnear = {}
    for line in (data / POLNEAR).open(encoding="utf-8"):
        row = json.loads(line)
        polnear.setdefault(row["article"], row["text"])
    summac = {}
    for path in sorted((data / SUMMAC).glob("*.json")):
        for row in json.loads(path.read_text()).values():
            summac.setdefault(row["document"][:200], row["document"])
    return {"polnear_dev": list(polnear.items()), "summac_documents": list(summac.items())}


def split_recall(path: Path) -> dict[str, object]:
    attacks = json.loads(path.read_text())
    missed = [a for texts in attacks.values() for a in texts if not addresses_summarizer(a)]
    total = sum(len(texts) for texts in attacks.values())
    by_category = {
        name: sum(map(addresses_summarizer, texts)) / len(texts) for name, texts in attacks.items()
    }
    return {
        "n": total,
        "recall": round(1 - len(missed) / total, 3),
        "by_category": by_category,
        "missed": missed,
    }


def in_place_recall(path: Path) -> dict[str, object]:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for line in path.open(encoding="utf-8"):
        case = json.loads(line)
        text = case["document_with_injection"]
        start = text.find(case["attack_str"])
        end = start + len(case["attack_str"])
        doc = load_document(text, max_chars=1_000_000)
        flagged = instruction_sentences(doc)
        totals[case["position"]] += 1
        hits[case["position"]] += any(s.start < end and start < s.end for s in flagged)
    return {
        "n": sum(totals.values()),
        "recall": round(sum(hits.values()) / sum(totals.values()), 3),
        "by_position": {p: round(hits[p] / totals[p], 3) for p in sorted(totals)},
    }


def false_alarms(texts: list[tuple[str, str]]) -> dict[str, object]:
    sentences = 0
    flagged: list[dict[str, str]] = []
    for label, text in texts:
        doc = load_document(text, max_chars=1_000_000)
        sentences += len(doc.sentences)
        flagged += [{"doc": label, "sentence": s.text} for s in instruction_sentences(doc)]
    docs = len({f["doc"] for f in flagged})
    return {
        "documents": len(texts),
        "sentences": sentences,
        "flagged_sentences": len(flagged),
        "false_alarm_rate": round(len(flagged) / sentences, 5) if sentences else None,
        "documents_with_a_false_alarm": docs,
        "examples": flagged[:40],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "injection.json")
    args = parser.parse_args()
    bipia = args.data / BIPIA
    news = [json.loads(line) for line in (args.data / NEWS).open(encoding="utf-8")]
    fixture_files = sorted((ROOT / "evals" / "fixtures").glob("*.yaml"))
    fixtures = [yaml.safe_load(p.read_text()) for p in fixture_files]
    result = {
        "bipia_train_attacks (tuned on)": split_recall(bipia / "benchmark/text_attack_train.json"),
        "bipia_test_attacks": split_recall(bipia / "benchmark/text_attack_test.json"),
        "bipia_test_in_cnndm_articles": in_place_recall(
            bipia / "bipia_text_attacks_on_frank_cnndm_news.jsonl"
        ),
        "clean_news": false_alarms([(r["id"], r["document"]) for r in news]),
        **{
            f"held_out_{name}": false_alarms(texts)
            for name, texts in held_out_documents(args.data).items()
        },
        "clean_fixtures": false_alarms(
            [(f["name"], f["text"]) for f in fixtures if not f.get("expect", {}).get("injections")]
        ),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    for name, figures in result.items():
        shown = {k: v for k, v in figures.items() if k not in ("missed", "examples")}
        print(f"{name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
