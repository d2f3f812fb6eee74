"""Reading the whip book's TOML inputs with the standard library, errors located."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from motions.errors import Diagnostic, WhipError, error
from motions.files import TABLE_LIMIT, read_text_limited
from motions.source import Span
from motions.whip.names import did_you_mean

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


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
    """Parse TOML, turning a syntax error into a located `WhipError`."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise WhipError(
            error("whip.bad-toml", f"{filename}: not valid TOML: nested too deeply")
        ) from None
    except ValueError as exc:  # TOMLDecodeError, or a number of thousands of digits
        message = (
            str(exc)
            if isinstance(exc, tomllib.TOMLDecodeError)
            else ("a number has too many digits")
        )
        match = _WHERE.search(message)
        span = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            lines = text.splitlines()
            line_text = lines[line - 1] if 0 < line <= len(lines) else ""
            span = Span(filename, line, column, 1, line_text)
            message = _WHERE.sub("", message).strip()
        raise WhipError(
            error(
                "whip.bad-toml",
                f"not valid TOML: {message}",
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
