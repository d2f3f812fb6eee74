"""One plain sentence on what a motion does, for a delegate reading it on a phone.

The sentence is built from the operations, never from the supporting argument: it says which
words are replaced, deleted or inserted, and where, and claims nothing about effects ("lowers
the threshold") that the operations do not state. A motion may carry its own sentence in a
`Summary:` header line; that is used as written.

    Replaces '20 per cent' with '10 per cent' in Chapter 4, Clause II, rule 2.B.i.
    Makes 3 changes: replaces 'two weeks' with 'four weeks' in Chapter 3, Clause III, rule 1.B;
    deletes 'six months' from ...; and inserts ', or from ...' after '...' in ....
"""

from __future__ import annotations

from motions.drafting.motion import (
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.ordinals import ordinal

#: Quoted words longer than this are cut at a word boundary and end with "…".
QUOTE_LIMIT = 70

#: Header lines read as the motion's own summary (case-insensitive).
SUMMARY_HEADERS = ("summary", "in short", "what it does")


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` in quotes, whitespace normalised, cut to `limit` characters at a word."""
    words = " ".join(text.split())
    if len(words) > limit:
        cut = words[: limit - 1]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        words = cut.rstrip(" ,;:") + "…"
    return f"'{words}'"


def _where(location: Location | None) -> str:
    return location.address.long() if location is not None else "a place the motion does not name"


def _anchor(anchor: Anchor) -> str:
    text = quoted(anchor.words.text)
    if anchor.occurrence is not None and anchor.occurrence != 1:
        text = f"the {ordinal(anchor.occurrence)} {text}"
    if anchor.sentence is not None:
        text += f" in the {ordinal(anchor.sentence)} sentence"
    return text


def _every(anchor: Anchor) -> str:
    return " wherever it occurs" if anchor.every else ""


def _sibling(location: Location) -> str:
    """ "sub-rule D": a neighbour named by its level and label."""
    address = location.address
    return f"{address.level.name} {address.label}"


def _targets(locations: tuple[Location, ...]) -> str:
    names = [loc.address.long() for loc in locations]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def clause(motion: Motion, op: Operation) -> str:
    """What one operation does, as a clause starting with a verb in lower case."""
    where = _where(motion.target_of(op))
    if isinstance(op, ReplaceWords):
        return (
            f"replaces {_anchor(op.anchor)} with {quoted(op.new.text)}{_every(op.anchor)} "
            f"in {where}"
        )
    if isinstance(op, DeleteWords):
        return f"deletes {_anchor(op.anchor)}{_every(op.anchor)} from {where}"
    if isinstance(op, InsertWords):
        if op.anchor is None:
            edge = "end" if op.position is Position.END else "start"
            return f"adds {quoted(op.new.text)} at the {edge} of {where}"
        side = "before" if op.position is Position.BEFORE else "after"
        return f"inserts {quoted(op.new.text)} {side} {_anchor(op.anchor)} in {where}"
    if isinstance(op, ReplaceQuoted):
        old = f" {quoted(motion.reads.text)}" if motion.reads is not None else ""
        return f"replaces the quoted words{old} of {where} with {quoted(op.new.text)}"
    if isinstance(op, ReplaceSentence):
        return f"replaces the {ordinal(op.sentence)} sentence of {where} with {quoted(op.new.text)}"
    if isinstance(op, InsertProvision):
        new = op.parent.address.child(op.label).long()
        place = ""
        if op.after is not None:
            place = f" after {_sibling(op.after)}"
        elif op.before is not None:
            place = f" before the present {_sibling(op.before)}"
        renumber = ", renumbering the rules after it" if op.renumber else ""
        return f"inserts a new {new}{place}{renumber}, beginning {quoted(op.text.text, 50)}"
    if isinstance(op, ReplaceProvisions):
        return f"replaces the whole of {_targets(op.targets)} with new text"
    if isinstance(op, DeleteProvisions):
        renumber = " and renumbers the rules after it" if op.renumber else ""
        return f"deletes the whole of {_targets(op.targets)}{renumber}"
    assert isinstance(op, Consequential)
    words = f" wherever {quoted(op.words.text)} is mentioned" if op.words else ""
    return f"asks for consequential amendments{words}, without saying where"


def header_summary(motion: Motion) -> str | None:
    """The motion's own `Summary:` line, if it has one."""
    for key, value in motion.header.extra:
        if key.strip().lower() in SUMMARY_HEADERS and value.strip():
            return " ".join(value.split())
    return None


def sentence(motion: Motion) -> str:
    """One sentence on what `motion` does: its `Summary:` line, else built from its operations."""
    own = header_summary(motion)
    if own is not None:
        return own
    clauses = [clause(motion, op) for op in motion.operations]
    if not clauses:
        return "Makes no change that can be read from its wording."
    if len(clauses) == 1:
        text = clauses[0]
    else:
        listed = "; ".join(clauses[:-1]) + f"; and {clauses[-1]}"
        text = f"makes {len(clauses)} changes: {listed}"
    return text[0].upper() + text[1:] + "."
