"""Whole numbers as our inputs write them: ASCII digits, and not too many of them.

Python's `int()` is generous in ways an input format must not be: it takes `1_0` for 10,
Arabic-Indic and fullwidth digits for their values, and refuses strings of more than 4,300
digits with a `ValueError` nobody expects. A number in a rule book, a citation, a motion or a
whip file is a card-vote number, a label, a page or a vote count: plain ASCII digits, at most
18 of them (so it also fits a 64-bit integer, as SQLite stores it). Anything else is not a
number, and the caller says so in its own error.
"""

from __future__ import annotations

import re

#: The most digits a number may have (10**18 - 1 still fits in a signed 64-bit integer).
MAX_DIGITS = 18

_DIGITS = re.compile(r"[0-9]+")


def natural(text: str, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The value of `text` if it is only ASCII digits, at most `max_digits` of them, else None.

    No sign, no spaces, no underscores, no other scripts' digits: `natural("1__0")`,
    `natural("１")` and `natural("٤")` are all None.
    """
    if len(text) > max_digits or _DIGITS.fullmatch(text) is None:
        return None
    return int(text)
