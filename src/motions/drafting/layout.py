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
from functools import lru_cache

import attrs

from motions.drafting.citing import Found, find_citation

#: The value runs to the end of the line, its trailing blanks stripped after the match (a
#: lazy `(.*?)[ \t]*$` tries the end of the line after every character). `read_header_line`
#: reads a line as this pattern does, by its first colon (tests compare the two).
_HEADER_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*)$")
#: Header keys, and the field each fills (None: kept in `Header.extra`).
HEADER_KEYS: dict[str, str | None] = {
    "title": "title", "proposer": "proposer", "proposed by": "proposer", "proposed": "proposer",
    "moved by": "proposer", "mover": "proposer", "moved": "proposer", "submitted by": "proposer",
    "from": "proposer", "rule book": "edition", "rulebook": "edition", "edition": "edition",
    "card vote": "card_vote", "cv": "card_vote", "package": "package", "seconder": None,
    "seconded by": None, "seconded": None, "subject": None, "reference": None, "ref": None,
    "summary": None, "summation": None, "contact": None, "date": None, "submitted": None,
    "organisation": None, "affiliate": None, "clp": None, "region": None, "topic": None,
    "signed": None,
}  # fmt: skip
#: Keys that may close a motion, after its argument.
_CLOSING = frozenset(k for k, v in HEADER_KEYS.items() if v in ("proposer", None))
_OPENING = frozenset({"title", "reference", "ref", "subject", "package", "card vote", "cv"})

#: A label before drafting on the same line: "Current wording: '...'", "Proposed wording: ...".
_LINE_LABEL = re.compile(
    r"^[ \t]*(?:(?:current|existing|present|proposed|new|amended|suggested)[ \t]+)"
    r"(?:wording|text|rule|amendment|change)s?[ \t]*:[ \t]*(?=\S)",
    re.IGNORECASE,
)
#: A closing line after the drafting: the submitting body's name ("Eastfield Branch").
_SIGNATURE = re.compile(r"^[ \t]*[A-Z][^'‘’\"“”:;.]{0,60}(?:\b[A-Z][A-Za-z]*\.?)?[ \t]*$")
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
_VERB_ANYWHERE = re.compile(r"\b(?:delete|insert|add|replace|remove|substitute|reads?)\b", re.I)
#: The commonest head of a line, read by the grammar as it is: "Chapter 4, Clause II, rule 2:".
_PLAIN_HEAD = re.compile(
    r"[ \t]*(?:Chapter \d+, Clause [IVXLC]+(?:, rule \d+[A-Z]?(?:\.[0-9A-Za-z]+)*)?|"
    r"C\d+\.[IVXLC]+(?:\.[0-9A-Za-z]+)*)"
    r"(?=:[ \t]*\S|[ \t]+reads\b|[ \t]+\(page[ \t]\d+\)[ \t]+reads\b)"
)
#: The commonest deletion of a whole provision, "Delete Chapter 4, Clause II, rule 2.B and
#: renumber accordingly.": its citation (which `_PLAIN_HEAD` does not take: it is not at the
#: head) is the grammar's CITATION token as written, up to what follows it here, so it is
#: marked like a head citation and such lines read alike to the grammar (`syntax.parse_tree`).
_PLAIN_DELETE = re.compile(
    r"[ \t]*[Dd]elete[ \t]+(Chapter \d+, Clause [IVXLC]+(?:, rule \d+[A-Z]?(?:\.[0-9A-Za-z]+)*)?|"
    r"C\d+\.[IVXLC]+(?:\.[0-9A-Za-z]+)*)(?=(?:,? and renumber accordingly)?\.?[ \t]*$)"
)
_LIST_MARKER = re.compile(
    r"[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,5}\)|[ivx]{1,5}\)|[–•\-*·▪◦][ \t]*)[ \t]+"
)
_LINE_END = re.compile(r"[ \t]*(?:;[ \t]*(?:and|or)?|,[ \t]*(?:and|or)|:-)[ \t]*$", re.IGNORECASE)
_DASH = re.compile(r"(?<=\s)[–—-](?=\s)|(?<=:)-")
_LEAD_WORD = re.compile(
    r"[ \t]*([A-Za-z][A-Za-z'’-]*|\d{4}|\((?:page|pg|p)\.?[ \t]*\d+\))[.,]?", re.IGNORECASE
)
#: Every citation holds a digit or a level word; a line with neither cites nothing.
_MAY_CITE = re.compile(
    r"(?<![⟦\d])\d|chapter|clause|rule|section|sub|para|item|app|\bch", re.IGNORECASE
)
#: "The amended rule will read:", "so that it reads": a stated result, never a location.
_RESULT_LINE = re.compile(
    r"[ \t]*(?:(?:the[ \t]+)?(?:amended|new|resulting)[ \t]+\w+[ \t]+(?:will|would|shall)"
    r"|so[ \t]+that)",
    re.IGNORECASE,
)
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
#: "Rule change 2: leadership elections", "Motion 14", "Constitutional amendment 3 – ...":
#: after a motion's body, a numbered heading starts the next motion (agendas list them so).
_NUMBERED_HEADING = re.compile(
    r"^[ \t]*(?:rule[ \t]+change|constitutional[ \t]+amendment|motion|rule[ \t]+amendment)"
    r"[ \t]+(?:no\.?[ \t]*)?\d+[A-Za-z]?(?:[ \t]*[:.–—-][ \t]*\S.*|[ \t]*)$",
    re.IGNORECASE,
)


def header_of(line: str) -> tuple[str, str] | None:
    """`(key, value)` of a header line with a key we know, else None."""
    found = _header_line(line)
    return found[0] if found is not None else None


@lru_cache(maxsize=1024)
def _header_line(line: str) -> tuple[tuple[str, str], str] | None:
    """`header_of`'s answer and the key in the form `HEADER_KEYS` spells it, or None.

    Remembered (a small memo): reading one motion asks about each of its lines four or five
    times (splitting a file into motions, sorting its lines, telling drafting from headers),
    and files of an agenda share many header lines ("Rule Book: 2026"). `read_header_line`
    reads one without the memo."""
    return read_header_line(line)


def read_header_line(line: str) -> tuple[tuple[str, str], str] | None:
    """`_header_line` without its memo: what `_HEADER_LINE` reads of `line`, found by the
    first colon (the key holds none), the key's spelling looked up by itself (`_known_key`:
    an agenda's files repeat their keys, not their values). For a line read once, as most
    title lines are in a large agenda, remembering it cost more than reading it."""
    key, colon, rest = line.partition(":")
    if not colon:
        return None
    written = _HEADER_KEY.fullmatch(key)
    if written is None:  # a digit, a quote ...: no key (the commonest drafting line's case)
        return None
    known = _known_key(written.group(1))
    if known is None:
        return None
    # `(.*)$`: to the end of the line, or to a line break that ends the text; no other break.
    value = rest[:-1] if rest[-1:] == "\n" else rest
    if "\n" in value:
        return None
    return (known[0], value.strip(" \t")), known[1]


#: The part of `_HEADER_LINE` before the colon.
_HEADER_KEY = re.compile(r"[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*")


@lru_cache(maxsize=256)
def _known_key(written: str) -> tuple[str, str] | None:
    """A header key as written → (as written, as `HEADER_KEYS` spells it), or None when it is
    no key we know."""
    key = " ".join(written.lower().split())
    return (written.strip(), key) if key in HEADER_KEYS else None


def _key(line: str) -> str | None:
    found = _header_line(line)
    return found[1] if found is not None else None


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
    if _one_motion(text, lines):
        if text.strip():
            yield Chunk(text, 1, 1)
        return
    yield from _split(lines)


def _split(lines: list[str]) -> Iterator[Chunk]:
    """`chunks`, line by line: what it does for any file `_one_motion` cannot vouch for."""
    start, number = 0, 0
    checked, has_body = 0, False  # lines[start:checked] looked at for drafting
    index = 0
    while index < len(lines):
        line = lines[index]
        split_at: int | None = None
        skip = False
        if _SEPARATOR.match(line):
            split_at, skip = index, True
        elif _NUMBERED_HEADING.match(line) or _key(line) is not None:
            # Only here does it matter whether a body came before: look at the lines since.
            has_body = has_body or any(_is_body(text) for text in lines[checked:index])
            checked = index
            if has_body:
                split_at = index if _NUMBERED_HEADING.match(line) else _next_motion(lines, index)
        if split_at is not None:
            chunk = "".join(lines[start:split_at])
            if chunk.strip():
                number += 1
                yield Chunk(chunk, start + 1, number)
            start = split_at + 1 if skip else split_at
            index = checked = start
            has_body = False
            continue
        index += 1
    chunk = "".join(lines[start:])
    if chunk.strip():
        yield Chunk(chunk, start + 1, number + 1)


#: Where a motion may end other than at a header line: every line `_SEPARATOR` or
#: `_NUMBERED_HEADING` matches starts so (after a line break, or at the start), as does every
#: line break `str.splitlines` knows besides "\n" (`_OTHER_BREAK`). Searching from a line
#: break runs several times faster than `^` under `re.MULTILINE`, tried at every character.
MAY_SPLIT = re.compile(
    r"\n[ \t]*(?:-{3}|={3}|rule[ \t]+(?:change|amendment)|constitutional[ \t]+amendment|motion)",
    re.IGNORECASE,
)
_OTHER_BREAK = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _one_motion(text: str, lines: list[str]) -> bool:
    """Whether `chunks` would find one motion only, known cheaply: no line that could be a
    separator or a numbered heading, and no drafting before the last header line (a header
    block splits only after a body). Most files of an agenda are so: headers, then drafting."""
    if MAY_SPLIT.search(text) or MAY_SPLIT.match("\n" + lines[0] if lines else ""):
        return False
    if _OTHER_BREAK.search(text) if not text.isascii() else ascii_break(text):
        return False
    last = len(lines) - 1
    while last >= 0 and _header_line(lines[last]) is None:
        last -= 1
    # Header lines are never drafting (a header's key has no digit; a head citation does).
    return not any(_header_line(line) is None and _is_body(line) for line in lines[:last])


def ascii_break(text: str) -> bool:
    """`_OTHER_BREAK.search` for ASCII text: six scans for one character, each faster."""
    return (
        "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
    )


def _is_body(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#") and _looks_like_drafting(line)


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


def _blank(line: str) -> str:
    """The line as spaces, its line break kept."""
    body = line.rstrip("\n")
    return " " * len(body) + line[len(body) :]


@lru_cache(maxsize=4096)
def _looks_like_drafting(line: str) -> bool:
    """A line that holds an operation, a location or a quote, as opposed to a free heading."""
    if _PLAIN_HEAD.match(line):
        return True
    if _header_line(line) is not None:
        return False
    marker = _LIST_MARKER.match(line)
    at = marker.end() if marker else 0
    if _VERB.match(line, at):
        return True
    if _citation_line(line, at) is not None:
        return True
    return bool(_QUOTE_MARK.search(line)) and bool(_VERB_ANYWHERE.search(line))


def _all_headers(lines: list[str], index: int) -> bool:
    return all(not line.strip() or _header_line(line) is not None for line in lines[index:])


def kept_as_drafting(line: str) -> bool:
    """Whether `sort_lines` keeps `line`, the last of a motion after its header lines, as
    drafting (`oneline.read_one_line`, which reads such a file without `sort_lines`, asks)."""
    if _PLAIN_HEAD.match(line):
        # Drafting by its head ("Chapter 4, Clause II, rule 2: ..."), which no header key, no
        # argument or section word and no line label starts: only a statement is set aside.
        return not ("change" in line.lower() and _STATEMENT.match(line))
    return bool(
        line.strip()
        and read_header_line(line) is None
        and _ARGUMENT.match(line) is None
        and _SECTION.match(line) is None
        and not ("change" in line.lower() and _STATEMENT.match(line))
        and _looks_like_drafting(line)
        and _LINE_LABEL.match(line) is None
    )


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
    for index, line in enumerate(lines):
        keep = False
        stripped = line.strip()
        header = _header_line(line)
        if not stripped:
            keep = True
        elif header is not None and (state == "head" or _all_headers(lines, index)):
            headers.append(header[0])
        elif (opening := _ARGUMENT.match(line)) is not None and not _looks_like_drafting(line):
            state = "argument"
            if opening.group("rest"):
                argument.append(opening.group("rest"))
        elif state == "argument" and (drafted or not _starts_drafting(line)):
            argument.append(line.rstrip("\n"))
        elif _SECTION.match(line):
            state = "body" if state == "argument" else state
        elif "change" in line.lower() and _STATEMENT.match(line):
            statements.append(stripped)
        elif state == "head" and not _looks_like_drafting(line):
            heading.append(stripped)
        else:
            state, drafted, keep = "body", True, True
            label = _LINE_LABEL.match(line)
            if label is not None:
                line = " " * label.end() + line[label.end() :]
        out.append(line if keep else _blank(line))
    headers.extend(_signatures(out))
    text_argument = "\n".join(argument).strip() or None
    return Sorted(
        "".join(out),
        tuple(headers),
        tuple(heading),
        text_argument,
        tuple(statements),
    )


def _signatures(out: list[str]) -> list[tuple[str, str]]:
    """Free-text lines closing the drafting ("Eastfield Branch"): blanked, kept as `Signed`."""
    found: list[tuple[str, str]] = []
    index = len(out) - 1
    while index > 0:
        line = out[index]
        if not line.strip():
            index -= 1
            continue
        if not _SIGNATURE.match(line) or len(line.split()) > 8 or _looks_like_drafting(line):
            break
        before = next((text for text in reversed(out[:index]) if text.strip()), "")
        if before.rstrip()[-1:] not in (".", "'", "’", '"', "”", ";"):
            break
        found.insert(0, ("Signed", line.strip()))
        out[index] = _blank(line)
        index -= 1
    return found


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
    if not _MAY_CITE.search(line, at) or _RESULT_LINE.match(line, at):
        return None
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


def _plain_citation(body: str, at: int, plain: re.Match[str]) -> tuple[int, int, Found, bool]:
    """The commonest head of a line ("Chapter 4, Clause II, rule 2:"), as `_citation_line`
    gives a citation: marked like any other, so that motions citing alike read alike to the
    grammar (see `syntax.parse_tree`), without the citation scanner's search."""
    start = at + _spaces(body, at)
    end = plain.end()
    return at, start, Found(end, body[start:end], None, end), False


@attrs.frozen
class Marked:
    """The drafting text ready for the grammar, and the citations it replaced."""

    text: str
    citations: tuple[Found, ...]


def _mark_citation(body: str, found: tuple[int, int, Found, bool], citations: list[Found]) -> str:
    """The line with its leading words blanked and its citation replaced by `⟦cN⟧`."""
    lead, start, citation, alone = found
    words = body[lead:start].split()
    keep_last = not alone and bool(words) and words[-1].lower() in _KEEP_LEAD
    blank_to = start
    if keep_last:
        blank_to = lead + body[lead:start].lower().rstrip().rfind(words[-1].lower())
    head = body[:lead] + " " * (blank_to - lead) + body[blank_to:start]
    placeholder = f"⟦c{len(citations)}⟧"
    core = max(citation.core_end, start)
    if core - start >= len(placeholder):
        padding = core - start - len(placeholder)
        middle = placeholder[:-1] + " " * padding + "⟧" + " " * (citation.end - core)
        citations.append(citation)
    else:
        middle = body[start : citation.end]
    if alone:
        return head + middle + " " * (len(body) - citation.end)
    return head + middle + body[citation.end :]


def mark_drafting(text: str) -> Marked:
    """List markers, line-end `;`, dashes and head-of-line citations, ready for the grammar."""
    out: list[str] = []
    citations: list[Found] = []
    for line in text.splitlines(keepends=True):
        out.append(mark_line(line, citations) if line.strip() else line)
    return Marked("".join(out), tuple(citations))


def mark_line(line: str, citations: list[Found]) -> str:
    """One line of `mark_drafting` that is not blank (its break kept); a citation it marks is
    added to `citations`, numbered after those already there."""
    body = line.rstrip("\n")
    marker = _LIST_MARKER.match(body)
    at = 0
    if marker is not None and body[marker.end() :].strip():
        at = marker.end()
        body = " " * at + body[at:]
    plain = _PLAIN_HEAD.match(body, at)
    found = _citation_line(body, at) if plain is None else _plain_citation(body, at, plain)
    if found is not None:
        body = _mark_citation(body, found, citations)
    elif (deleted := _PLAIN_DELETE.match(body, at)) is not None:
        start, end = deleted.span(1)
        placeholder = f"⟦c{len(citations)}"
        if end - start > len(placeholder):
            citations.append(Found(end, body[start:end], None, end))
            padding = " " * (end - start - len(placeholder) - 1)
            body = body[:start] + placeholder + padding + "⟧" + body[end:]
    if ";" in body or "," in body or ":-" in body:
        body = _LINE_END.sub(lambda m: " " * len(m.group()), body)
    if "-" in body or "–" in body or "—" in body:
        body = _DASH.sub(" ", body)
    return body + line[len(line.rstrip("\n")) :]
