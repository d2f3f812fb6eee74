"""Redlines: a text's changes as render-neutral segments (same / insert / delete).

The operations of a motion already say what changes, so a redline is built from the edits
themselves (`redline_from_edits`): each edit's span is trimmed of the words it leaves alone at
either end and becomes one delete and one insert. Whole-text diffing (`word_diff`) is only for
when no operations exist: two editions of a book, or a quoted "reads as follows" against the
real text. Every renderer consumes the same segments, and a redline's before side is exactly
the original text and its after side exactly the amended text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from enum import StrEnum

import attrs

from motions.book.values import slot_setters
from motions.source import constructed


class Kind(StrEnum):
    SAME = "same"
    INSERT = "insert"
    DELETE = "delete"


# Without colour the marks are the ones wdiff made familiar: [-deleted-] {+inserted+}.
PLAIN_MARKS = {Kind.DELETE: ("[-", "-]"), Kind.INSERT: ("{+", "+}")}


@attrs.frozen
class Segment:
    kind: Kind
    text: str

    __reduce__ = constructed  # pickled by its constructor: see motions.source


@attrs.frozen
class Edit:
    """Replace `text[start:end]` with `replacement` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


@attrs.frozen
class Redline:
    """A text before and after, as segments in reading order."""

    segments: tuple[Segment, ...]

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    @property
    def before(self) -> str:
        return "".join(s.text for s in self.segments if s.kind is not Kind.INSERT)

    @property
    def after(self) -> str:
        return "".join(s.text for s in self.segments if s.kind is not Kind.DELETE)

    @property
    def changed(self) -> bool:
        return any(s.kind is not Kind.SAME for s in self.segments)

    def to_json(self) -> list[dict[str, str]]:
        return [{"kind": s.kind.value, "text": s.text} for s in self.segments]


_WORD = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


_SET_KIND, _SET_TEXT = slot_setters(Segment, ("kind", "text"))
_new = object.__new__


def segment_of(kind: Kind, text: str) -> Segment:
    """`Segment(kind, text)` built directly (`motions.book.values`): every edit of a motion
    makes three or four, and attrs' frozen `__init__` sets each field through a Python call."""
    made = _new(Segment)
    _SET_KIND(made, kind)
    _SET_TEXT(made, text)
    return made


def _append(out: list[Segment], kind: Kind, text: str) -> None:
    if not text:
        return
    if out and out[-1].kind is kind:
        out[-1] = segment_of(kind, out[-1].text + text)
    else:
        out.append(segment_of(kind, text))


def _trimmed(old: str, new: str) -> tuple[str, str, str, str]:
    """Split an edit into (same prefix, deleted, inserted, same suffix), by whole words."""
    if not old or not new or (old[0] != new[0] and old[-1] != new[-1]):
        # No word in common at either end (a word holds its first and last characters): all
        # of `old` goes and all of `new` comes, without splitting either into words.
        return "", old, new, ""
    return _trimmed_by_words(old, new)


def _trimmed_by_words(old: str, new: str) -> tuple[str, str, str, str]:
    """`_trimmed` without its shortcut: the words compared from either end."""
    a, b = _tokens(old), _tokens(new)
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    j = 0
    while j < len(a) - i and j < len(b) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return (
        "".join(a[:i]),
        "".join(a[i : len(a) - j]),
        "".join(b[i : len(b) - j]),
        "".join(a[len(a) - j :]),
    )


def redline_from_edits(text: str, edits: Iterable[Edit]) -> Redline:
    """The redline of applying non-overlapping `edits` to `text` (no whole-text diff)."""
    out: list[Segment] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError("edits overlap")
        _append(out, Kind.SAME, text[position : edit.start])
        prefix, deleted, inserted, suffix = _trimmed(text[edit.start : edit.end], edit.replacement)
        _append(out, Kind.SAME, prefix)
        _append(out, Kind.DELETE, deleted)
        _append(out, Kind.INSERT, inserted)
        _append(out, Kind.SAME, suffix)
        position = edit.end
    _append(out, Kind.SAME, text[position:])
    return Redline(tuple(out))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text after non-overlapping `edits`."""
    pieces, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def whole(before: str, after: str) -> Redline:
    """A redline that deletes all of `before` and inserts all of `after`."""
    out: list[Segment] = []
    _append(out, Kind.DELETE, before)
    _append(out, Kind.INSERT, after)
    return Redline(tuple(out))


def word_diff(before: str, after: str) -> Redline:
    """A word-level diff of two texts, for when no operations say what changed."""
    a, b = _tokens(before), _tokens(after)
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(out, Kind.SAME, "".join(a[i1:i2]))
        else:
            _append(out, Kind.DELETE, "".join(a[i1:i2]))
            _append(out, Kind.INSERT, "".join(b[j1:j2]))
    return Redline(tuple(out))


def plain(redline: Redline) -> str:
    """The redline as plain text with wdiff's marks, for messages and terminals without colour."""
    out = []
    for segment in redline.segments:
        if segment.kind is Kind.SAME:
            out.append(segment.text)
        else:
            opening, closing = PLAIN_MARKS[segment.kind]
            out.append(f"{opening}{segment.text}{closing}")
    return "".join(out)
