"""The agenda under check: the motions, what each does on its own, and their precedence."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from motions.book.address import Address
from motions.book.references import CrossReference
from motions.book.rulebook import Rulebook
from motions.conflicts.effects import Effect
from motions.conflicts.model import Falls, Reason
from motions.conflicts.precedence import Precedence
from motions.drafting.motion import Motion

REASONS = {
    Reason.NEC_FIRST: "NEC amendments are taken first",
    Reason.CARD_VOTE_ORDER: "card votes are taken in order",
    Reason.AGENDA_ORDER: "they are taken in agenda order",
    Reason.DELETED: "the provision is deleted",
    Reason.REPLACED: "the provision is replaced",
    Reason.ORDER: "it can no longer be applied",
}


@attrs.frozen
class Agenda:
    book: Rulebook
    motions: tuple[Motion, ...]
    effects: tuple[Effect, ...]
    precedence: Precedence
    ranks: tuple[int, ...]
    labels: tuple[str, ...]
    #: Second mentions: "CV 12" where the card vote names one motion, else the label.
    shorts: tuple[str, ...]
    #: The book's own cross-references, when already found (by a worker process); None: find
    #: them when needed.
    references: tuple[CrossReference, ...] | None = attrs.field(default=None, eq=False, repr=False)

    def ordered(self, indexes: Iterable[int]) -> tuple[int, ...]:
        """`indexes` in precedence order, without repeats."""
        return tuple(sorted(set(indexes), key=lambda i: self.ranks[i]))

    def by_precedence(self, a: int, b: int) -> Falls:
        """The later of two colliding motions falls if the earlier is carried."""
        first, second = self.ordered((a, b))
        reason = self.precedence.reason(self.motions[first], self.motions[second])
        return Falls(second, first, reason)

    def because(self, falls: Falls) -> str:
        """The reason a motion falls, as a delegate reads it."""
        if falls.reason is Reason.CARD_VOTE_ORDER:
            first = self.motions[falls.if_carried].header.card_vote
            second = self.motions[falls.motion].header.card_vote
            if second:
                return f"card votes are taken in order, CV {first} before CV {second}"
            return f"card votes are taken first (CV {first}; {self.labels[falls.motion]} has none)"
        return REASONS[falls.reason]

    def same_card_vote(self, a: int, b: int) -> bool:
        cv = self.motions[a].header.card_vote
        return bool(cv) and cv == self.motions[b].header.card_vote

    def text(self, address: Address) -> str:
        provision = self.book.get(address)
        return provision.text if provision is not None else ""

    def names(self, indexes: Iterable[int]) -> str:
        return join([self.labels[i] for i in indexes])


def join(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def quote(words: str, limit: int = 80) -> str:
    words = " ".join(words.split())
    if len(words) > limit:
        words = words[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"'{words}'"
