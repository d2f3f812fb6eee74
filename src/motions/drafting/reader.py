"""`parse_motion` / `parse_motions`: the text of rule changes → `Motion` values.

Four steps. A file is split into motions (`layout.chunks`: a line of three or more dashes, or a
block of opening header lines after a motion's body). Each motion's lines are sorted
(`layout.sort_lines`: headers in any order, a free-text heading, section words, the argument
wherever it stands, closing lines), its quotes found and replaced by placeholders
(`quoting.scan`), and its list markers and head-of-line citations marked (`layout.
mark_drafting`). The Lark grammar `grammar/motion.lark` reads the rest (`syntax.parse_tree`); the
tree becomes a `Motion`, its citations read by the address grammar relative to the location in
force. Every failure leaves here as a `MotionError` with file, line, column, the line, a caret
and a hint: a Lark exception never escapes.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

import attrs
from lark import Token, Tree, UnexpectedInput

from motions.book.address import Address, CitedRange, Reference, parse_reference
from motions.book.numbering import LabelKey, Scheme, format_label, label_key, load_scheme
from motions.drafting.citing import Found, case_fitted
from motions.drafting.layout import (
    HEADER_KEYS,
    Chunk,
    Sorted,
    chunks,
    header_of,
    mark_drafting,
    sort_lines,
)
from motions.drafting.motion import (
    TEXT_OPERATIONS,
    Anchor,
    DeleteWords,
    Header,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceWords,
)
from motions.drafting.oneline import Passes, read_one_line
from motions.drafting.operations import OperationBuilder
from motions.drafting.quoting import Quoted, Quotes, scan
from motions.drafting.syntax import parse_tree, shown, syntax_error
from motions.errors import AddressError, Diagnostic, MotionError, error
from motions.numbers import natural
from motions.source import Source, Span

_COMMENT = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_CITATION_PLACEHOLDER = re.compile(r"⟦c(\d+) *⟧")
_DIGITS = re.compile(r"\d+")
_CARD_VOTE = re.compile(r"\d+[A-Za-z]?")
_ANY_CITATION = re.compile(
    r"\b(?:chapter|clause|rule|section|sub-?clause|sub-?rule|sub-?section|paragraph|appendix)s?"
    r"\.?\s+[0-9IVXLCDMivxlcdm]|\b[Cc]\d+[A-Z]?\.\w|\b\d+\.(?:\d+|[IVX]+)\b|\bApp\d",
    re.IGNORECASE,
)


class _Reader(OperationBuilder):
    """Turns one motion's parse tree into a `Motion`."""

    def __init__(
        self,
        quotes: Quotes,
        citations: tuple[Found, ...],
        source: Source,
        scheme: Scheme,
        shift: int = 0,
    ) -> None:
        super().__init__(quotes)
        self.shift = shift  # what to add to a token's position for its offset in the text
        self.citations = citations
        self.source = source
        self.scheme = scheme
        self.home: Location | None = None  # the motion's first location
        self.here: Location | None = None  # the location in force (the last one named)
        self.last_target: Location | None = None

    def span(self, token: Token) -> Span:
        start = self.quotes.original_offset((token.start_pos or 0) + self.shift)
        end = self.quotes.original_offset(max((token.end_pos or 1) - 1, 0) + self.shift) + 1
        return self.source.span_at(start, max(1, end - start))

    # -- citations ------------------------------------------------------------------------

    @property
    def context(self) -> Address | None:
        return self.here.address if self.here is not None else None

    def current(self) -> Location | None:
        return self.here

    def citation(self, token: Token) -> tuple[str, int | None]:
        """The citation a CITATION token stands for, and the page it gives."""
        text = str(token)
        placeholder = _CITATION_PLACEHOLDER.fullmatch(text)
        if placeholder is not None:
            found = self.citations[int(placeholder.group(1))]
            return found.text, found.page
        return text.rstrip("."), None

    def reference(self, text: str, context: Address | None, span: Span) -> Reference | None:
        """Read a citation; as written, then with its labels in their levels' case."""
        try:
            return parse_reference(text, scheme=self.scheme, context=context)
        except AddressError as exc:
            fitted = case_fitted(text)
            if fitted != text:
                try:
                    return parse_reference(fitted, scheme=self.scheme, context=context)
                except AddressError:
                    pass
            self.problems.append(_citation_problem(exc, text, context, span))
            return None

    def locations(self, tree: Tree[Token], context: Address | None) -> tuple[Location, ...]:
        """Every provision a `target` subtree cites (lists and ranges expanded)."""
        citations = self.tokens(tree, "CITATION")
        token = citations[0]
        text, page = self.citation(token)
        span = self.span(token)
        page_tokens = self.tokens(tree, "PAGE") if len(tree.children) > len(citations) else []
        if page_tokens:
            digits = _DIGITS.search(str(page_tokens[0])).group()  # type: ignore[union-attr]
            page = natural(digits)
            if page is None:
                raise MotionError(
                    error(
                        "number-too-long",
                        f"'{digits[:20]}…' is no page number (more than 18 digits)",
                        span=self.span(page_tokens[0]),
                        hint="a page hint is '(page N)' with N of at most 18 digits",
                    )
                )
        reference = self.reference(text, context, span)
        if reference is None:
            return ()
        found: list[Location] = []
        for target in reference.targets:
            if isinstance(target, CitedRange):
                for address in _range(target.start.address, target.end.address):
                    found.append(Location(address, (), page, text, span))
            else:
                found.append(Location(target.readings[0], target.readings[1:], page, text, span))
        return tuple(found)

    def locate(self, tree: Tree[Token], context: Address | None) -> Location | None:
        found = self.locations(tree, context)
        if len(found) > 1:
            self.problems.append(
                error(
                    "location-not-single",
                    f"'{found[0].text}' names {len(found)} provisions where one is needed",
                    span=found[0].span,
                    hint="name one provision here; to replace several, write 'Replace "
                    "Clause IV.5 and IV.6 with the following: ...'",
                )
            )
        return found[0] if found else None

    # -- the motion -----------------------------------------------------------------------

    def motion(self, tree: Tree[Token], chunk: Chunk, filename: str, layout: Sorted) -> Motion:
        reads: Quoted | None = None
        will_read: Quoted | None = None
        operations: list[Operation] = []
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data in ("location_reads", "location_only"):
                target = self.subtrees(child, "target")[0]
                location = self.locate(target, self.context if self.home else None)
                if location is None:
                    continue
                quotes = self.tokens(child, "QUOTE")
                restated = self.here is not None and not operations and not quotes
                if restated and location.address.contains(self.here.address):  # type: ignore[union-attr]
                    continue  # "Chapter 3, Clause III, rule 2.C" then "... Chapter 3, Clause III"
                if self.home is None or (restated and self.home is self.here):
                    self.home = location
                    reads = self.quoted(quotes[0]) if quotes else reads
                self.here = location
            elif child.data == "operation":
                for operation in self.operation(child, operations):
                    operations.append(self.inherit(operation))
            elif child.data == "will_read":
                will_read = self.quoted(self.tokens(child, "QUOTE")[0])
        if not operations and not self.problems:
            self.problems.append(
                error(
                    "motion-syntax",
                    "a motion needs at least one operation after its location, "
                    "e.g. delete '...' and insert '...'",
                    span=self.source.span_at(len(self.source.text.rstrip())),
                    hint="say what changes: Delete 'X' and insert 'Y'. / After 'X' insert 'Y'. "
                    "/ Delete rule 2.B.iii.",
                )
            )
        start = self.source.span_at(len(self.source.text) - len(self.source.text.lstrip()))
        return Motion(
            header=_header(layout),
            location=self.home,
            operations=tuple(operations),
            reads=reads,
            will_read=will_read,
            argument=layout.argument,
            source=f"{filename}#{chunk.number}",
            span=start,
            statements=layout.statements,
        )

    def inherit(self, operation: Operation) -> Operation:
        """An operation with no target acts at the location in force.

        Under the motion's first location that is the motion's own location (left implicit);
        under a later location line it is that location; with no location at all it is where
        the last operation acted ("C4.II.2.B.i: after 'X' insert 'Y'. At the end add 'or'.").
        """
        if not isinstance(operation, TEXT_OPERATIONS):
            return operation
        own = operation.target
        if own is not None:
            self.last_target = own
        elif self.here is not None and self.here is not self.home:
            return attrs.evolve(operation, target=self.here)
        elif self.home is None and self.last_target is not None:
            return attrs.evolve(operation, target=self.last_target)
        return operation

    def operation(self, tree: Tree[Token], done: list[Operation]) -> list[Operation]:
        own: Location | None = None
        sentence: int | None = None
        self.edge = None
        built: list[Operation] = []
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data in ("at_target", "in_target", "amend"):
                targets = self.subtrees(child, "target")
                if targets:
                    own = self.locate(targets[0], self.context)
            elif child.data in ("in_sentence", "at_sentence_edge"):
                sentence = self.ordinal(self.tokens(child, "ORDINAL")[0])
                if child.data == "at_sentence_edge":
                    edge = str(self.tokens(child, "AT_EDGE")[0]).lower().split()[-1]
                    self.edge = Position.END if edge == "end" else Position.START
            elif child.data == "line_hint":
                continue
            else:
                span = self.span(_first_token(child))
                if child.data == "renumber_only":
                    self.renumber_previous(done + built, span)
                    continue
                builder = getattr(self, f"op_{child.data}")
                result: Operation | None = builder(child, own, sentence, span)
                if result is not None:
                    built.append(result)
        return built


def _citation_problem(
    exc: AddressError, text: str, context: Address | None, span: Span
) -> Diagnostic:
    """An unreadable citation, in the drafter's terms: which form our numbering uses."""
    first = exc.first
    absolute = bool(re.match(r"\s*(?:chapter|appendix|c\d|app\d|\d+\.)", text, re.I))
    message = first.message
    hint = first.hint
    if first.code == "address-unreadable":
        if absolute:
            message = message.replace(" without a context", "")
            hint = (
                "write each label in the form the rule book numbers it: Chapter 7, Clause VIII, "
                "rule 3.C (clauses in capital roman numerals, sub-rules in capital letters, "
                "items in small roman numerals), or compact: C7.VIII.3.C"
            )
        elif context is None:
            hint = (
                "cite the provision in full (Chapter 4, Clause II, rule 2.B.i), or give the "
                "motion a location first so that relative citations resolve"
            )
    return attrs.evolve(first, span=span, message=message, hint=hint)


def _header(layout: Sorted) -> Header:
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for key, value in layout.headers:
        name = _field_of(key)
        if name and (name not in fields or (not fields[name] and value.strip())):
            fields[name] = value.strip()
        else:
            extra.append((key, value.strip()))
    return Header(
        title=fields.get("title"),
        proposer=fields.get("proposer"),
        # One string for every motion of an agenda against the same rule book (a large
        # agenda is sent back from its parse workers in batches that share it).
        edition=sys.intern(edition) if (edition := fields.get("edition")) else edition,
        card_vote=_card_vote(fields.get("card_vote")),
        package=fields.get("package"),
        extra=tuple(extra),
        heading=layout.heading,
    )


@lru_cache(maxsize=256)
def _field_of(key: str) -> str | None:
    """The `Header` field a header key fills ("Card  vote" → card_vote), or None (remembered:
    an agenda's files use the same few keys)."""
    return HEADER_KEYS.get(" ".join(key.lower().split()))


def _first_token(tree: Tree[Token]) -> Token:
    """The first token under `tree`, depth first (what `scan_values` would give first)."""
    for child in tree.children:
        if isinstance(child, Token):
            return child
        if isinstance(child, Tree):
            try:
                return _first_token(child)
            except ValueError:
                continue
    raise ValueError("empty action")


def _range(start: Address, end: Address) -> list[Address]:
    """The addresses from `start` to `end`, siblings, by ordinal ("rules 5 to 7")."""
    if start.parent != end.parent or start.depth != end.depth:
        return [start, end]
    style = start.level.style
    first, last = label_key(start.label, style), label_key(end.label, style)
    if first is None or last is None or last.ordinal < first.ordinal:
        return [start, end]
    labels = [start.label]
    labels.extend(format_label(LabelKey(n), style) for n in range(first.ordinal + 1, last.ordinal))
    if end.label != start.label:
        labels.append(end.label)
    return [start.sibling(label) for label in labels]


def _card_vote(value: str | None) -> str | None:
    if value is None:
        return None
    match = _CARD_VOTE.search(value)
    return match.group() if match else value.strip()


def _not_a_rule_change(text: str, source: Source, start: int) -> MotionError:
    return MotionError(
        error(
            "not-a-rule-change",
            "not a rule change: it cites no chapter, clause or rule",
            span=source.span_at(start, max(1, len(text[start:].split("\n", 1)[0].rstrip()))),
            hint="a rule change names the provision it amends (Chapter 4, Clause II, rule 2.B.i) "
            "and says what changes in it; a policy motion goes to conference by another route",
        )
    )


def _first_free_line(text: str) -> int:
    """The offset of the first line that is not a header (where a policy motion's text starts)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and header_of(line) is None:
            return offset + len(line) - len(line.lstrip())
        offset += len(line)
    return len(text) - len(text.lstrip())


def _parse_chunk(chunk: Chunk, filename: str, scheme: Scheme) -> Motion:
    # Spans count the lines of the file before the chunk; comment lines become blank lines.
    padded = _COMMENT.sub("", chunk.text) if "#" in chunk.text else chunk.text
    source = Source(padded, filename, line_offset=chunk.first_line - 1)
    layout = sort_lines(padded)
    quotes = scan(layout.drafting, filename=filename, source=source)
    marked = mark_drafting(quotes.text)
    return _read_chunk(chunk, filename, scheme, source, (layout, quotes, marked))


def _read_chunk(
    chunk: Chunk, filename: str, scheme: Scheme, source: Source, passes: Passes
) -> Motion:
    """The motion of a chunk whose lines are sorted, quotes found and drafting marked."""
    layout, quotes, marked = passes
    padded = source.text
    if not marked.text.strip():
        if not marked.citations and not _ANY_CITATION.search(padded):
            raise _not_a_rule_change(padded, source, _first_free_line(padded))
        raise MotionError(
            error(
                "motion-no-operation",
                "no operation found: every line was read as a heading, header or argument",
                span=source.span_at(len(padded) - len(padded.lstrip())),
                hint='say what changes, e.g. "Chapter 4, Clause II, rule 2.B.i: delete '
                "'20 per cent' and insert '10 per cent'\"",
            )
        )
    try:
        tree, shift = parse_tree(marked.text)
    except UnexpectedInput as exc:
        # A line that reads as an attempt at an operation gets the syntax error, located.
        raise syntax_error(exc, quotes, marked.citations, source) from None
    reader = _Reader(quotes, marked.citations, source, scheme, shift)
    motion = reader.motion(tree, chunk, filename, layout)
    if reader.problems:
        citations = marked.citations
        raise MotionError(
            [attrs.evolve(d, message=shown(d.message, quotes, citations)) for d in reader.problems]
        )
    return motion


#: The commonest operations, as the grammar is handed them (`layout.mark_drafting`): the head
#: citation, a colon and one operation on the quotes, "⟦c0   ⟧: delete ⟦0⟧ and insert ⟦1⟧.".
#: Each reads to one tree, whose reading `_plain_motion` writes out (tests compare the two).
_PLAIN_OPERATION = re.compile(
    r"[ \t]*⟦c0 *⟧:[ \t](?:(?P<replace>[Dd]elete) ⟦0⟧ and insert ⟦1⟧|(?P<delete>[Dd]elete) ⟦0⟧"
    r"|(?P<insert>after|before) ⟦0⟧ insert ⟦1⟧|(?P<end>at the end) add ⟦0⟧)\.[ \t]*\n?"
)


def _plain_motion(filename: str, scheme: Scheme, source: Source, passes: Passes) -> Motion | None:
    """What `_Reader` makes of a one-motion file whose drafting is one of the commonest
    operations at its own citation (`_PLAIN_OPERATION`), without the grammar and the walk of its
    tree; None for anything else, and for a citation that does not read as one provision (the
    general reading then says why)."""
    layout, quotes, marked = passes
    text = marked.text
    lead = len(text) - len(text.lstrip(" \n"))
    found = _PLAIN_OPERATION.fullmatch(text, lead)
    if found is None or len(marked.citations) != 1:
        return None
    citation = marked.citations[0]
    try:
        reference = parse_reference(citation.text, scheme=scheme, context=None)
    except AddressError:
        return None
    if len(reference.targets) != 1 or isinstance(reference.targets[0], CitedRange):
        return None
    readings = reference.targets[0].readings
    start = lead + len(text[lead:]) - len(text[lead:].lstrip(" \t"))
    where = _token_span(quotes, source, start, text.index("⟧", start) + 1)
    target = Location(readings[0], readings[1:], citation.page, citation.text, where)
    kind = found.lastgroup
    verb = found.start(kind)  # type: ignore[arg-type]
    span = _token_span(quotes, source, verb, found.end(kind))  # type: ignore[arg-type]
    operation: Operation
    if kind == "end":
        operation = InsertWords(Position.END, quotes.quotes[0], None, target, span)
    else:
        anchor = Anchor(quotes.quotes[0])
        if kind == "replace":
            operation = ReplaceWords(anchor, quotes.quotes[1], target, span)
        elif kind == "delete":
            operation = DeleteWords(anchor, target, span)
        else:
            position = Position.AFTER if found.group(kind) == "after" else Position.BEFORE  # type: ignore[arg-type]
            operation = InsertWords(position, quotes.quotes[1], anchor, target, span)
    whole = source.text
    return Motion(
        header=_header(layout),
        location=None,
        operations=(operation,),
        reads=None,
        will_read=None,
        argument=layout.argument,
        source=f"{filename}#1",
        span=source.span_at(len(whole) - len(whole.lstrip())),
        statements=layout.statements,
    )


def _token_span(quotes: Quotes, source: Source, start: int, end: int) -> Span:
    """`_Reader.span` of a token from `start` to `end` in the grammar's text."""
    first = quotes.original_offset(start)
    last = quotes.original_offset(max(end - 1, 0)) + 1
    return source.span_at(first, max(1, last - first))


def parse_motions(
    text: str, *, filename: str = "<motion>", scheme: Scheme | None = None
) -> tuple[Motion, ...]:
    """Every motion in a file (an agenda may hold many); every problem raised together."""
    scheme = scheme or load_scheme("labour")
    text = text.removeprefix("\ufeff")  # Word and Notepad start UTF-8 files with a BOM
    quick = read_one_line(text, filename)
    if quick is not None:  # the commonest file: one motion, read in one pass (the same)
        plain = _plain_motion(filename, scheme, *quick)
        if plain is not None:
            return (plain,)
        return (_read_chunk(Chunk(text, 1, 1), filename, scheme, *quick),)
    motions: list[Motion] = []
    problems: list[Diagnostic] = []
    for chunk in chunks(text):
        try:
            motions.append(_parse_chunk(chunk, filename, scheme))
        except MotionError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise MotionError(problems)
    if not motions:
        raise MotionError(
            error(
                "motion-empty",
                f"{filename} holds no motion",
                hint="a motion names a location and says what to change, e.g. "
                "\"Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert "
                "'10 per cent'\"",
            )
        )
    return tuple(motions)


def parse_motion(text: str, *, filename: str = "<motion>", scheme: Scheme | None = None) -> Motion:
    """Exactly one motion."""
    motions = parse_motions(text, filename=filename, scheme=scheme)
    if len(motions) != 1:
        raise MotionError(
            error(
                "motion-not-single",
                f"{filename} holds {len(motions)} motions where one was expected",
                hint="use parse_motions for an agenda",
            )
        )
    return motions[0]
