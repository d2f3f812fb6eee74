"""House styles: how each operation of a drafted motion is worded.

Labour CLPs and the NEC write "Delete '...' and insert '...'"; Acts and the statute-minded
write "For '...' substitute '...'" and "Omit '...'"; union rule books "Replace '...' with
'...'" and "Insert '...' after '...'". Every wording here is one the motion reader reads, and
every drafted motion is read back and applied before it is shown (see `motions.drafting.draft`).
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from motions.book.address import Address
from motions.drafting.draft.align import EditKind, TextEdit
from motions.drafting.ordinals import ordinal


class HouseStyle(StrEnum):
    LABOUR = "labour"
    STATUTE = "statute"
    UNION = "union"


#: Quote marks, in order of preference, each with every mark the reader may take to close
#: it: a text holding any of those is quoted with the next pair.
_QUOTES = (("‘", "’", "'‘’"), ("“", "”", '"“”'))


def quote(text: str) -> str:
    for opening, closing, clashing in _QUOTES:
        if not any(mark in text for mark in clashing):
            return f"{opening}{text}{closing}"
    return f"‘{text}’"


_WORDINGS: dict[HouseStyle, dict[EditKind, str]] = {
    HouseStyle.LABOUR: {
        EditKind.REPLACE: "Delete {old} and insert {new}.",
        EditKind.DELETE: "Delete {old}.",
        EditKind.AFTER: "After {old} insert {new}.",
        EditKind.BEFORE: "Before {old} insert {new}.",
        EditKind.START: "At the start insert {new}.",
        EditKind.END: "At the end add {new}.",
    },
    HouseStyle.STATUTE: {
        EditKind.REPLACE: "For {old} substitute {new}.",
        EditKind.DELETE: "Omit {old}.",
        EditKind.AFTER: "After {old} insert {new}.",
        EditKind.BEFORE: "Before {old} insert {new}.",
        EditKind.START: "At the start insert {new}.",
        EditKind.END: "At the end insert {new}.",
    },
    HouseStyle.UNION: {
        EditKind.REPLACE: "Replace {old} with {new}.",
        EditKind.DELETE: "Remove {old}.",
        EditKind.AFTER: "Insert {new} after {old}.",
        EditKind.BEFORE: "Insert {new} before {old}.",
        EditKind.START: "At the start insert {new}.",
        EditKind.END: "At the end insert {new}.",
    },
}


def word_operation(edit: TextEdit, style: HouseStyle, *, quoted_location: bool) -> str:
    """One sentence for one word operation. A change of the whole text reads "Delete these
    words and replace them with" when the motion quotes the text as its current text."""
    kind = edit.kind
    if kind is EditKind.WHOLE:
        if quoted_location and edit.new:
            return f"Delete these words and replace them with: {quote(edit.new)}."
        kind = EditKind.REPLACE if edit.new else EditKind.DELETE
    old = quote(edit.old)
    if edit.occurrence is not None:
        old = f"the {ordinal(edit.occurrence)} {old}"
    return _WORDINGS[style][kind].format(old=old, new=quote(edit.new))


@attrs.frozen
class NewProvision:
    """A sub-provision to insert: its label, where (after `after`, or before `before`, else
    at the end), and its source text (label, text and sub-provisions)."""

    parent: Address
    label: str
    source: str
    after: str | None = None
    before: str | None = None
    renumbers: bool = False


#: Levels whose own name the motion reader does not take after "a new" (it reads the
#: scheme's other words for them).
_NOUNS = {"sub-item": "paragraph"}


def cite(address: Address, *, compact: bool = False) -> str:
    """A citation as drafters write it ("Chapter 4, Clause II, rule 2.B.i"), or the compact
    form ("C4.II.2.B.i") for an address whose long form the reader does not take back."""
    return address.compact() if compact else address.long()


def insertion(new: NewProvision, *, compact: bool = False, located: bool = False) -> str:
    """`located`: the parent is the motion's own location, so it need not be cited again."""
    level = new.parent.scheme.sequence(new.parent.root)[new.parent.depth]
    name = _NOUNS.get(level.name, level.name)
    where = (
        f" after {name} {new.after}"
        if new.after
        else f" before {name} {new.before}"
        if new.before
        else ""
    )
    renumber = " and renumber accordingly" if new.renumbers else ""
    operation = f"a new {name} {new.label}{where} as follows: {quote(new.source)}{renumber}."
    if located:
        return "Insert " + operation
    return f"{cite(new.parent, compact=compact)}: insert " + operation


def deletion(address: Address, *, last: bool, compact: bool = False) -> str:
    renumber = "" if last else " and renumber accordingly"
    return f"Delete {cite(address, compact=compact)}{renumber}."
