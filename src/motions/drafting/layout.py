"""The layout of a motion: which lines are headers, heading, drafting and argument.

Published rule changes are laid out in many ways: header lines in any order (`Reference:`
before `Title:`), a title with no key (`Rule change 2: leadership elections`), the submitting
body's name on a line of its own, section words (`Proposed Amendment`, `Supporting
Arguments`), the argument before the amendment, closing lines (`Proposed: Northtown CLP`),
operations in numbered, lettered or bulleted lists, and statements that change nothing (`Make
no changes to sub-clauses A to E`). This module sorts the lines before the grammar runs, so that
the grammar reads only drafting; every step keeps offsets (a line set aside is blanked, never
removed), so every diagnostic still points at the right line and column.

Two passes: `sort_lines` on the raw text (before quotes are found, since headers and argument
are prose whose quotes are kept as written), and `mark_drafting` on the text with its quotes
replaced by placeholders (list markers, line-end `;`, dashes, and citations at the head of a
line, which it replaces by a `⟦cN⟧` placeholder of the same length).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from motions.drafting.citing import Found, find_citation

_HEADER_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")
#: Header keys, and the field each fills (None: kept in `Header.extra`).
HEADER_KEYS: dict[str, str | None] = {
    "title": "title", "proposer": "proposer", "proposed by": "proposer", "proposed": "proposer",
    "moved by": "proposer", "mover": "proposer", "moved": "proposer", "submitted by": "proposer",
    "from": "proposer", "rule book": "edition", "rulebook": "edition", "edition": "edition",
    "card vote": "card_vote", "cv": "card_vote", "package": "package", "seconder": None,
    "seconded by": None, "seconded": None, "subject": None, "reference": None, "ref": None,
    "summary": None, "summation": None, "contact": None, "date": None, "submitted": None,
    "organisation": None, "affiliate": None, "clp": None, "region": None, "topic": None,
}  # fmt: skip
#: Keys that may close a motion, after its argument.
_CLOSING = frozenset(k for k, v in HEADER_KEYS.items() if v in ("proposer", None))
_OPENING = frozenset({"title", "reference", "ref", "subject", "package", "card vote", "cv"})

_SECTION = re.compile(
    r"^[ \t]*(?:(?:proposed|suggested|the)[ \t]+)?(?:rule[ \t]+)?"
    r"(?:amendments?|changes?|text|wording)(?:[ \t]+(?:no\.?[ \t]*)?\d+)?[ \t]*[:.\-–—]?[ \t]*$",
    re.IGNORECASE,
)
_ARGUMENT = re.compile(
    r"^[ \t]*(?:(?:supporting|summary[ \t]+of)[ \t]+)?"
    r"(?:arguments?|statements?|reasons?|rationale|explanation|justification)"
    r"(?:[ \t]+(?:for|in[ \t]+support[ \t]+of)[ \t]+(?:the[ \t]+|this[ \t]+)?"
    r"(?:change|amendment|motion|rule[ \t]+change))?[ \t]*(?::[ \t]*(?P<rest>.*))?$",
    re.IGNORECASE,
)
#: "Make no changes to sub-clauses A to E", "Sub-clauses A to E remain unchanged".
_STATEMENT = re.compile(
    r"^[ \t]*(?:(?:make|with|there[ \t]+are)[ \t]+)?no[ \t]+(?:other[ \t]+|further[ \t]+)?"
    r"changes?\b[^'‘\"“]*$|^[^'‘\"“]*\b(?:remains?|left|stays?|to[ \t]+remain)[ \t]+"
    r"unchanged[ \t.]*$",
    re.IGNORECASE,
)
#: How a line that is drafting starts (after a list marker): an operation's verb.
_VERB = re.compile(
    r"[ \t]*(?:delete|insert|add|replace|remove|omit|strike|substitute|renumber|re-?letter|"
    r"consequential|amend\b|after|before|at[ \t]+the|in[ \t]+the|for[ \t]*['‘\"“]|that\b|"
    r"(?:the[ \t]+)?(?:amended|new|resulting)[ \t]+\w+[ \t]+(?:will|would|shall)|so[ \t]+that)",
    re.IGNORECASE,
)
_QUOTE_MARK = re.compile(r"['‘\"“](?=\S)")
_LIST_MARKER = re.compile(
    r"[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\)|[ivx]{1,5}\)|[–•\-*·▪◦][ \t]*)[ \t]+"
)
_LINE_END = re.compile(r"[ \t]*(?:;[ \t]*(?:and|or)?|,[ \t]*(?:and|or)|:-)[ \t]*$", re.IGNORECASE)
_DASH = re.compile(r"(?<=\s)[–—-](?=\s)|(?<=:)-")
_LEAD_WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z'’-]*|\d{4}),?")
_KEEP_LEAD = frozenset({"in", "at", "under", "within"})
_STOP_LEAD = re.compile(
    r"(?:delete|insert|add|replace|remove|omit|substitute|after|before|for|at[ \t]+the|"
    r"in[ \t]+the|on[ \t]+the)\b",
    re.IGNORECASE,
)
_AFTER_CITATION = re.compile(
    r"(?P<alone>[ \t]*(?:,?[ \t]*as[ \t]+follows)?[ \t]*[.:;,]?-?[ \t]*$)"
    r"|[ \t]*[.:,]?[ \t]*⟦\d+⟧"
    r"|[ \t]*:-?"
    r"|[ \t]*,"
    r"|[ \t]*[–—-]"
    r"|[ \t]+(?:which[ \t]+)?(?:currently[ \t]+|now[ \t]+)?(?:reads?|states)\b"
    r"|[ \t]+(?:is|be|to[ \t]+be|should[ \t]+be|shall[ \t]+be)[ \t]+(?:amended|changed)\b"
    r"|[ \t]+as[ \t]+follows"
    r"|[ \t]+by\b"
    r"|[ \t]+(?=(?:delete|insert|add|replace|remove|omit|substitute|after|before|at[ \t]+the|"
    r"amend|in[ \t]+the)\b)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^-{3,}\s*$|^={3,}\s*$")


def header_of(line: str) -> tuple[str, str] | None:
    """`(key, value)` of a header line with a key we know, else None."""
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    key = re.sub(r"\s+", " ", match.group(1).strip().lower())
    return (match.group(1).strip(), match.group(2)) if key in HEADER_KEYS else None


def _key(line: str) -> str | None:
    found = header_of(line)
    return re.sub(r"\s+", " ", found[0].lower()) if found else None


@attrs.frozen
class Chunk:
    """One motion's text in a file of several."""

    text: str
    first_line: int  # 1-based line of the chunk in the file
    number: int  # 1-based position in the file


def chunks(text: str) -> Iterator[Chunk]:
    """Split a file into motions: at separator lines, and at an opening header after a body.

    A block of header lines after a motion's body starts the next motion when it holds an
    opening key (`Title:`, `Reference:` ...) or is followed by more drafting; closing lines
    (`Proposed: ...`, `Seconded: ...`) before a blank line stay with the motion they close.
    """
    lines = text.splitlines(keepends=True)
    start, has_body, number = 0, False, 0
    index = 0
    while index < len(lines):
        line = lines[index]
        split_at: int | None = None
        skip = False
        if _SEPARATOR.match(line):
            split_at, skip = index, True
        elif has_body and _key(line) is not None:
            split_at = _next_motion(lines, index)
        if split_at is not None:
            chunk = "".join(lines[start:split_at])
            if chunk.strip():
                number += 1
                yield Chunk(chunk, start + 1, number)
            start = split_at + 1 if skip else split_at
            index = start
            has_body = False
            continue
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and _looks_like_drafting(line):
            has_body = True
        index += 1
    chunk = "".join(lines[start:])
    if chunk.strip():
        yield Chunk(chunk, start + 1, number + 1)


def _next_motion(lines: list[str], index: int) -> int | None:
    """Where the next motion starts, when the header block at `index` opens one."""
    group_start = index
    opens = False
    end = index
    while end < len(lines) and (not lines[end].strip() or _key(lines[end]) is not None):
        key = _key(lines[end])
        if not lines[end].strip() and not opens:
            group_start = end + 1
        if (key is not None and key not in _CLOSING) or key in _OPENING:
            opens = True
            break
        end += 1
    if opens:
        return group_start if group_start <= end else end
    # Only closing lines: they close this motion unless drafting follows them.
    rest = next((line for line in lines[end:] if line.strip()), None)
    if rest is None or not _looks_like_drafting(rest):
        return None
    return index


@attrs.frozen
class Sorted:
    """A motion's lines, sorted: what the grammar reads and what is kept as prose."""

    drafting: str  # the text with every other line blanked (same length, same line breaks)
    headers: tuple[tuple[str, str], ...]
    heading: tuple[str, ...]
    argument: str | None
    statements: tuple[str, ...]
    #: Offset of the first drafting character (for errors that have no better place).
    body_start: int


def _looks_like_drafting(line: str) -> bool:
    """A line that holds an operation, a location or a quote, as opposed to a free heading."""
    marker = _LIST_MARKER.match(line)
    at = marker.end() if marker else 0
    if _VERB.match(line, at):
        return True
    if _citation_line(line, at) is not None:
        return True
    return bool(_QUOTE_MARK.search(line)) and bool(
        re.search(r"\b(?:delete|insert|add|replace|remove|substitute|reads?)\b", line, re.I)
    )


def _all_headers(lines: list[str], index: int) -> bool:
    return all(not line.strip() or header_of(line) is not None for line in lines[index:])


def sort_lines(text: str) -> Sorted:
    """Sort one motion's lines into headers, heading, drafting, argument and statements."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    headers: list[tuple[str, str]] = []
    heading: list[str] = []
    argument: list[str] = []
    statements: list[str] = []
    state = "head"
    drafted = False
    body_start: int | None = None
    offset = 0
    for index, line in enumerate(lines):
        keep = False
        stripped = line.strip()
        header = header_of(line)
        opening = _ARGUMENT.match(line)
        if not stripped:
            keep = True
        elif header is not None and (state == "head" or _all_headers(lines, index)):
            headers.append((header[0], header[1]))
        elif opening is not None and not _looks_like_drafting(line):
            state = "argument"
            if opening.group("rest"):
                argument.append(opening.group("rest"))
        elif state == "argument" and (drafted or not _starts_drafting(line)):
            argument.append(line.rstrip("\n"))
        elif _SECTION.match(line):
            state = "body" if state == "argument" else state
        elif _STATEMENT.match(line):
            statements.append(stripped)
        elif state == "head" and not _looks_like_drafting(line):
            heading.append(stripped)
        else:
            state, drafted, keep = "body", True, True
            body_start = offset if body_start is None else body_start
        out.append(line if keep else re.sub(r"[^\n]", " ", line))
        offset += len(line)
    text_argument = "\n".join(argument).strip() or None
    return Sorted(
        "".join(out),
        tuple(headers),
        tuple(heading),
        text_argument,
        tuple(statements),
        body_start if body_start is not None else 0,
    )


def _starts_drafting(line: str) -> bool:
    """After an argument placed before the amendment: the line where the drafting starts."""
    return bool(_SECTION.match(line)) or (
        _looks_like_drafting(line) and not line[:1].isspace() and len(line) < 400
    )


# -- the second pass, on the text with its quotes replaced ----------------------------------------


def _citation_line(line: str, at: int) -> tuple[int, int, Found, bool] | None:
    """A citation at the head of `line` (after up to twelve leading words).

    Returns where the leading words start, where the citation starts, the citation, and
    whether the line holds nothing else (a location on a line of its own).
    """
    position = at
    for _ in range(13):
        found = find_citation(line, position + _spaces(line, position))
        if found is not None:
            after = _AFTER_CITATION.match(line, found.end)
            if after is not None:
                start = position + _spaces(line, position)
                return at, start, found, after.group("alone") is not None
        if _STOP_LEAD.match(line, position + _spaces(line, position)):
            return None
        word = _LEAD_WORD.match(line, position)
        if word is None:
            return None
        position = word.end()
    return None


def _spaces(line: str, position: int) -> int:
    end = position
    while end < len(line) and line[end] in " \t":
        end += 1
    return end - position


@attrs.frozen
class Marked:
    """The drafting text ready for the grammar, and the citations it replaced."""

    text: str
    citations: tuple[Found, ...]


def mark_drafting(text: str) -> Marked:
    """List markers, line-end `;`, dashes and head-of-line citations, ready for the grammar."""
    out: list[str] = []
    citations: list[Found] = []
    for line in text.splitlines(keepends=True):
        if not line.strip():
            out.append(line)
            continue
        body = line.rstrip("\n")
        chars = list(body)
        marker = _LIST_MARKER.match(body)
        at = 0
        if marker is not None and body[marker.end() :].strip():
            chars[: marker.end()] = " " * marker.end()
            at = marker.end()
        found = _citation_line(body, at)
        if found is not None:
            lead, start, citation, alone = found
            words = body[lead:start].split()
            keep_last = not alone and bool(words) and words[-1].lower() in _KEEP_LEAD
            blank_to = start
            if keep_last:
                blank_to = lead + body[lead:start].lower().rstrip().rfind(words[-1].lower())
            chars[lead:blank_to] = " " * (blank_to - lead)
            placeholder = f"⟦c{len(citations)}⟧"
            core = max(citation.core_end, start)
            if core - start >= len(placeholder):
                padding = core - start - len(placeholder)
                chars[start:core] = placeholder[:-1] + " " * padding + "⟧"
                chars[core : citation.end] = " " * (citation.end - core)
                citations.append(citation)
            if alone:
                rest = body[citation.end :]
                chars[citation.end :] = " " * len(rest)
        joined = "".join(chars)
        joined = _LINE_END.sub(lambda m: " " * len(m.group()), joined)
        joined = _DASH.sub(" ", joined)
        out.append(joined + line[len(body) :])
    return Marked("".join(out), tuple(citations))
