"""`draft_editions(old, new)`: the agenda that turns one edition into another.

Two editions (the one in force and a working copy a group edited by hand) are compared
provision by provision. Where sub-provisions were added or deleted, or a provision's own words
changed, one motion at it carries every change below it too; elsewhere one motion per provision
whose words changed. With a
package name, everything goes into one NEC-style package instead, each operation citing its
own provision. Every motion is proven against the old edition before it is returned.
"""

from __future__ import annotations

import difflib

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.book.text import render_provision
from motions.drafting.draft import _ATTEMPTS, Drafted, _drafted_provision, _verified
from motions.drafting.draft.tree import DraftError, operations
from motions.drafting.draft.wording import HouseStyle
from motions.drafting.motion import Motion
from motions.errors import error


def _sites(old: Provision, new: Provision) -> list[tuple[Provision, Provision]]:
    """The (old, new) pairs that each get a motion, in reading order."""
    if render_provision(old) == render_provision(new):
        return []
    olds = [c.full_text() for c in old.children]
    news = [c.full_text() for c in new.children]
    opcodes = difflib.SequenceMatcher(None, olds, news, autojunk=False).get_opcodes()
    structural = any(tag != "equal" and (b - a) != (d - c) for tag, a, b, c, d in opcodes)
    if structural or old.text != new.text:
        # A motion at `old` carries every change below it (its operations cover the subtree),
        # so the provisions below are not sites of their own: they would be amended twice.
        return [(old, new)]
    found: list[tuple[Provision, Provision]] = []
    for tag, a, b, c, _ in opcodes:
        if tag != "equal":
            for i in range(b - a):
                found += _sites(old.children[a + i], new.children[c + i])
    return found


def _pairs(old: Rulebook, new: Rulebook) -> list[tuple[Provision, Provision]]:
    tops_old = [t.address for t in old.children]
    tops_new = [t.address for t in new.children]
    if tops_old != tops_new:
        raise DraftError(
            error(
                "draft-structure",
                "the editions have different chapters or appendices; a motion amends rules "
                "within them",
            )
        )
    pairs: list[tuple[Provision, Provision]] = []
    for before, after in zip(old.children, new.children, strict=True):
        pairs += _sites(before, after)
    if not pairs:
        raise DraftError(error("draft-unchanged", "the two editions have the same rules"))
    for before, _ in pairs:
        if before.address.level.heading:
            raise DraftError(
                error(
                    "draft-level",
                    f"{before.address.long()} changed in a way only a new "
                    f"{before.address.level.name} could express; draft that one by hand",
                )
            )
    return pairs


def drafted_editions(
    old: Rulebook,
    new: Rulebook,
    *,
    style: HouseStyle | str = HouseStyle.LABOUR,
    package: str | None = None,
    header: tuple[tuple[str, str], ...] = (),
) -> tuple[Drafted, ...]:
    """One proven motion per changed provision, or (with `package`) one package."""
    pairs = _pairs(old, new)
    chosen = HouseStyle(style)
    if package is None:
        return tuple(_drafted_provision(old, a, b, chosen, header) for a, b in pairs)
    return (_package(old, pairs, chosen, package, header),)


def _package(
    book: Rulebook,
    pairs: list[tuple[Provision, Provision]],
    style: HouseStyle,
    package: str,
    header: tuple[tuple[str, str], ...],
) -> Drafted:
    keys = {key.lower() for key, _ in header}
    lines = [f"{key}: {value}" for key, value in header]
    if "proposer" not in keys:
        lines.append("Proposer: NEC")
    lines += [f"Package: {package}", "", "Amendments"]
    check: tuple[tuple[Address, Provision], ...] = tuple((a.address, b) for a, b in pairs)
    failure: DraftError | None = None
    for compact, safe in _ATTEMPTS:
        words: list[str] = []
        structure: list[str] = []
        for before, after in pairs:
            ops = operations(before, after, style, located=False, safe=safe, compact=compact)
            words += ops.words
            structure += ops.structure
        text = "\n".join([*lines, *words, *reversed(structure)]) + "\n"
        try:
            return _verified(book, text, check)
        except DraftError as exc:
            failure = failure or exc
    assert failure is not None
    raise failure


def draft_editions(
    old: Rulebook, new: Rulebook, *, style: HouseStyle | str = "labour"
) -> tuple[Motion, ...]:
    """The motions (proven against `old`) that turn `old` into `new`, one per change."""
    return tuple(d.motion for d in drafted_editions(old, new, style=style))
