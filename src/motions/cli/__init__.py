"""The `motions` command line: a thin layer of click commands over the public API.

This package is the only place that imports click. Each submodule registers the commands of one
capability; every command calls library functions and renders their results, nothing more.
Bad input exits with status 2 and one clear message on stderr, never a traceback.
"""

from __future__ import annotations

from motions.cli.app import main

__all__ = ["main"]
