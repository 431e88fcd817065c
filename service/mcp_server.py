"""Sourced as an MCP server, so an assistant (Claude Desktop, an IDE) gets checked claims with their
spans instead of free text. Built on the official `mcp` SDK (MCPServer).

    tools      summarize  text or a public link (read by the chat bots' safe fetcher), options
               verify     a document and a summary of it (when the checker is installed)
    resources  sourced://summaries/{id}           a stored Summary (JSON)
               sourced://summaries/{id}/document  the text it was made from

Each tool returns the JSON as structured content (its schema published as the tool's output
schema) and a readable text with citations. `sourced mcp` serves it over stdio; `sourced serve`
over streamable HTTP at /mcp (`service/api/mcp_http.py`), behind the API's keys.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp.server.mcpserver.resources import TextResource
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from service.chat.length_limits import fit
from service.chat.links import LinkFetcher
from service.composition import make_engine
from service.config import Settings
from service.engine import Engine
from service.errors import SourcedError
from service.schemas import Summary, SummaryOptions, SummaryRequest

log = logging.getLogger(__name__)

SUMMARY_URI = "sourced://summaries/{summary_id}"
DOCUMENT_URI = "sourced://summaries/{summary_id}/document"
LISTED_SUMMARIES = 50
INSTRUCTIONS = (
    "Sourced summarizes documents so that every claim is checked against exact character spans "
    "of the source (text[start:end] == quote) and attributed to who said it. Prefer its claims, "
    "with their quotes, over paraphrase; unverified claims are marked."
)


def build_server(
    engine: Engine,
    settings: Settings,
    *,
    fetcher: LinkFetcher | None = None,
    list_summaries: bool = False,
) -> MCPServer[Any]:
    """The MCP server over `engine`. `list_summaries` lists the summaries this server made as
    resources (stdio: one user); over HTTP ids stay unlisted, as they are the read permission."""
    server: MCPServer[Any] = MCPServer(
        name="sourced",
        title="Sourced",
        instructions=INSTRUCTIONS,
        version="0.1.0",
        log_level="WARNING",  # the SDK sets up logging only where nothing else has
    )
    link_fetcher = fetcher or LinkFetcher(settings)
    made: list[str] = []

    async def summarize(
        text: Annotated[
            str | None, Field(description="The document to summarize (plain text).")
        ] = None,
        url: Annotated[
            str | None,
            Field(description="A public http(s) link to read and summarize instead of text."),
        ] = None,
        title: Annotated[str | None, Field(description="The document's title, if known.")] = None,
        length: Literal["short", "medium", "long"] = "medium",
        max_claims: Annotated[int | None, Field(ge=1, le=30)] = None,
    ) -> Annotated[CallToolResult, Summary]:
        """Summarize a document; every claim comes with the exact spans of the text it rests on,
        who said it, and whether it passed verification."""
        if (text is None) == (url is None) or (text is not None and not text.strip()):
            return _refusal("Give exactly one of `text` (the document) or `url` (a public link).")
        try:
            if url is not None:
                article = await link_fetcher.fetch_article(url)
                text = article.text
                title = title or (fit(article.title, 500) if article.title else None)
            options = SummaryOptions(length=length, max_claims=max_claims)
            request = SummaryRequest(text=text or "", title=title, options=options)
            summary, _cache_hit = await engine.summarize(request)
        except SourcedError as exc:
            return _refusal(exc.message)
        except ValidationError as exc:
            return _refusal(f"Invalid arguments: {exc.errors()[0]['msg']}.")
        if list_summaries and summary.id not in made:
            made.append(summary.id)
            server.add_resource(
                TextResource(
                    uri=SUMMARY_URI.format(summary_id=summary.id),
                    name=f"summary-{summary.id[:8]}",
                    title=summary.headline,
                    mime_type="application/json",
                    text=summary.model_dump_json(),
                )
            )
            del made[:-LISTED_SUMMARIES]
        return CallToolResult(
            content=[TextContent(type="text", text=readable_summary(summary, settings))],
            structured_content=summary.model_dump(mode="json"),
        )

    server.add_tool(
        summarize,
        name="summarize",
        title="Summarize with checked claims",
        annotations=ToolAnnotations(read_only_hint=True, open_world_hint=True),
    )
    verify = _verify_tool(engine, settings)
    if verify is not None:
        server.add_tool(
            verify,
            name="verify",
            title="Check a summary against its document",
            annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
        )

    @server.resource(SUMMARY_URI, name="summary", mime_type="application/json")
    async def stored_summary(summary_id: str) -> str:
        """A summary made earlier, by its id."""
        summary = await engine.get(summary_id)
        if summary is None:
            raise ResourceNotFoundError(f"No summary {summary_id!r} is stored here.")
        return summary.model_dump_json()

    @server.resource(DOCUMENT_URI, name="summary-document", mime_type="text/plain")
    async def stored_document(summary_id: str) -> str:
        """The document a stored summary was made from (evidence offsets index into it)."""
        stored = await engine.get_stored(summary_id)
        if stored is None:
            raise ResourceNotFoundError(f"No summary {summary_id!r} is stored here.")
        return stored.document_text

    return server


def _refusal(message: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)


def _verify_tool(
    engine: Engine, settings: Settings
) -> Callable[..., Awaitable[CallToolResult]] | None:
    """The `verify` tool, if this installation has the summary checker (service.verify): the
    engine's, so the model judge runs here too when SOURCED_JUDGE=model."""
    try:
        importlib.import_module("service.verify.summary_check")
        report_type = importlib.import_module("service.schemas").VerificationReport
    except (ImportError, AttributeError):
        log.info("the summary checker is not installed: no MCP verify tool")
        return None

    async def verify(document: str, summary: str | list[str]) -> CallToolResult:
        """Check each sentence or claim of any summary against the document: supported,
        contradicted or unsupported, with the evidence spans and who the document says said it."""
        try:
            report = await engine.verify(document, summary, settings)
        except SourcedError as exc:
            return _refusal(exc.message)
        data = report.model_dump(mode="json")
        return CallToolResult(
            content=[TextContent(type="text", text=readable_report(data))],
            structured_content=data,
        )

    # Given as objects, not strings: the report's type is only known once imported, here.
    verify.__annotations__ = {
        "document": Annotated[str, Field(description="The document the summary is about.")],
        "summary": Annotated[
            str | list[str],
            Field(description="The summary: text (checked sentence by sentence) or its claims."),
        ],
        "return": Annotated[CallToolResult, report_type],
    }
    return verify


def readable_summary(summary: Summary, settings: Settings) -> str:
    """The summary as an assistant would quote it: claims numbered, each with its evidence."""
    verified = sum(claim.verified for claim in summary.claims)
    lines = [f"# {summary.headline}", "", summary.summary.strip(), ""]
    lines += [f"- {point}" for point in summary.key_points]
    lines.append(f"Claims ({verified} of {len(summary.claims)} verified against the text):")
    for number, claim in enumerate(summary.claims, start=1):
        mark = "verified" if claim.verified else "UNVERIFIED"
        who = (
            f" — {claim.source}" + (f" ({claim.cue})" if claim.cue else "") if claim.source else ""
        )
        status = f", {claim.status}" if claim.status != "asserted" else ""
        lines.append(f"[{number}] {claim.text}{who} [{mark}{status}]")
        for evidence in claim.evidence:
            quote = fit(" ".join(evidence.quote.split()), 300)
            lines.append(f"    “{quote}” (characters {evidence.start}–{evidence.end})")
    for dispute in summary.disputes:
        parties = "; ".join(f"{p.source or 'someone'} {p.stance}" for p in dispute.parties)
        lines.append(f"Disputed: {dispute.topic}: {parties}")
    lines += [f"Warning: {warning}" for warning in summary.warnings]
    lines.append(f"Stored as {SUMMARY_URI.format(summary_id=summary.id)}")
    if settings.public_base_url:
        base = settings.public_base_url.rstrip("/")
        lines.append(f"Review the evidence: {base}/v1/summaries/{summary.id}/view")
    return "\n".join(lines)


def readable_report(report: dict[str, Any]) -> str:
    counts = report.get("counts") or {}
    lines = [
        "Verification: "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("supported", "contradicted", "unsupported"))
    ]
    for claim in report.get("claims") or []:
        lines.append(
            f"[{claim.get('index')}] {claim.get('verdict', '?').upper()}: {claim.get('text')}"
        )
        if claim.get("reason"):
            lines.append(f"    why: {claim['reason']}")
        for evidence in claim.get("evidence") or []:
            quote = fit(" ".join(str(evidence.get("quote", "")).split()), 300)
            lines.append(
                f"    “{quote}” (characters {evidence.get('start')}–{evidence.get('end')})"
            )
    lines += [f"Warning: {warning}" for warning in report.get("warnings") or []]
    return "\n".join(lines)


async def serve_stdio(settings: Settings) -> None:
    """`sourced mcp`: one assistant on standard input and output (logs go to stderr)."""
    engine = make_engine(settings)
    try:
        await build_server(engine, settings, list_summaries=True).run_stdio_async()
    finally:
        await engine.aclose()
