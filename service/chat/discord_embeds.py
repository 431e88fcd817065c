"""A Summary as Discord follow-up messages made of embeds.

Discord's limits: title 256 characters, description 4,096, 25 fields an embed, field name 256 and
value 1,024, 6,000 characters across all embeds of a message and 10 embeds a message. Each claim
is one field, so a long summary splits between claims, over several embeds and messages.
"""

from __future__ import annotations

import re
from typing import Any

from service.chat.length_limits import fit, one_line
from service.chat.transcript import Transcript, sides
from service.schemas import Claim, Dispute, Summary

TITLE_CHARS = 256
DESCRIPTION_CHARS = 4096
FIELDS_PER_EMBED = 25
FIELD_NAME_CHARS = 256
FIELD_VALUE_CHARS = 1024
FOOTER_CHARS = 2048
MESSAGE_CHARS = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_CHARS = 2000
EPHEMERAL = 64  # message flag: only the person who asked sees it
JUMP_LINKS = 2  # with the text and quote, what fits a field's 1,024 characters
GREEN, AMBER = 0x2E7D32, 0xF9A825
NO_MENTIONS: dict[str, list[str]] = {"parse": []}  # a document's "@everyone" must never ping anyone

Embed = dict[str, Any]
Message = dict[str, Any]
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<>])")


def escape(text: str) -> str:
    """Discord markdown made literal: a document can't format, mask links or mention."""
    return _MARKDOWN.sub(r"\\\1", text)


def embed_chars(embed: Embed) -> int:
    """The characters Discord counts towards a message's 6,000."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", ""))
    total += len(embed.get("author", {}).get("name", ""))
    return total + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))


def render_summary(
    summary: Summary, review_url: str, transcript: Transcript | None = None
) -> list[Message]:
    """Follow-up messages in order. With a conversation's `transcript`, each claim names who
    said it with a jump link to the message, and the first embed says how much was read."""
    verified = sum(claim.verified for claim in summary.claims)
    link = f"\n\n[Review the evidence]({review_url})"
    if transcript is not None:
        link = "\n\n" + escape(transcript.reading.describe()) + link
    prose = summary.summary.strip()
    if summary.key_points:
        prose += "\n\n" + "\n".join(f"• {one_line(point)}" for point in summary.key_points)
    first: Embed = {
        "title": fit(one_line(summary.headline), TITLE_CHARS),
        "url": review_url,
        "description": fit(prose, DESCRIPTION_CHARS - len(link), escape) + link,
        "color": GREEN if verified == len(summary.claims) else AMBER,
        "footer": {"text": f"{verified} of {len(summary.claims)} claims verified against the text"},
        "fields": [],
    }
    fields = [render_claim(n, c, transcript) for n, c in enumerate(summary.claims, start=1)]
    if transcript is not None:
        fields += [render_dispute(d, transcript) for d in summary.disputes]
    messages: list[list[Embed]] = [[first]]
    for field in fields:
        size = len(field["name"]) + len(field["value"])
        embeds = messages[-1]
        used = sum(embed_chars(embed) for embed in embeds)
        if used + size > MESSAGE_CHARS or (
            len(embeds[-1]["fields"]) >= FIELDS_PER_EMBED and len(embeds) >= EMBEDS_PER_MESSAGE
        ):
            messages.append([_continuation(summary, review_url)])
        elif len(embeds[-1]["fields"]) >= FIELDS_PER_EMBED:
            embeds.append({"fields": [], "color": first["color"]})
        messages[-1][-1]["fields"].append(field)
    return [{"embeds": embeds, "allowed_mentions": NO_MENTIONS} for embeds in messages]


def render_claim(number: int, claim: Claim, transcript: Transcript | None = None) -> dict[str, Any]:
    mark = "✅" if claim.verified else "⚠️ unverified"
    if claim.status == "disputed":
        mark += " ⚖️ disputed"
    source = one_line(claim.source) if claim.source else "the document itself"
    cue = f" ({one_line(claim.cue)})" if claim.source and claim.cue else ""
    jumps = ""
    if transcript is not None:
        quoted = transcript.lines_for(claim)
        authors = list(dict.fromkeys(line.author for line in quoted)) or ["no message"]
        source = ", ".join(authors[:3]) + (
            f" and {len(authors) - 3} more" if len(authors) > 3 else ""
        )
        cue = ""
        if claim.source and claim.source.casefold() not in {a.casefold() for a in authors}:
            cue = f" (source: {one_line(claim.source)})"
        jumps = " · ".join(
            f"[{line.message.posted_at:%H:%M} UTC]({line.message.link})"
            for line in quoted[:JUMP_LINKS]
        )
    said = "Said by" if transcript is not None else "Source"
    name = fit(f"{mark} {number}. {said}: {source}{cue}", FIELD_NAME_CHARS, escape)
    # Jump links (~100 characters each) are never cut, so the text and quote give way to them.
    text_chars, quote_chars = (560, 280) if transcript is None else (400, 200)
    lines = [fit(one_line(claim.text), text_chars, escape)]
    content = [e for e in claim.evidence if e.role == "content"] or claim.evidence
    if content:
        lines.append("> “" + fit(one_line(content[0].quote), quote_chars, escape) + "”")
    if not claim.verified:
        failed = next((check for check in claim.checks if not check.passed), None)
        if failed is not None:
            lines.append("*Why:* " + fit(one_line(failed.reason), 150, escape))
    if jumps:
        lines.append(jumps)
    return {"name": name, "value": "\n".join(lines), "inline": False}


def render_dispute(dispute: Dispute, transcript: Transcript) -> dict[str, Any]:
    """A disagreement between participants: each one's stance and words, with jumps to their
    first message (a field's value holds 1,024 characters: 4 sides of ~240 at most)."""
    parts = []
    for side in sides(dispute, transcript)[:4]:
        who = fit(one_line(side.who), 40, escape)
        if side.lines:
            who = f"[{who}]({side.lines[0].message.link})"
        parts.append(f"• {who} {side.stance}: “{fit(one_line(side.quote), 80, escape)}”")
    name = fit(f"⚖️ Disagreement: {one_line(dispute.topic)}", FIELD_NAME_CHARS, escape)
    return {"name": name, "value": "\n".join(parts) or "—", "inline": False}


def render_notice(text: str) -> Message:
    """A short message (an error) for the follow-up; ephemeral where Discord allows."""
    return {
        "content": fit(one_line(text), CONTENT_CHARS),
        "flags": EPHEMERAL,
        "allowed_mentions": NO_MENTIONS,
    }


def _continuation(summary: Summary, review_url: str) -> Embed:
    return {
        "title": fit(one_line(summary.headline) + " (continued)", TITLE_CHARS),
        "url": review_url,
        "fields": [],
    }
