"""File names for briefing sheets, built from delegates' names.

A delegate's name is text from a CSV: it may hold slashes, dots, quotes, accents, or nothing
usable at all. A file name made from it keeps only lower-case ASCII letters, digits and single
hyphens, so it can never climb out of the output folder (`../`), name a hidden file, or differ
from another only in case (which a case-insensitive file system would merge). Names that come
out the same get the delegate's id added, all of them, so no sheet overwrites another and no
delegate is silently "the second Bea Quinn".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from motions.brief.errors import BriefError
from motions.errors import error

#: Longest stem kept from a name (before an id is added); file systems allow 255 bytes.
MAX_STEM = 60

#: Stems a sheet may not take: the index page, and names Windows reserves for devices.
RESERVED = frozenset(
    {"index", "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)

_UNSAFE = re.compile(r"[^a-z0-9]+")
#: Letters NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})


def slug(text: str, *, fallback: str = "delegate") -> str:
    """`text` as a safe file-name stem: lower-case ASCII letters, digits and hyphens.

    >>> slug("Siân O'Brien-Évans")
    'sian-o-brien-evans'
    >>> slug("../../etc/passwd")
    'etc-passwd'
    """
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_only).strip("-")[:MAX_STEM].strip("-")
    if not stem:
        stem = fallback
    if stem in RESERVED:
        stem = f"{stem}-{fallback}"
    return stem


def file_stems(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A unique stem for each `(id, name)`: the name's slug, with the id added where shared.

    Deterministic whatever the order: every name whose slug is shared gets `-<id slug>`, and
    if that still clashes (ids that differ only in punctuation or case) a counter is added, in
    id order.
    """
    pairs = sorted(dict(people).items())
    by_stem: dict[str, list[str]] = {}
    for ident, name in pairs:
        by_stem.setdefault(slug(name), []).append(ident)
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for stem, idents in by_stem.items():
        if len(idents) == 1:
            stems[idents[0]] = stem
            taken.add(stem)
    for stem, idents in by_stem.items():
        if len(idents) == 1:
            continue
        for ident in idents:
            candidate = f"{stem}-{slug(ident, fallback='id')}"
            number = 2
            unique = candidate
            while unique in taken:
                unique = f"{candidate}-{number}"
                number += 1
            stems[ident] = unique
            taken.add(unique)
    return stems


def inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing anything that would land outside `folder` (a `..`, or a
    symbolic link already in the folder that points out of it)."""
    base = folder.resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise BriefError(
            error(
                "brief.outside-folder",
                f"will not write {relative!r}: in {folder} it leads to {target}, outside the "
                "output folder",
                hint="a symbolic link in the output folder points elsewhere: remove it, or "
                "write to an empty folder",
            )
        )
    return target


def access_key(secret: bytes, ident: str) -> str:
    """An unguessable file-name stem for `ident` (26 letters and digits): the same secret and
    id always give the same key, so a link sent to a delegate stays good from run to run."""
    digest = hmac.new(secret, ident.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower().rstrip("=")[:26]


def card_vote_stem(number: int) -> str:
    """`cv7`: the file-name stem of card vote 7's page."""
    return f"cv{number}"
