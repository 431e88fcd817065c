"""What a person sees on the terminal: progress while working, and a readable summary."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.status import Status

from service.schemas import Summary, VerificationReport

QUOTE_CHARS = 160


class TerminalProgress:
    """A spinner with the current stage on a terminal; plain, throttled lines elsewhere."""

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        self.console = console
        self.enabled = enabled
        self._status: Status | None = None
        self._last_stage = ""
        self._last_line = 0.0

    def __enter__(self) -> TerminalProgress:
        if self.enabled and self.console.is_terminal:
            self._status = self.console.status("starting…")
            self._status.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._status:
            self._status.stop()

    def __call__(self, stage: str, detail: str) -> None:
        if not self.enabled:
            return
        if self._status:
            self._status.update(f"[bold]{escape(stage)}[/bold] {escape(detail)}")
            return
        now = time.monotonic()
        if stage != self._last_stage or now - self._last_line >= 5:
            self.console.print(f"{stage}: {detail}", highlight=False, markup=False)
            self._last_stage, self._last_line = stage, now


def render_summary(summary: Summary, console: Console) -> None:
    console.print(f"[bold]{escape(summary.headline)}[/bold]\n")
    console.print(escape(summary.summary) + "\n")
    if summary.key_points:
        for point in summary.key_points:
            console.print(f"  • {escape(point)}")
        console.print()
    console.print(f"[bold]Claims[/bold] ({len(summary.claims)}, each checked against the source)")
    for claim in summary.claims:
        mark = "[green]✓[/green]" if claim.verified else "[red]✗[/red]"
        who = claim.source or "the document"
        cue = f" ({claim.cue})" if claim.cue else ""
        console.print(f" {mark} {escape(claim.text)}")
        console.print(f"     [dim]{escape(who)}{escape(cue)} · {claim.status}[/dim]")
        for ev in claim.evidence:
            if ev.role != "content":
                continue
            quote = ev.quote if len(ev.quote) <= QUOTE_CHARS else ev.quote[:QUOTE_CHARS] + "…"
            console.print(f"     [dim]“{escape(quote)}” [{ev.start}:{ev.end}][/dim]")
    for dispute in summary.disputes:
        sides = "; ".join(f"{p.source or 'the document'} {p.stance}" for p in dispute.parties)
        console.print(f" [yellow]⚖[/yellow] disputed: {escape(dispute.topic)} — {escape(sides)}")
    if summary.warnings:
        console.print(f"\n[yellow]{len(summary.warnings)} warning(s)[/yellow]")
        for warning in summary.warnings:
            console.print(f"  - {escape(warning)}", highlight=False)
    p = summary.provenance
    console.print(
        f"\n[dim]{p.backend}:{p.model} · prompt {p.prompt} · {p.attempts} call(s) · "
        f"{p.usage.prompt_tokens}+{p.usage.completion_tokens} tokens · "
        f"{p.latency_ms / 1000:.1f}s · document sha256 {summary.document.sha256[:12]}…[/dim]"
    )


def stderr_console() -> Console:
    return Console(file=sys.stderr)


_VERDICT_MARKS = {
    "supported": "[green]✓ supported[/green]",
    "contradicted": "[red]✗ contradicted[/red]",
    "unsupported": "[yellow]? unsupported[/yellow]",
}


def render_verification(report: VerificationReport, console: Console) -> None:
    """Each claim with its verdict, why, its evidence and what the evidence lacks."""
    counts = report.counts
    console.print(
        f"[bold]{len(report.claims)} claim(s)[/bold]: {counts.supported} supported, "
        f"{counts.contradicted} contradicted, {counts.unsupported} unsupported\n"
    )
    if report.judge == "model" and report.judge_provenance is not None:
        judged = report.judge_provenance
        console.print(
            f"[dim]rated by the model judge {escape(judged.model)} ({judged.prompt}, "
            f"{judged.latency_ms / 1000:.1f} s) under the rules' veto[/dim]\n",
            highlight=False,
        )
    for claim in report.claims:
        console.print(f"{claim.index:>2}. {_VERDICT_MARKS[claim.verdict]}  {escape(claim.text)}")
        if claim.verdict != "supported":
            console.print(f"     [dim]why:[/dim] {escape(claim.reason)}", highlight=False)
        lacking = [
            f"{label}: {', '.join(values)}"
            for label, values in (
                ("numbers", claim.missing.numbers),
                ("names", claim.missing.names),
                ("words", claim.missing.words),
            )
            if values
        ]
        if lacking:
            console.print(f"     [dim]not in the evidence — {escape('; '.join(lacking))}[/dim]")
        if claim.attribution.verdict not in ("stated_by_document", "matches_document"):
            console.print(f"     [dim]who:[/dim] {escape(claim.attribution.reason)}")
        for ev in claim.evidence:
            if ev.role != "content":
                continue
            quote = ev.quote if len(ev.quote) <= QUOTE_CHARS else ev.quote[:QUOTE_CHARS] + "…"
            console.print(f"     [dim]“{escape(quote)}” [{ev.start}:{ev.end}][/dim]")
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
