"""Quoted words in motions, as people really type them.

Straight and curly quotes, single and double; an apostrophe inside a single-quoted phrase
('the Party's rules'), where with curly quotes the apostrophe and the closing mark are the same
character; quotes that run over line breaks; quotes left unclosed. This module finds every
quoted stretch of a motion before the grammar sees it, replaces each with a placeholder the
grammar reads as one token (⟦0⟧, ⟦1⟧ ...), and keeps the text and where it was.

Deciding where a single-quoted phrase ends is the hard part: a closing mark is a quote
character not followed by a letter (so "Party's" keeps its apostrophe), and, where the phrase
has several candidates ("the members' rights"), the one after which the motion reads on as
motion syntax (end of line, punctuation, "and insert", "with" ...).
"""

from __future__ import annotations

import bisect
import re

import attrs

from motions.errors import MotionError, error
from motions.source import Source, Span, constructed

#: Opening mark → the marks that may close it.
_CLOSERS = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"'}
_SINGLE_CLOSERS = "'’"

#: What may follow a closing mark: the motion's own syntax.
AFTER_CLOSE = re.compile(
    r"[ \t]*(?:\r?\n|$)|\s*(?:$|[.,;:)\]]|\(|"
    r"and\s+(?:then\s+)?(?:insert|add|replace|substitute|delete|remove|omit|renumber|"
    r"re-?letter|the\s+words|[⟦'‘\"“])|"
    r"(?:with|by|wherever|insert|add|replace|substitute|as|is|are|"
    r"occurs|occur|appears|in|where|which|after|before|throughout|on|to|from|at|for|"
    r"delete|should|shall|the)\b|[⟦'‘\"“])",
    re.IGNORECASE,
)
_OPENER = re.compile(r"['‘\"“]")
_RESERVED = re.compile("[⟦⟧]")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Whitespace runs (line breaks included) become one space; ends are stripped.

    `str.split()` and the regex `\\s` agree on what whitespace is (both `str.isspace`), and
    splitting is several times faster than substituting. Text already normal is returned
    itself, not an equal copy: a quote's normal and raw forms then share one string."""
    normal = " ".join(text.split())
    return text if normal == text else normal


def fold(text: str) -> str:
    """The form used for matching: normalised, curly quotes and dashes made plain."""
    return normalise(text).translate(_FOLD)


@attrs.frozen
class Quoted:
    """A quoted stretch of a motion: `text` normalised for matching, `raw` kept for display."""

    __reduce__ = constructed  # pickled by its constructor: see motions.source

    text: str
    raw: str = attrs.field(eq=False, repr=False)
    span: Span | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def of(cls, text: str) -> Quoted:
        return cls(normalise(text), text)


@attrs.frozen
class Quotes:
    """A motion's text with its quotes replaced by placeholders, and the quotes themselves."""

    text: str
    quotes: tuple[Quoted, ...]
    #: For each placeholder: its offset and length in `text`, and in the original text.
    placeholders: tuple[tuple[int, int, int, int], ...]
    _starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p[0] for p in self.placeholders))

    def original_offset(self, offset: int) -> int:
        """Map an offset in the substituted text back to the original text (a binary search)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        at, length, original, original_length = self.placeholders[index]
        if offset < at + length:
            return original
        return offset + (original + original_length) - (at + length)


def _opens_at(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _CLOSERS:
        return False
    if ch in "‘“":
        return True
    before = text[i - 1] if i > 0 else " "
    # A straight quote after a letter or digit is an apostrophe or a closing mark, not an opener.
    return not before.isalnum()


#: Every character the scanner has to stop at: quote marks and blank lines. Written as one
#: character class first (which `re` scans for quickly), then a line break must start a blank
#: line, a quote mark nothing more: the same matches as `['‘’"“”]|\n[ \t]*(?=\n)`.
_EVENT = re.compile(r"[\n'‘’\"“”](?:(?<=\n)[ \t]*(?=\n)|(?<!\n))")
#: A line that opens with a provision's label: a quoted provision goes on after a blank line.
_LABELLED_LINE = re.compile(
    r"\n[ \t]*\n\s*(?:[A-Z]|\d{1,3}[A-Z]?|[ivxl]{1,6}|[a-z])[.)][ \t]+(?!⟦)"
    r"|\n[ \t]*\n\s*\((?:[A-Za-z]|\d{1,3}|[ivxl]{1,6})\)[ \t]+"
)
#: Where a quoted provision may start: at the start of a line, or after a colon.
_PROVISION_START = re.compile(r"(?:^|\n|:)[ \t]*\Z")


class _Scanner:
    """Finds closing marks in one pass over the text's quote marks and blank lines.

    Each scan walks the marks after its opener, never the characters between them; a scan that
    finds no closing mark that the motion's syntax follows remembers where it gave up, so a
    later quote of the same kind in the same stretch is settled by a binary search. Reading is
    therefore linear in the text however many quotes it holds.
    """

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        #: From `start` (the first opening mark): no scan looks at events before its opener.
        self.events = [m.start() for m in _EVENT.finditer(text, start)]
        self._marks: dict[str, list[int]] | None = None
        #: opener → (scanned from, stopped at): no good closing mark lies between them.
        self.dead: dict[str, tuple[int, int]] = {}

    @property
    def marks(self) -> dict[str, list[int]]:
        """Positions of each mark where it may close a quote (not an apostrophe in a word);
        built on first use, since most quotes close without needing them."""
        if self._marks is None:
            text = self.text
            self._marks = {mark: [] for mark in "'’\"”"}
            for position in self.events:
                ch = text[position]
                if ch in self._marks and not (
                    ch in _SINGLE_CLOSERS and text[position + 1 : position + 2].isalpha()
                ):
                    self._marks[ch].append(position)
        return self._marks

    def blank_continues(self, position: int, opener_at: int) -> bool:
        """A blank line inside a quoted provision: the next line opens with a label."""
        return bool(
            _LABELLED_LINE.match(self.text, position)
            and _PROVISION_START.search(self.text, max(0, opener_at - 200), opener_at)
        )

    def fallback(self, opener: str, start: int, stop: int) -> int | None:
        """The first closing mark between `start` and `stop`, the matching one preferred."""
        closers = _CLOSERS[opener]
        found = []
        for mark in closers:
            marks = self.marks[mark]
            index = bisect.bisect_left(marks, start)
            if index < len(marks) and marks[index] < stop:
                found.append(marks[index])
        if not found:
            return None
        natural = [f for f in found if self.text[f] == closers[0]]
        chosen = min(natural) if natural else min(found)
        while chosen + 1 < stop and self.text[chosen + 1] == self.text[chosen]:
            chosen += 1  # 'seven clear days'' : the second mark of the pair closes
        return chosen

    def closing(self, opener_at: int) -> tuple[int | None, int]:
        """The index of the mark closing the quote opened at `opener_at`, and where the scan
        stopped (the blank line or the end, when the quote is never closed)."""
        text = self.text
        opener = text[opener_at]
        start = opener_at + 1
        dead = self.dead.get(opener)
        if dead is not None and dead[0] <= start < dead[1]:
            return self.fallback(opener, start, dead[1]), dead[1]
        closers = _CLOSERS[opener]
        depth = 0
        nested = False
        stop = len(text)
        events = self.events
        for index in range(bisect.bisect_left(events, start), len(events)):
            position = events[index]
            ch = text[position]
            if ch == "\n":
                if self.blank_continues(position, opener_at):
                    continue
                stop = position
                break  # a quote may run over a line break, never over a blank line
            opens_inside = (
                ch == opener
                and opener in "'‘“"
                and text[position - 1].isspace()
                and text[position + 1 : position + 2].strip() != ""
            )
            if opens_inside:
                if opener == "'":
                    stop = position
                    break  # a new quote opens before this one closed: 'two years and insert 'three
                depth += 1  # ‘Checks for ‘due diligence’ shall be limited.’
                nested = True
                continue
            if ch not in closers:
                continue
            if ch in _SINGLE_CLOSERS and text[position + 1 : position + 2].isalpha():
                continue  # an apostrophe inside a word: the Party's, don’t
            if depth and ch == closers[0]:
                depth -= 1
                continue
            if text[position + 1 : position + 2] == ch and ch in _SINGLE_CLOSERS:
                continue  # 'seven clear days'': the plural possessive, then the closing mark
            if AFTER_CLOSE.match(text, position + 1):
                return position, position
        if nested:
            return None, stop  # a quote that holds a quote and never closes is unclosed
        self.dead[opener] = (start, stop)
        return self.fallback(opener, start, stop), stop


def scan(text: str, *, filename: str = "<motion>", source: Source | None = None) -> Quotes:
    """Find every quote in `text`; an unclosed quote is a `MotionError` at its opening mark.

    `source`, when given, is the text the spans should show: `text` itself, or the same text
    with some stretches blanked out (same length, same line breaks).
    """
    source = (
        source if source is not None and len(source.text) == len(text) else Source(text, filename)
    )
    # (A plain-ASCII text cannot hold the marks: `in` then answers without a scan.)
    reserved = _RESERVED.search(text) if "⟦" in text or "⟧" in text else None
    if reserved is not None:
        raise MotionError(
            error(
                "reserved-character",
                f"the character {reserved.group()} cannot be used in a motion",
                span=source.span_at(reserved.start()),
                hint="motions uses ⟦ and ⟧ internally to mark quotes; use [ and ] instead",
            )
        )
    opener = _OPENER.search(text)
    if opener is None:
        return Quotes(text, (), ())
    scanner = _Scanner(text, opener.start())
    out: list[str] = []
    quotes: list[Quoted] = []
    placeholders: list[tuple[int, int, int, int]] = []
    problems = []
    position = 0
    length = 0
    while opener is not None:
        i = opener.start()
        if not _opens_at(text, i):
            opener = _OPENER.search(text, i + 1)
            continue
        end, stop = scanner.closing(i)
        if end is None:
            problems.append(
                error(
                    "unclosed-quote",
                    f"the quote opened here with {text[i]} is never closed",
                    span=source.span_at(i),
                    hint="close it with the matching mark; an apostrophe inside a quote is fine "
                    "('the Party's rules'), but a blank line ends a quote",
                )
            )
            # The rest of the paragraph is in doubt; go on after the blank line that ended it.
            opener = _OPENER.search(text, max(stop, i + 1))
            continue
        out.append(text[position:i])
        length += i - position
        marker = f"⟦{len(quotes)}⟧"
        placeholders.append((length, len(marker), i, end + 1 - i))
        raw = text[i + 1 : end]
        quotes.append(Quoted(normalise(raw), raw, source.span_at(i, end - i + 1)))
        out.append(marker)
        length += len(marker)
        position = end + 1
        opener = _OPENER.search(text, position)
    if problems:
        raise MotionError(problems)
    out.append(text[position:])
    return Quotes("".join(out), tuple(quotes), tuple(placeholders))


def quote(text: str) -> str:
    """`text` in the quote marks our canonical wording uses: the first style that reads back.

    Each style is tried in turn and kept only if scanning it gives `text` back, so a phrase
    holding an apostrophe and a closing double mark (`the Party's “rules”`) still round-trips.
    """
    styles = (("'", "'"), ("‘", "’"), ('"', '"'), ("“", "”"))
    for opening, closing in styles:
        if opening not in text and not any(mark in text for mark in _CLOSERS[opening]):
            return f"{opening}{text}{closing}"
    for opening, closing in styles:
        candidate = f"{opening}{text}{closing}"
        try:
            found = scan(f"x {candidate} and").quotes
        except MotionError:
            continue
        if len(found) == 1 and found[0].text == normalise(text):
            return candidate
    return f"“{text}”"
