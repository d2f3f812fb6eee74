"""The state of one motion being carried, and what every kind of operation needs from it.

Where an operation acts (addresses mapped through the renumbering done so far), the drafts of
the provisions whose text it edits, the rebuilt tree, and `fail`, which records a diagnostic
and abandons the operation. The operations themselves live in `apply_words` (text) and
`apply_provisions` (whole provisions); the checks of what the motion states in
`apply_checks`.
"""

from __future__ import annotations

import attrs

from motions.book.address import Address
from motions.book.numbering import Style, label_key
from motions.book.rulebook import Provision, Rulebook
from motions.drafting.amended import Change
from motions.drafting.motion import (
    Location,
    Motion,
)
from motions.drafting.ordinals import ordinal
from motions.drafting.textedit import Draft
from motions.errors import AddressError, Diagnostic, error
from motions.source import Span

_CONTEXT = 30


class OperationFailed(Exception):
    """One operation could not be applied (its diagnostics are already recorded)."""


def in_context(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return (
        ("…" if left else "")
        + text[left:start]
        + "⟨"
        + text[start:end]
        + "⟩"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class ApplicationState:
    def __init__(self, book: Rulebook, motion: Motion) -> None:
        self.original = book
        self.book = book
        self.motion = motion
        self.drafts: dict[Address, Draft] = {}
        self.spans: dict[Address, list[tuple[int, int]]] = {}
        self.structural: list[Change] = []
        #: original address → address now, for every provision moved so far.
        self.renumbering: dict[Address, Address] = {}
        self.origins: dict[Address, Address] = {}
        self.deleted: list[Address] = []
        self.diagnostics: list[Diagnostic] = []

    # -- where ------------------------------------------------------------------------------

    def mapped(self, address: Address) -> Address:
        """An address of the edition in force, mapped through renumbering done so far."""
        if not self.renumbering:  # most motions renumber nothing
            return address
        moved = self.renumbering.get(address)
        if moved is not None:
            return moved
        for ancestor in reversed(list(address.ancestors())):
            top = self.renumbering.get(ancestor)
            if top is not None:
                return attrs.evolve(address, labels=top.labels + address.labels[ancestor.depth :])
        return address

    def provision(self, location: Location | None, span: Span | None) -> Provision:
        if location is None:
            self.fail(
                "operation-without-location",
                "this operation names no provision to act on",
                span,
                "give the motion a location ('Chapter 4, Clause II, rule 2.B.i reads as "
                "follows: ...') or begin the operation with one ('Chapter 4, Clause II, "
                "rule 2.B.i: delete ...')",
            )
        assert location is not None
        if self.deleted and any(
            location.address == gone or gone.contains(location.address) for gone in self.deleted
        ):
            self.fail(
                "address-absent",
                f"{location.address.long()} was deleted by an earlier operation of this motion",
                location.span or span,
            )
        for reading in location.readings:
            found = self.book.get(self.mapped(reading))
            if found is not None:
                return found
        absent: AddressError = self.original.absent(location.address, location.text or None)
        first = absent.first
        self.diagnostics.append(attrs.evolve(first, span=location.span or span))
        raise OperationFailed

    def fail(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(error(code, message, span=span, hint=hint))
        raise OperationFailed

    # -- text -------------------------------------------------------------------------------

    def draft(self, provision: Provision) -> Draft:
        draft = self.drafts.get(provision.address)
        if draft is None:
            draft = Draft.of(provision.text)
            self.drafts[provision.address] = draft
        return draft

    def record(self, provision: Provision, draft: Draft, start: int, end: int) -> None:
        self.spans.setdefault(provision.address, []).append(draft.original_span(start, end))

    def rebuild(self, parent: Address | None, children: tuple[Provision, ...]) -> None:
        """Replace `parent`'s children (the book's tops when None) along a copied path."""
        if parent is None:
            self.book = attrs.evolve(self.book, children=children)
            return
        enclosing = self.book.get(parent)
        assert enclosing is not None
        self.book = self.book.with_provision(attrs.evolve(enclosing, children=children))

    def siblings(self, parent: Address | None) -> tuple[Provision, ...]:
        if parent is None:
            return self.book.children
        found = self.book.get(parent)
        return found.children if found is not None else ()

    def forget(self, provision: Provision) -> None:
        for inner in provision.walk():
            self.drafts.pop(inner.address, None)
            self.spans.pop(inner.address, None)

    def original_address(self, address: Address) -> Address:
        return self.origins.get(address, address)


def nth_sentence(number: int) -> str:
    return f"{ordinal(number)} sentence"


def own_label_forms(address: Address) -> tuple[str, ...]:
    """How a quoted provision may open with its own label: its marker in any of the level's
    forms, or bracketed as drafters often write it ("B.", "(B)", "B)"), or its number with the
    ones above it ("2.B", "1.7", "3.III.2.B")."""
    if address.level.heading:
        return ()
    parent = address.parent
    parent_label = parent.label if parent is not None else ""
    forms = [m.format(label=address.label, parent=parent_label) for m in address.level.markers]
    forms += [f"({address.label})", f"{address.label})", f"{address.label}."]
    sequence = address.scheme.sequence(address.root)
    # Clause III is often written 3 in a dotted number ("1.7" for Clause I, rule 7).
    arabic = tuple(
        str(key.ordinal) if level.style is Style.UPPER_ROMAN and key is not None else label
        for label, level in zip(address.labels, sequence, strict=False)
        for key in [label_key(label, level.style)]
    )
    for labels in {address.labels, arabic}:
        for start in range(len(labels) - 1):
            dotted = ".".join(labels[start:])
            forms += [dotted + ".", dotted]
    return tuple(sorted(set(forms), key=len, reverse=True))


def without_own_label(text: str, provision: Provision | Address) -> str:
    """`text` stripped, without the provision's own label in front ("B. In the case ..." →
    "In the case ..."), so a quote that repeats the label is not written with it twice."""
    address = provision.address if isinstance(provision, Provision) else provision
    stripped = text.strip()
    for form in own_label_forms(address):
        if stripped.startswith(form) and stripped[len(form) : len(form) + 1] in (" ", ""):
            return stripped[len(form) :].strip()
    return stripped
