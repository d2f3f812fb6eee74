"""`draft`: from an edited rule to the motion that makes the edit, proven before it is shown.

A CLP secretary knows what the rule should say; the hard part is the wording the Conference
Arrangements Committee expects. `drafted` aligns the old and new text word by word, words the
fewest clear operations in a house style, and then reads its own motion back with the motion
reader and carries it with `apply`: only if that gives exactly the requested provision is the
motion returned. If the cheapest wording does not, a plainer one is tried (every change a
replacement with its context quoted); if none does, `DraftError`, never a wrong motion.
"""

from __future__ import annotations

import attrs

from motions.book.address import Address
from motions.book.fragment import parse_fragment
from motions.book.rulebook import Provision, Rulebook
from motions.book.text import render_provision
from motions.drafting.admissibility import admissibility
from motions.drafting.apply import Amended, apply
from motions.drafting.draft.tree import DraftError, Operations, operations, relabelled
from motions.drafting.draft.wording import HouseStyle, cite, quote
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motion
from motions.drafting.redline import plain, word_diff
from motions.errors import Diagnostic, MotionsError, Severity, error

__all__ = [
    "DraftError",
    "Drafted",
    "HouseStyle",
    "draft",
    "draft_editions",
    "drafted",
    "drafted_editions",
    "target_of",
]


#: The wordings tried in turn: (compact citations, every change a quoted replacement).
_ATTEMPTS = ((False, False), (False, True), (True, False), (True, True))


@attrs.frozen
class Drafted:
    """A drafted motion: its text as printed, the motion read back from it, what carrying it
    gives, and what `lint` would say about it (warnings and notes; errors never get here)."""

    text: str
    motion: Motion
    amended: Amended
    findings: tuple[Diagnostic, ...]


def target_of(book: Rulebook, provision: Provision, new_text: str) -> Provision:
    """The provision as the user wants it. Text that opens with the provision's label, or runs
    over several lines, is its source with sub-provisions ("B. ...\\n  i. ..."); anything
    else is its own words, its sub-provisions unchanged."""
    stripped = new_text.strip()
    marker = provision.title().split(" ")[0]
    if "\n" not in stripped and not stripped.startswith(marker + " "):
        return attrs.evolve(provision, text=" ".join(stripped.split()))
    parent = provision.address.parent
    if parent is None or provision.address.level.heading:
        raise DraftError(
            error(
                "draft-level",
                f"{provision.address.long()} is a {provision.address.level.name}; edit a rule "
                "or a provision below one",
            )
        )
    found, problems = parse_fragment(stripped, parent, provision.label, filename="<edit>")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise DraftError(errors)
    if len(found) != 1:
        raise DraftError(
            error(
                "draft-several",
                f"the edited text holds {len(found)} provisions at the level of "
                f"{provision.address.long()}; edit one provision (its sub-provisions may change)",
            )
        )
    return found[0]


def _verified(book: Rulebook, text: str, check: tuple[tuple[Address, Provision], ...]) -> Drafted:
    """Read `text` back, carry it, and prove every provision in `check` comes out as wanted."""
    try:
        motion = parse_motion(text, filename="<draft>", scheme=book.scheme)
    except MotionsError as exc:
        raise DraftError(
            error("draft-unreadable", "the drafted motion does not read back: " + exc.format())
        ) from exc
    amended = apply(book, motion)
    failures = [d for d in amended.diagnostics if d.severity is Severity.ERROR]
    if failures or not amended.applied:
        raise DraftError(failures or [error("draft-not-applied", "the draft did not apply")])
    for address, wanted in check:
        got = amended.rulebook.get(address)
        expected = render_provision(relabelled(wanted, address))
        actual = render_provision(got) if got is not None else ""
        if actual != expected:
            raise DraftError(
                error(
                    "draft-mismatch",
                    f"the drafted motion does not give the requested {address.long()}",
                    hint="differences (result → requested): " + plain(word_diff(actual, expected)),
                )
            )
    findings = tuple(
        d for d in amended.diagnostics + admissibility(motion) if d.severity is not Severity.ERROR
    )
    return Drafted(text, motion, amended, findings)


def _motion_text(
    provision: Provision,
    target: Provision,
    ops: Operations,
    header: tuple[tuple[str, str], ...],
    compact: bool,
) -> str:
    lines = [f"{key}: {value}" for key, value in header]
    if lines:
        lines.append("")
    where = cite(provision.address, compact=compact)
    if provision.text and target.text != provision.text:
        lines += [f"{where} reads as follows:", quote(provision.text), ""]
    else:
        lines += [f"{where}.", ""]
    lines += ["Amendment", *ops.all]
    if not ops.structure and target.text and target.text != provision.text:
        lines += ["", "The amended rule will read:", quote(target.text)]
    return "\n".join(lines) + "\n"


def drafted(
    book: Rulebook,
    address: str | Address,
    new_text: str,
    *,
    style: HouseStyle | str = HouseStyle.LABOUR,
    header: tuple[tuple[str, str], ...] = (),
) -> Drafted:
    """The motion that turns the provision at `address` into `new_text`, proven (see the
    module). `header`: lines such as (("Title", "..."), ("Proposer", "... CLP"))."""
    provision = book[address]
    return _drafted_provision(
        book, provision, target_of(book, provision, new_text), HouseStyle(style), header
    )


def _drafted_provision(
    book: Rulebook,
    provision: Provision,
    target: Provision,
    style: HouseStyle,
    header: tuple[tuple[str, str], ...],
) -> Drafted:
    if render_provision(relabelled(target, provision.address)) == render_provision(provision):
        raise DraftError(
            error(
                "draft-unchanged",
                f"the new text of {provision.address.long()} is the same as the old",
                hint="change the text you want the motion to change",
            )
        )
    check = ((provision.address, target),)
    failure: DraftError | None = None
    for compact, safe in _ATTEMPTS:
        ops = operations(provision, target, style, located=True, safe=safe, compact=compact)
        try:
            return _verified(book, _motion_text(provision, target, ops, header, compact), check)
        except DraftError as exc:
            failure = failure or exc
    assert failure is not None
    raise failure


def draft(
    rulebook: Rulebook, address: str | Address, new_text: str, *, style: HouseStyle | str = "labour"
) -> Motion:
    """The motion (read back from its own text, and proven) that makes the provision at
    `address` read `new_text`."""
    return drafted(rulebook, address, new_text, style=style).motion


from motions.drafting.draft.editions import draft_editions, drafted_editions  # noqa: E402
