"""From an old and a new provision (with their sub-provisions) to the operations of a motion.

Sub-provisions are aligned by their words (difflib over each one's full text): one that only
changed its words is matched and drafted with word operations; one with no partner is deleted
or inserted as a whole, "and renumber accordingly" when others move. Every citation is written
against the edition in force, as drafters do: `apply` maps later operations through the
renumbering of earlier ones. So word operations come first, in reading order; then the
insertions and deletions, deepest first and from the end of each list back, which lets each
new label follow on from the unchanged sibling before it.
"""

from __future__ import annotations

import difflib

import attrs

from motions.book.address import Address
from motions.book.numbering import LabelKey, format_label, label_key
from motions.book.rulebook import Provision
from motions.book.text import render_provision
from motions.drafting.draft.align import plan
from motions.drafting.draft.wording import (
    HouseStyle,
    NewProvision,
    cite,
    deletion,
    insertion,
    word_operation,
)
from motions.errors import MotionsError, error


class DraftError(MotionsError):
    """An edit that cannot be drafted as a motion, or a draft that does not do the edit."""


@attrs.frozen
class Operations:
    """The sentences of a motion's operations: word operations, then structural ones."""

    words: tuple[str, ...] = ()
    structure: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.words + self.structure


def relabelled(provision: Provision, address: Address) -> Provision:
    """`provision` standing at `address`, its sub-provisions moved with it."""
    children = tuple(relabelled(c, address.child(c.label)) for c in provision.children)
    return attrs.evolve(provision, address=address, label=address.label, children=children)


def operations(
    old: Provision,
    new: Provision,
    style: HouseStyle,
    *,
    located: bool,
    safe: bool = False,
    compact: bool = False,
) -> Operations:
    """What turns `old` into `new`. `located`: `old` is the motion's own location, so its word
    operations need no citation of their own and may say "these words"."""
    if (old.heading or "") != (new.heading or ""):
        raise DraftError(
            error(
                "draft-heading",
                f"the heading of {old.address.long()} changed; a motion in the drafting "
                "language changes rule text, not headings",
                hint="change the heading by hand in the motion, or leave it as it was",
            )
        )
    words: list[str] = []
    prefix = "" if located else f"{cite(old.address, compact=compact)}: "
    for edit in plan(old.text, new.text, safe=safe):
        sentence = word_operation(edit, style, quoted_location=located)
        words.append(prefix + (sentence[0].lower() + sentence[1:] if prefix else sentence))
    structure: list[str] = []
    ours: list[str] = []
    olds, news = old.children, new.children
    matcher = difflib.SequenceMatcher(
        None, [c.full_text() for c in olds], [c.full_text() for c in news], autojunk=False
    )
    for tag, a, b, c, d in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(b - a, d - c) if tag == "replace" else 0
        for i in range(paired):
            inner = operations(
                olds[a + i], news[c + i], style, located=False, safe=safe, compact=compact
            )
            words.extend(inner.words)
            structure.extend(inner.structure)
        for i in range(a + paired, b):
            last = i == len(olds) - 1 and d == len(news)
            ours.append(deletion(olds[i].address, last=last, compact=compact))
        if c + paired < d:
            ours.extend(_insertions(old, news[c + paired : d], a + paired, compact, located))
    # Deeper structure first (it cites addresses this level's moves would shift), and this
    # level's from the end back.
    return Operations(tuple(words), tuple(structure) + tuple(reversed(ours)))


def _insertions(
    parent: Provision, new: tuple[Provision, ...], at: int, compact: bool, located: bool
) -> list[str]:
    """One operation inserting `new` (one or several consecutive sub-provisions, quoted
    together) before the old sibling at index `at`, labelled on from the one before it."""
    olds = parent.children
    level = parent.address.scheme.sequence(parent.address.root)[parent.address.depth]
    before = olds[at - 1] if at > 0 else None
    key = label_key(before.label, level.style) if before is not None else None
    first = key.ordinal + 1 if key else 1
    sources = []
    for offset, provision in enumerate(new):
        label = format_label(LabelKey(first + offset), level.style)
        sources.append(render_provision(relabelled(provision, parent.address.child(label))))
    place = NewProvision(
        parent.address,
        format_label(LabelKey(first), level.style),
        "\n".join(sources).strip(),
        after=before.label if before is not None else None,
        before=olds[at].label if before is None and at < len(olds) else None,
        renumbers=at < len(olds),
    )
    return [insertion(place, compact=compact, located=located)]
