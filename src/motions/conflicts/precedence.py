"""The order conference takes motions in, and how reports name them.

By default NEC amendments are taken first, then card votes in number order, then
motions without a card vote in the order they were given. Both halves are settings: `nec_first`
off treats the NEC like anyone else; `order="agenda"` ignores card-vote numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import attrs

from motions.conflicts.model import Reason
from motions.drafting.motion import Motion
from motions.numbers import natural

Order = Literal["card-vote", "agenda"]


def _card_vote_key(card_vote: str | None) -> tuple[int, int, str]:
    """Card votes sort by number ("CV 2" before "CV 10"), then by any suffix ("7a")."""
    if not card_vote:
        return (1, 0, "")
    match = re.match(r"\s*(?:cv\s*)?([0-9]+)\s*(.*)", card_vote, re.IGNORECASE)
    number = natural(match.group(1)) if match is not None else None
    if match is None or number is None:  # no number, or one past 18 digits: after the rest
        return (0, 1 << 30, card_vote)
    return (0, number, match.group(2).lower())


@attrs.frozen
class Precedence:
    """Which motion conference takes first."""

    nec_first: bool = True
    order: Order = "card-vote"

    def key(self, index: int, motion: Motion) -> tuple[object, ...]:
        nec = 0 if (self.nec_first and motion.header.is_nec) else 1
        if self.order == "card-vote":
            return (nec, _card_vote_key(motion.header.card_vote), index)
        return (nec, index)

    def ranks(self, motions: Sequence[Motion]) -> tuple[int, ...]:
        """For each motion (in the order given), its place in the order conference takes them."""
        ordered = sorted(range(len(motions)), key=lambda i: self.key(i, motions[i]))
        ranks = [0] * len(motions)
        for rank, index in enumerate(ordered):
            ranks[index] = rank
        return tuple(ranks)

    def reason(self, first: Motion, second: Motion) -> Reason:
        """Why `first` is taken before `second` (the caller has ranked them)."""
        if self.nec_first and first.header.is_nec and not second.header.is_nec:
            return Reason.NEC_FIRST
        if (
            self.order == "card-vote"
            and first.header.card_vote
            and (_card_vote_key(first.header.card_vote) != _card_vote_key(second.header.card_vote))
        ):
            return Reason.CARD_VOTE_ORDER
        return Reason.AGENDA_ORDER

    def describe(self) -> str:
        parts = ["NEC first"] if self.nec_first else []
        parts.append("card-vote order" if self.order == "card-vote" else "agenda order")
        return ", then ".join(parts)


def who(motion: Motion) -> str:
    """The proposer as a delegate names it: "Lewisham Deptford", "NEC package 2"."""
    proposer = (motion.header.proposer or "").strip()
    if motion.header.is_nec:
        package = motion.header.package
        return f"NEC package {package}" if package else "NEC"
    return re.sub(r"\s+(CLP|Constituency Labour Party)$", "", proposer, flags=re.IGNORECASE)


def label(motion: Motion) -> str:
    """How findings name a motion: "CV 12 (Lewisham Deptford)"."""
    proposer = who(motion)
    if motion.header.card_vote:
        head = f"CV {motion.header.card_vote}"
    elif motion.header.title:
        head = f"'{motion.header.title}'"
    else:
        head = motion.source
    return f"{head} ({proposer})" if proposer else head
