"""A Summary as Slack Block Kit messages.

Slack's limits: 3,000 characters in a section's text, 150 in a header, 50 blocks a message. Each
claim is one section, so a long summary splits *between* claims into several messages; a quote is
shortened inside its own claim and a link is never cut.
"""

from __future__ import annotations

from typing import Any

from service.chat.text import fit, one_line, split_prose
from service.schemas import Claim, Summary

SECTION_CHARS = 3000
HEADER_CHARS = 150
MESSAGE_BLOCKS = 50
QUOTE_CHARS = 300
CLAIM_CHARS = 1500
SUMMARY_SECTIONS = 10  # the summary prose never crowds out the claims

Block = dict[str, Any]
Message = dict[str, Any]


def escape(text: str) -> str:
    """Slack's mrkdwn escaping; also keeps `<!channel>`-style mentions in a document inert."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_summary(summary: Summary, review_url: str) -> list[Message]:
    """Messages to post in order; the first carries the headline and summary."""
    link = f"<{review_url}|Review the evidence>"
    verified = sum(claim.verified for claim in summary.claims)
    intro: list[Block] = [_header(summary.headline)]
    summary_texts = split_prose(summary.summary, SECTION_CHARS, escape)
    if len(summary_texts) > SUMMARY_SECTIONS:
        rest = " ".join(summary_texts[SUMMARY_SECTIONS - 1 :])
        summary_texts = [*summary_texts[: SUMMARY_SECTIONS - 1], fit(rest, SECTION_CHARS)]
    intro += [_section(text) for text in summary_texts]
    if summary.key_points:
        points = "\n".join(f"• {one_line(point)}" for point in summary.key_points)
        intro.append(_section(fit(points, SECTION_CHARS, escape)))
    for warning in summary.warnings[:3]:
        intro.append(_context(":warning: " + fit(one_line(warning), 500, escape)))
    intro.append(
        _context(
            f":mag: {verified} of {len(summary.claims)} claims verified against the text · {link}"
        )
    )
    intro.append({"type": "divider"})

    messages: list[list[Block]] = [intro]
    for number, claim in enumerate(summary.claims, start=1):
        block = _section(render_claim(number, claim))
        if len(messages[-1]) >= MESSAGE_BLOCKS:
            headline = fit(one_line(summary.headline), 200, escape)
            messages.append([_context(f"*{headline}* (continued) · {link}")])
        messages[-1].append(block)

    fallback = fit(one_line(summary.headline), 300, escape)
    return [{"text": fallback, "blocks": blocks} for blocks in messages]


def render_claim(number: int, claim: Claim) -> str:
    """One claim as mrkdwn: mark, text, who said it, a short quote of its evidence."""
    mark = ":white_check_mark:" if claim.verified else ":warning: _unverified_"
    if claim.status == "disputed":
        mark += " :scales: _disputed_"
    lines = [f"{mark} *{number}.* {fit(one_line(claim.text), CLAIM_CHARS, escape)}"]
    if claim.source:
        source = f"_Source: {fit(one_line(claim.source), 200, escape)}_"
        if claim.cue:
            source += f" ({fit(one_line(claim.cue), 40, escape)})"
        lines.append(source)
    else:
        lines.append("_Source: the document itself_")
    content = [e for e in claim.evidence if e.role == "content"] or claim.evidence
    if content:
        lines.append("> “" + fit(one_line(content[0].quote), QUOTE_CHARS, escape) + "”")
    if not claim.verified:
        failed = next((check for check in claim.checks if not check.passed), None)
        if failed is not None:
            lines.append("_Why: " + fit(one_line(failed.reason), 300, escape) + "_")
    return "\n".join(lines)


def render_notice(text: str) -> Message:
    """A short message (an acknowledgement or an error) as Slack expects it."""
    return {"text": fit(one_line(text), SECTION_CHARS, escape)}


def _header(text: str) -> Block:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": fit(one_line(text), HEADER_CHARS), "emoji": False},
    }


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}
