"""Checks of what a motion states against what it does: page hints, the quoted current text,
the stated result, and citations elsewhere that its renumbering breaks."""

from __future__ import annotations

import difflib

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.book.text import render_provision
from motions.drafting.application import (
    ApplicationState,
    without_own_label,
)
from motions.drafting.motion import (
    Location,
)
from motions.drafting.quoting import fold
from motions.drafting.redline import plain, word_diff
from motions.errors import Diagnostic, Severity, error, warning


class StatedChecks(ApplicationState):
    def check_pages(self) -> None:
        """A page hint is tied to one edition: say so when it points elsewhere."""
        motion = self.motion
        cited = [motion.location] + [getattr(op, "target", None) for op in motion.operations]
        seen: set[Address] = set()
        for location in cited:
            if not isinstance(location, Location) or location.page is None:
                continue
            provision = next(
                (p for p in map(self.original.get, location.readings) if p is not None), None
            )
            if provision is None or provision.page is None or provision.page == location.page:
                continue
            if provision.address in seen:
                continue
            seen.add(provision.address)
            self.diagnostics.append(
                Diagnostic(
                    "page-differs",
                    f"the motion cites page {location.page}; in {self.original.title} "
                    f"({self.original.edition}) {provision.address.long()} is on page "
                    f"{provision.page}",
                    Severity.NOTE,
                    location.span,
                )
            )

    def check_references(self) -> None:
        """Renumbering or deleting a provision that other rules cite breaks those citations."""
        moved = dict(self.renumbering)
        gone = set(self.deleted)
        if not moved and not gone:
            return
        from motions.book.references import find_references

        references = self.original.memo("references", lambda: find_references(self.original))
        for reference in references.references:
            if reference.source in gone:
                continue
            for target in reference.targets:
                if target not in gone and target not in moved:
                    continue
                what = (
                    f"deletes {target.compact()}"
                    if target in gone
                    else f"renumbers {target.compact()} as {moved[target].compact()}"
                )
                self.diagnostics.append(
                    warning(
                        "reference-broken",
                        f"{reference.source.compact()} cites '{reference.text}', and this motion "
                        f"{what}",
                        span=self.motion.span,
                        hint=f"add a consequential amendment to {reference.source.long()}",
                    )
                )

    def check_reads(self) -> None:
        motion = self.motion
        if motion.reads is None or motion.location is None:
            return
        provision = None
        for reading in motion.location.readings:
            provision = self.original.get(reading)
            if provision is not None:
                break
        if provision is None:
            return
        quoted = fold(without_own_label(motion.reads.text, provision))
        actual = fold(provision.text)
        if (
            quoted == actual
            or (quoted and quoted in actual)
            or quoted == fold(provision.full_text())
        ):
            return
        diff = word_diff(provision.text, without_own_label(motion.reads.text, provision))
        self.diagnostics.append(
            warning(
                "reads-stale",
                f"the text quoted as {provision.address.long()} does not match "
                f"{self.original.title} ({self.original.edition})",
                span=motion.reads.span,
                hint="drafted against another edition? differences (book → quoted): " + plain(diff),
            )
        )

    def check_will_read(self, result: Rulebook) -> None:
        """The claimed result must be the text of the location, or of a provision it changed."""
        motion = self.motion
        if motion.will_read is None:
            return
        candidates: list[Provision] = []
        if motion.location is not None:
            located = result.get(self.mapped(motion.location.address))
            if located is not None:
                candidates.append(located)
        for address_now in [*self.drafts, *(c.address for c in self.structural)]:
            changed = result.get(address_now)
            if changed is not None and changed not in candidates:
                candidates.append(changed)
        if not candidates:
            self.diagnostics.append(
                error(
                    "will-read-unchecked",
                    "the motion states what the rule will read, but changes no provision to "
                    "compare it with",
                    span=motion.will_read.span,
                    hint="give the location the stated result is for",
                )
            )
            return
        texts: list[tuple[str, str]] = []
        for provision in candidates:
            claimed = without_own_label(motion.will_read.text, provision)
            for actual in (provision.text, provision.full_text(), render_provision(provision)):
                if fold(claimed) == fold(actual) or fold(motion.will_read.text) == fold(actual):
                    return
            texts.append((provision.text, claimed))
        closest_pair = max(
            texts, key=lambda pair: difflib.SequenceMatcher(None, pair[0], pair[1]).ratio()
        )
        address = next(p.address for p in candidates if p.text == closest_pair[0])
        diff = word_diff(*closest_pair)
        self.diagnostics.append(
            error(
                "will-read-mismatch",
                f"the motion says {address.long()} will read differently from what its "
                "operations produce",
                span=motion.will_read.span,
                hint=f"differences (result → claimed): {plain(diff)}",
            )
        )
