"""Provision-level operations: insert, replace and delete whole provisions, and renumbering."""

from __future__ import annotations

from motions.book.address import Address
from motions.book.fragment import parse_fragment
from motions.book.numbering import LabelKey, format_label, label_key
from motions.book.rulebook import Provision, provision_of
from motions.book.text import render_provision
from motions.drafting.amended import Change
from motions.drafting.application import ApplicationState, own_label_forms, without_own_label
from motions.drafting.motion import (
    DeleteProvisions,
    InsertProvision,
    InsertWords,
    Location,
    Position,
    ReplaceProvisions,
)
from motions.drafting.quoting import Quoted, fold
from motions.drafting.redline import whole, word_diff
from motions.errors import Severity, warning
from motions.source import Span


class ProvisionOperations(ApplicationState):
    def relabel(
        self, provision: Provision, address: Address, moves: list[tuple[Address, Address]]
    ) -> Provision:
        """`provision` moved to `address` with its descendants; the moves are noted in `moves`."""
        if provision.address != address:
            moves.append((provision.address, address))
        children = tuple(self.relabel(c, address.child(c.label), moves) for c in provision.children)
        # Built directly (`provision_of`), as `attrs.evolve` would with these three fields.
        p = provision
        return provision_of(
            address, address.label, p.heading, p.text, children, p.span, p.page, p.closing
        )

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
        moved: list[Provision] = []
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
            by = _closing_gap(siblings, index)
            if by:
                siblings = self.shift(siblings, index, by)
                moved.append(provision)
            self.rebuild(parent, tuple(siblings))
        if moved and not op.renumber:
            level = moved[0].address.level
            self.diagnostics.append(
                warning(
                    "renumbered",
                    f"deleting {level.name} {moved[-1].label} renumbers the {level.name}s "
                    f"after it in {_where(moved[-1].address.parent)}",
                    span=op.span,
                    hint="say 'and renumber accordingly' to make it explicit",
                )
            )

    def fragment(
        self, parent: Address, label: str, text: Quoted, span: Span | None
    ) -> tuple[Provision, ...]:
        level = parent.scheme.sequence(parent.root)[parent.depth]
        body = text.raw.strip() if "\n" in text.raw.strip() else text.text
        marker = level.marker(label, parent.label)
        if not fold(body).startswith(fold(marker)):
            body = f"{marker} {without_own_label(body, parent.child(label))}"
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
        redline = word_diff(old_text, new_text)
        if redline.changed:  # replacing a provision with what it already reads changes nothing
            self.structural.append(
                Change("replaced", new[0].address if new else first.address, redline, first.address)
            )
        self.rebuild(parent, tuple(siblings))

    def as_new_provision(self, op: InsertWords) -> InsertProvision | None:
        """'Add at the end of rule 5: "D. The NEC may ..."' on a rule whose sub-rules end at C
        adds sub-rule D, not words after the rule's last sentence."""
        if op.position is not Position.END or op.anchor is not None or op.sentence is not None:
            return None
        target = self.motion.target_of(op)
        provision = self.provision(target, op.span)
        if not provision.children or target is None:
            return None
        last = provision.children[-1]
        key = label_key(last.label, last.address.level.style)
        if key is None:
            return None
        label = format_label(LabelKey(key.ordinal + 1), last.address.level.style)
        new = provision.address.child(label)
        opening = op.new.text.strip()
        if not any(
            opening.startswith(form) and opening[len(form) : len(form) + 1] == " "
            for form in own_label_forms(new)
        ):
            return None
        return InsertProvision(Location(provision.address), label, op.new, span=op.span)


def _closing_gap(siblings: list[Provision], index: int) -> int:
    """How far the siblings from `index` on must move so their labels follow on from the one
    before (0 when they already do): a deletion leaves no hole in the numbering."""
    if index >= len(siblings):
        return 0
    following = siblings[index]
    style = following.address.level.style
    after = label_key(following.label, style)
    before = label_key(siblings[index - 1].label, style) if index > 0 else LabelKey(0)
    if after is None or before is None:
        return 0
    wanted = max(1, before.ordinal if after.suffix else before.ordinal + 1)
    return min(0, wanted - after.ordinal)


def _where(address: Address | None) -> str:
    return address.long() if address is not None else "the rule book"
