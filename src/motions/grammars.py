"""The parsers of the shipped grammars, their LALR tables cached between runs, and a faster
way to run them (`LalrRunner`, `parse_function`).

Building a grammar's LALR tables takes longer than everything else a short command does, and
the result only changes when the grammar or Lark does. So the built parser is kept in the user's
cache directory (`platformdirs`, which honours XDG_CACHE_HOME; MOTIONS_CACHE_DIR overrides it,
and an empty MOTIONS_CACHE_DIR turns the cache off), in a file named by a hash of the grammar's
text, Lark's version and Python's. A new grammar or a new Lark gets a new file; nothing is ever
read from a stale one.

The cache is an optimisation and never a source of errors: a directory that is missing is made;
one that cannot be made, read or written, or a file that is damaged, means the parser is built
in memory as if there were no cache. Files are written to a temporary name and renamed into
place, so processes sharing the directory never read one half-written.

Parsing many texts (an agenda, a conflict check of thousands of motions) spends most of Lark's
time in its general parse loop rather than in its regexes. `LalrRunner` runs the same tables,
scanners and tree builders in one loop, with each scanner narrowed to the terminals that can
start at the character at hand, and hands anything else back to Lark: the same trees, Lark's
own errors.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from re import Pattern
from typing import Any, BinaryIO

import lark
import lark.parsers.lalr_analysis

from motions.resources import read_text

Option = str | bool | int

#: How `re` itself parses a pattern (its syntax tree), read by `may_start`.
_sre_parser: Any = importlib.import_module("re._parser")

#: How every shipped grammar is parsed unless told otherwise; part of the cache key.
OPTIONS: dict[str, Option] = {"parser": "lalr", "lexer": "contextual"}


def cache_dir() -> Path | None:
    """Where built parsers are kept, or None when caching is turned off."""
    override = os.environ.get("MOTIONS_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    import platformdirs  # only a command that builds a grammar needs it

    return Path(platformdirs.user_cache_dir("motions", appauthor=False))


def cache_key(grammar: str, options: dict[str, Option] | None = None) -> str:
    """What a cached parser depends on: the grammar's text, the options, Lark and Python."""
    settings = {**OPTIONS, **(options or {})}
    parts = (grammar, repr(sorted(settings.items())), lark.__version__, sys.version)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def cache_file(name: str, grammar: str, options: dict[str, Option] | None = None) -> Path | None:
    """The file that holds (or will hold) the built parser of grammar `name`."""
    directory = cache_dir()
    if directory is None:
        return None
    return directory / f"{Path(name).stem}-{cache_key(grammar, options)}.lark-cache"


@cache
def grammar_parser(name: str, **options: Option) -> lark.Lark:
    """The LALR parser of `grammar/<name>` ("motion.lark"), built once per process and read
    from the cache when an earlier run built it. `options` are Lark's, over `OPTIONS`
    (for example `propagate_positions=True`); they are part of the cache key."""
    grammar = read_text("grammar", name)
    path = cache_file(name, grammar, options)
    if path is not None:
        cached = _read(path)
        if cached is not None:
            return cached
    parser = build(grammar, **options)
    if path is not None:
        _write(parser, path)
    return parser


@cache
def parse_function(name: str) -> Callable[[str], lark.Tree[lark.Token]]:
    """`grammar_parser(name).parse`, run by `LalrRunner` (the same tree, two to three times
    faster) where the parser allows it. A text the runner does not parse goes to Lark, so
    every error is Lark's own, raised from Lark's `parse` as before."""
    parser = grammar_parser(name)
    runner = LalrRunner.of(parser)
    if runner is None:
        return parser.parse

    def parse(text: str) -> lark.Tree[lark.Token]:
        try:
            return runner.parse(text)
        except Unparsed:
            return parser.parse(text)

    return parse


def build(grammar: str, **options: Option) -> lark.Lark:
    """Build the parser from the grammar's text (the slow step the cache saves)."""
    return lark.Lark(grammar, **{**OPTIONS, **options})


def _read(path: Path) -> lark.Lark | None:
    try:
        with path.open("rb") as f:
            parser = lark.Lark.load(f)
    except Exception:  # missing, unreadable, or damaged so it fails to unpickle in any way
        return None
    return parser if isinstance(parser, lark.Lark) else None


def _write(parser: lark.Lark, path: Path) -> None:
    write_cache_file(path, parser.save)


def write_cache_file(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Put a cache entry at `path`: `write` fills a temporary file beside it, which is then
    renamed into place, so processes sharing the folder never read one half-written. False if
    the folder is read-only, full or not a folder (a cache entry is only ever an
    optimisation: what is in memory serves this run). Not synced: a lost entry is a miss."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as f:
            write(f)
        os.replace(temporary, path)
        temporary = None
        return True
    except OSError:
        return False
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


#: The single-character classes of a pattern, as `re` itself reads them (for `may_start`).
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}  # fmt: skip


def may_start(pattern: str, flags: int, char: str) -> bool:
    """Whether a match of `pattern` can begin with `char`; True whenever unsure.

    Reads the pattern as `re` parses it: literals, classes and ranges are tested on `char` by
    `re` itself (case folding included), alternatives and optional parts followed through,
    and anything else (a back-reference, a class with a negation ...) answers True. So a
    False is certain: no match of `pattern` starts with `char`.
    """
    try:
        parsed = _parse_pattern(pattern, flags)
        return _starts(parsed, char, bool(parsed.state.flags & re.IGNORECASE))[0]
    except Exception:  # a pattern the reading below does not follow: assume it can
        return True


@lru_cache(maxsize=1024)
def _parse_pattern(pattern: str, flags: int) -> Any:
    return _sre_parser.parse(pattern, flags)


def _test(regex: str, char: str, ignorecase: bool) -> bool:
    return re.fullmatch(regex, char, re.IGNORECASE if ignorecase else 0) is not None


def _starts(items: Iterable[tuple[Any, Any]], char: str, ic: bool) -> tuple[bool, bool]:
    """(a match of the sequence `items` can start with `char`, the sequence can match empty)."""
    found = False
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: constrains nothing this reading relies on
        if name == "LITERAL":
            starts, empty = _test(re.escape(chr(av)), char, ic), False
        elif name == "IN":
            starts, empty = _in_class(av, char, ic), False
        elif name == "BRANCH":
            results = [_starts(branch, char, ic) for branch in av[1]]
            starts, empty = any(r[0] for r in results), any(r[1] for r in results)
        elif name == "SUBPATTERN":
            _, add, remove, inner = av
            flag = (ic or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            starts, empty = _starts(inner, char, flag)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, inner = av
            starts, empty = _starts(inner, char, ic)
            empty = empty or low == 0
        elif name == "ATOMIC_GROUP":
            starts, empty = _starts(av, char, ic)
        else:
            return True, True  # NOT_LITERAL, ANY, a group reference ...: could be anything
        found = found or starts
        if not empty:
            return found, False
    return True, True  # the whole sequence can match empty: any character may follow


def _in_class(items: list[tuple[Any, Any]], char: str, ic: bool) -> bool:
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            regex = re.escape(chr(av))
        elif name == "RANGE":
            low, high = av
            regex = f"[{re.escape(chr(low))}-{re.escape(chr(high))}]"
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            regex = _CATEGORIES[str(av)]
        else:
            return True  # a negated class or one this reading does not follow
        if _test(regex, char, ic):
            return True
    return False


class Unparsed(Exception):
    """`LalrRunner.parse` met something it does not handle the way Lark would: a text that
    does not parse, or a lexer callback. The caller parses the text with Lark itself, which
    raises Lark's own error (with its location and expected terminals) or returns the tree."""


class _Lexing:
    """One lexer of the contextual lexer: its scanners by the first character to read.

    Lark's scanner for a parser state is one alternation of every terminal the state accepts,
    tried in order of priority; `re` tries each alternative at the position in turn. The
    alternatives whose pattern cannot start with the character at the position (`may_start`)
    cannot match there, so the alternation of the others, in the same order with the same
    group names, finds the same terminal and the same text.

    Compiling one costs about as much as a thousand matches save (under a millisecond), so a
    character gets its own scanner only once `_WARM` tokens of this lexer have started with it
    (a long agenda, a benchmark, a conflict check), and at most `_CHARACTERS` characters do;
    until then, and for a short command's one motion, Lark's own alternation serves.
    """

    __slots__ = ("by_char", "callback", "dispatch", "flags", "full", "ignore", "newlines",
                 "seen", "terminals")  # fmt: skip

    def __init__(
        self,
        by_char: dict[str, tuple[Pattern[str], ...]],
        full: tuple[Pattern[str], ...],
        terminals: tuple[Any, ...],
        flags: int,
        ignore: frozenset[str],
        newlines: frozenset[str],
        callback: frozenset[str],
        *,
        dispatch: bool,
    ) -> None:
        self.by_char, self.full, self.terminals, self.flags = by_char, full, terminals, flags
        self.ignore, self.newlines, self.callback = ignore, newlines, callback
        self.dispatch = dispatch
        self.seen: dict[str, int] = {}

    def scanners(self, char: str) -> tuple[Pattern[str], ...]:
        """The scanners to try where the text goes on with `char` (made once warm)."""
        if not self.dispatch or len(self.by_char) >= _CHARACTERS:
            return self.full
        seen = self.seen.get(char, 0) + 1
        if seen < _WARM:
            if seen > 1 or len(self.seen) < 4 * _CHARACTERS:  # counts kept bounded too
                self.seen[char] = seen
            return self.full
        chosen = [t for t in self.terminals if may_start(t.pattern.to_regexp(), self.flags, char)]
        if len(chosen) == len(self.terminals):
            found = self.full
        elif not chosen:
            found = ()
        else:
            alternation = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in chosen)
            found = (re.compile(alternation, self.flags),)
        self.by_char[char] = found
        return found


class _Actions(dict[int, dict[str, tuple[bool, Any]]]):
    """Lark's LALR table, a state's row read on its first use: terminal or rule name →
    (True, the next state) to shift, or (False, (size, tree builder, rule name)) to reduce,
    with the builder found once instead of by a `Rule` key on every reduction."""

    def __init__(self, states: dict[int, dict[str, tuple[Any, Any]]], callbacks: Any) -> None:
        super().__init__()
        self.states, self.callbacks = states, callbacks

    def __missing__(self, state: int) -> dict[str, tuple[bool, Any]]:
        shift = lark.parsers.lalr_analysis.Shift
        row = {
            kind: (True, arg)
            if action is shift
            else (False, (len(arg.expansion), self.callbacks[arg], arg.origin.name))
            for kind, (action, arg) in self.states[state].items()
        }
        self[state] = row
        return row


#: How many first characters one lexer keeps scanners for (text in any script stays bounded),
#: and how many tokens of a lexer start with a character before it gets its own.
_CHARACTERS = 256
_WARM = 256


class LalrRunner:
    """Lark's LALR parse, run over Lark's own tables, scanners and tree builders.

    Lark's parse loop is general: a lexer thread, a parser state object, an interactive-parser
    hook, per-token generator hops, callbacks looked up by `Rule` objects whose hash and
    equality are Python code. For a grammar whose parsing is most of a command's time, this
    runs the same steps in one loop: the same per-state scanners (the contextual lexer's
    compiled alternations, so the same terminal wins at every position), the same LALR table,
    the same tree-building callbacks, the same `Token`s with the same positions, lines and
    columns. So its tree is Lark's tree. Anything it would have to do differently (an error, a
    lexer callback) raises `Unparsed` instead, and the caller asks Lark, so every error is
    Lark's.
    """

    def __init__(self, parser: lark.Lark) -> None:
        frontend = parser.parser
        inner = frontend.parser.parser
        table = inner.parse_table
        (start,) = parser.options.start
        self._lexers = frontend.lexer.lexers
        self._start = table.start_states[start]
        self._end = table.end_states[start]
        callbacks = inner.callbacks
        self._token_callbacks = {k: v for k, v in callbacks.items() if isinstance(k, str)}
        self._actions = _Actions(table.states, callbacks)
        #: Per state: its lexer's scanners by first character, and what the lexer ignores,
        #: counts lines in and re-types (Lark's `callback`); filled on first use.
        self._scanners: dict[int, _Lexing] = {}
        self._by_lexer: dict[int, _Lexing] = {}

    @classmethod
    def of(cls, parser: lark.Lark) -> LalrRunner | None:
        """A runner for `parser`, or None when it is not a plain LALR parser with the
        contextual lexer (a post-lexer, a transformer or lexer callbacks: Lark runs those)."""
        options = parser.options
        if (
            options.parser != "lalr"
            or options.lexer != "contextual"
            or options.postlex is not None
            or options.transformer is not None
            or options.lexer_callbacks
            or len(options.start) != 1
        ):
            return None
        try:
            runner = cls(parser)
            # Read now what later parses read of Lark's insides (a row with a reduction, the
            # first state's scanner, its terminals' patterns), so that a Lark keeping them
            # otherwise is found here and not in the middle of a parse.
            actions = runner._actions
            next(s for s in actions.states if not all(a[0] for a in actions[s].values()))
            first = runner._scanner(runner._start)
            kept = all(isinstance(p, Pattern) for p in first.full)
            kept = kept and all(
                isinstance(t.name, str) and isinstance(t.pattern.to_regexp(), str)
                for t in first.terminals
            )
            return runner if kept else None
        except (AttributeError, KeyError, TypeError, ValueError, StopIteration):
            return None  # a Lark whose insides differ: Lark parses, as before

    def _scanner(self, state: int) -> _Lexing:
        """The contextual lexer's scanner for `state` (compiled on first use, as Lark does;
        states with the same terminals share Lark's lexer and so one entry here)."""
        basic = self._lexers[state]
        entry = self._by_lexer.get(id(basic))
        if entry is None:
            scanner = basic.scanner
            entry = _Lexing(
                {},
                tuple(scanner._mres),
                tuple(scanner.terminals),
                basic.g_regex_flags,
                frozenset(basic.ignore_types),
                frozenset(basic.newline_types),
                frozenset(basic.callback),
                dispatch=not basic.use_bytes and len(scanner._mres) == 1,
            )
            self._by_lexer[id(basic)] = entry
        self._scanners[state] = entry
        return entry

    def parse(self, text: str) -> lark.Tree[lark.Token]:
        """The tree Lark's `parse` gives for `text`; `Unparsed` where Lark would raise."""
        actions = self._actions
        by_state = self._scanners
        token_callbacks = self._token_callbacks
        states = [self._start]
        values: list[Any] = []
        position, line, line_start, length = 0, 1, 0, len(text)
        make = str.__new__
        while position < length:
            state = states[-1]
            lexing = by_state.get(state) or self._scanner(state)
            char = text[position]
            narrowed = lexing.by_char.get(char)
            for mre in lexing.scanners(char) if narrowed is None else narrowed:
                match = mre.match(text, position)
                if match is not None:
                    break
            else:
                raise Unparsed
            value = match.group(0)
            kind: str = match.lastgroup  # type: ignore[assignment]
            start, first_line, column = position, line, position - line_start + 1
            if kind in lexing.newlines:
                newline = value.rfind("\n")
                if newline >= 0:
                    line += value.count("\n")
                    line_start = start + newline + 1
            position = start + len(value)
            if kind in lexing.callback:
                raise Unparsed  # a terminal Lark re-types or filters: Lark parses
            if kind in lexing.ignore:
                continue
            token = make(lark.Token, value)
            token.type, token.value, token.start_pos = kind, value, start
            token.line, token.column, token.end_pos = first_line, column, position
            token.end_line, token.end_column = line, position - line_start + 1
            row = actions[state]
            while True:
                action = row.get(kind)
                if action is None:
                    raise Unparsed
                if action[0]:
                    states.append(action[1])
                    call = token_callbacks.get(kind) if token_callbacks else None
                    values.append(token if call is None else call(token))
                    break
                size, build, name = action[1]  # `_reduce`, written out: the loop's commonest step
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(build(children))
                target = actions[states[-1]][name][1]
                states.append(target)
                row = actions[target]
        end = self._end
        while True:
            action = actions[states[-1]].get("$END")
            if action is None or action[0]:
                raise Unparsed
            self._reduce(action[1], states, values)
            if states[-1] == end:
                tree: lark.Tree[lark.Token] = values[-1]
                return tree

    def _reduce(self, rule: tuple[int, Any, str], states: list[int], values: list[Any]) -> None:
        """Replace the rule's last `size` values by the tree its builder makes of them."""
        size, build, name = rule
        children = values[-size:] if size else []
        if size:
            del states[-size:]
            del values[-size:]
        values.append(build(children))
        states.append(self._actions[states[-1]][name][1])
