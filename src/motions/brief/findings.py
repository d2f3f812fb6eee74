"""What falls or collides with a motion: conflict findings as plain values for the sheets.

The sheets take findings as `ConflictNote`s (the motion ids involved, a code, one sentence),
so they do not depend on the conflict checker's internals; `check_agenda` is the one place
that runs the checker and turns its report into notes.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion, card_vote_motions
from motions.conflicts import Decisions, check
from motions.drafting.motion import Motion
from motions.whip.model import Conference

#: Codes that are about two or more motions meeting: shown first, as "falls or collides".
INTERACTIONS = ("falls", "collision", "duplicate")
#: Codes that only say all is well: left off a delegate's sheet, kept in the whips' view.
REASSURING = frozenset({"compatible"})
#: Codes about how a motion is drafted, not about how to vote: for the whips' view only.
DRAFTING = frozenset(
    {
        "broken-reference",
        "renumbering-shift",
        "no-location",
        "several-subjects",
        "consequential-unlocated",
    }
)


@attrs.frozen
class ConflictNote:
    """One finding: the motions it names (by id, the first is taken first), what, and why."""

    code: str
    motions: tuple[str, ...]
    sentence: str
    remedy: str = ""

    @property
    def interaction(self) -> bool:
        return self.code in INTERACTIONS


def with_card_votes(agenda: Sequence[AgendaMotion], conference: Conference) -> tuple[Motion, ...]:
    """The agenda's motions with the card-vote number the whip book gives each.

    Card-vote numbers are known only once CAC report 1 is out (DOMAIN.md §5), so the whip book,
    not the motion's own `Card vote:` line, says which card vote decides a motion; the checker
    then takes them in card-vote order.
    """
    number: dict[str, int] = {}
    for card_vote, idents in card_vote_motions(conference.card_votes, agenda).items():
        for ident in idents:
            number.setdefault(ident, card_vote)
    out = []
    for item in agenda:
        motion = item.motion
        if item.id in number:
            header = attrs.evolve(motion.header, card_vote=str(number[item.id]))
            motion = attrs.evolve(motion, header=header)
        out.append(motion)
    return tuple(out)


def check_agenda(
    rulebook: Rulebook,
    agenda: Sequence[AgendaMotion],
    conference: Conference,
    *,
    decisions: Decisions | None = None,
) -> tuple[ConflictNote, ...]:
    """Run the conflict checker over the whole agenda and name each finding's motions by id.

    `decisions` (past conference decisions) lets the checker apply the three-year rule.
    """
    report = check(
        rulebook, with_card_votes(agenda, conference), decisions=decisions, carried=False
    )
    ids = [item.id for item in agenda]
    return tuple(
        ConflictNote(
            code=str(finding.code.value),
            motions=tuple(ids[i] for i in finding.motions),
            sentence=finding.message,
            remedy=finding.remedy,
        )
        for finding in report.findings
    )
