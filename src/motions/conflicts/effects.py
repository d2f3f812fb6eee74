"""What one motion does to the book on its own: the edges of the dependency graph.

An `Effect` is a motion resolved against the edition it amends: the words it reads and writes
(spans of each provision's original text), the provisions it deletes or replaces whole, the
places where it allocates a new label, the labels it shifts (old → new), every address it names,
the text it inserts (which may cite other provisions), and a signature of its result so that
two motions with the same effect can be recognised however they are worded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import attrs

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.conflicts.alone import apply_alone
from motions.conflicts.local import Getter, apply_safely, extract, locations, needs, resolved
from motions.drafting.apply import Amended
from motions.drafting.motion import (
    DeleteProvisions,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.redline import Redline
from motions.errors import Diagnostic
from motions.source import constructed


@attrs.frozen
class Slot:
    """A place among a provision's children where a motion inserts a new one."""

    parent: Address
    index: int  # position among the parent's children in the original edition
    label: str

    __reduce__ = constructed  # pickled by its constructor: see motions.source


@attrs.frozen
class Outcome:
    """What later steps reuse of a motion applied alone to the subtrees it touches.

    The whole `Amended` (a small book with its address index, every change's redline, the
    diagnostics) is several kilobytes a motion; carrying the agenda and verifying pairs need only
    the amended subtrees, the renumbering, the kinds of change and the errors. At 100,000
    motions the difference is hundreds of megabytes.
    """

    applied: bool
    errors: tuple[Diagnostic, ...]
    #: The provision at each subtree's address after the motion (the same addresses: a motion
    #: that deletes or replaces a provision is applied to its parent).
    subtrees: tuple[Provision, ...]
    renumbering: tuple[tuple[Address, Address], ...]
    #: The kind of each change ("amended", "inserted" ...), for the counts of all carried.
    kinds: tuple[str, ...]

    #: Pickled by its constructor (see motions.source): effects come back from worker processes.
    __reduce__ = constructed

    @classmethod
    def of(cls, amended: Amended, subtrees: frozenset[Address]) -> Outcome:
        found = []
        for address in subtrees:
            provision = amended.rulebook.get(address)
            assert provision is not None, address
            found.append(provision)
        return cls(
            amended.applied,
            amended.errors,
            tuple(found),
            amended.renumbering,
            tuple(c.kind for c in amended.changes),
        )

    def rulebook(self, book: Rulebook) -> Rulebook:
        """The book the motion was applied to (`extract` of `book`), as the motion left it."""
        mine = {p.address: p for p in self.subtrees}

        def get(address: Address) -> Provision | None:
            found = mine.get(address)
            return found if found is not None else book.get(address)

        return extract(book, get, mine)


@attrs.frozen
class Effect:
    """One motion, resolved against the book (addresses are the book's)."""

    applies: bool
    diagnostics: tuple[Diagnostic, ...]
    #: For each provision whose text it edits: the (start, end) spans it reads or writes.
    spans: tuple[tuple[Address, tuple[tuple[int, int], ...]], ...] = ()
    deleted: tuple[Address, ...] = ()
    replaced: tuple[Address, ...] = ()
    slots: tuple[Slot, ...] = ()
    renumbering: tuple[tuple[Address, Address], ...] = ()
    #: Every provision the motion names, as the book numbers it.
    addressed: tuple[Address, ...] = ()
    #: (where, text) for each stretch of text it inserts.
    inserted: tuple[tuple[Address, str], ...] = ()
    redlines: tuple[tuple[Address, Redline], ...] = ()
    #: What it leaves, however worded (`_signature`): equal for two motions with the same
    #: changes, renumbering and resulting texts.
    signature: bytes | None = None
    #: The motion applied alone to `subtrees`, as carrying reuses it (None: it did not apply).
    outcome: Outcome | None = attrs.field(default=None, eq=False, repr=False)
    #: The subtrees `outcome` was applied to (None: the whole book, or it did not apply).
    subtrees: frozenset[Address] | None = attrs.field(default=None, eq=False, repr=False)

    __reduce__ = constructed  # as `Outcome`

    @property
    def removed(self) -> tuple[Address, ...]:
        """The provisions it deletes or replaces whole."""
        return self.deleted + self.replaced

    @property
    def written(self) -> tuple[Address, ...]:
        """Every provision whose text or children it changes, in the book's numbering."""
        out = [a for a, _ in self.spans]
        out.extend(self.removed)
        out.extend(s.parent for s in self.slots)
        return tuple(dict.fromkeys(out))

    def redline(self, address: Address) -> Redline | None:
        return next((r for a, r in self.redlines if a == address), None)


def _slot(book: Rulebook, op: InsertProvision, where: Resolver) -> Slot | None:
    parent = where(op.parent)
    if parent is None:
        return None
    provision = book.get(parent)
    assert provision is not None
    children = [c.address for c in provision.children]
    index = len(children)
    for neighbour, shift in ((op.after, 1), (op.before, 0)):
        address = where(neighbour) if neighbour is not None else None
        if address is not None and address in children:
            index = children.index(address) + shift
            break
    return Slot(parent, index, op.label)


#: Where a location is in the book (`local.resolved`), remembered for one motion.
Resolver = Callable[[Location | None], Address | None]


def _remembering(book: Rulebook) -> Getter:
    """`book.get`, each address asked once for one motion: its readings are asked for by
    `needs` (its location, then each operation's target, which is mostly the location
    again) and then by the effect's own look-ups, and a look-up of a motion's address in the
    book's index costs its hash and a comparison with the book's own (Python calls). Kept by
    identity, with the address itself, so that an id is never taken for another object's."""
    known: dict[int, tuple[Address, Provision | None]] = {}
    get = book.get

    def remembered(address: Address) -> Provision | None:
        entry = known.get(id(address))
        if entry is not None and entry[0] is address:
            return entry[1]
        found = get(address)
        known[id(address)] = (address, found)
        return found

    return remembered


def _resolver(get: Getter) -> Resolver:
    """`resolved(location, get)`, each location resolved once: an effect reads each of a
    motion's locations three or four times over (what it names, deletes, replaces, inserts).
    Kept by identity, as `_remembering`."""
    known: dict[int, tuple[Location, Address | None]] = {}

    def where(location: Location | None) -> Address | None:
        if location is None:
            return None
        entry = known.get(id(location))
        if entry is not None and entry[0] is location:
            return entry[1]
        found = resolved(location, get)
        known[id(location)] = (location, found)
        return found

    return where


def _signature(amended: Amended) -> bytes | None:
    """A digest of what the motion leaves: each change's kind, original and new address and
    new text, sorted, and its renumbering; None for no change.

    A digest (128 bits of BLAKE2b over the values' `repr`), not the values: every effect of
    an agenda keeps one, and at 100,000 motions the tuples of addresses and texts were about
    45 MiB of the checking process, sent back from the workers and kept to the end. An
    address is given by its parts (`_spelled`), which is what makes two addresses equal."""
    changes = []
    for change in amended.changes:
        address = change.address
        now = _spelled(address)
        original = change.original
        # Most changes stay where they were: the same address object, spelled once.
        before = now if original is None or original is address else _spelled(original)
        changes.append((change.kind, before, now, change.redline.after))
    changes.sort()
    moved = [("moved", _spelled(a), _spelled(b)) for a, b in amended.renumbering]
    if not changes and not moved:
        return None
    return hashlib.blake2b(repr((changes, moved)).encode(), digest_size=16).digest()


def _spelled(address: Address) -> str:
    """An address as its signature spells it: its root and labels, and its skipped levels if
    any (what its equality compares), joined by control characters, which no root or label
    holds. `compact()` formats its first level's marker and costs several times as much, and
    the tuple of parts several times as much to `repr`."""
    spelled = "\x00".join((address.root, *address.labels))
    at = address.at
    return spelled if at is None else f"{spelled}\x01{at}"


def _applied(
    book: Rulebook, motion: Motion, get: Getter
) -> tuple[Amended, frozenset[Address] | None]:
    """`local.apply_local(book, motion, references=False)`: the motion applied to the
    subtrees it touches, and those subtrees (None: the whole book). A motion on one subtree
    (most) is applied to that subtree alone when it can be (`alone.apply_alone`: the same
    result without the copies of what is above it)."""
    subtrees = needs(motion, get)
    if subtrees is None:
        return apply_safely(book, motion, references=False), None
    if len(subtrees) == 1:
        (address,) = subtrees
        amended = apply_alone(book, motion, address)
        if amended is not None:
            return amended, subtrees
    return apply_safely(extract(book, book.get, subtrees), motion, references=False), subtrees


def effect_of(book: Rulebook, motion: Motion) -> Effect:
    """Resolve `motion` against `book` (applied to the subtrees it touches only).

    Its diagnostics are `apply`'s, less the warnings about citations elsewhere that the
    motion breaks (`references=False`): on the few subtrees it is applied to, `apply` would
    read every citation in them and see only those; the checker finds broken citations
    itself, across the whole book and the text motions insert (`citations.Numbering`), and
    reads only an effect's errors (a motion that cannot be applied).
    """
    get = _remembering(book)
    amended, subtrees = _applied(book, motion, get)
    where = _resolver(get)
    addressed: list[Address] = []
    for location in (
        motion.location,
        *(x for op in motion.operations for x in locations(motion, op)),
    ):
        address = where(location)
        if address is not None:
            addressed.append(address)
    addressed_t = tuple(dict.fromkeys(addressed))
    if not amended.applied:
        # The hints of a failure look across the whole book: ask it.
        full = apply_safely(book, motion)
        return Effect(False, full.diagnostics, addressed=addressed_t)
    # One pass over the operations for what they delete, replace, make room for and insert.
    deleted: list[Address] = []
    replaced: list[Address] = []
    slots: list[Slot] = []
    inserted: list[tuple[Address, str]] = []
    for op in motion.operations:
        place: Address | None = None
        text = ""
        if isinstance(op, ReplaceWords | InsertWords | ReplaceQuoted | ReplaceSentence):
            place, text = where(motion.target_of(op)), op.new.text
        elif isinstance(op, DeleteProvisions):
            deleted.extend(a for t in op.targets if (a := where(t)) is not None)
        elif isinstance(op, ReplaceProvisions):
            replaced.extend(a for t in op.targets if (a := where(t)) is not None)
            place, text = where(op.targets[0]), op.text.text
        elif isinstance(op, InsertProvision):
            slot = _slot(book, op, where)
            if slot:
                slots.append(slot)
            parent = where(op.parent)
            place, text = (parent.child(op.label) if parent is not None else None), op.text.text
        if place is not None and text:
            inserted.append((place, text))
    spans: dict[Address, list[tuple[int, int]]] = {}
    redlines: dict[Address, Redline] = {}
    for change in amended.changes:
        original = change.original or change.address
        redlines.setdefault(original, change.redline)
        if change.kind == "amended":
            spans.setdefault(original, []).extend(
                change.spans or ((0, len(change.redline.before)),)
            )
    return Effect(
        True,
        amended.diagnostics,
        spans=tuple((a, tuple(sorted(set(s)))) for a, s in spans.items()),
        deleted=tuple(dict.fromkeys(deleted)),
        replaced=tuple(dict.fromkeys(replaced)),
        slots=tuple(slots),
        renumbering=amended.renumbering,
        addressed=addressed_t,
        inserted=tuple(inserted),
        redlines=tuple(redlines.items()),
        signature=_signature(amended),
        outcome=Outcome.of(amended, subtrees) if subtrees is not None else None,
        subtrees=subtrees,
    )
