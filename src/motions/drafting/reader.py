"""`parse_motion` / `parse_motions`: the text of rule changes → `Motion` values.

Three steps. A file is split into motions (a line of three or more dashes, or a new `Title:`
header after a motion's body, starts the next). Each motion's quotes are found and replaced by
placeholders (`quoting.scan`). The Lark grammar `grammar/motion.lark`, built once on first use,
reads the rest; the tree becomes a `Motion`, its citations read by the address grammar relative
to the motion's location. Every failure leaves here as a `MotionError` with file, line, column,
the line, a caret and a hint: a Lark exception never escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import attrs
from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from motions.book.address import Address, CitedRange, parse_reference
from motions.book.numbering import LabelKey, Scheme, format_label, label_key, load_scheme
from motions.drafting.motion import (
    TEXT_OPERATIONS,
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    Header,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted, Quotes, scan
from motions.errors import AddressError, Diagnostic, MotionError, error
from motions.resources import read_text
from motions.source import Source, Span

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
}  # fmt: skip

#: Named drafting mistakes, taught by example (Lark's match_examples).
_MISTAKES: dict[str, list[str]] = {
    "The words to change must be quoted, e.g. delete '20 per cent' and insert '10 per cent'": [
        "Delete 20 per cent and insert '10 per cent'",
        "Chapter 4, Clause II, rule 2: delete the words and insert ⟦0⟧",
        "After the words insert ⟦0⟧",
    ],
    "Say what to put in: e.g. delete '20 per cent' and insert '10 per cent'": [
        "Delete ⟦0⟧ and insert",
        "Replace ⟦0⟧ with",
        "After ⟦0⟧ insert",
        "For ⟦0⟧ substitute",
    ],
    "A motion needs at least one operation after its location, "
    "e.g. delete '...' and insert '...'": [
        "Chapter 4, Clause II, rule 2.B.i reads as follows: ⟦0⟧",
        "Chapter 4, Clause II, rule 2.B.i reads as follows: ⟦0⟧ Amendment",
        "Amendment",
    ],
}

_COMMENT = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_ARGUMENT_HEADING = re.compile(
    r"^[ \t]*(supporting argument|supporting statement|reasons?|argument|rationale)[ \t]*(:|$)",
    re.IGNORECASE | re.MULTILINE,
)
_SEPARATOR = re.compile(r"^-{3,}\s*$|^={3,}\s*$")
_TITLE = re.compile(r"^\s*title\s*:", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$")
#: Header keys the grammar accepts; those not in `_HEADER_KEYS` are kept in `Header.extra`.
_ALL_HEADERS = frozenset(
    {"title", "proposer", "proposed by", "moved by", "submitted by", "seconder", "seconded by",
     "from", "rule book", "rulebook", "edition", "card vote", "cv", "package", "subject",
     "reference", "ref", "summary"}
)  # fmt: skip
_HEADER_KEYS = {
    "title": "title", "proposer": "proposer", "proposed by": "proposer", "moved by": "proposer",
    "submitted by": "proposer", "from": "proposer", "rule book": "edition",
    "rulebook": "edition", "edition": "edition", "card vote": "card_vote", "cv": "card_vote",
    "package": "package",
}  # fmt: skip


@cache
def _parser() -> Lark:
    return Lark(read_text("grammar", "motion.lark"), parser="lalr", lexer="contextual")


@attrs.frozen
class _Chunk:
    text: str
    first_line: int  # 1-based line of the chunk in the file
    number: int  # 1-based position in the file


def _chunks(text: str) -> Iterator[_Chunk]:
    """Split a file into motions: at separator lines, and at a `Title:` after a body."""
    lines = text.splitlines(keepends=True)
    start, has_body, number = 0, False, 0
    for index, line in enumerate(lines):
        starts_new = _SEPARATOR.match(line) or (_TITLE.match(line) and has_body)
        if starts_new:
            chunk = "".join(lines[start:index])
            if chunk.strip():
                number += 1
                yield _Chunk(chunk, start + 1, number)
            start = index + 1 if _SEPARATOR.match(line) else index
            has_body = False
            continue
        if line.lstrip().startswith("#"):
            continue
        if line.strip() and not _HEADER_LINE.match(line):
            has_body = True
        elif line.strip() and _HEADER_LINE.match(line):
            key = _HEADER_LINE.match(line).group(1).lower()  # type: ignore[union-attr]
            has_body = has_body or key not in _HEADER_KEYS
    chunk = "".join(lines[start:])
    if chunk.strip():
        yield _Chunk(chunk, start + 1, number + 1)


class _Reader:
    """Turns one motion's parse tree into a `Motion`."""

    def __init__(self, quotes: Quotes, source: Source, scheme: Scheme, name: str) -> None:
        self.quotes = quotes
        self.source = source
        self.scheme = scheme
        self.name = name
        self.home: Location | None = None
        self.last_target: Location | None = None
        self.edge: Position | None = None  # "at the start/end of the Nth sentence", per operation
        self.problems: list[Diagnostic] = []

    # -- small pieces ---------------------------------------------------------------------

    def span(self, token: Token) -> Span:
        start = self.quotes.original_offset(token.start_pos or 0)
        end = self.quotes.original_offset(max((token.end_pos or 1) - 1, 0)) + 1
        return self.source.span_at(start, max(1, end - start))

    def quoted(self, token: Token) -> Quoted:
        match = re.fullmatch(r"⟦(\d+)⟧", str(token))
        if match:
            return self.quotes.quotes[int(match.group(1))]
        raw = str(token)[1:-1]
        return Quoted.of(raw)

    def tokens(self, tree: Tree[Token], kind: str) -> list[Token]:
        return [t for t in tree.children if isinstance(t, Token) and t.type == kind]

    def subtrees(self, tree: Tree[Token], kind: str) -> list[Tree[Token]]:
        return [t for t in tree.children if isinstance(t, Tree) and t.data == kind]

    def ordinal(self, token: Token) -> int:
        word = str(token).lower()
        if word in _ORDINALS:
            return _ORDINALS[word]
        return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]

    def occurrence(self, tree: Tree[Token]) -> int | None:
        found = self.subtrees(tree, "occurrence")
        return self.ordinal(self.tokens(found[0], "ORDINAL")[0]) if found else None

    def every(self, tree: Tree[Token]) -> bool:
        return bool(self.subtrees(tree, "every"))

    def renumber(self, tree: Tree[Token]) -> bool:
        return bool(self.subtrees(tree, "renumber"))

    # -- citations ------------------------------------------------------------------------

    def locations(self, tree: Tree[Token], context: Address | None) -> tuple[Location, ...]:
        """Every provision a `target` subtree cites (lists and ranges expanded)."""
        citation = self.tokens(tree, "CITATION")[0]
        text = str(citation).rstrip(".")
        span = self.span(citation)
        page_tokens = self.tokens(tree, "PAGE")
        page = int(re.search(r"\d+", str(page_tokens[0])).group()) if page_tokens else None  # type: ignore[union-attr]
        try:
            reference = parse_reference(text, scheme=self.scheme, context=context)
        except AddressError as exc:
            first = exc.first
            self.problems.append(
                attrs.evolve(
                    first,
                    span=span,
                    message=f"{first.message}",
                    hint=first.hint
                    if first.code != "address-unreadable"
                    else "cite the provision in full (Chapter 4, Clause II, rule 2.B.i), or "
                    "give the motion a location first so that relative citations resolve",
                )
            )
            return ()
        found: list[Location] = []
        for target in reference.targets:
            if isinstance(target, CitedRange):
                for address in _range(target.start.address, target.end.address):
                    found.append(Location(address, (), page, text, span))
            else:
                found.append(Location(target.readings[0], target.readings[1:], page, text, span))
        return tuple(found)

    def location(self, tree: Tree[Token], context: Address | None) -> Location | None:
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

    @property
    def context(self) -> Address | None:
        return self.home.address if self.home is not None else None

    # -- the motion -----------------------------------------------------------------------

    def motion(self, tree: Tree[Token], chunk: _Chunk, filename: str) -> Motion:
        fields: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        reads: Quoted | None = None
        will_read: Quoted | None = None
        argument: str | None = None
        operations: list[Operation] = []
        for child in tree.children:
            if isinstance(child, Token) and child.type == "HEADER":
                key, _, value = str(child).partition(":")
                name = _HEADER_KEYS.get(re.sub(r"\s+", " ", key.strip().lower()))
                if name and name not in fields:
                    fields[name] = value.strip()
                else:
                    extra.append((key.strip(), value.strip()))
            elif isinstance(child, Token) and child.type == "ARGUMENT":
                body = str(child).split("\n", 1)
                heading_rest = body[0].partition(":")[2].strip()
                argument = "\n".join(
                    p for p in (heading_rest, body[1] if len(body) > 1 else "") if p
                ).strip()
            elif isinstance(child, Tree) and child.data in ("location_reads", "location_only"):
                target = self.subtrees(child, "target")[0]
                self.home = self.location_of(target)
                quotes = self.tokens(child, "QUOTE")
                reads = self.quoted(quotes[0]) if quotes else None
            elif isinstance(child, Tree) and child.data == "operation":
                operation = self.operation(child, operations)
                if operation is not None:
                    operations.append(self.inherit(operation))
            elif isinstance(child, Tree) and child.data == "will_read":
                will_read = self.quoted(self.tokens(child, "QUOTE")[0])
        header = Header(
            title=fields.get("title"),
            proposer=fields.get("proposer"),
            edition=fields.get("edition"),
            card_vote=_card_vote(fields.get("card_vote")),
            package=fields.get("package"),
            extra=tuple(extra),
        )
        start = self.source.span_at(len(self.source.text) - len(self.source.text.lstrip()))
        return Motion(
            header=header,
            location=self.home,
            operations=tuple(operations),
            reads=reads,
            will_read=will_read,
            argument=argument,
            source=f"{filename}#{chunk.number}",
            span=start,
        )

    def inherit(self, operation: Operation) -> Operation:
        """Without a motion location, an operation with no target acts where the last one did.

        "C4.II.2.B.i: after 'X' insert 'Y'. At the end add 'or'." edits one provision twice.
        """
        if not isinstance(operation, TEXT_OPERATIONS):
            return operation
        own = operation.target
        if own is not None:
            self.last_target = own
        elif self.home is None and self.last_target is not None:
            return attrs.evolve(operation, target=self.last_target)
        return operation

    def location_of(self, target: Tree[Token]) -> Location | None:
        return self.location(target, None)

    def operation(self, tree: Tree[Token], done: list[Operation]) -> Operation | None:
        own: Location | None = None
        sentence: int | None = None
        self.edge = None
        action: Tree[Token] | None = None
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data in ("at_target", "in_target"):
                targets = self.subtrees(child, "target")
                own = self.location(targets[0], self.context)
            elif child.data in ("in_sentence", "at_sentence_edge"):
                sentence = self.ordinal(self.tokens(child, "ORDINAL")[0])
                if child.data == "at_sentence_edge":
                    edge = str(self.tokens(child, "AT_EDGE")[0]).lower().split()[-1]
                    self.edge = Position.END if edge == "end" else Position.START
            else:
                action = child
        assert action is not None
        span = self.span(_first_token(action))
        kind = str(action.data)
        if kind == "renumber_only":
            return self.renumber_previous(done, span)
        builder = getattr(self, f"op_{kind}")
        result: Operation | None = builder(action, own, sentence, span)
        return result

    # -- one method per action ----------------------------------------------------------------

    def anchor(self, tree: Tree[Token], quote: Token, sentence: int | None) -> Anchor:
        return Anchor(
            self.quoted(quote),
            occurrence=self.occurrence(tree),
            every=self.every(tree),
            sentence=sentence,
            edge=self.edge if sentence is not None else None,
        )

    def op_delete_words(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        quotes = self.tokens(tree, "QUOTE")
        anchor = self.anchor(tree, quotes[0], sentence)
        replacement = self.subtrees(tree, "replacement")
        if replacement:
            new = self.quoted(self.tokens(replacement[0], "QUOTE")[0])
            return ReplaceWords(anchor, new, own, span)
        return DeleteWords(anchor, own, span)

    def op_replace_quoted(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        return ReplaceQuoted(self.quoted(self.tokens(tree, "QUOTE")[0]), own, span)

    def op_replace_words(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        old, new = self.tokens(tree, "QUOTE")
        return ReplaceWords(self.anchor(tree, old, sentence), self.quoted(new), own, span)

    op_substitute_words = op_replace_words

    def op_replace_sentence(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        which = self.subtrees(tree, "which_reads")
        expected = self.quoted(self.tokens(which[0], "QUOTE")[0]) if which else None
        new = self.quoted(self.tokens(tree, "QUOTE")[-1])
        number = self.ordinal(self.tokens(tree, "ORDINAL")[0])
        return ReplaceSentence(number, new, expected, own, span)

    def op_insert_relative(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        anchor_quote, new = self.tokens(tree, "QUOTE")
        position = Position(str(self.tokens(tree, "POSITION")[0]).lower())
        return InsertWords(
            position, self.quoted(new), self.anchor(tree, anchor_quote, sentence), own, span
        )

    def op_insert_quote_first(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        new, anchor_quote = self.tokens(tree, "QUOTE")
        position = Position(str(self.tokens(tree, "POSITION")[0]).lower())
        return InsertWords(
            position, self.quoted(new), self.anchor(tree, anchor_quote, sentence), own, span
        )

    def op_insert_edge(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        edge = str(self.tokens(tree, "AT_EDGE")[0]).lower().split()[-1]
        position = Position.END if edge == "end" else Position.START
        targets = self.subtrees(tree, "target")
        if targets:
            own = self.location(targets[0], self.context) or own
        return InsertWords(position, self.quoted(self.tokens(tree, "QUOTE")[0]), None, own, span)

    def op_insert_bare(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        """ "At the end of the first sentence insert 'Y'": needs the sentence edge before it."""
        if sentence is None or self.edge is None:
            self.problems.append(
                error(
                    "insert-where",
                    "this insertion does not say where the words go",
                    span=span,
                    hint="write \"after 'X' insert 'Y'\", \"at the end insert 'Y'\" or "
                    "\"at the end of the first sentence insert 'Y'\"",
                )
            )
            return None
        new = self.quoted(self.tokens(tree, "QUOTE")[0])
        return InsertWords(self.edge, new, None, own, span, sentence=sentence)

    def op_insert_provision(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        children = list(tree.children)
        base = own.address if own is not None else self.context
        at: Location | None = None
        relative: tuple[str, Location] | None = None
        new: Location | None = None
        pending_position: str | None = None
        pending_at = False
        for child in children:
            if isinstance(child, Token) and child.type == "POSITION":
                pending_position = str(child).lower()
            elif isinstance(child, Token) and child.type == "AT":
                pending_at = True
            elif isinstance(child, Token) and child.type == "NEW":
                pending_position = None
            elif isinstance(child, Tree) and child.data == "target":
                if pending_at:
                    at = self.location(child, base)
                    pending_at = False
                elif pending_position is not None:
                    relative = (pending_position, self.location(child, base) or own)  # type: ignore[assignment]
                    pending_position = None
                else:
                    context = (
                        at.address
                        if at is not None
                        else (relative[1].address if relative and relative[1] else base)
                    )
                    new = self.location(child, context)
        if new is None:
            return None
        text = self.quoted(self.tokens(tree, "QUOTE")[0])
        parent_address = new.address.parent
        if at is not None and at.address.depth < new.address.depth:
            parent_address = (
                at.address if at.address.depth == new.address.depth - 1 else parent_address
            )
        if parent_address is None:
            self.problems.append(
                error(
                    "new-provision-at-top",
                    "a new provision needs a parent: chapters cannot be inserted by a motion",
                    span=new.span,
                    hint="insert clauses, rules and sub-rules within an existing chapter",
                )
            )
            return None
        parent = Location(parent_address, (), None, new.text, new.span)
        after = before = None
        if relative is not None and relative[1] is not None:
            after, before = (relative[1], None) if relative[0] == "after" else (None, relative[1])
        elif at is not None and at.address.depth == new.address.depth:
            before = at  # "Insert at 3.III.2.2 a new sub-clause B": it takes that place
        return InsertProvision(
            parent=parent,
            label=new.address.label,
            text=text,
            after=after,
            before=before,
            renumber=self.renumber(tree),
            span=span,
        )

    def op_replace_provisions(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        targets = self.locations(self.subtrees(tree, "target")[0], self.context)
        if not targets:
            return None
        return ReplaceProvisions(targets, self.quoted(self.tokens(tree, "QUOTE")[0]), span)

    def op_delete_provisions(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        targets = self.locations(self.subtrees(tree, "target")[0], self.context)
        if not targets:
            return None
        return DeleteProvisions(targets, self.renumber(tree), span)

    def op_consequential(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        quotes = self.tokens(tree, "QUOTE")
        words = self.quoted(quotes[0]) if quotes else None
        wording = " ".join(
            str(t) if t.type != "QUOTE" else f"'{self.quoted(t).text}'"
            for t in tree.scan_values(lambda v: isinstance(v, Token))
        )
        return Consequential(words, wording, span)

    def renumber_previous(self, done: list[Operation], span: Span) -> Operation | None:
        """A lone "Renumber accordingly." sentence applies to the operation before it."""
        if done and isinstance(done[-1], DeleteProvisions | InsertProvision):
            done[-1] = attrs.evolve(done[-1], renumber=True)
            return None
        self.problems.append(
            error(
                "renumber-alone",
                "'renumber accordingly' follows no deletion or insertion of a provision",
                span=span,
                hint="put it after 'Delete rule 2.B.iii' or 'Insert a new sub-clause ...'",
            )
        )
        return None


def _first_token(tree: Tree[Token]) -> Token:
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        return token
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
    match = re.search(r"\d+[A-Za-z]?", value)
    return match.group() if match else value.strip() or None


_READABLE = {
    "QUOTE": "a quoted phrase ('...')", "CITATION": "a citation (Chapter 4, Clause II, rule 2)",
    "DELETE": "delete", "INSERT": "insert", "ADD": "add", "REPLACE": "replace",
    "SUBSTITUTE": "substitute", "WITH": "with", "POSITION": "after/before", "AND": "and",
    "EVERY": "wherever it occurs", "RENUMBER": "renumber accordingly", "WILL_READ":
    "the amended rule will read", "READS": "reads as follows", "COLON": "':'", "DOT": "'.'",
    "COMMA": "','", "ORDINAL": "an ordinal (first, second, last)", "SENTENCE": "sentence",
    "AT_EDGE": "at the end/start", "NEW": "a new", "AS_FOLLOWS": "as follows", "IN": "in",
    "FOR": "for", "ARGUMENT": "Supporting argument", "$END": "the end of the motion",
    "AMENDMENT": "Amendment", "HEADER": "a header line (Title: ...)", "PAGE": "(page N)",
    "LINE": "(line N)", "CONSEQUENTIAL": "consequential amendments",
}  # fmt: skip


def _state_of(exc: UnexpectedInput) -> object:
    state = getattr(exc, "state", None)
    return getattr(state, "position", state)


@cache
def _mistake_states() -> tuple[tuple[object, str], ...]:
    """The parser state each named mistake's examples fail in (computed once)."""
    states: list[tuple[object, str]] = []
    for label, examples in _MISTAKES.items():
        for example in examples:
            try:
                _parser().parse(example)
            except UnexpectedInput as exc:
                states.append((_state_of(exc), label))
    return tuple(states)


def _name_mistake(exc: UnexpectedInput) -> str | None:
    """The name of a common drafting mistake, when the error is in the same place as one.

    Lark's own `match_examples` compares whole parser states, which differ with everything
    parsed before the mistake; the state at the top of the stack is what identifies it.
    """
    state = _state_of(exc)
    return next((label for known, label in _mistake_states() if known == state), None)


def _syntax_error(exc: UnexpectedInput, quotes: Quotes, source: Source) -> MotionError:
    offset = quotes.original_offset(getattr(exc, "pos_in_stream", None) or 0)
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        offset = len(source.text.rstrip())
    label = _name_mistake(exc)
    if isinstance(exc, UnexpectedCharacters):
        found = repr(source.text[offset : offset + 1])
        expected = sorted(exc.allowed or ())
    else:
        token = getattr(exc, "token", None)
        found = "the end of the motion" if token is None or token.type == "$END" else f"'{token}'"
        expected = sorted(getattr(exc, "expected", ()) or ())
    names = sorted({_READABLE.get(e, e.lower().replace("_", " ")) for e in expected})
    message = f"unexpected {found}" + (f"; expected {', '.join(names[:8])}" if names else "")
    if label:
        message = f"{label.split(':')[0].split(', e.g.')[0]} ({message})"
    length = max(1, len(found.strip("'")) if found.startswith("'") else 1)
    return MotionError(
        error(
            "motion-syntax",
            message,
            span=source.span_at(offset, length),
            hint=label
            or "write operations as drafters do: Delete 'X' and insert 'Y'. / After 'X' "
            "insert 'Y'. / Delete rule 2.B.iii and renumber accordingly.",
        )
    )


def _header_end(text: str) -> int:
    """Where a motion's leading header lines (and blank or comment lines among them) end."""
    position = 0
    for line in text.splitlines(keepends=True):
        match = _HEADER_LINE.match(line)
        is_header = (
            match is not None and re.sub(r"\s+", " ", match.group(1).lower()) in _ALL_HEADERS
        )
        if line.strip() and not is_header:
            break
        position += len(line)
    return position


def _blank(text: str) -> str:
    """`text` with every character but line breaks made a space (offsets kept)."""
    return re.sub(r"[^\n]", " ", text)


def _parse_chunk(chunk: _Chunk, text: str, filename: str, scheme: Scheme) -> Motion:
    # Spans count the lines of the file before the chunk; comment lines become blank lines.
    padded = _COMMENT.sub("", chunk.text)
    source = Source(padded, filename, line_offset=chunk.first_line - 1)
    # Header lines and the supporting argument are not drafting: their quotes ('Title: Replace
    # 'trigger ballot'') are kept as written. They are blanked for the quote scan (so offsets
    # stay the same) and put back for the grammar.
    start = _header_end(padded)
    heading = _ARGUMENT_HEADING.search(padded, start)
    end = heading.start() if heading else len(padded)
    blanked = _blank(padded[:start]) + padded[start:end] + _blank(padded[end:])
    quotes = scan(blanked, filename=filename, source=source)
    try:
        tree = _parser().parse(
            padded[:start]
            + quotes.text[start : len(quotes.text) - (len(padded) - end)]
            + padded[end:]
        )
    except UnexpectedInput as exc:
        raise _syntax_error(exc, quotes, source) from None
    reader = _Reader(quotes, source, scheme, filename)
    motion = reader.motion(tree, chunk, filename)
    if reader.problems:
        raise MotionError(reader.problems)
    return motion


def parse_motions(
    text: str, *, filename: str = "<motion>", scheme: Scheme | None = None
) -> tuple[Motion, ...]:
    """Every motion in a file (an agenda may hold many); every problem raised together."""
    scheme = scheme or load_scheme("labour")
    text = text.removeprefix("\ufeff")  # Word and Notepad start UTF-8 files with a BOM
    motions: list[Motion] = []
    problems: list[Diagnostic] = []
    for chunk in _chunks(text):
        try:
            motions.append(_parse_chunk(chunk, text, filename, scheme))
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
