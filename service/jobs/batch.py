"""`sourced summarize --batch` and `sourced jobs`: jobs from the command line.

A batch is a job like any other (stored, resumable, visible to `sourced jobs` and the API): run
in this process, or by `sourced worker`s when SOURCED_BROKER_URL is set. A progress bar on
stderr; on stdout one JSON line per document as it finishes, with its Summary or its problem.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from service.composition import make_engine
from service.config import Settings
from service.engine import Engine
from service.errors import InputError
from service.jobs.models import JobDocument, JobRequest
from service.jobs.service import JobService, build_job_service
from service.jobs.views import job_view
from service.schemas import SummaryOptions
from service.store.job_rows import FINISHED, JobStatus

CALLER = "cli"  # jobs made from the command line belong to this caller
TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
POLL_S = 0.25


def read_batch(path: str) -> tuple[list[str], list[JobDocument]]:
    """Names and documents from a JSONL file (objects with `text`, or strings) or a folder."""
    source = Path(path)
    if source.is_dir():
        files = sorted(
            p for p in source.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
        )
        if not files:
            raise InputError(f"{path}: the folder has no .txt or .md files")
        # Undecodable bytes are kept as surrogate escapes: that document fails alone, saying so.
        return [p.name for p in files], [
            JobDocument(text=p.read_bytes().decode("utf-8", "surrogateescape")) for p in files
        ]
    if not source.is_file():
        raise InputError(f"{path}: no such file or folder")
    names, documents = [], []
    for number, line in enumerate(_lines(source), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f'{path}:{number}: write an object with a "text" string')
        names.append(str(item.get("id") or f"{source.name}:{number}"))
        fields = {k: item[k] for k in ("text", "title", "published_at") if k in item}
        documents.append(JobDocument.model_validate(fields))
    if not documents:
        raise InputError(f"{path}: no documents in it")
    return names, documents


def _lines(source: Path) -> Iterator[str]:
    try:
        with source.open(encoding="utf-8") as file:
            yield from file
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read it ({exc.strerror})") from None


def result_line(name: str, document: Any, summary: dict[str, Any] | None) -> str:
    line: dict[str, Any] = {"index": document.index, "name": name, "state": document.state}
    if document.summary_id:
        line["summary_id"] = document.summary_id
    if summary is not None:
        line["summary"] = summary
    if document.problem:
        line["problem"] = document.problem
    return json.dumps(line, ensure_ascii=False)


async def run_batch(
    path: str,
    settings: Settings,
    *,
    options: SummaryOptions,
    console: Console,
    out: TextIO | None = None,
    show_progress: bool = True,
) -> JobStatus:
    out = out or sys.stdout
    names, documents = read_batch(path)
    engine = make_engine(settings)
    service = build_job_service(settings, engine, resume=False)
    try:
        await service.start()
        status, _ = await service.submit(
            JobRequest(documents=documents, options=options), caller=CALLER
        )
        console.print(f"job {status.id}: {len(documents)} documents", highlight=False)
        return await _follow(service, engine, status.id, names, console, out, show_progress)
    finally:
        await service.stop()
        await engine.aclose()


async def _follow(
    service: JobService,
    engine: Engine,
    job_id: str,
    names: list[str],
    console: Console,
    out: TextIO,
    show_progress: bool,
) -> JobStatus:
    printed: set[int] = set()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not show_progress, transient=True) as bar:
        task = bar.add_task("summarizing", total=len(names), note="")
        while True:
            status = await service.get(job_id, caller=CALLER)
            for document in status.documents:
                if document.state in FINISHED and document.index not in printed:
                    printed.add(document.index)
                    summary = None
                    if document.summary_id and (found := await engine.get(document.summary_id)):
                        summary = found.model_dump(mode="json")
                    print(result_line(names[document.index], document, summary), file=out)
                    out.flush()
            counts = status.counts
            note = f"{counts['failed']} failed" if counts["failed"] else ""
            running = [d for d in status.documents if d.state == "running" and d.stage]
            if running:
                note = f"{note}  #{running[0].index}: {running[0].stage}".strip()
            bar.update(task, completed=len(printed), note=note)
            if status.state in ("done", "cancelled"):
                return status
            await asyncio.sleep(POLL_S)


def show(status: JobStatus, console: Console, *, as_json: bool) -> None:
    view = job_view(status)
    if as_json:
        print(view.model_dump_json(indent=2))
        return
    progress = view.progress
    console.print(
        f"[bold]{view.id}[/bold]  {view.state}  {progress.done}/{progress.documents} done, "
        f"{progress.failed} failed, {progress.cancelled} cancelled  "
        f"created {view.created_at:%Y-%m-%d %H:%M:%S}",
        highlight=False,
    )
    for document in view.documents:
        problem = document.problem["detail"] if document.problem else ""
        shown = document.summary_id or problem or document.stage or ""
        console.print(f"  {document.index:>4}  {document.state:<9}  {shown}", highlight=False)


def _exit_code(status: JobStatus) -> int:
    """0 when every document was summarized; else 2 for a bad document, 3 for the model."""
    problems = [d.problem for d in status.documents if d.problem]
    if not problems and all(d.state == "done" for d in status.documents):
        return 0
    if any(int(p.get("status", 500)) >= 500 for p in problems):
        return 3
    return 2


async def batch_command(args: Any, settings: Settings, console: Console) -> int:
    options = SummaryOptions(length=args.length, max_claims=args.max_claims)
    status = await run_batch(
        args.batch, settings, options=options, console=console, show_progress=not args.quiet
    )
    counts = status.counts
    console.print(
        f"job {status.id}: {counts['done']} done, {counts['failed']} failed"
        + (f", {counts['cancelled']} cancelled" if counts["cancelled"] else ""),
        highlight=False,
    )
    return _exit_code(status)


async def jobs_command(args: Any, settings: Settings, console: Console) -> int:
    """`sourced jobs list|show ID|cancel ID` on the jobs of the configured store."""
    from datetime import timedelta

    from service.store import database_url
    from service.store.jobs import JobStore

    store = JobStore(database_url(settings), lease_s=settings.job_lease_s)
    out = Console(highlight=False)
    try:
        if args.action == "list":
            found = store.recent(None, limit=50)  # the operator's view: every caller's jobs
            if args.format == "json":
                print(json.dumps([job_view(s).model_dump(mode="json") for s in found], indent=2))
            for status in found if args.format == "text" else []:
                counts = status.counts
                out.print(
                    f"{status.id}  {status.state:<9}  {counts['done']}/{len(status.documents)} "
                    f"done  {counts['failed']} failed  {status.created_at:%Y-%m-%d %H:%M:%S}"
                )
            return 0
        if not args.job_id:
            raise InputError(f"sourced jobs {args.action} needs a job id (see sourced jobs list)")
        if args.action == "cancel":
            store.cancel(args.job_id, timedelta(seconds=settings.job_retention_s))
        found_job = store.get(args.job_id)
        if found_job is None:
            raise InputError(f"no job with id {args.job_id} (see sourced jobs list)")
        show(found_job, out, as_json=args.format == "json")
        return 0
    finally:
        store.close()
