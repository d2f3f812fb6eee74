"""`apply(rulebook, motion) -> Amended`: a motion carried, with its changes and diagnostics.

A motion applies whole or not at all: if any operation cannot be applied (the provision is
absent, the quoted words are not there or are ambiguous, a new label does not fit), the result
keeps the original book, `applied` is False, and every reason is in `diagnostics`. Nothing is
ever dropped silently.

Operations apply in order, each seeing the text the ones before it left. Addresses in a motion
are written against the edition in force, so once an operation renumbers, the addresses of the
operations after it are mapped through the renumbering first. Text operations edit a `Draft`
per provision (the redline is built as they go); provision operations rebuild the tree along the
path to what they change, and return an old→new renumbering map.
"""

from __future__ import annotations

from collections.abc import Iterable

from motions.book.rulebook import Rulebook
from motions.drafting.amended import Amended, Change
from motions.drafting.application import OperationFailed
from motions.drafting.apply_checks import StatedChecks
from motions.drafting.apply_provisions import ProvisionOperations
from motions.drafting.apply_words import WordOperations

__all__ = ["Amended", "Change", "apply", "apply_all"]
from motions.drafting.motion import (
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Motion,
    Operation,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.errors import warning


class _Application(WordOperations, ProvisionOperations, StatedChecks):
    def operation(self, op: Operation) -> None:
        if isinstance(op, ReplaceWords | DeleteWords):
            self.replace_words(op)
        elif isinstance(op, InsertWords):
            provision = self.as_new_provision(op)
            if provision is not None:
                self.insert_provision(provision)
            else:
                self.insert_words(op)
        elif isinstance(op, ReplaceQuoted):
            self.replace_quoted(op)
        elif isinstance(op, ReplaceSentence):
            self.replace_sentence(op)
        elif isinstance(op, DeleteProvisions):
            self.delete_provisions(op)
        elif isinstance(op, InsertProvision):
            self.insert_provision(op)
        elif isinstance(op, ReplaceProvisions):
            self.replace_provisions(op)
        elif isinstance(op, Consequential):
            words = f" where '{op.words.text}' is mentioned" if op.words else ""
            self.diagnostics.append(
                warning(
                    "consequential-unlocated",
                    f"the consequential amendments{words} name no location, so nothing is "
                    "changed for them",
                    span=op.span,
                    hint="write each consequential change as its own operation with its "
                    "address; the Conference Arrangements Committee may rule it out as it stands",
                )
            )

    def run(self, *, references: bool = True) -> Amended:
        self.check_pages()
        self.check_reads()
        failed = False
        for op in self.motion.operations:
            try:
                self.operation(op)
            except OperationFailed:
                failed = True
        if failed:
            return Amended(self.original, self.motion, (), (), tuple(self.diagnostics))
        result = self.materialise()
        self.check_will_read(result)
        if references:
            self.check_references()
        changes = [
            Change(
                "amended",
                address,
                redline,
                self.original_address(address),
                tuple(self.spans.get(address, ())),
            )
            for address, draft in self.drafts.items()
            if (redline := draft.redline()).changed
        ]
        return Amended(
            result,
            self.motion,
            tuple(changes) + tuple(self.structural),
            tuple(self.renumbering.items()),
            tuple(self.diagnostics),
        )

    def materialise(self) -> Rulebook:
        """The book with every draft's text written in."""
        for address, draft in self.drafts.items():
            provision = self.book.get(address)
            if provision is None or provision.text == draft.after:
                continue
            self.book = self.book.with_provision(provision.with_text(draft.after))
        return self.book


def apply(rulebook: Rulebook, motion: Motion, *, references: bool = True) -> Amended:
    """The book with `motion` carried, or the book unchanged with every reason it cannot be.

    `references=False` leaves out one warning: citations elsewhere in the book that the
    motion's renumbering or deletions break ("reference-broken", found by reading every
    citation in the book). For callers that keep only the result and the errors (the conflict
    checker carrying an agenda, which finds broken citations itself, across the whole book);
    whether the motion applies, its changes and its errors are the same either way.
    """
    return _Application(rulebook, motion).run(references=references)


def apply_all(
    rulebook: Rulebook, motions: Iterable[Motion]
) -> tuple[Rulebook, tuple[Amended, ...]]:
    """Carry `motions` in order; each sees the book the ones before it left."""
    results = []
    book = rulebook
    for motion in motions:
        amended = apply(book, motion)
        results.append(amended)
        book = amended.rulebook
    return book, tuple(results)
