"""Public names looked up on first use, for a package whose `__init__` should import nothing.

`motions` and `motions.whip` each name where every public name lives; a name's module is
imported the first time the name is asked for (PEP 562), and the value is kept in the package
so the next look-up is an ordinary one. So `import motions` loads no wing, and `motions tally`
loads what a tally uses.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, homes: Mapping[str, str], aliases: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`: `homes` maps each public name to its
    module; `aliases` a name to what it is called there, where that differs."""
    renamed = dict(aliases or {})

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), renamed.get(name, name))
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes})

    return __getattr__, __dir__
