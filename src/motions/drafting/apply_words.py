"""Word-level operations: delete, insert and replace quoted words or sentences in a provision."""

from __future__ import annotations

import re

import attrs

from motions.book.rulebook import Provision
from motions.drafting.application import (
    ApplicationState,
    in_context,
    nth_sentence,
    shorten,
    without_own_label,
)
from motions.drafting.motion import (
    Anchor,
    DeleteWords,
    InsertWords,
    Position,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted, fold
from motions.drafting.redline import plain, word_diff
from motions.drafting.textedit import closest, find, nth, sentences
from motions.source import Span


class WordOperations(ApplicationState):
    def within(
        self, provision: Provision, text: str, sentence: int | None, span: Span | None
    ) -> tuple[int, int]:
        """The range of `text` an operation may act in: one sentence of it, or all of it."""
        if sentence is None:
            return 0, len(text)
        chosen = nth(sentences(text), sentence)
        if chosen is None:
            self.fail(
                "sentence-missing",
                f"{provision.address.long()} has {len(sentences(text))} sentence(s); "
                f"there is no {nth_sentence(sentence)}",
                span,
            )
        assert chosen is not None
        return chosen

    def anchored(
        self, provision: Provision, anchor: Anchor, span: Span | None
    ) -> list[tuple[int, int]]:
        """The after-text ranges an anchor picks out, or a diagnostic saying why none."""
        draft = self.draft(provision)
        text = draft.after
        low, high = self.within(provision, text, anchor.sentence, span)
        found = [(s + low, e + low) for s, e in find(text[low:high], anchor.words.text)]
        where = anchor.words.span or span
        if not found:
            self.not_found(provision, anchor.words, text, where)
        if anchor.every:
            return found
        if anchor.occurrence is not None:
            picked = nth(found, anchor.occurrence)
            if picked is None:
                self.fail(
                    "occurrence-missing",
                    f"'{anchor.words.text}' occurs {len(found)} time(s) in "
                    f"{provision.address.long()}; there is no occurrence {anchor.occurrence}",
                    where,
                    f"occurrences are counted in the provision's own text: '{shorten(text)}'",
                )
            assert picked is not None
            return [picked]
        if len(found) > 1 and anchor.edge is not None:
            return [found[0] if anchor.edge is Position.START else found[-1]]
        if len(found) > 1:
            places = "; ".join(
                f"{i}: {in_context(text, s, e)}" for i, (s, e) in enumerate(found, 1)
            )
            self.fail(
                "words-ambiguous",
                f"'{anchor.words.text}' occurs {len(found)} times in {provision.address.long()}: "
                f"{places}",
                where,
                "say which: 'the second ...', or 'wherever it occurs'",
            )
        return found

    def not_found(self, provision: Provision, words: Quoted, text: str, span: Span | None) -> None:
        guess = closest(text, words.text)
        elsewhere = [
            p.address.compact()
            for p in self.book.walk()
            if p.address != provision.address and p.text and find(p.text, words.text)
        ][:5]
        hint = []
        if guess:
            hint.append(f"did you mean '{guess}'?")
        if elsewhere:
            hint.append(f"The words occur exactly in {', '.join(elsewhere)}.")
        hint.append(f"The rule reads: '{shorten(text)}'")
        self.fail(
            "words-not-found",
            f"'{words.text}' does not occur in {provision.address.long()}",
            span,
            " ".join(hint),
        )

    def replace_words(self, op: ReplaceWords | DeleteWords) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        ranges = self.anchored(provision, op.anchor, op.span)
        new = _house_style(op.new.text, provision.text) if isinstance(op, ReplaceWords) else ""
        for start, end in reversed(ranges):
            self.record(provision, draft, start, end)
            if not new:
                start, end = _with_space(draft.after, start, end)
            draft.edit(start, end, _unlabelled(new, provision, start))

    def insert_words(self, op: InsertWords) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        text = draft.after
        if op.position in (Position.START, Position.END):
            low, high = self.within(provision, text, op.sentence, op.span)
            at = low if op.position is Position.START else high
            self.record(provision, draft, at, at)
            new = _unlabelled(_house_style(op.new.text, provision.text), provision, at)
            draft.edit(*_placed(text, at, new))
            return
        assert op.anchor is not None
        for start, end in reversed(self.anchored(provision, op.anchor, op.span)):
            at = end if op.position is Position.AFTER else start
            self.record(provision, draft, start, end)
            draft.edit(*_placed(draft.after, at, _house_style(op.new.text, provision.text)))

    def replace_quoted(self, op: ReplaceQuoted) -> None:
        if self.motion.reads is None:
            self.fail(
                "these-words-unquoted",
                "'these words' refers to no quoted text",
                op.span,
                "quote the words first: '... reads as follows: \"...\"'",
            )
        assert self.motion.reads is not None
        reads = self.motion.reads
        provision = self.provision(self.motion.target_of(op), op.span)
        unlabelled = without_own_label(reads.text, provision)
        if unlabelled != reads.text and not find(self.draft(provision).after, reads.text):
            # The current text was quoted with its label ("B. Each ..."): the label is not
            # part of the provision's text.
            reads = attrs.evolve(reads, text=unlabelled)
        anchor = Anchor(reads)
        self.replace_words(ReplaceWords(anchor, op.new, op.target, op.span))

    def replace_sentence(self, op: ReplaceSentence) -> None:
        provision = self.provision(self.motion.target_of(op), op.span)
        draft = self.draft(provision)
        text = draft.after
        chosen = nth(sentences(text), op.sentence)
        if chosen is None:
            self.fail(
                "sentence-missing",
                f"{provision.address.long()} has {len(sentences(text))} sentence(s), so "
                f"there is no {nth_sentence(op.sentence)}",
                op.span,
                f"the rule reads: '{shorten(text)}'",
            )
        assert chosen is not None
        start, end = chosen
        if op.expected is not None and fold(op.expected.text) != fold(text[start:end]):
            diff = word_diff(op.expected.text, text[start:end])
            self.fail(
                "sentence-mismatch",
                f"the {nth_sentence(op.sentence)} of {provision.address.long()} does not "
                "read as quoted",
                op.expected.span or op.span,
                f"it reads: '{text[start:end]}' (differences: {plain(diff)})",
            )
        self.record(provision, draft, start, end)
        draft.edit(
            start, end, _unlabelled(_house_style(op.new.text, provision.text), provision, start)
        )


def _with_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a deletion by one adjacent space so no double space is left behind."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == " "):
        return start, end + 1
    if start > 0 and text[start - 1] == " " and (end == len(text) or not text[end].isalnum()):
        return start - 1, end
    return start, end


_CLINGS_LEFT = ",.;:)]!?’”"


def _placed(text: str, at: int, new: str) -> tuple[int, int, str]:
    """The edit that puts `new` at `at` in `text` with the spacing English wants: a space
    between words, none before punctuation, so inserting ', apprenticed' before 'or serving' in
    'studying or serving' gives 'studying, apprenticed or serving'."""
    if not text or not new:
        return at, at, new
    clings = new[0] in _CLINGS_LEFT
    if at >= len(text):
        return at, at, new if clings else " " + new
    if at == 0:
        return at, at, new + " "
    if text[at - 1] == " ":
        if clings:
            # Before the space, so the punctuation follows the word and the space follows it.
            return at - 1, at - 1, new
        return at, at, new + " "
    after = " " if text[at].isalnum() else ""
    return at, at, (new if clings else " " + new) + after


def _unlabelled(new: str, provision: Provision, at: int) -> str:
    """New words that open the provision's text lose the provision's own label, which the
    book prints apart from the text ('B. In the case ...' is written as 'In the case ...')."""
    return without_own_label(new, provision) if at == 0 and new else new


_CURLY_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")


def _house_style(new: str, existing: str) -> str:
    """New words with the book's apostrophe: a curly one typed into a provision that does not
    use curly ones is made straight, so "Party’s" does not show as a change of "Party's"."""
    if "’" in existing or "’" not in new:  # nothing to straighten (most new words)
        return new
    return _CURLY_APOSTROPHE.sub("'", new)
