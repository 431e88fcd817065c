"""Table rows read with their headers, units and signed changes (`tables`), their evidence
still the document's exact characters."""

from __future__ import annotations

import pytest

from service.document import load_document
from service.verify import tables
from service.verify.casing import document_names
from service.verify.summary_check import check_summary

RESULTS = (
    "# Q3 results\n\n"
    "Revenue rose 8% to £412 million in the third quarter, the company said on Tuesday.\n\n"
    "| Region | Revenue (£m) | Change |\n"
    "|--------|-------------:|-------:|\n"
    "| UK     | 210          | +4%    |\n"
    "| Europe | 142          | +15%   |\n"
    "| US     | 60           | -2%    |\n\n"
    'Chief executive Sara Lind said Europe was "the engine of growth".\n'
)

TAB_SEPARATED = (
    "Output by plant, as reported on Friday.\n"
    "Plant\tOutput ($bn)\tGrowth (%)\n"
    "Leeds\t1.2\t+3\n"
    "Turin\t0.8\t-6\n"
)


def _verdict(document: str, claim: str) -> str:
    report = check_summary(document, [claim])
    for evidence in report.claims[0].evidence:
        assert document[evidence.start : evidence.end] == evidence.quote
    return report.claims[0].verdict


@pytest.mark.parametrize(
    "claim",
    [
        "Revenue in Europe rose 15% to £142 million.",
        "US revenue fell 2%.",
        "US revenue declined 2% to £60 million.",
        "Revenue in the UK rose 4% to £210 million.",
        "Europe grew 15% while the US fell 2%.",
    ],
)
def test_a_row_read_with_its_header_supports_what_it_says(claim: str) -> None:
    assert _verdict(RESULTS, claim) == "supported"


@pytest.mark.parametrize(
    "claim",
    [
        "Revenue in Europe fell 15%.",  # the row's +15% is a rise
        "UK revenue was £142 million.",  # Europe's number
        "US revenue rose 2%.",  # the row's -2% is a fall
        "US revenue grew 2%.",  # "grew" is no opposite word of "fell": the row check's
        "Europe revenue was down 15%.",
        "UK revenue grew 15%.",
    ],
)
def test_a_claim_the_row_says_otherwise_is_contradicted(claim: str) -> None:
    assert _verdict(RESULTS, claim) == "contradicted"


def test_a_cited_row_shows_its_header_row_at_exact_offsets() -> None:
    claim = check_summary(RESULTS, ["US revenue fell 2%."]).claims[0]
    quotes = [e.quote for e in claim.evidence]
    assert quotes == ["| Region | Revenue (£m) | Change |", "| US     | 60           | -2%    |"]


def test_a_row_is_read_with_its_units_and_direction() -> None:
    doc = load_document(RESULTS, max_chars=10_000)
    europe = next(s for s in doc.sentences if "Europe |" in s.text)
    assert tables.text(doc, europe) == "Europe: revenue £142 million, rose 15%."
    header = next(s for s in doc.sentences if "Region" in s.text)
    assert tables.text(doc, header) == header.text  # a header is read as itself


def test_a_tab_separated_table_is_read_as_one() -> None:
    assert _verdict(TAB_SEPARATED, "Output at Turin fell 6% to $0.8 billion.") == "supported"
    assert _verdict(TAB_SEPARATED, "Output at Turin rose 6%.") == "contradicted"
    assert _verdict(TAB_SEPARATED, "Leeds output was $0.8 billion.") == "contradicted"


def test_prose_is_read_as_written() -> None:
    text = "Sales rose 4% to 210 units. | Not a table | at all |\nCosts fell\t2%\ttoday."
    doc = load_document(text, max_chars=10_000)
    assert tables.text_of(doc, [s.number for s in doc.sentences]) == "\n".join(
        s.text for s in doc.sentences
    )


def test_a_header_cell_is_no_name_of_the_document() -> None:
    # "Revenue" after a pipe is a cell's first word, capitalised as a sentence's is.
    names = document_names("Sales were up.\n\n| Region | Revenue (£m) |\n|---|---|\n| UK | 210 |\n")
    assert "revenue" not in names


def test_a_heading_over_a_rule_and_a_chat_with_tabs_are_no_tables() -> None:
    heading = "Budget | Autumn\n-----\nThe plan | in short, was dropped.\n"
    chat = "09:02\tAna\tCan we move it?\n09:03\tTom\tSure, to 3pm.\n09:04\tAna\tThanks.\n"
    for text in (heading, chat):
        doc = load_document(text, max_chars=10_000)
        assert not tables.tables_of(doc).tables


YEARS = (
    "Annual figures for Norvik Energy were published on Monday.\n\n"
    "Year | Sales ($bn) | Change (%) | Staff\n"
    "---|---:|---:|---\n"
    "2024 | 1.2 | +3.5 | 4,100\n"
    "2025 | 1.1 | −8.3 | 3,900\n"
)


def test_a_count_is_read_before_its_header_and_a_year_names_its_row() -> None:
    assert _verdict(YEARS, "Norvik Energy had 3,900 staff in 2025.") == "supported"
    assert _verdict(YEARS, "Sales fell 8.3% to $1.1 billion in 2025.") == "supported"
    assert _verdict(YEARS, "Norvik Energy had 4,100 staff in 2025.") == "contradicted"  # 2024's
    assert _verdict(YEARS, "Sales rose 8.3% in 2025.") == "contradicted"


CLINIC = (
    "Clinic waits, March.\n\n| Consultant | Note | Wait change |\n|---|---|---|\n"
    "| Dr. Smith | Seen. Discharged. | +15% |\n| Dr. Patel | Referred | -4% |\n"
)


def test_a_row_with_a_full_stop_inside_a_cell_is_one_row() -> None:
    """The splitter had cut the row at "Seen." and each half was read raw: its rise was lost
    and "fell 15%" passed."""
    doc = load_document(CLINIC, max_chars=10_000)
    smith = next(s for s in doc.sentences if "Smith" in s.text)
    assert smith.text == "| Dr. Smith | Seen. Discharged. | +15% |"
    assert tables.text(doc, smith) == "Dr. Smith: note Seen. Discharged, rose 15%."
    assert _verdict(CLINIC, "Waits for Dr. Smith rose 15%.") == "supported"
    assert _verdict(CLINIC, "Waits for Dr. Smith fell 15%.") == "contradicted"
