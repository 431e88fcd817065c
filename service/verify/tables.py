"""Table rows read as what they say, for the checks that weigh a sentence as evidence.

A row of a Markdown pipe table or a tab-separated table is a sentence of its own ("| Europe |
142 | +15% |"), and read alone it says neither what its numbers measure nor in what unit: under
"Revenue (£m)" its 142 is £142 million, and under "Change" its +15% is a rise. The checks read
a row as its cells with their column headers, units applied and signed changes given as rises
and falls ("Europe: revenue £142 million, rose 15%."); the evidence shown stays the row's own
characters, with the header row's span beside it, so a reader sees the column names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from service.document import Document, Sentence
from service.schemas import Check
from service.verify import terms

_PIPE_SEPARATOR = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
MIN_TAB_ROWS = 3
"""Lines of one tab count (header and at least two rows) that make a tab-separated table: two
lines with a tab may be an address beside a date, three with the same count are columns."""


@dataclass(frozen=True, slots=True)
class Row:
    start: int  # the row's characters in the document, cells and pipes
    end: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: Row
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Tables:
    tables: tuple[Table, ...]
    rows: dict[int, tuple[Table, Row]]  # by each row's start

    def row_of(self, sentence: Sentence) -> tuple[Table, Row] | None:
        """The table row that `sentence` is, whole; None for prose, a header, or part of a
        row the splitter cut in two."""
        found = self.rows.get(sentence.start)
        if found is None or found[1].end != sentence.end:
            return None
        return found

    def is_header(self, sentence: Sentence) -> bool:
        """Whether `sentence` is a table's header row, whole."""
        if not self.tables:
            return False  # nearly every document: asked of each of its statements
        span = (sentence.start, sentence.end)
        return any((t.header.start, t.header.end) == span for t in self.tables)

    def in_table(self, sentence: Sentence) -> bool:
        """Whether `sentence` is a table's header row or one of its rows, whole."""
        if not self.tables:
            return False  # nearly every document: asked of each of its sentences
        return self.row_of(sentence) is not None or self.is_header(sentence)


NO_TABLES = Tables(tables=(), rows={})


def tables_of(doc: Document) -> Tables:
    return _tables(doc.text)


@lru_cache(maxsize=64)
def _tables(text: str) -> Tables:
    if "|" not in text and "\t" not in text:
        return NO_TABLES  # nearly every document: prose
    lines = _lines(text)
    found = _pipe_tables(text, lines) + _tab_tables(text, lines)
    if not found:
        return NO_TABLES
    rows = {row.start: (table, row) for table in found for row in table.rows}
    return Tables(tables=tuple(found), rows=rows)


def _lines(text: str) -> list[tuple[int, int]]:
    """Every line's (start, end), blank ones too: a blank line ends a table."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, start + len(line.rstrip("\r"))))
        start += len(line) + 1
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pipe_cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner.removeprefix("|").removesuffix("|")
    return tuple(cell.strip() for cell in inner.split("|"))


def _pipe_tables(text: str, lines: list[tuple[int, int]]) -> list[Table]:
    """A header line with a pipe, a separator ("|---|---:|") under it, and the lines with a
    pipe below that."""
    found = []
    i = 0
    while i + 1 < len(lines):
        head = text[slice(*lines[i])]
        below = text[slice(*lines[i + 1])]
        header = Row(*_trimmed(text, *lines[i]), cells=_pipe_cells(head))
        if (
            "|" not in head
            or not _PIPE_SEPARATOR.fullmatch(below)
            or len(header.cells) < 2
            or len(_pipe_cells(below)) != len(header.cells)
        ):
            i += 1  # "Title | Subtitle" over a rule ("-----") is a heading
            continue
        rows = []
        j = i + 2
        while j < len(lines) and "|" in (line := text[slice(*lines[j])]) and line.strip():
            rows.append(Row(*_trimmed(text, *lines[j]), cells=_pipe_cells(line)))
            j += 1
        if rows:
            found.append(Table(header=header, rows=tuple(rows)))
        i = j
    return found


def _tab_tables(text: str, lines: list[tuple[int, int]]) -> list[Table]:
    """Consecutive lines with the same number of tab-separated cells, `MIN_TAB_ROWS` or more:
    the first is the header, of names, and every row has a number. A chat exported with tabs
    ("09:02<TAB>Ana<TAB>Can we move it?") is turns, not a table."""
    found = []
    i = 0
    while i < len(lines):
        count = text[slice(*lines[i])].strip().count("\t")
        j = i
        while count and j < len(lines) and text[slice(*lines[j])].strip().count("\t") == count:
            j += 1
        if count and j - i >= MIN_TAB_ROWS:
            block = [
                Row(
                    *_trimmed(text, *lines[k]),
                    cells=tuple(c.strip() for c in text[slice(*lines[k])].strip().split("\t")),
                )
                for k in range(i, j)
            ]
            table = Table(header=block[0], rows=tuple(block[1:]))
            if _tabular(table):
                found.append(table)
        i = max(j, i + 1)
    return found


def _tabular(table: Table) -> bool:
    return not any(_number(c) for c in table.header.cells) and all(
        any(_number(c) for c in row.cells) for row in table.rows
    )


# A header's unit: "Revenue (£m)", "Sales ($bn)", "Margin (%)", "Revenue, £ million".
_CURRENCY = {"£": "£", "$": "$", "€": "€", "¥": "¥", "gbp": "£", "usd": "$", "eur": "€"}
_MAGNITUDE = {
    "k": "thousand",
    "000": "thousand",
    "000s": "thousand",
    "thousand": "thousand",
    "thousands": "thousand",
    "m": "million",
    "mn": "million",
    "mln": "million",
    "million": "million",
    "millions": "million",
    "bn": "billion",
    "b": "billion",
    "billion": "billion",
    "billions": "billion",
    "tn": "trillion",
    "trillion": "trillion",
}
_UNIT = re.compile(
    r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\]|,\s*(?:in\s+)?([£$€¥]\s*\w+|%))\s*$", re.IGNORECASE
)
_UNIT_PARTS = re.compile(
    r"^(?:(?P<cur>[£$€¥]|gbp|usd|eur)\s*)?(?P<mag>k|000s?|thousands?|mn?|mln|millions?|bn|b"
    r"|billions?|tn|trillion)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Column:
    name: str  # the header without its unit: "Revenue"
    currency: str = ""
    magnitude: str = ""
    percent: bool = False
    change: bool = False  # a column of rises and falls ("Change", "Growth", "YoY")


_CHANGE_WORDS = frozenset({"change", "chg", "growth", "yoy", "y/y", "vs", "var", "variance", "Δ"})


def _column(header: str) -> _Column:
    name, currency, magnitude, percent = header, "", "", False
    if (unit := _UNIT.search(header)) is not None:
        inner = next(g for g in unit.groups() if g is not None).strip()
        if inner == "%":
            name, percent = header[: unit.start()].strip(), True
        elif (parts := _UNIT_PARTS.match(inner)) is not None and inner:
            name = header[: unit.start()].strip()
            currency = _CURRENCY.get((parts["cur"] or "").lower(), "")
            magnitude = _MAGNITUDE.get((parts["mag"] or "").lower(), "")
    words = set(re.findall(r"[\wΔ/]+", name.lower()))
    change = bool(words & _CHANGE_WORDS)
    return _Column(name, currency, magnitude, percent, change)


_NUMBER = re.compile(
    r"(?P<sign>[+\-−–])?\s*(?P<cur>[£$€¥])?\s*(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<mag>k|m|mn|bn|tn|million|billion|trillion)?\s*(?P<pct>%|pc|pp)?"
)


_PERCENT = {"%": "%", "pc": "%", "pp": " percentage points"}


def _number(cell: str) -> re.Match[str] | None:
    return _NUMBER.fullmatch(cell.strip())


def _cell(column: _Column, cell: str) -> str:
    """One cell as the checks read it: "£142 million" for 142 under "Revenue (£m)", "rose 15%"
    for "+15%" under "Change"."""
    number = _number(cell)
    if number is None:
        cell = cell.removesuffix(".")  # "Seen. Discharged." is read in the row's one sentence
        return f"{column.name.lower()} {cell}" if column.name else cell
    currency = number["cur"] or ("" if number["mag"] or number["pct"] else column.currency)
    magnitude = number["mag"] or ("" if number["cur"] or number["pct"] else column.magnitude)
    percent = _PERCENT.get(number["pct"] or "", "%" if column.percent else "")
    value = f"{currency}{number['num']}"
    if magnitude:
        value += f" {_MAGNITUDE.get(magnitude.lower(), magnitude)}"
    value += percent
    sign = number["sign"]
    if sign and (column.change or sign == "+" or percent):
        direction = "rose" if sign == "+" else "fell"
        return f"{direction} {value}"
    if sign:
        value = f"-{value}"
    if not column.name:
        return value
    name = column.name.lower()
    if value.lstrip("-") == number["num"] and not set(name.split()) & _WHEN_WORDS:
        return f"{value} {name}"  # a count: "3,900 staff", as a claim writes it
    return f"{name} {value}"


_WHEN_WORDS = frozenset({"year", "yr", "fy", "quarter", "q", "period", "date", "month", "week"})
"""A header whose number says when ("Year 2025") or which, not how many."""


@lru_cache(maxsize=1024)
def reading(table: Table, row: Row) -> str:
    """The row as a sentence the checks read: "Europe: revenue £142 million, rose 15%."."""
    columns = [_column(h) for h in table.header.cells]
    cells = list(row.cells)
    said = []
    label = ""
    if cells and not _number(cells[0]):
        label = cells.pop(0)
        columns = columns[1:]
    for column, cell in zip(columns, cells, strict=False):
        if cell and cell not in ("-", "–", "—", "n/a"):
            said.append(_cell(column, cell))
    body = ", ".join(said)
    return f"{label}: {body}." if label else f"{body[:1].upper()}{body[1:]}."


def text(doc: Document, sentence: Sentence) -> str:
    """What the checks read for `sentence`: its text, or its row's reading."""
    found = tables_of(doc).row_of(sentence)
    return sentence.text if found is None else reading(*found)


def text_of(doc: Document, numbers: Iterable[int]) -> str:
    """The sentences numbered `numbers`, in order, as the checks read them, one a line: a chat
    turn has no full stop to end it ("Lucy: 7:30" / "Matt: See you there" ran into one sentence,
    giving 7:30 to seeing), and a line ends a sentence for the checks as for the splitter."""
    return "\n".join(text(doc, s) for s in _sentences(doc, numbers))


def _sentences(doc: Document, numbers: Iterable[int]) -> list[Sentence]:
    return [s for n in sorted(set(numbers)) if (s := doc.sentence(n))]


def header_spans(doc: Document, numbers: Iterable[int]) -> list[tuple[int, int]]:
    """The header row of each table that `sentences` has a row of: the column names a reader
    of the cited row needs ("| Region | Revenue (£m) | Change |")."""
    found = tables_of(doc)
    spans = []
    for sentence in _sentences(doc, numbers):
        if (row := found.row_of(sentence)) is not None:
            header = row[0].header
            if (header.start, header.end) not in spans:
                spans.append((header.start, header.end))
    return spans


_RISE_WORDS = (
    "rise rises rose risen rising grow grows grew grown growing growth increase increases "
    "increased increasing up gain gains gained climb climbs climbed jump jumped higher surge "
    "surged soar soared advance advanced"
)
_FALL_WORDS = (
    "fall falls fell fallen falling drop drops dropped decline declines declined down decrease "
    "decreased decreasing lower slip slipped shrink shrank dip dipped plunge plunged slide slid "
    "tumble tumbled lose lost loss contract contracted"
)
_RISES = frozenset(terms.term(w)[1] for w in _RISE_WORDS.split())
_FALLS = frozenset(terms.term(w)[1] for w in _FALL_WORDS.split())


def _directions(table: Table, row: Row) -> set[str]:
    """The directions ("rose", "fell") of the signed changes the row gives."""
    said = set()
    for header, cell in zip(table.header.cells, row.cells, strict=False):
        if _number(cell) is not None:
            words = _cell(_column(header), cell).split()
            said |= {words[0]} & {"rose", "fell"}
    return said


def _label_stems(row: Row) -> frozenset[str]:
    """What names the row: its first cell, a word ("Europe") or a number ("2025", a year)."""
    return terms.all_stems(row.cells[0]) if row.cells else frozenset()


def _values(table: Table, row: Row) -> frozenset[float]:
    return frozenset(v for _, v in terms.read(reading(table, row)).quantities if v is not None)


def _misplaced(table: Table, named: list[Row], quantities: dict[float, str]) -> list[str]:
    """A number the claim gives to the rows it names that the table has only in other rows."""
    if not named:
        return []
    found = []
    for value, spelled in sorted(quantities.items()):
        holding = [r for r in table.rows if value in _values(table, r)]
        if holding and not set(holding) & set(named):
            given = " and ".join(r.cells[0] for r in holding)
            said_of = " and ".join(r.cells[0] for r in named)
            found.append(f"the table gives {spelled} to the row for {given}, not {said_of}")
    return found


def _turned(table: Table, rows: list[Row], stems: frozenset[str]) -> list[str]:
    """A rise the claim states where each change in the row is a fall, or the reverse."""
    rises, falls = bool(stems & _RISES), bool(stems & _FALLS)
    found = []
    for row in rows:
        directions = _directions(table, row)
        if directions == {"fell"} and rises and not falls:
            found.append(f"the claim has a rise where the row for {row.cells[0]} has a fall")
        elif directions == {"rose"} and falls and not rises:
            found.append(f"the claim has a fall where the row for {row.cells[0]} has a rise")
    return found


def check_rows(doc: Document, claim_text: str, numbers: Iterable[int]) -> Check | None:
    """A claim resting on table rows must give each row's numbers to that row and its change
    the row's direction: "UK revenue was £142 million" where 142 is Europe's (the header's
    words are in every row, so the wording checks do not see it), "US revenue grew 2%" where
    the US row has -2%. None when no cited sentence is a row."""
    found = tables_of(doc)
    cited = [pair for s in _sentences(doc, numbers) if (pair := found.row_of(s)) is not None]
    if not cited:
        return None
    stems = terms.all_stems(claim_text)
    quantities = {v: text for text, v in terms.read(claim_text).quantities if v is not None}
    problems = []
    for table in dict.fromkeys(t for t, _ in cited):
        named = [r for r in table.rows if (words := _label_stems(r)) and words <= stems]
        problems += _misplaced(table, named, quantities)
        weighed = named or [r for t, r in cited if t is table and _values(t, r) & quantities.keys()]
        problems += _turned(table, weighed, stems)
    if problems:
        return Check(name="table_rows_match", passed=False, reason="; ".join(problems))
    return Check(
        name="table_rows_match",
        passed=True,
        reason="the claim gives each table row's numbers and changes to that row",
    )


def cells_apart(text: str) -> str:
    """`text` with each table line's pipes and tabs made full stops, character for character:
    a cell's first word is capitalised as a sentence's is ("| Revenue (£m) |"), no sign that
    the document writes it as a name (`casing.document_names`)."""
    found = _tables(text)
    if not found.tables:
        return text
    chars = list(text)
    for table in found.tables:
        for row in (table.header, *table.rows):
            for i in range(row.start, row.end):
                if chars[i] in "|\t":
                    chars[i] = "."
    return "".join(chars)
