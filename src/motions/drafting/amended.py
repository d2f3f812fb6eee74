"""What carrying a motion gives: the new book, each provision's change, renumbering, diagnostics."""

from __future__ import annotations

import attrs

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.drafting.motion import (
    Motion,
)
from motions.drafting.redline import Redline
from motions.errors import Diagnostic, Severity


@attrs.frozen
class Change:
    """What one carried motion did to one provision."""

    kind: str  # "amended", "inserted", "deleted", "replaced"
    address: Address  # where the provision is after the motion (before it, for deletions)
    redline: Redline
    original: Address | None = None  # where it was before the motion (None if new)
    #: The spans of the original text an operation read or wrote ((start, end) pairs).
    spans: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class Amended:
    """A rule book after a motion: the new book, the changes, renumbering, diagnostics."""

    rulebook: Rulebook
    motion: Motion
    changes: tuple[Change, ...]
    renumbering: tuple[tuple[Address, Address], ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def applied(self) -> bool:
        # Most motions say nothing: asked several times each in a check, without a generator.
        return not self.diagnostics or not any(
            d.severity is Severity.ERROR and d.code in _BLOCKING for d in self.diagnostics
        )

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        if not self.diagnostics:
            return ()
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    def to_dict(self) -> dict[str, object]:
        """As `motions diff --format json` prints this one motion (docs/json.md)."""
        from motions.drafting.plain import redlines_document

        return redlines_document((self,))


#: Errors that stop a motion from applying (the others are about its claims, not its effect).
_BLOCKING = frozenset(
    {
        "address-absent", "words-not-found", "words-ambiguous", "sentence-missing",
        "sentence-mismatch", "operation-without-location", "these-words-unquoted",
        "label-out-of-sequence", "fragment", "provisions-not-siblings", "insert-where",
        "occurrence-missing",
    }
)  # fmt: skip
