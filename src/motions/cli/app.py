"""The root click group and the table of every capability's commands.

Commands are imported when they run (`LazyGroup`), so `motions show` starts without loading the
whip book, the briefing templates or the importers. The table keeps each command's one-line help
for `motions --help`; tests/test_cli_lazy.py checks it against the commands themselves.
"""

from __future__ import annotations

import atexit
import gc

import click

from motions.cli.common import GuardedGroup, debug_option
from motions.cli.lazy import LazyCommand, LazyGroup

COMMANDS: dict[str, LazyCommand] = {
    "show": LazyCommand(
        "motions.cli.rulebook:show",
        'Print the provision CITATION ("C4.II.2.B.i", "Chapter 4, Clause II, rule 2.B.i").',
    ),
    "outline": LazyCommand("motions.cli.rulebook:outline", "Print the table of contents."),
    "refs": LazyCommand(
        "motions.cli.rulebook:refs", "Print what CITATION cites and what cites it."
    ),
    "diff": LazyCommand(
        "motions.cli.drafting:diff", "Show each motion's redline and what the rule will read."
    ),
    "apply": LazyCommand(
        "motions.cli.drafting:apply_command",
        "Carry every motion, in order, and write the consolidated edition to OUTPUT "
        "(- for standard output).",
    ),
    "lint": LazyCommand(
        "motions.cli.drafting:lint",
        "Report what the Conference Arrangements Committee would rule out, and drafting errors.",
    ),
    "explain": LazyCommand(
        "motions.cli.drafting:explain",
        "Show how each motion was read: heading, location, current text, one operation a line "
        "in canonical wording, stated result and argument.",
    ),
    "draft": LazyCommand(
        "motions.cli.draft:draft_command",
        "Write the motion that makes an edit: TARGETS is a provision (with --to TEXT or "
        "--edit), or two editions OLD NEW (one motion per changed provision, or --package NAME).",
    ),
    "check": LazyCommand(
        "motions.cli.conflicts:check_command",
        "Find every pair or group of motions that interacts, and what to do about it.",
    ),
    "graph": LazyCommand(
        "motions.cli.conflicts:graph_command",
        "Write the clause dependency graph: provisions, motions, and what each reads, writes, "
        "cites and shifts, with the findings between motions.",
    ),
    "brief": LazyCommand(
        "motions.cli.brief:brief",
        "Write briefing sheets: one per delegate and an index, or one with --delegate.",
    ),
    "import": LazyCommand(
        "motions.cli.editions:import_command",
        "Turn a rule book printed as PDF, or kept as Word .docx, into the source format.",
    ),
    "whip": LazyCommand(
        "motions.cli.whip.commands:whip",
        "Keep a whip book: delegates, lines, mandates and pledges for every card vote.",
    ),
    "tally": LazyCommand(
        "motions.cli.whip.tally:tally",
        "Project a card vote from the whip book, or total published section figures.",
    ),
    "entitlement": LazyCommand(
        "motions.cli.whip.entitlement:entitlement_command",
        "How many delegates a CLP of MEMBERS members may send.",
    ),
}


class RootGroup(LazyGroup, GuardedGroup):
    """Commands imported on first use, behind the one error boundary of every command."""


@click.group(
    cls=RootGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="motions")
@debug_option
def main() -> None:
    """Party rule books as trees, rule changes as diffs, whips and card votes."""
    # Python's last act at exit is a garbage collection that traverses every object still
    # alive: after `brief` or `check`, a large heap (0.15 s of a two-second PDF sheet), only
    # for the memory to go back to the system a moment later. Objects frozen at exit are left
    # out of that pass; atexit handlers and finalisers run as before.
    atexit.unregister(gc.freeze)  # registered once, however often the group runs
    atexit.register(gc.freeze)
