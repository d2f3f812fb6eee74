"""From blocks of printed text to rule-book source: what the PDF and Word importers share.

An importer reads its file into `Block`s, in reading order: headings ("Chapter 4 ...",
"Clause II. ..."), labelled provisions ("2. text", "B. text"), a heading's own unlabelled text,
and front matter it could not place (a cover's other lines, a foreword). `assemble` writes them
out in the source format (docs/source-format.md), with `[page N]` markers, and parses the result
with the outline parser, which decides every label by the sequence alone.

A label the sequence rejects (a wrapped line that happened to begin "2." and was taken for a
rule, a label typed by hand that skips one) is not dropped: its block is kept as text of the
provision above, a warning says so with the page it was printed on, and a comment in the source
marks the line so a person can fix it. Front matter goes into the source as comments, with a
warning each. Nothing the importer read is ever silently left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import PurePath

import attrs

from motions.book.markers import PARENT_PATTERN, grammar_of
from motions.book.numbering import Scheme, Style, embedded_lines, load_scheme, marker_keyword
from motions.book.outline import outline
from motions.book.rulebook import Rulebook
from motions.errors import Diagnostic, ImportError_, Severity, error, warning
from motions.source import Span

#: `progress(done, total)`: called as an importer works, so a caller can draw a progress bar.
Progress = Callable[[int, int], None]


class BlockKind(StrEnum):
    """What an importer made of one block of text."""

    HEADING = "heading"  # a line opening with a level's keyword: "Chapter 4 ...", "Clause II. ..."
    PROVISION = "provision"  # a labelled provision: "2. text", "B. text", "iii. text"
    TEXT = "text"  # unlabelled text: a heading's own text, or more of the provision above
    FRONT = "front"  # front matter before the first heading: kept as a comment, reported
    UNPLACED = "unplaced"  # something the importer could not turn into rule-book text


@attrs.frozen
class Block:
    """One heading, provision or paragraph of text, as read from the file."""

    kind: BlockKind
    text: str
    page: int | None = None
    where: str = ""  # where in the input a person finds it: "page 14", "paragraph 210"
    numbered: bool = False  # the label came from Word's numbering, not from the text
    note: str = ""  # why a FRONT or UNPLACED block could not be placed
    styled: bool = False  # set as a heading (bold, large, a Heading style): for inference
    #: How far in the block stands, in the document's own unit (Word: list level + 1, body
    #: text 0; PDF: ems from the margin, a provision's at its label): text after a list stands
    #: further out than the list's items, and belongs to the provision the list is under.
    indent: float | None = None
    #: The block opens a new paragraph of the provision above (Word: every paragraph; PDF:
    #: after a line that ended short or a gap), rather than continuing its last one.
    paragraph: bool = False
    #: Where a provision's text runs after its label (a hanging label stands further out);
    #: None: at `indent`.
    body: float | None = None

    @property
    def text_at(self) -> float | None:
        """Where the block's text runs: after a provision's label, else where it starts."""
        return self.body if self.body is not None else self.indent


@attrs.frozen
class Assembled:
    """The source text, the book parsed from it, and what the importer has to report."""

    source: str
    rulebook: Rulebook
    diagnostics: tuple[Diagnostic, ...]


# -- joining printed lines ----------------------------------------------------------------------

SOFT_HYPHENS = ("\u00ad", "\u2010")  # soft hyphen; HYPHEN (what WeasyPrint and others print)
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2009": " ", "\u202f": " "}
)  # fmt: skip
_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def clean(text: str) -> str:
    """Ligatures spelled out, odd spaces made plain, runs of white space collapsed."""
    return " ".join(text.translate(_LIGATURES).split())


_UNSPACED_ENDS = ("/", "\u2014", "\u2013")  # a line broken after "and/", "word—" or "1–"
_CITATION_END = re.compile(r"(?:^|\s)\(?(?:[IVXLCDM]+|\d+[A-Z]?|[A-Z]|C\d+)\.$")
_CITATION_REST = re.compile(r"(?:\d+[A-Z]?|[A-Z]{1,2}|[ivxlcdm]+|[a-z])\.[0-9A-Za-z]")


_LETTERED_END = re.compile(r"(?:^|\s)\(?(?:[IVXLCDM]+|[A-Z]|C\d+)\.$")


def _continues_citation(before: str, line: str) -> bool:
    """Whether a line break fell inside a dotted citation: "Clause III." + "2.C above".

    Line breakers (Unicode's rules) may break after a full stop before a digit, never before
    a letter: "I." + "1 above" is a break inside "I.1", but "rule 3." + "10 members" is not
    (a number cannot be split at its decimal point, so "3.10" would not have broken there).
    """
    if _CITATION_END.search(before) and _CITATION_REST.match(line):
        return True
    return bool(_LETTERED_END.search(before)) and line[:1].isdigit()


#: Prefixes English writes with a hyphen ("non-exclusive", "co-operative", "self-defines").
HYPHEN_PREFIXES = frozenset(
    {"non", "self", "anti", "pre", "post", "multi", "cross", "semi", "quasi", "vice"}
)


@attrs.frozen
class Joiner:
    """Rejoins lines a printer broke, deciding for each line-end hyphen whether to keep it.

    A soft hyphen (U+00AD) or HYPHEN (U+2010) at a line end was put there by hyphenation: drop
    it. A hyphen-minus (U+002D) is ambiguous: "commit-/tee" must become "committee" but
    "co-/operative" stays "co-operative". When the document marks its hyphenation with a
    distinct character (`distinct_soft`), a hyphen-minus is the author's and stays. Otherwise the
    document's own words decide: whichever of "co-operative" and "cooperative" it prints more
    often, unbroken, wins; with no evidence, a hyphen after a whole word stays ("self-/defines"),
    and any other is dropped.
    """

    vocabulary: Counter[str] = attrs.field(factory=Counter)
    distinct_soft: bool = False

    @classmethod
    def for_lines(cls, lines: Iterable[str]) -> Joiner:
        """A joiner that learns its vocabulary and hyphenation convention from `lines`."""
        words: Counter[str] = Counter()
        distinct = False
        broken = False  # the line before ended in a hyphen: this line opens with a piece
        for line in lines:
            stripped = line.rstrip()
            if stripped.endswith(SOFT_HYPHENS):
                distinct = True
            tokens = stripped.split()
            if broken:
                tokens = tokens[1:]
            broken = bool(tokens) and tokens[-1].endswith(("-", *SOFT_HYPHENS))
            if broken:
                tokens = tokens[:-1]  # a broken word is no evidence for either spelling
            for token in tokens:
                for word in _WORD_RE.findall(token):
                    words[word.lower()] += 1
        return cls(words, distinct)

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        """Whether "head-" at a line end followed by "tail" is one hyphenated word."""
        if self.distinct_soft:
            return True
        first = _WORD_RE.findall(head)
        second = _WORD_RE.findall(tail)
        if not first or not second:
            return True
        a, b = first[-1].lower(), second[0].lower()
        hyphenated = self.vocabulary[f"{a}-{b}"]
        joined = self.vocabulary[a + b]
        if hyphenated != joined:
            return hyphenated > joined
        # The joined word with an ending taken off ("trademarks" → "trademark") is evidence too.
        for ending in ("s", "es", "ed", "d", "ing", "ly"):
            stem = (a + b).removesuffix(ending)
            if stem != a + b and len(stem) > len(a) and self.vocabulary[stem]:
                return False
        if a in HYPHEN_PREFIXES:
            return True
        # A compound joins two words the book uses on their own ("trade-/union"); hyphenation
        # breaks a word into pieces that are not ("sell-/ing", "agree-/ments", "as-/signed").
        return len(a) > 2 and self.vocabulary[a] > 0 and self.vocabulary[b] > 0

    def join(self, lines: Iterable[str]) -> str:
        """The lines of one block as one string."""
        out = ""
        for raw in lines:
            line = clean(raw)
            if not line:
                continue
            if not out:
                out = line
            elif out.endswith(SOFT_HYPHENS) and line[0].isalpha():
                out = out[:-1] + line
            elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[0].isalpha():
                out = out + line if self.keeps_hyphen(out[:-1], line) else out[:-1] + line
            elif out.endswith(_UNSPACED_ENDS) or _continues_citation(out, line):
                out = out + line
            else:
                out = f"{out} {line}"
        return out


# -- recognising labels and headings ------------------------------------------------------------

#: The label shapes of each style: the same as the outline parser accepts.
_STYLE_SHAPES = {
    Style.ARABIC: r"\d+(?:\s?\([A-Za-z]\)|[A-Za-z]{1,2})?",
    Style.UPPER_ROMAN: r"[IVXLCDM]+",
    Style.LOWER_ROMAN: r"[ivxlcdm]+",
    Style.UPPER_LETTER: r"[A-Z]{1,2}",
    Style.LOWER_LETTER: r"[a-z]{1,2}",
}


@attrs.frozen
class Labels:
    """The line openings a scheme allows: heading keywords and the shapes of bare labels."""

    keywords: tuple[str, ...]
    bare: re.Pattern[str]

    @classmethod
    def of(cls, scheme: Scheme) -> Labels:
        keywords: list[str] = []
        shapes: list[str] = []
        for level in (*scheme.levels, *scheme.tops):
            for marker in level.markers:
                head = marker_keyword(marker)
                if head:
                    keywords.append(head)
                    continue
                pieces = {"{label}": _STYLE_SHAPES[level.style], "{parent}": PARENT_PATTERN}
                pattern = ""
                for piece in re.split(r"(\{label\}|\{parent\})", marker):
                    pattern += pieces.get(piece, re.escape(piece))
                shapes.append(pattern)
        bare = re.compile("|".join(f"(?:{s})" for s in dict.fromkeys(shapes)))
        return cls(tuple(dict.fromkeys(keywords)), bare)

    def opens_top(self, text: str, scheme: Scheme) -> bool:
        """Whether `text` opens with a top-level marker of `scheme` ("Chapter 4", "4.")."""
        grammar = grammar_of(scheme)
        return any(m.regex.match(text) for m in (*grammar.tops, *grammar.bare_tops))

    def keyword_of(self, text: str) -> str | None:
        """The heading keyword `text` opens with ("Chapter"), followed by a label, or None."""
        words = text.split(None, 2)
        if len(words) >= 2 and words[0] in self.keywords and words[1][:1].isalnum():
            return words[0]
        return None

    def is_label(self, word: str) -> bool:
        """Whether `word` has the shape of a bare label ("2.", "B.", "iii.", "(a)", "17.7")."""
        return self.bare.fullmatch(word) is not None


# -- writing the source, and placing what the sequence rejects ----------------------------------

_RISKY = re.compile(r"\s*(\\|#|\[|\(|[0-9A-Za-z]{1,6}[.)](\s|$)|(Title|Edition|Scheme)\s*:)")


def _needs_escape(text: str, labels: Labels) -> bool:
    return bool(_RISKY.match(text)) or labels.keyword_of(text) is not None


@attrs.define
class _Draft:
    blocks: list[Block]
    demoted: dict[int, str] = attrs.field(factory=dict)  # block index → why
    #: Text blocks that stand out of the list above them: the closing text of the provision
    #: the list is under, once a parse has shown which (block index → its marker).
    closing_for: dict[int, str] = attrs.field(factory=dict)


def _render(
    draft: _Draft, header: list[str], labels: Labels
) -> tuple[list[str], dict[int, int], dict[int, int]]:
    """Source lines, and for each 1-based line the block it came from (and back)."""
    lines = list(header)
    owner: dict[int, int] = {}
    line_of: dict[int, int] = {}
    page: int | None = None
    closings = draft.closing_for
    lists: list[float] = []  # the indents of the open lists' labels, outermost first
    for index, block in enumerate(draft.blocks):
        kind = BlockKind.TEXT if index in draft.demoted else block.kind
        if kind in (BlockKind.FRONT, BlockKind.UNPLACED):
            label = "front matter" if kind is BlockKind.FRONT else "not placed"
            lines.append(f"# [{label}, {block.where}] {block.text}")
            owner[len(lines)] = index
            line_of[index] = len(lines)
            continue
        if block.page is not None and block.page != page and kind is not BlockKind.TEXT:
            lines.append(f"[page {block.page}]")
            page = block.page
        if kind is BlockKind.HEADING or (kind is BlockKind.PROVISION and block.styled):
            lines.append("")  # a heading set apart: the outline parser's cue (source-format)
        elif kind is BlockKind.TEXT and block.paragraph and index not in draft.demoted:
            lines.append("")  # a new paragraph of the same provision
        if index in draft.demoted:
            lines.append(f"# [not placed, {block.where}] {draft.demoted[index]}; kept as text")
        text = block.text
        if kind is BlockKind.HEADING or (kind is BlockKind.PROVISION and block.styled):
            lists = []
        elif kind is BlockKind.PROVISION and block.indent is not None:
            # How deep in the lists the label stands, as the text writer indents: the
            # parser's cue where two readings fit (item 4 or sub-item 4 after sub-item 3).
            while lists and lists[-1] > block.indent + 0.5:
                lists.pop()
            if not lists or lists[-1] < block.indent - 0.5:
                lists.append(block.indent)
            text = "  " * (len(lists) - 1) + text
        if index in closings:
            text = f"[{closings[index]}] {text}"
        elif kind is BlockKind.TEXT and _needs_escape(text, labels):
            text = "\\" + text
        lines.append(text)
        owner[len(lines)] = index
        line_of[index] = len(lines)
    return lines, owner, line_of


def _outside(draft: _Draft) -> set[int]:
    """Text blocks that stand further out than the text of the list item just above them:
    not more of that item, but text after its list (`_place_outside` finds whose)."""
    found: set[int] = set()
    last: Block | None = None  # the last heading or provision
    previous: Block | None = None
    tolerance = 0.5
    for index, block in enumerate(draft.blocks):
        kind = BlockKind.TEXT if index in draft.demoted else block.kind
        if kind in (BlockKind.HEADING, BlockKind.PROVISION):
            last = None if _heading(block, index, draft) else block
        elif (
            kind is BlockKind.TEXT
            and block.indent is not None
            and last is not None
            and last.text_at is not None
            and previous is not None
            and previous.text_at is not None
            and block.indent < last.text_at - tolerance
            and block.indent < previous.text_at - tolerance
        ):
            found.add(index)
        if kind is not BlockKind.FRONT and kind is not BlockKind.UNPLACED:
            previous = block
    return found


def _place_outside(
    draft: _Draft, book: Rulebook, owner: dict[int, int], line_of: dict[int, int]
) -> bool:
    """Give each text block that stands out of the list above it to the provision the list is
    under, as a parse shows it: the parent of the item the text was read into, or further up
    while the text stands further out than that provision's own label (Debian's "Most of the
    remainder ..." after items 1-6: section 2's; Apache's "You may add ..." after (a)-(d):
    section 4's). True if any was placed so."""
    starts = sorted(
        (p.span.line, p) for p in book.walk() if p.span is not None and not p.address.level.heading
    )
    placed = False
    for index in sorted(_outside(draft) - draft.closing_for.keys()):
        line = line_of.get(index)
        host = next((p for start, p in reversed(starts) if line and start < line), None)
        if host is None or host.children or host.address.parent is None:
            continue
        target = book.get(host.address.parent)
        while target is not None and not target.address.level.heading:
            block = draft.blocks[owner[target.span.line]] if target.span else None
            up = book.parent_of(target)
            if block is None or block.indent is None or up is None:
                break
            if not draft.blocks[index].indent < block.indent - 0.5:  # type: ignore[operator]
                break
            target = up
        if target is None:
            continue
        # Its compact address ("2", "A.5"): a marker ("2.") could also be its last item's.
        draft.closing_for[index] = target.address.compact()
        placed = True
    return placed


def _heading(block: Block, index: int, draft: _Draft) -> bool:
    return index not in draft.demoted and (
        block.kind is BlockKind.HEADING or (block.kind is BlockKind.PROVISION and block.styled)
    )


def _indent(lines: list[str], book: Rulebook) -> list[str]:
    """The provisions' lines indented two spaces per level below the last heading level."""
    out = list(lines)
    for provision in book.walk():
        if provision.span is None or provision.address.level.heading:
            continue
        depth = sum(1 for level in provision.address.levels if not level.heading) - 1
        index = provision.span.line - 1
        out[index] = "  " * depth + out[index].lstrip()
    return out


_CAREFUL_ROUNDS = 12  # place rejected blocks one at a time this often, then all at once
_MAX_ROUNDS = 40


def assemble(
    blocks: Iterable[Block],
    *,
    title: str,
    edition: str,
    scheme: Scheme | None = None,
    source_name: str = "<import>",
    origin: str = "",
) -> Assembled:
    """Write `blocks` as rule-book source, parse it, and place or report every block.

    Raises `ImportError_` only when nothing in the input reads as a rule book (no chapter).
    """
    scheme = scheme or load_scheme("labour")
    labels = Labels.of(scheme)
    draft = _Draft(list(blocks))
    header = [f"Title: {clean(title) or 'Untitled rule book'}"]
    if clean(edition):
        header.append(f"Edition: {clean(edition)}")
    header.append(f"Scheme: {scheme.name}")
    if not scheme.shipped:
        header.extend(embedded_lines(scheme))
    if origin:
        header.append(f"# Imported from {PurePath(origin).name} by `motions import`.")
    for round_ in range(_MAX_ROUNDS):
        lines, owner, line_of = _render(draft, header, labels)
        result = outline("\n".join(lines) + "\n", filename=source_name, scheme=scheme)
        if any(d.code == "outline-empty" for d in result.errors):
            marker = scheme.levels[0].marker("1")
            raise no_rulebook(
                origin or source_name,
                f"found no {scheme.levels[0].name} heading ('{marker} ...')",
            )
        if not result.errors:
            if result.rulebook is None or not _place_outside(
                draft, result.rulebook, owner, line_of
            ):
                break
            continue
        rejected: dict[int, str] = {}
        for d in result.errors:
            if d.span is not None and d.span.line in owner:
                rejected.setdefault(owner[d.span.line], d.message)
        if not rejected:
            raise ImportError_(result.errors)
        # Early on, place only the first rejected block: later errors often follow from it.
        chosen = sorted(rejected)[:1] if round_ < _CAREFUL_ROUNDS else sorted(rejected)
        for index in chosen:
            block = draft.blocks[index]
            if index in draft.demoted or block.kind not in (BlockKind.HEADING, BlockKind.PROVISION):
                draft.blocks[index] = attrs.evolve(
                    block, kind=BlockKind.UNPLACED, note="text outside any provision"
                )
                draft.demoted.pop(index, None)
            else:
                draft.demoted[index] = rejected[index]
    else:
        raise ImportError_(result.errors)
    book = result.rulebook
    if book is None:  # pragma: no cover - outline() always returns a book without errors
        raise ImportError_(result.errors)
    lines = _indent(lines, book)
    source = "\n".join(lines) + "\n"
    found = _report(draft, lines, line_of, source_name)
    found.extend(_ambiguous(result.ambiguities, draft, owner, lines, source_name))
    return Assembled(source, book, tuple(found))


def _ambiguous(
    ambiguities: Iterable[tuple[int, str, str, tuple[str, ...]]],
    draft: _Draft,
    owner: dict[int, int],
    lines: list[str],
    source_name: str,
) -> list[Diagnostic]:
    """A warning for each label the document's layout did not decide between two readings
    (neither a heading set apart nor list levels): the parser took the deeper one."""
    found = []
    for number, label, chosen, others in ambiguities:
        block = draft.blocks[owner[number]] if number in owner else None
        where = block.where if block is not None else f"line {number}"
        text = _excerpt(block.text) if block is not None else label
        span = Span(source_name, number, 1, len(lines[number - 1]), lines[number - 1])
        found.append(
            warning(
                "import-ambiguous-label",
                f"'{text}' ({where}) reads as {chosen} or as {' or '.join(others)}; took {chosen}",
                span=span,
                hint="check the printed book; if it is the other, move the line in the "
                "output (a blank line before a label makes it a heading)",
            )
        )
    return found


def _report(
    draft: _Draft, lines: list[str], line_of: dict[int, int], source_name: str
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for index, block in enumerate(draft.blocks):
        number = line_of[index]
        span = Span(source_name, number, 1, len(lines[number - 1]), lines[number - 1])
        if block.kind is BlockKind.FRONT:
            found.append(
                warning(
                    "import-front-matter",
                    f"text before the first heading ({block.where}) is not part of any "
                    "provision; kept as a comment",
                    span=span,
                    hint="delete the comment, or move the text under a heading if it is a rule",
                )
            )
        elif block.kind is BlockKind.UNPLACED:
            found.append(
                warning(
                    "import-unplaced",
                    f"could not place {block.note or 'this text'} ({block.where}); kept as a "
                    "comment",
                    span=span,
                    hint="move it where it belongs, or delete the comment",
                )
            )
        elif block.kind is BlockKind.TEXT and block.styled:
            found.append(
                warning(
                    "import-unnumbered-heading",
                    f"'{_excerpt(block.text)}' ({block.where}) is set as a heading but has no "
                    "label the numbering knows; kept as text of the provision above",
                    span=span,
                    hint="if it is a heading, give the scheme a level for it (--print-scheme, "
                    "edit, --scheme); if it is text, nothing to do",
                )
            )
        elif index in draft.demoted:
            first = block.text.split()[0] if block.text.split() else block.text
            found.append(
                warning(
                    "import-label-rejected",
                    f"'{first}' ({block.where}) does not fit the numbering "
                    f"({draft.demoted[index]}); kept as text of the provision above",
                    span=span,
                    hint="check the printed book: fix the label, or keep it as text",
                )
            )
    return found


def no_rulebook(where: str, why: str) -> ImportError_:
    """Our error for a file in which nothing reads as a rule book."""
    return ImportError_(
        error(
            "import-no-rulebook",
            f"{where}: {why}, so nothing here reads as a rule book",
            hint="check that the file is the rule book; a rule book's parts open with a "
            "numbered heading such as 'Chapter 1 ...', 'Section 1 ...' or '1. ...'",
        )
    )


def _excerpt(text: str, words: int = 8) -> str:
    pieces = text.split()
    return " ".join(pieces[:words]) + (" ..." if len(pieces) > words else "")


def notes(found: Iterable[tuple[str, str]]) -> tuple[Diagnostic, ...]:
    """Note-severity diagnostics (code, message): things skipped on purpose, such as contents."""
    return tuple(
        Diagnostic(code=code, message=message, severity=Severity.NOTE) for code, message in found
    )
