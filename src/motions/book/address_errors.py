"""The errors for citations that do not read, made only when someone reports them.

Reading a citation (`motions.book.address`) fails often where nobody sees the error: the
cross-reference scan tries every phrase of rule text that might be a citation ("rule of",
"Clause a") and most are not. So a reading that fails raises `Unreadable`, which holds how to
make the `AddressError` (a source, a span, an excerpt, a did-you-mean hint) without making it;
`parse_reference` makes it, the scan does not.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from lark import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from motions.book.numbering import Scheme
from motions.errors import AddressError, error
from motions.source import Source


class Unreadable(Exception):
    """A citation that does not read, with its `AddressError` made only when it is reported."""

    def __init__(self, error: Callable[[], AddressError]) -> None:
        super().__init__()
        self.error = error


def word_hint(word: str, scheme: Scheme) -> str:
    words_of = sorted({w for lv in (*scheme.levels, *scheme.tops) for w in lv.words})
    close = difflib.get_close_matches(word.lower(), words_of, n=1)
    # A scheme written by hand may give a level no words: name it by its name then.
    words = ", ".join(lv.words[0] if lv.words else lv.name for lv in (*scheme.levels, *scheme.tops))
    return (f"did you mean '{close[0]}'? " if close else "") + f"level words: {words}"


def syntax_error(exc: UnexpectedInput, text: str, filename: str) -> AddressError:
    source = Source(text, filename)
    offset = getattr(exc, "pos_in_stream", None) or 0
    span = source.span_at(offset)
    if isinstance(exc, UnexpectedEOF):
        message = f"the citation '{text}' ends too soon"
    elif isinstance(exc, UnexpectedCharacters):
        message = f"unexpected character {text[offset : offset + 1]!r} in the citation '{text}'"
    else:
        token = getattr(exc, "token", "")
        message = f"unexpected {str(token)!r} in the citation '{text}'"
    if any(ch.isdigit() and not ch.isascii() for ch in text):  # "C４", "Chapter ٤"
        message += ": numbers are written in the digits 0 to 9"
    return AddressError(
        error(
            "address-syntax",
            message,
            span=span,
            hint="write it like 'Chapter 4, Clause II, rule 2.B.i' or 'C4.II.2.B.i'",
        )
    )


def needs_context(word: str) -> AddressError:
    return AddressError(
        error(
            "address-needs-context",
            f"'this {word}' needs a context to resolve against",
            hint="cite the chapter and clause in full, e.g. 'Chapter 4, Clause II'",
        )
    )


def no_level_above(word: str, where: str, scheme: Scheme) -> AddressError:
    return AddressError(
        error(
            "address-unknown-word",
            f"'this {word}' names no level above {where}",
            hint=word_hint(word, scheme),
        )
    )


def unknown_word(word: str, column: int, scheme: Scheme, text: str, filename: str) -> AddressError:
    return AddressError(
        error(
            "address-unknown-word",
            f"'{word}' is not a level of the {scheme.name} numbering scheme",
            span=Source(text, filename).span_at(column - 1, len(word)),
            hint=word_hint(word, scheme),
        )
    )


def unreadable(column: int, scheme: Scheme, placed: bool, text: str, filename: str) -> AddressError:
    return AddressError(
        error(
            "address-unreadable",
            f"cannot read '{text}' as a citation of the {scheme.name} rule book"
            + ("" if placed else " without a context"),
            span=Source(text, filename).span_at(column - 1, len(text)),
            hint="relative citations ('sub-rule C', 'rule 2') need the chapter and "
            "clause around them; labels must fit their levels (Clause II, rule 2, "
            "sub-rule B, item i)",
        )
    )
