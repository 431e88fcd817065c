"""A chat's own words against its summary's: informal spellings, everyday words, judgements."""

from __future__ import annotations

from service.verify import terms
from service.verify.chat_words import bearing_out
from service.verify.summary_check import check_summary


def failures(document: str, summary: str) -> dict[str, str]:
    report = check_summary(document, summary)
    return {c.name: c.reason for claim in report.claims for c in claim.checks if not c.passed}


def test_informal_spellings_are_read_as_the_words_they_stand_for() -> None:
    assert terms.term("tmrw")[0] == "tomorrow"
    assert terms.term("bday")[0] == "birthday"
    assert terms.term("UR")[0] == "ur"  # initials, not "your"
    chat = "Sam: hey u coming to the party tmrw?\nLiz: yeah! ill bring some wine\nSam: perfect thx"
    assert failures(chat, "Liz will come to Sam's party tomorrow and bring wine.") == {}


def test_a_denial_written_without_its_apostrophe_is_a_denial() -> None:
    chat = "Kate: Have you seen my car keys?\nTom: Nope\nKate: I cant find my car keys anywhere"
    assert failures(chat, "Kate can't find her car keys.") == {}


def test_a_summarys_word_is_borne_out_by_the_chats_everyday_word_for_it() -> None:
    chat = "Jen: can u buy me a gift for Tom's bday?\nDan: sure\nJen: ur the best"
    assert failures(chat, "Jen asks Dan to purchase a gift for Tom's birthday.") == {}
    # Not the reverse of a one-way word: a summary's "calls" is no "contacts" come true.
    assert "contact" in bearing_out(terms.all_stems("I'll call him"))
    assert "call" not in bearing_out(terms.all_stems("I'll contact him"))


def test_an_everyday_word_does_not_bear_out_another_thing() -> None:
    chat = "Jen: can u buy me a gift for Tom's bday?\nDan: sure\nJen: ur the best"
    assert "wording_supported" in failures(chat, "Jen asks Dan to sell a car for Tom's wedding.")


def test_a_judgement_the_chat_does_not_make_fails() -> None:
    chat = "Ovi: Hey I got back from Israel!\nCandice: How was it?\nOvi: Great, way warmer"
    assert failures(chat, "Ovi got back from Israel.") == {}
    reasons = failures(chat, "Ovi got back from his boring holiday in Israel.")
    assert "boring" in reasons["wording_supported"]


def test_a_persons_state_is_no_judgement() -> None:
    chat = (
        "Anna: I have 2 tickets for the concert on Friday, wanna come?\nBeth: omg yes, so excited"
    )
    assert failures(chat, "Beth is excited about the concert.") == {}
    assert "wording_supported" in failures(chat, "Anna has 2 tickets for a boring concert.")


def test_a_time_given_in_a_turn_of_its_own_is_the_time_of_what_the_turns_arrange() -> None:
    chat = (
        "Mark: can u pick up the kids from school today?\nJen: sure, what time?\nMark: 3pm\n"
        "Jen: ok will do"
    )
    assert failures(chat, "Jen will pick up the kids from school at 3 pm.") == {}
    chat = "Mark: can u pick up the kids from school today?\nJen: sure\nMark: the 3pm train is late"
    assert "not_contradicted" in failures(chat, "Jen will pick up the kids from school at 3 pm.")
    # Whom a thing is done for is no part of what a day is said of.
    chat = "Ann: Can you send me the report by Friday?\nBob: Sure, I'll send it Thursday"
    assert failures(chat, "Bob will send Ann the report on Thursday.") == {}


def test_a_turn_may_deny_what_another_turn_names() -> None:
    chat = "Kate: Have you seen my keys?\nTom: Nope\nKate: I can't find them anywhere"
    assert failures(chat, "Kate couldn't find her keys.") == {}
    chat = "Kate: Have you seen my keys?\nTom: Yes, on the table\nKate: Found them"
    assert "not_contradicted" in failures(chat, "Kate couldn't find her keys.")


ZOOM_CHAT = (
    "10:02:33 From Ana Costa to Everyone: Can everyone see my screen?\n"
    "10:02:40 From Ben Okafor to Everyone: Yes, all good\n"
    "10:03:30 From Ana Costa to Everyone: Great, let's start with the budget"
)


def test_what_a_participant_only_asks_is_not_stated_of_them() -> None:
    reasons = failures(ZOOM_CHAT, "Ana Costa can see her screen.")
    assert "only asks" in reasons["speaker_matches_claim"]
    assert failures(ZOOM_CHAT, "Ana Costa asks if everyone can see her screen.") == {}
    assert failures(ZOOM_CHAT, "Ana Costa will start with the budget.") == {}


def test_what_another_says_of_something_is_not_said_of_a_participant() -> None:
    chat = (
        "10:01:10 From Chloé Martin to Everyone: Morning all\n"
        "10:02:50 From Ana Costa to Everyone: Let's start with the budget\n"
        "10:03:10 From Ben Okafor to Everyone: Budget has €1,200 left\n"
        "10:03:30 From Ana Costa to Everyone: Thanks"
    )
    reasons = failures(chat, "Chloé Martin has €1,200 left.")
    assert "something else" in reasons["speaker_matches_claim"]
    assert failures(chat, "The budget has €1,200 left.") == {}
    assert failures(chat, "Ben Okafor says the budget has €1,200 left.") == {}


def test_a_turn_by_another_the_claim_names_is_theirs_to_say_it_in() -> None:
    chat = (
        "Anna: I have 2 tickets for the concert on Friday. Wanna come?\nBeth: omg yes!!!\n"
        "Anna: great"
    )
    assert failures(chat, "Beth will go to the concert with Anna on Friday.") == {}
    assert "speaker_matches_claim" in failures(chat, "Beth has 2 tickets for the concert.")


def test_a_claim_that_reports_a_question_states_nothing() -> None:
    chat = "Ian: Is the gym open on Sunday?\nJoe: Yes, from 10 to 4"
    assert failures(chat, "Ian inquires whether the gym is open on Sunday.") == {}
    assert "only asks" in failures(chat, "Ian will open the gym on Sunday.").get(
        "speaker_matches_claim", ""
    )


def test_a_chats_spelling_of_i_is_its_speaker() -> None:
    chat = "Ann: im bringing the slides tmrw\nBob: great"
    assert "speaker_matches_claim" in failures(chat, "Bob will bring the slides tomorrow.")
    chat = "Ann: can ya bring the slides tmrw?\nBob: sure"
    assert failures(chat, "Bob will bring the slides tomorrow.") == {}


def test_only_a_questions_last_clause_asks_and_asking_leave_states_the_wish() -> None:
    chat = "Nina: my car broke down, could u help me move the boxes?\nPaul: sure, no problem"
    assert failures(chat, "Nina's car broke down.") == {}
    chat = "Zoe: Can I borrow your black dress for the wedding?\nAmy: Sure"
    assert failures(chat, "Zoe will borrow Amy's black dress for the wedding.") == {}


def test_what_a_denial_denies_may_be_reworded_and_a_vague_word_named() -> None:
    chat = "Rob: I won't make it to the meeting tomorrow, my daughter is sick\nSue: ok"
    assert failures(chat, "Rob won't come to the meeting tomorrow.") == {}
    chat = "Kim: I need to do uni stuff tomorrow\nTim: good luck"
    assert failures(chat, "Kim will do her university work tomorrow.") == {}
    chat = "Ann: Darling, buy some butter.\nMike: Ok."
    assert "not_contradicted" in failures(chat, "Ann asks Mike to buy ghee.")


def test_a_shared_files_placeholder_is_a_file_sent() -> None:
    chat = "Tom: <file_gif>\nTom: that's me on Monday\nAnn: lol"
    assert failures(chat, "Tom sends a gif.") == {}
    assert "send" not in bearing_out(terms.all_stems("Tom: I took a gif of it"))


def test_a_question_that_proposes_is_what_its_answer_arranges() -> None:
    chat = "Ella: Hiii, wanna go shopping on Saturday?\nFay: Sure, what time?\nElla: 11?\nFay: ok"
    assert failures(chat, "Ella and Fay will go shopping on Saturday at 11.") == {}


def test_a_claim_joining_the_asker_and_the_answerer_reports_the_exchange() -> None:
    chat = "Ann: pizza or sushi tonight?\nBob: sushi!\nAnn: ok sushi it is"
    assert failures(chat, "Ann and Bob decide to have sushi tonight.") == {}
    chat = "Cat: the bus didn't come again\nDon: again?\nCat: I know, so annoying"
    assert failures(chat, "Cat is frustrated.") == {}


def test_an_answer_that_denies_is_the_evidence_of_a_denial() -> None:
    chat = (
        "Paula: have u seen the new Star Wars?\nRick: not yet, is it good?\n"
        "Paula: amazing!! u have to see it"
    )
    assert failures(chat, "Rick hasn't seen the new Star Wars yet.") == {}
    chat = "Paula: have u seen the new Star Wars?\nRick: yes, is it good?\nPaula: amazing!!"
    assert "not_contradicted" in failures(chat, "Rick hasn't seen the new Star Wars yet.")


def test_an_emoji_is_a_word_of_its_turn() -> None:
    assert failures("Kate: I can't find my keys 😭\nTom: check your coat", "Kate is upset.") == {}
    assert "wording_supported" in failures(
        "Kate: I can't find my keys\nTom: check your coat", "Kate is upset."
    )
    assert "wording_supported" in failures("Kate: I found my keys 🎉\nTom: yay", "Kate is upset.")


def test_a_time_that_answers_a_question_is_the_time_it_asks_for() -> None:
    chat = "Eli: what time does the party start?\nFin: 9, but people come later\nEli: ok"
    assert failures(chat, "The party starts at 9.") == {}
    chat = "Eli: are you coming to the party?\nFin: yes, the bus leaves at 9\nEli: ok"
    assert "not_contradicted" in failures(chat, "The party starts at 9.")


def test_a_turn_without_a_full_stop_ends_at_its_line() -> None:
    chat = (
        "Lucy: do you want to go to the cinema tonight?\nMatt: sure, what time?\n"
        "Lucy: 7:30\nMatt: See you there"
    )
    assert failures(chat, "Lucy and Matt are going to the cinema tonight at 7:30.") == {}
    chat = "Lucy: the bus leaves at 7:30\nMatt: see you at the cinema then"
    assert "not_contradicted" in failures(chat, "The film at the cinema starts at 7:30.")


def test_a_day_asked_about_and_agreed_to_is_the_day_of_the_plan() -> None:
    chat = (
        "Nina: r u free on saturday?\nPaul: yes, why?\n"
        "Nina: could u help me move the boxes?\nPaul: sure"
    )
    assert failures(chat, "Paul will help Nina move the boxes on Saturday.") == {}
    chat = "Kim: I need help moving the sofa\nPaul: r u free on saturday?\nKim: yes\nPaul: ok"
    assert failures(chat, "Paul will help Kim move the sofa on Saturday.") == {}
    chat = (
        "Nina: r u free on saturday?\nPaul: yes, why?\n"
        "Nina: could u help me move the boxes on sunday?\nPaul: sure"
    )
    assert "not_contradicted" in failures(chat, "Paul will help Nina move the boxes on Saturday.")


def test_a_question_to_everyone_is_not_said_of_its_speaker() -> None:
    chat = "Ana: Can everyone see my screen?\nBen Okafor: yes I can see it\nAna: great"
    assert "speaker_matches_claim" not in failures(chat, "Ben Okafor can see the screen.")
    chat = "Ana: I can see my screen now\nBen Okafor: great\nAna: ok"
    assert "speaker_matches_claim" in failures(chat, "Ben Okafor can see the screen.")


def test_what_a_speaker_says_ends_at_a_clause_about_another() -> None:
    chat = "Tom: do u have a charger?\nJim: nope, ask Sue\nSue: I have one, come get it"
    summary = "Jim says no and suggests asking Sue, who has one."
    assert "speaker_matches_claim" not in failures(chat, summary)
    summary = "Jim says no and suggests asking Sue, who has a spare laptop."
    assert "wording_supported" in failures(chat, summary)  # the clause is still read
