"""The conflict checker's values: findings, the motions they name, and the report.

Every value is frozen. A motion is named in findings by its index in the agenda as given (input
order), so two motions with the same text stay two motions; `Entry` carries what a report needs
to name it ("CV 12 (Lewisham Deptford)") and its rank in the order conference takes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

import attrs

from motions.book.address import Address
from motions.book.rulebook import Rulebook
from motions.drafting.motion import Motion
from motions.drafting.redline import Redline
from motions.errors import Diagnostic, Severity


class Code(StrEnum):
    """What a finding is about. The values are part of the JSON schema: never rename one."""

    COLLISION = "collision"
    COMPATIBLE = "compatible"
    FALLS = "falls"
    DUPLICATE = "duplicate"
    BROKEN_REFERENCE = "broken-reference"
    RENUMBERING_SHIFT = "renumbering-shift"
    THREE_YEAR_RULE = "three-year-rule"
    NO_LOCATION = "no-location"
    SEVERAL_SUBJECTS = "several-subjects"
    CONSEQUENTIAL_UNLOCATED = "consequential-unlocated"
    NOT_APPLICABLE = "not-applicable"

    @property
    def family(self) -> str:
        """ "interaction" (between motions), "numbering", "admissibility" or "drafting"."""
        return _FAMILY[self]

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self]


_FAMILY = {
    Code.COLLISION: "interaction",
    Code.COMPATIBLE: "interaction",
    Code.FALLS: "interaction",
    Code.DUPLICATE: "interaction",
    Code.BROKEN_REFERENCE: "numbering",
    Code.RENUMBERING_SHIFT: "numbering",
    Code.THREE_YEAR_RULE: "admissibility",
    Code.NO_LOCATION: "admissibility",
    Code.SEVERAL_SUBJECTS: "admissibility",
    Code.CONSEQUENTIAL_UNLOCATED: "admissibility",
    Code.NOT_APPLICABLE: "drafting",
}

_SEVERITY = {
    Code.COLLISION: Severity.ERROR,
    Code.COMPATIBLE: Severity.NOTE,
    Code.FALLS: Severity.WARNING,
    Code.DUPLICATE: Severity.WARNING,
    Code.BROKEN_REFERENCE: Severity.WARNING,
    Code.RENUMBERING_SHIFT: Severity.WARNING,
    Code.THREE_YEAR_RULE: Severity.ERROR,
    Code.NO_LOCATION: Severity.ERROR,
    Code.SEVERAL_SUBJECTS: Severity.WARNING,
    Code.CONSEQUENTIAL_UNLOCATED: Severity.WARNING,
    Code.NOT_APPLICABLE: Severity.ERROR,
}

#: The order findings are listed in when everything else is equal.
CODE_ORDER = {code: i for i, code in enumerate(Code)}


class Reason(StrEnum):
    """Why a motion falls. The values are part of the JSON schema."""

    NEC_FIRST = "nec-first"  # NEC amendments are taken first
    CARD_VOTE_ORDER = "card-vote-order"  # card votes are taken in order
    AGENDA_ORDER = "agenda-order"  # in the order the motions were given
    DELETED = "deleted"  # the provision it edits in is deleted
    REPLACED = "replaced"  # the provision it edits in is replaced
    ORDER = "order"  # once the other is carried, it can no longer be applied


@attrs.frozen
class Falls:
    """`motion` falls if `if_carried` is carried first."""

    motion: int
    if_carried: int
    reason: Reason


@attrs.frozen
class MotionRedline:
    """What one motion does to one provision, to show beside another motion's."""

    motion: int
    provision: Address
    redline: Redline


@attrs.frozen
class Citation:
    """A citation of `cited`: in the book's provision `provision`, or in text `motion` inserts."""

    cited: Address
    text: str
    provision: Address
    motion: int | None = None
    #: Where `cited` is once the renumbering motion is carried (None: it is deleted).
    now: Address | None = None


@attrs.frozen
class Decision:
    """A past conference decision on a part of the rules (for the three-year rule)."""

    year: int
    address: Address
    outcome: str
    title: str | None = None
    where: str = attrs.field(default="", eq=False)  # "decisions.toml: decision 2"


@attrs.frozen
class Finding:
    """One thing the checker found, for one motion or between several.

    `motions` are indexes into the report's entries, in precedence order (the one conference
    takes first comes first); `provisions` are addresses in the edition the motions amend.
    """

    code: Code
    motions: tuple[int, ...]
    provisions: tuple[Address, ...]
    message: str
    remedy: str
    falls: Falls | None = None
    words: str | None = None
    redlines: tuple[MotionRedline, ...] = ()
    #: For renumbering shifts: (old, new) for each address of the shifted motion.
    retarget: tuple[tuple[Address, Address], ...] = ()
    citations: tuple[Citation, ...] = ()
    decision: Decision | None = None
    #: For compatible pairs: the provisions' text after both, in either order.
    result: tuple[tuple[Address, str], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def family(self) -> str:
        return self.code.family


@attrs.frozen
class Entry:
    """One motion on the agenda, as the report names it."""

    index: int  # position in the agenda as given
    rank: int  # position in the order conference takes the motions
    label: str  # "CV 12 (Lewisham Deptford)"
    motion: Motion = attrs.field(eq=False, repr=False)
    applies: bool = True  # applies to the book on its own
    provisions: tuple[Address, ...] = ()  # what it writes, in the book's numbering

    @property
    def card_vote(self) -> str | None:
        return self.motion.header.card_vote

    @property
    def is_nec(self) -> bool:
        return self.motion.header.is_nec

    @property
    def source(self) -> str:
        return self.motion.source

    @property
    def title(self) -> str | None:
        return self.motion.header.title


@attrs.frozen
class Carried:
    """The whole agenda carried together, in precedence order."""

    order: tuple[int, ...]
    applied: tuple[int, ...]
    #: Each motion that could not then be applied, with the reasons.
    failed: tuple[tuple[int, tuple[Diagnostic, ...]], ...]
    rulebook: Rulebook = attrs.field(eq=False, repr=False)
    amended: int = 0
    inserted: int = 0
    deleted: int = 0
    replaced: int = 0
    renumbered: int = 0


@attrs.frozen
class Report:
    """Everything `check` found about an agenda."""

    rulebook: Rulebook = attrs.field(eq=False, repr=False)
    entries: tuple[Entry, ...]
    findings: tuple[Finding, ...]
    carried: Carried | None = None
    precedence: str = "NEC first, then card-vote order"

    @property
    def ranked(self) -> tuple[Entry, ...]:
        """The entries in the order conference takes them."""
        return tuple(sorted(self.entries, key=lambda e: e.rank))

    def counted(self) -> tuple[Finding, ...]:
        """The findings that make `check` fail: errors and warnings, not notes."""
        return tuple(f for f in self.findings if f.severity is not Severity.NOTE)

    @property
    def conflicts(self) -> bool:
        """Anything to act on: a counted finding, or a motion that fails when all are carried."""
        return bool(self.counted()) or bool(self.carried and self.carried.failed)

    def to_dict(self, *, verbose: bool = False) -> dict[str, object]:
        """As `motions check --format json` prints it (`verbose`: with compatible pairs)."""
        from motions.conflicts.plain import report_data

        return report_data(self, verbose=verbose)

    def involving(self, index: int) -> Iterator[Finding]:
        return (f for f in self.findings if index in f.motions)

    def isolated(self) -> tuple[Entry, ...]:
        """Motions that interact with no other motion (admissibility findings aside)."""
        busy = {
            m
            for f in self.findings
            if f.family in ("interaction", "numbering") and len(f.motions) > 1
            for m in f.motions
        }
        return tuple(e for e in self.ranked if e.index not in busy)

    def card_votes(self) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
        """The entries grouped by card vote, in precedence order (no card vote: one each)."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.ranked:
            key = f"CV {entry.card_vote}" if entry.card_vote else f"({entry.source})"
            groups.setdefault(key, []).append(entry)
        return tuple((key, tuple(group)) for key, group in groups.items())
