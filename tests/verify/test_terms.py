"""The one finder of names of several words (`terms.name_runs`) and what a name is written
short as (`terms.initials`): each parameter where its callers read names differently."""

from __future__ import annotations

from service.verify import terms


def runs(
    text: str, links: frozenset[str] = frozenset(), ends: frozenset[int] = frozenset()
) -> list[list[str]]:
    """The runs of capitalised words of `text`, as the words themselves."""
    tokens = terms.TOKEN.findall(text)
    capitalised = [t[:1].isupper() for t in tokens]
    found = terms.name_runs(tokens, capitalised, links=links, ends=ends)
    return [[tokens[i] for i in run] for run in found]


def test_a_run_is_consecutive_name_words_and_anything_else_ends_it() -> None:
    text = "John Smith met Halden Ports officials, Ann and 3 Lee."
    assert runs(text) == [["John", "Smith"], ["Halden", "Ports"], ["Ann"], ["Lee"]]
    assert runs("") == []
    assert runs("no names here") == []


def test_the_caller_says_which_tokens_are_name_words() -> None:
    tokens = terms.TOKEN.findall("In Smith's view The Times erred")
    # Capitalised: a sentence's first word and a capitalised function word are name words.
    assert terms.name_runs(tokens, [t[:1].isupper() for t in tokens]) == [[0, 1], [3, 4]]
    # `is_name`: function words are not ("In", "The"); a possessive is one name word.
    assert terms.name_runs(tokens, map(terms.is_name, tokens)) == [[1], [4]]


def test_links_are_passed_over_neither_kept_nor_ending_a_run() -> None:
    text = "the Bank of England and the Food and Drug Administration"
    assert runs(text) == [["Bank"], ["England"], ["Food"], ["Drug", "Administration"]]
    linked = runs(text, links=terms.NAME_LINKS)
    assert linked == [["Bank", "England", "Food", "Drug", "Administration"]]
    # In any case, and whatever they stand between: a capitalised link is no name word.
    assert runs("The Bank Of England", links=terms.NAME_LINKS) == [["Bank", "England"]]
    assert runs("Bank of england", links=terms.NAME_LINKS) == [["Bank"]]


def test_a_sentence_end_ends_a_run_only_when_given() -> None:
    text = "Smith beat Jones on Sunday. Apple sued Samsung."
    reading = terms.read(text)
    assert runs(text) == [["Smith"], ["Jones"], ["Sunday", "Apple"], ["Samsung"]]
    assert runs(text, ends=reading.sentence_ends) == [
        ["Smith"],
        ["Jones"],
        ["Sunday"],
        ["Apple"],
        ["Samsung"],
    ]


def test_hyphenated_names_and_initials_are_one_word_each() -> None:
    assert runs("Jean-Claude Juncker and the U.S. Navy") == [
        ["Jean-Claude", "Juncker"],
        ["U.S.", "Navy"],
    ]


def test_initials_are_those_of_names_of_two_or_more_words_links_skipped() -> None:
    tokens = terms.TOKEN.findall(
        "The U.S. Environmental Protection Agency and Bank of England said"
    )
    found = terms.initials(tokens)
    assert found[0] == ("UEPABE", [1, 2, 3, 4, 6, 8])
    # And those of every part of two or more words in a row: "the EPA", "the BE".
    assert len(found) == 15
    assert ("EPA", [2, 3, 4]) in found and ("BE", [6, 8]) in found
    tokens = terms.TOKEN.findall(
        "Officials of the United States met 3 International Monetary Fund staff"
    )
    shorts = [short for short, _ in terms.initials(tokens)]
    assert shorts == ["OUS", "OU", "US", "IMF", "IM", "MF"]
    # One capitalised word has no initials to be written short by.
    assert terms.initials(terms.TOKEN.findall("Ann said 2 things")) == []


def test_a_name_written_out_ends_at_a_comma_when_its_ends_are_given() -> None:
    reading = terms.read("Officials in Paris, France Telecom staff and the Ohio EPA, said")
    assert [s for s, _ in terms.initials(reading.tokens)] == ["PFT", "PF", "FT", "OE"]
    assert [s for s, _ in terms.initials(reading.tokens, reading.phrase_ends)] == ["FT", "OE"]
    # A full stop inside initials ("U.S.") is no end; one after a word is.
    reading = terms.read("The U.S. Navy. Bank Holiday")
    assert [s for s, _ in terms.initials(reading.tokens, reading.phrase_ends)] == ["UN", "BH"]


def test_a_doubled_consonant_and_y_are_stemmed_as_the_word_writes_them() -> None:
    for forms in (
        ("submit", "submits", "submitted", "submitting"),
        ("stop", "stops", "stopped", "stopping"),
        ("plan", "plans", "planned", "planning"),
        ("city", "cities"),
        ("study", "studies", "studied"),
        ("deny", "denies", "denied"),
    ):
        assert len({terms.stem(w) for w in forms}) == 1, forms
    # A doubled final "l", "s", "f" or "z" is the word's own; "-s" doubles nothing.
    assert terms.stem("killed") == terms.stem("kill") == "kill"
    assert terms.stem("passed") == terms.stem("pass") == "pass"
    assert terms.stem("staffed") == terms.stem("staff") == "staff"
    assert terms.stem("added") == terms.stem("add") == "add"
    assert terms.stem("watts") == terms.stem("watt") == "watt"
    # Words the old stems ran together stay apart.
    assert terms.stem("cities") != terms.stem("cited")
    assert terms.stem("allies") != terms.stem("all")


def test_other_name_compares_runs_of_names_not_of_capitals() -> None:
    assert terms.other_name("John Smith", "James Smith said")
    assert not terms.other_name("John Smith", "Smith said")
    # "In" and "The" are function words, not part of a name.
    assert not terms.other_name("John Smith", "In Smith's view, he said")
    assert not terms.other_name("John Smith", "The Smith said")


def test_a_negation_ends_at_the_comma_a_number_keeps():
    denied = terms.read("I can't make 10, I have the dentist.").denied

    assert "dentist" not in denied and terms.stem("make") in denied


def test_a_documents_stems_are_its_lines_stems_together() -> None:
    # No token spans a line break: "U.K." at a line's end, "workers'" and "2019." stay whole.
    text = "Talks in the U.K.\nworkers' pay rose 3.5% in 2019.\n\n  Port-workers struck\r\nagain"
    whole = frozenset(terms.term(t)[1] for t in terms.TOKEN.findall(text))
    assert terms.text_stems(text) == whole
    assert {"uk", "worker", "2019", "3.5", "port-worker", "again"} <= whole
    assert terms.text_stems("") == frozenset()


def test_a_long_lines_stems_are_made_but_not_kept() -> None:
    line = "Dock workers walked out at the port. " * 80  # one line of 2,960 characters
    terms.all_stems.cache_clear()
    assert terms.text_stems(line) == {terms.term(w)[1] for w in line.split()}
    assert terms.all_stems.cache_info().currsize == 0
