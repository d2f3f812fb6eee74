"""What the Conference Arrangements Committee would rule out, checked before conference.

These checks read a motion, and the book it amends, and say what would get it ruled out of
order: it cites no chapter or clause; it changes more than one subject (a CLP amendment must
keep to one; the NEC's packages may span several). Consequential amendments that name no
location are reported by `apply`, which cannot carry them out. The three-year rule needs a
record of past decisions and lives with the conflict checker.
"""

from __future__ import annotations

from motions.book.address import Address
from motions.drafting.motion import (
    Consequential,
    DeleteProvisions,
    InsertProvision,
    Motion,
    Operation,
    ReplaceProvisions,
)
from motions.errors import Diagnostic, error, warning


def _touched(motion: Motion, op: Operation) -> tuple[Address, ...]:
    if isinstance(op, DeleteProvisions | ReplaceProvisions):
        return tuple(t.address for t in op.targets)
    if isinstance(op, InsertProvision):
        return (op.parent.address,)
    if isinstance(op, Consequential):
        return ()
    target = motion.target_of(op)
    return (target.address,) if target is not None else ()


def subject_of(address: Address) -> Address:
    """The unit a 'subject' is judged by: the clause (or, in an appendix, the rule)."""
    return address.truncate(min(address.depth, 2))


def admissibility(motion: Motion) -> tuple[Diagnostic, ...]:
    """CAC-style findings about one motion."""
    found: list[Diagnostic] = []
    touched = [a for op in motion.operations for a in _touched(motion, op)]
    if motion.location is None and not touched:
        found.append(
            error(
                "cac-no-location",
                f"{motion.name} cites no chapter or clause of the rule book",
                span=motion.span,
                hint="the CAC rules out amendments that do not say which rule they change: "
                "name it, e.g. 'Chapter 4, Clause II, rule 2.B.i reads as follows: ...'",
            )
        )
    subjects = sorted({subject_of(a) for a in touched}, key=lambda a: a.sort_key())
    if len(subjects) > 1 and not motion.header.is_nec:
        found.append(
            warning(
                "cac-several-subjects",
                f"{motion.name} changes {len(subjects)} parts of the rules "
                f"({', '.join(a.compact() for a in subjects)})",
                span=motion.span,
                hint="a CLP amendment must deal with one subject only; split it, or show that "
                "the parts serve one purpose",
            )
        )
    return tuple(found)
