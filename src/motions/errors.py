"""The project's error family and the diagnostics every stage reports.

Every parser, importer and checker speaks in `Diagnostic` values: a code a program can match, a
severity, a sentence a person can read, where it happened, and a hint on what to do. Stages
collect all of them before reporting (never log and carry on); when a stage cannot produce its
result it raises a `MotionsError` carrying every diagnostic it found.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from motions.contract import envelope
from motions.source import Span


class Severity(StrEnum):
    """How bad a diagnostic is: errors stop a stage, warnings and notes never do."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@attrs.frozen
class Diagnostic:
    """One finding about some input, located in it when it has a location."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    span: Span | None = None
    hint: str | None = None

    def format(self) -> str:
        """`file:line:col: error[code]: message`, the source line, a caret, then the hint."""
        where = f"{self.span.where()}: " if self.span is not None else ""
        lines = [f"{where}{self.severity.value}[{self.code}]: {self.message}"]
        if self.span is not None:
            excerpt = self.span.excerpt()
            if excerpt:
                lines.append(excerpt)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A plain dict with a stable shape for JSON output (docs/json.md, "Diagnostics")."""
        return self.to_json()

    def to_json(self) -> dict[str, object]:
        """A plain dict with a stable shape for JSON output."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": self.span.to_json() if self.span is not None else None,
            "hint": self.hint,
        }


class MotionsError(ValueError):
    """Bad input for some stage: carries every diagnostic found, never a bare traceback."""

    def __init__(self, diagnostics: Diagnostic | list[Diagnostic] | tuple[Diagnostic, ...]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = (diagnostics,)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__(self.format())

    def format(self) -> str:
        """Every diagnostic, formatted, one after another."""
        return "\n".join(d.format() for d in self.diagnostics)

    def __str__(self) -> str:
        # Said explicitly: a subclass that is also a KeyError would otherwise print the repr.
        return self.format()

    def to_dict(self) -> dict[str, object]:
        """The error as the JSON error document every command prints with `--format json`."""
        return envelope("error", {"diagnostics": [d.to_json() for d in self.diagnostics]})

    @property
    def first(self) -> Diagnostic:
        return self.diagnostics[0]


class RulebookError(MotionsError):
    """A rule book's source text could not be parsed into a tree."""


class SchemeError(MotionsError):
    """A numbering scheme file is malformed or names an unknown style."""


class AddressError(MotionsError):
    """A citation could not be read, or names a provision the book does not have."""


class ProvisionNotFoundError(AddressError, KeyError):
    """`rulebook[citation]` found no such provision (or could not read the citation).

    Both an `AddressError` (our error family, with a hint) and a `KeyError`, so a rule book
    behaves like the mapping it looks like: `except KeyError` works as a reader expects.
    """


class MotionError(MotionsError):
    """A motion's text could not be parsed."""


class ApplyError(MotionsError):
    """A motion could not be applied to a rule book."""


class WhipError(MotionsError):
    """The whip book, or input for it, is wrong: unknown delegate, bad CSV row, and so on."""


class ImporterError(MotionsError):
    """A PDF or Word file could not be turned into rule-book source."""


#: The old name, kept so code written against it still imports.
ImportError_ = ImporterError


def error(
    code: str, message: str, *, span: Span | None = None, hint: str | None = None
) -> Diagnostic:
    """Shorthand for an error-severity diagnostic."""
    return Diagnostic(code=code, message=message, severity=Severity.ERROR, span=span, hint=hint)


def warning(
    code: str, message: str, *, span: Span | None = None, hint: str | None = None
) -> Diagnostic:
    """Shorthand for a warning-severity diagnostic."""
    return Diagnostic(code=code, message=message, severity=Severity.WARNING, span=span, hint=hint)
