"""Slack and Discord rendering keeps to each platform's limits, never cutting a quote or link."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from service.chat import discord_embeds, slack_blocks
from service.chat.length_limits import fit, split_prose
from service.schemas import (
    Check,
    Claim,
    DocumentInfo,
    Evidence,
    Summary,
)
from service.testing.summaries import fake_provenance

REVIEW = "https://sourced.example.org/v1/summaries/5f3a/view"
AWKWARD = "Q&A <!channel> *bold* _it_ ~x~ `code` | [link](http://evil.example) > quoted "


def big_summary(claims: int = 60) -> Summary:
    """Long claims, long quotes, and every character either platform treats specially."""
    return Summary(
        id="5f3a",
        headline="Harbour strike ends: " + "a very long headline " * 20,
        summary=("The union accepted a 6% rise & returned to work. " * 90).strip(),
        key_points=["Work resumed on Monday.", "Backlog clears in a week."],
        claims=[
            Claim(
                id=f"c{i}",
                text=f"Claim {i}: " + AWKWARD * (1 + i % 25),
                source=None if i % 3 == 0 else f"Spokesperson {i} of the Port & Harbour Authority",
                cue="said" if i % 3 else None,
                status="disputed" if i % 7 == 0 else "attributed",
                evidence=[
                    Evidence(start=0, end=10, quote="Harbour", role="attribution"),
                    Evidence(start=0, end=10, quote=f"Quote {i} " + AWKWARD * (1 + i % 9)),
                ],
                verified=i % 4 != 0,
                checks=[Check(name="quote", passed=i % 4 != 0, reason="mismatch " * 40)],
            )
            for i in range(1, claims + 1)
        ],
        document=DocumentInfo(sha256="0" * 64, chars=10, sentences=1),
        provenance=fake_provenance(latency_ms=1.0, created_at=datetime(2026, 11, 30, tzinfo=UTC)),
    )


def test_slack_blocks_stay_within_limits_and_split_between_claims() -> None:
    summary = big_summary(60)
    messages = slack_blocks.render_summary(summary, REVIEW)
    assert len(messages) >= 2  # 60 claims don't fit in 50 blocks
    claim_texts: list[str] = []
    for message in messages:
        blocks = message["blocks"]
        assert len(blocks) <= 50
        assert 0 < len(message["text"]) <= 3000
        for block in blocks:
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
            if block["type"] == "context":
                assert all(len(e["text"]) <= 3000 for e in block["elements"])
        # Every message links to the review page, whole.
        assert any(f"<{REVIEW}|Review the evidence>" in str(block) for block in blocks)
        claim_texts += [
            b["text"]["text"] for b in blocks if b["type"] == "section" and "Claim " in str(b)
        ]
    assert len(claim_texts) == 60
    for number, text in enumerate(claim_texts, start=1):
        assert f"*{number}.* Claim {number}:" in text  # in order, none lost or merged
        quote_lines = [line for line in text.split("\n") if line.startswith("> ")]
        assert len(quote_lines) == 1
        (quote,) = quote_lines
        assert quote.startswith(f"> “Quote {number} ") and quote.endswith("”")  # whole, closed
        assert "<!channel>" not in text and "&lt;!channel&gt;" in text  # no mass mention
        assert not re.search(r"&(?!amp;|lt;|gt;)", text)  # no escape cut in half
        assert text.startswith(":white_check_mark:" if number % 4 else ":warning: _unverified_")


def test_slack_claims_name_their_source() -> None:
    messages = slack_blocks.render_summary(big_summary(3), REVIEW)
    sections = [b["text"]["text"] for b in messages[0]["blocks"] if b["type"] == "section"]
    claim_1, claim_3 = sections[-3], sections[-1]
    assert "_Source: Spokesperson 1 of the Port &amp; Harbour Authority_ (said)" in claim_1
    assert "_Source: the document itself_" in claim_3


def test_discord_embeds_stay_within_limits_and_split_between_claims() -> None:
    messages = discord_embeds.render_summary(big_summary(60), REVIEW)
    assert len(messages) >= 2
    names: list[str] = []
    for message in messages:
        assert message["allowed_mentions"] == {"parse": []}
        embeds = message["embeds"]
        assert 1 <= len(embeds) <= 10
        assert sum(discord_embeds.embed_chars(embed) for embed in embeds) <= 6000
        assert embeds[0]["url"] == REVIEW  # the link travels whole, as the title's target
        for embed in embeds:
            assert len(embed.get("title", "")) <= 256
            assert len(embed.get("description", "")) <= 4096
            assert len(embed["fields"]) <= 25
            for field in embed["fields"]:
                assert len(field["name"]) <= 256
                assert len(field["value"]) <= 1024
                quote = [line for line in field["value"].split("\n") if line.startswith("> ")]
                assert len(quote) == 1 and quote[0].endswith("”")
                assert "[link](http" not in field["value"]  # no masked link from a document
                names.append(field["name"])
    assert len(names) == 60
    assert [int(re.search(r" (\d+)\. Source", name).group(1)) for name in names] == list(  # type: ignore[union-attr]
        range(1, 61)
    )
    first = messages[0]["embeds"][0]
    assert first["description"].endswith(f"[Review the evidence]({REVIEW})")


@given(st.text(max_size=400), st.integers(min_value=1, max_value=120))
def test_fit_never_exceeds_its_limit_nor_cuts_an_escape(text: str, limit: int) -> None:
    fitted = fit(text, limit, slack_blocks.escape)
    assert len(fitted) <= limit
    assert not re.search(r"&(?!amp;|lt;|gt;)", fitted)


@given(st.text(alphabet=st.sampled_from("ab &<>. \n"), max_size=600))
def test_split_prose_loses_nothing_and_respects_the_limit(text: str) -> None:
    pieces = split_prose(text, 40, slack_blocks.escape)
    assert all(0 < len(piece) <= 40 for piece in pieces)
    unescaped = " ".join(pieces).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert "".join(unescaped.split()) == "".join(text.split())  # a long word may be cut, not lost
