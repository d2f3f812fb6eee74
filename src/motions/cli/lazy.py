"""A click group that imports a command's module only when that command runs.

`motions show` should not pay for the whip book, the briefing templates or the importers.
Each command is named in a table with where it lives ("module:attribute") and its one-line
help, so `motions --help` lists every command without importing any of them; running a
command imports its module and nothing else the table names.
"""

from __future__ import annotations

import importlib

import attrs
import click


@attrs.frozen
class LazyCommand:
    """Where a command lives and the line `motions --help` shows for it."""

    target: str  # "package.module:attribute"
    help: str

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (see the module docstring)."""

    def __init__(
        self, *args: object, lazy_commands: dict[str, LazyCommand] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands: dict[str, LazyCommand] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            command = self.lazy_commands[cmd_name].load()
            self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table: the same rows click would print, no imports."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            eager = self.commands.get(name)
            if eager is not None and eager.hidden:
                continue
            stand_in = eager or click.Command(name, help=self.lazy_commands[name].help)
            rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
