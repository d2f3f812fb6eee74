"""The parsers of the shipped grammars, their LALR tables cached between runs.

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
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import lark

from motions.resources import read_text

Option = str | bool | int

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
