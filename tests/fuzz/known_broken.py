"""KNOWN BROKEN: fuzz and boundary cases that fail because of bugs fixed on other branches.

One list, for the lead to check after merging: each entry marks its cases
`xfail(strict=True)`, so a case that starts passing (its fix has landed) fails the run until its
entry is deleted here. Nothing else in the suite is allowed to fail.
"""

from __future__ import annotations

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


#: Empty since every branch merged: a newly found case that another area must fix goes here.
KNOWN_BROKEN: tuple[Broken, ...] = ()


def marks_for(case: str) -> tuple[pytest.MarkDecorator, ...]:
    """The xfail marks of every KNOWN_BROKEN entry that covers the case id `case`."""
    return tuple(entry.mark() for entry in KNOWN_BROKEN if case.startswith(entry.case))


def param(case: str, *values: object) -> object:
    """`pytest.param(*values, id=case)`, marked if the case is known broken."""
    return pytest.param(*values, id=case, marks=marks_for(case))
