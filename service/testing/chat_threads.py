"""A realistic Slack thread to summarize: a release date two people dispute, data, a decision.

Forty messages in #release as Slack's Web API would return them (mentions, a link, a file, a bot's
CI posts, a join), for tests and benchmarks of what a reader of the summary gets: whether claims
name the right person, whether the disagreement shows each side, whether links open the message
quoted. `sensible_draft` answers like a model that read it: it picks the messages that carry the
decision, each side's argument and the outcome, by what they say (not by number).
"""

from __future__ import annotations

import json
import re
from typing import Any

from service.testing.chat_apis import FakeSlack

RELEASE_PEOPLE = {
    "U10": "Priya Raman",  # engineering lead: wants to move the release
    "U11": "Marco Rossi",  # product manager: wants to keep the date
    "U12": "Sam Taylor",  # QA
    "U13": "Lena Fischer",  # support
    "U14": "Dev Patel",  # sales, joins half-way
}

# (user, text, extra fields): Slack's own markup, as conversations.replies returns it.
RELEASE_THREAD: list[tuple[str, str, dict[str, Any]]] = [
    ("U10", "Heads up: I want to move the 3.2 release from Tuesday to Thursday. The billing "
     "migration failed twice on staging last night.", {}),
    ("U11", "I don't agree. We promised Tuesday to Northwind and two other customers, and moving "
     "it means cancelling the launch webinar.", {}),
    ("U12", "Both failures were timeouts on the staging database, not data errors. Logs "
     "attached.", {"files": [{"name": "migration-staging.log"}]}),
    ("U10", "A timeout in a migration that rewrites 14 million invoice rows is exactly what "
     "worries me.", {}),
    ("U11", "Staging runs on a database a quarter the size of production, so a timeout there "
     "proves nothing about production.", {}),
    ("BOT", "CI: build #4471 passed on main", {"bot_id": "B01CI"}),
    ("U13", "Support got 37 tickets about duplicate invoices after the last billing change, so "
     "I would rather not rush this one.", {}),
    ("U10", "If we ship on Tuesday and the migration stalls halfway, invoices stay locked for "
     "every customer until we roll back.", {}),
    ("U11", "Then we write a rollback script and ship on Tuesday. Waiting two more days does not "
     "make the migration any safer.", {}),
    ("U12", "I can run the migration against a full-size copy of production tonight. It takes "
     "about six hours.", {}),
    ("U10", "That would settle it for me. If the full-size run passes, I am fine with "
     "Tuesday.", {}),
    ("U11", "Fine, but I need the decision by noon tomorrow, because the webinar invitations go "
     "out at 2 pm.", {}),
    ("U13", "<@U12> can you also check that the retry job does not send a second invoice email? "
     "That was half of the tickets.", {}),
    ("U12", "Will do, I will add the email check to tonight's run.", {}),
    ("U14", "", {"subtype": "channel_join", "text": "<@U14> has joined the channel"}),
    ("U14", "Catching up here. Northwind's contract has no penalty for a two-day slip, I "
     "checked with legal this morning.", {}),
    ("U11", "The contract is not the problem <@U14>, the webinar with 400 registered attendees "
     "is.", {}),
    ("U14", "Understood. I can ask Northwind whether Thursday works for them, they are "
     "usually flexible.", {}),
    ("U11", "Please don't, not before we know the test result.", {}),
    ("U12", "Run started at 21:10, using the snapshot from Sunday. Progress is in "
     "<https://grafana.example.com/d/migrations|the migration dashboard>.", {}),
    ("BOT", "CI: nightly migration job started", {"bot_id": "B01CI"}),
    ("U12", "Update: the full-size run stopped at 61% after four hours. Same lock timeout as on "
     "staging, on the invoice_lines table.", {}),
    ("U10", "So it is not the staging database. We move to Thursday, I will not ship a "
     "migration that locks invoice_lines.", {}),
    ("U11", "I still disagree with moving the whole release. Only the billing migration is "
     "broken, the other 11 changes are ready.", {}),
    ("U11", "Proposal: ship 3.2 on Tuesday with the new billing code behind a feature flag, and "
     "run the migration on Thursday.", {}),
    ("U10", "A flag works if the old billing path stays the default until the migration is "
     "done. Sam, can we test that combination by Monday?", {}),
    ("U12", "Yes. Testing the flag off is one extra day, so Monday evening at the latest.", {}),
    ("U13", "From support's side that is fine, as long as the release notes do not mention the "
     "new invoices yet.", {}),
    ("U14", "I will hold the Northwind message then.", {}),
    ("U10", "Then I agree: Tuesday for 3.2 with the flag off, Thursday for the migration. My "
     "concern was the migration, not the date.", {}),
    ("U11", "Agreed. I will keep the webinar on Tuesday and drop the invoice demo from it.", {}),
    ("U12", "I found the cause: the migration takes a table lock instead of batching. A fix "
     "with batches of 50,000 rows is up for review.", {}),
    ("U10", "Nice find. With batching the lock should last seconds, not hours.", {}),
    ("U12", "The batched version finished in 2 hours 40 minutes on the full-size copy, no lock "
     "timeouts.", {}),
    ("U11", "Great, so Thursday for the migration is safe?", {}),
    ("U10", "Yes, Thursday stands. I want one more run on Wednesday with the final build, "
     "though.", {}),
    ("U12", "Scheduled for Wednesday 18:00.", {}),
    ("BOT", "CI: build #4480 passed on main", {"bot_id": "B01CI"}),
    ("U13", "I will prepare a support macro for the new invoice format for Thursday.", {}),
    ("U11", "Thanks all. Summary for the record: 3.2 ships Tuesday with the flag off, billing "
     "migration Thursday after the Wednesday run.", {}),
]  # fmt: skip

# What a model that read the thread would pick, most important first: each side of the dispute,
# the data that decided it, the decision. Found by the words the messages hold.
_PICKS = [
    ("I want to move the 3.2 release", "Priya Raman wants to move the 3.2 release to Thursday."),
    ("We promised Tuesday to Northwind", "Marco Rossi disagrees: Tuesday was promised."),
    ("the full-size run stopped at 61%", "Sam Taylor reports the full-size run stopped at 61%."),
    ("I still disagree with moving the whole release", ""),
    ("ship 3.2 on Tuesday with the new billing code behind a feature flag", ""),
    ("Then I agree: Tuesday for 3.2 with the flag off", ""),
    ("Support got 37 tickets about duplicate invoices", ""),
    ("The batched version finished in 2 hours 40 minutes", ""),
]


def add_release_thread(slack: FakeSlack, channel: str = "C1") -> str:
    """The thread in `channel` of the fake Slack (its people added); returns the parent's ts."""
    for user_id, name in RELEASE_PEOPLE.items():
        slack.add_user(user_id, name)
    parent = slack.add_thread(
        channel, [(user, text) for user, text, _ in RELEASE_THREAD], step_s=240.0
    )
    thread = [m for m in slack.messages[channel] if m.get("thread_ts") == parent]
    for message, (_, _, extra) in zip(thread, RELEASE_THREAD, strict=True):
        message.update(extra)
        if "bot_id" in extra:
            message.pop("user")
            message["subtype"] = "bot_message"
    return parent


def sensible_draft(request: dict[str, Any]) -> dict[str, Any]:
    """The draft a model that read the release thread would write for this prompt."""
    prompt = request["messages"][-1]["content"]
    statements = {
        int(number): text
        for number, text in re.findall(r"^\[(\d+)\] (.+)$", prompt, flags=re.MULTILINE)
    }
    claims = []
    for words, rewrite in _PICKS:
        number = next((n for n, text in statements.items() if words in text), None)
        if number is not None:
            claims.append({"ids": [number], "text": rewrite})
    return {
        "headline": "3.2 ships Tuesday with billing behind a flag; migration moves to Thursday",
        "summary": (
            "Priya Raman wanted to move the 3.2 release to Thursday after the billing migration "
            "failed; Marco Rossi disagreed. A full-size test run stopped at 61%, and they agreed "
            "to ship Tuesday with the new billing code behind a flag and migrate on Thursday."
        ),
        "claims": claims,
    }


def sensible_reply_content(request: dict[str, Any]) -> str:
    return json.dumps(sensible_draft(request))
