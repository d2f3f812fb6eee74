"""Findings about numbering: renumbering shifts and broken cross-references.

A motion that inserts or deletes provisions and renumbers moves labels that other motions, and
other rules, were written against. Each motion's renumbering (old → new, descendants included)
is looked up in an index of every address each other motion names, and in an index of every
citation by the provision it cites: citations in the book's own text and in text that motions
insert. A citation is broken when what it cites is deleted, or when, read again where its
provision then stands, it no longer names the provision it named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import attrs

from motions.book.address import Address, Cited, CitedRange, Reference, parse_reference
from motions.book.references import CrossReference, find_references, references_in
from motions.book.rulebook import Rulebook
from motions.conflicts.agenda import Agenda, join, quote
from motions.conflicts.ancestry import lineage
from motions.conflicts.model import Citation, Code, Finding
from motions.errors import AddressError


def book_references(book: Rulebook) -> tuple[CrossReference, ...]:
    """Every cross-reference in the book's text.

    (`find_references` looks each citation up with `Rulebook.get` and reports a miss without
    searching for the nearest addresses, so the book is used as it is: no copy of its index.)
    """
    return find_references(book).references


def _moved(moves: dict[Address, Address], address: Address) -> Address:
    if address in moves:
        return moves[address]
    for ancestor in reversed(lineage(address)[:-1]):
        if ancestor in moves:
            return attrs.evolve(
                address, labels=moves[ancestor].labels + address.labels[ancestor.depth :]
            )
    return address


def _ends(reference: Reference, book: Rulebook) -> list[tuple[Address, ...]]:
    """The readings of each single citation and range end, in order."""
    out: list[tuple[Address, ...]] = []
    for target in reference.targets:
        for cited in (target.start, target.end) if isinstance(target, CitedRange) else (target,):
            assert isinstance(cited, Cited)
            out.append(cited.readings)
    return out


class Numbering:
    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        self.shifts()
        if any(e.removed or e.renumbering for e in self.agenda.effects):
            self.broken()
        return self.findings

    # -- renumbering shifts -------------------------------------------------------------

    def shifts(self) -> None:
        a = self.agenda
        addressed: dict[Address, list[int]] = defaultdict(list)
        for index, effect in enumerate(a.effects):
            for address in effect.addressed:
                addressed[address].append(index)
        for mover, effect in enumerate(a.effects):
            shifted: dict[int, list[tuple[Address, Address]]] = defaultdict(list)
            for old, new in effect.renumbering:
                if old == new:
                    continue
                for other in addressed.get(old, ()):
                    if other != mover:
                        shifted[other].append((old, new))
            for other, moves in sorted(shifted.items()):
                moves = sorted(set(moves), key=lambda m: m[0].sort_key())
                listed = join([f"{o.compact()} becomes {n.compact()}" for o, n in moves])
                self.findings.append(
                    Finding(
                        Code.RENUMBERING_SHIFT,
                        (mover, other),
                        tuple(o for o, _ in moves),
                        f"{a.labels[mover]} renumbers provisions that {a.labels[other]} amends: "
                        f"if {a.shorts[mover]} is carried, {listed}",
                        f"If both are carried, apply {a.shorts[other]} at the new "
                        f"address{'es' if len(moves) > 1 else ''} "
                        f"({join([n.compact() for _, n in moves])}); its proposers may say so in "
                        "the supporting argument, and the consolidated rule book must follow it.",
                        retarget=tuple(moves),
                    )
                )

    # -- broken cross-references --------------------------------------------------------

    def broken(self) -> None:
        a = self.agenda
        by_target: dict[Address, list[tuple[CrossReference, int | None]]] = defaultdict(list)
        found = a.references if a.references is not None else book_references(a.book)
        for ref in found:
            for target in ref.targets:
                by_target[target].append((ref, None))
        for index, effect in enumerate(a.effects):
            for where, text in effect.inserted:
                for ref in references_in(text, where, a.book):
                    for target in ref.targets:
                        by_target[target].append((ref, index))
        for mover, effect in enumerate(a.effects):
            if not (effect.removed or effect.renumbering):
                continue
            moves = {o: n for o, n in effect.renumbering if o != n}
            candidates: dict[
                tuple[Address, str, int, int | None], tuple[CrossReference, int | None]
            ] = {}
            for address in self.subtree(effect.removed) + tuple(moves):
                for ref, owner in by_target.get(address, ()):
                    candidates.setdefault((ref.source, ref.text, ref.start, owner), (ref, owner))
            citations: list[Citation] = []
            for ref, owner in candidates.values():
                citations.extend(self.check_citation(mover, moves, ref, owner))
            if citations:
                self.finding(mover, citations)

    def subtree(self, roots: Iterable[Address]) -> tuple[Address, ...]:
        out: list[Address] = []
        for root in roots:
            provision = self.agenda.book.get(root)
            if provision is not None:
                out.extend(p.address for p in provision.walk())
        return tuple(out)

    def check_citation(
        self, mover: int, moves: dict[Address, Address], ref: CrossReference, owner: int | None
    ) -> list[Citation]:
        a = self.agenda
        effect = a.effects[mover]
        if owner == mover:
            return []
        source = ref.source
        if any(r.contains(source) for r in effect.removed):
            return []  # the citing text goes with what it cites
        if owner is None:
            for address, spans in effect.spans:
                if address == source and any(s < ref.end and ref.start < e for s, e in spans):
                    return []  # the motion already rewrites this citation
        try:
            before = _ends(parse_reference(ref.text, context=source), a.book)
        except AddressError:
            return []
        now_source = _moved(moves, source)
        after: list[tuple[Address, ...]] | None = None
        out: list[Citation] = []
        for position, readings in enumerate(before):
            cited = next((r for r in readings if a.book.get(r) is not None), None)
            if cited is None:
                continue
            if any(r.contains(cited) for r in effect.removed):
                out.append(Citation(cited, ref.text, source, owner, None))
                continue
            now = _moved(moves, cited)
            if now == cited and now_source == source:
                continue
            if after is None:
                try:
                    after = _ends(parse_reference(ref.text, context=now_source), a.book)
                except AddressError:
                    after = []
            if position >= len(after) or now not in after[position]:
                out.append(Citation(cited, ref.text, source, owner, now))
        return out

    def finding(self, mover: int, citations: list[Citation]) -> None:
        a = self.agenda
        citations.sort(key=lambda c: (c.cited.sort_key(), c.provision.sort_key(), c.text))
        by_cited: dict[Address, list[Citation]] = defaultdict(list)
        for citation in citations:
            by_cited[citation.cited].append(citation)
        sentences, remedies = [], []
        for cited, group in by_cited.items():
            now = group[0].now
            verb = (
                f"deletes {cited.compact()}"
                if now is None
                else f"renumbers {cited.compact()} as {now.compact()}"
            )
            sentences.append(
                f"{verb}, which {join([self.citing(c) for c in group])} "
                f"cite{'s' if len(group) == 1 else ''}"
            )
            for c in group:
                place = (
                    f"in the text {a.shorts[c.motion]} inserts in {c.provision.compact()}"
                    if c.motion is not None
                    else f"in {c.provision.compact()}"
                )
                if now is None:
                    remedies.append(f"{place}, delete or replace {quote(c.text)}")
                else:
                    remedies.append(
                        f"{place}, change {quote(c.text)} to cite {now.compact()} where it "
                        f"cited {cited.compact()}"
                    )
        owners = tuple(dict.fromkeys(c.motion for c in citations if c.motion is not None))
        provisions = tuple(dict.fromkeys([*by_cited, *(c.provision for c in citations)]))
        self.findings.append(
            Finding(
                Code.BROKEN_REFERENCE,
                (mover, *a.ordered(owners)),
                provisions,
                f"{a.labels[mover]} {'; and '.join(sentences)}: "
                f"{'that citation' if len(citations) == 1 else 'those citations'} would be wrong",
                f"Add consequential amendments to {a.shorts[mover]}: {'; '.join(remedies)}.",
                citations=tuple(citations),
            )
        )

    def citing(self, citation: Citation) -> str:
        if citation.motion is not None:
            return (
                f"the text {self.agenda.labels[citation.motion]} inserts in "
                f"{citation.provision.compact()} ({quote(citation.text)})"
            )
        return f"{citation.provision.compact()} ({quote(citation.text)})"
