"""Findings about single motions: what the CAC would rule out, and what cannot be applied.

`motions.drafting.admissibility` already judges a motion's location and subjects; this module
turns its diagnostics into findings, adds consequential changes that name no location, the
three-year rule against a record of past decisions, and motions that cannot be applied to the
book at all.
"""

from __future__ import annotations

from motions.book.address import Address
from motions.conflicts.agenda import Agenda, join, quote
from motions.conflicts.decisions import Bar, Decisions, part
from motions.conflicts.model import Code, Finding
from motions.drafting.admissibility import admissibility, subject_of
from motions.drafting.motion import Consequential
from motions.errors import Severity


def admissible(agenda: Agenda, decisions: Decisions | None) -> list[Finding]:
    findings: list[Finding] = []
    conference = _conference(agenda, decisions)
    bar = Bar(decisions, conference) if decisions is not None and conference is not None else None
    for index, motion in enumerate(agenda.motions):
        name = agenda.labels[index]
        effect = agenda.effects[index]
        located = True
        for diagnostic in admissibility(motion):
            if diagnostic.code == "cac-no-location":
                located = False
                findings.append(
                    Finding(
                        Code.NO_LOCATION,
                        (index,),
                        (),
                        f"{name} cites no chapter or clause of the rule book: the Conference "
                        "Arrangements Committee will rule it out of order",
                        "Name the provision it changes, e.g. 'Chapter 4, Clause II, rule 2.B.i "
                        "reads as follows: ...', before the deadline.",
                    )
                )
            elif diagnostic.code == "cac-several-subjects":
                subjects = tuple(
                    sorted(
                        {subject_of(a) for a in effect.written or effect.addressed},
                        key=lambda a: a.sort_key(),
                    )
                )
                findings.append(
                    Finding(
                        Code.SEVERAL_SUBJECTS,
                        (index,),
                        subjects,
                        f"{name} changes {len(subjects) or 'several'} parts of the rules "
                        f"({join([s.compact() for s in subjects])}): a CLP amendment must deal "
                        "with one subject only",
                        "Split it into separate amendments, one per part (a CLP may submit only "
                        "one, so choose), or show in the supporting argument that the changes "
                        "serve one purpose.",
                    )
                )
        for op in motion.operations:
            if isinstance(op, Consequential):
                words = f" where {quote(op.words.text)} is mentioned" if op.words else ""
                findings.append(
                    Finding(
                        Code.CONSEQUENTIAL_UNLOCATED,
                        (index,),
                        (),
                        f"{name} asks for consequential amendments{words} without saying where: "
                        "nothing can be changed for them, and the CAC may rule the motion out",
                        "Write each consequential change as its own operation with its address"
                        + (
                            f" (`motions refs` and a search for {quote(op.words.text)} "
                            "list the places)"
                            if op.words
                            else ""
                        )
                        + ".",
                    )
                )
        if not effect.applies and located:
            errors = tuple(d for d in effect.diagnostics if d.severity is Severity.ERROR)
            first = errors[0] if errors else None
            book = agenda.book
            drafted = motion.header.edition
            stale = (
                f" (it was drafted against the {drafted} edition)"
                if drafted and drafted.strip() != book.edition.strip()
                else ""
            )
            findings.append(
                Finding(
                    Code.NOT_APPLICABLE,
                    (index,),
                    effect.addressed,
                    f"{name} cannot be applied to {book.title} ({book.edition}) as drafted{stale}"
                    + (f": {first.message}" if first else ""),
                    "Redraft it against the edition in force"
                    + (f"; {first.hint}" if first and first.hint else "."),
                    diagnostics=errors,
                )
            )
        if bar is not None and not motion.header.is_nec:
            findings.extend(_three_year(agenda, index, bar))
    return findings


def _conference(agenda: Agenda, decisions: Decisions | None) -> int | None:
    if decisions is not None and decisions.conference is not None:
        return decisions.conference
    edition = agenda.book.edition.strip()
    return int(edition[:4]) if edition[:4].isdigit() else None


def _three_year(agenda: Agenda, index: int, bar: Bar) -> list[Finding]:
    effect = agenda.effects[index]
    name = agenda.labels[index]
    addresses: tuple[Address, ...] = effect.written or effect.addressed
    findings = []
    granularity = bar.decisions.granularity
    for address, decision in bar.barring(addresses):
        unit = part(decision.address, granularity)
        until = decision.year + bar.decisions.years + 1
        title = f" ({quote(decision.title)})" if decision.title else ""
        findings.append(
            Finding(
                Code.THREE_YEAR_RULE,
                (index,),
                (address, unit),
                f"{name} amends {address.compact()}, in {unit.long()}, on which conference decided "
                f"in {decision.year}{title}, {decision.outcome}: under the three-year rule it "
                f"cannot be heard before {until} unless the NEC deems it urgent",
                f"Hold it until {until}, or ask the NEC to deem it urgent; if its primary purpose "
                f"differs from the {decision.year} decision's, say so in the supporting argument.",
                decision=decision,
            )
        )
    return findings
