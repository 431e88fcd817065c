"""`sourced eval`: run the fixtures, write the reports, gate against the baseline.

    sourced eval --backend replay                 # CI: recorded replies, no model, gated
    sourced eval --backend live                   # the embedded model (or SOURCED_BASE_URL)
    sourced eval --backend live --record evals/recordings --write-baseline evals/baseline.json
    sourced eval --backend replay --compare-prompt summarize_v2   # two prompts side by side

Exit codes: 0 done (gate passed or not run); 1 the gate found a regression; 2 bad arguments,
fixtures, prompt, baseline or settings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from service.config import Settings
from service.errors import ConfigError
from service.evals.fixtures import EVALS_DIR, Fixture, FixtureError, load_fixtures
from service.evals.gate import (
    DEFAULT_BASELINE,
    DEFAULT_TOLERANCE,
    TOKENS_TOLERANCE,
    BaselineError,
    GateResult,
    compare,
    load_baseline,
    write_baseline,
)
from service.evals.report import format_metric, metric_rows, write_comparison, write_reports
from service.evals.results import FixtureResult
from service.evals.runner import BackendKind, Run, live_backends, replay_backends, run_suite
from service.llm.base import Backend
from service.prompts import Prompt, load_prompt

EXIT_OK, EXIT_REGRESSION, EXIT_USAGE = 0, 1, 2
DEFAULT_RECORDINGS = EVALS_DIR / "recordings"
DEFAULT_OUT = Path("reports") / "eval"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sourced eval",
        description="Run the evaluation fixtures through the pipeline and report.",
        epilog=f"The gate: rates may fall by at most --tolerance (absolute, default "
        f"{DEFAULT_TOLERANCE}); trap hits may not rise; tokens per document may rise by at most "
        f"{TOKENS_TOLERANCE:.0%}; latency is not gated.",
    )
    parser.add_argument("--backend", choices=["live", "replay"], default="live")
    parser.add_argument(
        "--record", type=Path, metavar="DIR", help="live only: record every model reply under DIR"
    )
    parser.add_argument(
        "--recordings",
        type=Path,
        metavar="DIR",
        default=DEFAULT_RECORDINGS,
        help=f"replay only: where recordings are (default {DEFAULT_RECORDINGS})",
    )
    parser.add_argument(
        "--fixtures",
        metavar="GLOB",
        help="fixture names in evals/fixtures ('injection-*') or a path glob; default all",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    parser.add_argument("--prompt", default="summarize", help="the prompt file to evaluate")
    parser.add_argument(
        "--compare-prompt", metavar="NAME", help="also run prompt NAME and write compare.md/html"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="PATH",
        help=f"gate against PATH (default {DEFAULT_BASELINE} when running every fixture)",
    )
    parser.add_argument("--no-gate", action="store_true", help="report only, never fail")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, metavar="X")
    parser.add_argument(
        "--write-baseline", type=Path, metavar="PATH", help="write this run's aggregates to PATH"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no line per fixture")
    return parser


def _progress_line(prompt: Prompt, quiet: bool) -> Callable[[int, int, FixtureResult], None]:
    def on_result(index: int, total: int, result: FixtureResult) -> None:
        if quiet:
            return
        passed = sum(c.passed for c in result.checks)
        verdict = "PASS" if result.passed else "FAIL"
        print(
            f"[{index:>2}/{total}] {prompt.spec.name:<12} {result.name:<34} {verdict} "
            f"{passed:>2}/{len(result.checks):<2} {result.latency_ms / 1000:6.1f}s",
            file=sys.stderr,
            flush=True,
        )
        for check in result.checks:
            if not check.passed:
                print(f"        - {check.kind} {check.id}: {check.reason}", file=sys.stderr)

    return on_result


async def _run_all(
    args: argparse.Namespace, fixtures: list[Fixture], prompts: list[Prompt], settings: Settings
) -> list[Run]:
    kind: BackendKind = args.backend
    inner: Backend | None = None
    if kind == "live":
        from service.composition import make_backend

        inner = make_backend(settings)
    runs = []
    try:
        for prompt in prompts:
            backend_for = (
                live_backends(inner, prompt, args.record)
                if inner is not None
                else replay_backends(args.recordings, prompt)
            )
            runs.append(
                await run_suite(
                    fixtures,
                    backend_for,
                    settings,
                    prompt,
                    kind=kind,
                    on_result=_progress_line(prompt, args.quiet),
                    fixture_filter=args.fixtures,
                )
            )
    finally:
        if inner is not None:
            await inner.aclose()
    return runs


def _gate(args: argparse.Namespace, run: Run) -> GateResult | None:
    if args.no_gate:
        return None
    path = args.baseline
    if path is None:
        if args.fixtures or not DEFAULT_BASELINE.exists():
            return None  # a subset, or no baseline yet: nothing comparable
        path = DEFAULT_BASELINE
    return compare(run, load_baseline(path), tolerance=args.tolerance, source=str(path))


def _print_summary(run: Run, gate: GateResult | None, paths: list[Path]) -> None:
    agg = run.aggregates
    print(f"{run.prompt} on {run.backend}: {agg.fixtures_passed}/{agg.fixtures} fixtures passed")
    for _key, label, value in metric_rows(agg):
        if value != "—":
            print(f"  {label:<46} {value}")
    if any("ReplayMiss" in (r.error or "") for r in run.results):
        name = run.prompt.split("@")[0]
        print(
            "  some fixtures have no matching recording: the prompt or the pipeline changed. "
            f"Re-record with: sourced eval --backend live --prompt {name} --record evals/recordings"
        )
    if gate is not None:
        print(f"gate against {gate.baseline}: {'PASSED' if gate.passed else 'FAILED'}")
        for finding in gate.regressions:
            old, new = (
                format_metric(finding.metric, v) for v in (finding.baseline, finding.current)
            )
            print(f"  {finding.metric}: {old} -> {new}: {finding.reason}")
    print("reports: " + ", ".join(str(p) for p in paths))


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.record is not None and args.backend != "live":
        print("sourced eval: --record needs --backend live", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.tolerance <= 1:
        print("sourced eval: --tolerance is a rate between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    try:
        fixtures = load_fixtures(args.fixtures)
        settings = Settings()
        prompts = [load_prompt(args.prompt)]
        if args.compare_prompt:
            prompts.append(load_prompt(args.compare_prompt))
        runs = asyncio.run(_run_all(args, fixtures, prompts, settings))
        gate = _gate(args, runs[0])
    except (FixtureError, ConfigError, BaselineError) as exc:
        print(f"sourced eval: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # settings from the environment
        print(f"sourced eval: invalid setting: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sourced eval: interrupted", file=sys.stderr)
        return 130
    paths = write_reports(args.out, runs[0], gate)
    if len(runs) > 1:
        paths += write_reports(args.out / runs[1].prompt.split("@")[0], runs[1])
        paths += write_comparison(args.out, runs)
    if args.write_baseline:
        write_baseline(runs[0], args.write_baseline)
        paths.append(args.write_baseline)
    _print_summary(runs[0], gate, paths)
    if len(runs) > 1:
        _print_summary(runs[1], None, [])
    return EXIT_REGRESSION if gate is not None and not gate.passed else EXIT_OK
