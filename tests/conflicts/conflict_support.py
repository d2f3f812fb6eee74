"""Helpers for the conflict checker's tests: motions built as values or parsed from text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import click
from click.testing import CliRunner, Result

from motions.book.address import Address, parse_address
from motions.cli import conflicts as conflicts_commands
from motions.conflicts import Code, Report
from motions.drafting.motion import (
    Anchor,
    DeleteProvisions,
    DeleteWords,
    Header,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted
from motions.drafting.reader import parse_motion


def at(citation: str) -> Location:
    return Location(parse_address(citation))


def replace(citation: str, old: str, new: str) -> ReplaceWords:
    return ReplaceWords(Anchor(Quoted.of(old)), Quoted.of(new), at(citation))


def delete_words(citation: str, words: str, *, every: bool = False) -> DeleteWords:
    return DeleteWords(Anchor(Quoted.of(words), every=every), at(citation))


def insert_after(citation: str, anchor: str, new: str) -> InsertWords:
    return InsertWords(Position.AFTER, Quoted.of(new), Anchor(Quoted.of(anchor)), at(citation))


def at_end(citation: str, new: str) -> InsertWords:
    return InsertWords(Position.END, Quoted.of(new), None, at(citation))


def delete(citation: str, *, renumber: bool = True) -> DeleteProvisions:
    return DeleteProvisions((at(citation),), renumber)


def replace_provision(citation: str, text: str) -> ReplaceProvisions:
    return ReplaceProvisions((at(citation),), Quoted.of(text))


def insert(
    parent: str, label: str, text: str, *, after: str | None = None, renumber: bool = True
) -> InsertProvision:
    return InsertProvision(
        at(parent), label, Quoted.of(text), after=at(after) if after else None, renumber=renumber
    )


def motion(
    *operations: Operation,
    cv: str | None = None,
    proposer: str = "Anytown CLP",
    title: str | None = None,
    package: str | None = None,
    source: str = "<test>",
) -> Motion:
    return Motion(
        Header(title=title, proposer=proposer, edition="2026", card_vote=cv, package=package),
        None,
        tuple(operations),
        source=source,
    )


def parsed(text: str, name: str = "<test>") -> Motion:
    return parse_motion(text, filename=name)


def pairs(report: Report, code: Code) -> set[frozenset[int]]:
    return {frozenset(f.motions) for f in report.findings if f.code is code}


def codes(report: Report) -> list[str]:
    return [f.code.value for f in report.findings]


def addresses(*citations: str) -> tuple[Address, ...]:
    return tuple(parse_address(c) for c in citations)


def cli() -> click.Group:
    """A root group with the conflict commands (app.py registers them in the real one)."""

    @click.group()
    def root() -> None:
        """motions (test root)"""

    conflicts_commands.register(root)
    return root


def invoke(args: Sequence[str], files: Iterable[str] = ()) -> Result:
    return CliRunner().invoke(cli(), [*args, *files], catch_exceptions=False)
