"""From a provision's old and new text to the fewest, clearest word operations.

The texts are aligned word by word (difflib's matcher over whitespace-separated words, so
punctuation stays with its word, as a drafter quotes it). Each changed stretch becomes one
operation; neighbouring stretches are merged into one "delete ... and insert ..." when that
makes the delegate read fewer words. The quoted words of every operation are extended, a word
at a time, until they occur exactly once in the provision as it stands when the operation is
carried (operations apply in order, each seeing the text the ones before left).

The cost of a plan is the number of words a delegate must read in its operations (quoted
words plus a few for the wording of each operation). Among plans of equal cost the one with
fewer operations, then the earlier, wins, so the same edit always gives the same motion.
"""

from __future__ import annotations

import difflib
import re
from enum import StrEnum

import attrs

from motions.drafting.textedit import find

#: The words an operation costs besides its quotes ("Delete ... and insert ...").
WORDING_COST = 3


class EditKind(StrEnum):
    REPLACE = "replace"  # Delete 'old' and insert 'new'
    DELETE = "delete"  # Delete 'old'
    AFTER = "after"  # After 'old' insert 'new'
    BEFORE = "before"  # Before 'old' insert 'new'
    START = "start"  # At the start insert 'new'
    END = "end"  # At the end add 'new'
    WHOLE = "whole"  # Delete these words (the whole text) and replace them with 'new'


@attrs.frozen
class TextEdit:
    """One word operation, as quoted: `old` is the anchor or the words replaced."""

    kind: EditKind
    old: str = ""
    new: str = ""
    #: Which occurrence of `old` ("the second '...'", 1-based; -1 the last), when counting
    #: reads better than quoting more words around it.
    occurrence: int | None = None

    @property
    def cost(self) -> int:
        counted = 1 if self.occurrence is not None else 0
        return len(self.old.split()) + len(self.new.split()) + WORDING_COST + counted


@attrs.frozen
class _Hunk:
    """Old words [a, b) become new words [c, d)."""

    a: int
    b: int
    c: int
    d: int


def words(text: str) -> list[str]:
    return text.split()


def hunks(old: list[str], new: list[str]) -> list[_Hunk]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [_Hunk(a, b, c, d) for tag, a, b, c, d in matcher.get_opcodes() if tag != "equal"]


def _groups(found: list[_Hunk], old: list[str]) -> list[_Hunk]:
    """Merge neighbouring hunks where one operation reads fewer words than two (dynamic
    programming over the hunks, cost as the module says)."""
    count = len(found)
    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (count + 1)  # (cost, operations, split)
    for end in range(1, count + 1):
        options = []
        for start in range(end):
            first, last = found[start], found[end - 1]
            quoted = (last.b - first.a) + (last.d - first.c)
            cost = best[start][0] + quoted + WORDING_COST + _context_guess(first, last, old)
            options.append((cost, best[start][1] + 1, start))
        best[end] = min(options)
    merged: list[_Hunk] = []
    end = count
    while end:
        start = best[end][2]
        first, last = found[start], found[end - 1]
        merged.append(_Hunk(first.a, last.b, first.c, last.d))
        end = start
    return merged[::-1]


def _context_guess(first: _Hunk, last: _Hunk, old: list[str]) -> int:
    """A pure insertion quotes at least one word of context."""
    return 1 if first.a == last.b and 0 < first.a < len(old) else 0


def plan(old_text: str, new_text: str, *, safe: bool = False) -> tuple[TextEdit, ...]:
    """The operations that turn `old_text` into `new_text`, cheapest first by the cost rule.

    With `safe`, every operation is a replacement with its context quoted (no spacing left to
    the applier's rules), for when the cheapest plan does not reproduce the text exactly.
    """
    old, new = words(old_text), words(new_text)
    if old == new:
        return ()
    if not old:
        return (TextEdit(EditKind.END, "", new_text),)
    if not new:
        return (TextEdit(EditKind.WHOLE, old_text, ""),)
    found = hunks(old, new)
    groups = _groups(found, old)
    current = list(old)
    shift = 0
    edits: list[TextEdit] = []
    for hunk in groups:
        a, b = hunk.a + shift, hunk.b + shift
        replacement = new[hunk.c : hunk.d]
        edits.append(_edit(current, a, b, replacement, safe))
        current[a:b] = replacement
        shift += len(replacement) - (hunk.b - hunk.a)
    whole = TextEdit(EditKind.WHOLE, old_text, new_text)
    piecewise = tuple(edits)
    if whole.cost - len(old) < sum(e.cost for e in piecewise):
        return (whole,)
    return piecewise


def _unique(current: list[str], a: int, b: int) -> bool:
    """The words [a, b) of `current` occur exactly once in it (on word boundaries)."""
    quote = " ".join(current[a:b])
    return bool(quote) and len(find(" ".join(current), quote)) == 1


def _edit(current: list[str], a: int, b: int, replacement: list[str], safe: bool) -> TextEdit:
    new = " ".join(replacement)
    if not safe:
        if a == b == len(current):
            return TextEdit(EditKind.END, "", new)
        if a == b == 0:
            return TextEdit(EditKind.START, "", new)
        if a == b:
            return _insertion(current, a, new)
        terse = replacement and not _recognisable(current[a:b])
        low, high = _readable(current, a, b) if terse else (a, b)
        if (low, high) == (a, b) and _unique(current, a, b):
            kind = EditKind.DELETE if not replacement else EditKind.REPLACE
            return TextEdit(kind, " ".join(current[a:b]), new)
        quoted = _with_context(current, a, b, replacement, low, high)
        counted = _counted(current, a, b, replacement, low, high)
        if counted is not None and counted.cost + _COUNTING_BIAS < quoted.cost:
            return counted
        return quoted
    return _with_context(current, a, b, replacement)


#: How many words of context a delegate would rather read than count occurrences.
_COUNTING_BIAS = 3


def _counted(
    current: list[str], a: int, b: int, replacement: list[str], low: int, high: int
) -> TextEdit | None:
    """The change with its words [low, high) picked out by which occurrence they are."""
    text = " ".join(current)
    quote = " ".join(current[low:high])
    at = sum(len(word) + 1 for word in current[:low])
    found = [start for start, _ in find(text, quote)]
    if len(found) < 2 or at not in found:
        return None
    index = found.index(at)
    occurrence = -1 if index == len(found) - 1 and index >= 2 else index + 1
    new = " ".join([*current[low:a], *replacement, *current[b:high]])
    kind = EditKind.REPLACE if new else EditKind.DELETE
    return TextEdit(kind, quote, new, occurrence)


_WORDY = re.compile(r"[^\W\d_]{4,}")


def _recognisable(quoted: list[str]) -> bool:
    """A quote a delegate can find by eye holds a word of four letters or more: '20' alone is
    exact but terse, '20 per cent' is what drafters write."""
    return any(_WORDY.search(word) for word in quoted)


def _readable(current: list[str], a: int, b: int) -> tuple[int, int]:
    """[a, b) widened, up to three words to the right and then to the left, until it holds a
    recognisable word (as it was, if none is that near)."""
    for high in range(b + 1, min(len(current), b + 3) + 1):
        if _recognisable(current[a:high]):
            return a, high
    for low in range(a - 1, max(0, a - 3) - 1, -1):
        if _recognisable(current[low:b]):
            return low, b
    return a, b


def _insertion(current: list[str], at: int, new: str) -> TextEdit:
    """After the fewest words before the place, or before the fewest after it."""
    for size in range(1, len(current) + 1):
        if at - size >= 0 and _unique(current, at - size, at):
            return TextEdit(EditKind.AFTER, " ".join(current[at - size : at]), new)
        if at + size <= len(current) and _unique(current, at, at + size):
            return TextEdit(EditKind.BEFORE, " ".join(current[at : at + size]), new)
    return _with_context(current, at, at, new.split())


def _with_context(
    current: list[str],
    a: int,
    b: int,
    replacement: list[str],
    low: int | None = None,
    high: int | None = None,
) -> TextEdit:
    """Replace [a, b) quoting words either side (from [low, high) when given), one more at a
    time, until the quote is unique (the whole text is, in the end)."""
    low = a if low is None else low
    high = b if high is None else high
    left = True
    while not (_unique(current, low, high) and high > low) and (low > 0 or high < len(current)):
        if (left and low > 0) or high >= len(current):
            low -= 1
        else:
            high += 1
        left = not left
    old = " ".join(current[low:high])
    new = " ".join([*current[low:a], *replacement, *current[b:high]])
    if low == 0 and high == len(current):
        return TextEdit(EditKind.WHOLE, old, new)
    return TextEdit(EditKind.REPLACE, old, new)
