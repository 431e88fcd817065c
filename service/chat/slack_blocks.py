"""A Summary as Slack Block Kit messages.

Slack's limits: 3,000 characters in a section's text, 150 in a header, 50 blocks a message. Each
claim is one section, so a long summary splits *between* claims into several messages; a quote is
shortened inside its own claim and a link is never cut.
"""

from __future__ import annotations

from typing import Any

from service.chat.length_limits import fit, one_line, split_prose
from service.chat.transcript import Line, Transcript, sides
from service.schemas import Claim, Dispute, Summary

SECTION_CHARS = 3000
HEADER_CHARS = 150
MESSAGE_BLOCKS = 50
QUOTE_CHARS = 300
CLAIM_CHARS = 1500
SUMMARY_SECTIONS = 10  # the summary prose never crowds out the claims
LINKED_MESSAGES = 3  # a claim quoting more messages links its first three
DISPUTE_PARTIES = 6
DISPUTE_QUOTE_CHARS = 160

Block = dict[str, Any]
Message = dict[str, Any]


def escape(text: str) -> str:
    """Slack's mrkdwn escaping; also keeps `<!channel>`-style mentions in a document inert."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_summary(
    summary: Summary, review_url: str, transcript: Transcript | None = None
) -> list[Message]:
    """Messages to post in order; the first carries the headline and summary.

    With the `transcript` of a conversation, each claim names who said it and links to the
    message it quotes, and the first message says how much of the conversation was read.
    """
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
    if transcript is not None:
        reading = transcript.reading.describe()
        intro.append(_context(":speech_balloon: " + fit(reading, SECTION_CHARS - 20, escape)))
    for warning in summary.warnings[:3]:
        intro.append(_context(":warning: " + fit(one_line(warning), 500, escape)))
    intro.append(
        _context(
            f":mag: {verified} of {len(summary.claims)} claims verified against the text · {link}"
        )
    )
    intro.append({"type": "divider"})

    sections = [_section(render_claim(n, c, transcript)) for n, c in enumerate(summary.claims, 1)]
    if transcript is not None:
        sections += [_section(render_dispute(d, transcript)) for d in summary.disputes]
    messages: list[list[Block]] = [intro]
    for block in sections:
        if len(messages[-1]) >= MESSAGE_BLOCKS:
            headline = fit(one_line(summary.headline), 200, escape)
            messages.append([_context(f"*{headline}* (continued) · {link}")])
        messages[-1].append(block)

    fallback = fit(one_line(summary.headline), 300, escape)
    return [{"text": fallback, "blocks": blocks} for blocks in messages]


def render_claim(number: int, claim: Claim, transcript: Transcript | None = None) -> str:
    """One claim as mrkdwn: mark, text, who said it, a short quote of its evidence."""
    mark = ":white_check_mark:" if claim.verified else ":warning: _unverified_"
    if claim.status == "disputed":
        mark += " :scales: _disputed_"
    # With message links (up to ~700 characters that must not be cut) the claim's text gives way.
    limit = CLAIM_CHARS if transcript is None else CLAIM_CHARS - 500
    lines = [f"{mark} *{number}.* {fit(one_line(claim.text), limit, escape)}"]
    if transcript is not None:
        lines.append(_said_by(claim, transcript.lines_for(claim)))
    elif claim.source:
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


def _said_by(claim: Claim, quoted: list[Line]) -> str:
    """Who said it, linked to their message: `_Ana Lima_ at 10:42 (message link)`."""
    if not quoted:
        return "_Said in: no message of this conversation_"
    links = []
    for line in quoted[:LINKED_MESSAGES]:
        author = fit(line.author, 80, escape).replace("|", "/")
        stamp = int(line.message.posted_at.timestamp())
        fallback = f"{line.message.posted_at:%H:%M} UTC"
        links.append(f"<{line.message.link}|{author}> <!date^{stamp}^{{time}}|{fallback}>")
    said = "_Said by_ " + " · ".join(links)
    if len(quoted) > LINKED_MESSAGES:
        said += f" · and {len(quoted) - LINKED_MESSAGES} more"
    authors = {line.author.casefold() for line in quoted}
    if claim.source and claim.source.casefold() not in authors:
        said += f" · _Source: {fit(one_line(claim.source), 200, escape)}_"
    return said


def render_dispute(dispute: Dispute, transcript: Transcript) -> str:
    """A disagreement between participants: each one's stance and words, linked to their
    messages (`Marco Rossi disagrees: "I don't agree. ..." · again`). Links are never cut: past
    a section's 3,000 characters the last sides give way, and the text says how many."""
    topic = fit(one_line(dispute.topic), 300, escape)
    lines = [f":scales: *Disagreement:* {topic}"]
    found = sides(dispute, transcript)
    for side in found[:DISPUTE_PARTIES]:
        who = fit(one_line(side.who), 80, escape).replace("|", "/")
        if side.lines:
            who = f"<{side.lines[0].message.link}|{who}>"
        said = f"• {who} {side.stance}: “{fit(one_line(side.quote), DISPUTE_QUOTE_CHARS, escape)}”"
        again = [f"<{line.message.link}|again>" for line in side.lines[1:2]]
        lines.append(" · ".join([said, *again]))
    while len(lines) > 2 and len("\n".join(lines)) > SECTION_CHARS - 40:
        lines.pop()
    if (hidden := len(found) - (len(lines) - 1)) > 0:
        lines.append(f"• and {hidden} more on the review page")
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
