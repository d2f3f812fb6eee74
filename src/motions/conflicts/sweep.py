"""Overlapping spans of one provision's text, found by a sweep, never by comparing all pairs.

Spans are half-open (start, end) ranges of a provision's original text. An insertion point is
an empty span (k, k): it overlaps a span that strictly contains k, and another insertion at k,
but not a span that merely begins or ends at k (inserting at the end of words another motion
replaces leaves both edits intact).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans of the same text overlap (see the module docstring for empty spans)."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def overlapping(
    spans: Iterable[tuple[int, int, int]],
) -> Iterator[tuple[int, int, tuple[int, int]]]:
    """(owner, owner, shared range) for each pair of spans of different owners that overlap.

    `spans` are (start, end, owner). Sorted by start, each span is compared only with the spans
    still open when it starts, so the work is O(n log n) plus the number of overlapping pairs.
    A pair of owners may be yielded once per pair of their spans that overlap.
    """
    ordered = sorted(spans)
    active: list[tuple[int, int, int]] = []
    for start, end, owner in ordered:
        active = [
            a for a in active if a[1] > start or (a[1] == start and a[0] == a[1] == start == end)
        ]
        for other_start, other_end, other in active:
            if other != owner and overlaps((other_start, other_end), (start, end)):
                yield other, owner, (max(start, other_start), min(end, other_end))
        active.append((start, end, owner))
