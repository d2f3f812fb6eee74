"""TOML text read with the standard library, every way it can fail turned into one exception.

`tomllib` raises `TOMLDecodeError` for bad syntax, but a plain `ValueError` for an integer past
Python's digit limit and `RecursionError` for arrays nested thousands deep. Each reader of TOML
(numbering schemes, past decisions, the whip book's inputs) must turn all three into its own
located error; doing it here, once, means no reader can miss one.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


class TomlProblem(ValueError):
    """TOML that cannot be read: `str()` is the message with its place, `bare` without it."""

    def __init__(self, bare: str, line: int | None = None, column: int | None = None) -> None:
        where = f" (at line {line}, column {column})" if line is not None else ""
        super().__init__(f"{bare}{where}")
        self.bare = bare
        self.line = line
        self.column = column


def load_toml(text: str) -> dict[str, Any]:
    """The TOML document in `text`, or a `TomlProblem` saying why not."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _WHERE.search(str(exc))
        if found is None:
            raise TomlProblem(str(exc)) from None
        raise TomlProblem(
            _WHERE.sub("", str(exc)).strip(), int(found.group(1)), int(found.group(2))
        ) from None
    except ValueError:
        raise TomlProblem("a number has too many digits") from None
    except RecursionError:
        raise TomlProblem("arrays or tables are nested too deeply") from None
