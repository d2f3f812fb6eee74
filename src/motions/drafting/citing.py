"""Citations as drafters write them at the head of a line, found and put in a form we read.

A published motion names its provision in many ways: `Chapter 7, Clause VIII, rule 3`, with
the titles copied from the book (`Chapter 7 Rules for Constituency Labour Parties, Clause IX.
Selection of candidates, 1`), with the edition in front (`The Labour Party Rule Book 2026,
Chapter 3 ...`), without commas (`Chapter 4 Clause II rule 2.B.i`), with bracketed items
(`Section 2B (i)`, `rule 3(c)`), compact and lower-case (`c7.viii.3.c`), with page hints
without brackets (`pg 29`, `p.29`) and leading words (`At`, `Under`, `Amendment to`).

`find_citation` reads one such citation from a position in a line and returns where it ends
and its plain form ("Chapter 7, Clause IX, rule 1"), which `motions.book.address` reads.
`case_fitted` gives the variant with each label written in its level's case ("3.c" → "3.C"),
tried when a citation does not read as written.
"""

from __future__ import annotations

import re

import attrs

from motions.errors import MotionError, error
from motions.numbers import natural

#: The level words people use, longest first so that "sub-clause" wins over "clause".
_LEVEL = (
    r"(?:sub-?clauses?|sub-?sections?|sub-?rules?|sub-?paragraphs?|sub-?items?|chapters?|"
    r"clauses?|rules?|sections?|paragraphs?|paras?|appendix|appendices|items?|chap|ch)"
)
_ONE = r"(?:\d+[A-Za-z]{0,2}|[IVXLCDM]+|[ivxlcdm]+|[A-Za-z])"
_PATH = (
    rf"{_ONE}(?:[ \t]?\.[ \t]?{_ONE})*(?:[ \t]?\((?:\d+|[ivxlcdm]+|[A-Za-z])\))*"
    r"(?![A-Za-z0-9'’-])"
)
_WORDED = re.compile(rf"(?P<word>{_LEVEL})\.?[ \t]+(?P<path>{_PATH})", re.IGNORECASE)
_COMPACT = re.compile(
    r"(?P<compact>(?:[Cc]\d+[A-Za-z]?|App\d+|\d+)(?:\.[0-9A-Za-z]+)+|[Cc]\d+[A-Z]?)"
    r"(?![0-9A-Za-z])"
)
_BARE = re.compile(_PATH)
_DOT_SPACES = re.compile(r"[ \t]*\.[ \t]*")
_BRACKET_SPACES = re.compile(r"[ \t]+(?=\((?![A-Z]\)))")
_BRACKETED = re.compile(r"\((?P<label>\d+|[ivxlcdm]+|[A-Za-z])\)(?![A-Za-z0-9])")
_OF = re.compile(r"[ \t]+of[ \t]+", re.IGNORECASE)
_SEPARATOR = re.compile(r"[ \t]*(?:,|\.(?=[ \t])|;)?[ \t]*")
_PAGE = re.compile(
    r"[ \t,]*\(?[ \t]*(?:pages?|pg|p)\.?[ \t]*(?P<page>\d{1,5})[ \t]*\)?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_LINE_HINT = re.compile(
    r"[ \t,]*\(?[ \t]*(?:lines?[ \t]+\d{1,4}(?:[ \t]*(?:-|–|to|and)[ \t]*\d{1,4})?|"
    r"(?:on[ \t]+)?(?:the[ \t]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|last|\d+(?:st|nd|rd|th))[ \t]+line)[ \t]*\)?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[ \t]*(?P<word>[A-Za-z][A-Za-z'’-]*|&|\d{4})")
#: Words that end a title copied into a citation: the motion's own syntax starts there.
_STOP = frozenset(
    [
        "reads",
        "read",
        "currently",
        "states",
        "delete",
        "insert",
        "add",
        "replace",
        "remove",
        "omit",
        "substitute",
        "amend",
        "which",
        "as",
        "shall",
        "will",
        "be",
        "is",
        "after",
        "before",
        "make",
        "should",
        "page",
        "pg",
        "p",
        "line",
        "lines",
    ]
)
#: A title copied from the book is capitalised: "Selection of candidates".
_TITLE_START = re.compile(r"[A-Z]")


@attrs.frozen
class Found:
    """A citation found in a line: where it ends, its plain form, the page it gives."""

    end: int
    text: str
    page: int | None = None
    #: Where the citation proper ends, before a trailing page or line hint.
    core_end: int = -1


def _title_end(line: str, position: int) -> int | None:
    """Where a title copied from the book ends (`Rules for Constituency Labour Parties`)."""
    first = _WORD.match(line, position)
    if first is None or not _TITLE_START.match(first.group("word")):
        return None
    end = position
    while True:
        word = _WORD.match(line, end)
        if word is None:
            return end if end > position else None
        text = word.group("word")
        if text.lower() in _STOP or _WORDED.match(line, word.start("word")):
            return end if end > position else None
        end = word.end()


def _part(line: str, position: int, first: bool) -> tuple[int, str] | None:
    """One part of a citation at `position`: its end and its plain text."""
    worded = _WORDED.match(line, position)
    if worded is not None:
        word = worded.group("word")
        # "2 . B" → "2.B", "2B (i)" → "2B(i)"; a divided chapter keeps its "9 (B)".
        path = _DOT_SPACES.sub(".", worded.group("path"))
        path = _BRACKET_SPACES.sub("", path)
        return worded.end(), f"{word} {path}"
    compact = _COMPACT.match(line, position)
    if compact is not None and (compact.group("compact")[0] in "Cc" or "." in compact.group()):
        return compact.end(), compact.group("compact")
    if not first:
        bracketed = _BRACKETED.match(line, position)
        if bracketed is not None:
            return bracketed.end(), bracketed.group()
        bare = _BARE.match(line, position)
        if bare is not None and bare.group()[:1].isdigit():
            return bare.end(), bare.group()
    return None


def find_citation(line: str, position: int) -> Found | None:
    """The citation starting at `position` in `line`, with titles and page hints, or None."""
    part = _part(line, position, first=True)
    if part is None:
        return None
    end, text = part
    pieces = [text]
    page: int | None = None
    while True:
        gap = _SEPARATOR.match(line, end)
        assert gap is not None
        title = _title_end(line, gap.end())
        if title is not None:
            end = title
        core_end = end
        hint = _PAGE.match(line, end)
        if hint is not None:
            page, end = natural(hint.group("page")), hint.end()
            if page is None:
                raise MotionError(
                    error(
                        "number-too-long",
                        f"'{hint.group('page')[:20]}…' is no page number (more than 18 digits)",
                        hint="a page hint is '(page N)' with N of at most 18 digits",
                    )
                )
        line_hint = _LINE_HINT.match(line, end)
        if line_hint is not None:
            end = line_hint.end()
        owner = _OF.match(line, end)
        if owner is not None and _part(line, owner.end(), first=False) is not None:
            # "sub-rule C of rule 3": the address reader resolves the owner first.
            end, text = _part(line, owner.end(), first=False)  # type: ignore[misc]
            pieces[-1] = f"{pieces[-1]} of {text}"
            core_end = end
            continue
        separator = _SEPARATOR.match(line, end)
        assert separator is not None
        following = _part(line, separator.end(), first=False)
        if following is None:
            break
        end, text = following
        if text.startswith("(") or (pieces and _SUB_PATH.fullmatch(text)):
            pieces[-1] = pieces[-1] + ("" if text.startswith("(") else ".") + text
        else:
            pieces.append(text)
    return Found(end, ", ".join(pieces), page, core_end)


#: A bare path that continues the part before it: "Section 2B (i)" / "rule 3 (c)".
_SUB_PATH = re.compile(r"[A-Za-z]|[ivxlcdm]+")

#: A number not preceded by a letter or a digit: a match inside a run of digits would have
#: matched from the run's start already, and trying every start made a long number quadratic.
_CASE_LABEL = re.compile(r"(?<![A-Za-z0-9])(\d+)((?:[.(][A-Za-z]+\)?)+)")


def case_fitted(text: str) -> str:
    """`text` with the labels after a rule number in the case of their levels.

    Sub-rules are upper-case letters, items lower-case roman numerals, sub-items lower-case
    letters: "rule 3(c)" → "rule 3.C", "2.b.i" → "2.B.i". Compact citations get their clause in
    upper-case roman: "c7.viii.3.c" → "C7.VIII.3.C".
    """
    compact = re.fullmatch(r"[Cc](\d+[A-Za-z]?)\.([ivxlcdmIVXLCDM]+)((?:\.[0-9A-Za-z]+)*)", text)
    if compact is not None:
        rest = compact.group(3)
        return f"C{compact.group(1)}.{compact.group(2).upper()}" + (
            case_fitted_path(rest) if rest else ""
        )

    def fit(match: re.Match[str]) -> str:
        return match.group(1) + case_fitted_path(match.group(2))

    return _CASE_LABEL.sub(fit, text)


def case_fitted_path(path: str) -> str:
    """ ".3.c.ii" → ".3.C.ii": after a number, letter (upper), roman (lower), letter (lower)."""
    labels = [label for label in re.split(r"[.()]+", path) if label]
    out: list[str] = []
    after_number = 0
    for label in labels:
        if label.isdigit():
            out.append(label)
            after_number = 0
            continue
        after_number += 1
        out.append(label.upper() if after_number == 1 else label.lower())
    return "".join(f".{label}" for label in out)
