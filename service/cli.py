"""The command line: `sourced summarize`, `verify`, `serve`, `mcp`, `chat`, `eval`, `worker`,
`jobs`.

Exit codes: 0 success; 1 `verify` found a claim not supported; 2 a caller's mistake (bad flag,
missing or unreadable file, empty, binary or too-long document, bad configuration); 3 the model
could not produce a verified summary within its budget; 130 interrupted. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console

from service.config import DEFAULT_EMBEDDED_MODEL, EmbeddedModel, JudgeMode, OutputMode, Settings
from service.document import decode_document
from service.errors import (
    ConfigError,
    InputError,
    ModelOutputError,
    SourcedError,
    UpstreamError,
)
from service.schemas import Summary, SummaryOptions, VerificationReport
from service.terminal import (
    TerminalProgress,
    render_summary,
    render_verification,
    stderr_console,
)

EXIT_OK, EXIT_UNVERIFIED, EXIT_USAGE, EXIT_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _model_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model (flags override SOURCED_* environment variables)")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint; default: embedded model")
    group.add_argument("--model", help="model name at the endpoint")
    group.add_argument("--api-key", help="endpoint key (default: SOURCED_API_KEY, OPENAI_API_KEY)")
    group.add_argument("--output-mode", choices=[m.value for m in OutputMode])
    group.add_argument("--model-path", type=Path, help="a GGUF file to run in-process")
    group.add_argument(
        "--embedded-model",
        choices=[model.value for model in EmbeddedModel],
        help="which packaged model runs in-process (default: SOURCED_EMBEDDED_MODEL or "
        f"{DEFAULT_EMBEDDED_MODEL.value})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sourced", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log retries and stages")
    commands = parser.add_subparsers(dest="command", required=True)

    summarize = commands.add_parser("summarize", help="summarize a document")
    summarize.add_argument("path", nargs="?", help="a UTF-8 text file, or - for standard input")
    summarize.add_argument(
        "--batch",
        metavar="FILE.jsonl|DIR",
        help="many documents as one job: JSON lines with a text field, or a folder of .txt/.md; "
        "one result line per document on stdout",
    )
    summarize.add_argument("--format", choices=["text", "json"], default="text")
    summarize.add_argument("--title")
    summarize.add_argument("--length", choices=["short", "medium", "long"], default="medium")
    summarize.add_argument("--max-claims", type=int, default=None)
    summarize.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _model_flags(summarize)

    verify = commands.add_parser(
        "verify",
        help="check a summary from any system against its document (no model call unless "
        "--judge model)",
    )
    verify.add_argument("document", help="a UTF-8 text file, or - for standard input")
    verify.add_argument(
        "summary", help="a text file (checked sentence by sentence), a JSON list of claims, or -"
    )
    verify.add_argument("--format", choices=["text", "json"], default="text")
    verify.add_argument(
        "--judge",
        choices=[m.value for m in JudgeMode],
        help="model: the endpoint (or the embedded model) also rates every claim, the rules "
        "keep their veto (default: SOURCED_JUDGE, else rules)",
    )
    _model_flags(verify)

    serve = commands.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port and the store (the pipeline's CPU work is "
        "Python: one process uses one core)",
    )
    serve.add_argument(
        "--root-path",
        help="the path prefix a reverse proxy serves the API under and strips, e.g. /sourced "
        "(default: SOURCED_ROOT_PATH)",
    )
    _model_flags(serve)

    worker = commands.add_parser("worker", help="run jobs from SOURCED_BROKER_URL (Celery)")
    worker.add_argument("--concurrency", type=int, default=1, help="worker processes")
    worker.add_argument("--pool", choices=["prefork", "solo", "threads"], default="prefork")
    _model_flags(worker)

    jobs = commands.add_parser("jobs", help="list, show or cancel jobs")
    jobs.add_argument("action", choices=["list", "show", "cancel"])
    jobs.add_argument("job_id", nargs="?")
    jobs.add_argument("--format", choices=["text", "json"], default="text")

    mcp = commands.add_parser("mcp", help="serve the MCP tools over stdio (for an assistant)")
    _model_flags(mcp)

    chat = commands.add_parser("chat", help="set up the chat bots")
    chat_commands = chat.add_subparsers(dest="chat_command", required=True)
    register = chat_commands.add_parser(
        "register-discord",
        help="register the Discord commands (SOURCED_DISCORD_APPLICATION_ID, _BOT_TOKEN)",
    )
    register.add_argument("--guild", help="one server's id: its commands update at once")

    evaluate = commands.add_parser("eval", help="run the evaluation fixtures", add_help=False)
    evaluate.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        key: value
        for key in (
            "base_url",
            "model",
            "api_key",
            "output_mode",
            "model_path",
            "embedded_model",
            "judge",
            "root_path",
        )
        if (value := getattr(args, key, None)) is not None
    }
    return Settings(**overrides)


def _setting_errors(exc: ValidationError) -> str:
    """One line naming each bad setting as its environment variable, with pydantic's reason."""
    return "; ".join(
        f"SOURCED_{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors()
    )


def _read(path: str, *, inline_hint: str = "") -> str:
    """A file's text, or standard input's for "-". `inline_hint`: what to say when `path`
    looks like text typed in place of a file name (it has spaces and no such file exists)."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        file = Path(path)
        if not file.is_file():
            hint = f"; {inline_hint}" if inline_hint and " " in path.strip() else ""
            raise InputError(f"{_shown(path)}: no such file{hint}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    return decode_document(data)


SHOWN_CHARS = 60


def _shown(path: str) -> str:
    """A path as an error message names it: a long one cut, so the reason stays in sight."""
    return path if len(path) <= SHOWN_CHARS else path[: SHOWN_CHARS - 1] + "…"


async def _summarize(args: argparse.Namespace, settings: Settings, console: Console) -> Summary:
    from service.composition import make_backend
    from service.sections import summarize_document

    text = _read(args.path)
    # No one waits on a connection here: a document over the model's context goes in sections.
    settings = settings.model_copy(update={"long_documents": True})
    options = SummaryOptions(length=args.length, max_claims=args.max_claims)
    backend = make_backend(settings)
    try:
        with TerminalProgress(console, enabled=not args.quiet) as progress:
            return await summarize_document(
                text, backend, settings, options=options, title=args.title, progress=progress
            )
    finally:
        await backend.aclose()


async def _judged(
    document: str, summary: str | list[str], settings: Settings
) -> VerificationReport:
    from service.composition import make_backend
    from service.verify.summary_check import check_summary_judged

    backend = make_backend(settings)
    try:
        return await check_summary_judged(document, summary, settings, backend)
    finally:
        await backend.aclose()


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from service.verify.summary_check import check_summary, parse_summary

    if args.document == "-" and args.summary == "-":
        raise InputError("only one of DOCUMENT and SUMMARY can be - (standard input)")
    document = _read(args.document)
    summary = parse_summary(
        _read(
            args.summary,
            inline_hint="to check a summary written on the command line, give it on standard "
            f"input: echo '...' | sourced verify {args.document} -",
        )
    )
    if settings.judge is JudgeMode.MODEL:
        report = asyncio.run(_judged(document, summary, settings))
    else:
        report = check_summary(document, summary, settings)
    if args.format == "json":
        print(report.model_dump_json(indent=2))
    else:
        render_verification(report, Console())
    return EXIT_OK if report.verified else EXIT_UNVERIFIED


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        from service.evals.cli import main as eval_main

        return eval_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    err = stderr_console()
    try:
        settings = settings_from(args)
        if args.command == "serve":
            from service.api.server import serve

            serve(settings, host=args.host, port=args.port, workers=args.workers)
            return EXIT_OK
        if args.command == "verify":
            return _verify(args, settings)
        if args.command == "worker":
            from service.jobs.worker import run_worker

            run_worker(settings, concurrency=args.concurrency, pool=args.pool)
            return EXIT_OK
        if args.command == "jobs":
            from service.jobs.batch import jobs_command

            return asyncio.run(jobs_command(args, settings, err))
        if args.command == "mcp":
            from service.mcp_server import serve_stdio

            asyncio.run(serve_stdio(settings))
            return EXIT_OK
        if args.command == "chat":
            from service.chat.discord_commands import register_commands

            registered = asyncio.run(register_commands(settings, guild_id=args.guild))
            names = ", ".join(str(command.get("name")) for command in registered)
            print(f"registered {len(registered)} Discord commands: {names}")
            return EXIT_OK
        if args.batch:
            from service.jobs.batch import batch_command

            return asyncio.run(batch_command(args, settings, err))
        if not args.path:
            raise InputError("name a file to summarize (or - for standard input), or --batch")
        summary = asyncio.run(_summarize(args, settings, err))
    except KeyboardInterrupt:
        print("sourced: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (InputError, ConfigError) as exc:
        print(f"sourced: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (UpstreamError, ModelOutputError) as exc:
        print(f"sourced: {exc}", file=sys.stderr)
        return EXIT_MODEL
    except SourcedError as exc:
        print(f"sourced: {exc}", file=sys.stderr)
        return EXIT_MODEL
    except ValidationError as exc:  # flags and SOURCED_* environment values
        print(f"sourced: invalid setting: {_setting_errors(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"sourced: invalid setting: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: still one line (its type only: the message may quote text)
        if args.verbose:
            raise
        print(
            f"sourced: failed unexpectedly ({type(exc).__name__}); rerun with -v for details",
            file=sys.stderr,
        )
        return EXIT_MODEL
    if args.format == "json":
        print(summary.model_dump_json(indent=2))
    else:
        render_summary(summary, Console())
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
