"""`apply(rulebook, motion) -> Amended`: a motion carried, with its changes and diagnostics.

A motion applies whole or not at all: if any operation cannot be applied (the provision is
absent, the quoted words are not there or are ambiguous, a new label does not fit), the result
keeps the original book, `applied` is False, and every reason is in `diagnostics`. Nothing is
ever dropped silently.

Operations apply in order, each seeing the text the ones before it left. Addresses in a motion
are written against the edition in force, so once an operation renumbers, the addresses of the
operations after it are mapped through the renumbering first. Text operations edit a `Draft`
per provision (the redline is built as they go); provision operations rebuild the tree along the
path to what they change, and return an old→new renumbering map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from motions.book.address import Address
from motions.book.fragment import parse_fragment
from motions.book.numbering import LabelKey, format_label, label_key
from motions.book.rulebook import Provision, Rulebook
from motions.book.text import render_provision
from motions.drafting.motion import (
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.ordinals import ordinal
from motions.drafting.quoting import Quoted, fold
from motions.drafting.redline import Redline, plain, whole, word_diff
from motions.drafting.textedit import Draft, closest, find, nth, sentences
from motions.errors import AddressError, Diagnostic, Severity, error, warning
from motions.source import Span

_CONTEXT = 30


@attrs.frozen
class Change:
    """What one carried motion did to one provision."""

    kind: str  # "amended", "inserted", "deleted", "replaced"
    address: Address  # where the provision is after the motion (before it, for deletions)
    redline: Redline
    original: Address | None = None  # where it was before the motion (None if new)
    #: The spans of the original text an operation read or wrote ((start, end) pairs).
    spans: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class Amended:
    """A rule book after a motion: the new book, the changes, renumbering, diagnostics."""

    rulebook: Rulebook
    motion: Motion
    changes: tuple[Change, ...]
    renumbering: tuple[tuple[Address, Address], ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def applied(self) -> bool:
        return not any(
            d.severity is Severity.ERROR and d.code in _BLOCKING for d in self.diagnostics
        )

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    def to_dict(self) -> dict[str, object]:
        """As `motions diff --format json` prints this one motion (docs/json.md)."""
        from motions.drafting.plain import redlines_document

        return redlines_document((self,))


#: Errors that stop a motion from applying (the others are about its claims, not its effect).
_BLOCKING = frozenset(
    {
        "address-absent", "words-not-found", "words-ambiguous", "sentence-missing",
        "sentence-mismatch", "operation-without-location", "these-words-unquoted",
        "label-out-of-sequence", "fragment", "provisions-not-siblings", "insert-where",
        "occurrence-missing",
    }
)  # fmt: skip


class _Failed(Exception):
    """One operation could not be applied (its diagnostics are already recorded)."""


def _context(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return (
        ("…" if left else "")
        + text[left:start]
        + "⟨"
        + text[start:end]
        + "⟩"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class _Application:
    def __init__(self, book: Rulebook, motion: Motion) -> None:
        self.original = book
        self.book = book
        self.motion = motion
        self.drafts: dict[Address, Draft] = {}
        self.spans: dict[Address, list[tuple[int, int]]] = {}
        self.structural: list[Change] = []
        #: original address → address now, for every provision moved so far.
        self.renumbering: dict[Address, Address] = {}
        self.origins: dict[Address, Address] = {}
        self.deleted: list[Address] = []
        self.diagnostics: list[Diagnostic] = []

    # -- where ------------------------------------------------------------------------------

    def mapped(self, address: Address) -> Address:
        """An address of the edition in force, mapped through renumbering done so far."""
        moved = self.renumbering.get(address)
        if moved is not None:
            return moved
        for ancestor in reversed(list(address.ancestors())):
            top = self.renumbering.get(ancestor)
            if top is not None:
                return attrs.evolve(address, labels=top.labels + address.labels[ancestor.depth :])
        return address

    def provision(self, location: Location | None, span: Span | None) -> Provision:
        if location is None:
            self.fail(
                "operation-without-location",
                "this operation names no provision to act on",
                span,
                "give the motion a location ('Chapter 4, Clause II, rule 2.B.i reads as "
                "follows: ...') or begin the operation with one ('Chapter 4, Clause II, "
                "rule 2.B.i: delete ...')",
            )
        assert location is not None
        if any(
            location.address == gone or gone.contains(location.address) for gone in self.deleted
        ):
            self.fail(
                "address-absent",
                f"{location.address.long()} was deleted by an earlier operation of this motion",
                location.span or span,
            )
        for reading in location.readings:
            found = self.book.get(self.mapped(reading))
            if found is not None:
                return found
        absent: AddressError = self.original.absent(location.address, location.text or None)
        first = absent.first
        self.diagnostics.append(attrs.evolve(first, span=location.span or span))
        raise _Failed

    def fail(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(error(code, message, span=span, hint=hint))
        raise _Failed

    # -- text -------------------------------------------------------------------------------

    def draft(self, provision: Provision) -> Draft:
        draft = self.drafts.get(provision.address)
        if draft is None:
            draft = Draft.of(provision.text)
            self.drafts[provision.address] = draft
        return draft

    def record(self, provision: Provision, draft: Draft, start: int, end: int) -> None:
        self.spans.setdefault(provision.address, []).append(draft.original_span(start, end))

    def anchored(
        self, provision: Provision, anchor: Anchor, span: Span | None
    ) -> list[tuple[int, int]]:
        """The after-text ranges an anchor picks out, or a diagnostic saying why none."""
        draft = self.draft(provision)
        text = draft.after
        low, high = 0, len(text)
        if anchor.sentence is not None:
            chosen = nth(sentences(text), anchor.sentence)
            if chosen is None:
                self.fail(
                    "sentence-missing",
                    f"{provision.address.long()} has {len(sentences(text))} sentence(s); "
                    f"there is no {_nth_sentence(anchor.sentence)}",
                    span,
                )
            assert chosen is not None
            low, high = chosen
        found = [(s + low, e + low) for s, e in find(text[low:high], anchor.words.text)]
        where = anchor.words.span or span
        if not found:
            self.not_found(provision, anchor.words, text, where)
        if anchor.every:
            return found
        if anchor.occurrence is not None:
            picked = nth(found, anchor.occurrence)
            if picked is None:
                self.fail(
                    "occurrence-missing",
                    f"'{anchor.words.text}' occurs {len(found)} time(s) in "
                    f"{provision.address.long()}; there is no occurrence {anchor.occurrence}",
                    where,
                    f"occurrences are counted in the provision's own text: '{_shorten(text)}'",
                )
            assert picked is not None
            return [picked]
        if len(found) > 1 and anchor.edge is not None:
            return [found[0] if anchor.edge is Position.START else found[-1]]
        if len(found) > 1:
            places = "; ".join(f"{i}: {_context(text, s, e)}" for i, (s, e) in enumerate(found, 1))
            self.fail(
                "words-ambiguous",
                f"'{anchor.words.text}' occurs {len(found)} times in {provision.address.long()}: "
                f"{places}",
                where,
                "say which: 'the second ...', or 'wherever it occurs'",
            )
        return found

    def not_found(self, provision: Provision, words: Quoted, text: str, span: Span | None) -> None:
        guess = closest(text, words.text)
        elsewhere = [
            p.address.compact()
            for p in self.book.walk()
            if p.address != provision.address and p.text and find(p.text, words.text)
        ][:5]
        hint = []
        if guess:
            hint.append(f"did you mean '{guess}'?")
        if elsewhere:
            hint.append(f"The words occur exactly in {', '.join(elsewhere)}.")
        hint.append(f"The rule reads: '{_shorten(text)}'")
        self.fail(
            "words-not-found",
            f"'{words.text}' does not occur in {provision.address.long()}",
            span,
            " ".join(hint),
        )

    def replace_words(self, op: ReplaceWords | DeleteWords) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        ranges = self.anchored(provision, op.anchor, op.span)
        new = _house_style(op.new.text, provision.text) if isinstance(op, ReplaceWords) else ""
        for start, end in reversed(ranges):
            self.record(provision, draft, start, end)
            if not new:
                start, end = _with_space(draft.after, start, end)
            draft.edit(start, end, new)

    def insert_words(self, op: InsertWords) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        text = draft.after
        if op.position in (Position.START, Position.END):
            low, high = 0, len(text)
            if op.sentence is not None:
                chosen = nth(sentences(text), op.sentence)
                if chosen is None:
                    self.fail(
                        "sentence-missing",
                        f"{provision.address.long()} has {len(sentences(text))} sentence(s); "
                        f"there is no {_nth_sentence(op.sentence)}",
                        op.span,
                    )
                assert chosen is not None
                low, high = chosen
            at = low if op.position is Position.START else high
            self.record(provision, draft, at, at)
            draft.edit(at, at, _joined(text, at, _house_style(op.new.text, provision.text)))
            return
        assert op.anchor is not None
        for start, end in reversed(self.anchored(provision, op.anchor, op.span)):
            at = end if op.position is Position.AFTER else start
            self.record(provision, draft, start, end)
            draft.edit(at, at, _joined(draft.after, at, _house_style(op.new.text, provision.text)))

    def replace_quoted(self, op: ReplaceQuoted) -> None:
        if self.motion.reads is None:
            self.fail(
                "these-words-unquoted",
                "'these words' refers to no quoted text",
                op.span,
                "quote the words first: '... reads as follows: \"...\"'",
            )
        assert self.motion.reads is not None
        anchor = Anchor(self.motion.reads)
        self.replace_words(ReplaceWords(anchor, op.new, op.target, op.span))

    def replace_sentence(self, op: ReplaceSentence) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        text = draft.after
        chosen = nth(sentences(text), op.sentence)
        if chosen is None:
            self.fail(
                "sentence-missing",
                f"{provision.address.long()} has {len(sentences(text))} sentence(s), so "
                f"there is no {_nth_sentence(op.sentence)}",
                op.span,
                f"the rule reads: '{_shorten(text)}'",
            )
        assert chosen is not None
        start, end = chosen
        if op.expected is not None and fold(op.expected.text) != fold(text[start:end]):
            diff = word_diff(op.expected.text, text[start:end])
            self.fail(
                "sentence-mismatch",
                f"the {_nth_sentence(op.sentence)} of {provision.address.long()} does not "
                "read as quoted",
                op.expected.span or op.span,
                f"it reads: '{text[start:end]}' (differences: {_plain(diff)})",
            )
        self.record(provision, draft, start, end)
        draft.edit(start, end, _house_style(op.new.text, provision.text))

    # -- provisions -------------------------------------------------------------------------

    def rebuild(self, parent: Address | None, children: tuple[Provision, ...]) -> None:
        """Replace `parent`'s children (the book's tops when None) along a copied path."""
        if parent is None:
            self.book = attrs.evolve(self.book, children=children)
            return
        path = self.book.path_to(self.book.get(parent))  # type: ignore[arg-type]
        replacement = path[-1].with_children(children)
        for ancestor in reversed(path[:-1]):
            kids = tuple(
                replacement if c.address == replacement.address else c for c in ancestor.children
            )
            replacement = ancestor.with_children(kids)
        tops = tuple(
            replacement if t.address == replacement.address else t for t in self.book.children
        )
        self.book = attrs.evolve(self.book, children=tops)

    def siblings(self, parent: Address | None) -> tuple[Provision, ...]:
        if parent is None:
            return self.book.children
        found = self.book.get(parent)
        return found.children if found is not None else ()

    def relabel(
        self, provision: Provision, address: Address, moves: list[tuple[Address, Address]]
    ) -> Provision:
        """`provision` moved to `address` with its descendants; the moves are noted in `moves`."""
        if provision.address != address:
            moves.append((provision.address, address))
        children = tuple(self.relabel(c, address.child(c.label), moves) for c in provision.children)
        return attrs.evolve(provision, address=address, label=address.label, children=children)

    def commit_moves(self, moves: list[tuple[Address, Address]]) -> None:
        """Move drafts and origins all at once: a shift reuses the addresses it vacates."""
        origins = {new: self.origins.get(old, old) for old, new in moves}
        drafts = {new: self.drafts[old] for old, new in moves if old in self.drafts}
        spans = {new: self.spans[old] for old, new in moves if old in self.spans}
        for old, _ in moves:
            self.origins.pop(old, None)
            self.drafts.pop(old, None)
            self.spans.pop(old, None)
        self.origins.update(origins)
        self.drafts.update(drafts)
        self.spans.update(spans)
        for new, origin in origins.items():
            self.renumbering[origin] = new

    def shift(self, siblings: list[Provision], start: int, by: int) -> list[Provision]:
        """Renumber siblings from index `start` on by `by` places (inserted labels keep theirs)."""
        out = list(siblings[:start])
        moves: list[tuple[Address, Address]] = []
        for provision in siblings[start:]:
            level = provision.address.level
            key = label_key(provision.label, level.style)
            if key is None or key.ordinal + by < 1:
                out.append(provision)
                continue
            label = format_label(LabelKey(key.ordinal + by, key.suffix), level.style)
            out.append(self.relabel(provision, provision.address.sibling(label), moves))
        self.commit_moves(moves)
        return out

    def delete_provisions(self, op: DeleteProvisions) -> None:
        found = [self.provision(t, op.span) for t in op.targets]
        for provision in sorted(found, key=lambda p: p.address.sort_key(), reverse=True):
            parent = provision.address.parent
            siblings = list(self.siblings(parent))
            index = siblings.index(provision)
            self.structural.append(
                Change(
                    "deleted",
                    provision.address,
                    whole(render_provision(provision), ""),
                    self.original_address(provision.address),
                )
            )
            self.forget(provision)
            self.deleted.append(self.original_address(provision.address))
            del siblings[index]
            if op.renumber:
                siblings = self.shift(siblings, index, -1)
            self.rebuild(parent, tuple(siblings))

    def forget(self, provision: Provision) -> None:
        for inner in provision.walk():
            self.drafts.pop(inner.address, None)
            self.spans.pop(inner.address, None)

    def original_address(self, address: Address) -> Address:
        return self.origins.get(address, address)

    def fragment(
        self, parent: Address, label: str, text: Quoted, span: Span | None
    ) -> tuple[Provision, ...]:
        level = parent.scheme.sequence(parent.root)[parent.depth]
        body = text.raw.strip() if "\n" in text.raw.strip() else text.text
        marker = level.marker(label, parent.label)
        if not fold(body).startswith(fold(marker)):
            body = f"{marker} {body}"
        provisions, problems = parse_fragment(
            body, parent, label, filename=span.filename if span else "<quote>"
        )
        if any(p.severity is Severity.ERROR for p in problems):
            details = "; ".join(p.message for p in problems if p.severity is Severity.ERROR)
            self.fail(
                "fragment",
                f"the quoted provisions cannot be read: {details}",
                text.span or span,
                "quote each provision with its label, in order: '5. ... A. ... B. ... 6. ...'",
            )
        return provisions

    def insert_provision(self, op: InsertProvision) -> None:
        parent = self.provision(op.parent, op.span)
        siblings = list(parent.children)
        level = parent.address.scheme.sequence(parent.address.root)[parent.address.depth]
        if op.after is not None:
            after = self.provision(op.after, op.span)
            if after not in siblings:
                self.fail(
                    "label-out-of-sequence",
                    f"{after.address.long()} does not stand in {parent.address.long()}, so the "
                    "new provision cannot follow it there",
                    op.after.span or op.span,
                    "name the provision the new one follows within the same rule",
                )
            index = siblings.index(after) + 1
        elif op.before is not None:
            before = self.book.get(self.mapped(op.before.address))
            index = siblings.index(before) if before is not None else len(siblings)
        else:
            index = len(siblings)
        key = label_key(op.label, level.style)
        previous = label_key(siblings[index - 1].label, level.style) if index > 0 else None
        expected = LabelKey(previous.ordinal + 1) if previous is not None else LabelKey(1)
        fits = key is not None and (
            key == expected
            or (previous is not None and key.ordinal == previous.ordinal and key.suffix)
        )
        if not fits:
            want = format_label(expected, level.style)
            self.fail(
                "label-out-of-sequence",
                f"a new {level.name} {op.label} cannot stand at that place in "
                f"{parent.address.long()}: the label there is {want}",
                op.span,
                f"call it {level.name} {want}, or insert it elsewhere",
            )
        clash = index < len(siblings) and siblings[index].label == op.label
        new = self.fragment(parent.address, op.label, op.text, op.span)
        if clash:
            siblings = self.shift(siblings, index, len(new))
            if not op.renumber:
                self.diagnostics.append(
                    warning(
                        "renumbered",
                        f"inserting {level.name} {op.label} renumbers the {level.name}s after it "
                        f"in {parent.address.long()}",
                        span=op.span,
                        hint="say 'and renumber accordingly' to make it explicit",
                    )
                )
        siblings[index:index] = list(new)
        for provision in new:
            self.structural.append(
                Change("inserted", provision.address, whole("", render_provision(provision)))
            )
        self.rebuild(parent.address, tuple(siblings))

    def replace_provisions(self, op: ReplaceProvisions) -> None:
        found = [self.provision(t, op.span) for t in op.targets]
        parent = found[0].address.parent
        siblings = list(self.siblings(parent))
        indexes = sorted(siblings.index(p) for p in found if p in siblings)
        if len(indexes) != len(found):
            self.fail(
                "provisions-not-siblings",
                "the provisions to replace do not all stand in the same place",
                op.span,
                "replace them in separate operations",
            )
        between = [
            p.address.compact() for p in siblings[indexes[0] : indexes[-1] + 1] if p not in found
        ]
        if between:
            self.fail(
                "provisions-not-siblings",
                f"the provisions to replace are not consecutive: {', '.join(between)} stands "
                "between them",
                op.span,
                f"include {', '.join(between)} in the replacement, or replace them separately",
            )
        first = siblings[indexes[0]]
        if parent is None:
            self.fail("fragment", "a motion cannot replace whole chapters", op.span)
        assert parent is not None
        new = self.fragment(parent, first.label, op.text, op.span)
        old_text = "\n".join(render_provision(p) for p in found)
        new_text = "\n".join(render_provision(p) for p in new)
        for provision in found:
            self.forget(provision)
        end = indexes[-1] + 1
        rest = siblings[end:]
        if rest and new:
            level = first.address.level
            last_new = label_key(new[-1].label, level.style)
            next_old = label_key(rest[0].label, level.style)
            if (
                last_new is not None
                and next_old is not None
                and next_old.ordinal != last_new.ordinal + 1
                and not next_old.suffix
            ):
                rest = self.shift(rest, 0, last_new.ordinal + 1 - next_old.ordinal)
        siblings = siblings[: indexes[0]] + list(new) + rest
        self.structural.append(
            Change(
                "replaced",
                new[0].address if new else first.address,
                word_diff(old_text, new_text),
                first.address,
            )
        )
        self.rebuild(parent, tuple(siblings))

    # -- the whole motion ---------------------------------------------------------------

    def operation(self, op: Operation) -> None:
        if isinstance(op, ReplaceWords | DeleteWords):
            self.replace_words(op)
        elif isinstance(op, InsertWords):
            self.insert_words(op)
        elif isinstance(op, ReplaceQuoted):
            self.replace_quoted(op)
        elif isinstance(op, ReplaceSentence):
            self.replace_sentence(op)
        elif isinstance(op, DeleteProvisions):
            self.delete_provisions(op)
        elif isinstance(op, InsertProvision):
            self.insert_provision(op)
        elif isinstance(op, ReplaceProvisions):
            self.replace_provisions(op)
        elif isinstance(op, Consequential):
            words = f" where '{op.words.text}' is mentioned" if op.words else ""
            self.diagnostics.append(
                warning(
                    "consequential-unlocated",
                    f"the consequential amendments{words} name no location, so nothing is "
                    "changed for them",
                    span=op.span,
                    hint="write each consequential change as its own operation with its "
                    "address; the Conference Arrangements Committee may rule it out as it stands",
                )
            )

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
        quoted = fold(_strip_marker(motion.reads.text, provision))
        actual = fold(provision.text)
        if (
            quoted == actual
            or (quoted and quoted in actual)
            or quoted == fold(provision.full_text())
        ):
            return
        diff = word_diff(provision.text, _strip_marker(motion.reads.text, provision))
        self.diagnostics.append(
            warning(
                "reads-stale",
                f"the text quoted as {provision.address.long()} does not match "
                f"{self.original.title} ({self.original.edition})",
                span=motion.reads.span,
                hint="drafted against another edition? differences (book → quoted): "
                + _plain(diff),
            )
        )

    def check_will_read(self, result: Rulebook) -> None:
        """The claimed result must be the text of the location, or of a provision it changed."""
        motion = self.motion
        if motion.will_read is None or motion.location is None:
            return
        address = self.mapped(motion.location.address)
        located = result.get(address)
        candidates = [located] if located is not None else []
        for address_now in [*self.drafts, *(c.address for c in self.structural)]:
            changed = result.get(address_now)
            if changed is not None and changed not in candidates:
                candidates.append(changed)
        if not candidates:
            return
        texts: list[tuple[str, str]] = []
        for provision in candidates:
            claimed = _strip_marker(motion.will_read.text, provision)
            for actual in (provision.text, provision.full_text(), render_provision(provision)):
                if fold(claimed) == fold(actual) or fold(motion.will_read.text) == fold(actual):
                    return
            texts.append((provision.text, claimed))
        import difflib

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
                hint=f"differences (result → claimed): {_plain(diff)}",
            )
        )

    def run(self) -> Amended:
        self.check_pages()
        self.check_reads()
        failed = False
        for op in self.motion.operations:
            try:
                self.operation(op)
            except _Failed:
                failed = True
        if failed:
            return Amended(self.original, self.motion, (), (), tuple(self.diagnostics))
        result = self.materialise()
        self.check_will_read(result)
        self.check_references()
        changes = [
            Change(
                "amended",
                address,
                draft.redline(),
                self.original_address(address),
                tuple(self.spans.get(address, ())),
            )
            for address, draft in self.drafts.items()
            if draft.redline().changed
        ]
        return Amended(
            result,
            self.motion,
            tuple(changes) + tuple(self.structural),
            tuple(self.renumbering.items()),
            tuple(self.diagnostics),
        )

    def materialise(self) -> Rulebook:
        """The book with every draft's text written in."""
        for address, draft in self.drafts.items():
            provision = self.book.get(address)
            if provision is None or provision.text == draft.after:
                continue
            updated = provision.with_text(draft.after)
            parent = address.parent
            siblings = tuple(updated if s.address == address else s for s in self.siblings(parent))
            self.rebuild(parent, siblings)
        return self.book


def _with_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a deletion by one adjacent space so no double space is left behind."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == " "):
        return start, end + 1
    if start > 0 and text[start - 1] == " " and (end == len(text) or not text[end].isalnum()):
        return start - 1, end
    return start, end


def _joined(text: str, at: int, new: str) -> str:
    """`new` with the space it needs to sit at `at` in `text`."""
    if not text:
        return new
    if at >= len(text):
        return new if new[:1] in ",.;:)" else " " + new
    if at == 0:
        return new + " "
    if text[at - 1] == " ":
        return new + " "
    return new if new[:1] in ",.;:)" else " " + new


_CURLY_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")


def _house_style(new: str, existing: str) -> str:
    """New words with the book's apostrophe: a curly one typed into a provision that does not
    use curly ones is made straight, so "Party’s" does not show as a change of "Party's"."""
    if "’" in existing:
        return new
    return _CURLY_APOSTROPHE.sub("'", new)


def _nth_sentence(number: int) -> str:
    return f"{ordinal(number)} sentence"


def _strip_marker(text: str, provision: Provision) -> str:
    marker = provision.title().split(" ")[0] if not provision.heading else ""
    stripped = text.strip()
    return stripped[len(marker) :].strip() if marker and stripped.startswith(marker) else stripped


def _plain(redline: Redline) -> str:
    return plain(redline)


def apply(rulebook: Rulebook, motion: Motion) -> Amended:
    """The book with `motion` carried, or the book unchanged with every reason it cannot be."""
    return _Application(rulebook, motion).run()


def apply_all(
    rulebook: Rulebook, motions: Iterable[Motion]
) -> tuple[Rulebook, tuple[Amended, ...]]:
    """Carry `motions` in order; each sees the book the ones before it left."""
    results = []
    book = rulebook
    for motion in motions:
        amended = apply(book, motion)
        results.append(amended)
        book = amended.rulebook
    return book, tuple(results)
