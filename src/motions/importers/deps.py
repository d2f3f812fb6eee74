"""The optional libraries the importers and exporters need, and the error when one is missing.

`motions` itself installs without them; `pip install 'motions[import]'` brings them in. Each
importer imports its library inside the function that uses it and turns an `ImportError` into
our error with an install hint, so a missing library is one clear message, never a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from motions.errors import ImportError_, error

#: The PyPI package that provides each module the importers use.
PACKAGES = {
    "pypdfium2": "pypdfium2",
    "docx": "python-docx",
    "weasyprint": "weasyprint",
    "pypdf": "pypdf",
}


def missing(module: str) -> ImportError_:
    """Our error for an optional library that is not installed."""
    package = PACKAGES.get(module, module)
    return ImportError_(
        error(
            "import-missing-library",
            f"this needs the Python package '{package}', which is not installed",
            hint="install the importers with: pip install 'motions[import]'",
        )
    )


def require(module: str) -> ModuleType:
    """Import an optional library by name, or raise `missing(module)`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing(module) from None
