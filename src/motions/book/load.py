"""Loading rule books from files, and the embedded model rule book."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from motions.book.numbering import Scheme
from motions.book.outline import parse_rulebook
from motions.book.rulebook import Rulebook
from motions.errors import RulebookError, error
from motions.files import RULEBOOK_LIMIT, read_text_limited
from motions.resources import data_dir

DEFAULT_RULEBOOK = "model.txt"


@cache
def _embedded() -> Rulebook:
    path = data_dir("rulebook") / DEFAULT_RULEBOOK
    return parse_rulebook(path.read_text(encoding="utf-8"), filename=f"rulebook/{path.name}")


def load_rulebook(path: str | Path | None = None, *, scheme: Scheme | None = None) -> Rulebook:
    """A rule book from a source file, or the embedded model rule book when `path` is None.

    `scheme` overrides the scheme the file's header names. A file over the rule-book size limit
    (64 MB, `MOTIONS_MAX_RULEBOOK_MB`) is refused unread.
    """
    if path is None and scheme is None:
        return _embedded()
    if path is None:
        path = data_dir("rulebook") / DEFAULT_RULEBOOK
    path = Path(path)
    try:
        text = read_text_limited(path, RULEBOOK_LIMIT)
    except FileNotFoundError:
        raise RulebookError(
            error("rulebook-missing", f"no such rule book: {path}", hint="check the path")
        ) from None
    except UnicodeDecodeError as exc:
        raise RulebookError(
            error(
                "rulebook-encoding",
                f"{path} is not UTF-8 text (byte {exc.start})",
                hint="a PDF or Word file needs `motions import` first",
            )
        ) from None
    except OSError as exc:
        raise RulebookError(error("rulebook-unreadable", f"cannot read {path}: {exc}")) from None
    return parse_rulebook(text.removeprefix("\ufeff"), filename=str(path), scheme=scheme)
