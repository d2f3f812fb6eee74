"""Operations from the motion grammar's parse tree: one method per kind of action.

`OperationBuilder` holds what every builder needs (the quotes, the tokens and subtrees of a
node, ordinals, anchors) and one `op_<rule>` method for each alternative of `action` in
`grammar/motion.lark`. Citations are resolved by the reader that subclasses it (`locate`,
`locations`), since they depend on the location in force.
"""

from __future__ import annotations

import re

import attrs
from lark import Token, Tree

from motions.book.address import Address
from motions.drafting.motion import (
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Location,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted, Quotes
from motions.errors import Diagnostic, MotionError, error
from motions.numbers import natural
from motions.source import Span

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
}  # fmt: skip
_PUNCTUATION = {"full stop": ".", "comma": ",", "semicolon": ";", "semi-colon": ";", "colon": ":"}
_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_DIGITS = re.compile(r"\d+")
#: A quoted new provision that opens with its own label: 'D. The NEC may ...'.
_LEADING_LABEL = re.compile(r"\s*(\(?[A-Z]\)?|\d+[A-Z]?|\(?[ivx]+\)?)[.)]?\s")


class OperationBuilder:
    """Builds each operation of one motion; `problems` collects what cannot be built."""

    def __init__(self, quotes: Quotes) -> None:
        self.quotes = quotes
        self.problems: list[Diagnostic] = []
        self.edge: Position | None = None  # "at the start/end of the Nth sentence"

    # -- what the subclass provides --------------------------------------------------------

    @property
    def context(self) -> Address | None:
        raise NotImplementedError

    def locate(self, tree: Tree[Token], context: Address | None) -> Location | None:
        raise NotImplementedError

    def locations(self, tree: Tree[Token], context: Address | None) -> tuple[Location, ...]:
        raise NotImplementedError

    def current(self) -> Location | None:
        raise NotImplementedError

    # -- small pieces ---------------------------------------------------------------------

    def quoted(self, token: Token) -> Quoted:
        match = _PLACEHOLDER.fullmatch(str(token))
        if match:
            return self.quotes.quotes[int(match.group(1))]
        return Quoted.of(str(token)[1:-1])

    def new_words(self, tree: Tree[Token]) -> Quoted:
        """'X', or a punctuation mark named in words ("replacing it with a full stop")."""
        node = self.subtrees(tree, "new_words")
        holder = node[-1] if node else tree
        quotes = self.tokens(holder, "QUOTE")
        if quotes:
            return self.quoted(quotes[-1])
        named = str(self.tokens(holder, "PUNCTUATION")[0]).lower().split(None, 1)[1]
        mark = _PUNCTUATION.get(" ".join(named.split()), ".")
        return Quoted(mark, mark)

    @staticmethod
    def tokens(tree: Tree[Token], kind: str) -> list[Token]:
        return [t for t in tree.children if isinstance(t, Token) and t.type == kind]

    @staticmethod
    def subtrees(tree: Tree[Token], kind: str) -> list[Tree[Token]]:
        return [t for t in tree.children if isinstance(t, Tree) and t.data == kind]

    @staticmethod
    def ordinal(token: Token) -> int:
        word = str(token).lower()
        if word in _ORDINALS:
            return _ORDINALS[word]
        found = _DIGITS.match(word)
        if not found:
            return 1
        number = natural(found.group())
        if number is None:
            shown = word[:20] + "…"
            raise MotionError(
                error(
                    "number-too-long",
                    f"'{shown}' is no ordinal a motion can mean (more than 18 digits)",
                    hint="write ordinals in words or in the digits 0 to 9, at most 18 of them",
                )
            )
        return number

    def occurrence(self, tree: Tree[Token]) -> int | None:
        found = self.subtrees(tree, "occurrence")
        return self.ordinal(self.tokens(found[0], "ORDINAL")[0]) if found else None

    def every(self, tree: Tree[Token]) -> bool:
        return bool(self.subtrees(tree, "every"))

    def renumber(self, tree: Tree[Token]) -> bool:
        return bool(self.subtrees(tree, "renumber"))

    def anchor(self, tree: Tree[Token], quote: Token, sentence: int | None) -> Anchor:
        return Anchor(
            self.quoted(quote),
            occurrence=self.occurrence(tree),
            every=self.every(tree),
            sentence=sentence,
            edge=self.edge if sentence is not None else None,
        )

    # -- one method per action ------------------------------------------------------------

    def op_delete_words(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        quotes = self.tokens(tree, "QUOTE")
        anchor = self.anchor(tree, quotes[0], sentence)
        source = self.subtrees(tree, "from_target")
        if source:
            context = own.address if own is not None else self.context
            own = self.locate(self.subtrees(source[0], "target")[0], context) or own
        replacement = self.subtrees(tree, "replacement")
        if replacement:
            return ReplaceWords(anchor, self.new_words(replacement[0]), own, span)
        return DeleteWords(anchor, own, span)

    def op_replace_quoted(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        return ReplaceQuoted(self.quoted(self.tokens(tree, "QUOTE")[0]), own, span)

    def op_replace_words(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        old = self.tokens(tree, "QUOTE")[0]
        return ReplaceWords(self.anchor(tree, old, sentence), self.new_words(tree), own, span)

    def op_substitute_words(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation:
        old, new = self.tokens(tree, "QUOTE")
        return ReplaceWords(self.anchor(tree, old, sentence), self.quoted(new), own, span)

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
        quotes = self.tokens(tree, "QUOTE")
        anchor_quote = quotes[0] if self.subtrees(tree, "new_words") else quotes[-2]
        new = self.new_words(tree) if self.subtrees(tree, "new_words") else self.quoted(quotes[-1])
        position = Position(str(self.tokens(tree, "POSITION")[0]).lower())
        return InsertWords(position, new, self.anchor(tree, anchor_quote, sentence), own, span)

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
            own = self.locate(targets[0], self.context) or own
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

    def op_insert_paragraph(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        """ "Insert a new paragraph 'D. ...'": a new provision when the quote gives its label,
        else new words at the end of the provision."""
        text = self.quoted(self.tokens(tree, "QUOTE")[0])
        where = own or self.current()
        label = _LEADING_LABEL.match(text.text)
        if (
            where is not None
            and label is not None
            and where.address.depth < len(where.address.scheme.sequence(where.address.root))
        ):
            name = label.group(1).strip("()")
            return InsertProvision(parent=where, label=name, text=text, span=span)
        return InsertWords(Position.END, text, None, own, span)

    def op_insert_provision(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        base = own.address if own is not None else self.context
        at: Location | None = None
        relative: tuple[str, Location | None] | None = None
        new: Location | None = None
        pending_position: str | None = None
        pending_at = False
        for child in tree.children:
            if isinstance(child, Token) and child.type == "POSITION":
                pending_position = str(child).lower()
            elif isinstance(child, Token) and child.type == "AT":
                pending_at = True
            elif isinstance(child, Token) and child.type == "NEW":
                pending_position = None
            elif isinstance(child, Tree) and child.data == "target":
                if pending_at:
                    at = self.locate(child, base)
                    pending_at = False
                elif pending_position is not None:
                    context = new.address.parent if new is not None else base
                    relative = (pending_position, self.locate(child, context) or own)
                    pending_position = None
                else:
                    context = (
                        at.address
                        if at is not None
                        else (relative[1].address if relative and relative[1] else base)
                    )
                    new = self.locate(child, context)
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
        """Replace X with the following / Delete rule X and insert new rule X / X be amended to
        read: the provisions named first are replaced by the quoted text."""
        found = self.subtrees(tree, "target")
        if found:
            context = own.address if own is not None else self.context
            targets = self.locations(found[0], context)
        else:
            where = own or self.current()
            targets = (where,) if where is not None else ()
            if where is None:
                self.problems.append(
                    error(
                        "operation-without-location",
                        "'be amended to read' names no provision",
                        span=span,
                        hint="name it first: 'That Chapter 4, Clause II, rule 2 be amended to "
                        "read: ...'",
                    )
                )
        if not targets:
            return None
        return ReplaceProvisions(targets, self.quoted(self.tokens(tree, "QUOTE")[-1]), span)

    def op_delete_provisions(
        self, tree: Tree[Token], own: Location | None, sentence: int | None, span: Span
    ) -> Operation | None:
        context = own.address if own is not None else self.context
        targets = self.locations(self.subtrees(tree, "target")[0], context)
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
