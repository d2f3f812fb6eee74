"""Ordinal words ("first", "second", "last", "21st") as drafters write them.

Used by the motion reader's canonical wording, by `apply` when it names a sentence, and by the
briefing sheets; it lives here, at the lowest level that needs it, so nothing imports upward.
"""

from __future__ import annotations

_ORDINAL_WORDS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth", -1: "last",
}  # fmt: skip


def ordinal(number: int) -> str:
    if number in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[number]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
