"""Where the shipped data lives: `grammar/` and `rulebook/`.

In a wheel they are package data inside `motions/`; in a source checkout (an editable install,
or tests run from the repository) they sit at the top level, where the design card keeps them
so users can read them. Both layouts are looked up here, and nowhere else.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The directory `name` ("grammar" or "rulebook"), inside the package or the checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / name, package_dir.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"motions is installed without its {name}/ directory")


def read_text(name: str, *parts: str) -> str:
    """The text of a shipped data file, e.g. `read_text("grammar", "address.lark")`."""
    return data_dir(name).joinpath(*parts).read_text(encoding="utf-8")
