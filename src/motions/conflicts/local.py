"""Applying a motion to the part of a book it touches, and carrying many motions in turn.

`motions.apply.apply` rebuilds the book's address index every time it edits the tree, so one
call costs time in proportion to the whole book. A motion only ever reads and writes a few
subtrees: the provisions whose text it edits, and the parents of the provisions it inserts,
deletes or replaces (their other children are renumbered). `extract` builds a small book of
just those subtrees and the chain of provisions above each; applying the motion to it gives the
same changes, renumbering and texts as applying it to the whole book, in time that depends on
the motion, not the book. Only what `apply` says about the rest of the book can differ: the
hints of a failure ("did you mean", "the words occur in ...") and its warnings about citations
elsewhere; callers re-run failures on the whole book when the hint matters, and the checker
finds broken citations itself, across the whole book.

`Overlay` is a book being amended motion after motion: a mutable address index over frozen
provisions, into which each motion's subtrees are spliced back. `Numbering` follows where each
provision of the original edition has gone, so that later motions, drafted against that
edition, can be re-targeted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set

import attrs

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.conflicts.ancestry import AddressTable, lineage
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import (
    TEXT_OPERATIONS,
    DeleteProvisions,
    InsertProvision,
    Location,
    Motion,
    Operation,
    ReplaceProvisions,
)
from motions.errors import error

Getter = Callable[[Address], Provision | None]


def present(location: Location | None, get: Getter) -> tuple[Address, ...]:
    """The readings of a location that the book has, best first, as the book's own addresses
    (see `resolved`)."""
    if location is None:
        return ()
    return tuple(p.address for r in location.readings if (p := get(r)) is not None)


def resolved(location: Location | None, get: Getter) -> Address | None:
    """The provision a location names in the book (its first reading the book has).

    The book's own address object, equal to the motion's reading: the look-ups that follow
    (the effect's, the overlay's, the addresses a worker sends back by their number) then
    find it by identity, where the motion's copy costs a hash and a comparison in Python."""
    if location is not None:
        for reading in location.readings:
            provision = get(reading)
            if provision is not None:
                return provision.address
    return None


def locations(motion: Motion, op: Operation) -> tuple[Location, ...]:
    """Every location an operation names (its target, parent, neighbours)."""
    if isinstance(op, TEXT_OPERATIONS):
        target = motion.target_of(op)
        return (target,) if target is not None else ()
    if isinstance(op, InsertProvision):
        return tuple(x for x in (op.parent, op.after, op.before) if x is not None)
    if isinstance(op, ReplaceProvisions | DeleteProvisions):
        return op.targets
    return ()


def needs(motion: Motion, get: Getter) -> frozenset[Address] | None:
    """The subtrees `motion` reads and writes, outermost only; None if it needs the whole book."""
    wanted: set[Address] = set(present(motion.location, get))
    for op in motion.operations:
        if isinstance(op, TEXT_OPERATIONS):
            wanted.update(present(motion.target_of(op), get))
        elif isinstance(op, InsertProvision):
            wanted.update(present(op.parent, get))
        elif isinstance(op, ReplaceProvisions | DeleteProvisions):
            for target in op.targets:
                for reading in present(target, get):
                    if reading.parent is None:
                        return None
                    wanted.add(reading.parent)
    return outermost(wanted)


def outermost(addresses: Iterable[Address]) -> frozenset[Address]:
    """The addresses not inside another of them."""
    distinct = set(addresses)
    if len(distinct) < 2:
        return frozenset(distinct)  # most motions touch one provision
    kept: set[Address] = set()
    for address in sorted(distinct, key=lambda a: a.depth):
        if not any(ancestor in kept for ancestor in lineage(address)[:-1]):
            kept.add(address)
    return frozenset(kept)


def extract(
    book: Rulebook, get: Getter, subtrees: Iterable[Address], *, whole: Getter | None = None
) -> Rulebook:
    """A book holding `subtrees` whole and, above each, its ancestors with only those children.

    `book` gives the title, edition and scheme; `get` the provisions (the book's own lookup, or
    an `Overlay`'s); `whole` the subtrees themselves, when `get` gives a provision's own fields
    but not always its children as they are now (`Overlay.own`; default `get`). The address
    index is filled as the tree is built, in document order (as the constructor would fill it
    by walking the new tree again).
    """
    whole = whole or get
    full = subtrees if isinstance(subtrees, set | frozenset) else set(subtrees)
    index: dict[Address, Provision] = {}
    if len(full) == 1:  # most motions: one subtree, under one chain of ancestors
        (address,) = full
        # From the book's own tree when it is the book's look-up: no ancestor's address is
        # built or looked up (the chain's are the book's own objects, equal to lineage's).
        path = book.chain(address) if get == book.get and whole == get else None
        if path is not None:
            above: list[Provision | None] = list(path[:-1])
            found: Provision | None = path[-1]
        else:
            above = [get(step) for step in lineage(address)[:-1]]
            found = whole(address)
        # Keyed by each provision's own address, as the constructor keys them (lineage's
        # are equal, but may carry the motion's scheme).
        for provision in above:
            assert provision is not None, address
            index[provision.address] = provision  # its place in document order; see below
        assert found is not None, address
        for inner in found.walk():
            index[inner.address] = inner
        for provision in reversed(above):
            assert provision is not None
            found = index[provision.address] = provision.with_children((found,))
        tops: tuple[Provision, ...] = (found,)
        return Rulebook.indexed(book.title, book.edition, book.scheme, tops, book.filename, index)
    below: dict[Address | None, dict[Address, None]] = {}
    # In the book's order: a set's order follows the hashes, so two extracts of the same
    # subtrees could hold their chapters in different orders and compare unequal.
    for address in sorted(full, key=Address.sort_key) if len(full) > 1 else full:
        parent: Address | None = None
        for step in lineage(address):
            below.setdefault(parent, {})[step] = None
            parent = step
    tops = tuple(
        _built(top, _Extracting(full, below, get, whole, index)) for top in below.get(None, {})
    )
    return Rulebook.indexed(book.title, book.edition, book.scheme, tops, book.filename, index)


@attrs.frozen
class _Extracting:
    """What `extract` builds several subtrees from (see `_built`)."""

    full: Set[Address]
    below: dict[Address | None, dict[Address, None]]
    get: Getter
    whole: Getter
    index: dict[Address, Provision]


def _built(address: Address, job: _Extracting) -> Provision:
    """`extract`'s provision at `address`: whole, or with only the children in `below`, each
    put in the index in document order. (A function of the module: a nested function that
    calls itself is a reference cycle, left for the cyclic collector at every call.)"""
    index = job.index
    if address in job.full:
        subtree = job.whole(address)
        assert subtree is not None, address
        for inner in subtree.walk():
            index[inner.address] = inner
        return subtree
    provision = job.get(address)
    assert provision is not None, address
    index[provision.address] = provision  # its place in document order; replaced below
    kids = tuple(_built(child, job) for child in job.below.get(address, {}))
    built = index[provision.address] = provision.with_children(kids)
    return built


class _Crashed(Amended):
    """What `apply_safely` returns when `apply` raised: never applied."""

    @property
    def applied(self) -> bool:
        return False


def apply_safely(book: Rulebook, motion: Motion, *, references: bool = True) -> Amended:
    """`apply`, with an exception from it turned into a diagnostic on this motion alone.

    One motion that trips a bug in `apply` must not stop the report on forty others.
    `references=False`: without `apply`'s warnings about citations elsewhere (for callers that
    keep only the result and the errors).
    """
    try:
        return apply(book, motion, references=references)
    except Exception as exc:
        return _Crashed(
            book,
            motion,
            (),
            (),
            (
                error(
                    "apply-crashed",
                    f"applying it failed inside motions ({type(exc).__name__}: {exc})",
                    span=motion.span,
                    hint="this is a bug in motions, not in the motion; please report it",
                ),
            ),
        )


def apply_local(
    book: Rulebook, motion: Motion, get: Getter | None = None, *, references: bool = True
) -> tuple[Amended, frozenset[Address] | None]:
    """`apply(book, motion)` on the subtrees it touches, and those subtrees (None: all).
    `references`: as `apply_safely`."""
    lookup = get or book.get
    subtrees = needs(motion, lookup)
    if subtrees is None:
        return apply_safely(book, motion, references=references), None
    extracted = extract(book, lookup, subtrees)
    return apply_safely(extracted, motion, references=references), subtrees


class Overlay:
    """A book under amendment: an address index over frozen provisions, spliced in place.

    A splice puts the new subtree in the index and marks the provisions above it `stale`
    (their `children` are the ones they had before); they are rebuilt only when a subtree
    that holds them is read (`get`, `walk`, `rulebook`). Carrying an agenda splices once a
    motion, and most of what is above a splice is not read before the next one, so rebuilding
    every enclosing provision at each splice was a fifth of carrying. `own` is for what a
    provision says itself (its text, that it exists), where its children do not matter.
    """

    def __init__(self, book: Rulebook) -> None:
        self.book = book
        self.index: dict[Address, Provision] = {p.address: p for p in book.walk()}
        self.tops: dict[Address, Provision] = {t.address: t for t in book.children}
        #: Provisions in `index` whose children are not the ones in `index` now, by their
        #: address's parts (`_stale_key`): a splice marks the label tuples above it, building
        #: no address unless it skips a level.
        self.stale: set[_StaleKey] = set()

    def is_stale(self, address: Address) -> bool:
        """Whether the provision at `address` has children that are not the ones now."""
        return _stale_key(address) in self.stale

    def get(self, address: Address) -> Provision | None:
        """The provision at `address` now, with everything below it as it is now."""
        provision = self.index.get(address)
        if provision is None or _stale_key(address) not in self.stale:
            return provision
        return self._rebuilt(provision)

    def own(self, address: Address) -> Provision | None:
        """The provision at `address` now, for its own fields: its children may be stale."""
        return self.index.get(address)

    def _rebuilt(self, provision: Provision) -> Provision:
        index, stale = self.index, self.stale
        address = provision.address
        stale.discard(_stale_key(address))
        kids = tuple(
            self._rebuilt(index[child.address])
            if _stale_key(child.address) in stale
            else index[child.address]
            for child in provision.children
        )
        if all(a is b for a, b in zip(kids, provision.children, strict=True)):
            return provision
        rebuilt = provision.with_children(kids)
        index[address] = rebuilt
        if address in self.tops:
            self.tops[address] = rebuilt
        return rebuilt

    def walk(self, address: Address) -> Iterable[Provision]:
        provision = self.get(address)
        return provision.walk() if provision is not None else ()

    def splice(self, provision: Provision) -> None:
        """Put `provision` (with its subtree, as it is now) where the provision at its address
        is now."""
        address = provision.address
        old = self.get(address)
        if old is not None:
            self._reindex(old, provision)
        else:
            for inner in provision.walk():
                self.index[inner.address] = inner
        if address in self.tops:
            self.tops[address] = provision
        root, labels = address.root, address.labels
        if address.at is None:
            self.stale.update((root, labels[:depth], None) for depth in range(1, len(labels)))
        else:
            self.stale.update(_stale_key(above) for above in lineage(address)[:-1])

    def _reindex(self, old: Provision, new: Provision) -> None:
        """Index `new` in place of `old` (at the same address), walking only what differs: an
        amendment rebuilds the path down to what it changed, and every other descendant is
        the same object as before, already indexed."""
        index = self.index
        index[new.address] = new
        if old.children is new.children:
            return
        before = {child.address: child for child in old.children}
        after = {child.address: child for child in new.children}
        for address, child in before.items():
            if address not in after:
                for inner in child.walk():
                    del index[inner.address]
        for address, child in after.items():
            was = before.get(address)
            if was is child:
                continue
            if was is not None:
                self._reindex(was, child)
            else:
                for inner in child.walk():
                    index[inner.address] = inner

    def reset(self, book: Rulebook) -> None:
        """Replace everything (after a motion that inserted or deleted a top-level provision)."""
        self.index = {p.address: p for p in book.walk()}
        self.tops = {t.address: t for t in book.children}
        self.stale = set()

    def rulebook(self, edition: str | None = None, *, last: bool = False) -> Rulebook:
        """The book as amended so far (under another edition, if given: one build of the
        book's index, which walks every provision). `last`: the overlay is not used again,
        and its index goes before the book's is built, so that the two are not both held."""
        b = self.book
        tops = tuple(self.get(address) or top for address, top in self.tops.items())
        if last:
            self.index.clear()
            self.stale.clear()
        return Rulebook(b.title, edition or b.edition, b.scheme, tops, b.filename)


#: An address as its parts (`Overlay.stale`): a tuple the dictionary hashes in C.
_StaleKey = tuple[str, tuple[str, ...], tuple[int, ...] | None]


def _stale_key(address: Address) -> _StaleKey:
    return address.root, address.labels, address.at


class Numbering:
    """Where each provision of the original edition is, as carried motions move and delete them.

    `where` maps an original address to its address now (None: deleted or replaced);
    `origin` maps an address now to the original provision there (None: new text). Addresses
    that appear in neither are where they always were.
    """

    def __init__(self) -> None:
        self.where: AddressTable[Address | None] = AddressTable()
        self.origin: dict[Address, Address | None] = {}
        #: Original address → the motion that deleted or replaced it.
        self.removed_by: dict[Address, int] = {}

    def moves(self, address: Address) -> bool:
        """Whether `address` or a provision above it has moved or gone."""
        return bool(self.where.at_or_above(address))

    def current(self, original: Address) -> Address | None:
        """Where the original provision at `original` is now (None: gone). Asked for every
        address of every motion carried; most have not moved (`AddressTable`)."""
        moved = self.where.at_or_above(original)
        if not moved:
            return original
        ancestor = moved[-1]  # the innermost
        now = self.where[ancestor]
        if now is None or ancestor == original:
            return now
        return attrs.evolve(original, labels=now.labels + original.labels[ancestor.depth :])

    def gone_ancestor(self, original: Address) -> Address | None:
        """The deleted or replaced original provision that took `original` with it, if any."""
        return next((s for s in self.where.at_or_above(original) if self.where[s] is None), None)

    def origin_of(self, address: Address) -> Address | None:
        return self.origin.get(address, address)

    def update(
        self,
        before: Iterable[Address],
        after: Iterable[Address],
        renumbering: Iterable[tuple[Address, Address]],
        removed: Iterable[Address],
        motion: int,
    ) -> None:
        """Record one carried motion: the addresses of its subtrees before and after, the
        renumbering `apply` reported, and the provisions it deleted or replaced."""
        before = set(before)
        moves = dict(renumbering)
        arrived = {new: old for old, new in moves.items()}
        gone = tuple(removed)

        def under_gone(address: Address) -> bool:
            return any(g.contains(address) for g in gone)

        now: dict[Address, Address | None] = {}
        for address in after:
            if address in arrived:
                now[address] = self.origin_of(arrived[address])
            elif address in before and address not in moves and not under_gone(address):
                now[address] = self.origin_of(address)
            else:
                now[address] = None
        for address in before:
            if under_gone(address):
                original = self.origin_of(address)
                if original is not None:
                    self.where[original] = None
                    self.removed_by[original] = motion
            self.origin.pop(address, None)
        for address, original in now.items():
            if original != address:
                self.origin[address] = original
            if original is not None:
                if original != address:
                    self.where[original] = address
                else:
                    self.where.discard(original)


def _moved(location: Location, get: Getter, numbering: Numbering) -> Location | Address:
    """`location` re-targeted to where its provision is now, or the gone original address."""
    original = resolved(location, get)
    if original is None:
        return location
    now = numbering.current(original)
    if now is None:
        return numbering.gone_ancestor(original) or original
    if now is original or now == original:
        return location
    return attrs.evolve(location, address=now, alternatives=())


def retarget(motion: Motion, get: Getter, numbering: Numbering) -> Motion | Address:
    """`motion` with its addresses moved to where the provisions are now (`get`: the original
    book), or the original address of a provision it needs that has gone."""
    if not any(numbering.moves(r) for location in _named(motion) for r in location.readings):
        return motion  # most motions: nothing they name has moved
    problem: list[Address] = []

    def move(location: Location) -> Location:
        result = _moved(location, get, numbering)
        if isinstance(result, Address):
            problem.append(result)
            return location
        return result

    def move_op(op: Operation) -> Operation:
        if isinstance(op, TEXT_OPERATIONS) and op.target is not None:
            target = move(op.target)
            return op if target is op.target else attrs.evolve(op, target=target)
        if isinstance(op, InsertProvision):
            parent = move(op.parent)
            after = move(op.after) if op.after is not None else None
            before = move(op.before) if op.before is not None else None
            if parent is op.parent and after is op.after and before is op.before:
                return op
            return attrs.evolve(op, parent=parent, after=after, before=before)
        if isinstance(op, ReplaceProvisions | DeleteProvisions):
            targets = tuple(move(t) for t in op.targets)
            if all(x is y for x, y in zip(targets, op.targets, strict=True)):
                return op
            return attrs.evolve(op, targets=targets)
        return op

    location = move(motion.location) if motion.location is not None else None
    operations = tuple(move_op(op) for op in motion.operations)
    if problem:
        return problem[0]
    if location is motion.location and all(
        a is b for a, b in zip(operations, motion.operations, strict=True)
    ):
        return motion
    return attrs.evolve(motion, location=location, operations=operations)


def _named(motion: Motion) -> Iterator[Location]:
    """Every location `retarget` moves: the motion's own, and each operation's."""
    if motion.location is not None:
        yield motion.location
    for op in motion.operations:
        if isinstance(op, TEXT_OPERATIONS):
            if op.target is not None:
                yield op.target
        elif isinstance(op, InsertProvision):
            yield op.parent
            if op.after is not None:
                yield op.after
            if op.before is not None:
                yield op.before
        elif isinstance(op, ReplaceProvisions | DeleteProvisions):
            yield from op.targets
