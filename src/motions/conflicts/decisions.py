"""Past conference decisions and the three-year rule.

When conference has decided on an amendment to a part of the rules, no amendment to that part
may be heard for three years unless the NEC deems it urgent. What "part" means is
disputed, so it is a setting: `granularity = "clause"` (the default: Chapter 4, Clause II) or
`"rule"` (Chapter 4, Clause II, rule 2). A decisions file is TOML:

    conference = 2026        # the conference the agenda goes to (default: the book's edition)
    years = 3                # how long a decision bars its part
    granularity = "clause"

    [[decision]]
    year = 2024
    address = "Chapter 3, Clause III"
    outcome = "lost"         # carried | lost (bar the part) | remitted | withdrawn (do not)
    title = "Rule changes heard in the year they are submitted"

or CSV with the header `year,address,outcome` and an optional `title` column (the settings then
come from the command line). A decision bars its part while
`year < conference <= year + years`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs

from motions.book.address import Address, parse_citation
from motions.book.numbering import Scheme
from motions.conflicts.ancestry import lineage
from motions.conflicts.model import Decision
from motions.errors import AddressError, Diagnostic, MotionsError, error
from motions.files import TABLE_LIMIT, read_text_limited
from motions.numbers import natural
from motions.tomltext import TomlProblem, load_toml

Granularity = Literal["clause", "rule"]

#: Outcomes that count as conference having decided.
DECIDED = frozenset({"carried", "lost", "defeated", "passed", "agreed", "rejected"})
OUTCOMES = DECIDED | {"remitted", "withdrawn", "fell", "not heard"}


class DecisionsError(MotionsError):
    """A decisions file could not be read."""


@attrs.frozen
class Decisions:
    """The record of past decisions, and how the three-year rule reads it."""

    entries: tuple[Decision, ...]
    granularity: Granularity = "clause"
    years: int = 3
    conference: int | None = None
    source: str = attrs.field(default="<decisions>", eq=False)

    def with_settings(
        self,
        *,
        granularity: Granularity | None = None,
        years: int | None = None,
        conference: int | None = None,
    ) -> Decisions:
        """These decisions with any setting given here overriding the file's."""
        return attrs.evolve(
            self,
            granularity=granularity or self.granularity,
            years=self.years if years is None else years,
            conference=self.conference if conference is None else conference,
        )


def part(address: Address, granularity: Granularity) -> Address:
    """The part of the rules an address belongs to, for the three-year rule."""
    names = [level.name for level in address.scheme.sequence(address.root)]
    wanted = granularity if granularity in names else "rule"
    depth = names.index(wanted) + 1 if wanted in names else 1
    return address.truncate(min(depth, address.depth))


class Bar:
    """An index of decisions by the part they bar."""

    def __init__(self, decisions: Decisions, conference: int) -> None:
        self.decisions = decisions
        self.conference = conference
        self.by_part: dict[Address, list[Decision]] = {}
        for decision in decisions.entries:
            if decision.outcome.lower() not in DECIDED:
                continue
            if not decision.year < conference <= decision.year + decisions.years:
                continue
            self.by_part.setdefault(part(decision.address, decisions.granularity), []).append(
                decision
            )

    def barring(self, addresses: Iterable[Address]) -> tuple[tuple[Address, Decision], ...]:
        """Each (address, decision) where a decision bars the part an address is in."""
        found: dict[Decision, Address] = {}
        for address in addresses:
            unit = part(address, self.decisions.granularity)
            for step in lineage(unit):
                for decision in self.by_part.get(step, ()):
                    found.setdefault(decision, address)
        return tuple((a, d) for d, a in found.items())


def _decision(
    row: dict[str, object], where: str, scheme: Scheme, problems: list[Diagnostic]
) -> Decision | None:
    year, address, outcome = row.get("year"), row.get("address"), row.get("outcome")
    title = row.get("title")
    year_number = natural(str(year).strip(), max_digits=4)
    if year_number is None:
        problems.append(error("decision-year", f"{where}: year {str(year)[:40]!r} is not a number"))
        return None
    if not isinstance(address, str) or not address.strip():
        problems.append(error("decision-address", f"{where}: no address"))
        return None
    try:
        cited = parse_citation(address.strip(), scheme=scheme).address
    except AddressError as exc:
        problems.append(attrs.evolve(exc.first, message=f"{where}: {exc.first.message}"))
        return None
    outcome_text = str(outcome or "").strip().lower()
    if outcome_text not in OUTCOMES:
        problems.append(
            error(
                "decision-outcome",
                f"{where}: outcome {outcome!r} is not one of {', '.join(sorted(OUTCOMES))}",
            )
        )
        return None
    return Decision(
        year_number, cited, outcome_text, str(title).strip() if title else None, where=where
    )


def parse_decisions(text: str, *, filename: str = "<decisions>", scheme: Scheme) -> Decisions:
    """Decisions from TOML or CSV text (CSV if the name ends .csv or the text looks like it)."""
    problems: list[Diagnostic] = []
    entries: list[Decision] = []
    settings: dict[str, object] = {}
    if filename.lower().endswith(".csv") or text.lstrip().lower().startswith("year,"):
        reader = csv.DictReader(io.StringIO(text))
        missing = {"year", "address", "outcome"} - {
            f.strip().lower() for f in reader.fieldnames or ()
        }
        if missing:
            raise DecisionsError(
                error(
                    "decisions-columns",
                    f"{filename} lacks the column(s) {', '.join(sorted(missing))}",
                    hint="the header must be: year,address,outcome[,title]",
                )
            )
        try:
            for number, raw in enumerate(reader, start=2):
                row: dict[str, object] = {k.strip().lower(): v for k, v in raw.items() if k}
                found = _decision(row, f"{filename}:{number}", scheme, problems)
                if found is not None:
                    entries.append(found)
        except csv.Error as exc:
            where = f"{filename}:{reader.line_num}"
            raise DecisionsError(error("decisions-syntax", f"{where}: {exc}")) from None
    else:
        try:
            data = load_toml(text)
        except TomlProblem as exc:
            raise DecisionsError(error("decisions-syntax", f"{filename}: {exc}")) from None
        rows = data.get("decision", [])
        if not isinstance(rows, list):
            raise DecisionsError(
                error("decisions-syntax", f"{filename}: write each as [[decision]]")
            )
        for number, table in enumerate(rows, start=1):
            found = _decision(dict(table), f"{filename}: decision {number}", scheme, problems)
            if found is not None:
                entries.append(found)
        settings = {k: v for k, v in data.items() if k != "decision"}
    granularity = settings.get("granularity", "clause")
    if granularity not in ("clause", "rule"):
        problems.append(
            error("decisions-granularity", f"{filename}: granularity must be clause or rule")
        )
        granularity = "clause"
    years = settings.get("years", 3)
    conference = settings.get("conference")
    if not isinstance(years, int) or years < 1:
        problems.append(error("decisions-years", f"{filename}: years must be a whole number"))
        years = 3
    if conference is not None and not isinstance(conference, int):
        problems.append(error("decisions-conference", f"{filename}: conference must be a year"))
        conference = None
    unknown = sorted(set(settings) - {"granularity", "years", "conference"})
    if unknown:
        problems.append(
            error("decisions-setting", f"{filename}: unknown setting(s) {', '.join(unknown)}")
        )
    if problems:
        raise DecisionsError(problems)
    return Decisions(tuple(entries), granularity, years, conference, source=filename)  # type: ignore[arg-type]


def load_decisions(path: str | Path, *, scheme: Scheme) -> Decisions:
    path = Path(path)
    try:
        text = read_text_limited(path, TABLE_LIMIT)
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(error("decisions-unreadable", f"cannot read {path}: {exc}")) from None
    return parse_decisions(text, filename=str(path), scheme=scheme)
