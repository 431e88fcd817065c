"""Speaker turns: which documents read as a conversation, and who speaks."""

from __future__ import annotations

import pytest

from service.document import Document, load_document
from service.verify.turns import speaker_turns


def _turns(text: str) -> list[str]:
    return [t.speaker for t in speaker_turns(Document(text=text, sentences=()))]


def test_a_chat_log_is_turns_by_their_speakers():
    assert _turns("Ann: buy some butter.\nMike: Ok.\n[10:32] Ann: thanks!\n") == [
        "Ann",
        "Mike",
        "Ann",
    ]


def test_an_emails_contact_lines_are_no_speakers():
    email = (
        "Dear John,\n\nOur new plan starts at $30 a month.\n\nBest regards,\nSamantha\n"
        "Phone: 555-0142\nEmail: samantha@example.com\nWebsite: example.com\n"
    )
    assert _turns(email) == []


def test_a_few_labelled_lines_do_not_make_a_letter_a_conversation():
    letter = (
        "Dear residents,\n\nThe spring fair returns this year.\n\nStalls open at ten.\n\n"
        "There will be music, food and a raffle.\n\nAll proceeds go to the school roof.\n\n"
        "Organiser: Maria Lopez\nTickets: five pounds at the door\n\nWe hope to see you there.\n"
    )
    assert _turns(letter) == []


def test_a_transcript_whose_turns_wrap_over_several_lines_is_still_a_conversation():
    transcript = (
        "Priya Raman: I want to move the release to Thursday,\n"
        "because the billing migration failed twice last night\n"
        "and nobody knows why yet.\n"
        "Marco Rossi: I don't agree,\n"
        "we promised Tuesday to Northwind\n"
        "and the contract has a penalty.\n"
        "Priya Raman: Then Tuesday with the flag off.\n"
    )
    assert _turns(transcript) == ["Priya Raman", "Marco Rossi", "Priya Raman"]


def test_a_pasted_discord_chat_is_turns_under_its_header_lines():
    chat = (
        "#release-planning\n"
        "priya — Today at 9:02 AM\n"
        "v2.3 is blocked on the payments migration\n"
        "marco — Today at 9:04 AM\n"
        "how long does the migration need?\n"
        "priya — Today at 9:05 AM\n"
        "two more days of testing at least\n"
        "Stripe sandbox keeps timing out\n"
    )
    turns = speaker_turns(Document(text=chat, sentences=()))
    assert [(t.speaker, t.content.quote(chat)) for t in turns] == [
        ("priya", "v2.3 is blocked on the payments migration"),
        ("marco", "how long does the migration need?"),
        ("priya", "two more days of testing at least"),
        ("priya", "Stripe sandbox keeps timing out"),
    ]


def test_a_pasted_slack_chat_is_turns_too():
    chat = (
        "Priya Shah  9:02 AM\nthe build is green\nMarco Rossi  9:03 AM\nshipping it then\n"
        "Priya Shah  9:05 AM\ngreat\n"
    )
    assert _turns(chat) == ["Priya Shah", "Marco Rossi", "Priya Shah"]


def test_a_pasted_teams_chat_has_the_time_before_the_name():
    chat = (
        "[10:02 AM] Ana Costa\nQuick sync on the Lisbon launch.\n"
        "[10:02 AM] Ben Hughes\nThe venue confirmed 220 seats.\n"
        "[10:03 AM] Ana Costa\nCan we bump catering to 220?\n"
    )
    assert _turns(chat) == ["Ana Costa", "Ben Hughes", "Ana Costa"]


def test_a_support_tickets_messages_are_the_bracketed_names_turns():
    ticket = (
        "Ticket #48213 — Refund not received\n\n"
        "Customer (Dana Whitfield), 2 Dec 2026 09:14:\n"
        "I still have not had my refund of £89.99.\n\n"
        "Agent (Marcus, Support), 2 Dec 2026 10:02:\n"
        "The refund of £89.99 has been issued.\n\n"
        "Customer (Dana Whitfield), 2 Dec 2026 10:20:\n"
        "Will I also get the £4.50 return postage back?\n"
    )
    turns = speaker_turns(Document(text=ticket, sentences=()))
    assert [(t.speaker, t.speaker_span.quote(ticket), t.content.quote(ticket)) for t in turns] == [
        ("Dana Whitfield", "Dana Whitfield", "I still have not had my refund of £89.99."),
        ("Marcus", "Marcus", "The refund of £89.99 has been issued."),
        ("Dana Whitfield", "Dana Whitfield", "Will I also get the £4.50 return postage back?"),
    ]


def test_a_shops_reviews_are_their_reviewers_turns():
    """'The seller refused a full refund' is a reviewer's word, not the page's."""
    by_line = (
        "Trailblazer Boots — customer reviews\n\n"
        "★★★★★ Best boots I've owned\n"
        "Reviewed in the United Kingdom on 2 November 2026 by Sam K.\n"
        "Completely dry after a 12-mile walk.\n\n"
        "★★☆☆☆ Sole came away\n"
        "Reviewed in the United Kingdom on 20 November 2026 by Dana W.\n"
        "The seller refused a full refund.\n"
    )
    turns = speaker_turns(Document(text=by_line, sentences=()))
    assert [(t.speaker, t.content.quote(by_line)) for t in turns] == [
        ("Sam K.", "Completely dry after a 12-mile walk."),
        ("Dana W.", "The seller refused a full refund."),
    ]
    # The reviewer's name above the stars, "Verified Purchase" under the header.
    above = (
        "Sam K.\n★★★★★ Best boots\nReviewed in the United Kingdom on 2 November 2026\n"
        "Verified Purchase\nCompletely dry after a 12-mile walk.\n\n"
        "Dana W.\n★★☆☆☆ Sole came away\nReviewed in the United Kingdom on 20 November 2026\n"
        "Verified Purchase\nThe seller refused a full refund.\n3 people found this helpful\n"
    )
    turns = speaker_turns(Document(text=above, sentences=()))
    assert [(t.speaker, t.content.quote(above)) for t in turns] == [
        ("Sam K.", "Completely dry after a 12-mile walk."),
        ("Dana W.", "The seller refused a full refund."),
    ]


@pytest.mark.parametrize(
    "chat",
    [
        "**Maya Lin:** Welcome back. What happened to output?\n\n"
        "**Tom Adeyemi:** Output stayed flat.\n\n**Maya Lin**: Did anyone leave?\n",
        "10:02:33 From Maya Lin to Everyone: Welcome back.\n"
        "10:02:51 From Tom Adeyemi to Everyone: Output stayed flat.\n"
        "10:03:30 From Maya Lin to Tom Adeyemi(Direct Message): Did anyone leave?\n",
        "10:02:33 From Maya Lin to Everyone:\n\tWelcome back.\n"
        "10:02:51 From Tom Adeyemi to Everyone:\n\tOutput stayed flat.\n"
        "10:03:30 From Maya Lin to Everyone:\n\tDid anyone leave?\n",
        "[03.12.26 09:02] Maya Lin: Welcome back.\n[03.12.26 09:03] Tom Adeyemi: Output stayed "
        "flat.\n[03.12.26 09:04] Maya Lin: Did anyone leave?\n",
        "Maya Lin (00:00):\nWelcome back.\n\nTom Adeyemi (00:09):\nOutput stayed flat.\n\n"
        "Maya Lin (00:20):\nDid anyone leave?\n",
    ],
    ids=["markdown-bold", "zoom-chat", "zoom-chat-below", "dotted-date", "rev"],
)
def test_more_chat_exports_are_turns(chat: str):
    assert _turns(chat) == ["Maya Lin", "Tom Adeyemi", "Maya Lin"]


def test_a_markdown_interviews_bold_labels_are_its_questions_and_answers():
    interview = (
        "**Q:** Is that fair?\n\n**A:** No. We set aside £40 million.\n\n**Q:** Why?\n\n"
        "**A:** The schools are full.\n"
    )
    assert _turns(interview) == ["Q", "A", "Q", "A"]


def test_a_press_briefings_unnamed_questions_are_turns_beside_its_named_answers():
    briefing = (
        "MS. JEAN-PIERRE: The President will travel to Ohio on Thursday.\n\n"
        "Q    Thank you, Karine. Will he meet the governor?\n\n"
        "MS. JEAN-PIERRE: He will, yes.\n\nQ: And on the strike?\n"
    )
    assert _turns(briefing) == ["Ms. Jean-Pierre", "a reporter", "Ms. Jean-Pierre", "a reporter"]


def test_a_title_and_surname_label_speaks_under_the_full_name_given_before():
    briefing = (
        "Press Briefing by Press Secretary Karine Jean-Pierre\n\n"
        "MS. JEAN-PIERRE: The President will travel to Ohio on Thursday.\n\n"
        "Q    Will he meet the governor?\n\nMS. JEAN-PIERRE: He will, yes.\n"
    )
    turns = speaker_turns(Document(text=briefing, sentences=()))
    assert [t.speaker for t in turns] == ["Karine Jean-Pierre", "a reporter", "Karine Jean-Pierre"]
    assert turns[0].speaker_span.quote(briefing) == "MS. JEAN-PIERRE"
    assert turns[0].named_at is not None
    assert turns[0].named_at.quote(briefing).endswith("Karine Jean-Pierre")


def test_an_agendas_times_are_no_chat():
    agenda = "Registration 9:00\nCoffee and pastries\nKeynote 9:30\nDr Ann Smith on floods\n"
    assert _turns(agenda) == []


def test_a_podcasts_episode_line_is_its_title_not_a_speaker():
    transcript = (
        "Episode 41: The four-day week, one year on\n\n"
        "[00:00] Maya Lin: Welcome back to Work Shift.\n"
        "[00:09] Tom Adeyemi: Thanks, Maya.\n"
    )
    assert _turns(transcript) == ["Maya Lin", "Tom Adeyemi"]


def test_an_interviews_answers_are_the_interviewees_turns():
    interview = (
        "The mayor of Calder, Ana Torres, spoke to the Calder Herald about housing.\n\n"
        "Q: Critics say the plan will overload the schools. Is that fair?\n"
        "A: No. We have set aside £40 million for two new primary schools.\n\n"
        "Q: How many of the homes will be affordable?\n"
        "A: At least 35%.\n"
    )
    turns = speaker_turns(Document(text=interview, sentences=()))
    assert [(t.speaker, t.content.quote(interview)) for t in turns] == [
        ("Q", "Critics say the plan will overload the schools. Is that fair?"),
        ("Ana Torres", "No. We have set aside £40 million for two new primary schools."),
        ("Q", "How many of the homes will be affordable?"),
        ("Ana Torres", "At least 35%."),
    ]
    assert [t.speaker_span.quote(interview) for t in turns[:2]] == ["Q", "A"]


def test_a_forum_threads_posts_are_turns_by_their_authors():
    thread = (
        "r/homelab · Posted by u/cable_wrangler 5h ago\n\nIs a used Dell R730 still worth it?\n\n"
        "u/rackmount_rick · 4h ago\nIt idles at around 110 W.\n\n"
        "u/cable_wrangler · 2h ago\nThanks. I'll go with the mini PCs.\n"
    )
    assert _turns(thread) == ["u/cable_wrangler", "u/rackmount_rick", "u/cable_wrangler"]


def test_a_briefings_bracketed_name_speaks_for_its_role_later_too():
    briefing = (
        "SPOKESPERSON (Dr Lena Ortiz): 312 people are in hospital.\n"
        "REPORTER (Calder Herald): Is the rollout on schedule?\n"
        "SPOKESPERSON: We have delivered 1.2 million doses.\n"
        "REPORTER (Radio North): Do you accept that?\n"
        "REPORTER: And the beds?\n"
        "SPOKESPERSON (Dr Lena Ortiz): No.\n"
        "SPOKESPERSON: Every region has spare beds.\n"
    )
    turns = speaker_turns(Document(text=briefing, sentences=()))
    assert [t.speaker for t in turns] == [
        "Dr Lena Ortiz", "Calder Herald", "Dr Lena Ortiz", "Radio North", "REPORTER",
        "Dr Lena Ortiz", "Dr Lena Ortiz",
    ]  # fmt: skip
    assert turns[2].named_at is not None and turns[2].named_at.quote(briefing) == "Dr Lena Ortiz"


def test_a_parliaments_labels_name_the_member_not_the_seat_or_the_office() -> None:
    debate = (
        "The Secretary of State for Energy (Ms Priya Nandakumar): I beg to move.\n"
        "Mr David Harcourt (Wealden) (Con): Will she give way?\n"
        "Ms Nandakumar: I will give way once.\n"
        "Claire Moss (Bath and North East Somerset) (LD): We will support the Bill.\n"
        "The Prime Minister (Keir Starmer): We will.\n"
    )
    assert _turns(debate) == [
        "Ms Priya Nandakumar", "Mr David Harcourt", "Ms Nandakumar", "Claire Moss", "Keir Starmer",
    ]  # fmt: skip


def test_a_social_threads_posts_are_their_authors_without_numbers_or_reply_lines() -> None:
    thread = (
        "Maria Okonjo @mokonjo · Dec 2\n1/ Our paper on cassava is out today.\n\n"
        "Maria Okonjo @mokonjo · Dec 2\n2/ Edited plants kept 85% of their yield.\n\n"
        "Jonah Pike @jpike_ag · 4h\nReplying to @mokonjo\nAny effect on starch?\n"
    )
    turns = speaker_turns(Document(text=thread, sentences=()))
    assert [(t.speaker, t.content.quote(thread)) for t in turns] == [
        ("Maria Okonjo", "Our paper on cassava is out today."),
        ("Maria Okonjo", "Edited plants kept 85% of their yield."),
        ("Jonah Pike", "Any effect on starch?"),
    ]


def test_a_whatsapp_exports_lines_are_turns_by_their_senders() -> None:
    bracketed = (
        "[03/12/2026, 09:02:11] Priya Shah: The venue cancelled our booking for Saturday.\n"
        "[03/12/2026, 09:03:40] Tom Reid: What? Did they say why?\n"
    )
    dashed = (
        "03/12/2026, 09:04 - Priya Shah: A burst pipe. They offered us the 14th instead.\n"
        "03/12/2026, 09:05 - Ana Lopes: The 14th works for me.\n"
    )
    assert _turns(bracketed) == ["Priya Shah", "Tom Reid"]
    assert _turns(dashed) == ["Priya Shah", "Ana Lopes"]


def test_a_caption_files_voice_tags_say_who_speaks_each_cue() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.500\n"
        "<v Priya Shah>The migration finished last night.</v>\n\n"
        "00:00:06.000 --> 00:00:09.000\n<v Tom Reid>Were there any failed invoices?</v>\n\n"
        "00:00:09.500 --> 00:00:14.000\n<v Priya Shah>Twelve out of forty thousand.\n"
        "We reissued them this morning.</v>\n"
    )
    turns = speaker_turns(Document(text=vtt, sentences=()))
    assert [(t.speaker, t.content.quote(vtt)) for t in turns] == [
        ("Priya Shah", "The migration finished last night."),
        ("Tom Reid", "Were there any failed invoices?"),
        ("Priya Shah", "Twelve out of forty thousand."),
        ("Priya Shah", "We reissued them this morning."),
    ]


def test_hansards_question_numbers_and_a_role_named_once_before() -> None:
    """Oral questions open "Q1. [901234] Name (Seat) (Party):"; "The Prime Minister:" speaks under
    the name its first turn gave in brackets."""
    debate = (
        "Q1. [901234] Sarah Mitchell (Bristol North) (Lab): If he will list his engagements.\n\n"
        "The Prime Minister (Keir Starmer): This morning I had meetings with colleagues.\n\n"
        "Sarah Mitchell: Will building start next spring?\n\n"
        "The Prime Minister: Building will start in April.\n"
    )
    turns = speaker_turns(Document(text=debate, sentences=()))
    assert [t.speaker for t in turns] == [
        "Sarah Mitchell", "Keir Starmer", "Sarah Mitchell", "Keir Starmer",
    ]  # fmt: skip
    assert turns[3].named_at is not None and turns[3].named_at.quote(debate) == "Keir Starmer"


def test_an_issue_trackers_comments_are_their_authors() -> None:
    """ "A fix will ship next week" is the maintainer's word, not the page's."""
    issue = (
        "Memory leak when streaming large responses #4812\n\n"
        "dana-k commented on Nov 28, 2026\nWhen I stream large responses, memory keeps growing.\n\n"
        "jlee (Maintainer) commented on Nov 30, 2026\nThanks. A fix will ship in 3.2.1.\n\n"
        "dana-k commented 2 days ago\nConfirmed that #4815 fixes it for me.\n"
    )
    turns = speaker_turns(Document(text=issue, sentences=()))
    assert [(t.speaker, t.content.quote(issue)) for t in turns] == [
        ("dana-k", "When I stream large responses, memory keeps growing."),
        ("jlee", "Thanks. A fix will ship in 3.2.1."),
        ("dana-k", "Confirmed that #4815 fixes it for me."),
    ]


def test_an_earnings_calls_headers_say_who_speaks_the_paragraphs_below() -> None:
    """ "Name -- Office" over each paragraph, "Operator" alone, a blank line between; a section's
    "Questions & Answers:" is nobody's words."""
    call = (
        "Northwind Foods (NWF) Q3 2026 Earnings Call Transcript\n\nPrepared Remarks:\n\n"
        "Operator\n\nGood morning, and welcome to the call.\n\n"
        "Tom Becker -- Chief Executive Officer\n\nRevenue rose 8% to $1.24 billion.\n\n"
        "Lena Ortiz -- Chief Financial Officer\n\nWe are cutting our guidance.\n\n"
        "Questions & Answers:\n\nOperator\n\nOur first question comes from Raj Mehta.\n\n"
        "Raj Mehta -- Barclays -- Analyst\n\nWill the plant open on time?\n\n"
        "Tom Becker -- Chief Executive Officer\n\nYes.\n"
    )
    turns = speaker_turns(Document(text=call, sentences=()))
    assert [(t.speaker, t.content.quote(call)) for t in turns] == [
        ("Operator", "Good morning, and welcome to the call."),
        ("Tom Becker", "Revenue rose 8% to $1.24 billion."),
        ("Lena Ortiz", "We are cutting our guidance."),
        ("Operator", "Our first question comes from Raj Mehta."),
        ("Raj Mehta", "Will the plant open on time?"),
        ("Tom Becker", "Yes."),
    ]


def test_a_depositions_answers_are_the_deponents_and_its_questions_counsels() -> None:
    deposition = (
        "DEPOSITION OF DANIEL REEVES\n\nEXAMINATION\nBY MS. CARTER:\n\n"
        "Q. Did you ever see the inspection logs?\nA. No. My supervisor kept them.\n"
        "Q. Did he tell you the forklift had failed?\nA. He told me it was fine.\n\n"
        "MR. HOLT: Objection, hearsay.\n"
    )
    turns = speaker_turns(Document(text=deposition, sentences=()))
    assert [(t.speaker, t.content.quote(deposition)) for t in turns] == [
        ("Ms. Carter", "Did you ever see the inspection logs?"),
        ("Daniel Reeves", "No. My supervisor kept them."),
        ("Ms. Carter", "Did he tell you the forklift had failed?"),
        ("Daniel Reeves", "He told me it was fine."),
        ("Mr. Holt", "Objection, hearsay."),
    ]
    assert turns[1].named_at is not None and turns[1].named_at.quote(deposition) == "DANIEL REEVES"


def test_a_speaker_printed_in_capitals_speaks_under_the_name_as_written() -> None:
    """ "MAYA LIN:" is Maya Lin in a summary; one word in capitals may be an acronym ("NASA")."""
    podcast = (
        "MAYA LIN: So what killed the bid?\n\nTOM ADEYEMI: Money, mostly.\n\n"
        "NASA: We have no comment.\n"
    )
    turns = speaker_turns(Document(text=podcast, sentences=()))
    assert [t.speaker for t in turns] == ["Maya Lin", "Tom Adeyemi", "NASA"]
    assert turns[0].speaker_span.quote(podcast) == "MAYA LIN"


def test_a_court_transcripts_offices_speak_and_the_witness_is_who_was_sworn() -> None:
    transcript = (
        "TRANSCRIPT OF PROCEEDINGS, DAY 3\n\n"
        "DAVID ELLISON, having been duly sworn, testified as follows:\n\n"
        "THE COURT: Mr. Holt, you may continue.\n\n"
        "MR. HOLT: Were the brakes repaired?\n\n"
        "THE WITNESS: They were adjusted. I did not replace them.\n\n"
        "THE COURT: Overruled.\n"
    )
    turns = speaker_turns(Document(text=transcript, sentences=()))
    assert [t.speaker for t in turns] == ["The Court", "Mr. Holt", "David Ellison", "The Court"]
    assert turns[2].named_at is not None and turns[2].named_at.quote(transcript) == "DAVID ELLISON"


def test_a_slack_messages_reactions_and_reply_count_are_no_ones_words() -> None:
    channel = (
        "Priya Shah  9:02 AM\nThe payments API is returning 502s.\n:eyes: 3\n\n"
        "Tom Reid  9:04 AM\nRolling it back now.\n:white_check_mark: 2 :tada: 1\n\n"
        "2 replies\nPriya Shah  9:11 AM\nError rate is back under 0.1%.\n\n"
        "Transcribed by https://otter.ai\n"
    )
    turns = speaker_turns(Document(text=channel, sentences=()))
    assert [(t.speaker, t.content.quote(channel)) for t in turns] == [
        ("Priya Shah", "The payments API is returning 502s."),
        ("Tom Reid", "Rolling it back now."),
        ("Priya Shah", "Error rate is back under 0.1%."),
    ]


def test_a_transcription_services_preamble_does_not_hide_its_turns() -> None:
    """An Otter export opens with its title, date, keywords and speakers, and ends with its
    credit: its four turns had been read as the document's own lines."""
    export = (
        "Weekly product sync\nTue, Dec 1, 2026 10:00AM • 24:12\n\nSUMMARY KEYWORDS\n"
        "launch, pricing, beta\n\nSPEAKERS\nMaya Lin, Tom Adeyemi, Unknown Speaker\n\n"
        "Maya Lin  0:03\nThe beta has 1,200 users now.\n\n"
        "Tom Adeyemi  0:15\nThe pricing page still isn't ready.\n\n"
        "Unknown Speaker  0:31\nCan we launch without it?\n\n"
        "Maya Lin  0:36\nNo. So launch moves to January 12.\n\nTranscribed by https://otter.ai\n"
    )
    turns = speaker_turns(Document(text=export, sentences=()))
    assert [(t.speaker, t.content.quote(export)) for t in turns] == [
        ("Maya Lin", "The beta has 1,200 users now."),
        ("Tom Adeyemi", "The pricing page still isn't ready."),
        ("Unknown Speaker", "Can we launch without it?"),
        ("Maya Lin", "No. So launch moves to January 12."),
    ]


def test_a_television_transcripts_labels_give_the_office_after_a_comma() -> None:
    """ "ANDERSON COOPER, CNN HOST:" then "COOPER:"; "GOV. MARIA LOPEZ (D), NEVADA:"."""
    transcript = (
        "ANDERSON COOPER, CNN HOST: The governor says the state will sue.\n\n(BEGIN VIDEOTAPE)\n\n"
        "GOV. MARIA LOPEZ (D), NEVADA: We were given 48 hours' notice.\n\n(END VIDEOTAPE)\n\n"
        "COOPER: What is the administration saying?\n\n"
        "SAM PRICE, CNN CORRESPONDENT: Officials say Nevada was consulted in August.\n\n"
        "PRICE: Her office denies it.\n"
    )
    turns = speaker_turns(load_document(transcript, max_chars=10_000))
    assert [t.speaker for t in turns] == [
        "Anderson Cooper", "Gov. Maria Lopez", "Anderson Cooper", "Sam Price", "Sam Price",
    ]  # fmt: skip
    named = turns[2].named_at
    assert named is not None and named.quote(transcript) == "ANDERSON COOPER"


def test_meeting_notes_listing_who_said_what_are_turns() -> None:
    notes = (
        "Launch retro – notes\n\n- Ana: the beta signups were 40% above target\n"
        "- Ben: the pricing page went live two days late\n- Ana: support tickets doubled\n"
    )
    turns = speaker_turns(Document(text=notes, sentences=()))
    assert [(t.speaker, t.content.quote(notes)) for t in turns] == [
        ("Ana", "the beta signups were 40% above target"),
        ("Ben", "the pricing page went live two days late"),
        ("Ana", "support tickets doubled"),
    ]


def test_a_court_transcripts_questions_and_answers_are_counsels_and_the_sworn_witnesss() -> None:
    transcript = (
        "DAVID ELLISON, having been duly sworn, testified as follows:\n\nBY MR. HOLT:\n\n"
        "Q. Were the brakes repaired?\nA. They were adjusted.\n\n"
        "MS. CARTER: Objection. Leading.\n\nTHE COURT: Overruled.\n\n"
        "Q. What condition were the pads in?\nA. Worn, but within limits.\n"
    )
    turns = speaker_turns(Document(text=transcript, sentences=()))
    assert [t.speaker for t in turns] == [
        "Mr. Holt", "David Ellison", "Ms. Carter", "The Court", "Mr. Holt", "David Ellison",
    ]  # fmt: skip


def test_a_phrase_before_a_colon_is_no_speaker() -> None:
    """ "Focus group: night bus users, 28 November 2026" had been a participant's turn."""
    transcript = (
        "Focus group: night bus users, 28 November 2026\n\n"
        "Moderator: How do you get home after a late shift?\n"
        "Participant 1: The N12.\nParticipant 2: I take a taxi now.\n"
        "priya shah: handles in lower case still speak.\n"
    )
    assert _turns(transcript) == ["Moderator", "Participant 1", "Participant 2", "priya shah"]


def test_a_turn_whose_date_ends_the_line_above_its_time_is_still_found():
    # Turns are looked for only on lines with a colon, or ending in a date (the time and the
    # name on the next line); a turn begun on the line above is one turn, not two.
    text = (
        "[03/12/2026,\n09:02:11] Priya Shah: The venue cancelled.\n"
        "03/12/2026, \r\n09:05 - Tom Reid: Why?\n"
    )
    assert _turns(text) == ["Priya Shah", "Tom Reid"]
    assert _turns("Priya Shah said the venue cancelled\nTom Reid asked why\n") == []


def test_a_decision_letters_reports_and_a_tickets_comments_are_their_writers() -> None:
    letter = (
        "Decision letter: Manuscript NCOMMS-26-04412\n\n"
        "Reviewer #1 (Remarks to the Author):\nOne season is not enough.\n\n"
        "Reviewer #2 (Remarks to the Author):\nThis is an important study.\n\n"
        "Editor's comments:\nWe invite a revised version.\n"
    )
    assert _turns(letter) == ["Reviewer #1", "Reviewer #2", "Editor"]
    ticket = (
        "PAY-1423: Refunds fail for cards issued in Brazil\n\nReporter: Dana Wu\n"
        "Status: In Progress\n\nDescription\nAbout 240 customers are affected.\n\n"
        "Marco Rossi added a comment - 02/Dec/26 10:14\nThe processor rejects them.\n\n"
        "Dana Wu added a comment - 02/Dec/26 11:02\nCan we ship a fix today?\n"
    )
    assert _turns(ticket) == ["Marco Rossi", "Dana Wu"]  # the fields above are no turns


def test_an_interviews_initials_speak_under_the_names_they_stand_for() -> None:
    """ "AT:" had been no speaker at all ("at" is a small word), so the interview was no
    conversation."""
    interview = (
        "Ana Torres on her first year as mayor\n\nInterview by Sarah Lee\n\n"
        "SL: What surprised you most?\nAT: How fragile the water supply is.\n"
        "SL: At what cost?\nAT: About £400,000 a year.\n"
    )
    turns = speaker_turns(Document(text=interview, sentences=()))
    assert [t.speaker for t in turns] == ["Sarah Lee", "Ana Torres", "Sarah Lee", "Ana Torres"]
    assert turns[1].named_at is not None and turns[1].named_at.quote(interview) == "Ana Torres"


def test_a_meeting_transcript_copied_with_the_time_under_each_name() -> None:
    """Teams or Meet: "Ana Torres" / "10:02" / what she said. Read before as the page's own
    words, names as titles and times as furniture."""
    meeting = (
        "Weekly sync - Transcript\n\n"
        "Ana Torres\n10:02\nThe launch is moved to January 14.\n\n"
        "Ben Okafor\n10:03\nThat works for marketing.\n\n"
        "Ana Torres\n10:03\nPriya, can your team finish the review by January 5?\n\n"
        "Priya Shah\n10:04\nYes, if legal signs the contract this week.\n"
    )
    turns = speaker_turns(Document(text=meeting, sentences=()))
    assert [(t.speaker, t.content.quote(meeting)) for t in turns] == [
        ("Ana Torres", "The launch is moved to January 14."),
        ("Ben Okafor", "That works for marketing."),
        ("Ana Torres", "Priya, can your team finish the review by January 5?"),
        ("Priya Shah", "Yes, if legal signs the contract this week."),
    ]


def test_a_live_blogs_times_over_its_entries_are_no_speakers() -> None:
    blog = (
        "Storm Darragh: live updates\n\n14:05\nThe Met Office has issued a red warning.\n\n"
        "14:20\nTrains between Cardiff and Bristol are cancelled.\n\n"
        "14:35\nThe Met Office says gusts reached 93mph.\n"
    )
    assert _turns(blog) == []


def test_a_help_desk_chats_headers_name_who_writes_and_when() -> None:
    chat = (
        "Conversation with Dana Whitfield\n\n"
        "Dana Whitfield · 2 Dec, 09:14\nHi, I was charged twice for December.\n\n"
        "Sam (Support) · 2 Dec, 09:16\nSorry about that! I've refunded the second charge.\n\n"
        "Dana Whitfield · 2 Dec, 09:17\nThanks. How long will it take?\n\n"
        "Sam (Support) · 09:18\nFive to seven business days.\n"
    )
    assert _turns(chat) == ["Dana Whitfield", "Sam", "Dana Whitfield", "Sam"]


def test_a_press_conferences_q_dot_questions_beside_its_named_answers() -> None:
    """ "Q. Dana, how do you ...?" / "DANA WU: I'm proud ...": one named speaker and a reporter's
    questions had been no conversation at all."""
    presser = (
        "Dana Wu post-match press conference\n\n"
        "Q. Dana, how do you assess the performance?\nDANA WU: I'm proud of the players.\n\n"
        "Q. Is Ben Okafor fit for Saturday?\nDANA WU: He has a tight hamstring.\n"
    )
    assert _turns(presser) == ["a reporter", "Dana Wu", "a reporter", "Dana Wu"]


def test_a_speakers_further_paragraphs_are_theirs_until_the_next_turn() -> None:
    """ "MS. DUBOIS: Good afternoon ..." then "With that, I'll take questions." had been the
    page's words; a time or a stage note between turns stays nobody's."""
    briefing = (
        "MS. DUBOIS: The President will travel to Ohio on Friday.\n\n"
        "With that, I'll take questions. Go ahead, Zeke.\n\n(Laughter.)\n\n"
        "Q    Did the President approve the sale?\n\n"
        "MS. DUBOIS: No decision has been made.\n\n1:31 P.M. EST\n"
    )
    turns = speaker_turns(Document(text=briefing, sentences=()))
    assert [(t.speaker, t.content.quote(briefing)) for t in turns] == [
        ("Ms. Dubois", "The President will travel to Ohio on Friday."),
        ("Ms. Dubois", "With that, I'll take questions. Go ahead, Zeke."),
        ("a reporter", "Did the President approve the sale?"),
        ("Ms. Dubois", "No decision has been made."),
    ]


def test_a_news_boards_comment_headers_say_who_writes_below() -> None:
    thread = (
        "Postgres 19 released (postgresql.org)\n412 points by dana_k 5 hours ago | 188 comments\n\n"
        "tptacek 4 hours ago | next [–]\nWe cut our backup window from 6 hours to 40 minutes.\n\n"
        "reply\n\nmjl 3 hours ago | parent | next [–]\nDid you test restore times too?\n\nreply\n\n"
        "tptacek 3 hours ago | parent | next [–]\nRestores took about 2 hours.\n\nreply\n"
    )
    turns = speaker_turns(Document(text=thread, sentences=()))
    assert [(t.speaker, t.content.quote(thread)) for t in turns] == [
        ("tptacek", "We cut our backup window from 6 hours to 40 minutes."),
        ("mjl", "Did you test restore times too?"),
        ("tptacek", "Restores took about 2 hours."),
    ]


def test_a_written_questions_asker_and_answerer_speak_under_their_headers() -> None:
    """ "Asked by ..." over the question, "Answered by ..." over the answer: the minister's
    "The Department has made no specific assessment." had been the page's."""
    answer = (
        "Night bus services: Written question - 18234\n\n"
        "Asked by Sarah Mitchell (Bristol North) on 25 November 2026\n\n"
        "To ask the Secretary of State for Transport, what assessment she has made.\n\n"
        "Answered by Tom Reid on 2 December 2026\n\n"
        "The Department has made no specific assessment.\n"
    )
    assert _turns(answer) == ["Sarah Mitchell", "Tom Reid"]


def test_a_copied_posts_name_and_handle_say_who_wrote_it() -> None:
    """ "Ana Torres" / "@ana@mastodon.social" over each post; its counts are furniture."""
    posts = (
        "Ana Torres\n@ana@mastodon.social\n\n"
        "The council has confirmed the night buses will run until March.\n\n"
        "Dec 2, 2026, 09:14 · 🌐 · 12 boosts · 40 favourites\n\n"
        "Ben Okafor\n@ben@social.coop\n\n@ana Good news, but they run every 30 minutes.\n\n"
        "Dec 2, 2026, 09:40 · 🌐 · 2 boosts · 5 favourites\n"
    )
    turns = speaker_turns(Document(text=posts, sentences=()))
    assert [(t.speaker, t.content.quote(posts)) for t in turns] == [
        ("Ana Torres", "The council has confirmed the night buses will run until March."),
        ("Ben Okafor", "@ana Good news, but they run every 30 minutes."),
    ]


def test_a_bodys_frequently_asked_questions_are_answered_by_it() -> None:
    """An FAQ's "A:" lines had been said by a speaker called "A"."""
    faq = (
        "Night bus changes: frequently asked questions\n\nCalder Council, updated 2 December\n\n"
        "Q: When will route N31 stop running?\nA: The last N31 service runs on 31 March.\n\n"
        "Q: Will fares change?\nA: No. Night fares stay at £2.50.\n"
    )
    assert _turns(faq) == ["Q", "Calder Council", "Q", "Calder Council"]
    interview = (
        "The mayor spoke to the Calder Gazette.\n\nQ: Will fares change?\nA: No.\n\n"
        "Q: And the N31?\nA: It stops in March.\n"
    )
    assert _turns(interview) == ["Q", "A", "Q", "A"]  # the outlet asks, it does not answer


def test_a_transcription_services_inline_time_after_the_name() -> None:
    """ "Speaker 1 (00:00): Okay, ..." on one line had been no turn."""
    transcript = (
        "Speaker 1 (00:00): Okay, we have a quorum.\nSpeaker 2 (00:05): The budget is 12% over.\n"
        "Speaker 1 (00:09): Then we shut the cluster at night.\n"
    )
    assert _turns(transcript) == ["Speaker 1", "Speaker 2", "Speaker 1"]
