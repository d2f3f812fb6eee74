"""The scheme's line markers compiled to patterns: which line opens which level.

Shared by the outline parser (reading) and the source-text renderer (which must escape a line
of text that would otherwise read as a marker), so both agree on what a marker is.
"""

from __future__ import annotations

import re
import weakref

import attrs

from motions.book.numbering import Level, Scheme, Style

STYLE_PATTERNS = {
    Style.ARABIC: r"[0-9]+(?:\s?\([A-Za-z]\)|[A-Za-z]{1,2})?",
    Style.UPPER_ROMAN: r"[IVXLCDM]+",
    Style.LOWER_ROMAN: r"[ivxlcdm]+",
    Style.UPPER_LETTER: r"[A-Z]{1,2}",
    Style.LOWER_LETTER: r"[a-z]{1,2}",
}

# The ASCII characters a label of each style can begin with. (`\d` also matches other scripts'
# digits, so a line opening with a non-ASCII character is tried against every marker.)
STYLE_OPENINGS = {
    Style.ARABIC: frozenset("0123456789"),
    Style.UPPER_ROMAN: frozenset("IVXLCDM"),
    Style.LOWER_ROMAN: frozenset("ivxlcdm"),
    Style.UPPER_LETTER: frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    Style.LOWER_LETTER: frozenset("abcdefghijklmnopqrstuvwxyz"),
}

#: A parent's label inside a child's marker ("17" in "17.7", "A" in "A.1."): any style; the
#: parser checks it against the provision the child stands under.
PARENT_PATTERN = rf"(?:{STYLE_PATTERNS[Style.ARABIC]}|[A-Za-z]{{1,6}})"

HEADER_RE = re.compile(r"(Title|Edition|Scheme)\s*:\s*(.*)")
PAGE_RE = re.compile(r"\[page\s+([0-9]+)\]", re.IGNORECASE)
ESCAPE_HINT = "if the line continues the text above, start it with '\\'"


@attrs.frozen
class Matcher:
    """A compiled marker of one level: the regex, and whether it opens with a keyword."""

    level: Level
    regex: re.Pattern[str]
    keyword: bool
    #: The ASCII characters a line it matches can open with, once its indent is stripped.
    opens: frozenset[str]
    #: True for markers such as "{parent}.{label}" that repeat the parent's number.
    numbered_under: bool


def marker_openings(marker: str, style: Style) -> frozenset[str]:
    """The first characters (ASCII) of a line that `marker` opens, after the indent."""
    marker = marker.lstrip()
    if marker.startswith("{label}"):
        return STYLE_OPENINGS[style]
    if marker.startswith("{parent}"):
        return (
            STYLE_OPENINGS[Style.ARABIC]
            | STYLE_OPENINGS[Style.UPPER_LETTER]
            | STYLE_OPENINGS[Style.LOWER_LETTER]
        )
    return frozenset(marker[:1])


def _matcher(level: Level, marker: str, keyword: bool) -> Matcher:
    regex = marker_regex(marker, level.style)
    openings = marker_openings(marker, level.style)
    return Matcher(level, regex, keyword, openings, "parent" in regex.groupindex)


def marker_regex(marker: str, style: Style) -> re.Pattern[str]:
    pattern = ""
    for piece in re.split(r"(\{label\}|\{parent\})", marker):
        if piece == "{label}":
            pattern += f"(?P<label>{STYLE_PATTERNS[style]})"
        elif piece == "{parent}":
            pattern += f"(?P<parent>{PARENT_PATTERN})"
        else:
            pattern += r"\s+".join(re.escape(word) for word in piece.split(" "))
    # `rest` is greedy: a lazy `.*?` before `$` tests the end at every character of the
    # line (it was a quarter of the parse); on one line (no line break) both match the same.
    return re.compile(rf"[ \t]*{pattern}(?:[ \t]+(?P<rest>.*)|[ \t]*)$")


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def either(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that matches a line where any of `patterns` does (from the start, as
    `match`; their groups unnamed, as names may not repeat): a line of text that several
    markers could open ("in", "conference": roman numerals and letters) is ruled out by one
    match instead of one a marker."""
    return re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', p.pattern)})" for p in patterns))


@attrs.frozen
class Grammar:
    """The scheme's markers compiled once: tops, keyword levels, bare-label levels."""

    tops: tuple[Matcher, ...]
    keyed: tuple[Matcher, ...]
    bare: tuple[Matcher, ...]
    #: Top levels written as a bare label ("4. The Developers"): the sequence decides them,
    #: like the bare labels below them.
    bare_tops: tuple[Matcher, ...] = ()
    _by_opening: dict[str, Grammar] = attrs.field(factory=dict, eq=False, repr=False)

    def opening(self, char: str) -> Grammar:
        """The markers a line whose first non-blank character is `char` can match: the parser
        tries two or three patterns on a line instead of every one, and none on most text."""
        found = self._by_opening.get(char)
        if found is None:
            if char.isascii():

                def keep(ms: tuple[Matcher, ...]) -> tuple[Matcher, ...]:
                    return tuple(m for m in ms if char in m.opens)

                found = Grammar(
                    keep(self.tops), keep(self.keyed), keep(self.bare), keep(self.bare_tops)
                )
            else:
                found = self
            self._by_opening[char] = found
        return found


#: Grammars by scheme: a scheme's own object, never its name (a custom scheme may reuse a
#: shipped scheme's name), and the matchers hold that scheme's levels.
_GRAMMARS: weakref.WeakKeyDictionary[Scheme, Grammar] = weakref.WeakKeyDictionary()


def grammar_of(scheme: Scheme) -> Grammar:
    cached = _GRAMMARS.get(scheme)
    if cached is not None:
        return cached
    roots = tuple(
        _matcher(level, m, level.keyword is not None)
        for level in scheme.roots
        for m in level.markers
    )
    tops = tuple(m for m in roots if m.keyword)
    keyed: list[Matcher] = []
    bare: list[Matcher] = []
    for level in scheme.levels[1:]:
        for marker in level.markers:
            matcher = _matcher(level, marker, level.keyword is not None)
            (keyed if matcher.keyword else bare).append(matcher)
    grammar = Grammar(tops, tuple(keyed), tuple(bare), tuple(m for m in roots if not m.keyword))
    _GRAMMARS[scheme] = grammar
    return grammar
