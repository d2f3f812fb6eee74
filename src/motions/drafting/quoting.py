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

import re

import attrs

from motions.errors import MotionError, error
from motions.source import Source, Span

#: Opening mark → the marks that may close it.
_CLOSERS = {"'": "'’", "‘": "’'", '"': '"”', "“": '”"'}
_SINGLE_CLOSERS = "'’"

#: What may follow a closing mark: the motion's own syntax.
_AFTER_CLOSE = re.compile(
    r"[ \t]*(?:\r?\n|$)|\s*(?:$|[.,;:)\]]|\(|"
    r"(?:and|with|by|wherever|insert|add|replace|substitute|as|is|are|"
    r"occurs|occur|appears|in|where|which|after|before|throughout|on|to|from|at|for|"
    r"delete|should|shall|the)\b|[⟦'‘\"“])",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Whitespace runs (line breaks included) become one space; ends are stripped."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The form used for matching: normalised, curly quotes and dashes made plain."""
    return normalise(text).translate(_FOLD)


@attrs.frozen
class Quoted:
    """A quoted stretch of a motion: `text` normalised for matching, `raw` kept for display."""

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

    def original_offset(self, offset: int) -> int:
        """Map an offset in the substituted text back to the original text."""
        shift = 0
        for at, length, original, original_length in self.placeholders:
            if offset < at:
                break
            if offset < at + length:
                return original
            shift = (original + original_length) - (at + length)
        return offset + shift


def _opens_at(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _CLOSERS:
        return False
    if ch in "‘“":
        return True
    before = text[i - 1] if i > 0 else " "
    # A straight quote after a letter or digit is an apostrophe or a closing mark, not an opener.
    return not before.isalnum()


def _closing(text: str, opener: str, start: int) -> int | None:
    """The index of the mark that closes the quote opened just before `start`."""
    closers = _CLOSERS[opener]
    candidates: list[int] = []
    i = start
    while i < len(text):
        ch = text[i]
        if text.startswith("\n\n", i) or re.match(r"\n[ \t]*\n", text[i:]):
            break  # a quote may run over a line break, never over a blank line
        if (
            ch == opener
            and opener in "'‘"
            and text[i - 1].isspace()
            and text[i + 1 : i + 2].strip()
        ):
            break  # a new quote opens before this one closed: 'two years and insert 'three
        if ch in closers:
            after = text[i + 1] if i + 1 < len(text) else ""
            if ch in _SINGLE_CLOSERS and after.isalpha():
                i += 1  # an apostrophe inside a word: the Party's, don’t
                continue
            candidates.append(i)
            if _AFTER_CLOSE.match(text, i + 1):
                return i
        i += 1
    natural = [c for c in candidates if text[c] == closers[0]]
    chosen = natural or candidates
    return chosen[0] if chosen else None


def scan(text: str, *, filename: str = "<motion>", source: Source | None = None) -> Quotes:
    """Find every quote in `text`; an unclosed quote is a `MotionError` at its opening mark.

    `source`, when given, is the text the spans should show: `text` itself, or the same text
    with some stretches blanked out (same length, same line breaks).
    """
    source = (
        source if source is not None and len(source.text) == len(text) else Source(text, filename)
    )
    reserved = next((i for i, ch in enumerate(text) if ch in "⟦⟧"), None)
    if reserved is not None:
        raise MotionError(
            error(
                "reserved-character",
                f"the character {text[reserved]} cannot be used in a motion",
                span=source.span_at(reserved),
                hint="motions uses ⟦ and ⟧ internally to mark quotes; use [ and ] instead",
            )
        )
    out: list[str] = []
    quotes: list[Quoted] = []
    placeholders: list[tuple[int, int, int, int]] = []
    problems = []
    position = 0
    i = 0
    length = 0
    while i < len(text):
        if not _opens_at(text, i):
            i += 1
            continue
        end = _closing(text, text[i], i + 1)
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
            i += 1
            continue
        out.append(text[position:i])
        length += i - position
        marker = f"⟦{len(quotes)}⟧"
        placeholders.append((length, len(marker), i, end + 1 - i))
        raw = text[i + 1 : end]
        quotes.append(Quoted(normalise(raw), raw, source.span_at(i, end - i + 1)))
        out.append(marker)
        length += len(marker)
        position = i = end + 1
    if problems:
        raise MotionError(problems)
    out.append(text[position:])
    return Quotes("".join(out), tuple(quotes), tuple(placeholders))


def quote(text: str) -> str:
    """`text` in the quote marks our canonical wording uses: the first style it cannot break."""
    for opening, closing in (("'", "'"), ("‘", "’"), ('"', '"'), ("“", "”")):
        if opening not in text and not any(mark in text for mark in _CLOSERS[opening]):
            return f"{opening}{text}{closing}"
    return f"“{text}”"
