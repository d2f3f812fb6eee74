"""KNOWN BROKEN: fuzz and boundary cases that fail because of bugs fixed on other branches.

One list, for the lead to check after merging: each entry marks its cases
`xfail(strict=True)`, so a case that starts passing (its fix has landed) fails the run until its
entry is deleted here. Nothing else in the suite is allowed to fail.
"""

from __future__ import annotations

import re

import attrs
import pytest


@attrs.frozen
class Broken:
    """Cases whose id starts with `case`: why they fail and where the fix is."""

    case: str
    branch: str
    why: str

    def mark(self) -> pytest.MarkDecorator:
        return pytest.mark.xfail(strict=True, reason=f"fixed on branch {self.branch}: {self.why}")


KNOWN_BROKEN: tuple[Broken, ...] = (
    Broken(
        "whip show", "whip",
        "issue 17 items 1, 3, 4: a card vote of 5,000 digits (ValueError), CV past 2**63 "
        "(OverflowError from SQLite), an undecodable argument (UnicodeEncodeError)",
    ),
    Broken("whip pledge", "whip", "issue 17 items 1, 3, 4, as for `whip show`"),
    Broken("tally", "whip", "issue 17 items 1, 3: card votes of 5,000 digits or past 2**63"),
    Broken(
        "dev-zero brief --schedule", "brief",
        "issue 17 item 14: read whole; use motions.files.read_text_limited(path, TABLE_LIMIT)",
    ),
    Broken(
        "dev-zero brief --access-keys", "brief",
        "issue 17 item 14: read whole; use motions.files.read_text_limited(path, TABLE_LIMIT)",
    ),
    Broken(
        "reader-case", "reader",
        "issue 17 item 1 in the motion parser: `(page N)` and ordinals (`the Nth`) are read with "
        "int() in drafting/reader.py (lines 168, 188) and `\\d` in grammar/motion.lark; use "
        "motions.numbers.natural and [0-9]",
    ),
    Broken("whip-case", "whip", "issue 17 items 1, 3: numbers past 2**63 or of 5,000 digits"),
    Broken(
        "dev-zero whip", "whip",
        "issue 17 item 14: whip inputs read whole; read them with "
        "motions.files.read_text_limited(path, TABLE_LIMIT) in whip/tomlio.read_text",
    ),
)  # fmt: skip


def marks_for(case: str) -> tuple[pytest.MarkDecorator, ...]:
    """The xfail marks of every KNOWN_BROKEN entry that covers the case id `case`."""
    return tuple(entry.mark() for entry in KNOWN_BROKEN if case.startswith(entry.case))


def param(case: str, *values: object) -> object:
    """`pytest.param(*values, id=case)`, marked if the case is known broken."""
    return pytest.param(*values, id=case, marks=marks_for(case))


_LONG_NUMBER = re.compile(r"[0-9]{19,}")


def hits_known_whip_bug(text: str) -> bool:
    """True for whip input holding a number of more than 18 digits (issue 17 items 1 and 3, fixed
    on branch whip). The whip fuzz tests set such inputs aside with `assume` until that fix is
    merged (then delete this function and its uses); `test_known_whip_cases` keeps them tested."""
    return _LONG_NUMBER.search(text) is not None


_READER_NUMBER = re.compile(r"(?i)\(\s*(page|pg|p)\.?\s*\d{19,}|\d{19,}(st|nd|rd|th)\b")


def hits_known_reader_bug(text: str) -> bool:
    """True for a motion whose `(page N)` or ordinal has more than 18 digits (see the
    "reader-case" entry): set aside in the motion fuzz tests until the fix is merged."""
    return _READER_NUMBER.search(text) is not None
