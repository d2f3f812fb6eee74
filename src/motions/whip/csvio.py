"""The whip book's CSV files: reading with an error per bad cell, writing for export.

Files (header row first; column names are case-insensitive, spaces read as underscores):

- delegations: ``id, name, section, votes`` and optionally ``faction, women_members,
  young_members``
- delegates: ``id, name, delegation`` and optionally ``faction, woman, under_27, attending``
- pledges: ``delegate, card_vote, position`` and optionally ``confidence, note``
- mandates: ``delegation, card_vote, position`` and optionally ``note``

Reading never stops at the first bad row: every problem is collected, each naming the file,
the row's line, the column (its name, number and character position) and a hint, and then one
`WhipError` carries them all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from motions.errors import Diagnostic, WhipError, error
from motions.source import Span
from motions.whip.model import (
    DEFAULT_CONFIDENCE,
    Delegate,
    Delegation,
    Mandate,
    PledgeEvent,
    Position,
)
from motions.whip.names import (
    did_you_mean,
    parse_bool,
    parse_card_vote,
    parse_confidence,
    parse_position,
    parse_section,
    parse_stamp,
)

T = TypeVar("T")

DELEGATION_COLUMNS = ("id", "name", "section", "votes")
DELEGATION_OPTIONAL = ("faction", "women_members", "young_members")
DELEGATE_COLUMNS = ("id", "name", "delegation")
DELEGATE_OPTIONAL = ("faction", "woman", "under_27", "attending")
PLEDGE_COLUMNS = ("delegate", "card_vote", "position")
PLEDGE_OPTIONAL = ("confidence", "note", "recorded_at")
MAX_DIGITS = 15
"""The longest count a CSV cell may hold: far past any membership, well inside SQLite's range."""
MANDATE_COLUMNS = ("delegation", "card_vote", "position")
MANDATE_OPTIONAL = ("note",)


@attrs.frozen
class Row:
    """One CSV record: its values by column, and where each value sits in the file."""

    filename: str
    line: int
    text: str = attrs.field(repr=False)
    values: dict[str, str]
    numbers: dict[str, int]
    offsets: dict[str, int]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def span(self, column: str | None = None) -> Span:
        if column is None or column not in self.numbers:
            return Span(self.filename, self.line, 1, max(1, len(self.text)), self.text)
        start = self.offsets.get(column, 0)
        width = max(1, len(self.values.get(column, "")))
        return Span(self.filename, self.line, start + 1, width, self.text)

    def where(self, column: str) -> str:
        return f"row {self.line}, column {self.numbers.get(column, 0)} ({column})"


@attrs.frozen
class Located:
    """A value read from a row, kept with the row for errors found later."""

    value: object
    row: Row = attrs.field(eq=False)


def _field_offsets(line: str) -> list[int]:
    """Where each comma-separated field starts in a single physical line (quotes respected)."""
    offsets = [0]
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            offsets.append(i + 1)
    return offsets


def _normal(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def read_rows(
    text: str, filename: str, required: Sequence[str], optional: Sequence[str]
) -> tuple[list[Row], list[Diagnostic]]:
    """Rows of a CSV text, with problems in the header and in row shapes."""
    problems: list[Diagnostic] = []
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [
            error(
                "whip.empty-csv",
                f"{filename}: the file is empty",
                hint=f"the first row names the columns: {', '.join(required)}",
            )
        ]
    except csv.Error as exc:
        return [], [error("whip.bad-csv", f"{filename}: {exc}")]
    names = [_normal(h) for h in header]
    allowed = tuple(required) + tuple(optional)
    header_line = lines[0] if lines else ""
    header_offsets = _field_offsets(header_line)
    for i, name in enumerate(names):
        if name not in allowed:
            offset = header_offsets[i] if i < len(header_offsets) else 0
            problems.append(
                error(
                    "whip.unknown-column",
                    f"{filename}: unknown column {header[i].strip()!r} (column {i + 1})",
                    span=Span(filename, 1, offset + 1, max(1, len(header[i])), header_line),
                    hint=did_you_mean(name, allowed) or f"the columns are: {', '.join(allowed)}",
                )
            )
    for column in required:
        if column not in names:
            problems.append(
                error(
                    "whip.missing-column",
                    f"{filename}: no {column!r} column",
                    span=Span(filename, 1, 1, max(1, len(header_line)), header_line),
                    hint=f"the first row must name the columns {', '.join(required)}",
                )
            )
    duplicates = {n for n in names if names.count(n) > 1}
    for name in sorted(duplicates):
        problems.append(
            error(
                "whip.duplicate-column",
                f"{filename}: column {name!r} appears twice",
                span=Span(filename, 1, 1, max(1, len(header_line)), header_line),
                hint="name each column once",
            )
        )
    if problems:
        return [], problems
    rows: list[Row] = []
    last_line = reader.line_num
    try:
        for record in reader:
            first = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            raw = lines[first - 1] if first - 1 < len(lines) else ""
            single = first == last_line
            if len(record) != len(names):
                problems.append(
                    error(
                        "whip.bad-row",
                        f"{filename}: row {first} has {len(record)} fields, "
                        f"the header has {len(names)}",
                        span=Span(filename, first, 1, max(1, len(raw)), raw),
                        hint='quote values that contain commas: "Smith, Jo"',
                    )
                )
                continue
            offsets = _field_offsets(raw) if single else [0] * len(record)
            rows.append(
                Row(
                    filename=filename,
                    line=first,
                    text=raw,
                    values=dict(zip(names, record, strict=True)),
                    numbers={n: i + 1 for i, n in enumerate(names)},
                    offsets={
                        n: (offsets[i] if i < len(offsets) else 0) for i, n in enumerate(names)
                    },
                )
            )
    except csv.Error as exc:
        problems.append(
            error(
                "whip.bad-csv",
                f"{filename}: line {reader.line_num}: {exc}",
                hint="check for an unclosed quote",
            )
        )
    return rows, problems


def cell_error(row: Row, column: str, message: str, hint: str, code: str) -> Diagnostic:
    """A diagnostic about one cell, naming file, row and column."""
    return error(code, f"{row.where(column)}: {message}", span=row.span(column), hint=hint)


def _required(row: Row, column: str, what: str, problems: list[Diagnostic]) -> str:
    value = row.get(column)
    if not value:
        problems.append(
            cell_error(
                row, column, f"{what} is empty", f"every row needs {what}", "whip.empty-cell"
            )
        )
    return value


def _count(row: Row, column: str, problems: list[Diagnostic], *, required: bool) -> int | None:
    value = row.get(column).replace(",", "")
    if not value:
        if required:
            problems.append(
                cell_error(
                    row, column, f"{column} is empty", "write a whole number", "whip.empty-cell"
                )
            )
        return None
    # ASCII digits only, and few enough that SQLite can store the number.
    number = int(value) if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS else -1
    if number < 0:
        problems.append(
            cell_error(
                row,
                column,
                f"{row.get(column)!r} is not a whole number of 0 or more "
                f"(at most {MAX_DIGITS} digits)",
                "write digits only, such as 742",
                "whip.bad-number",
            )
        )
        return None
    return number


def _parsed(
    row: Row, column: str, parse: Callable[[str], T], problems: list[Diagnostic]
) -> T | None:
    try:
        return parse(row.get(column))
    except WhipError as exc:
        for d in exc.diagnostics:
            problems.append(
                error(
                    d.code, f"{row.where(column)}: {d.message}", span=row.span(column), hint=d.hint
                )
            )
        return None


def _optional_text(row: Row, column: str) -> str | None:
    value = row.get(column)
    return value or None


def _finish(found: list[Located], problems: list[Diagnostic]) -> tuple[Located, ...]:
    if problems:
        raise WhipError(problems)
    return tuple(found)


def _duplicates(
    found: list[Located], key: Callable[[object], str], what: str, column: str
) -> list[Diagnostic]:
    problems = []
    seen: dict[str, Row] = {}
    for item in found:
        k = key(item.value).lower()
        if k in seen:
            problems.append(
                cell_error(
                    item.row,
                    column,
                    f"{what} {key(item.value)!r} is already used on row {seen[k].line}",
                    f"each {what} appears once",
                    "whip.duplicate-id",
                )
            )
        else:
            seen[k] = item.row
    return problems


def parse_delegations(text: str, filename: str = "<delegations>") -> tuple[Located, ...]:
    """Delegations (CLPs and affiliates); each `Located.value` is a `Delegation`."""
    rows, problems = read_rows(text, filename, DELEGATION_COLUMNS, DELEGATION_OPTIONAL)
    found: list[Located] = []
    for row in rows:
        before = len(problems)
        ident = _required(row, "id", "an id", problems)
        name = _required(row, "name", "a name", problems)
        section = _parsed(row, "section", parse_section, problems)
        votes = _count(row, "votes", problems, required=True)
        women = _count(row, "women_members", problems, required=False)
        young = _count(row, "young_members", problems, required=False)
        if votes is not None:
            for column, value in (("women_members", women), ("young_members", young)):
                if value is not None and value > votes:
                    problems.append(
                        cell_error(
                            row,
                            column,
                            f"{value} is more than the {votes} votes (members)",
                            "women and young members are counted among a CLP's members",
                            "whip.bad-number",
                        )
                    )
        if len(problems) > before or section is None or votes is None:
            continue
        found.append(
            Located(
                Delegation(
                    id=ident,
                    name=name,
                    section=section,
                    votes=votes,
                    faction=_optional_text(row, "faction"),
                    women_members=women,
                    young_members=young,
                ),
                row,
            )
        )
    problems += _duplicates(found, lambda v: _as(v, Delegation).id, "delegation id", "id")
    problems += _duplicates(found, lambda v: _as(v, Delegation).name, "delegation name", "name")
    return _finish(found, problems)


def _flag_reader(column: str) -> Callable[[str], bool]:
    def read(text: str) -> bool:
        return parse_bool(text, what=column)

    return read


def _as(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind)
    return value


def parse_delegates(text: str, filename: str = "<delegates>") -> tuple[Located, ...]:
    """Delegates; each `Located.value` is a `Delegate` whose `delegation_id` is as written
    (an id or a name, resolved against the book by the store)."""
    rows, problems = read_rows(text, filename, DELEGATE_COLUMNS, DELEGATE_OPTIONAL)
    found: list[Located] = []
    for row in rows:
        before = len(problems)
        ident = _required(row, "id", "an id", problems)
        name = _required(row, "name", "a name", problems)
        delegation = _required(row, "delegation", "a delegation", problems)
        flags: dict[str, bool | None] = {}
        for column, default in (("woman", False), ("under_27", False), ("attending", True)):
            if column in row.values and row.get(column):
                flags[column] = _parsed(row, column, _flag_reader(column), problems)
            else:
                flags[column] = default
        if len(problems) > before:
            continue
        found.append(
            Located(
                Delegate(
                    id=ident,
                    name=name,
                    delegation_id=delegation,
                    faction=_optional_text(row, "faction"),
                    woman=bool(flags["woman"]),
                    under_27=bool(flags["under_27"]),
                    attending=bool(flags["attending"]),
                ),
                row,
            )
        )
    problems += _duplicates(found, lambda v: _as(v, Delegate).id, "delegate id", "id")
    return _finish(found, problems)


@attrs.frozen
class PledgeRequest:
    """A pledge to record: the voter as written (a name or an id), resolved by the store."""

    voter: str
    card_vote: int
    position: Position
    confidence: float = DEFAULT_CONFIDENCE
    note: str = ""
    recorded_at: str | None = None
    """When the whip heard it (UTC, ISO 8601); an import keeps the newest word per voter."""


def _confidence(row: Row, problems: list[Diagnostic]) -> float:
    text = row.get("confidence")
    if not text:
        return DEFAULT_CONFIDENCE
    parsed = _parsed(row, "confidence", parse_confidence, problems)
    return -1.0 if parsed is None else parsed


def parse_pledges(text: str, filename: str = "<pledges>") -> tuple[Located, ...]:
    """Pledges; each `Located.value` is a `PledgeRequest`."""
    rows, problems = read_rows(text, filename, PLEDGE_COLUMNS, PLEDGE_OPTIONAL)
    found: list[Located] = []
    for row in rows:
        before = len(problems)
        voter = _required(row, "delegate", "a delegate", problems)
        card_vote = _parsed(row, "card_vote", parse_card_vote, problems)
        position = _parsed(row, "position", parse_position, problems)
        confidence = _confidence(row, problems)
        stamp = (
            _parsed(row, "recorded_at", parse_stamp, problems) if row.get("recorded_at") else None
        )
        if len(problems) > before or card_vote is None or position is None:
            continue
        found.append(
            Located(
                PledgeRequest(voter, card_vote, position, confidence, row.get("note"), stamp), row
            )
        )
    return _finish(found, problems)


@attrs.frozen
class MandateRequest:
    """A mandate to record: the delegation as written, resolved by the store."""

    delegation: str
    card_vote: int
    position: Position
    note: str = ""


def parse_mandates(text: str, filename: str = "<mandates>") -> tuple[Located, ...]:
    """Mandates; each `Located.value` is a `MandateRequest`."""
    rows, problems = read_rows(text, filename, MANDATE_COLUMNS, MANDATE_OPTIONAL)
    found: list[Located] = []
    for row in rows:
        before = len(problems)
        delegation = _required(row, "delegation", "a delegation", problems)
        card_vote = _parsed(row, "card_vote", parse_card_vote, problems)
        position = _parsed(row, "position", parse_position, problems)
        if position is not None and position not in (
            Position.FOR,
            Position.AGAINST,
            Position.ABSTAIN,
        ):
            problems.append(
                cell_error(
                    row,
                    "position",
                    f"a mandate is for, against or abstain, not {position.value}",
                    "a CLP mandates its delegates to vote for, against, or to abstain",
                    "whip.bad-mandate",
                )
            )
        if len(problems) > before or card_vote is None or position is None:
            continue
        found.append(Located(MandateRequest(delegation, card_vote, position, row.get("note")), row))
    return _finish(found, problems)


def read_file(path: str | Path) -> str:
    """A CSV file's text (BOM stripped), or a `WhipError`."""
    from motions.whip.tomlio import read_text

    return read_text(path)


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def write_delegations(delegations: Iterable[Delegation]) -> str:
    return _write(
        DELEGATION_COLUMNS + DELEGATION_OPTIONAL,
        (
            (d.id, d.name, d.section.value, d.votes, d.faction, d.women_members, d.young_members)
            for d in delegations
        ),
    )


def write_delegates(delegates: Iterable[Delegate]) -> str:
    return _write(
        DELEGATE_COLUMNS + DELEGATE_OPTIONAL,
        (
            (
                d.id,
                d.name,
                d.delegation_id,
                d.faction,
                _yes(d.woman),
                _yes(d.under_27),
                _yes(d.attending),
            )
            for d in delegates
        ),
    )


def write_pledges(pledges: Iterable[PledgeRequest]) -> str:
    return _write(
        PLEDGE_COLUMNS + PLEDGE_OPTIONAL,
        (
            (
                p.voter,
                f"CV{p.card_vote}",
                p.position.value,
                repr(p.confidence),
                p.note,
                p.recorded_at or "",
            )
            for p in pledges
        ),
    )


def write_mandates(mandates: Iterable[Mandate]) -> str:
    return _write(
        MANDATE_COLUMNS + MANDATE_OPTIONAL,
        ((m.delegation_id, f"CV{m.card_vote}", m.position.value, m.note) for m in mandates),
    )


def write_history(events: Iterable[PledgeEvent]) -> str:
    return _write(
        (
            "seq",
            "recorded_at",
            "voter",
            "card_vote",
            "kind",
            "position",
            "confidence",
            "note",
            "undoes",
        ),
        (
            (
                e.seq,
                e.recorded_at,
                e.voter,
                f"CV{e.card_vote}",
                e.kind.value,
                e.position.value if e.position else "",
                "" if e.confidence is None else repr(e.confidence),
                e.note,
                e.undoes,
            )
            for e in events
        ),
    )
