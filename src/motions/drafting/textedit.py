"""Finding quoted words in rule text, and editing a provision's text as a growing redline.

`Draft` is a provision's text under amendment. It keeps the redline itself (segments of same,
deleted and inserted text) as its state, so however many operations a motion makes to one
provision, its before side stays exactly the original text, the after side is the amended
text, and the redline comes from the operations, not from re-diffing.

`find` locates quoted words: whitespace and curly quotes are normalised for matching (the
rule's own text is never changed by that), and a match must start and end on word
boundaries, so 'cent' does not match inside 'percentage'.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import attrs

from motions.drafting.quoting import fold
from motions.drafting.redline import Kind, Redline, Segment, _append, _trimmed, segment_of

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"“(])")
_FOLD_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


_WORD = re.compile(r"\S+")
#: Whitespace other than a plain space (with a run of two spaces and a space at either end,
#: what folding would change; tested apart, as substring and end tests are faster than one
#: pattern with four branches tried at every character).
_OTHER_SPACE = re.compile(r"[^\S ]")


def _folded(text: str) -> tuple[str, tuple[int, ...] | None, tuple[int, ...]]:
    """`text` folded for matching (quotes and dashes plain, each run of whitespace one space,
    none at either end), with where each word starts in the folded text and in `text`; None
    for the starts when the folded text lines up with `text` character for character.

    Most rule text is spaced plainly (one space between words, none at the ends): folding it
    only swaps single characters, so positions need no map and nothing is remembered. A
    check resolves each of 100,000 motions against a different provision, so a memo of the
    irregular texts only keeps its hits (the whole check missed a memo of every text)."""
    if (
        "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        # Every whitespace character but the space is a control character or a separator,
        # which `isprintable` (a quick pass in C) refuses: printable text needs no search.
        and (text.isprintable() or _OTHER_SPACE.search(text) is None)
    ):
        return (text if text.isascii() else text.translate(_FOLD_CHARS)), None, ()
    return _folded_irregular(text)


@lru_cache(maxsize=8192)
def _folded_irregular(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """`_folded` of a text with irregular whitespace.

    Only the ends of a match need mapping back to `text`, so the map is kept per word, not per
    character: building it is a regex pass, not a Python loop over every character.
    """
    spans = [match.span() for match in _WORD.finditer(text)]
    folded = " ".join(text[a:b] for a, b in spans).translate(_FOLD_CHARS)
    folded_starts: list[int] = []
    offset = 0
    for a, b in spans:
        folded_starts.append(offset)
        offset += b - a + 1
    return folded, tuple(folded_starts), tuple(a for a, _ in spans)


def _in_text(
    folded_starts: tuple[int, ...] | None, text_starts: tuple[int, ...], position: int
) -> int:
    """The index in the text of the folded character at `position` (a joining space maps to
    the first whitespace character of its run)."""
    if folded_starts is None:
        return position
    word = bisect_right(folded_starts, position) - 1
    return text_starts[word] + position - folded_starts[word]


def find(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) in `text` where `words` occur, on word boundaries, normalised."""
    needle = fold(words)
    if not needle:
        return []
    folded, folded_starts, text_starts = _folded(text)
    found: list[tuple[int, int]] = []
    position = folded.find(needle)
    while position >= 0:
        end = position + len(needle)
        before_ok = position == 0 or not (folded[position - 1].isalnum() and needle[0].isalnum())
        after_ok = end == len(folded) or not (folded[end].isalnum() and needle[-1].isalnum())
        if before_ok and after_ok:
            found.append(
                (
                    _in_text(folded_starts, text_starts, position),
                    _in_text(folded_starts, text_starts, end - 1) + 1,
                )
            )
        position = folded.find(needle, position + 1)
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, its closing punctuation included."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text) or not spans:
        spans.append((start, len(text.rstrip())))
    return spans


def nth(items: list[tuple[int, int]], ordinal: int) -> tuple[int, int] | None:
    """The 1-based `ordinal`-th item (-1: the last), or None."""
    index = ordinal - 1 if ordinal > 0 else len(items) + ordinal
    return items[index] if 0 <= index < len(items) else None


def closest(text: str, words: str) -> str | None:
    """The stretch of `text`, about as many words long as `words`, most like them."""
    import difflib

    tokens = text.split()
    size = max(1, len(words.split()))
    target = fold(words).lower()
    best, best_ratio = None, 0.0
    for width in (size - 1, size, size + 1):
        if width < 1:
            continue
        for i in range(0, max(1, len(tokens) - width + 1)):
            candidate = " ".join(tokens[i : i + width]).strip(",;:.")
            ratio = difflib.SequenceMatcher(None, target, fold(candidate).lower()).ratio()
            ratio -= 0.05 * abs(width - size)
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best if best_ratio >= 0.5 else None


@attrs.define
class Draft:
    """A provision's text under amendment: a redline that grows with every edit."""

    segments: list[Segment]
    #: The after-text, kept from one edit to the next (every operation and the materialising
    #: read it several times; `edit` is the only writer of `segments` and resets it).
    _after: str | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, text: str) -> Draft:
        return cls([segment_of(Kind.SAME, text)] if text else [], text)

    @property
    def after(self) -> str:
        after = self._after
        if after is None:
            after = self._after = "".join(
                s.text for s in self.segments if s.kind is not Kind.DELETE
            )
        return after

    @property
    def before(self) -> str:
        return self.redline().before

    def redline(self) -> Redline:
        return Redline(tuple(self.segments))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where the after-text range [start, end) lies in the original text."""
        return self._original(start), self._original(end)

    def _original(self, offset: int) -> int:
        after = original = 0
        for segment in self.segments:
            size = len(segment.text)
            if segment.kind is Kind.DELETE:
                original += size
                continue
            if offset < after + size or (offset == after + size and segment is self.segments[-1]):
                inside = offset - after
                return original + (inside if segment.kind is Kind.SAME else 0)
            after += size
            if segment.kind is Kind.SAME:
                original += size
        return original

    def edit(self, start: int, end: int, replacement: str) -> None:
        """Replace after-text [start, end) with `replacement`, keeping the redline exact."""
        old = self.after[start:end]
        prefix, _, inserted, suffix = _trimmed(old, replacement)
        start += len(prefix)
        end -= len(suffix)
        out: list[Segment] = []
        position = 0
        placed = False
        for segment in self.segments:
            if segment.kind is Kind.DELETE:
                _append(out, Kind.DELETE, segment.text)
                continue
            seg_start, seg_end = position, position + len(segment.text)
            position = seg_end
            head = segment.text[: max(0, min(start, seg_end) - seg_start)]
            middle = segment.text[len(head) : max(len(head), min(end, seg_end) - seg_start)]
            tail = segment.text[len(head) + len(middle) :]
            _append(out, segment.kind, head)
            if middle and segment.kind is Kind.SAME:
                _append(out, Kind.DELETE, middle)
            if not placed and seg_start <= end <= seg_end:
                _append(out, Kind.INSERT, inserted)
                placed = True
            _append(out, segment.kind, tail)
        if not placed:
            _append(out, Kind.INSERT, inserted)
        self.segments = out
        self._after = None
