"""Reading the whip book's TOML inputs with the standard library, errors located."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from motions.errors import Diagnostic, WhipError, error
from motions.files import TABLE_LIMIT, read_text_limited
from motions.source import Span
from motions.tomltext import TomlProblem, load_toml
from motions.whip.names import did_you_mean


def read_text(path: str | Path) -> str:
    """A file's text, or a `WhipError` saying why it cannot be read."""
    try:
        return read_text_limited(path, TABLE_LIMIT).removeprefix("\ufeff")
    except FileNotFoundError:
        raise WhipError(
            error("whip.no-file", f"{path}: no such file", hint="check the path")
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WhipError(
            error("whip.unreadable", f"{path}: cannot read it ({exc})", hint="save it as UTF-8")
        ) from None


def load(text: str, filename: str) -> dict[str, Any]:
    """Parse TOML, turning every way it can fail into a located `WhipError`."""
    try:
        return load_toml(text)
    except TomlProblem as exc:
        span = None
        if exc.line is not None and exc.column is not None:
            lines = text.splitlines()
            line_text = lines[exc.line - 1] if 0 < exc.line <= len(lines) else ""
            span = Span(filename, exc.line, exc.column, 1, line_text)
        raise WhipError(
            error(
                "whip.bad-toml",
                f"not valid TOML: {exc.bare}",
                span=span,
                hint="check quotes, '=' between keys and values, and [[table]] headers",
            )
        ) from None


def table_spans(text: str, filename: str, name: str) -> list[Span]:
    """The span of each `[[name]]` header, in order, to locate entries of an array of tables."""
    spans = []
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            column = len(line) - len(line.lstrip()) + 1
            spans.append(Span(filename, number, column, len(line.strip()), line))
    return spans


def check_keys(
    entry: dict[str, Any],
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
    span: Span | None,
) -> list[Diagnostic]:
    """Diagnostics for unknown and missing keys of one table."""
    problems = []
    for key in entry:
        if key not in allowed:
            hint = did_you_mean(key, allowed) or f"the keys of {what} are: {', '.join(allowed)}"
            problems.append(
                error(
                    "whip.unknown-key", f"{what} has an unknown key {key!r}", span=span, hint=hint
                )
            )
    for key in required:
        if key not in entry:
            problems.append(
                error(
                    "whip.missing-key",
                    f"{what} has no {key!r}",
                    span=span,
                    hint=f"every {what} needs: {', '.join(required)}",
                )
            )
    return problems
