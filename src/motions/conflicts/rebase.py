"""A motion that only amends words, carried by writing its new texts in again instead of
applying it again.

Carrying applies each motion to the edition as the motions before it left it. When nothing it
touches has changed, the motion's own result (its `Outcome`, worked out against the book)
is spliced in as it is. About a third of the motions at a large agenda are not so lucky: an
earlier motion amended a provision below the one it amends, or renumbered the provisions
around it, and applying it again was most of what carrying cost. For a motion that only
replaces, inserts or deletes words, what it does to a provision depends on nothing but that
provision's own text (not its children, its label or its neighbours). So when every provision
it changes still has the text, heading and closing it had in the book, wherever it stands now,
applying it again would write the same new texts there: this module writes them in directly.

What this leaves to applying again: a motion that states what the amended rule will read (the
statement is compared with the provision and its children as they are now), one that changes
anything but words, one whose provision's own words an earlier motion changed, and one that
did not apply to the book in the first place (its errors are reported as applying gives them).
"""

from __future__ import annotations

from collections.abc import Iterator

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook, provision_of
from motions.conflicts.effects import Effect
from motions.conflicts.local import Overlay, resolved
from motions.drafting.motion import TEXT_OPERATIONS, Motion


def rebased(
    book: Rulebook, overlay: Overlay, motion: Motion, moved: Motion, effect: Effect
) -> tuple[tuple[Address, Provision], ...] | None:
    """For each provision `motion` changes, where it is now and its new own fields (as
    `Provision` values whose children do not matter); None if the motion must be applied
    again. `moved` is `motion` re-targeted to the current numbering (`local.retarget`)."""
    outcome = effect.outcome
    if (
        motion.will_read is not None
        or outcome is None
        or not effect.applies
        or not outcome.applied
        or outcome.renumbering
        or any(kind != "amended" for kind in outcome.kinds)
        or not all(isinstance(op, TEXT_OPERATIONS) for op in motion.operations)
    ):
        return None
    now: dict[Address, Address] = {}
    for op, op_now in zip(motion.operations, moved.operations, strict=True):
        original = resolved(motion.target_of(op), book.get)
        current = resolved(moved.target_of(op_now), overlay.own)
        if original is None or current is None or now.setdefault(original, current) != current:
            return None
    out = []
    for new in _changed(outcome.subtrees, book):
        where = now.get(new.address)
        if where is None:
            return None  # a provision it changes that no operation names: apply it again
        was = book.get(new.address)
        is_now = overlay.own(where)
        if was is None or is_now is None or not _same_own(was, is_now):
            return None
        out.append((where, new))
    return tuple(out)


def write_in(overlay: Overlay, rebased: tuple[tuple[Address, Provision], ...]) -> None:
    """Put each new text where its provision is now, under the children it has now (read
    just before each splice: two of them may be one inside the other)."""
    for where, new in rebased:
        current = overlay.get(where)
        assert current is not None, where
        overlay.splice(
            provision_of(
                current.address, current.label, new.heading, new.text, current.children,
                current.span, current.page, new.closing,
            )
        )  # fmt: skip


def _changed(subtrees: tuple[Provision, ...], book: Rulebook) -> Iterator[Provision]:
    """The provisions of `subtrees` whose own fields differ from the book's at their address
    (the path above each is rebuilt with new children only; what is the book's own object is
    not looked into)."""
    stack = list(subtrees)
    while stack:
        provision = stack.pop()
        own = book.get(provision.address)
        if own is provision:
            continue
        if own is None or not _same_own(own, provision):
            yield provision
        stack.extend(provision.children)


def _same_own(a: Provision, b: Provision) -> bool:
    """Whether two provisions say the same themselves (what a word operation reads)."""
    return a.text == b.text and a.heading == b.heading and a.closing == b.closing
