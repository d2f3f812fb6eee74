"""Edition diff: what changed between two editions of a rule book, the change index parties
do not publish.

`diff_editions(old, new)` aligns the provisions of two books and reports each one that was
added, removed, renumbered (kept its place among its neighbours but got a new label: Chapter 1
Clause X became XII when two clauses were inserted before it), moved (to another parent, or out
of order among its neighbours) or changed (its words, with a word redline). A provision carried
along by a renumbered or moved parent is not reported again unless it changed itself; the full
old → new address map is kept in `EditionDiff.mapping`.

Alignment, without comparing every provision with every other:

1. **Top down, by exact text.** Under each pair of matched parents (starting with the two books),
   the children are aligned as sequences of text hashes (difflib on the hashes), so identical
   provisions pair up in order even when their labels changed. Where a run of children differs,
   the provisions in that run are compared pairwise (a few at a time) and paired when similar.
2. **Across the book, for what is left.** Provisions not yet paired are paired by exact text
   hash anywhere in the book, then by similarity within candidate sets drawn from an index of
   their rarer words. Newly paired provisions have their children aligned as in step 1.
3. **Classification.** For each pair, the children kept in order (the longest increasing run of
   their positions) are renumbered if their label changed; the others, and any whose parent is
   not their old parent's partner, moved.

Similarity is the difflib ratio of the two texts' words, or for headings with contents, the share
of the contents that is identical, whichever is higher.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from enum import StrEnum

import attrs

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.drafting.redline import Kind, Redline, Segment, word_diff


class ChangeKind(StrEnum):
    """What happened to a provision between two editions."""

    ADDED = "added"
    REMOVED = "removed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    CHANGED = "changed"


@attrs.frozen
class ProvisionChange:
    """One reported change: a provision in the old edition, the new one, or both.

    `kinds` holds one or more of `ChangeKind` (a clause may be renumbered *and* changed).
    `text` and `heading` are word redlines, present when those changed. `inside` counts the
    provisions below it that went with it (added or removed with it, or carried along when it
    was renumbered or moved).
    """

    kinds: tuple[ChangeKind, ...]
    old: Provision | None = None
    new: Provision | None = None
    text: Redline | None = None
    heading: Redline | None = None
    similarity: float = 1.0
    inside: int = 0

    @property
    def kind(self) -> ChangeKind:
        """The main kind: added, removed, moved, renumbered, then changed."""
        return self.kinds[0]

    @property
    def address(self) -> Address:
        """Where it is now, or where it was if removed."""
        provision = self.new or self.old
        assert provision is not None
        return provision.address


@attrs.frozen
class EditionDiff:
    """Every change between two editions, in the new edition's order."""

    old: Rulebook
    new: Rulebook
    changes: tuple[ProvisionChange, ...]
    mapping: tuple[tuple[Address, Address], ...]  # every paired provision, old → new

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (a renumbered and changed clause counts in both)."""
        counted = Counter(kind.value for change in self.changes for kind in change.kinds)
        counts = {kind.value: counted.get(kind.value, 0) for kind in ChangeKind}
        counts["unchanged"] = len(self.mapping) - sum(
            1 for c in self.changes if c.old is not None and c.new is not None
        )
        return counts

    def renumbering(self) -> dict[Address, Address]:
        """The addresses that changed: old → new (use it to update citations)."""
        return {old: new for old, new in self.mapping if old != new}

    def to_dict(self) -> dict[str, object]:
        """As `motions diff OLD NEW --format json` prints it (docs/json.md)."""
        from motions.editions.plain import edition_diff_document

        return edition_diff_document(self)


# -- the nodes of one book ----------------------------------------------------------------------


@attrs.define
class _Book:
    """One book flattened: provisions in document order with parents, children and text keys."""

    provisions: list[Provision]
    parent: list[int]
    children: list[list[int]]
    keys: list[int]
    words: list[tuple[str, ...]]
    below: list[Counter[int]]  # the text keys of everything below each provision
    sizes: list[int]  # how many provisions are below each provision
    bags: list[Counter[str]]  # each provision's words, counted

    @classmethod
    def of(cls, book: Rulebook) -> _Book:
        provisions: list[Provision] = []
        parent: list[int] = []
        children: list[list[int]] = [[]]  # index 0 is the book itself

        def visit(p: Provision, up: int) -> None:
            provisions.append(p)
            parent.append(up)
            children.append([])
            me = len(provisions) - 1
            children[up].append(me)
            for child in p.children:
                visit(child, me)

        # Index 0 stands for the book itself; the placeholder provision is never reported.
        root = book.scheme.levels[0]
        provisions.append(Provision(address=Address(root.name, ("0",), book.scheme), label="0"))
        parent.append(-1)
        for top in book.children:
            visit(top, 0)
        words = [_words(p) for p in provisions]
        keys = [
            hash((p.address.level.heading, w)) if i else 0
            for i, (p, w) in enumerate(zip(provisions, words, strict=True))
        ]
        below: list[Counter[int]] = [Counter() for _ in provisions]
        for index in range(len(provisions) - 1, 0, -1):
            up = parent[index]
            if up > 0:
                below[up][keys[index]] += 1
                below[up].update(below[index])
        sizes = [sum(c.values()) for c in below]
        bags = [Counter(w) for w in words]
        return cls(provisions, parent, children, keys, words, below, sizes, bags)


def _labelled(provision: Provision) -> tuple[str, str]:
    return (provision.address.level.name, provision.label)


def _words(provision: Provision) -> tuple[str, ...]:
    heading = provision.heading.split() if provision.heading else []
    return (*heading, "¶", *provision.text.split()) if heading else tuple(provision.text.split())


_ALIGNED_THRESHOLD = 0.5  # pairing inside a run of differing siblings
_GLOBAL_THRESHOLD = 0.6  # pairing anywhere in the book
_BLOCK_LIMIT = 2500  # pairwise comparisons allowed inside one run of differing siblings
_CANDIDATES = 8  # similarity candidates per provision in the global pass
_RARE = 40  # a word in more unpaired provisions than this is no evidence of a match


class _Matcher:
    def __init__(self, old: _Book, new: _Book) -> None:
        self.old = old
        self.new = new
        self.to_new: dict[int, int] = {0: 0}
        self.to_old: dict[int, int] = {0: 0}
        self.score: dict[int, float] = {0: 1.0}

    def pair(self, o: int, n: int, score: float) -> None:
        self.to_new[o] = n
        self.to_old[n] = o
        self.score[o] = score

    def similarity(self, o: int, n: int, threshold: float) -> float:
        """How alike two provisions are (0 to 1); 0 when it is surely below `threshold`."""
        old, new = self.old, self.new
        if old.provisions[o].address.level.heading != new.provisions[n].address.level.heading:
            return 0.0
        if old.keys[o] == new.keys[n]:
            return 1.0
        score = 0.0
        ba, bb = old.below[o], new.below[n]
        size_a, size_b = old.sizes[o], new.sizes[n]
        if size_a >= 2 and size_b >= 2:
            score = sum((ba & bb).values()) / max(size_a, size_b)
        a, b = old.words[o], new.words[n]
        if not a or not b:
            return score
        # The multiset overlap bounds difflib's ratio from above, and costs far less.
        overlap = sum((old.bags[o] & new.bags[n]).values())
        if 2 * overlap / (len(a) + len(b)) < max(threshold, score):
            return score
        return max(score, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())

    # 1. top down, by exact text, then pairwise inside runs that differ
    def align(self, start: list[tuple[int, int]]) -> None:
        work = list(start)
        while work:
            o, n = work.pop()
            olds = [c for c in self.old.children[o] if c not in self.to_new]
            news = [c for c in self.new.children[n] if c not in self.to_old]
            # Same label and same text: the same provision, unchanged. Pairing these first keeps
            # two identical siblings from being matched crosswise when one of them changes. The
            # level is part of the label: Chapter 1 and Appendix 1 are both "1" at the top.
            by_label = {_labelled(self.old.provisions[c]): c for c in olds}
            for nc in news:
                oc = by_label.get(_labelled(self.new.provisions[nc]))
                if oc is not None and self.old.keys[oc] == self.new.keys[nc]:
                    self.pair(oc, nc, 1.0)
                    work.append((oc, nc))
            olds = [c for c in olds if c not in self.to_new]
            news = [c for c in news if c not in self.to_old]
            if not olds or not news:
                continue
            seq = difflib.SequenceMatcher(
                None,
                [self.old.keys[c] for c in olds],
                [self.new.keys[c] for c in news],
                autojunk=False,
            )
            for tag, i1, i2, j1, j2 in seq.get_opcodes():
                if tag == "equal":
                    for oc, nc in zip(olds[i1:i2], news[j1:j2], strict=True):
                        self.pair(oc, nc, 1.0)
                        work.append((oc, nc))
                elif tag == "replace" and (i2 - i1) * (j2 - j1) <= _BLOCK_LIMIT:
                    work.extend(self.best_pairs(olds[i1:i2], news[j1:j2], _ALIGNED_THRESHOLD))

    def best_pairs(
        self, olds: Sequence[int], news: Sequence[int], threshold: float
    ) -> list[tuple[int, int]]:
        scored = sorted(
            ((self.similarity(o, n, threshold), o, n) for o in olds for n in news),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        made: list[tuple[int, int]] = []
        for score, o, n in scored:
            if score < threshold:
                break
            if o in self.to_new or n in self.to_old:
                continue
            self.pair(o, n, score)
            made.append((o, n))
        return made

    # 2. anywhere in the book
    def across(self) -> list[tuple[int, int]]:
        made: list[tuple[int, int]] = []
        olds = [i for i in range(1, len(self.old.provisions)) if i not in self.to_new]
        by_key: dict[int, list[int]] = defaultdict(list)
        for o in olds:
            by_key[self.old.keys[o]].append(o)
        news = [i for i in range(1, len(self.new.provisions)) if i not in self.to_old]
        for n in news:
            for o in by_key.get(self.new.keys[n], ()):
                if o not in self.to_new:
                    self.pair(o, n, 1.0)
                    made.append((o, n))
                    break
        olds = [o for o in olds if o not in self.to_new]
        news = [n for n in news if n not in self.to_old]
        index: dict[str, list[int]] = defaultdict(list)
        for o in olds:
            for word in set(self.old.words[o]):
                index[word.lower()].append(o)
        scored: list[tuple[float, int, int]] = []
        for n in news:
            shared: Counter[int] = Counter()
            for word in set(self.new.words[n]):
                posting = index.get(word.lower(), ())
                if len(posting) <= _RARE:
                    shared.update(posting)
            for o, _count in shared.most_common(_CANDIDATES):
                score = self.similarity(o, n, _GLOBAL_THRESHOLD)
                if score >= _GLOBAL_THRESHOLD:
                    scored.append((score, o, n))
        for score, o, n in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
            if o not in self.to_new and n not in self.to_old:
                self.pair(o, n, score)
                made.append((o, n))
        return made


def _in_order(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """The old indexes of the longest run of `pairs` whose new indexes increase."""
    tails: list[int] = []
    tail_at: list[int] = []
    before: list[int] = [-1] * len(pairs)
    for i, (_o, n) in enumerate(pairs):
        slot = bisect.bisect_left(tails, n)
        if slot == len(tails):
            tails.append(n)
            tail_at.append(i)
        else:
            tails[slot] = n
            tail_at[slot] = i
        before[i] = tail_at[slot - 1] if slot else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(pairs[i][0])
        i = before[i]
    return kept


def _count_below(book: _Book, index: int, keep: dict[int, int], *, inside: bool) -> int:
    """Provisions below `index` that are paired (`inside`=True) or not, in `keep`."""
    total = 0
    stack = list(book.children[index])
    while stack:
        c = stack.pop()
        if (c in keep) == inside:
            total += 1
        stack.extend(book.children[c])
    return total


def diff_editions(old: Rulebook, new: Rulebook) -> EditionDiff:
    """Every provision added, removed, renumbered, moved or changed from `old` to `new`."""
    a, b = _Book.of(old), _Book.of(new)
    matcher = _Matcher(a, b)
    matcher.align([(0, 0)])
    for _round in range(3):
        made = matcher.across()
        if not made:
            break
        matcher.align(made)

    to_new, to_old = matcher.to_new, matcher.to_old
    ordered: set[int] = set()
    for parent_old, parent_new in list(to_new.items()):
        kids = [
            (c, to_new[c])
            for c in a.children[parent_old]
            if c in to_new and b.parent[to_new[c]] == parent_new
        ]
        ordered |= _in_order(kids)

    entries: list[tuple[tuple[int, int, int], ProvisionChange]] = []
    for o, n in to_new.items():
        if o == 0:
            continue
        po, pn = a.provisions[o], b.provisions[n]
        kinds: list[ChangeKind] = []
        if to_new.get(a.parent[o]) != b.parent[n] or o not in ordered:
            kinds.append(ChangeKind.MOVED)
        elif po.label != pn.label:
            kinds.append(ChangeKind.RENUMBERED)
        text = heading = None
        if a.keys[o] != b.keys[n]:
            kinds.append(ChangeKind.CHANGED)
            if po.text != pn.text:
                text = redline(po.text, pn.text)
            if po.heading != pn.heading:
                heading = redline(po.heading or "", pn.heading or "")
        if not kinds:
            continue
        carried = 0
        if kinds[0] in (ChangeKind.MOVED, ChangeKind.RENUMBERED):
            carried = sum(
                1 for c in _descendants(a, o) if c in to_new and _is_below(b, to_new[c], n)
            )
        entries.append(
            ((n, 0, 0), ProvisionChange(tuple(kinds), po, pn, text, heading,
                                        round(matcher.score[o], 3), carried))
        )  # fmt: skip
    last_new = 0
    for o in range(1, len(a.provisions)):
        if o in to_new:
            last_new = to_new[o]
            continue
        if a.parent[o] in to_new:
            inside = _count_below(a, o, to_new, inside=False)
            change = ProvisionChange((ChangeKind.REMOVED,), old=a.provisions[o], inside=inside)
            entries.append(((last_new, 1, o), change))
    for n in range(1, len(b.provisions)):
        if n in to_old:
            continue
        if b.parent[n] in to_old:
            inside = _count_below(b, n, to_old, inside=False)
            change = ProvisionChange((ChangeKind.ADDED,), new=b.provisions[n], inside=inside)
            entries.append(((n, 0, 0), change))
    entries.sort(key=lambda e: e[0])
    mapping = tuple(
        (a.provisions[o].address, b.provisions[to_new[o]].address)
        for o in range(1, len(a.provisions))
        if o in to_new
    )
    return EditionDiff(old, new, tuple(change for _key, change in entries), mapping)


def redline(before: str, after: str) -> Redline:
    """A word redline in which neighbouring changes read as one: "[-fixed by-]{+set under+}".

    `word_diff` keeps every shared space, so a changed phrase alternates deleted and inserted
    words; here a change, a bare space and another change merge into one deletion and one
    insertion. The before and after texts are unchanged.
    """
    out: list[list[Segment]] = []  # groups: a same segment, or [delete?, insert?]
    for segment in word_diff(before, after).segments:
        if segment.kind is Kind.SAME:
            out.append([segment])
            continue
        if out and out[-1][0].kind is not Kind.SAME:
            out[-1].append(segment)
            continue
        if len(out) >= 2 and not out[-1][0].text.strip() and out[-2][0].kind is not Kind.SAME:
            space = out.pop()[0].text
            group = out[-1]
            group[:] = [
                Segment(k, "".join(s.text for s in group if s.kind is k) + space)
                for k in (Kind.DELETE, Kind.INSERT)
            ]
            group.append(segment)
            continue
        out.append([segment])
    merged: list[Segment] = []
    for group in out:
        if group[0].kind is Kind.SAME:
            merged.append(group[0])
            continue
        for kind in (Kind.DELETE, Kind.INSERT):
            text = "".join(s.text for s in group if s.kind is kind)
            if text:
                merged.append(Segment(kind, text))
    return Redline(tuple(merged))


def _descendants(book: _Book, index: int) -> Iterator[int]:
    stack = list(book.children[index])
    while stack:
        c = stack.pop()
        yield c
        stack.extend(book.children[c])


def _is_below(book: _Book, index: int, ancestor: int) -> bool:
    while index > 0:
        index = book.parent[index]
        if index == ancestor:
            return True
    return False
