"""A motion applied to the one subtree it touches, without the copies of what is above it.

`effect_of` applies most motions to a single subtree of the book (`local.needs`: the
outermost of every provision the motion names). The general way, `extract(book, book.get,
{address})`, builds a small book of that subtree under a copy of each enclosing provision
holding only the way down, and applying the motion to it rebuilds those copies again for each
provision it amends (`Rulebook.with_provision` finds the way down from the top). Together
that was about a third of an effect.

Nothing a motion that applies reads or writes lies above that subtree: every reading the book
has of every location `needs` looks at is in it. So `Alone`, a book holding the subtree only,
gives what the extract gives below it: its look-ups are the extract's, and its amendments
rebuild the way down as the extract's do, stopping at the subtree. Where it cannot be sure of
that, it says so (`Watch.exact`) instead of guessing, and the caller applies the motion to
the extract as before:

- a look-up of an address above the subtree (the extract has a copy there; a motion whose
  "after" or "before" names an enclosing provision asks for one);
- an amendment the extract would make through `with_provision`'s fallback for irregular
  trees (two siblings at one address, an index holding another object than the tree);
- a provision put in the subtree whose address is shallower than the subtree's own (in the
  extract it would meet the copies above);
- anything `apply` raises (the caller's `apply_safely` turns that into a diagnostic).

`apply_alone` also leaves to the caller a motion that does not apply: its diagnostics come
from the whole book anyway, and the general way settles it.
"""

from __future__ import annotations

from motions.book.address import Address
from motions.book.rulebook import (
    Provision,
    Rulebook,
    WayDown,
    holds_at,
    rebuilt_along,
    way_down,
)
from motions.conflicts.ancestry import lineage
from motions.conflicts.local import Getter
from motions.drafting.amended import Amended
from motions.drafting.apply import apply
from motions.drafting.motion import Motion


class Watch:
    """Whether an `Alone` book (and every book amended from it) has stood exactly for the
    extract so far; shared by all of them, since `apply` replaces its book at each edit."""

    __slots__ = ("exact",)

    def __init__(self) -> None:
        self.exact = True


class Alone(Rulebook):
    """The subtree at one address, standing for `extract(book, book.get, {address})`.

    A subclass only for the two methods `apply` calls on the book it amends (`get` and
    `with_provision`); its tops are the subtree alone, so it is never handed out: the
    caller keeps what `apply` found in it and drops the book."""

    __slots__ = ("_watch",)
    _watch: Watch

    @classmethod
    def of(cls, book: Rulebook, subtree: Provision, watch: Watch) -> Alone:
        """The book of `subtree` (the provision `book.get` gives at its address), indexed in
        document order as the extract indexes it. In a `nested` book every provision in it
        is deeper than the subtree, so none meets the extract's copies above it."""
        if subtree.children:
            index = {provision.address: provision for provision in subtree.walk()}
        else:  # most motions amend one provision without children
            index = {subtree.address: subtree}
        return cls._made(book, (subtree,), index, watch)

    @classmethod
    def _made(
        cls,
        book: Rulebook,
        tops: tuple[Provision, ...],
        index: dict[Address, Provision],
        watch: Watch,
    ) -> Alone:
        made = cls.indexed(book.title, book.edition, book.scheme, tops, book.filename, index)
        assert isinstance(made, Alone)
        object.__setattr__(made, "_watch", watch)
        return made

    def get(self, address: Address) -> Provision | None:
        found = self._index.get(address)
        if found is None:
            top = self.children[0].address
            depth = len(address.labels)
            if depth < len(top.labels) and holds_at(address, top, depth):
                self._watch.exact = False  # the extract has a copy of an enclosing provision
        return found

    def with_provision(self, provision: Provision) -> Rulebook:
        """What `Rulebook.with_provision` does to the extract, below the subtree: the index
        updated in the same steps, the way down found by the same tests (one sibling with the
        address at each depth, the one the index holds), and the provisions on it rebuilt up
        to the subtree, where the extract would go on rebuilding its copies above it."""
        watch = self._watch
        address = provision.address
        top = self.children[0]
        depth = len(top.address.labels)
        old = self._index.get(address)
        if old is None or not watch.exact:
            return self._inexact()
        index = dict(self._index)
        if old.children or provision.children:
            for gone in old.walk():
                if index.pop(gone.address, None) is None:
                    return self._inexact()  # the extract's `del` raises
            for new in provision.walk():
                if len(new.address.labels) < depth:
                    return self._inexact()
                index[new.address] = new
        else:
            del index[address]
            index[address] = provision
        if old is top:  # the subtree itself (most amendments): the way down is just it
            return self._made(self, (provision,), index, watch)
        path = self._way_down(address, old, top)
        if path is None:
            return self._inexact()
        replacement = rebuilt_along(path, provision, index)
        return self._made(self, (replacement,), index, watch)

    def _way_down(self, address: Address, old: Provision, top: Provision) -> WayDown | None:
        """`Rulebook._path` of the extract, from the subtree down (above it the extract holds
        one copy at each depth, which passes its tests whenever the subtree does)."""
        labels = address.labels
        index = self._index
        first = len(top.address.labels)
        if len(labels) < first or not holds_at(top.address, address, first):
            return None
        if index.get(top.address) is not top:
            return None
        path = way_down(index, top.children, address, first + 1, [((top,), 0)])
        if path is None or path[-1][0][path[-1][1]] is not old:
            return None
        return path

    def _inexact(self) -> Rulebook:
        """Given up: noted, and this book returned unchanged (the caller drops the result)."""
        self._watch.exact = False
        return self


def nested(book: Rulebook) -> bool:
    """Whether every provision of `book` stands where its address says: the tops one label
    deep, each child's address its parent's with one more label. Then every address in the
    book has its enclosing addresses in it too, so the extract of any subtree can be built
    (`extract` asserts it), and an `Alone` may stand for it. Checked once per book."""

    def check() -> bool:
        stack = list(book.children)
        if any(len(top.address.labels) != 1 for top in stack):
            return False
        pop, extend = stack.pop, stack.extend
        while stack:
            provision = pop()
            children = provision.children
            if not children:
                continue
            parent = provision.address
            for child in children:
                address = child.address
                if address.root != parent.root or address.labels[:-1] != parent.labels:
                    return False
                if (address.at is not None or parent.at is not None) and (
                    address.positions[:-1] != parent.positions
                ):
                    return False
            extend(children)
        return True

    return book.memo("nested", check)


def apply_alone(
    book: Rulebook,
    motion: Motion,
    address: Address,
    get: Getter | None = None,
    whole: Getter | None = None,
) -> Amended | None:
    """`apply_safely(extract(book, get, {address}, whole=whole), motion, references=False)`
    when the motion applies and `Alone` could stand for the extract throughout; otherwise
    None (the caller applies it to the extract).

    `get` and `whole` as `extract` takes them (default: the book's own look-up). With the
    book's, the book must be `nested` (checked once per book); with others (an `Overlay`'s,
    carrying an agenda), each provision above `address` must be there, as `extract` asserts,
    and none in the subtree shallower than it. The result's book is an `Alone` (the subtree
    alone, as the motion left it): read it with `get` only."""
    if get is None:
        subtree = book.get(address)
        if subtree is None or not nested(book):
            return None
    else:
        subtree = (whole or get)(address)
        if subtree is None or any(get(step) is None for step in lineage(address)[:-1]):
            return None
        depth = len(address.labels)
        if any(len(inner.address.labels) < depth for inner in subtree.walk()):
            return None
    watch = Watch()
    alone = Alone.of(book, subtree, watch)
    try:
        amended = apply(alone, motion, references=False)
    except Exception:  # the extract's `apply_safely` makes the diagnostic
        return None
    if not watch.exact or not amended.applied:
        return None
    return amended
